"""Shared building blocks of every `peace_talks_model` record.

The module provides the base classes (`PeaceModel`, `RecordBase`, `StatusStepBase`), the record identity
types (record ids and typed references, `ExternalId`), fuzzy dates (`FuzzyDate`, EDTF level 1 plus
early/mid/late parts of a month or year), quantities (`Quantity`: exact, about, more than, a fraction of
another quantity...), times relative to another record (`RelativeTime`), places (`Place`), and evidence with
attribution (`Evidence`, `Attribution`, `UnnamedSpeaker`, `Relay`).

Short forms keep hand-written records pleasant: wherever a `FuzzyDate` is expected, the EDTF string
`"2019-12-07"` may be written instead of `{"edtf": "2019-12-07"}`; wherever a `Quantity` is expected, a bare
non-negative integer `37` may be written instead of `{"value": 37, "qualifier": "exact"}`. Validation turns a
short form into the rich model, so Python code always sees one type.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.models._countries import ISO_3166_1_ALPHA3

#: Major versions of the record contract that this package can read.
KNOWN_MAJOR_VERSIONS: tuple[int, ...] = (1,)

# --------------------------------------------------------------------------------------------------
# Base model
# --------------------------------------------------------------------------------------------------


class PeaceModel(BaseModel):
    """Base of every model: unknown keys are errors, scalars are never coerced, values are re-validated."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=False,
        use_enum_values=False,
        populate_by_name=False,
    )


def rule_error(rule: str, message: str, **context: Any) -> PydanticCustomError:
    """Build the error raised when the invariant named `rule` is broken (the rule name is the error type)."""
    return PydanticCustomError(rule, message, context or None)


# --------------------------------------------------------------------------------------------------
# Scalar types
# --------------------------------------------------------------------------------------------------

#: A string with at least one non-space character, never coerced from another JSON type.
Text = Annotated[StrictStr, StringConstraints(min_length=1, pattern=r"\S")]
#: A non-negative integer, never coerced from a string or a float.
NonNegativeInt = Annotated[StrictInt, Field(ge=0)]
#: A non-negative number (integer or decimal).
# Bounds go on each member of a number union: on the union itself pydantic writes them as non-standard keywords.
NonNegativeNumber = Annotated[StrictInt, Field(ge=0)] | Annotated[StrictFloat, Field(ge=0, allow_inf_nan=False)]
#: A finite float (no NaN, no infinity).
FiniteFloat = Annotated[StrictFloat, Field(allow_inf_nan=False)]

_ISO3_PATTERN = r"^[A-Z]{3}$"


def _check_iso3(value: str) -> str:
    # country_code_known: the code is an assigned ISO 3166-1 alpha-3 code (or one of the few extras we accept)
    if value not in ISO_3166_1_ALPHA3:
        raise rule_error(
            "country_code_known",
            "'{code}' is not an ISO 3166-1 alpha-3 country code (e.g. 'AFG', 'USA', 'QAT')",
            code=value,
        )
    return value


#: An ISO 3166-1 alpha-3 country code, upper case, e.g. `AFG`.
CountryCode = Annotated[
    StrictStr,
    StringConstraints(pattern=_ISO3_PATTERN),
    AfterValidator(_check_iso3),
    Field(description="ISO 3166-1 alpha-3 country code, e.g. 'AFG', 'USA', 'QAT'.", examples=["AFG"]),
]

_BCP47_PATTERN = r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-[a-zA-Z0-9]{5,8})*$"
#: A BCP 47 language tag in canonical case: language, optional script, region and variants (`en`, `ps-AF`,
#: `ar-Latn`, `zh-Hans-CN`).
LanguageTag = Annotated[
    StrictStr,
    StringConstraints(pattern=_BCP47_PATTERN, max_length=35),
    Field(
        description="BCP 47 language tag in canonical case, e.g. 'en', 'ps', 'fa-AF', 'ar-Latn'.",
        examples=["en", "ps-AF"],
    ),
]

_SCRIPT_PATTERN = r"^[A-Z][a-z]{3}$"
#: An ISO 15924 script code (`Latn`, `Arab`, `Cyrl`).
ScriptCode = Annotated[StrictStr, StringConstraints(pattern=_SCRIPT_PATTERN)]

_URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
#: An absolute http(s) URL.
Url = Annotated[StrictStr, StringConstraints(pattern=_URL_PATTERN, max_length=4096)]

# JSON Schema pattern (no look-arounds, so every regex engine takes it); the Python check adds unit order.
_DURATION_PATTERN = r"^P(?:[0-9]+[YMWD])*(?:T(?:[0-9]+[HMS])+)?$"
_DURATION_STRICT = re.compile(
    r"^P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?$"
)


def _check_duration(value: str) -> str:
    # duration_valid: an ISO 8601 duration with at least one part, units in order (Y M W D T H M S)
    if value == "P" or not _DURATION_STRICT.match(value):
        raise rule_error(
            "duration_valid", "'{value}' is not an ISO 8601 duration (e.g. 'P135D', 'P1Y', 'PT72H')", value=value
        )
    return value


#: An ISO 8601 duration such as `P135D`, `P1Y`, `P3D`, `PT72H`.
IsoDuration = Annotated[
    StrictStr,
    StringConstraints(pattern=_DURATION_PATTERN, max_length=64),
    AfterValidator(_check_duration),
    Field(description="ISO 8601 duration, e.g. 'P135D' (135 days), 'P1Y', 'PT72H'.", examples=["P135D"]),
]

_SHA256_PATTERN = r"^[0-9a-f]{64}$"
Sha256 = Annotated[StrictStr, StringConstraints(pattern=_SHA256_PATTERN)]

_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = Annotated[StrictStr, StringConstraints(pattern=_EMAIL_PATTERN, max_length=320)]

# --------------------------------------------------------------------------------------------------
# Record identity
# --------------------------------------------------------------------------------------------------

#: The record types, in the order the documentation lists them; each is also the prefix of its ids.
RECORD_TYPES: tuple[str, ...] = (
    "source",
    "actor",
    "negotiation",
    "agreement",
    "prisoner_swap",
    "ceasefire",
    "claim",
    "position",
    "event",
)

#: The part of an id after the prefix: lower-case ASCII letters and digits in words joined by '-' or '.'.
ID_LOCAL_PATTERN = r"[a-z0-9]+(?:[-.][a-z0-9]+)*"
ID_MAX_LENGTH = 200


def id_pattern(*record_types: str) -> str:
    """The regular expression of an id (or reference) to a record of one of `record_types`."""
    prefixes = "|".join(record_types)
    group = f"(?:{prefixes})" if len(record_types) > 1 else prefixes
    return f"^{group}:{ID_LOCAL_PATTERN}$"


SourceRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("source"), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of a source record, e.g. 'source:ap-2019-12-09-khalilzad-doha-talks'.",
        examples=["source:ap-2019-12-09-khalilzad-doha-talks"],
    ),
]
ActorRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("actor"), max_length=ID_MAX_LENGTH),
    Field(description="Id of an actor record, e.g. 'actor:zalmay-khalilzad'.", examples=["actor:zalmay-khalilzad"]),
]
NegotiationRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("negotiation"), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of a negotiation record, e.g. 'negotiation:2019-12-07-doha-us-taliban'.",
        examples=["negotiation:2019-12-07-doha-us-taliban"],
    ),
]
AgreementRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("agreement"), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of an agreement record, e.g. 'agreement:2020-02-29-doha-us-taliban'.",
        examples=["agreement:2020-02-29-doha-us-taliban"],
    ),
]
PrisonerSwapRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("prisoner_swap"), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of a prisoner_swap record, e.g. 'prisoner_swap:2019-11-king-weeks-haqqani'.",
        examples=["prisoner_swap:2019-11-king-weeks-haqqani"],
    ),
]
CeasefireRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("ceasefire"), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of a ceasefire record, e.g. 'ceasefire:2018-06-eid-al-fitr-afghanistan'.",
        examples=["ceasefire:2018-06-eid-al-fitr-afghanistan"],
    ),
]
ClaimRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("claim"), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of a claim record, e.g. 'claim:2019-10-04-pakistan-earliest-resumption'.",
        examples=["claim:2019-10-04-pakistan-earliest-resumption"],
    ),
]
PositionRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("position"), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of a position record, e.g. 'position:2019-11-afghan-government-ceasefire-precondition'.",
        examples=["position:2019-11-afghan-government-ceasefire-precondition"],
    ),
]
EventRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern("event"), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of an event record, e.g. 'event:2019-09-05-kabul-bombing'.",
        examples=["event:2019-09-05-kabul-bombing"],
    ),
]
#: A reference to a record of any type.
RecordRef = Annotated[
    StrictStr,
    StringConstraints(pattern=id_pattern(*RECORD_TYPES), max_length=ID_MAX_LENGTH),
    Field(
        description="Id of a record of any type, e.g. 'event:2019-09-05-kabul-bombing'.",
        examples=["event:2019-09-05-kabul-bombing"],
    ),
]

#: A key that names a part of a record (a provision, commitment, version, side...) for references inside it.
LocalKey = Annotated[
    StrictStr,
    StringConstraints(pattern=f"^{ID_LOCAL_PATTERN}$", max_length=100),
    Field(
        description="Key naming a part of this record, unique within it, e.g. 'withdrawal-phase-1'.",
        examples=["withdrawal-phase-1"],
    ),
]

_SCHEMA_VERSION_PATTERN = r"^[0-9]+\.[0-9]+$"


def _check_schema_version(value: str) -> str:
    # schema_version_known: the record's major version is one this package can read
    major = int(value.split(".", 1)[0])
    if major not in KNOWN_MAJOR_VERSIONS:
        known = ", ".join(f"{m}.x" for m in KNOWN_MAJOR_VERSIONS)
        raise rule_error(
            "schema_version_known",
            "schema_version '{got}' has an unknown major version; this package reads {known}",
            got=value,
            known=known,
        )
    return value


SchemaVersion = Annotated[
    StrictStr,
    StringConstraints(pattern=_SCHEMA_VERSION_PATTERN),
    AfterValidator(_check_schema_version),
    Field(
        description=f"Version of the record contract (MAJOR.MINOR) the record was written for; "
        f"this package writes '{SCHEMA_VERSION}'.",
        examples=[SCHEMA_VERSION],
    ),
]


class IdScheme(StrEnum):
    """Registries whose identifiers a record may carry (crosswalks to the field's datasets)."""

    #: Wikidata item, e.g. Q30 (United States of America)
    wikidata = "wikidata"
    #: UCDP actor id, e.g. 303 (Taleban)
    ucdp_actor = "ucdp_actor"
    #: UCDP conflict id, e.g. 333 (Afghanistan: Government)
    ucdp_conflict = "ucdp_conflict"
    #: UCDP dyad id
    ucdp_dyad = "ucdp_dyad"
    #: UCDP peace agreement id (paid)
    ucdp_agreement = "ucdp_agreement"
    #: PA-X agreement id (AgtId), e.g. 2271
    pax_agreement = "pax_agreement"
    #: PAA-X actor id
    paax_actor = "paax_actor"
    #: ETH/PRIO civil conflict cease-fire id (cf_id)
    eth_prio_ceasefire = "eth_prio_ceasefire"
    #: Peace Accords Matrix agreement id
    pam_agreement = "pam_agreement"
    #: ACLED actor name, verbatim, e.g. "Taliban"
    acled_actor = "acled_actor"
    #: GeoNames feature id
    geonames = "geonames"
    #: ISO 3166-1 alpha-3 country code
    iso3166_1_alpha3 = "iso3166_1_alpha3"
    #: Gleditsch-Ward state number
    gwno = "gwno"
    #: Correlates of War state or war number
    cow = "cow"


#: The value pattern of each identifier scheme, with an example of a valid value.
ID_SCHEME_PATTERNS: dict[IdScheme, tuple[str, str]] = {
    IdScheme.wikidata: (r"^Q[1-9][0-9]*$", "Q30"),
    IdScheme.ucdp_actor: (r"^[1-9][0-9]*$", "303"),
    IdScheme.ucdp_conflict: (r"^[1-9][0-9]*$", "333"),
    IdScheme.ucdp_dyad: (r"^[1-9][0-9]*$", "726"),
    IdScheme.ucdp_agreement: (r"^[1-9][0-9]*$", "1234"),
    IdScheme.pax_agreement: (r"^[1-9][0-9]*$", "2271"),
    IdScheme.paax_actor: (r"^[A-Za-z0-9_-]{1,40}$", "1021"),
    IdScheme.eth_prio_ceasefire: (r"^[1-9][0-9]*$", "1504"),
    IdScheme.pam_agreement: (r"^[1-9][0-9]*$", "41"),
    IdScheme.acled_actor: (r"^\S(?:.{0,198}\S)?$", "Taliban"),
    IdScheme.geonames: (r"^[1-9][0-9]*$", "1138958"),
    IdScheme.iso3166_1_alpha3: (_ISO3_PATTERN, "AFG"),
    IdScheme.gwno: (r"^[1-9][0-9]{0,3}$", "700"),
    IdScheme.cow: (r"^[1-9][0-9]{0,3}$", "700"),
}
_ID_SCHEME_REGEX = {scheme: re.compile(p) for scheme, (p, _) in ID_SCHEME_PATTERNS.items()}


def _external_id_schema(schema: dict[str, Any]) -> None:
    # express the per-scheme patterns in JSON Schema as if/then branches (draft 2020-12, Ajv strict safe)
    schema["allOf"] = [
        {
            "if": {"properties": {"scheme": {"const": scheme.value}}, "required": ["scheme"]},
            "then": {"properties": {"value": {"type": "string", "pattern": pattern}}},
        }
        for scheme, (pattern, _) in ID_SCHEME_PATTERNS.items()
    ]


