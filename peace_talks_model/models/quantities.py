"""Quantities and relative times: a number as the reporting gives it (`Quantity`: exact, about, more than, a
fraction of another quantity...; `Count` is the field type, whose short form is a bare non-negative integer), and
a time given relative to another record (`RelativeTime`, counted from an `Anchor`), and a length of time as
reported (`FuzzyDuration`).
"""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticKnownError

from peace_talks_model.models.base import PeaceModel, json_kind, mark_written_short, rule_error, written_short
from peace_talks_model.models.evidence import Attribution, Evidence
from peace_talks_model.models.ids import LocalKey, RecordRef, record_type_of
from peace_talks_model.models.scalars import (
    MAX_SAFE_INTEGER,
    FiniteFloat,
    IsoDuration,
    NonNegativeInt,
    NonNegativeNumber,
    Text,
    parse_duration,
    whole_number,
)


class QuantityQualifier(StrEnum):
    """How the source qualifies a number."""

    #: the number is exact ("37", "three")
    exact = "exact"
    #: approximately the number ("about 5,000", "some 200", "nearly")
    about = "about"
    #: strictly more than the number ("more than 8,000")
    more_than = "more_than"
    #: strictly less than the number ("under", "a little under", "fewer than")
    under = "under"
    #: the number or more ("at least 12")
    at_least = "at_least"
    #: the number or fewer ("up to 1,000")
    up_to = "up_to"
    #: an unstated small number, more than two ("several", "a few"); give lower/upper if the wording allows
    several = "several"
    #: an unstated large number ("many", "dozens", "hundreds"); give lower/upper if the wording allows
    many = "many"
    #: all of a set whose size is not given ("all for all")
    all = "all"
    #: a number the source says exists but does not give
    unknown = "unknown"


_NEEDS_REFERENCE = {
    QuantityQualifier.exact,
    QuantityQualifier.about,
    QuantityQualifier.more_than,
    QuantityQualifier.under,
    QuantityQualifier.at_least,
    QuantityQualifier.up_to,
}
_VAGUE = {QuantityQualifier.several, QuantityQualifier.many, QuantityQualifier.all, QuantityQualifier.unknown}


def shown_number(number: float) -> str:
    """A number as messages show it: '1,027' for a whole number, four significant digits otherwise."""
    return f"{number:,.0f}" if number == int(number) else f"{number:,.4g}"


