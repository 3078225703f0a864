"""Checks of meaning on the quantities of a record, judged from the record alone: `FRACTION_MATCHES_VALUE` (a
quantity given both as a number and as a fraction of another quantity gives the same number, within what its
qualifier allows), `FRACTION_FITS_BOUNDS` (a quantity given only as a fraction of another has bounds that the
fraction can reach), `SEVERAL_FITS_BOUNDS` ('several' is not bounded below two) and `PERCENTAGE_IN_RANGE` (a
percentage is not certainly above 100). All keep nothing of a record (record rules) and look only at records
whose text has the field they need. `span` gives the numbers a quantity certainly allows, which
`peace_talks_model.rules.parts` also uses to add parts up against their whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from peace_talks_model.introspect import Path, instances
from peace_talks_model.models import Record
from peace_talks_model.models.quantities import BaseQuantity, Quantity, QuantityQualifier
from peace_talks_model.rules.base import EXAMPLE_SOURCE, Breach, Family, RecordRule, example_record, only_with

#: How far an approximate number ('about', 'some', 'nearly') may lie from the fraction it renders, either way.
ABOUT = 0.25
#: How far an exact number may lie from the fraction it renders (fractions are reported rounded: '80%', 'a third').
EXACT = 0.02


def _format(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:,.4g}"


_EXACT_ONES = (None, QuantityQualifier.exact)
_AT_LEAST = (QuantityQualifier.more_than, QuantityQualifier.at_least)
_AT_MOST = (QuantityQualifier.under, QuantityQualifier.up_to)


def _reference(quantity: BaseQuantity) -> tuple[float, float] | None:
    """The range of the number a quantity's qualifier refers to: its value, or its fraction of its base's `span`
    (widened by `EXACT`: fractions are reported rounded); None when there is none."""
    if quantity.value is not None:
        return quantity.value, quantity.value
    if isinstance(quantity, Quantity) and quantity.fraction is not None and quantity.of is not None:
        low, high = span(quantity.of)
        return quantity.fraction * low * (1 - EXACT), quantity.fraction * high * (1 + EXACT)
    return None


#: The last record `_quantities` was asked about and its quantities: the rules of this module ask in turn about the
#: same record as the record stage passes it on, so it is walked once.
_last: list[tuple[Record, list[tuple[Path, BaseQuantity]]]] = []


def _quantities(record: Record) -> list[tuple[Path, BaseQuantity]]:
    """Every quantity of the record (of any kind), with its path, in the order of `instances`."""
    if _last and _last[0][0] is record:
        return _last[0][1]
    found = list(instances(record, BaseQuantity))
    _last[:] = [(record, found)]
    return found


def span(quantity: BaseQuantity) -> tuple[float, float]:
    """What a quantity certainly allows, as (lowest, highest) (highest: `math.inf` when unbounded).

    An exact number gives itself; 'more than'/'at least' only a lowest, 'under'/'up to' only a highest; 'about'
    allows `ABOUT` either way, but only where no explicit bound is given (the bounds say what the wording allows);
    'several', 'many', 'all' and 'unknown' give nothing but their explicit bounds. A fraction of a base gives its
    fraction of the base's span."""
    lows: list[float] = [] if quantity.lower is None else [quantity.lower]
    highs: list[float] = [] if quantity.upper is None else [quantity.upper]
    reference = _reference(quantity)
    qualifier = quantity.qualifier
    if reference is not None:
        if qualifier in _EXACT_ONES:
            lows.append(reference[0])
            highs.append(reference[1])
        elif qualifier in _AT_LEAST:
            lows.append(reference[0])
        elif qualifier in _AT_MOST:
            highs.append(reference[1])
        elif qualifier is QuantityQualifier.about:
            if not lows:
                lows.append(reference[0] * (1 - ABOUT))
            if not highs:
                highs.append(reference[1] * (1 + ABOUT))
    return (max(lows) if lows else 0.0, min(highs) if highs else math.inf)


