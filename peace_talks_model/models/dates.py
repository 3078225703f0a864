"""Fuzzy dates: EDTF level 1 (ISO 8601-2) strings, parsed and checked against the calendar, and `FuzzyDate`,
a date as precise as the reporting allows (part of a month or year, weekday, time of day, the source's wording,
how it was resolved). `Date` is the field type: the EDTF string alone is its short form (`"2019-12-07"` for
`{"edtf": "2019-12-07"}`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)

from peace_talks_model.models.base import PeaceModel, json_kind, mark_written_short, rule_error, written_short
from peace_talks_model.models.ids import RecordRef
from peace_talks_model.models.scalars import Text

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


def _no_month(month: str) -> str:
    return f"there is no month {month}; months are 01 to 12 (and 21 to 24 the seasons, spring to winter)"


def _no_day(year: int, month: int, day: str) -> str | None:
    """Why `day` (two digits) is not a day of `month` in `year` ("there is no 32 July"), or None when it is one."""
    last_day = calendar.monthrange(year, month)[1]
    if 1 <= int(day) <= last_day:
        return None
    if int(day) == 0:
        return "there is no day 00; days start at 01"
    name = calendar.month_name[month]
    if month == 2 and int(day) == 29:
        return f"there is no 29 February {year}; {year} is not a leap year"
    return f"there is no {int(day)} {name}; {name} has {last_day} days"


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
        raise EdtfError(f"'{text}': {_no_month(month_s)}")
    if day_s is None or day_s == "XX":
        return EdtfDate(DatePrecision.month, dt.date(year, month, 1), _month_end(year, month), approximate, uncertain)
    day = int(day_s)
    problem = _no_day(year, month, day_s)
    if problem is not None:
        raise EdtfError(f"'{text}': {problem}")
    date = dt.date(year, month, day)
    return EdtfDate(DatePrecision.day, date, date, approximate, uncertain)


@functools.lru_cache(maxsize=16384)
def parse_edtf(text: str) -> ParsedEdtf:
    """Parse the EDTF level-1 subset this package accepts; raise `EdtfError` for impossible values.

    Memoised (the result is immutable; an error is not cached): a record's dates are parsed by the field's
    check, by its `FuzzyDate` and by rules, and a data set repeats the same dates many times."""
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
RESOLVED_FROM_WORDING = frozenset({"relative_to_publication", "relative_to_event", "inferred"})


class FuzzyDate(PeaceModel):
    """A date as precise as the reporting allows; its `earliest()`/`latest()` bounds are always ordered.

    Based on EDTF level 1 (ISO 8601-2), extended with the part of a month or year ("early September"),
    the weekday named in the text, the original wording and how the date was resolved. Short form: the
    EDTF string alone, e.g. `"2019-12-07"`.
    """

    edtf: EdtfString = Field(description="The date in EDTF level 1, as precise as the source allows.")

    def written_short(self) -> str | None:
        """The short form the date was written in (its EDTF string), while it holds nothing more; else None."""
        return self.edtf if written_short(self, _EDTF_ONLY) else None

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

    def _edtf(self) -> ParsedEdtf:
        # the parsed edtf: `parse_edtf` is memoised, so this is a lookup (a private attribute holding it cost more:
        # pydantic sets private attributes up on every instance)
        return parse_edtf(self.edtf)

    @model_validator(mode="after")
    def fuzzy_date_consistent(self) -> Self:
        parsed = parse_edtf(self.edtf)  # already validated by the field type
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
#: the fields a date written as its EDTF string alone has
_EDTF_ONLY = frozenset({"edtf"})


def _date_short_form(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # a bare EDTF string is the short form of {"edtf": ...}; it is checked here so errors point at the field, and
    # the date remembers it was written so (`FuzzyDate.written_short`)
    if isinstance(value, str):
        if not _EDTF_REGEX.match(value):
            message, suggestion = edtf_problem(value)
            raise rule_error("edtf_date_valid", "{reason}", reason=message, suggestion=suggestion)
        _check_edtf(value)
        date = handler({"edtf": value})
        mark_written_short(date)
        return date
    if not isinstance(value, dict | FuzzyDate):
        raise rule_error(
            "date_type",
            "expected an EDTF date string such as '2019-12-07' or a date object, got {kind}",
            kind=json_kind(value),
        )
    return handler(value)


_DATETIME = re.compile(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2})(?::[0-9]{2}(?:\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
_WORD_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%B %Y", "%b %Y")
#: A day, month and year of the same kind of separator, the year last ('22/07/2022', '7.9.2019', '22-07-2022').
_YEAR_LAST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
#: One end of a date with parts of any width, for telling which part is wrong.
_LOOSE_SIDE = re.compile(r"(?P<year>[0-9X]+)(?:-(?P<month>[0-9X]+)(?:-(?P<day>[0-9X]+))?)?(?P<qualifier>[?~%]*)")
#: Words and dashes people put between the two ends of a range.
_RANGE_WORDS = re.compile(r"\s+(?:to|until|till|through|-|–|—)\s+|\s*[–—]\s*", re.IGNORECASE)
_EXAMPLES = (
    "write a day as '2019-12-07', a month as '2019-09', a year as '2019', an approximate month as '2019-09~' "
    "or a range as '2019-06/2019-09'"
)
_FIX_DOES_THIS = "`peace-talks fix` does this"


def is_edtf(text: str) -> bool:
    """True when `text` is an EDTF date this package accepts (its form and the calendar)."""
    if not _EDTF_REGEX.match(text):
        return False
    try:
        parse_edtf(text)
    except EdtfError:
        return False
    return True


def _cut(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _padded(side: str) -> str:
    """One end of a date with its one-digit month and day given a leading zero ('2019-9-7~' -> '2019-09-07~')."""
    match = _LOOSE_SIDE.fullmatch(side)
    if match is None or match["month"] is None:
        return side
    parts = [match["year"], *(p for p in match.group("month", "day") if p is not None)]
    padded = [parts[0], *(p.zfill(2) if p.isdigit() and len(p) == 1 else p for p in parts[1:])]
    return "-".join(padded) + match["qualifier"]


def _unpadded_parts(side: str) -> list[str]:
    match = _LOOSE_SIDE.fullmatch(side)
    if match is None:
        return []
    return [name for name in ("month", "day") if match[name] is not None and len(match[name]) == 1]


def _side_problem(side: str) -> str | None:
    """What is wrong with one end of a date (already padded), in words; None when nothing is found."""
    if side[:1] in "?~%" and _LOOSE_SIDE.fullmatch(side.lstrip("?~%")):
        return f"a qualifier ('~', '?' or '%') goes after the date, not before it: '{side.lstrip('?~%')}{side[0]}'"
    match = _LOOSE_SIDE.fullmatch(side)
    if match is None:
        return None
    year, month, day, qualifier = match.group("year", "month", "day", "qualifier")
    if len(qualifier) > 1:
        both = set(qualifier) == {"~", "?"}
        return "a date takes one qualifier" + ("; '%' means approximate and uncertain" if both else "")
    if len(year) != 4:
        return f"a year has four digits (like '2019'), not {len(year)}"
    if re.fullmatch(r"[0-9]{4}|[0-9]{3}X|[0-9]{2}XX", year) is None:
        return "only the last one or two digits of a year can be unspecified ('201X', '20XX')"
    for name, part in (("month", month), ("day", day)):
        if part is not None and part != "XX" and not (len(part) == 2 and part.isdigit()):
            return f"a {name} has two digits ('XX' when it is unspecified), not '{part}'"
    if month is None or month == "XX" or "X" in year:
        return None
    if not (1 <= int(month) <= 12 or 21 <= int(month) <= 24):
        return _no_month(month)
    if day is None or day == "XX":
        return None
    if int(month) > 12:
        return "a season (21 to 24) has no day"
    return _no_day(int(year), int(month), day)


def _year_last(text: str) -> tuple[str, str | None] | None:
    match = _YEAR_LAST.fullmatch(text)
    if match is None:
        return None
    first, separator, second, year = match.groups()
    readings: list[
        tuple[str, str]
    ] = []  # (iso, in words) for each order the numbers can be read in: day first, then month first
    for day, month in ((int(first), int(second)), (int(second), int(first))):
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(int(year), month)[1]:
            iso = f"{year}-{month:02d}-{day:02d}"
            if iso not in (r[0] for r in readings):
                readings.append((iso, f"{day} {calendar.month_name[month]}"))
    note = " ('/' separates the two ends of a range)" if separator == "/" else ""
    if len(readings) == 1:
        return f"write the year first, then month and day, joined by '-'{note}", readings[0][0]
    if len(readings) == 2:
        both = " or ".join(f"'{iso}' ({words})" for iso, words in readings)
        return f"the order of day and month is unknown; write the year first: {both}", None
    return None


def _hint(text: str) -> tuple[str, str | None] | None:
    """The mistake behind a string that is not an EDTF date, in words, and the date it probably means."""
    match = _DATETIME.match(text)
    if match:
        day, time, zone = match.groups()
        fixed: dict[str, str] = {"edtf": day, "time": time}
        if zone:
            fixed["utc_offset"] = "+00:00" if zone == "Z" else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
        return "a time of day goes in 'time' (and 'utc_offset') beside the day", json.dumps(fixed)
    for form in _WORD_FORMATS:
        try:
            parsed = dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
        iso = parsed.isoformat() if "%d" in form else parsed.isoformat()[:7]
        return f"write dates as numbers, year first ('{iso}'; keep the wording in 'text')", iso
    year_last = _year_last(text)
    if year_last is not None:
        return year_last
    if re.fullmatch(r"[0-9]{4}([/.])[0-9]{1,2}\1[0-9]{1,2}", text):
        dashed = _padded(re.sub(r"[/.]", "-", text))
        return "separate year, month and day with '-'", dashed if is_edtf(dashed) else None
    ends = _RANGE_WORDS.split(text)
    if len(ends) == 2 and all(is_edtf(_padded(end)) for end in ends):
        joined = "/".join(_padded(end) for end in ends)
        return "write a range as its two ends joined by '/'", joined if is_edtf(joined) else None
    sides = text.split("/")
    if len(sides) > 2:
        return "a range has exactly one '/', between its two ends", None
    padded = "/".join(_padded(side) for side in sides)
    if padded != text and is_edtf(padded):
        parts = " and the ".join(dict.fromkeys(p for side in sides for p in _unpadded_parts(side)))
        return f"write the {parts} with two digits ({_FIX_DOES_THIS})", padded
    for index, side in enumerate(padded.split("/")):
        problem = _side_problem(side) if side not in ("", "..") else None
        if problem is not None:
            end = ("the start: ", "the end: ")[index] if len(sides) == 2 else ""
            return end + problem, None
    return None


def edtf_problem(text: str) -> tuple[str, str | None]:
    """Why `text` is not an EDTF date this package accepts, as a message naming the part that is wrong ("there
    is no 32 July"), and the date it probably means (None when that is not clear)."""
    shown = f"'{_cut(text)}'"
    stripped = text.strip()
    if stripped != text and stripped:
        if is_edtf(stripped):
            return f"{shown}: remove the spaces around the date ({_FIX_DOES_THIS})", stripped
        text = stripped
    if is_edtf(text):
        return f"{shown} is an EDTF date", None
    if _EDTF_REGEX.match(text):
        try:
            parse_edtf(text)
        except EdtfError as exc:
            # the parser quotes the text without its spaces: the message quotes it as it was given
            reason = str(exc)
            quoted = f"'{text}'"
            return (shown + reason[len(quoted) :] if reason.startswith(quoted) else reason), None
    hint = _hint(text)
    if hint is None:
        return f"{shown} is not an EDTF date; {_EXAMPLES}", None
    return f"{shown}: {hint[0]}", hint[1]


#: A fuzzy date, written either as an EDTF string (`"2019-12-07"`) or as a `FuzzyDate` object.
Date = Annotated[FuzzyDate, WrapValidator(_date_short_form, json_schema_input_type=EdtfString | FuzzyDate)]


def dates_in_order(first: FuzzyDate | None, second: FuzzyDate | None) -> bool:
    """False only when `second` certainly lies before `first` (its latest day precedes first's earliest)."""
    if first is None or second is None:
        return True
    start, end = first.earliest(), second.latest()
    return start is None or end is None or start <= end