class BaseQuantity(PeaceModel):
    """A reported number without a fraction (what a fraction refers to); lower <= value <= upper always holds."""

    value: NonNegativeNumber | None = Field(
        default=None, description="The number the source gives (or the number the qualifier refers to)."
    )
    qualifier: QuantityQualifier | None = Field(
        default=None, description="How the number is qualified; a value with no qualifier is exact."
    )
    lower: NonNegativeNumber | None = Field(
        default=None,
        description="Lowest value the wording allows (inclusive), e.g. 200000 for 'several hundred thousand'.",
    )
    upper: NonNegativeNumber | None = Field(default=None, description="Highest value the wording allows (inclusive).")
    measure: Text | None = Field(
        default=None,
        description="What the number measures, when not a count of the unit: 'width of the "
        "security zone', 'calibre threshold', 'turnout'.",
    )
    unit: Text | None = Field(
        default=None,
        description="What is counted or measured, in the singular or plural as written: "
        "'troops', 'prisoners', 'civilians', 'ballots', 'USD'.",
    )
    text: Text | None = Field(default=None, description="The wording of the source, verbatim.")

    @model_validator(mode="after")
    def quantity_consistent(self) -> Self:
        # quantity_qualifier_has_number: 'about 5,000' needs the 5,000
        if self.qualifier in _NEEDS_REFERENCE and not self._has_reference():
            raise rule_error(
                "quantity_qualifier_has_number",
                "qualifier '{qualifier}' needs a value or a fraction of another quantity",
                qualifier=self.qualifier.value if self.qualifier else "",
            )
        # quantity_not_empty: a quantity says something about a number
        if (
            self.value is None
            and self.lower is None
            and self.upper is None
            and not self._has_reference()
            and self.qualifier not in _VAGUE
        ):
            raise rule_error(
                "quantity_not_empty",
                "a quantity needs a value, bounds, a fraction of another quantity, or a "
                "qualifier such as 'several' or 'unknown'",
            )
        # quantity_bounds_ordered: lower <= upper
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise rule_error(
                "quantity_bounds_ordered",
                "lower bound {lower} is greater than upper bound {upper}",
                lower=self.lower,
                upper=self.upper,
            )
        # quantity_value_within_bounds: lower <= value <= upper
        if self.value is not None and (
            (self.lower is not None and self.value < self.lower) or (self.upper is not None and self.value > self.upper)
        ):
            raise rule_error(
                "quantity_value_within_bounds",
                "value {value} lies outside its bounds [{lower}, {upper}]",
                value=self.value,
                lower=self.lower,
                upper=self.upper,
            )
        # quantity_vague_has_no_value: 'several' gives no single number (use lower/upper)
        if self.qualifier in _VAGUE and self.value is not None:
            raise rule_error(
                "quantity_vague_has_no_value",
                "qualifier '{qualifier}' gives no number; put what the wording allows in lower/upper instead of value",
                at=["value"],
                qualifier=self.qualifier.value if self.qualifier else "",
            )
        # quantity_qualifier_fits_bounds: an exact number has no range; 'more than'/'under' exclude the number
        qualifier = self.qualifier or QuantityQualifier.exact
        if self.value is not None and (
            (
                qualifier is QuantityQualifier.exact
                and (self.lower, self.upper) not in ((None, None), (self.value, self.value))
            )
            or (qualifier is QuantityQualifier.more_than and self.upper is not None and self.upper <= self.value)
            or (qualifier is QuantityQualifier.under and self.lower is not None and self.lower >= self.value)
        ):
            raise rule_error(
                "quantity_qualifier_fits_bounds",
                "qualifier '{qualifier}' with value {value} contradicts the bounds [{lower}, {upper}]",
                qualifier=qualifier.value,
                value=self.value,
                lower=self.lower,
                upper=self.upper,
            )
        return self

    def _has_reference(self) -> bool:
        return self.value is not None

    def reference_value(self) -> float | None:
        """The number the qualifier refers to."""
        return self.value

    def bounds(self) -> tuple[float | None, float | None]:
        """Inclusive (lower, upper) bounds implied by the explicit bounds, the value and the qualifier."""
        lows: list[float] = [] if self.lower is None else [self.lower]
        highs: list[float] = [] if self.upper is None else [self.upper]
        ref = self.reference_value()
        qualifier = self.qualifier or QuantityQualifier.exact
        if ref is not None:
            if qualifier is QuantityQualifier.exact:
                lows.append(ref)
                highs.append(ref)
            elif qualifier in (QuantityQualifier.at_least, QuantityQualifier.more_than):
                lows.append(ref)
            elif qualifier in (QuantityQualifier.up_to, QuantityQualifier.under):
                highs.append(ref)
        elif qualifier is QuantityQualifier.several:
            lows.append(2)
        return (max(lows) if lows else None, min(highs) if highs else None)


_POINTER = r"^(?:/(?:[^~/]|~[01])*)+$"


class QuantityPointer(PeaceModel):
    """A quantity held by another record, named by the record and the JSON Pointer to it."""

    record: RecordRef = Field(description="The record that holds the quantity ('the first phase of the swap').")
    path: Annotated[StrictStr, StringConstraints(pattern=_POINTER, max_length=1000)] = Field(
        description="JSON Pointer to the quantity in that record, e.g. '/sides/0/count' or "
        "'/provisions/0/commitments/0/quantity'."
    )