def value_allowed(
    qualifier: QuantityQualifier | None, fraction: float, base: BaseQuantity
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The values a quantity qualified `qualifier` may have when it is also `fraction` of `base` (by its qualifier:
    within `EXACT` when exact, within `ABOUT` when approximate, below for 'under'/'up to', above for 'more than'/'at
    least', half a unit more either way), and the fraction of the base's `span`; None when the base is of unknown
    size or the qualifier gives no number."""
    low, high = span(base)  # what the base certainly allows ('more than 9,000' has no upper end)
    if low <= 0 and high == math.inf:
        return None  # a base of unknown size allows any value
    low, high = fraction * low, fraction * high
    if qualifier in (QuantityQualifier.about,):
        allowed = (low * (1 - ABOUT) - 0.5, high * (1 + ABOUT) + 0.5)  # (and a count's rounding)
    elif qualifier in (QuantityQualifier.under, QuantityQualifier.up_to):
        allowed = (0.0, high * (1 + EXACT) + 0.5)
    elif qualifier in (QuantityQualifier.more_than, QuantityQualifier.at_least):
        allowed = (low * (1 - EXACT) - 0.5, float("inf"))
    elif qualifier in (None, QuantityQualifier.exact):
        allowed = (low * (1 - EXACT) - 0.5, high * (1 + EXACT) + 0.5)
    else:  # a vague qualifier with a value is an error of its own (PT224)
        return None
    return allowed, (low, high)


class FractionMatchesValue(RecordRule):
    """A quantity with both a `value` and a `fraction` of a base (`of`) gives a value that the fraction of the
    base allows, by its qualifier: within `EXACT` when exact, within `ABOUT` when approximate, below the fraction
    for 'under'/'up to', above it for 'more than'/'at least' (the base's `span` widens the range: its bounds, its
    own qualifier, and half a unit more is allowed either way: a count is rounded to a whole number)."""

    name = "fraction_matches_value"
    needs = only_with("fraction")
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
        for path, quantity in _quantities(record):
            if not isinstance(quantity, Quantity):
                continue
            if quantity.value is None or quantity.fraction is None or quantity.of is None:
                continue
            base = quantity.of
            found = value_allowed(quantity.qualifier, quantity.fraction, base)
            if found is None:
                continue
            allowed, (low, high) = found
            qualifier = quantity.qualifier
            if not allowed[0] <= quantity.value <= allowed[1]:
                said = (
                    f"{qualifier.value.replace('_', ' ')} " if qualifier not in (None, QuantityQualifier.exact) else ""
                )
                target = (
                    _format(low)
                    if low == high
                    else f"at least {_format(low)}"
                    if high == math.inf
                    else f"{_format(low)}-{_format(high)}"
                )
                yield Breach(
                    f"value {_format(quantity.value)} is not {said}{quantity.fraction:g} × "
                    f"{_format(base.value) if base.value is not None else 'its base'} ({said}{target})",
                    (*path, "value"),
                )


FRACTION_MATCHES_VALUE = FractionMatchesValue()


def bounds_allowed(
    qualifier: QuantityQualifier | None, fraction: float, base: BaseQuantity
) -> tuple[float, float] | None:
    """The numbers a quantity qualified `qualifier` given only as `fraction` of `base` can reach, which its
    explicit bounds must leave room for (the fraction of the base's `span`, widened by `EXACT`; then within `ABOUT`
    when approximate, above for 'more than'/'at least', below for 'under'/'up to', half a unit more either way);
    None when the qualifier gives no number."""
    low, high = span(base)
    low, high = fraction * low * (1 - EXACT), fraction * high * (1 + EXACT)
    if qualifier in _EXACT_ONES:
        return (low - 0.5, high + 0.5)
    if qualifier is QuantityQualifier.about:
        return (low * (1 - ABOUT) - 0.5, high * (1 + ABOUT) + 0.5)
    if qualifier in _AT_LEAST:
        return (low - 0.5, math.inf)
    if qualifier in _AT_MOST:
        return (0.0, high + 0.5)
    return None  # 'several', 'many', 'all', 'unknown' give no number


class FractionFitsBounds(RecordRule):
    """A quantity given only as a `fraction` of a base (no `value`) has explicit bounds that the fraction of the
    base can reach by its qualifier (within `EXACT` when exact, `ABOUT` when approximate, above it for 'more
    than'/'at least', below it for 'under'/'up to', half a unit more either way)."""

    name = "fraction_fits_bounds"
    needs = only_with("fraction", ("lower", "upper"))
    family = Family.quantities
    description = "A quantity given as a fraction of another has bounds that the fraction can reach."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "event",
            "e",
            kind="troop_withdrawal",
            figures=[{"qualifier": "more_than", "fraction": 0.5, "of": {"value": 14000}, "upper": 6000}],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every fraction-only quantity whose bounds exclude every number its fraction of the base gives."""
        for path, quantity in _quantities(record):
            if not isinstance(quantity, Quantity):
                continue
            if quantity.value is not None or quantity.fraction is None or quantity.of is None:
                continue
            if quantity.lower is None and quantity.upper is None:
                continue
            allowed = bounds_allowed(quantity.qualifier, quantity.fraction, quantity.of)
            if allowed is None:  # 'several', 'many', 'all', 'unknown' give no number
                continue
            qualifier = quantity.qualifier
            said = "" if qualifier in _EXACT_ONES else f"{qualifier.value.replace('_', ' ')} "
            base_low, base_high = span(quantity.of)
            target = quantity.fraction * base_low if base_low == base_high else None
            base = _format(quantity.of.value) if quantity.of.value is not None else "its base"
            computed = f" ({said}{_format(target)})" if target is not None else ""
            if quantity.upper is not None and quantity.upper < allowed[0]:
                yield Breach(
                    f"upper bound {_format(quantity.upper)} is below {said}{quantity.fraction:g} × {base}{computed}",
                    (*path, "upper"),
                )
            elif quantity.lower is not None and quantity.lower > allowed[1]:
                yield Breach(
                    f"lower bound {_format(quantity.lower)} is above {said}{quantity.fraction:g} × {base}{computed}",
                    (*path, "lower"),
                )


FRACTION_FITS_BOUNDS = FractionFitsBounds()


#: The least number 'several' allows (`BaseQuantity.bounds` reads it so: "a few" may be two).
SEVERAL = 2


class SeveralFitsBounds(RecordRule):
    """A quantity qualified 'several' (more than two, or at least two: 'a few') has no upper bound below two."""

    name = "several_fits_bounds"
    needs = only_with("several", "upper")
    family = Family.quantities
    description = "A quantity qualified 'several' has no upper bound below two."
    example = (
        EXAMPLE_SOURCE,
        example_record("event", "e", kind="release", figures=[{"qualifier": "several", "upper": 1}]),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every 'several' whose upper bound is below two."""
        for path, quantity in _quantities(record):
            if (
                quantity.qualifier is QuantityQualifier.several
                and quantity.upper is not None
                and quantity.upper < SEVERAL
            ):
                yield Breach(
                    f"upper bound {_format(quantity.upper)} is below what 'several' allows (at least {SEVERAL})",
                    (*path, "upper"),
                )


SEVERAL_FITS_BOUNDS = SeveralFitsBounds()


#: Units that make a quantity a percentage of a whole ('percent', 'per cent', '%', 'percent of revenues',
#: 'percentage points'); a rate of change ('percent increase') is not one.
PERCENT_UNIT = re.compile(r"(?:percent|per[ -]cent|percentage(?: points?)?|pct\.?|%)(?: of\b.*)?", re.DOTALL)
#: Measures that make a percentage a change or a rate, which may exceed 100 ('increase', 'inflation').
CHANGE_MEASURE = re.compile(r"increase|rise|growth|change|gain|jump|surge|inflation|return|interest|more than")
#: A unit whose text has what every percentage unit has (the raw pre-check: a record without one has none).
_PERCENT_TEXT = re.compile(rb'"unit"\s*:\s*"(?:[^"\\]|\\.)*?(?:per|%|pct)', re.IGNORECASE)


def is_percentage(quantity: BaseQuantity) -> bool:
    """True when the quantity's unit makes it a percentage of a whole (at most 100)."""
    if quantity.unit is None or not PERCENT_UNIT.fullmatch(quantity.unit.strip().lower()):
        return False
    return quantity.measure is None or not CHANGE_MEASURE.search(quantity.measure.lower())


class PercentageInRange(RecordRule):
    """A quantity whose unit is a percentage of a whole ('percent', '%', 'percent of revenues'; not a change
    such as 'percent increase') certainly allows a number of at most 100 (its `span`: an 'about' value up to 133
    may still mean 100)."""

    name = "percentage_in_range"
    needs = only_with("unit")
    family = Family.quantities
    description = "A percentage of a whole is at most 100."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "event", "e", kind="referendum", figures=[{"value": 171.1, "measure": "turnout", "unit": "percent"}]
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every percentage whose lowest certain number is above 100 (a base in `of` before what is built on it:
        a fraction of a wrong base is not reported again)."""
        if raw is not None and not _PERCENT_TEXT.search(raw):
            return
        for path, quantity in _quantities(record):
            if path and path[-1] == "of":  # judged with the quantity it is the base of
                continue
            judged: list[tuple[tuple[str | int, ...], BaseQuantity]] = [(path, quantity)]
            if isinstance(quantity, Quantity) and quantity.of is not None:
                judged.insert(0, ((*path, "of"), quantity.of))
            for where, candidate in judged:
                if not is_percentage(candidate):
                    continue
                low = span(candidate)[0]
                if low > 100:
                    field = (
                        "value"
                        if candidate.value is not None
                        else "lower"
                        if candidate.lower is not None and candidate.lower > 100
                        else "fraction"
                    )
                    said = f"{candidate.value:,.10g}" if candidate.value is not None else f"at least {low:,.4g}"
                    if candidate.value is not None and candidate.qualifier not in _EXACT_ONES:
                        said = f"{candidate.qualifier.value.replace('_', ' ')} {said}"
                        if candidate.qualifier is QuantityQualifier.about:
                            said += f" (at least {low:,.4g})"
                    yield Breach(
                        f"{said} is above 100, but '{candidate.unit}' is a percentage of a whole", (*where, field)
                    )
                    break


PERCENTAGE_IN_RANGE = PercentageInRange()
