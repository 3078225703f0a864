"""Checks of meaning on the quantities of a record, judged from the record alone: `FRACTION_MATCHES_VALUE` (a
quantity given both as a number and as a fraction of another quantity gives the same number, within what its
qualifier allows). Keeps nothing of a record (a record rule); looks only at records whose text has a fraction.
"""

from __future__ import annotations

from collections.abc import Iterator

from peace_talks_model.introspect import instances
from peace_talks_model.models import Record
from peace_talks_model.models.quantities import Quantity, QuantityQualifier
from peace_talks_model.rules.base import EXAMPLE_SOURCE, Breach, Family, RecordRule, example_record

#: How far an approximate number ('about', 'some', 'nearly') may lie from the fraction it renders, either way.
ABOUT = 0.25
#: How far an exact number may lie from the fraction it renders (fractions are reported rounded: '80%', 'a third').
EXACT = 0.02


def _format(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:,.4g}"


class FractionMatchesValue(RecordRule):
    """A quantity with both a `value` and a `fraction` of a base (`of`) gives a value that the fraction of the
    base allows, by its qualifier: within `EXACT` when exact, within `ABOUT` when approximate, below the fraction
    for 'under'/'up to', above it for 'more than'/'at least' (the base's bounds widen the range, and half a unit
    more is allowed either way: a count is rounded to a whole number)."""

    name = "fraction_matches_value"
    family = Family.quantities
    description = "A quantity given as a number and as a fraction of another gives the same number."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "event",
            "e",
            kind="troop_withdrawal",
            figures=[{"value": 6500, "qualifier": "about", "fraction": 0.333, "of": {"value": 9000}}],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every quantity whose value the fraction of its base cannot give."""
        if raw is not None and b'"fraction"' not in raw:
            return
        for path, quantity in instances(record, Quantity):
            if quantity.value is None or quantity.fraction is None or quantity.of is None:
                continue
            base = quantity.of
            low = base.lower if base.lower is not None else base.value
            high = base.upper if base.upper is not None else base.value
            if low is None or high is None:
                continue
            low, high = quantity.fraction * low, quantity.fraction * high
            qualifier = quantity.qualifier
            if qualifier in (QuantityQualifier.about,):
                allowed = (low * (1 - ABOUT) - 0.5, high * (1 + ABOUT) + 0.5)  # (and a count's rounding)
            elif qualifier in (QuantityQualifier.under, QuantityQualifier.up_to):
                allowed = (0.0, high * (1 + EXACT) + 0.5)
            elif qualifier in (QuantityQualifier.more_than, QuantityQualifier.at_least):
                allowed = (low * (1 - EXACT) - 0.5, float("inf"))
            elif qualifier in (None, QuantityQualifier.exact):
                allowed = (low * (1 - EXACT) - 0.5, high * (1 + EXACT) + 0.5)
            else:  # a vague qualifier with a value is an error of its own (PT224)
                continue
            if not allowed[0] <= quantity.value <= allowed[1]:
                said = (
                    f"{qualifier.value.replace('_', ' ')} " if qualifier not in (None, QuantityQualifier.exact) else ""
                )
                target = _format(low) if low == high else f"{_format(low)}-{_format(high)}"
                yield Breach(
                    f"value {_format(quantity.value)} is not {said}{quantity.fraction:g} × "
                    f"{_format(base.value) if base.value is not None else 'its base'} ({said}{target})",
                    (*path, "value"),
                )


FRACTION_MATCHES_VALUE = FractionMatchesValue()
