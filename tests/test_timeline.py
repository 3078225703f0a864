"""The timeline page: every dated record of the examples is drawn, fuzzy dates are ranges with the models' bounds,
lanes and filters work, the page references nothing outside itself, hostile text is inert, the SVG is well-formed,
the output is deterministic, and the command's exit codes hold with nothing written on bad input."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import peace_talks_model.timeline as timeline_module
from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.cli import app
from peace_talks_model.io import read_records
from peace_talks_model.models import Record
from peace_talks_model.models.agreement import AgreementStatus
from peace_talks_model.models.ceasefire import Ceasefire, CeasefireStatus
from peace_talks_model.models.event import EventStatus
from peace_talks_model.models.negotiation import NegotiationStatus
from peace_talks_model.models.prisoner_swap import SwapStatus
from peace_talks_model.timeline import (
    DRAWN_TYPES,
    MARK_KINDS,
    NO_PROCESS_PAGE,
    OTHER_LANE,
    STATUS_CATEGORY,
    Filters,
    Mark,
    Timeline,
    TimelineError,
    _listed,
    _mentions,
    _parents,
    build_timeline,
    involves,
    process_file,
    process_members,
    process_roots,
    render_html,
    timeline_html,
    timeline_pages,
)
from peace_talks_model.validation import record_adapter
from tests.conftest import EXAMPLES

runner = CliRunner()
VALID = EXAMPLES / "valid"
SEED = VALID / "afghanistan-2019-2020"
US_TALIBAN = "negotiation:us-taliban-talks-2018-2020"
SPAN_STARTS = ("in_effect", "declared", "agreed")
SPAN_ENDS = ("ended", "broken", "expired", "superseded")


@pytest.fixture(scope="module")
def all_records() -> list[Record]:
    return list(read_records([VALID]).records)


@pytest.fixture(scope="module")
def seed_records() -> list[Record]:
    return list(read_records([SEED, VALID / "common"]).records)


def record(data: dict[str, Any]) -> Record:
    """A validated record from a dict (schema_version added)."""
    result: Record = record_adapter().validate_python({"schema_version": SCHEMA_VERSION, **data})
    return result


def negotiation(local: str, date: Any = None, **fields: Any) -> Record:
    data: dict[str, Any] = {"record_type": "negotiation", "id": f"negotiation:{local}", "kind": "meeting", **fields}
    if date is not None:
        data["date"] = date
    return record(data)


def expected_marks(item: Record) -> int:
    """How many marks a record must get, counted from the record itself (docs/timeline.md, "What is drawn")."""
    data = item.model_dump()
    steps = data.get("status_history", [])
    dated_steps = sum(s["date"] is not None for s in steps) + sum(s["scheduled_for"] is not None for s in steps)
    if item.record_type == "position":
        return (data["stated"] is not None) + (data["held_from"] is not None or data["held_until"] is not None)
    if item.record_type == "ceasefire":
        declared = any(d[k] is not None for d in data["declarations"] for k in ("declared", "effective", "end"))
        stepped = any(s["date"] is not None and s["status"] in SPAN_STARTS + SPAN_ENDS for s in steps)
        extras = [v for v in data["violations"] + data["extensions"] if v["date"] is not None]
        return int(declared or stepped) + dated_steps + len(extras)
    phases = sum(p["date"] is not None for p in data["phases"]) if item.record_type == "prisoner_swap" else 0
    return (data.get("date") is not None) + dated_steps + phases


def overlaps(mark: Mark, first: dt.date, last: dt.date) -> bool:
    low = mark.earliest or (mark.end.earliest if mark.end else None)
    high = mark.latest or (mark.start.latest if mark.start else None)
    assert low is not None
    assert high is not None
    return low <= last and high >= first


# --------------------------------------------------------------------------------------------------
# What is drawn
# --------------------------------------------------------------------------------------------------


def test_every_dated_record_of_the_examples_is_drawn(all_records: list[Record]) -> None:
    timeline = build_timeline(all_records)
    drawn = [r for r in all_records if r.record_type in DRAWN_TYPES]
    assert drawn
    entries = {e.record_id for e in timeline.entries}
    left_out = {item.record_id for item in timeline.left_out if item.what == "the record"}
    for item in drawn:
        want = expected_marks(item)
        assert len(timeline.marks_of(item.id)) == want, item.id
        assert (item.id in entries) == (want > 0), item.id
        assert (item.id in left_out) == (want == 0), item.id
    assert len(timeline.marks) == sum(expected_marks(r) for r in drawn)
    claims = sum(r.record_type == "claim" for r in all_records)
    assert any(item.what == f"{claims} claim(s)" for item in timeline.left_out)
    assert not [m for m in timeline.marks if m.record_type not in DRAWN_TYPES]


def test_every_mark_of_the_examples_is_in_the_page(all_records: list[Record]) -> None:
    timeline = build_timeline(all_records)
    page = render_html(timeline)
    groups = re.findall(r'<g class="mark"><title>(.*?)</title>', page, flags=re.S)
    assert len(groups) == len(timeline.marks)
    for entry in timeline.entries:
        assert sum(title.startswith(entry.record_id + " (") for title in groups) == len(
            timeline.marks_of(entry.record_id)
        ), entry.record_id


def test_marks_take_their_bounds_from_the_models(all_records: list[Record]) -> None:
    timeline = build_timeline(all_records)
    by_id = {r.id: r for r in all_records}
    checked = 0
    for mark in timeline.marks:
        item = by_id[mark.record_id]
        if mark.kind == "record" and mark.record_type != "position":
            date = getattr(item, "date", None)
            assert date is not None
            assert (mark.earliest, mark.latest) == (date.earliest(), date.latest()), mark.record_id
            assert mark.point == (date.earliest() == date.latest() and not (date.approximate or date.uncertain))
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    ("date", "start", "end", "point"),
    [
        ("2019-09-07", ("2019-09-07", "2019-09-07"), ("2019-09-07", "2019-09-07"), True),
        ("2019-09", ("2019-09-01", "2019-09-30"), ("2019-09-01", "2019-09-30"), False),
        ("2018-XX", ("2018-01-01", "2018-12-31"), ("2018-01-01", "2018-12-31"), False),
        ("2019-06/2019-09", ("2019-06-01", "2019-06-30"), ("2019-09-01", "2019-09-30"), False),
        ("2005-01-27/2005-01-29", ("2005-01-27", "2005-01-27"), ("2005-01-29", "2005-01-29"), False),
        (
            {"edtf": "2019-09", "part": "early", "text": "early September"},
            ("2019-09-01", "2019-09-10"),
            ("2019-09-01", "2019-09-10"),
            False,
        ),
        ("2019-22", ("2019-06-01", "2019-08-31"), ("2019-06-01", "2019-08-31"), False),
        ("../2019-10-03", None, ("2019-10-03", "2019-10-03"), False),
        ("2019-10/..", ("2019-10-01", "2019-10-31"), None, False),
    ],
)
def test_fuzzy_dates_are_ranges_with_the_right_bounds(
    date: Any, start: tuple[str, str] | None, end: tuple[str, str] | None, point: bool
) -> None:
    item = negotiation("fuzzy", date)
    (mark,) = build_timeline([item]).marks
    got_start = (mark.start.earliest.isoformat(), mark.start.latest.isoformat()) if mark.start else None
    got_end = (mark.end.earliest.isoformat(), mark.end.latest.isoformat()) if mark.end else None
    assert got_start == start
    assert got_end == end
    assert mark.point is point
    assert mark.fuzzy is (not point and not (mark.start and mark.end and mark.start.exact and mark.end.exact))
    assert mark.edtf == (date if isinstance(date, str) else date["edtf"])


def test_approximate_day_is_not_drawn_as_an_exact_point() -> None:
    (mark,) = build_timeline([negotiation("about", "2019-09-07~")]).marks
    assert mark.approximate
    assert not mark.point
    assert mark.fuzzy


def test_fuzzy_marks_are_hatched_and_exact_days_are_symbols() -> None:
    page = timeline_html([negotiation("month", "2019-09"), negotiation("day", "2019-12-07")])
    month = re.search(r"<title>negotiation:month [^<]*</title>(.*?)</g>", page, flags=re.S)
    day = re.search(r"<title>negotiation:day [^<]*</title>(.*?)</g>", page, flags=re.S)
    assert month is not None
    assert day is not None
    assert 'fill="url(#h' in month.group(1)
    assert "<circle" not in month.group(1)
    assert day.group(1).startswith("<circle")


def test_open_end_fades() -> None:
    page = timeline_html([negotiation("open", "2019-10/..")])
    assert 'fill="url(#fr' in page


def test_ceasefire_is_a_span_from_declarations_and_status_history() -> None:
    cf = record(
        {
            "record_type": "ceasefire",
            "id": "ceasefire:test",
            "declarations": [
                {"declarer": "actor:a", "declared": "2002-12-09", "effective": "2002-12-10"},
                {"declarer": "actor:b", "declared": "2002-12-09"},
            ],
            "status_history": [
                {"status": "agreed", "date": "2002-12-09"},
                {"status": "broken", "date": {"edtf": "2003-05", "text": "May 2003"}},
                {"status": "ended"},
            ],
            "violations": [{"date": "2003-01"}],
        }
    )
    assert isinstance(cf, Ceasefire)
    timeline = build_timeline([cf])
    spans = [m for m in timeline.marks if m.kind == "span"]
    assert len(spans) == 1
    span = spans[0]
    assert span.start is not None
    assert span.end is not None
    assert (span.start.earliest, span.start.latest) == (dt.date(2002, 12, 10), dt.date(2002, 12, 10))
    assert (span.end.earliest, span.end.latest) == (dt.date(2003, 5, 1), dt.date(2003, 5, 31))
    assert span.fuzzy
    assert "May 2003" in span.tooltip
    assert "Declared by actor:b" in span.tooltip
    assert [m.kind for m in timeline.marks] == ["span", "status", "status", "violation"]
    assert any(item.what.startswith("status_history/2") for item in timeline.left_out)


def test_tooltip_has_id_wording_and_quotes() -> None:
    quote = "The talks " + "were long and grinding " * 20
    item = negotiation(
        "quoted",
        {"edtf": "2019-09", "text": "last month"},
        status_history=[
            {
                "status": "cancelled",
                "date": {"edtf": "2019-09-07", "text": "on Saturday"},
                "evidence": [{"source": "source:s1", "quote": "Trump called off the talks"}],
            }
        ],
        evidence=[{"source": "source:s2", "quote": quote}],
    )
    record_mark, status_mark = build_timeline([item]).marks
    assert record_mark.tooltip.startswith("negotiation:quoted (negotiation)")
    assert "“last month”" in record_mark.tooltip
    assert "2019-09-01 to 2019-09-30" in record_mark.tooltip
    shown = re.search(r"source:s2: “(.*)”", record_mark.tooltip)
    assert shown is not None
    assert shown.group(1).endswith("…")
    assert len(shown.group(1)) < len(quote)
    assert "“on Saturday”" in status_mark.tooltip
    assert "source:s1: “Trump called off the talks”" in status_mark.tooltip
    assert status_mark.status == "cancelled"
    assert record_mark.wording == "last month"


def test_every_status_has_a_colour_category() -> None:
    for enum in (NegotiationStatus, AgreementStatus, CeasefireStatus, SwapStatus, EventStatus):
        assert {s.value for s in enum} <= set(STATUS_CATEGORY), enum.__name__


# --------------------------------------------------------------------------------------------------
# Lanes
# --------------------------------------------------------------------------------------------------


def test_seed_lanes(seed_records: list[Record]) -> None:
    timeline = build_timeline(seed_records)
    lane_of = {e.record_id: e.lane for e in timeline.entries}
    track = lane_of[US_TALIBAN]
    parts = [r.id for r in seed_records if getattr(r, "part_of", None) == US_TALIBAN]
    assert parts
    assert {lane_of[p] for p in parts if p in lane_of} == {track}
    assert lane_of["agreement:2020-02-29-us-taliban-doha-agreement"] == track
    assert lane_of["prisoner_swap:2019-11-king-weeks-haqqani"] == track
    # the Eid cease-fire is declared by the two sides of the intra-Afghan track: it shares their lane
    assert lane_of["ceasefire:2018-06-eid-afghanistan"] == lane_of["negotiation:intra-afghan-negotiations-2020"]
    keys = [lane.key for lane in timeline.lanes]
    assert len(keys) == len(set(keys))
    assert keys.count(OTHER_LANE) <= 1
    assert OTHER_LANE not in keys[:-1]
    assert {m.lane for m in timeline.marks} == set(keys)
    labels = {lane.key: lane.label for lane in timeline.lanes}
    assert labels[track] == "Taliban – United States"


def test_unlinked_event_goes_to_other() -> None:
    event = record({"record_type": "event", "id": "event:quake", "kind": "natural_disaster", "date": "2004-12-26"})
    talks = negotiation(
        "t", "2005-01", participants=[{"actor": "actor:a", "role": "party"}, {"actor": "actor:b", "role": "party"}]
    )
    timeline = build_timeline([talks, event])
    assert [lane.key for lane in timeline.lanes][-1] == OTHER_LANE
    assert timeline.marks_of("event:quake")[0].lane == OTHER_LANE
    assert timeline.marks_of("negotiation:t")[0].lane == "parties actor:a actor:b"


def test_a_negative_event_is_drawn_as_the_span_in_which_nothing_happened() -> None:
    """A negative fact (schema 1.5 `polarity`) is never drawn as if it happened: its mark and its entry say what
    did not happen in the span."""
    quiet = record(
        {
            "record_type": "event",
            "id": "event:no-ceasefire",
            "kind": "ceasefire_declared",
            "polarity": "negative",
            "date": "2018-06/2019-10",
        }
    )
    timeline = build_timeline([quiet])
    [mark] = timeline.marks_of("event:no-ceasefire")
    assert mark.what == "Span in which no ceasefire declared happened (a negative fact)"
    assert "no ceasefire declared" in mark.tooltip
    assert "Date of the event" not in mark.tooltip


# --------------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------------


def test_process_filter(all_records: list[Record]) -> None:
    timeline = build_timeline(all_records, Filters(process=US_TALIBAN))
    drawn = {e.record_id for e in timeline.entries}
    members = process_members([r for r in all_records if r.record_type in DRAWN_TYPES], US_TALIBAN)
    assert drawn <= members
    assert US_TALIBAN in drawn
    assert "negotiation:2019-09-camp-david-summit" in drawn  # part_of the track
    assert "negotiation:2019-10-khalilzad-taliban-pakistan" in drawn  # part_of a part of it
    assert "agreement:2020-02-29-us-taliban-doha-agreement" in drawn  # came out of it
    assert "event:2019-09-05-kabul-bombing" in drawn  # an event that refers to it
    assert "negotiation:intra-afghan-negotiations-2020" not in drawn  # another track
    assert "negotiation:normandy-format" not in drawn  # another process
    assert timeline.title == "Timeline: US-Taliban peace talks 2018-2020"


def test_process_must_exist(all_records: list[Record]) -> None:
    with pytest.raises(TimelineError, match="no record"):
        build_timeline(all_records, Filters(process="negotiation:no-such-talks"))


def test_actor_filter(all_records: list[Record]) -> None:
    actor = "actor:pakistan"
    timeline = build_timeline(all_records, Filters(actor=actor))
    drawn = {e.record_id for e in timeline.entries}
    assert drawn
    by_id = {r.id: r for r in all_records}
    for record_id in drawn:
        assert actor in by_id[record_id].model_dump_json(), record_id
    unrelated = [r for r in all_records if r.record_type in DRAWN_TYPES and actor not in r.model_dump_json()]
    assert unrelated
    assert not drawn & {r.id for r in unrelated}
    assert involves(by_id["negotiation:2019-10-03-qureshi-taliban-islamabad"], actor)


@settings(max_examples=25, deadline=None)
@given(
    first=st.dates(min_value=dt.date(1994, 1, 1), max_value=dt.date(2022, 12, 31)),
    days=st.integers(min_value=0, max_value=3000),
)
def test_date_window_keeps_exactly_the_overlapping_marks(first: dt.date, days: int) -> None:
    records, everything = _window_records()
    last = min(first + dt.timedelta(days=days), dt.date(2023, 12, 31))
    try:
        timeline = build_timeline(records, Filters(date_from=first.isoformat(), date_to=last.isoformat()))
    except TimelineError:
        assert not [m for m in everything.marks if overlaps(m, first, last)]
        return
    assert timeline.window == (first, last)
    assert timeline.marks == [m for m in everything.marks if overlaps(m, first, last)]


_CACHE: list[tuple[list[Record], Timeline]] = []


def _window_records() -> tuple[list[Record], Timeline]:
    """The valid examples and their whole timeline, read once (hypothesis runs the test many times)."""
    if not _CACHE:
        records = list(read_records([VALID]).records)
        _CACHE.append((records, build_timeline(records)))
    return _CACHE[0]


def test_date_window_uses_the_edtf_bounds(seed_records: list[Record]) -> None:
    timeline = build_timeline(seed_records, Filters(date_from="2019-09", date_to="2019-12"))
    assert timeline.window == (dt.date(2019, 9, 1), dt.date(2019, 12, 31))
    assert any(item.why == "outside the --from/--to window" for item in timeline.left_out)
    with pytest.raises(TimelineError, match="after"):
        build_timeline(seed_records, Filters(date_from="2020", date_to="2019"))
    with pytest.raises(TimelineError, match="nothing to draw"):
        build_timeline(seed_records, Filters(date_from="1900", date_to="1901"))


# --------------------------------------------------------------------------------------------------
# The page: self-contained, well-formed, hostile text inert, deterministic
# --------------------------------------------------------------------------------------------------

VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}


class PageParser(HTMLParser):
    """Collects tags and attributes and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_page(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert not parser.errors
    assert not parser.stack
    return parser


def assert_self_contained(page: str) -> None:
    parser = parse_page(page)
    assert not {"link", "script", "img", "iframe", "object", "embed", "image", "use", "foreignobject"} & set(
        parser.tags
    )
    for tag, name, value in parser.attributes:
        assert name not in ("src", "href", "xlink:href", "srcset", "action", "data", "poster"), (tag, name)
        assert not name.startswith("on"), (tag, name)
        if value and "url(" in value:
            assert re.fullmatch(r"url\(#[A-Za-z0-9]+\)", value), (tag, name, value)
    style = re.search(r"<style>(.*?)</style>", page, flags=re.S)
    assert style is not None
    assert "url(" not in style.group(1)
    assert "@import" not in style.group(1)
    assert "http:" not in page
    assert "https:" not in page
    assert not [value for _, _, value in parser.attributes if value and "//" in value]


def svgs(page: str) -> list[ET.Element]:
    found = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    return [ET.fromstring(svg) for svg in found]


def test_page_of_the_seed_is_self_contained_and_well_formed(seed_records: list[Record]) -> None:
    page = timeline_html(seed_records)
    assert page.startswith("<!DOCTYPE html>")
    assert_self_contained(page)
    trees = svgs(page)
    assert len(trees) >= 2  # the chart and the legend's swatches
    chart = next(tree for tree in trees if tree.get("class") == "timeline")
    titles = [t.text or "" for t in chart.iter("title")]
    assert sum(1 for t in titles if t.startswith("negotiation:us-taliban-talks-2018-2020 (")) == len(
        build_timeline(seed_records).marks_of(US_TALIBAN)
    )
    assert "Content-Security-Policy" in page


HOSTILE = (
    '</script><script>alert(1)</script> "><svg onload=alert(2)> <img src=x onerror=alert(3)> '
    "]]><!-- & http://evil.example/x.js {W} \x00\x07"
)


def test_hostile_text_is_inert() -> None:
    item = negotiation(
        "hostile",
        {"edtf": "2019-09", "text": HOSTILE},
        title=HOSTILE,
        participants=[{"actor": "actor:a", "role": "party"}, {"actor": "actor:b", "role": "party"}],
        status_history=[
            {"status": "held", "date": "2019-09-07", "evidence": [{"source": "source:x", "quote": HOSTILE}]}
        ],
        evidence=[{"source": "source:x", "quote": HOSTILE}],
    )
    actor = record({"record_type": "actor", "id": "actor:a", "name": HOSTILE, "kind": "state"})
    page = timeline_html([actor, item])
    page.encode("utf-8")  # no lone surrogate left
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;svg onload=alert(2)&gt;" in page
    parser = parse_page(page)
    assert not [a for a in parser.attributes if a[1].startswith("on")]
    assert parser.tags.count("svg") == len(svgs(page))
    chart_text = "".join(parser.text)
    assert "alert(1)" in chart_text  # shown as text
    for tree in svgs(page):  # well-formed XML although the text held control characters and markup
        assert tree.tag == "svg"
    assert "{W}" in page  # text is never used as a template


def test_output_is_deterministic(tmp_path: Path) -> None:
    first = tmp_path / "a.html"
    second = tmp_path / "b.html"
    for out in (first, second):
        result = runner.invoke(app, ["timeline", str(VALID), "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert timeline_html(read_records([SEED]).records) == timeline_html(read_records([SEED]).records)


def test_axis_ticks_follow_the_span(seed_records: list[Record]) -> None:
    timeline = build_timeline(seed_records)
    years = render_html(timeline, dense=False)
    labels = re.findall(r'<text class="tick year" x="([0-9.]+)" y="13">(\d{4})</text>', years)
    first, last = timeline.window
    assert [label for _, label in labels] == [str(y) for y in range(first.year, last.year + 1)]
    xs = [float(x) for x, _ in labels][1:]  # the first label sits at the window's start, mid-year
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    assert max(gaps) - min(gaps) < 0.02 * max(gaps)  # an even axis: years equally wide (leap days aside)
    month = render_html(build_timeline(seed_records, Filters(date_from="2019-09", date_to="2019-09")))
    days = re.findall(r'<text class="tick" x="[0-9.]+" y="30">(\d+)</text>', month)
    assert {"8", "15", "22"} <= set(days)


def test_dense_axis_gives_busy_months_more_room(seed_records: list[Record]) -> None:
    def year_x(page: str) -> dict[str, float]:
        found = re.findall(r'<text class="tick year" x="([0-9.]+)" y="13">(\d{4})</text>', page)
        return {label: float(x) for x, label in found}

    timeline = build_timeline(seed_records)
    dense, even = year_x(render_html(timeline)), year_x(render_html(timeline, dense=False))
    busy = (dense["2020"] - dense["2019"]) / (dense["2014"] - dense["2013"])
    assert busy > 3 * (even["2020"] - even["2019"]) / (even["2014"] - even["2013"])
    assert list(dense) == sorted(dense)
    assert [dense[y] for y in sorted(dense)] == sorted(dense.values())  # still in time order


# --------------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------------


def test_cli_writes_the_seed_timeline(tmp_path: Path) -> None:
    out = tmp_path / "timeline.html"
    result = runner.invoke(app, ["timeline", str(SEED), str(VALID / "common"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    timeline = build_timeline(read_records([SEED, VALID / "common"]).records)
    assert f"{len(timeline.entries)} record(s), {len(timeline.marks)} mark(s)" in result.output
    assert out.read_text(encoding="utf-8") == render_html(timeline)


def test_cli_filters(tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    args = ["timeline", str(VALID), "--out", str(out), "--process", US_TALIBAN, "--actor", "actor:taliban"]
    result = runner.invoke(app, [*args, "--from", "2019-09", "--to", "2019-12", "--linear"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "process negotiation:us-taliban-talks-2018-2020, actor actor:taliban, from 2019-09, to 2019-12" in page
    assert "negotiation:normandy-format" not in page


def _bad(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.json"
    bad.write_text('{"record_type": "negotiation", "id": "negotiation:x", "kind": "chat"}', encoding="utf-8")
    return bad


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("invalid-record", 1),
        ("not-json", 1),
        ("unknown-process", 1),
        ("nothing-to-draw", 1),
        ("bad-from", 2),
        ("missing-input", 3),
        ("output-is-a-directory", 3),
    ],
)
def test_cli_exit_codes_and_nothing_written(tmp_path: Path, case: str, code: int) -> None:
    out = tmp_path / "out" / "timeline.html"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    args = ["timeline", str(SEED), "--out", str(out)]
    if case == "invalid-record":
        args = ["timeline", str(SEED), str(_bad(tmp_path)), "--out", str(out)]
    elif case == "not-json":
        broken = tmp_path / "broken.json"
        broken.write_text("{not json", encoding="utf-8")
        args = ["timeline", str(broken), "--out", str(out)]
    elif case == "unknown-process":
        args += ["--process", "negotiation:none"]
    elif case == "nothing-to-draw":
        args += ["--from", "1800", "--to", "1801"]
    elif case == "bad-from":
        args += ["--from", "Sept 2019"]
    elif case == "missing-input":
        args = ["timeline", str(tmp_path / "missing.json"), "--out", str(out)]
    elif case == "output-is-a-directory":
        out.unlink()
        out.mkdir()
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    if case == "output-is-a-directory":
        assert out.is_dir()
        assert list(out.iterdir()) == []
    else:
        assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.parent.iterdir()) == ["timeline.html"]  # no temporary file left


def test_timeline_of_a_timeline_object_is_inspectable(seed_records: list[Record]) -> None:
    timeline = build_timeline(seed_records)
    assert isinstance(timeline, Timeline)
    kinds = {m.kind for m in timeline.marks}
    assert {"record", "status", "scheduled", "span", "held"} <= kinds
    for mark in timeline.marks:
        assert mark.start is not None or mark.end is not None
        if mark.start and mark.end:
            assert mark.start.earliest <= mark.end.latest


@pytest.mark.parametrize("dates", [("0001-01-01", "0001"), ("9999-12-31", "9999"), ("0001", "9999-12-31")])
def test_extreme_dates_draw(dates: tuple[str, str]) -> None:
    items = [negotiation(f"n{i}", date) for i, date in enumerate(dates)]
    page = timeline_html(items)
    assert len(svgs(page)) >= 2
    assert len(build_timeline(items).marks) == 2


def test_mark_kinds_are_the_documented_ones(all_records: list[Record]) -> None:
    kinds = {m.kind for m in build_timeline(all_records).marks}
    assert kinds <= set(MARK_KINDS)
    assert {"record", "status", "span", "phase", "violation", "held"} <= kinds


# --------------------------------------------------------------------------------------------------
# An index of processes (--by-process)
# --------------------------------------------------------------------------------------------------


def _fixpoint_members(records: list[Record], process: str) -> set[str]:
    """process_members as first written (a fixpoint over every record, rescanned until nothing changes): the
    indexed graph must give the same sets."""
    by_id = {r.id: r for r in records}
    members = {process}
    changed = True
    while changed:
        changed = False
        for item in records:
            if item.id in members:
                new = {r for r in _listed(item) if r in by_id} - members
            elif any(p in members for p in _parents(item)):
                new = {item.id}
            else:
                continue
            if new:
                members |= new
                changed = True
    core = set(members)
    for item in records:
        if item.id not in core and any(r in core for r in _mentions(item)):
            members.add(item.id)
        if item.id in core:
            members |= {r for s in getattr(item, "status_history", []) for r in s.caused_by if r in by_id}
    return members


def test_process_members_agree_with_the_plain_fixpoint(all_records: list[Record]) -> None:
    drawn = [r for r in all_records if r.record_type in DRAWN_TYPES]
    negotiations = [r.id for r in drawn if r.record_type == "negotiation"]
    assert len(negotiations) > 20
    for process in negotiations:
        assert process_members(drawn, process) == _fixpoint_members(drawn, process), process


def test_by_process_pages_are_the_process_timelines_and_miss_no_record(all_records: list[Record]) -> None:
    pages = list(timeline_pages(all_records))
    roots = process_roots(all_records)
    by_process = {page.process: (page, text) for page, text in pages}
    # every root with something dated has a page, and that page draws what `--process ROOT` draws
    for root in roots:
        try:
            alone = build_timeline(all_records, Filters(process=root))
        except TimelineError:
            assert root not in by_process
            continue
        page, text = by_process[root]
        assert page.file == process_file(root)
        assert page.records == len(alone.entries)
        assert page.marks == len(alone.marks)
        assert page.window == alone.window
        assert 'href="index.html">All processes</a>' in text
        assert sorted(_marks_of_page(text)) == sorted(m.record_id for m in alone.marks)
    # the records linked to no process have a page of their own, so every drawn record is on some page
    rest_page, rest_text = by_process[None]
    assert rest_page.file == NO_PROCESS_PAGE
    on_pages = {m for root in roots if root in by_process for m in _marks_of_page(by_process[root][1])}
    on_pages |= set(_marks_of_page(rest_text))
    assert {m.record_id for m in build_timeline(all_records).marks} == on_pages
    assert rest_page.records == len(set(_marks_of_page(rest_text)))


def _marks_of_page(text: str) -> list[str]:
    """The record ids of a page's marks (the first word of each mark's tooltip)."""
    return re.findall(r'<g class="mark[^"]*"[^>]*><title>(\S+)', text)


def test_timeline_by_process_writes_an_index_whose_links_all_resolve(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    result = runner.invoke(app, ["timeline", str(VALID), "--by-process", "--out", str(out)])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">', index)
    files = sorted(p.name for p in out.iterdir())
    assert sorted([*links, "index.html"]) == files
    processes = sum(link.startswith("process-") for link in links)
    assert processes >= 15
    assert "no-process.html" in links
    assert f"the index of {processes} process page(s) in {out}; one page of" in result.output
    for link in links:
        assert (out / link).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "<script" not in index
    assert "default-src 'none'" in index
    # files are written with the user's permissions
    assert {(p.stat().st_mode & 0o777) for p in out.iterdir()} == {0o666 & ~_umask()}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_by_process_refuses_process_and_nothing_to_draw_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    both = runner.invoke(app, ["timeline", str(VALID), "--by-process", "--process", US_TALIBAN, "-o", str(out)])
    assert both.exit_code == 2
    assert "--process" in both.output
    args = ["timeline", str(VALID), "--by-process", "--from", "1800", "--to", "1801", "-o", str(out)]
    empty = runner.invoke(app, args)
    assert empty.exit_code == 1
    assert "nothing to draw" in empty.output
    assert not out.exists()


def test_a_large_single_page_suggests_by_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline_module, "LARGE_TIMELINE", 10)
    result = runner.invoke(app, ["timeline", str(VALID), "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 0
    assert "records on one page; --by-process writes one page per process and an index" in result.output
    small = runner.invoke(app, ["timeline", str(VALID), "--process", US_TALIBAN, "--out", str(tmp_path / "u.html")])
    assert "--by-process" not in small.output