class ExternalId(PeaceModel):
    """An identifier of the same entity in another registry; `value` matches the pattern of its `scheme`."""

    model_config = ConfigDict(json_schema_extra=_external_id_schema)

    scheme: IdScheme = Field(description="The registry the identifier belongs to.")
    value: Text = Field(
        description="The identifier, written as the registry writes it (see the scheme's "
        "pattern), e.g. 'Q30' for Wikidata, '2271' for PA-X."
    )
    url: Url | None = Field(default=None, description="Link to the entry in the registry, if it has one.")
    version: Text | None = Field(
        default=None,
        description="The version of the registry's entry or coding the identifier refers to (PA-X 'Ver', a dataset "
        "release), when it matters.",
    )

    @model_validator(mode="after")
    def external_id_matches_scheme(self) -> Self:
        # external_id_matches_scheme: the value has the shape its scheme prescribes
        if not _ID_SCHEME_REGEX[self.scheme].fullmatch(self.value):
            pattern, example = ID_SCHEME_PATTERNS[self.scheme]
            raise rule_error(
                "external_id_matches_scheme",
                "'{value}' is not a valid {scheme} identifier (pattern {pattern}, e.g. '{example}')",
                at=["value"],
                value=self.value,
                scheme=self.scheme.value,
                pattern=pattern,
                example=example,
            )
        return self


class Basis(StrEnum):
    """How a fact was established."""

    #: the source says so
    stated = "stated"
    #: inferred from what the sources say (e.g. two stories together)
    inferred = "inferred"
    #: known from outside the cited sources
    outside_knowledge = "outside_knowledge"


class ConfidenceLevel(StrEnum):
    """How much the record's author trusts the record (Security Force Monitor's three levels)."""

    high = "high"
    medium = "medium"
    low = "low"


class ConfidenceMethod(StrEnum):
    """Who or what produced the record."""

    #: written or checked by a person
    human = "human"
    #: extracted by a statistical or language model
    model = "model"
    #: produced by a deterministic rule or import
    rule = "rule"


class Confidence(PeaceModel):
    """The author's confidence in a record or assertion; `score`, when given, lies in [0, 1]."""

    level: ConfidenceLevel = Field(description="Confidence level: high, medium or low.")
    score: Annotated[StrictInt, Field(ge=0, le=1)] | Annotated[FiniteFloat, Field(ge=0, le=1)] | None = Field(
        default=None, description="Numeric confidence in [0, 1], e.g. a model's probability."
    )
    method: ConfidenceMethod | None = Field(default=None, description="Who or what produced the record.")
    producer: Text | None = Field(
        default=None, description="Name of the person, model or rule, e.g. 'gpt-extractor-v3' or 'pax-import'."
    )


# --------------------------------------------------------------------------------------------------
# Fuzzy dates (EDTF level 1 subset + parts of a month or year)
# --------------------------------------------------------------------------------------------------

_EDTF_DATE = (
    r"(?:[0-9]{4}|[0-9]{3}X|[0-9]{2}XX)"
    r"(?:-(?:0[1-9]|1[0-2]|2[1-4]|XX)(?:-(?:0[1-9]|[12][0-9]|3[01]|XX))?)?"
    r"[?~%]?"
)
#: JSON Schema pattern of the EDTF strings accepted (the Python parser adds the calendar checks).
EDTF_PATTERN = rf"^(?:{_EDTF_DATE}|(?:{_EDTF_DATE}|\.\.)?/(?:{_EDTF_DATE}|\.\.)?)$"
_EDTF_SINGLE = re.compile(
    r"^(?P<year>[0-9]{4}|[0-9]{3}X|[0-9]{2}XX)"
    r"(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX))?)?"
    r"(?P<qualifier>[?~%])?$"
)


class DatePrecision(StrEnum):
    """The unit a date is known to."""

    day = "day"
    month = "month"
    season = "season"
    year = "year"
    decade = "decade"
    century = "century"
    interval = "interval"


# Meteorological seasons of the northern hemisphere, as EDTF codes 21-24 (month ranges; winter crosses the year).
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """One parsed EDTF date: its precision, inclusive bounds and qualifiers."""

    precision: DatePrecision
    earliest: dt.date
    latest: dt.date
    approximate: bool
    uncertain: bool


@dataclass(frozen=True, slots=True)
class ParsedEdtf:
    """A parsed EDTF value: a single date, or an interval whose ends may be open (`..`) or unknown (empty)."""

    start: EdtfDate | None
    end: EdtfDate | None
    is_interval: bool
    start_open: bool = False
    end_open: bool = False


class EdtfError(ValueError):
    """An EDTF string that is well-formed but names no real date (or a reversed interval)."""


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _parse_single(text: str) -> EdtfDate:
    match = _EDTF_SINGLE.match(text)
    if match is None:
        raise EdtfError(f"'{text}' is not an EDTF date (e.g. '2019-12-07', '2019-09', '2019', '2019-09~')")
    year_s, month_s, day_s, qualifier = match.group("year", "month", "day", "qualifier")
    approximate = qualifier in ("~", "%")
    uncertain = qualifier in ("?", "%")
    if "X" in year_s:
        if month_s is not None:
            raise EdtfError(f"'{text}': a year with unspecified digits cannot have a month or day")
        width = 10 ** year_s.count("X")
        low = int(year_s.replace("X", "0"))
        precision = DatePrecision.decade if width == 10 else DatePrecision.century
        return EdtfDate(precision, dt.date(max(low, 1), 1, 1), dt.date(low + width - 1, 12, 31), approximate, uncertain)
    year = int(year_s)
    if year == 0:
        raise EdtfError(f"'{text}': year 0000 is not supported")
    if month_s is None or month_s == "XX":
        if day_s not in (None, "XX"):
            raise EdtfError(f"'{text}': a day needs a month")
        return EdtfDate(DatePrecision.year, dt.date(year, 1, 1), dt.date(year, 12, 31), approximate, uncertain)
    month = int(month_s)
    if month in _SEASON_MONTHS:
        if day_s is not None:
            raise EdtfError(f"'{text}': a season (21-24) cannot have a day")
        first, last = _SEASON_MONTHS[month]
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        if end_year > 9999:
            raise EdtfError(f"'{text}': winter 9999 reaches into the year 10000, which is not supported")
        return EdtfDate(
            DatePrecision.season, dt.date(year, first, 1), _month_end(end_year, end_month), approximate, uncertain
        )
    if not 1 <= month <= 12:
        raise EdtfError(f"'{text}': month {month_s} does not exist (01-12, or 21-24 for seasons)")
    if day_s is None or day_s == "XX":
        return EdtfDate(DatePrecision.month, dt.date(year, month, 1), _month_end(year, month), approximate, uncertain)
    day = int(day_s)
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise EdtfError(f"'{text}' is not a calendar date ({calendar.month_name[month]} {year} has {last_day} days)")
    date = dt.date(year, month, day)
    return EdtfDate(DatePrecision.day, date, date, approximate, uncertain)