class Quantity(BaseQuantity):
    """A number as reported, with its qualifier and unit; lower <= value <= upper always holds.

    Short form: a bare non-negative integer is an exact count (`37` means `{"value": 37, "qualifier":
    "exact"}`). A fraction of another quantity ("a little under half of the 14,000 U.S. troops") is written
    with `fraction` and `of`: `{"qualifier": "under", "fraction": 0.5, "of": {"value": 14000, "unit":
    "troops"}}`.
    """

    def written_short(self) -> int | None:
        """The bare integer the count was written as, while it holds nothing more; else None."""
        if written_short(self, _EXACT_COUNT) and isinstance(self.value, int):
            return self.value
        return None

    fraction: Annotated[StrictInt, Field(gt=0, le=MAX_SAFE_INTEGER)] | Annotated[FiniteFloat, Field(gt=0)] | None = (
        Field(default=None, description="Multiplier of the quantity in `of`: 0.5 for 'half of', 2 for 'twice'.")
    )
    of: BaseQuantity | None = Field(
        default=None, description="The quantity that `fraction` is a fraction of ('the 14,000 U.S. troops')."
    )
    of_record: QuantityPointer | None = Field(
        default=None,
        description="Another record's quantity that `fraction` is a fraction of, instead of `of` ('half of the "
        "prisoners the agreement provides for').",
    )
    according_to: Attribution | None = Field(
        default=None, description="Whose figure it is, when sources give different figures."
    )
    evidence: list[Evidence] = Field(
        default_factory=list,
        description="Where the number is reported (for figures that sources disagree "
        "on, each rendering keeps its own evidence).",
    )

    @model_validator(mode="after")
    def quantity_fraction_consistent(self) -> Self:
        # quantity_fraction_has_base: 'fraction' comes with one base, 'of' or 'of_record', and a base with it
        if self.of is not None and self.of_record is not None:
            raise rule_error(
                "quantity_fraction_has_base",
                "give the base of the fraction once: 'of' (a quantity written here) or 'of_record' (another record's)",
                at=["of_record"],
            )
        if (self.fraction is None) != (self.of is None and self.of_record is None):
            raise rule_error(
                "quantity_fraction_has_base",
                "'fraction' and 'of' (or 'of_record') must be given together ('half of the 14,000 troops')",
            )
        return self

    def _has_reference(self) -> bool:
        return self.value is not None or self.fraction is not None

    def reference_value(self) -> float | None:
        """The number the qualifier refers to: `value`, or `fraction` x the base's reference value."""
        if self.value is not None:
            return self.value
        if self.fraction is not None and self.of is not None:
            base = self.of.reference_value()
            return None if base is None else self.fraction * base
        return None


#: the fields an exact count written as a bare integer has
_EXACT_COUNT = frozenset({"value", "qualifier"})


