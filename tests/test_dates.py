"""Fuzzy dates: EDTF parsing, calendar checks, parts of months and years, weekdays, bounds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from peace_talks_model.fix import fix_record
from peace_talks_model.models.dates import Date, DatePart, DatePrecision, FuzzyDate, edtf_problem
from tests import strategies

DATE = TypeAdapter(Date)


def _date(value: object) -> FuzzyDate:
    return DATE.validate_python(value)


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2019-12-07", DatePrecision.day, "2019-12-07", "2019-12-07"),
        ("2019-02", DatePrecision.month, "2019-02-01", "2019-02-28"),
        ("2020-02", DatePrecision.month, "2020-02-01", "2020-02-29"),  # leap year
        ("2019", DatePrecision.year, "2019-01-01", "2019-12-31"),
        ("2019-21", DatePrecision.season, "2019-03-01", "2019-05-31"),  # spring
        ("2019-24", DatePrecision.season, "2019-12-01", "2020-02-29"),  # winter crosses the year
        ("201X", DatePrecision.decade, "2010-01-01", "2019-12-31"),
        ("19XX", DatePrecision.century, "1900-01-01", "1999-12-31"),
        ("2019-XX", DatePrecision.year, "2019-01-01", "2019-12-31"),
        ("2019-09-XX", DatePrecision.month, "2019-09-01", "2019-09-30"),
        ("2019-09~", DatePrecision.month, "2019-09-01", "2019-09-30"),
        ("2019-06/2019-09", DatePrecision.interval, "2019-06-01", "2019-09-30"),
        ("2019-09-10/2019-09", DatePrecision.interval, "2019-09-10", "2019-09-30"),  # day inside the month
    ],
)
def test_bounds(text: str, precision: DatePrecision, earliest: str, latest: str) -> None:
    date = _date(text)
    assert date.precision is precision
    assert date.earliest() == dt.date.fromisoformat(earliest)
    assert date.latest() == dt.date.fromisoformat(latest)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [("../2019-11", None, "2019-11-30"), ("2019-11/", "2019-11-01", None), ("2019-11/..", "2019-11-01", None)],
)
def test_open_and_unknown_interval_ends(text: str, earliest: str | None, latest: str | None) -> None:
    date = _date(text)
    assert date.earliest() == (dt.date.fromisoformat(earliest) if earliest else None)
    assert date.latest() == (dt.date.fromisoformat(latest) if latest else None)


@pytest.mark.parametrize(
    ("edtf", "part", "earliest", "latest"),
    [
        ("2019-09", "early", "2019-09-01", "2019-09-10"),  # "early September"
        ("2019-11", "mid", "2019-11-11", "2019-11-20"),  # "mid-November"
        ("2019-02", "late", "2019-02-21", "2019-02-28"),  # late February ends with the month
        ("2019", "late", "2019-09-01", "2019-12-31"),  # "late 2019"
    ],
)
def test_parts(edtf: str, part: str, earliest: str, latest: str) -> None:
    date = _date({"edtf": edtf, "part": part, "text": f"{part} {edtf}"})
    assert date.earliest() == dt.date.fromisoformat(earliest)
    assert date.latest() == dt.date.fromisoformat(latest)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("2019-02-30", "edtf_date_valid"),
        ("2019-13", "edtf_date_valid"),
        ("2019-04-31", "edtf_date_valid"),
        ("2019-21-05", "edtf_date_valid"),  # a season has no day
        ("201X-05", "edtf_date_valid"),
        ("2019-10/2019-09", "date_range_ordered"),
        ("../..", "edtf_date_valid"),
        ("9/12/2019", "edtf_date_valid"),
        ("2019-9-1", "edtf_date_valid"),
        ("early September", "edtf_date_valid"),
        ({"edtf": "2019-09-05", "part": "early"}, "date_part_applicable"),
        ({"edtf": "2019-09/2019-10", "part": "late"}, "date_part_applicable"),
        ({"edtf": "2019-12-07", "weekday": "monday"}, "weekday_matches_date"),
        ({"edtf": "2019-12-02/2019-12-05", "weekday": "saturday"}, "weekday_matches_date"),  # Mon-Thu
        ({"edtf": "../2019-12", "weekday": "saturday"}, "weekday_matches_date"),  # open end
        ({"edtf": "2019-12-08", "resolution": "relative_to_event"}, "relative_date_has_anchor"),
        (20191207, "date_type"),
        ({"edtf": "2019-12-07", "txt": "x"}, "extra_forbidden"),
    ],
)
def test_rejected(value: object, rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        _date(value)
    assert rule in {e["type"] for e in info.value.errors()}


def test_weekday_within_a_range() -> None:
    # "On Monday", in a story published some time between 28 October and 12 November 2019
    date = _date({"edtf": "2019-10-28/2019-11-11", "weekday": "monday", "text": "On Monday"})
    assert date.weekday == "monday"


def test_weekday_accepted_when_it_matches() -> None:
    date = _date(
        {
            "edtf": "2019-12-07",
            "weekday": "saturday",
            "text": "on Saturday",
            "resolution": "relative_to_publication",
            "anchor": "source:seed-004-ap-khalilzad-doha-talks",
        }
    )
    assert date.earliest() == dt.date(2019, 12, 7)


@given(strategies.edtf_single())
def test_single_dates_parse_and_bounds_are_ordered(text: str) -> None:
    date = _date(text)
    earliest, latest = date.earliest(), date.latest()
    assert earliest is not None
    assert latest is not None
    assert earliest <= latest
    assert date.approximate == (text.endswith(("~", "%")))
    assert date.uncertain == (text.endswith(("?", "%")))


@given(strategies.edtf_interval())
def test_ordered_intervals_are_accepted(text: str) -> None:
    date = _date(text)
    earliest, latest = date.earliest(), date.latest()
    if earliest is not None and latest is not None:
        assert earliest <= latest


@given(strategies.days, strategies.days)
def test_reversed_day_ranges_are_rejected(a: dt.date, b: dt.date) -> None:
    start, end = max(a, b), min(a, b)
    text = f"{start.isoformat()}/{end.isoformat()}"
    if start == end:
        assert _date(text).earliest() == start
    else:
        with pytest.raises(ValidationError):
            _date(text)


@given(strategies.edtf_single(), strategies.date_parts)
def test_parts_narrow_within_the_whole(text: str, part: DatePart) -> None:
    whole = _date(text)
    if whole.precision not in (DatePrecision.month, DatePrecision.year):
        return
    narrowed = _date({"edtf": text, "part": part.value})
    assert whole.earliest() <= narrowed.earliest() <= narrowed.latest() <= whole.latest()  # type: ignore[operator]


@given(strategies.edtf_single())
def test_short_form_round_trips(text: str) -> None:
    date = _date(text)
    assert _date(date.model_dump(mode="json")) == date
    assert DATE.validate_json(DATE.dump_json(date)) == date


@pytest.mark.parametrize("time", ["00:00", "05:30", "23:59:59", "24:00"])
def test_times_of_day_accepted(time: str) -> None:
    assert _date({"edtf": "2015-02-15", "time": time, "utc_offset": "+02:00"}).time == time


@pytest.mark.parametrize("time", ["24:01", "25:00", "5:30", "12:60", "noon"])
def test_bad_times_of_day_rejected(time: str) -> None:
    with pytest.raises(ValidationError):
        _date({"edtf": "2015-02-15", "time": time})


# -- what is wrong with a date that is not one (every message names the part and, when clear, the date meant) --

_MONTHS = "months are 01 to 12 (and 21 to 24 the seasons, spring to winter)"
_PAD = "(`peace-talks fix` does this)"


@pytest.mark.parametrize(
    ("text", "message", "suggestion"),
    [
        ("2022-07-32", "'2022-07-32': there is no 32 July; July has 31 days", None),
        ("2019-09-31", "'2019-09-31': there is no 31 September; September has 30 days", None),
        ("2023-02-29", "'2023-02-29': there is no 29 February 2023; 2023 is not a leap year", None),
        ("2022-07-00", "'2022-07-00': there is no day 00; days start at 01", None),
        ("2022-13-01", f"'2022-13-01': there is no month 13; {_MONTHS}", None),
        ("2019-25", f"'2019-25': there is no month 25; {_MONTHS}", None),
        ("2019-21-05", "'2019-21-05': a season (21-24) cannot have a day", None),
        ("2022-7-22", f"'2022-7-22': write the month with two digits {_PAD}", "2022-07-22"),
        ("2019-9-7", f"'2019-9-7': write the month and the day with two digits {_PAD}", "2019-09-07"),
        (
            "2019-9/2019-10-1",
            f"'2019-9/2019-10-1': write the month and the day with two digits {_PAD}",
            "2019-09/2019-10-01",
        ),
        (" 2019-09-07", f"' 2019-09-07': remove the spaces around the date {_PAD}", "2019-09-07"),
        ("2022-7-32", "'2022-7-32': there is no 32 July; July has 31 days", None),  # padding would not help
        ("2019-9/2019-13", f"'2019-9/2019-13': the end: there is no month 13; {_MONTHS}", None),
        (
            "22/07/2022",
            "'22/07/2022': write the year first, then month and day, joined by '-' ('/' separates the two "
            "ends of a range)",
            "2022-07-22",
        ),
        ("11-19-2019", "'11-19-2019': write the year first, then month and day, joined by '-'", "2019-11-19"),
        (
            "07/12/2019",
            "'07/12/2019': the order of day and month is unknown; write the year first: '2019-12-07' "
            "(7 December) or '2019-07-12' (12 July)",
            None,
        ),
        ("2019/12/07", "'2019/12/07': separate year, month and day with '-'", "2019-12-07"),
        (
            "2019-12-07T14:00",
            "'2019-12-07T14:00': a time of day goes in 'time' (and 'utc_offset') beside the day",
            '{"edtf": "2019-12-07", "time": "14:00"}',
        ),
        (
            "September 2019",
            "'September 2019': write dates as numbers, year first ('2019-09'; keep the wording in 'text')",
            "2019-09",
        ),
        ("2019-09 to 2019-11", "'2019-09 to 2019-11': write a range as its two ends joined by '/'", "2019-09/2019-11"),
        ("~2019", "'~2019': a qualifier ('~', '?' or '%') goes after the date, not before it: '2019~'", None),
        ("2019~?", "'2019~?': a date takes one qualifier; '%' means approximate and uncertain", None),
        ("219", "'219': a year has four digits (like '2019'), not 3", None),
        ("2X19", "'2X19': only the last one or two digits of a year can be unspecified ('201X', '20XX')", None),
        ("2019-X", "'2019-X': a month has two digits ('XX' when it is unspecified), not 'X'", None),
        (
            "2019-1-2-3",
            "'2019-1-2-3' is not an EDTF date; write a day as '2019-12-07', a month as '2019-09', a year "
            "as '2019', an approximate month as '2019-09~' or a range as '2019-06/2019-09'",
            None,
        ),
    ],
)
def test_a_wrong_date_is_explained(text: str, message: str, suggestion: str | None) -> None:
    with pytest.raises(ValidationError) as info:
        _date(text)
    [error] = info.value.errors()
    assert (error["msg"], (error.get("ctx") or {}).get("suggestion")) == (message, suggestion)
    # the object form, {"edtf": ...}, gets the same words (through the pattern's description)
    assert edtf_problem(text) == (message, suggestion)


@pytest.mark.parametrize(
    "text",
    [
        "2022-7-22",
        "2019-9-7~",
        "2019-9/2019-10-1",
        " 2019-09-07",
        " 2019-9-7 ",
        "2022-7-32",
        "7/9/2019",
        "2019/12/07",
        "2019-09 to 2019-11",
        "2019-02-30",
    ],
)
def test_a_message_says_fix_does_it_exactly_when_fix_does_it(text: str) -> None:
    message, suggestion = edtf_problem(text)
    record = {"record_type": "event", "id": "event:x", "schema_version": "1.0", "kind": "election", "date": text}
    changes = {path: new for path, _, new, _ in fix_record(record).changes}
    assert ("`peace-talks fix` does this" in message) == (("date",) in changes)
    if ("date",) in changes:
        assert changes[("date",)] == suggestion


@given(st.text(alphabet="0123456789-/X~?%. T:", max_size=24))
def test_every_rejected_string_gets_a_reason(text: str) -> None:
    try:
        _date(text)
    except ValidationError as exc:
        [error] = exc.errors()
        assert error["msg"].startswith(f"'{text[:59]}")
        assert "is an EDTF date" not in error["msg"]
        assert edtf_problem(text)[0] == error["msg"] or error["type"] == "date_range_ordered"