def parse_edtf(text: str) -> ParsedEdtf:
    """Parse the EDTF level-1 subset this package accepts; raise `EdtfError` for impossible values."""
    if "/" not in text:
        single = _parse_single(text)
        return ParsedEdtf(single, single, is_interval=False)
    start_s, _, end_s = text.partition("/")
    if "/" in end_s:
        raise EdtfError(f"'{text}': an interval has exactly one '/'")
    start = None if start_s in ("", "..") else _parse_single(start_s)
    end = None if end_s in ("", "..") else _parse_single(end_s)
    if start is None and end is None:
        raise EdtfError(f"'{text}': at least one end of an interval must be a date")
    # date_range_ordered: an interval may not end before it starts
    if start is not None and end is not None and start.earliest > end.latest:
        raise EdtfError(f"'{text}' is a reversed range: it ends before it starts")
    return ParsedEdtf(start, end, is_interval=True, start_open=start_s == "..", end_open=end_s == "..")


def _check_edtf(value: str) -> str:
    try:
        parse_edtf(value)
    except EdtfError as exc:
        rule = "date_range_ordered" if "reversed" in str(exc) else "edtf_date_valid"
        raise rule_error(rule, "{reason}", reason=str(exc)) from None
    return value


#: An EDTF (ISO 8601-2 level 1) date string.
EdtfString = Annotated[
    StrictStr,
    StringConstraints(pattern=EDTF_PATTERN, max_length=64),
    AfterValidator(_check_edtf),
    Field(
        description=(
            "EDTF (ISO 8601-2) level-1 date: a day '2019-12-07', month '2019-09', year '2019', season "
            "'2019-21' (21 spring ... 24 winter), unspecified digits '201X' or '2019-XX', qualifiers '~' "
            "(approximate), '?' (uncertain), '%' (both), or an interval 'A/B' with open ('..') or unknown "
            "('') ends."
        ),
        examples=["2019-12-07", "2019-09", "2019-06/2019-09", "../2019-11"],
    ),
]


class DatePart(StrEnum):
    """The part of a month or year a date falls in, for wording such as "early September" or "late 2019".

    For a month: early = days 1-10, mid = days 11-20, late = day 21 to the end (TIMEX3 `mod` START/MID/END).
    For a year: early = January-April, mid = May-August, late = September-December.
    """

    early = "early"
    mid = "mid"
    late = "late"


class DayPart(StrEnum):
    """The part of a day the source names ("Thursday morning", "overnight on Saturday")."""

    morning = "morning"
    midday = "midday"
    afternoon = "afternoon"
    evening = "evening"
    night = "night"
    #: the night into the named day or from it ("overnight on Saturday")
    overnight = "overnight"


class Weekday(StrEnum):
    """A day of the week, as named in the source ("on Monday")."""

    monday = "monday"
    tuesday = "tuesday"
    wednesday = "wednesday"
    thursday = "thursday"
    friday = "friday"
    saturday = "saturday"
    sunday = "sunday"


class DateResolution(StrEnum):
    """How a date was established from the source's wording."""

    #: the source states the date outright ("Sept. 28", "in June 2018")
    stated = "stated"
    #: resolved against the publication date of the source ("last month", "on Monday", "earlier this week")
    relative_to_publication = "relative_to_publication"
    #: resolved against another event or record ("a day after the bombing"); `anchor` names it
    relative_to_event = "relative_to_event"
    #: inferred from context in the source (e.g. a year implied by "19 years of conflict")
    inferred = "inferred"
    #: taken from knowledge outside the source (another document, a dataset, common knowledge)
    outside_knowledge = "outside_knowledge"


_PART_DAYS = {DatePart.early: (1, 10), DatePart.mid: (11, 20), DatePart.late: (21, 31)}
_PART_MONTHS = {DatePart.early: (1, 4), DatePart.mid: (5, 8), DatePart.late: (9, 12)}


#: Resolutions that turn wording ('last month') into a date: a date resolved so should keep the wording.
_RESOLVED_FROM_WORDING = frozenset({"relative_to_publication", "relative_to_event", "inferred"})