def _count_short_form(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # a bare integer is the short form of an exact count (12.0 is the integer 12, as in JSON Schema); a string
    # such as "12" or a number such as 12.5 is never coerced
    value = whole_number(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise rule_error(
                "count_negative", "count {value} is negative; counts are non-negative integers", value=value
            )
        if value > MAX_SAFE_INTEGER:
            raise PydanticKnownError("less_than_equal", {"le": MAX_SAFE_INTEGER})
        count = handler({"value": value, "qualifier": "exact"})
        mark_written_short(count)  # `Quantity.written_short`
        return count
    if not isinstance(value, dict | Quantity):
        raise rule_error(
            "count_type",
            "expected a non-negative integer (e.g. 12) or a quantity object, got {kind}",
            kind=json_kind(value),
        )
    return handler(value)


#: A quantity, written either as a non-negative integer (an exact count) or as a `Quantity` object.
Count = Annotated[Quantity, WrapValidator(_count_short_form, json_schema_input_type=NonNegativeInt | Quantity)]


class TimeRelation(StrEnum):
    """How a time stands to its anchor."""

    #: no later than the offset after the anchor ("within 135 days of signing")
    within = "within"
    #: the offset after the anchor ("a year later", "in months after that")
    after = "after"
    #: the offset before the anchor ("a week before the vote")
    before = "before"
    #: at the anchor itself ("upon signing")
    at = "at"
    #: up to the anchor and not beyond it ("until elections are held", "until the second phase is complete"); an
    #: offset moves the end past the anchor ("until 30 days after the vote")
    until = "until"


def _statuses(record_type: str) -> tuple[str, ...]:
    """The statuses an anchor may name for `record_type` ('<type>/part': for a part of such a record)."""
    # The vocabularies are declared by the record classes (RecordBase.STATUSES), which are built on this module:
    # they are read when an anchor is validated, by which time the models package has been imported, instead of
    # being registered here as a side effect of importing the record modules.
    from peace_talks_model.models import STATUSES_BY_TYPE  # noqa: PLC0415

    return STATUSES_BY_TYPE.get(record_type, ())


class Anchor(PeaceModel):
    """The point a relative time counts from: a record, optionally one status of it or one part of it."""

    record: RecordRef = Field(description="The record counted from, e.g. the agreement whose signing starts the clock.")
    status: Annotated[StrictStr, StringConstraints(pattern=r"^[a-z][a-z_]*$")] | None = Field(
        default=None,
        description="The status of that record that starts the clock, e.g. 'signed', "
        "'in_force' for an agreement, 'in_effect' for a cease-fire (one of the statuses of that record's type).",
    )
    key: LocalKey | None = Field(
        default=None, description="The part of that record counted from, e.g. the key of a commitment."
    )

    @model_validator(mode="after")
    def anchor_status_known(self) -> Self:
        # anchor_status_known: the status named is one of the statuses of the anchor record's type
        if self.status is not None:
            record_type = record_type_of(self.record)
            # with a key, the status is that of the part (a commitment's implementation status)
            if self.key is not None:
                record_type += "/part"
            statuses = _statuses(record_type)
            if self.status not in statuses:
                raise rule_error(
                    "anchor_status_known",
                    "'{status}' is not a status of {record_type} records ({known})",
                    at=["status"],
                    status=self.status,
                    record_type=record_type,
                    known="they have none" if not statuses else "one of: " + ", ".join(statuses),
                )
        return self


class RelativeTime(PeaceModel):
    """A time given relative to another event ("within 135 days of the deal's signing", "a year later")."""

    relation: TimeRelation = Field(description="How the time stands to the anchor.")
    offset: IsoDuration | None = Field(
        default=None,
        description="ISO 8601 duration from the anchor, e.g. 'P135D', 'P1Y'; omit when the "
        "source gives none ('in months after that').",
    )
    approximate: StrictBool = Field(
        default=False, description="True when the offset is approximate ('about a year later', 'in months')."
    )
    anchor: Anchor = Field(description="What the time counts from.")
    text: Text | None = Field(default=None, description="The wording of the source, verbatim.")

    @model_validator(mode="after")
    def relative_time_has_offset(self) -> Self:
        # relative_time_has_offset: within/before need a stated offset; 'at' takes none
        if self.relation in (TimeRelation.within, TimeRelation.before) and self.offset is None:
            raise rule_error(
                "relative_time_has_offset",
                "relation '{relation}' needs an offset such as 'P135D'",
                relation=self.relation.value,
            )
        if self.relation is TimeRelation.at and self.offset is not None:
            raise rule_error("relative_time_has_offset", "relation 'at' takes no offset")
        return self


class FuzzyDuration(PeaceModel):
    """A length of time as reported ("about 19 years", "years", "between six and nine months"); the lower bound
    is never certainly longer than the upper, and the value lies between them."""

    value: IsoDuration | None = Field(
        default=None, description="The length the source gives, as an ISO 8601 duration: 'P19Y' for '19 years'."
    )
    approximate: StrictBool = Field(
        default=False, description="True when the source hedges the length ('about', 'some', 'nearly')."
    )
    lower: IsoDuration | None = Field(
        default=None, description="The shortest length the wording allows, e.g. 'P2Y' for 'years'."
    )
    upper: IsoDuration | None = Field(default=None, description="The longest length the wording allows.")
    text: Text | None = Field(default=None, description="The wording of the source, verbatim ('could take years').")

    @model_validator(mode="after")
    def duration_bounds_ordered(self) -> Self:
        # duration_not_empty: a duration says something about a length
        if self.value is None and self.lower is None and self.upper is None and self.text is None:
            raise rule_error("duration_not_empty", "a duration needs a value, a bound or the source's wording")
        # duration_bounds_ordered: lower <= value <= upper, each read in whole days (a month 28 to 31 days)
        named = [(name, parse_duration(getattr(self, name))) for name in ("lower", "value", "upper")]
        given = [(name, duration.day_range()) for name, duration in named if duration is not None]
        for (short, (short_low, _)), (long, (_, long_high)) in itertools.pairwise(given):
            if short_low > long_high:
                raise rule_error(
                    "duration_bounds_ordered",
                    "{short} {short_value} is longer than {long} {long_value}",
                    at=[long],
                    short=short,
                    short_value=getattr(self, short),
                    long=long,
                    long_value=getattr(self, long),
                )
        return self