class FuzzyDate(PeaceModel):
    """A date as precise as the reporting allows; its `earliest()`/`latest()` bounds are always ordered.

    Based on EDTF level 1 (ISO 8601-2), extended with the part of a month or year ("early September"),
    the weekday named in the text, the original wording and how the date was resolved. Short form: the
    EDTF string alone, e.g. `"2019-12-07"`.
    """

    edtf: EdtfString = Field(description="The date in EDTF level 1, as precise as the source allows.")
    part: DatePart | None = Field(
        default=None,
        description="Part of the month or year the date falls in, for 'early September' (edtf '2019-09', "
        "part 'early'); only for a single date of month or year precision.",
    )
    weekday: Weekday | None = Field(
        default=None,
        description="Weekday named by the source ('on Monday'); it must fall within the date's bounds.",
    )
    day_part: DayPart | None = Field(
        default=None, description="Part of the day the source names ('Thursday morning'), for a single day."
    )
    time: (
        Annotated[
            StrictStr, StringConstraints(pattern=r"^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?|24:00(?::00)?)$")
        ]
        | None
    ) = Field(
        default=None,
        description="Local time of day, 'HH:MM' or 'HH:MM:SS' ('24:00' ends the day), for a day-precision date "
        "('from midnight', '12 midday').",
    )
    time_approximate: StrictBool = Field(
        default=False, description="True when the time of day is approximate ('around 5:30 a.m.')."
    )
    utc_offset: Annotated[StrictStr, StringConstraints(pattern=r"^[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]$")] | None = (
        Field(default=None, description="UTC offset of the local time, e.g. '+04:30' for Kabul.")
    )
    text: Text | None = Field(
        default=None, description="The wording of the source, verbatim: 'last month', 'on Monday', 'early September'."
    )
    resolution: DateResolution | None = Field(
        default=None, description="How the date was established from the wording."
    )
    anchor: RecordRef | None = Field(
        default=None,
        description="The record the date was resolved against: the source whose publication date turns "
        "'last month' into a month, or the event a relative date counts from.",
    )

    _parsed: ParsedEdtf = PrivateAttr()

    def _edtf(self) -> ParsedEdtf:
        # the parsed edtf, read from the private-attribute slot directly (pydantic's __getattr__ is slow)
        private = self.__pydantic_private__
        return private["_parsed"] if private is not None else self._parsed

    @model_validator(mode="after")
    def fuzzy_date_consistent(self, info: ValidationInfo) -> Self:
        parsed = parse_edtf(self.edtf)  # already validated by the field type
        self._parsed = parsed
        single = None if parsed.is_interval else parsed.start
        # date_part_applicable: early/mid/late qualify a single month or year, nothing else
        if self.part is not None and (
            single is None or single.precision not in (DatePrecision.month, DatePrecision.year)
        ):
            raise rule_error(
                "date_part_applicable",
                "part '{part}' applies only to a single date of month or year precision, not '{edtf}'",
                at=["part"],
                part=self.part.value,
                edtf=self.edtf,
            )
        if self.weekday is not None:
            self._check_weekday(self.weekday)
        # time_needs_day: a time or part of day belongs to a single day
        if (self.time is not None or self.utc_offset is not None or self.day_part is not None) and (
            single is None or single.precision is not DatePrecision.day
        ):
            raise rule_error(
                "time_needs_day",
                "a time of day needs a single day-precision edtf, not '{edtf}'",
                edtf=self.edtf,
                at=["time" if self.time is not None else "utc_offset" if self.utc_offset is not None else "day_part"],
            )
        if self.utc_offset is not None and self.time is None:
            raise rule_error("time_needs_day", "'utc_offset' needs 'time'", at=["utc_offset"])
        # relative_date_has_anchor: a date counted from an event names that event
        if self.resolution is DateResolution.relative_to_event and self.anchor is None:
            raise rule_error(
                "relative_date_has_anchor",
                "a date resolved relative_to_event must name the event in 'anchor'",
                at=["resolution"],
            )
        return self

    def _check_weekday(self, weekday: Weekday) -> None:
        # weekday_matches_date: the named weekday falls within the date's bounds ("on Monday" in a known week)
        start, end = self.earliest(), self.latest()
        if start is None or end is None:
            raise rule_error(
                "weekday_matches_date",
                "weekday '{weekday}' needs a date with both ends known, not '{edtf}'",
                at=["weekday"],
                weekday=weekday.value,
                edtf=self.edtf,
            )
        wanted = list(Weekday).index(weekday)
        span = (end - start).days
        if span < 6 and all((start + dt.timedelta(days=n)).weekday() != wanted for n in range(span + 1)):
            raise rule_error(
                "weekday_matches_date",
                "{edtf} is a {actual}, not a {weekday}" if span == 0 else "no {weekday} falls within {edtf}",
                at=["weekday"],
                edtf=self.edtf,
                actual=list(Weekday)[start.weekday()].value,
                weekday=weekday.value,
            )

    @property
    def precision(self) -> DatePrecision:
        """The unit the date is known to (interval for ranges)."""
        parsed = self._edtf()
        if parsed.is_interval or parsed.start is None:
            return DatePrecision.interval
        return parsed.start.precision

    @property
    def approximate(self) -> bool:
        """True when any end of the date carries the EDTF '~' or '%' qualifier."""
        return any(d is not None and d.approximate for d in (self._edtf().start, self._edtf().end))

    @property
    def uncertain(self) -> bool:
        """True when any end of the date carries the EDTF '?' or '%' qualifier."""
        return any(d is not None and d.uncertain for d in (self._edtf().start, self._edtf().end))

    def earliest(self) -> dt.date | None:
        """The first day the date can denote, or None for an interval with an open or unknown start."""
        start = self._edtf().start
        if start is None:
            return None
        if self.part is not None:
            return self._part_bounds(start)[0]
        return start.earliest

    def latest(self) -> dt.date | None:
        """The last day the date can denote, or None for an interval with an open or unknown end."""
        end = self._edtf().end
        if end is None:
            return None
        if self.part is not None:
            return self._part_bounds(end)[1]
        return end.latest

    def _part_bounds(self, single: EdtfDate) -> tuple[dt.date, dt.date]:
        assert self.part is not None
        year = single.earliest.year
        if single.precision is DatePrecision.month:
            month = single.earliest.month
            first, last = _PART_DAYS[self.part]
            return dt.date(year, month, first), min(
                dt.date(year, month, 1) + dt.timedelta(days=last - 1), single.latest
            )
        first_m, last_m = _PART_MONTHS[self.part]
        return dt.date(year, first_m, 1), _month_end(year, last_m)


_EDTF_REGEX = re.compile(EDTF_PATTERN)


def _date_short_form(value: Any) -> Any:
    # a bare EDTF string is the short form of {"edtf": ...}; it is checked here so errors point at the field
    if isinstance(value, str):
        if not _EDTF_REGEX.match(value):
            hint, suggestion = _date_hint(value)
            raise rule_error(
                "edtf_date_valid",
                "'{value}' is not an EDTF date{hint}",
                value=value,
                hint=hint or " (e.g. '2019-12-07', '2019-09', '2019', '2019-09~', '2019-06/2019-09')",
                suggestion=suggestion,
            )
        _check_edtf(value)
        return {"edtf": value}
    if not isinstance(value, dict | FuzzyDate):
        raise rule_error(
            "date_type",
            "expected an EDTF date string such as '2019-12-07' or a date object, got {kind}",
            kind=json_kind(value),
        )
    return value


_DATETIME = re.compile(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2})(?::[0-9]{2}(?:\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
_WORD_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%B %Y", "%b %Y")


def _date_hint(text: str) -> tuple[str, str | None]:
    """Why a string is not an EDTF date, and the date it probably means, for the common mistakes."""
    match = _DATETIME.match(text)
    if match:
        day, time, zone = match.groups()
        fixed: dict[str, str] = {"edtf": day, "time": time}
        if zone:
            fixed["utc_offset"] = "+00:00" if zone == "Z" else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
        return ": a time of day goes in 'time' (and 'utc_offset') beside the day", json.dumps(fixed)
    for form in _WORD_FORMATS:
        try:
            parsed = dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
        iso = parsed.isoformat() if "%d" in form else parsed.isoformat()[:7]
        return f": write dates as numbers, year first ('{iso}'; keep the wording in 'text')", iso
    if re.fullmatch(r"[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{4}", text):
        return (": '/' marks a range in EDTF, and day/month order is ambiguous; write the day as YYYY-MM-DD", None)
    if re.fullmatch(r"[0-9]{4}/[0-9]{2}/[0-9]{2}", text):
        return ": separate year, month and day with '-'", text.replace("/", "-")
    return "", None


def json_kind(value: Any) -> str:
    """Name a value's JSON type for messages ('string \'12\'', 'number 1.5', 'array', 'null')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"string {shown!r}"
    if isinstance(value, list | tuple):
        return "array"
    return "object"


#: A fuzzy date, written either as an EDTF string (`"2019-12-07"`) or as a `FuzzyDate` object.
Date = Annotated[FuzzyDate, BeforeValidator(_date_short_form, json_schema_input_type=EdtfString | FuzzyDate)]


def dates_in_order(first: FuzzyDate | None, second: FuzzyDate | None) -> bool:
    """False only when `second` certainly lies before `first` (its latest day precedes first's earliest)."""
    if first is None or second is None:
        return True
    start, end = first.earliest(), second.latest()
    return start is None or end is None or start <= end


# --------------------------------------------------------------------------------------------------
# Quantities
# --------------------------------------------------------------------------------------------------


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


class Quantity(BaseQuantity):
    """A number as reported, with its qualifier and unit; lower <= value <= upper always holds.

    Short form: a bare non-negative integer is an exact count (`37` means `{"value": 37, "qualifier":
    "exact"}`). A fraction of another quantity ("a little under half of the 14,000 U.S. troops") is written
    with `fraction` and `of`: `{"qualifier": "under", "fraction": 0.5, "of": {"value": 14000, "unit":
    "troops"}}`.
    """

    fraction: Annotated[StrictInt, Field(gt=0)] | Annotated[FiniteFloat, Field(gt=0)] | None = Field(
        default=None, description="Multiplier of the quantity in `of`: 0.5 for 'half of', 2 for 'twice'."
    )
    of: BaseQuantity | None = Field(
        default=None, description="The quantity that `fraction` is a fraction of ('the 14,000 U.S. troops')."
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
        # quantity_fraction_has_base: 'fraction' and 'of' come together
        if (self.fraction is None) != (self.of is None):
            raise rule_error(
                "quantity_fraction_has_base", "'fraction' and 'of' must be given together ('half of the 14,000 troops')"
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


def _count_short_form(value: Any) -> Any:
    # a bare integer is the short form of an exact count; a string such as "12" is never coerced
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise rule_error(
                "count_negative", "count {value} is negative; counts are non-negative integers", value=value
            )
        return {"value": value, "qualifier": "exact"}
    if not isinstance(value, dict | Quantity):
        raise rule_error(
            "count_type",
            "expected a non-negative integer (e.g. 12) or a quantity object, got {kind}",
            kind=json_kind(value),
        )
    return value


#: A quantity, written either as a non-negative integer (an exact count) or as a `Quantity` object.
Count = Annotated[Quantity, BeforeValidator(_count_short_form, json_schema_input_type=NonNegativeInt | Quantity)]


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


#: The status names of each record type that has a status history (filled by the record modules).
STATUSES_BY_TYPE: dict[str, tuple[str, ...]] = {}


def register_statuses(record_type: str, statuses: type[StrEnum]) -> None:
    """Record the status vocabulary of `record_type`, so that anchors naming its statuses can be checked."""
    STATUSES_BY_TYPE[record_type] = tuple(s.value for s in statuses)


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
            record_type = self.record.split(":", 1)[0]
            # with a key, the status is that of the part (a commitment's implementation status)
            if self.key is not None:
                record_type += "/part"
            statuses = STATUSES_BY_TYPE.get(record_type, ())
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


# --------------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------------


class PlacePrecision(StrEnum):
    """How precisely a place is located (ACLED/PLOVER geo precision, in words)."""

    exact = "exact"
    locality = "locality"
    admin1 = "admin1"
    country = "country"
    region = "region"


class Place(PeaceModel):
    """A place as reported; a place may be known only as "undisclosed", and coordinates come in pairs."""

    name: Text | None = Field(
        default=None, description="Name of the place in English, e.g. 'Doha', 'Camp David', 'Rawalpindi'."
    )
    country: CountryCode | None = Field(default=None, description="Country the place is in.")
    admin1: Text | None = Field(
        default=None, description="First-level administrative division, e.g. a province or state."
    )
    kind: Annotated[StrictStr, StringConstraints(pattern=r"^[a-z][a-z_]*$")] | None = Field(
        default=None,
        description="What the place is, in one lower-case word: 'city', 'country', 'venue', "
        "'military_base', 'region', 'border_crossing'.",
    )
    latitude: Annotated[StrictInt, Field(ge=-90, le=90)] | Annotated[FiniteFloat, Field(ge=-90, le=90)] | None = Field(
        default=None, description="WGS 84 latitude in decimal degrees."
    )
    longitude: Annotated[StrictInt, Field(ge=-180, le=180)] | Annotated[FiniteFloat, Field(ge=-180, le=180)] | None = (
        Field(default=None, description="WGS 84 longitude in decimal degrees.")
    )
    precision: PlacePrecision | None = Field(default=None, description="How precisely the place is located.")
    basis: Basis | None = Field(
        default=None, description="How the place is known: stated, inferred, outside knowledge."
    )
    undisclosed: StrictBool = Field(
        default=False,
        description="True when the source says the place is undisclosed or secret ('by "
        "phone from an undisclosed location').",
    )
    identifiers: list[ExternalId] = Field(default_factory=list, description="GeoNames or Wikidata ids of the place.")
    text: Text | None = Field(
        default=None, description="The wording of the source, verbatim ('the garrison city of Rawalpindi')."
    )

    @model_validator(mode="after")
    def place_consistent(self) -> Self:
        # coordinates_paired: latitude and longitude come together
        if (self.latitude is None) != (self.longitude is None):
            raise rule_error("coordinates_paired", "latitude and longitude must be given together")
        # place_not_empty: a place names, locates or at least declares itself undisclosed
        if not (
            self.name
            or self.country
            or self.latitude is not None
            or self.undisclosed
            or self.identifiers
            or self.admin1
        ):
            raise rule_error(
                "place_not_empty", "a place needs a name, a country, coordinates, an identifier, or undisclosed: true"
            )
        return self


# --------------------------------------------------------------------------------------------------
# Evidence and attribution
# --------------------------------------------------------------------------------------------------


class Channel(StrEnum):
    """How a statement reached the public or the reporter."""

    statement = "statement"
    tweet = "tweet"
    social_media_post = "social_media_post"
    interview = "interview"
    phone_call = "phone_call"
    briefing = "briefing"
    press_conference = "press_conference"
    speech = "speech"
    report = "report"
    letter = "letter"
    document = "document"
    news_report = "news_report"
    unspecified = "unspecified"


class AnonymityReason(StrEnum):
    """Why a speaker is not named, as the source states it."""

    #: "not authorized to speak to the media"
    not_authorized = "not_authorized"
    #: for the speaker's safety or security
    security = "security"
    #: because of the sensitivity of the matter
    sensitivity = "sensitivity"
    #: the source names a role only ("a State Department spokesperson") and gives no reason
    role_only = "role_only"
    #: the speaker uses a pseudonym ("P. O'Neill" for the IRA)
    pseudonym = "pseudonym"
    #: the source gives no reason
    unspecified = "unspecified"


class UnnamedSpeaker(PeaceModel):
    """A speaker the source does not name: described by role, affiliation and the stated reason."""

    descriptor: Text = Field(
        description="How the source describes the speaker: 'Afghan official', 'senior "
        "Taliban official', 'State Department spokesperson', 'sources'."
    )
    affiliation: ActorRef | None = Field(
        default=None, description="The actor the speaker belongs to or speaks for, when known."
    )
    count: NonNegativeInt | None = Field(default=None, description="How many speakers, when several.")
    anonymity: AnonymityReason | None = Field(default=None, description="Why the speaker is not named.")
    condition_of_anonymity: StrictBool = Field(
        default=False, description="True when the source says the speaker spoke on condition of anonymity."
    )


class Relay(PeaceModel):
    """One outlet in the chain a statement came through ("sources told the Journal", reported by The Hill)."""

    outlet: ActorRef | None = Field(default=None, description="The outlet (an actor record), when it has one.")
    name: Text | None = Field(default=None, description="The outlet's name as written, e.g. 'The Wall Street Journal'.")
    source: SourceRef | None = Field(default=None, description="The outlet's own document, when recorded.")
    channel: Channel | None = Field(default=None, description="How this link passed it on (a tweet, a statement).")
    verb: Text | None = Field(default=None, description="The reporting verb, e.g. 'told', 'reported'.")

    @model_validator(mode="after")
    def relay_names_outlet(self) -> Self:
        # relay_names_outlet: a relay says which outlet it is
        if self.outlet is None and self.name is None:
            raise rule_error("relay_names_outlet", "a relay needs 'outlet' (an actor id) or 'name'")
        return self


class Attribution(PeaceModel):
    """Who said it, how and through whom; a named speaker and an unnamed one exclude each other."""

    speaker: ActorRef | None = Field(default=None, description="The named speaker (an actor record).")
    unnamed: UnnamedSpeaker | None = Field(default=None, description="The speaker, when the source does not name them.")
    on_behalf_of: ActorRef | None = Field(default=None, description="The actor the speaker speaks for.")
    channel: Channel | None = Field(default=None, description="How the statement was made.")
    date: Date | None = Field(default=None, description="When the statement was made.")
    location: Place | None = Field(
        default=None, description="Where the speaker was ('by phone from an undisclosed location')."
    )
    via: list[Relay] = Field(
        default_factory=list, description="The chain of outlets the statement came through, nearest the speaker first."
    )
    hedged: StrictBool = Field(
        default=False, description="True when the source distances itself ('reportedly', 'allegedly')."
    )
    hedge: Text | None = Field(default=None, description="The hedging word, verbatim ('reportedly').")
    reporting_verb: Text | None = Field(
        default=None, description="The verb introducing the statement ('said', 'tweeted', 'confirmed')."
    )

    @model_validator(mode="after")
    def speaker_named_or_unnamed(self) -> Self:
        # speaker_named_or_unnamed: a speaker is either named or unnamed, not both
        if self.speaker is not None and self.unnamed is not None:
            raise rule_error("speaker_named_or_unnamed", "give 'speaker' or 'unnamed', not both")
        # hedge_implies_hedged: a hedging word means the statement is hedged
        if self.hedge is not None and not self.hedged:
            raise rule_error("hedge_implies_hedged", "'hedge' is given but 'hedged' is not true", at=["hedged"])
        return self


class Evidence(PeaceModel):
    """A verbatim quote from a source document; when offsets are given they span exactly the quote's length."""

    source: SourceRef = Field(description="The source document quoted.")
    quote: Text = Field(description="The passage, verbatim as it appears in the source text.")
    start: NonNegativeInt | None = Field(
        default=None, description="Offset of the quote's first character in the source text (Unicode code points)."
    )
    end: NonNegativeInt | None = Field(
        default=None, description="Offset just past the quote's last character (end - start = length of quote)."
    )
    attribution: Attribution | None = Field(
        default=None, description="Who said it, when the quote reports someone's words."
    )

    @model_validator(mode="after")
    def offsets_span_quote(self) -> Self:
        # offsets_span_quote: start and end come together and select exactly len(quote) characters
        if (self.start is None) != (self.end is None):
            raise rule_error(
                "offsets_span_quote",
                "'start' and 'end' must be given together",
                at=["end" if self.end is None else "start"],
            )
        if self.start is not None and self.end is not None and self.end - self.start != len(self.quote):
            raise rule_error(
                "offsets_span_quote",
                "offsets {start}-{end} span {span} characters but the quote has {length}",
                at=["end"],
                start=self.start,
                end=self.end,
                span=self.end - self.start,
                length=len(self.quote),
            )
        return self


# --------------------------------------------------------------------------------------------------
# Records and status histories
# --------------------------------------------------------------------------------------------------


class CharacterizationLabel(StrEnum):
    """How sources characterise a record, where the characterisation is itself reported fact."""

    #: "a rare meeting"
    rare = "rare"
    #: "historic peace talks"
    historic = "historic"
    #: "a planned landmark summit"
    landmark = "landmark"
    #: "a surprise visit"
    surprise = "surprise"
    #: "a controversial prisoner swap"
    controversial = "controversial"
    #: "a hurried drawdown"
    hurried = "hurried"
    #: "unprecedented", "the first ever"
    unprecedented = "unprecedented"
    #: "long and grinding negotiations"
    protracted = "protracted"
    #: "record levels" of violence
    record_level = "record_level"
    #: "a breakthrough deal"
    breakthrough = "breakthrough"
    #: "near-certain", "days away from"
    imminent = "imminent"
    #: "intense fighting", "intensified calls"
    intense = "intense"
    #: "much feared", "powerful", "influential"
    powerful = "powerful"
    #: "horrific attacks", "brutal"
    brutal = "brutal"
    #: "behind the scenes", "secret"
    discreet = "discreet"
    other = "other"


class Characterization(PeaceModel):
    """A characterisation a source gives of the record ("a rare meeting"), with its wording."""

    label: CharacterizationLabel = Field(description="The characterisation, from a fixed vocabulary.")
    text: Text | None = Field(default=None, description="The wording of the source, verbatim.")
    attribution: Attribution | None = Field(
        default=None, description="Whose characterisation it is, when not the source's own."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where it is said.")


class Dataset(StrEnum):
    """The field's datasets whose codes a record may carry."""

    #: PA-X Peace Agreements Database (PeaceRep)
    pax = "pax"
    #: PAA-X, the PA-X actors table (PeaceRep)
    paax = "paax"
    #: ETH/PRIO Civil Conflict Ceasefire dataset
    eth_prio_cf = "eth_prio_cf"
    #: Armed Conflict Location & Event Data
    acled = "acled"
    #: Uppsala Conflict Data Program datasets
    ucdp = "ucdp"


class DatasetCode(PeaceModel):
    """A dataset's code for the record in a variable this model has no typed field for, kept verbatim so that an
    import loses nothing and an export gives the code back (PAA-X `sub_type`, ETH/PRIO `timing`)."""

    dataset: Dataset = Field(description="The dataset the code comes from.")
    variable: Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,63}$")] = Field(
        description="The dataset's column (variable) name, verbatim, e.g. 'timing', 'sub_type'."
    )
    value: Text = Field(description="The value in that column, verbatim as the dataset writes it, e.g. '2'.")
    label: Text | None = Field(
        default=None, description="What the value means, when the dataset's codebook says, e.g. 'Regional'."
    )


class RecordBase(PeaceModel):
    """Fields every record carries; each record class narrows `record_type` and `id` to its own type."""

    record_type: str = Field(description="The record's type, the tag that selects its model.")
    id: str = Field(description="The record's stable id: '<record_type>:<local-part>'.")
    schema_version: SchemaVersion
    identifiers: list[ExternalId] = Field(
        default_factory=list,
        description="Identifiers of the same entity in the field's datasets and "
        "registries (Wikidata, UCDP, PA-X, ETH/PRIO, ACLED...).",
    )
    dataset_codes: list[DatasetCode] = Field(
        default_factory=list,
        description="Codes the field's datasets give the record in variables without a typed field here, "
        "verbatim (kept by the importers so that an export gives them back).",
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="Quotes from sources that support the record as a whole."
    )
    confidence: Confidence | None = Field(default=None, description="The author's confidence in the record.")
    characterizations: list[Characterization] = Field(
        default_factory=list,
        description="How sources characterise the record ('a rare meeting', 'historic talks', 'a controversial swap').",
    )
    notes: Text | None = Field(
        default=None, description="Free-text remarks for people; never the only place a fact is recorded."
    )

    #: The `record_type` value of the concrete class.
    RECORD_TYPE: ClassVar[str] = ""


class StatusStepBase(PeaceModel):
    """One step in a status history: what changed, when, why, by whom, and on what evidence."""

    date: Date | None = Field(default=None, description="When the status took effect.")
    scheduled_for: Date | None = Field(
        default=None,
        description="For a planned, scheduled or postponed step: the date it was (re)scheduled for ('delayed "
        "until mid-November', 'talks will resume on Sunday').",
    )
    repeated: StrictBool = Field(
        default=False, description="True when the source says the step happened repeatedly ('repeatedly delayed')."
    )
    by: list[ActorRef] = Field(
        default_factory=list, description="Who brought the change about ('Trump declared the talks dead')."
    )
    reason: Text | None = Field(default=None, description="The reason given, in plain words.")
    caused_by: list[RecordRef] = Field(
        default_factory=list,
        description="Records of what caused the change (an attack that led to a "
        "cancellation, a disagreement over a swap).",
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Quotes supporting this step.")


def check_chronological(steps: list[Any], what: str, at: tuple[int | str, ...] | None = None) -> None:
    """Raise `status_history_chronological` when a dated step certainly precedes an earlier-listed one; the error
    points at that step's date (`at` is the path of the list, by default the field named `what`)."""
    previous: tuple[int, FuzzyDate] | None = None
    for index, step in enumerate(steps):
        date: FuzzyDate | None = step.date
        if date is None:
            continue
        if previous is not None and not dates_in_order(previous[1], date):
            raise rule_error(
                "status_history_chronological",
                "{what} is not in chronological order: step {index} ({later}) is dated before step "
                "{prev_index} ({earlier})",
                what=what,
                index=index,
                later=date.edtf,
                prev_index=previous[0],
                earlier=previous[1].edtf,
                at=[*(at or (what,)), index, "date"],
            )
        previous = (index, date)


def check_relations_not_to_self(relations: list[Any], own_id: str) -> None:
    """Raise `relation_not_to_self` when a relation (with `type` and `target`) points at the record itself."""
    for index, relation in enumerate(relations):
        if relation.target == own_id:
            raise rule_error(
                "relation_not_to_self",
                "{id} has a '{type}' relation to itself",
                id=own_id,
                type=relation.type.value,
                at=["relations", index, "target"],
            )


def check_unique_keys(items: list[tuple[tuple[int | str, ...], Any]], what: str) -> None:
    """Raise `keys_unique` when two parts of a record share a key; `items` are (path, part) pairs and the error
    points at the second part's key."""
    seen: set[str] = set()
    for path, item in items:
        key = getattr(item, "key", None)
        if key is None:
            continue
        if key in seen:
            raise rule_error("keys_unique", "{what} key '{key}' is used twice", what=what, key=key, at=[*path, "key"])
        seen.add(key)


class Boolish(StrEnum):
    """Yes, no, or unclear (ETH/PRIO's '-1 = unclear' made explicit)."""

    yes = "yes"
    no = "no"
    unclear = "unclear"


class Topic(StrEnum):
    """What a provision, agenda item or negotiating position is about (PA-X provision families, condensed).

    The same vocabulary types agreement provisions, negotiation agendas and negotiating positions, so that a
    demand ("a cease-fire before any talks") can be matched with the agenda item and the provision.
    """

    #: a cease-fire or cessation of hostilities
    ceasefire = "ceasefire"
    #: a reduction in violence short of a cease-fire
    reduction_of_violence = "reduction_of_violence"
    #: withdrawal or reduction of (foreign) troops
    troop_withdrawal = "troop_withdrawal"
    #: closure or handover of military bases
    base_closure = "base_closure"
    #: release of prisoners or detainees
    prisoner_release = "prisoner_release"
    #: exchange of prisoners between sides
    prisoner_exchange = "prisoner_exchange"
    #: guarantees against terrorism (not harbouring groups, cutting ties)
    counter_terrorism_guarantee = "counter_terrorism_guarantee"
    #: the start, resumption or format of talks
    talks = "talks"
    #: confidence-building measures
    confidence_building = "confidence_building"
    #: sharing of government power
    power_sharing = "power_sharing"
    #: elections and electoral arrangements
    elections = "elections"
    #: referendums
    referendum = "referendum"
    #: an interim or transitional government
    interim_government = "interim_government"
    #: constitutional reform
    constitution = "constitution"
    #: territorial arrangements, autonomy, self-government
    territory_autonomy = "territory_autonomy"
    #: disarmament, demobilisation and reintegration
    ddr = "ddr"
    #: decommissioning of weapons
    decommissioning = "decommissioning"
    #: amnesty
    amnesty = "amnesty"
    #: transitional justice, truth commissions, accountability
    transitional_justice = "transitional_justice"
    #: lifting or relief of sanctions
    sanctions_relief = "sanctions_relief"
    #: removal from terrorist or sanctions lists
    delisting = "delisting"
    #: monitoring and verification, monitoring missions
    monitoring = "monitoring"
    #: security sector and policing reform
    security_sector_reform = "security_sector_reform"
    #: humanitarian access and aid
    humanitarian = "humanitarian"
    #: return of refugees and displaced people
    refugees = "refugees"
    #: economic arrangements, reconstruction, resource sharing
    economic = "economic"
    #: human rights and rights of groups
    human_rights = "human_rights"
    #: relations between states, recognition, normalisation
    interstate_relations = "interstate_relations"
    #: schedules, procedures, codes of conduct for talks
    procedure = "procedure"
    #: the peace process as a whole (its resumption, its success)
    peace_process = "peace_process"
    #: signing or concluding an agreement
    agreement_signing = "agreement_signing"
    #: anything else (describe it)
    other = "other"


__all__ = [
    "KNOWN_MAJOR_VERSIONS",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "ActorRef",
    "AgreementRef",
    "Anchor",
    "AnonymityReason",
    "Attribution",
    "Basis",
    "Boolish",
    "CeasefireRef",
    "Channel",
    "ClaimRef",
    "Confidence",
    "Count",
    "CountryCode",
    "Dataset",
    "DatasetCode",
    "Date",
    "DatePart",
    "DatePrecision",
    "DateResolution",
    "EdtfError",
    "EventRef",
    "Evidence",
    "ExternalId",
    "FuzzyDate",
    "IdScheme",
    "IsoDuration",
    "LanguageTag",
    "LocalKey",
    "NegotiationRef",
    "NonNegativeInt",
    "PeaceModel",
    "Place",
    "PositionRef",
    "PrisonerSwapRef",
    "Quantity",
    "QuantityQualifier",
    "RecordBase",
    "RecordRef",
    "RelativeTime",
    "Relay",
    "SourceRef",
    "StatusStepBase",
    "Text",
    "TimeRelation",
    "Topic",
    "UnnamedSpeaker",
    "Url",
    "Weekday",
    "parse_edtf",
]
