"""Timeline pictures of a peace process: records in, one self-contained HTML page (inline CSS and SVG) out.

`build_timeline(records, filters)` turns records into a `Timeline`: lanes (one per negotiation track or set of
parties, and one "Other" lane at most) and `Mark`s, the small data structure the picture is drawn from and tests
inspect (what a mark stands for, its record, lane, the bounds of its start and end, exact or fuzzy, tooltip text).
`render_html(timeline)` draws it; `timeline_html(records, filters)` does both, and `write_timeline(paths, out,
filters)` reads record files with `io.read_records` and writes the page atomically. The page loads nothing (no
script, font, stylesheet or image from anywhere) and runs no script: tooltips are SVG `<title>` elements, and
every text taken from a record is escaped. What is drawn and how is described in docs/timeline.md.

Fuzzy dates are drawn as what they are: every bound comes from the models' own `FuzzyDate.earliest()` /
`latest()` (and `parse_edtf` for the inner bounds of an interval), a date known to the day is a point, a coarser
one a hatched bar over every day it may denote, and an open or unknown end a fading tail.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peace_talks_model.errors import InputError, InvalidRecords
from peace_talks_model.introspect import references
from peace_talks_model.io import InvalidRecordsError, ReadResult, WriteError, read_records, write_text
from peace_talks_model.loader import discover
from peace_talks_model.models import Actor, Agreement, Ceasefire, Event, Negotiation, Position, PrisonerSwap, Record
from peace_talks_model.models.dates import EdtfError, FuzzyDate, parse_edtf
from peace_talks_model.models.event import Polarity
from peace_talks_model.models.evidence import Evidence
from peace_talks_model.models.ids import local_part, record_type_of

#: The record types drawn, in the order the legend lists them. Claims are not drawn (see docs/timeline.md).
DRAWN_TYPES: tuple[str, ...] = ("negotiation", "agreement", "ceasefire", "prisoner_swap", "event", "position")
#: The record types counted but not drawn, with why (actors and sources are who and where from).
_UNDRAWN: dict[str, str] = {
    "claim": "claims are not drawn (statements about other records)",
    "conflict": "conflicts are not drawn (the context the drawn records name)",
}

#: What a mark stands for.
MARK_KINDS: tuple[str, ...] = (
    "record",  # the record's own date (a position's `stated`)
    "span",  # a cease-fire, from its start to its end (declarations and status history)
    "status",  # a dated status step
    "scheduled",  # the date a step was scheduled for (`scheduled_for`)
    "phase",  # a dated round of a prisoner swap
    "violation",  # a dated violation of a cease-fire
    "extension",  # a dated extension of a cease-fire
    "held",  # the period a position was held (`held_from` / `held_until`)
)

OTHER_LANE = "other"
#: The last day a window may show (the axis needs the first day of the following month).
_LAST_DAY = dt.date(9999, 11, 30)

#: The category of every status, which gives its colour.
STATUS_CATEGORY: dict[str, str] = {
    **dict.fromkeys(
        ("proposed", "planned", "scheduled", "drafted", "demanded", "under_negotiation", "finalized", "initialled"),
        "planned",
    ),
    **dict.fromkeys(
        (
            "held",
            "ongoing",
            "resumed",
            "concluded",
            "revived",
            "adopted",
            "signed",
            "ratified",
            "approved",
            "endorsed",
            "approved_in_referendum",
            "in_force",
            "implemented",
            "agreed",
            "declared",
            "in_effect",
            "extended",
            "partial",
            "executed",
            "results_announced",
        ),
        "progress",
    ),
    **dict.fromkeys(
        ("postponed", "suspended", "delayed", "violated", "results_delayed", "disputed", "inconclusive"), "setback"
    ),
    **dict.fromkeys(("cancelled", "collapsed", "abandoned", "broken", "rejected", "annulled"), "failure"),
    **dict.fromkeys(("ended", "expired", "superseded"), "ended"),
}

_CATEGORY_COLOR = {
    "planned": "#0072B2",
    "progress": "#009E73",
    "setback": "#E69F00",
    "failure": "#D55E00",
    "ended": "#6E6E6E",
}
_CATEGORY_WORDS = {
    "planned": "proposed, planned, scheduled, drafted",
    "progress": "held, agreed, signed, in effect, executed",
    "setback": "postponed, suspended, delayed, violated",
    "failure": "cancelled, collapsed, abandoned, broken",
    "ended": "ended, expired, superseded",
}
_TYPE_COLOR = {
    "negotiation": "#3B4A8C",
    "agreement": "#8E3B8F",
    "ceasefire": "#1F7A73",
    "prisoner_swap": "#9C5A1A",
    "event": "#333333",
    "position": "#8A8A8A",
}
_TYPE_WORDS = {
    "negotiation": "negotiation",
    "agreement": "agreement",
    "ceasefire": "cease-fire",
    "prisoner_swap": "prisoner swap",
    "event": "event",
    "position": "position",
}

# --------------------------------------------------------------------------------------------------
# The marks
# --------------------------------------------------------------------------------------------------


class TimelineError(InvalidRecords, ValueError):
    """Input that gives no picture: invalid records, an unknown --process record, or filters that select nothing."""


class NothingToDrawError(TimelineError):
    """The filters leave no dated record to draw."""


class UnreadableInputError(InputError, OSError):
    """A path that does not exist or cannot be opened."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The first and last day one end of a mark may fall on (equal for a day-precise end)."""

    earliest: dt.date
    latest: dt.date

    @property
    def exact(self) -> bool:
        """True when the end is known to the day."""
        return self.earliest == self.latest


@dataclass(frozen=True, slots=True)
class Mark:
    """One thing drawn: `kind` (one of MARK_KINDS) of the record `record_id`, in `lane`, from `start` to `end`.

    A single date has the same `start` and `end` bounds; an interval has the bounds of each of its ends; an open
    or unknown end is None. `what` names the mark ("held", "date", "span"), `status` the status reached by a
    status step, `edtf` and `wording` its date as written, and `tooltip` the plain text shown on hover.
    """

    kind: str
    record_id: str
    record_type: str
    lane: str
    what: str
    status: str | None
    start: Bounds | None
    end: Bounds | None
    approximate: bool
    edtf: str
    wording: str | None
    tooltip: str

    @property
    def earliest(self) -> dt.date | None:
        """The first day the mark may cover, None for an open or unknown start."""
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> dt.date | None:
        """The last day the mark may cover, None for an open or unknown end."""
        return self.end.latest if self.end else None

    @property
    def exact(self) -> bool:
        """True when both ends are known to the day and not approximate: drawn as a point or a solid bar."""
        return (
            self.start is not None
            and self.end is not None
            and self.start.exact
            and self.end.exact
            and not (self.approximate)
        )

    @property
    def fuzzy(self) -> bool:
        """True when the mark is drawn as a range of possible days (hatched) or has an open end."""
        return not self.exact

    @property
    def point(self) -> bool:
        """True for a single exact day."""
        return self.exact and self.earliest == self.latest


@dataclass(frozen=True, slots=True)
class Lane:
    """A horizontal band: a negotiation track or a set of parties, or the "Other" lane."""

    key: str
    label: str
    detail: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A record that has marks: its id, type, lane and the short label written beside it."""

    record_id: str
    record_type: str
    lane: str
    label: str


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Something the records hold that is not drawn, and why."""

    record_id: str
    what: str
    why: str


@dataclass(frozen=True, slots=True)
class Filters:
    """Which records and dates to draw; dates are EDTF strings (their earliest / latest day bound the window)."""

    process: str | None = None
    actor: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def describe(self) -> str:
        """The filters in words, for the page."""
        parts = []
        if self.process:
            parts.append(f"process {self.process}")
        if self.actor:
            parts.append(f"actor {self.actor}")
        if self.date_from:
            parts.append(f"from {self.date_from}")
        if self.date_to:
            parts.append(f"to {self.date_to}")
        return ", ".join(parts) if parts else "none"


@dataclass(slots=True)
class Timeline:
    """What is drawn: the lanes (in drawing order), the records with marks, the marks, what was left out, the
    window of dates shown and a title."""

    title: str
    lanes: list[Lane]
    entries: list[Entry]
    marks: list[Mark]
    left_out: list[LeftOut]
    window: tuple[dt.date, dt.date]
    filters: Filters = field(default_factory=Filters)

    def marks_of(self, record_id: str) -> list[Mark]:
        """The marks of one record."""
        return [m for m in self.marks if m.record_id == record_id]


def date_option(text: str, which: str) -> dt.date:
    """The day a --from (`which` = 'from': its earliest day) or --to ('to': its latest day) EDTF date stands for.

    Raises:
        ValueError: the text is not an EDTF date, or has no such bound ('../2019').
    """
    try:
        parsed = parse_edtf(text)
    except EdtfError as exc:
        raise ValueError(str(exc)) from None
    end = parsed.start if which == "from" else parsed.end
    if end is None:
        raise ValueError(f"'{text}' has no {'start' if which == 'from' else 'end'}")
    return end.earliest if which == "from" else end.latest


# --------------------------------------------------------------------------------------------------
# Records -> marks
# --------------------------------------------------------------------------------------------------

_QUOTE_LIMIT = 220
_QUOTES_SHOWN = 3


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _bounds_of(date: FuzzyDate) -> tuple[Bounds | None, Bounds | None]:
    """The bounds of the start and end of a date, from the model's own earliest()/latest() and parse_edtf."""
    earliest, latest = date.earliest(), date.latest()
    parsed = parse_edtf(date.edtf)
    if not parsed.is_interval:
        assert earliest is not None
        assert latest is not None
        bounds = Bounds(earliest, latest)
        return bounds, bounds
    start = Bounds(earliest, parsed.start.latest) if earliest is not None and parsed.start is not None else None
    end = Bounds(parsed.end.earliest, latest) if latest is not None and parsed.end is not None else None
    return start, end


def _date_words(date: FuzzyDate) -> str:
    earliest, latest = date.earliest(), date.latest()
    span = (
        f"{earliest.isoformat()}"
        if earliest is not None and earliest == latest
        else f"{earliest.isoformat() if earliest else 'open start'} to {latest.isoformat() if latest else 'open end'}"
    )
    flags = [w for w, on in (("approximate", date.approximate), ("uncertain", date.uncertain)) if on]
    flag = f", {' and '.join(flags)}" if flags else ""
    if date.text:
        return f"“{date.text}” (EDTF {date.edtf}: {span}{flag})"
    return f"{date.edtf}{flag}" if span == date.edtf else f"{date.edtf} ({span}{flag})"


def _quotes(evidence: Sequence[Evidence]) -> list[str]:
    if not evidence:
        return ["No quote."]
    lines = [f"• {e.source}: “{_shorten(e.quote, _QUOTE_LIMIT)}”" for e in evidence[:_QUOTES_SHOWN]]
    if len(evidence) > _QUOTES_SHOWN:
        lines.append(f"(+{len(evidence) - _QUOTES_SHOWN} more quote(s))")
    return lines


class _Builder:
    """Collects the marks of one record."""

    def __init__(self, record: Record, lane: str, title: str) -> None:
        self.record = record
        self.lane = lane
        self.title = title
        self.marks: list[Mark] = []
        self.left_out: list[LeftOut] = []

    def add(
        self,
        kind: str,
        what: str,
        date: FuzzyDate,
        evidence: Sequence[Evidence],
        *,
        status: str | None = None,
        extra: Sequence[str] = (),
    ) -> None:
        """A mark for one date (a point, or the range of days it may denote)."""
        lines = [f"Date: {_date_words(date)}", *extra, "Quotes:" if evidence else "", *_quotes(evidence)]
        self.range(kind, what, date, date, lines, status=status)

    def range(
        self,
        kind: str,
        what: str,
        first: FuzzyDate | None,
        last: FuzzyDate | None,
        lines: Sequence[str],
        *,
        status: str | None = None,
    ) -> None:
        """A mark from the start of `first` to the end of `last` (the same date for a single date; None: an open
        or unknown end)."""
        start = _bounds_of(first)[0] if first is not None else None
        end = _bounds_of(last)[1] if last is not None else None
        if start is not None and end is not None and end.latest < start.earliest:
            end = None  # an end recorded before the start: drawn as unknown (the validator reports it)
        dates = [d for d in (first, last) if d is not None]
        if first is last and first is not None:
            edtf, wording = first.edtf, first.text
        else:
            edtf = f"{first.edtf if first else '..'} to {last.edtf if last else '..'}"
            wording = None
        head = f"{self.record.id} ({_TYPE_WORDS[self.record.record_type]}): {self.title}"
        tooltip = "\n".join([head, what, *(line for line in lines if line)])
        approximate = any(d.approximate or d.uncertain for d in dates)
        record = self.record
        self.marks.append(
            Mark(
                kind,
                record.id,
                record.record_type,
                self.lane,
                what,
                status,
                start,
                end,
                approximate,
                edtf,
                wording,
                tooltip,
            )
        )

    def steps(self, steps: Sequence[Any]) -> None:
        """A mark per dated status step, and per date a step was scheduled for."""
        for index, step in enumerate(steps):
            status = step.status.value
            extra = [f"By: {', '.join(step.by)}" if step.by else "", f"Reason: {step.reason}" if step.reason else ""]
            if step.caused_by:
                extra.append(f"Caused by: {', '.join(step.caused_by)}")
            if step.date is not None:
                self.add("status", f"Status: {status}", step.date, step.evidence, status=status, extra=extra)
            if step.scheduled_for is not None:
                what = f"Scheduled for (step '{status}')"
                self.add("scheduled", what, step.scheduled_for, step.evidence, status=status)
            if step.date is None and step.scheduled_for is None:
                self.left_out.append(LeftOut(self.record.id, f"status_history/{index} ({status})", "no date"))

    def span(self, ceasefire: Ceasefire) -> None:
        """The cease-fire span: from its first start to its last end (declarations and status history)."""
        starts: list[FuzzyDate] = [d.effective for d in ceasefire.declarations if d.effective is not None]
        if not starts:
            starts = [d.declared for d in ceasefire.declarations if d.declared is not None]
        steps = ceasefire.status_history
        starts += [s.date for s in steps if s.date is not None and s.status.value == "in_effect"]
        if not starts:
            starts = [s.date for s in steps if s.date is not None and s.status.value in ("declared", "agreed")]
        ends = [d.end for d in ceasefire.declarations if d.end is not None]
        ends += [
            s.date
            for s in steps
            if s.date is not None and s.status.value in ("ended", "broken", "expired", "superseded")
        ]
        start_date = min(starts, key=_sort_earliest, default=None)
        end_date = max(ends, key=_sort_latest, default=None)
        if start_date is None and end_date is None:
            self.left_out.append(LeftOut(self.record.id, "span", "no start or end date"))
            return
        lines = [
            f"From: {_date_words(start_date) if start_date else 'start not recorded'}",
            f"To: {_date_words(end_date) if end_date else 'end not recorded'}",
        ]
        for declaration in ceasefire.declarations:
            when = ", ".join(
                f"{name} {getattr(declaration, name).edtf}"
                for name in ("declared", "effective", "end")
                if getattr(declaration, name) is not None
            )
            lines.append(f"Declared by {declaration.declarer}" + (f": {when}" if when else ""))
        lines += ["Quotes:" if ceasefire.evidence else "", *_quotes(ceasefire.evidence)]
        self.range("span", "Cease-fire span", start_date, end_date, lines)


def _sort_earliest(date: FuzzyDate) -> dt.date:
    return date.earliest() or dt.date.min


def _sort_latest(date: FuzzyDate) -> dt.date:
    return date.latest() or dt.date.max


def _title(record: Record) -> str:
    if isinstance(record, Agreement):
        return record.name
    title = getattr(record, "title", None)
    if title:
        return str(title)
    if isinstance(record, Position):
        return record.description or f"{record.kind.value} on {record.topic.value}"
    if isinstance(record, Event):
        kind = record.kind.value.replace("_", " ")
        if record.polarity is Polarity.negative:  # a negative fact: what did not happen
            return record.description or f"no {kind}"
        return record.description or kind
    return local_part(record.id)


def _record_marks(record: Record, lane: str) -> _Builder:
    builder = _Builder(record, lane, _title(record))
    if isinstance(record, Ceasefire):
        builder.span(record)
    elif isinstance(record, Position):
        if record.stated is not None:
            holders = [f"Holders: {', '.join(record.holders)}"]
            builder.add("record", "Stated", record.stated, record.evidence, extra=holders)
        held_from, held_until = record.held_from, record.held_until
        if held_from is not None or held_until is not None:
            words = [
                f"From: {_date_words(held_from) if held_from else 'not recorded'}",
                f"Until: {_date_words(held_until) if held_until else 'not recorded'}",
            ]
            builder.range("held", "Held", held_from, held_until, [*words, *_quotes(record.evidence)])
    elif isinstance(record, Event) and record.polarity is Polarity.negative and record.date is not None:
        what = record.kind.value.replace("_", " ")
        builder.add("record", f"Span in which no {what} happened (a negative fact)", record.date, record.evidence)
    elif isinstance(record, Negotiation | Agreement | PrisonerSwap | Event) and record.date is not None:
        builder.add("record", f"Date of the {_TYPE_WORDS[record.record_type]}", record.date, record.evidence)
    if isinstance(record, Negotiation | Agreement | PrisonerSwap | Event | Ceasefire):
        builder.steps(record.status_history)
    if isinstance(record, PrisonerSwap):
        for phase in record.phases:
            if phase.date is not None:
                builder.add("phase", f"Round {phase.key}", phase.date, phase.evidence)
    if isinstance(record, Ceasefire):
        for index, violation in enumerate(record.violations):
            if violation.date is not None:
                extra = [violation.description or "", f"By: {', '.join(violation.by)}" if violation.by else ""]
                builder.add("violation", f"Violation {index + 1}", violation.date, violation.evidence, extra=extra)
        for index, extension in enumerate(record.extensions):
            if extension.date is not None:
                until = [f"Until: {_date_words(extension.until)}" if extension.until else ""]
                builder.add("extension", f"Extension {index + 1}", extension.date, extension.evidence, extra=until)
    if not builder.marks:
        builder.left_out.append(LeftOut(record.id, "the record", "no date to draw"))
    return builder


# --------------------------------------------------------------------------------------------------
# Lanes
# --------------------------------------------------------------------------------------------------

_PLACED_TYPES = ("negotiation", "agreement", "ceasefire", "prisoner_swap")


class _Lanes:
    """Places every record in a lane (see docs/timeline.md, "Lanes")."""

    def __init__(self, records: dict[str, Record], names: dict[str, str]) -> None:
        self.records = records
        self.names = names
        self.cache: dict[str, str | None] = {}
        self.lanes: dict[str, Lane] = {}

    def name(self, actor: str) -> str:
        return self.names.get(actor, local_part(actor))

    def _party_lane(self, actors: Iterable[str], origin: Negotiation | None) -> str | None:
        parties = sorted(set(actors))
        if not parties:
            if origin is None:
                return None
            key = f"track {origin.id}"
            self.lanes.setdefault(key, Lane(key, _shorten(_title(origin), 60), f"Track: {origin.id}"))
            return key
        key = "parties " + " ".join(parties)
        names = sorted(self.name(a) for a in parties)
        if len(names) <= 3:
            label = " – ".join(names)
        elif origin is not None:
            label = _shorten(_title(origin), 60)
        else:
            label = f"{', '.join(names[:3])} and {len(names) - 3} more"
        detail = "Parties: " + ", ".join(f"{self.name(a)} ({a})" for a in parties)
        if origin is not None:
            detail += f"\nTrack: {origin.id}"
        lane = self.lanes.get(key)
        if lane is None:
            self.lanes[key] = Lane(key, label, detail)
        elif origin is not None and f"Track: {origin.id}" not in lane.detail:
            self.lanes[key] = Lane(key, lane.label, f"{lane.detail}\nTrack: {origin.id}")
        return key

    def lane_of(self, record_id: str, seen: frozenset[str] = frozenset()) -> str | None:
        """The lane of a record, or None when it has none of its own (events and positions then go to Other)."""
        if record_id in self.cache:
            return self.cache[record_id]
        record = self.records.get(record_id)
        if record is None or record_id in seen:
            return None
        seen = seen | {record_id}
        lane = self._place(record, seen)
        self.cache[record_id] = lane
        return lane

    def _first(self, ids: Iterable[str | None], seen: frozenset[str], types: tuple[str, ...]) -> str | None:
        for target in ids:
            if target is not None and record_type_of(target) in types:
                lane = self.lane_of(target, seen)
                if lane is not None and lane != OTHER_LANE:
                    return lane
        return None

    def _place(self, record: Record, seen: frozenset[str]) -> str | None:
        if isinstance(record, Negotiation):
            if record.part_of is not None and record.part_of in self.records:
                parent = self.lane_of(record.part_of, seen)
                if parent is not None:
                    return parent
            parties = [p.on_behalf_of or p.actor for p in record.participants if p.role.value == "party"]
            return self._party_lane((a for a in parties if a is not None), record)
        if isinstance(record, Agreement):
            return self._first(record.negotiations, seen, ("negotiation",)) or self._party_lane(record.parties, None)
        if isinstance(record, Ceasefire):
            return self._first(
                [record.negotiation, record.agreement, record.restores], seen, _PLACED_TYPES
            ) or self._party_lane((d.declarer for d in record.declarations), None)
        if isinstance(record, PrisonerSwap):
            linked = self._first([record.negotiation, record.agreement, record.part_of], seen, _PLACED_TYPES)
            sides = [a for s in record.sides for a in (s.releaser, s.receiver) if a is not None]
            return linked or self._party_lane(sides, None)
        if isinstance(record, Event):
            return (
                self._first([record.part_of], seen, (*_PLACED_TYPES, "event"))
                or self._first([*record.related, *record.caused_by], seen, _PLACED_TYPES)
                or OTHER_LANE
            )
        if isinstance(record, Position):
            return self._first([*record.regarding, record.ended_by], seen, (*_PLACED_TYPES, "event")) or OTHER_LANE
        return None


# --------------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------------


def _parents(record: Record) -> list[str]:
    if isinstance(record, Negotiation):
        return [r for r in (record.part_of,) if r]
    if isinstance(record, Agreement):
        return list(record.negotiations)
    if isinstance(record, Ceasefire):
        return [r for r in (record.negotiation, record.agreement, record.restores) if r]
    if isinstance(record, PrisonerSwap):
        return [r for r in (record.negotiation, record.agreement, record.part_of) if r]
    if isinstance(record, Event):
        return [r for r in (record.part_of,) if r]
    return []


def _listed(record: Record) -> list[str]:
    if isinstance(record, Negotiation):
        return [*record.agreements, *(r for o in record.outcomes for r in o.records)]
    return []


def _mentions(record: Record) -> list[str]:
    if isinstance(record, Event):
        return [*record.related, *record.caused_by, *(r for s in record.status_history for r in s.caused_by)]
    if isinstance(record, Position):
        return [*record.regarding, *(r for r in (record.ended_by,) if r)]
    return []


class _ProcessGraph:
    """The links `process_members` follows, indexed once: children by parent, what a record lists, who mentions a
    record, and the causes of a record's status steps."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.ids = {r.id for r in records}
        self.children: dict[str, list[str]] = {}
        self.listed: dict[str, list[str]] = {}
        self.mentioned_by: dict[str, list[str]] = {}
        self.causes: dict[str, list[str]] = {}
        for record in records:
            for parent in _parents(record):
                self.children.setdefault(parent, []).append(record.id)
            listed = [r for r in _listed(record) if r in self.ids]
            if listed:
                self.listed[record.id] = listed
            for target in _mentions(record):
                self.mentioned_by.setdefault(target, []).append(record.id)
            causes = [r for s in getattr(record, "status_history", []) for r in s.caused_by if r in self.ids]
            if causes:
                self.causes[record.id] = causes

    def members(self, process: str) -> set[str]:
        core = {process}
        todo = [process]
        while todo:
            current = todo.pop()
            for linked in (*self.children.get(current, ()), *self.listed.get(current, ())):
                if linked not in core:
                    core.add(linked)
                    todo.append(linked)
        members = set(core)
        for record_id in core:
            members.update(self.mentioned_by.get(record_id, ()))
            members.update(self.causes.get(record_id, ()))
        return members


def process_members(records: Sequence[Record], process: str) -> set[str]:
    """The ids of the records linked to `process` (a negotiation, usually a track): the process, the records that
    are part of it or came out of it (`part_of`, `negotiation(s)`, `agreement`, `restores` pointing into it, and
    what its negotiations list in `agreements` and `outcomes`), repeated until nothing changes; then, one step
    further, the events and positions that refer to one of those records and the records their status steps
    name as causes.

    Raises:
        TimelineError: no record has the id `process`.
    """
    if not any(r.id == process for r in records):
        raise TimelineError(f"--process {process}: no record with this id among the input records")
    return _ProcessGraph(records).members(process)


def involves(record: Record, actor: str) -> bool:
    """True when the record refers to the actor anywhere (party, participant, declarer, holder, speaker...)."""
    return record.id == actor or any(target == actor for _, target in references(record))


def _in_window(mark: Mark, window_from: dt.date | None, window_to: dt.date | None) -> bool:
    earliest = mark.earliest or (mark.end.earliest if mark.end else None)
    latest = mark.latest or (mark.start.latest if mark.start else None)
    assert earliest is not None
    assert latest is not None
    if window_from is not None and latest < window_from:
        return False
    return window_to is None or earliest <= window_to


# --------------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------------


def build_timeline(records: Iterable[Record], filters: Filters | None = None) -> Timeline:
    """Lanes and marks of the records that pass the filters (see docs/timeline.md).

    Raises:
        TimelineError: --process names no input record, a --from/--to date is not an EDTF date, --from is after
            --to, or nothing is left to draw.
    """
    filters = filters or Filters()
    try:
        window_from = date_option(filters.date_from, "from") if filters.date_from else None
        window_to = date_option(filters.date_to, "to") if filters.date_to else None
    except ValueError as exc:
        raise TimelineError(f"--from/--to: {exc}") from None
    if window_from and window_to and window_from > window_to:
        raise TimelineError(f"--from {filters.date_from} is after --to {filters.date_to}")
    names: dict[str, str] = {}
    kept: list[Record] = []
    undrawn = dict.fromkeys(_UNDRAWN, 0)
    for record in records:
        if isinstance(record, Actor):
            names[record.id] = record.name
        elif record.record_type in DRAWN_TYPES:
            kept.append(record)
        elif record.record_type in _UNDRAWN:
            undrawn[record.record_type] += 1
    selected = kept
    if filters.process:
        members = process_members(kept, filters.process)
        selected = [r for r in selected if r.id in members]
    if filters.actor:
        selected = [r for r in selected if involves(r, filters.actor)]
    placer = _Lanes({r.id: r for r in kept}, names)
    marks: list[Mark] = []
    left_out: list[LeftOut] = []
    entries: list[Entry] = []
    left_out += [LeftOut("", f"{n} {kind}(s)", _UNDRAWN[kind]) for kind, n in undrawn.items() if n]
    for record in selected:
        lane = placer.lane_of(record.id) or OTHER_LANE
        builder = _record_marks(record, lane)
        left_out += builder.left_out
        shown = [m for m in builder.marks if _in_window(m, window_from, window_to)]
        if len(shown) < len(builder.marks):
            left_out.append(
                LeftOut(record.id, f"{len(builder.marks) - len(shown)} mark(s)", "outside the --from/--to window")
            )
        if shown:
            marks += shown
            entries.append(Entry(record.id, record.record_type, lane, _shorten(builder.title, 56)))
    if not marks:
        raise NothingToDrawError(f"nothing to draw: no dated record passes the filters ({filters.describe()})")
    window = _window(marks, window_from, window_to)
    lane_order = _lane_order(marks)
    lanes = [
        placer.lanes.get(key) or Lane(OTHER_LANE, "Other", "Events and positions linked to no lane")
        for key in lane_order
    ]
    title = "Peace-process timeline"
    if filters.process:
        process = next(r for r in kept if r.id == filters.process)
        title = f"Timeline: {_title(process)}"
    return Timeline(title, lanes, entries, marks, left_out, window, filters)


def _window(marks: Sequence[Mark], window_from: dt.date | None, window_to: dt.date | None) -> tuple[dt.date, dt.date]:
    known = [
        d for m in marks for d in (m.earliest, m.latest, m.start and m.start.latest, m.end and m.end.earliest) if d
    ]
    first, last = min(known), max(known)
    pad = dt.timedelta(days=max(3, (last - first).days // 40))
    start = window_from or max(dt.date.min + pad, first) - pad
    end = window_to or min(dt.date.max - pad, last) + pad
    return start, min(end, _LAST_DAY)


def _lane_order(marks: Sequence[Mark]) -> list[str]:
    first: dict[str, dt.date] = {}
    for mark in marks:
        day = mark.earliest or (mark.end.earliest if mark.end else dt.date.max)
        if mark.lane not in first or day < first[mark.lane]:
            first[mark.lane] = day
    return sorted(first, key=lambda key: (key == OTHER_LANE, first[key], key))


# --------------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------------

_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_X0 = 24.0
_ROW = 24.0
_LANE_HEAD = 24.0
_AXIS = 34.0
_TAIL = 28.0
_CHAR = 6.4
#: The plot is at most this wide, so that with its labels the page fits a screen 1,280 px wide; wider pages are
#: scaled down to the window's width by the browser (`max-width: 100%`), and "Zoom" draws the chart twice as wide.
_MIN_PLOT, _MAX_PLOT = 960.0, 1100.0
#: Room for the labels right of the plot: a label that would run further is shortened.
_LABEL_ROOM = 150.0
_BASE_MONTH = 9.0
_PER_MARK = 11.0


def _esc(text: str) -> str:
    """Text safe in HTML and XML: characters XML forbids replaced, markup characters escaped."""
    return html.escape(_INVALID_XML.sub("\ufffd", text), quote=True)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _knots(start: dt.date, end: dt.date) -> tuple[list[dt.date], int]:
    """The window's start, the first day of every later month in it (of every year, decade or century when the
    window is too long for months), and the day after its end; with the number of months between knots."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next(k for k in (1, 12, 120, 1200) if months / k <= 1500)
    years = step // 12
    day: dt.date | None = (
        _add_months(start, 1) if step == 1 else dt.date(min(start.year - start.year % years + years, 9999), 1, 1)
    )
    days = [start]
    while day is not None and start < day <= end:
        days.append(day)
        day = _add_months(day, step)
    days.append(end + dt.timedelta(days=1))
    return days, step


def _add_months(day: dt.date, months: int) -> dt.date | None:
    """The first day of the month `months` after the month of `day` (None after the year 9999)."""
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1) if total // 12 <= 9999 else None


class _Scale:
    """Dates to x: linear within each month; months are equally wide per day ('linear'), or wider the more marks
    of at most a quarter's length fall in them ('dense', the default), which gives busy months room."""

    def __init__(self, window: tuple[dt.date, dt.date], marks: Sequence[Mark], dense: bool) -> None:
        self.start, self.end = window
        self.knots, self.step = _knots(self.start, self.end)
        spans = list(itertools.pairwise(self.knots))
        days = [(b - a).days for a, b in spans]
        total_days = sum(days)
        if dense:
            counts = [0] * len(spans)
            for mark in marks:
                low = mark.earliest or (mark.end.earliest if mark.end else None)
                high = mark.latest or (mark.start.latest if mark.start else None)
                if low is None or high is None or (high - low).days > 92:
                    continue
                index = bisect.bisect_right(self.knots, low) - 1
                if 0 <= index < len(counts):
                    counts[index] += 1
            per_month = min(_BASE_MONTH, 0.6 * _MAX_PLOT * 30.44 / total_days)
            base = [per_month * d / 30.44 for d in days]
            extra = [_PER_MARK * min(c, 40) for c in counts]
            room = _MAX_PLOT - sum(base)
            if sum(extra) > room > 0:
                extra = [e * room / sum(extra) for e in extra]
            widths = [b + e for b, e in zip(base, extra, strict=True)]
        else:
            widths = [d * max(_MIN_PLOT, min(_MAX_PLOT, total_days * 1.2)) / total_days for d in days]
        if sum(widths) < _MIN_PLOT:
            widths = [w * _MIN_PLOT / sum(widths) for w in widths]
        self.widths = widths
        self.offsets = [_X0, *itertools.accumulate(widths, initial=_X0)][1:]
        self.width = sum(widths)

    def x(self, day: dt.date) -> float:
        """The left edge of a day (days outside the window are placed linearly beyond its ends)."""
        index = min(max(bisect.bisect_right(self.knots, day) - 1, 0), len(self.widths) - 1)
        first, last = self.knots[index], self.knots[index + 1]
        return self.offsets[index] + (day - first).days * self.widths[index] / (last - first).days

    def after(self, day: dt.date) -> float:
        """The right edge of a day."""
        return self.x(day + dt.timedelta(days=1)) if day < dt.date.max else self.x(day)

    def centre(self, day: dt.date) -> float:
        """The middle of a day."""
        return (self.x(day) + self.after(day)) / 2

    def clamp(self, x: float) -> float:
        """x kept within the plot."""
        return min(max(x, _X0), _X0 + self.width)


def _stretch_strip(scale: _Scale) -> list[str]:
    """Where time is drawn wider: under the dates, a grey strip over each month (or year...) whose days are drawn
    wider than the narrowest's, the darker the wider, with the factor in its tooltip. Empty on an even axis."""
    per_day = [w / (b - a).days for w, (a, b) in zip(scale.widths, itertools.pairwise(scale.knots), strict=True)]
    least = min(per_day, default=0.0)
    if least <= 0 or max(per_day) / least < 1.05:
        return []
    top = _AXIS + 1
    out = []
    for width, offset, factor, (start, end) in zip(
        scale.widths,
        scale.offsets[: len(scale.widths)],
        (d / least for d in per_day),
        itertools.pairwise(scale.knots),
        strict=True,
    ):
        if factor < 1.05:
            continue
        opacity = min(0.85, 0.15 + 0.7 * (factor - 1) / 4)
        span = f"{start.isoformat()} to {(end - dt.timedelta(days=1)).isoformat()}"
        out.append(
            f'<rect class="stretch" x="{_num(offset)}" y="{_num(top)}" width="{_num(width)}" height="4" '
            f'fill="#6b6b6b" fill-opacity="{opacity:.2f}"><title>{span}: drawn {factor:.1f}x as wide as the '
            "quietest stretch of time (more events)</title></rect>"
        )
    return out


def _axis_note(scale: _Scale) -> str:
    """The sentence above the chart that says how time is drawn."""
    if not _stretch_strip(scale):
        return '<p class="axis-note">Time runs evenly from left to right.</p>\n'
    return (
        '<p class="axis-note">Time is not drawn evenly: months with more events are drawn wider. The grey strip '
        "under the dates shows where, the darker the wider (hover it for how much).</p>\n"
    )


def _month_width(scale: _Scale, day: dt.date) -> float:
    index = min(max(bisect.bisect_right(scale.knots, day) - 1, 0), len(scale.widths) - 1)
    return scale.widths[index]


def _extent(mark: Mark, scale: _Scale) -> tuple[float, float]:
    if mark.start is not None:
        left = scale.x(mark.start.earliest)
    else:
        left = scale.x(mark.end.earliest) - _TAIL if mark.end else 0.0
    if mark.end is not None:
        right = scale.after(mark.end.latest)
    else:
        right = scale.after(mark.start.latest) + _TAIL if mark.start else 0.0
    if mark.point and mark.start is not None:
        middle = scale.centre(mark.start.earliest)
        left, right = min(left, middle - 6), max(right, middle + 6)
    return scale.clamp(left), scale.clamp(right)


def _pack(entries: Sequence[Entry], spans: dict[str, tuple[float, float]]) -> dict[str, int]:
    """First-fit rows: a record's marks and label stay on one row; records never overlap."""
    rows: list[float] = []
    placed: dict[str, int] = {}
    for entry in sorted(entries, key=lambda e: (spans[e.record_id][0], e.record_id)):
        left, right = spans[entry.record_id]
        right += 8 + len(entry.label) * _CHAR
        for index, end in enumerate(rows):
            if end + 10 <= left:
                rows[index] = right
                placed[entry.record_id] = index
                break
        else:
            rows.append(right)
            placed[entry.record_id] = len(rows) - 1
    return placed


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class _Tick:
    day: dt.date
    level: int  # 0 year, 1 month, 2 day
    label: str


def _ticks(scale: _Scale) -> list[_Tick]:
    """Grid lines at years (every year, or every 2, 5, 10... when years are narrow; always where a year is wide)
    and months, labels where they fit: years on the upper axis line, months (or days in wide months) on the lower
    one; a label never overlaps another on its line."""
    candidates = [_Tick(scale.start, 0, str(scale.start.year))]
    per_year = scale.width * 365.25 / ((scale.end - scale.start).days + 1)
    year_step = next((n for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if n * per_year >= 8), 2000)
    for year in range(scale.start.year + 1, scale.end.year + 1):
        first = dt.date(year, 1, 1)
        wide = year < 9999 and scale.x(dt.date(year + 1, 1, 1)) - scale.x(first) >= 40
        if year % year_step == 0 or wide:
            candidates.append(_Tick(first, 0, str(year)))
    for index, first in enumerate(scale.knots[:-1] if scale.step == 1 else []):
        width = scale.widths[index]
        days = (scale.knots[index + 1] - first).days
        if first.day == 1 or index == 0:
            candidates.append(_Tick(first, 1, _MONTHS[first.month - 1] if width >= 22 else ""))
        per_day = width / days
        step = next((n for n in (1, 7) if n * per_day >= 34), None)
        if step is not None:
            day = first + dt.timedelta(days=1)
            while day < scale.knots[index + 1]:
                if (day.day - 1) % step == 0 and day.day <= 29:
                    candidates.append(_Tick(day, 2, str(day.day)))
                day += dt.timedelta(days=1)
    placed: list[_Tick] = []
    taken: dict[int, list[tuple[float, float]]] = {0: [], 1: []}

    # a label at the window's first day (mid-month, mid-year) yields to one at a real year or month start
    def in_the_middle(tick: _Tick) -> bool:
        return tick.day == scale.start and (tick.day.day != 1 or (tick.level == 0 and tick.day.month != 1))

    for candidate in sorted(candidates, key=lambda t: (t.level, in_the_middle(t), t.day)):
        line = 0 if candidate.level == 0 else 1
        x = scale.x(candidate.day)
        room = (x, x + len(candidate.label) * 6.6 + 6)
        if candidate.label and any(a < room[1] and room[0] < b for a, b in taken[line]):
            candidate = _Tick(candidate.day, candidate.level, "")  # noqa: PLW2901 (the same tick, unlabelled)
        elif candidate.label:
            taken[line].append(room)
        placed.append(candidate)
    return sorted(placed, key=lambda t: (t.day, t.level))


_STYLE = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:16px 20px;background:#fff}
h1{font-size:20px;margin:0 0 4px}
p.meta{margin:0 0 10px;color:#555}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:6px 0 12px;font-size:12px;color:#333}
.legend span{display:inline-flex;align-items:center;gap:5px}
.chart{overflow-x:auto;border:1px solid #ddd;border-radius:4px}
.chart svg.timeline{display:block;max-width:100%;height:auto}
.zoom{margin:0 0 6px;font-size:12px;color:#333}
#zoom:checked~.chart svg.timeline{max-width:none;width:200%}
.axis-note{font-size:12px;color:#555;margin:0 0 6px}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.lane-label{font-size:12px;font-weight:600;fill:#1a1a1a}
.row-label{font-size:11px;fill:#333}
.tick{font-size:11px;fill:#555}
.year{font-weight:600;fill:#333}
g.mark:hover>*{stroke:#000;stroke-width:1.6}
details{margin-top:14px;font-size:13px;color:#444}
details li{margin:1px 0}
p.back{margin:0 0 6px;font-size:13px}
table.index{border-collapse:collapse;font-size:13px;margin-top:8px}
table.index th,table.index td{border-bottom:1px solid #e4e4e4;padding:3px 10px 3px 0;text-align:left;vertical-align:top}
table.index td.n{text-align:right;font-variant-numeric:tabular-nums}
"""


def _patterns(colors: Iterable[str]) -> str:
    out = []
    for color in colors:
        name = color.lstrip("#")
        out.append(
            f'<pattern id="h{name}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{color}" fill-opacity="0.16"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{color}" stroke-width="2.2" stroke-opacity="0.75"/></pattern>'
        )
        for side, (x1, x2) in (("r", ("0", "1")), ("l", ("1", "0"))):
            out.append(
                f'<linearGradient id="f{side}{name}" x1="{x1}" x2="{x2}" y1="0" y2="0">'
                f'<stop offset="0" stop-color="{color}" stop-opacity="0.7"/>'
                f'<stop offset="1" stop-color="{color}" stop-opacity="0"/></linearGradient>'
            )
    return "".join(out)


def _color(mark: Mark) -> str:
    if mark.kind in ("status", "scheduled"):
        return _CATEGORY_COLOR[STATUS_CATEGORY.get(mark.status or "", "ended")]
    if mark.kind == "violation":
        return _CATEGORY_COLOR["setback"]
    if mark.kind == "extension":
        return _CATEGORY_COLOR["progress"]
    return _TYPE_COLOR[mark.record_type]


def _symbol(record_type: str, centre: tuple[float, float], size: float, color: str) -> str:
    cx, cy = centre
    common = f'fill="{color}" stroke="{color}" stroke-width="1.4"'
    s = size
    if record_type == "agreement":
        return f'<rect x="{_num(cx - s)}" y="{_num(cy - s)}" width="{_num(2 * s)}" height="{_num(2 * s)}" {common}/>'
    if record_type in ("prisoner_swap", "position"):
        t = s * 1.25
        points = (
            f"{_num(cx)},{_num(cy - t)} {_num(cx + t)},{_num(cy)} {_num(cx)},{_num(cy + t)} {_num(cx - t)},{_num(cy)}"
        )
        return f'<polygon points="{points}" {common}/>'
    if record_type == "event":
        t = s * 1.2
        points = f"{_num(cx)},{_num(cy - t)} {_num(cx + t)},{_num(cy + t * 0.8)} {_num(cx - t)},{_num(cy + t * 0.8)}"
        return f'<polygon points="{points}" {common}/>'
    return f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(s)}" {common}/>'


def _shape(mark: Mark, scale: _Scale, y: float) -> str:
    """The SVG of one mark centred on y: a symbol for an exact day, bars for ranges (hatched where fuzzy),
    fading tails for open ends."""
    color = _color(mark)
    name = color.lstrip("#")
    main = mark.kind in ("record", "span", "held")
    height = (12.0 if mark.kind == "span" else 10.0) if main else 5.0
    top = y - height / 2 if main else y + 6.5
    if mark.kind == "held":
        height, top = 4.0, y - 2
    if mark.point:
        cx = scale.centre(mark.start.earliest) if mark.start else 0.0
        if main:
            return _symbol(mark.record_type, (cx, y), 5.0 if mark.record_type != "position" else 4.0, color)
        hollow = mark.kind == "scheduled"
        tip = f"{_num(cx)},{_num(y + 4)} {_num(cx + 4)},{_num(y + 11)} {_num(cx - 4)},{_num(y + 11)}"
        fill = "#fff" if hollow else color
        return f'<polygon points="{tip}" fill="{fill}" stroke="{color}" stroke-width="1.3"/>'
    parts: list[str] = []
    dash = ' stroke-dasharray="3 2"' if mark.kind == "scheduled" or mark.approximate else ""

    def rect(x1: float, x2: float, fill: str, stroke: bool = True) -> None:
        x1, x2 = scale.clamp(x1), scale.clamp(x2)
        if x2 - x1 < 2.5:
            middle = (x1 + x2) / 2
            x1, x2 = middle - 1.25, middle + 1.25
        outline = f' stroke="{color}" stroke-width="0.8"{dash}' if stroke else ""
        parts.append(
            f'<rect x="{_num(x1)}" y="{_num(top)}" width="{_num(x2 - x1)}" height="{_num(height)}" '
            f'fill="{fill}"{outline}/>'
        )

    start, end = mark.start, mark.end
    hatch, solid = f"url(#h{name})", color
    if start is not None and end is not None:
        if start.latest < end.earliest:
            if not start.exact:
                rect(scale.x(start.earliest), scale.after(start.latest), hatch)
            if not end.exact:
                rect(scale.x(end.earliest), scale.after(end.latest), hatch)
            fill = "#fff" if mark.kind == "scheduled" else solid
            rect(
                scale.after(start.latest) if not start.exact else scale.x(start.earliest),
                scale.x(end.earliest) if not end.exact else scale.after(end.latest),
                fill,
            )
        else:
            rect(scale.x(start.earliest), scale.after(end.latest), hatch if mark.fuzzy else solid)
    elif start is not None:
        rect(scale.x(start.earliest), scale.after(start.latest), hatch if not start.exact else solid)
        rect(scale.after(start.latest), scale.after(start.latest) + _TAIL, f"url(#fr{name})", stroke=False)
    elif end is not None:
        rect(scale.x(end.earliest), scale.after(end.latest), hatch if not end.exact else solid)
        rect(scale.x(end.earliest) - _TAIL, scale.x(end.earliest), f"url(#fl{name})", stroke=False)
    return "".join(parts)


def _legend() -> str:
    def swatch(body: str, width: int = 34) -> str:
        return f'<svg width="{width}" height="16" viewBox="0 0 {width} 16" aria-hidden="true">{body}</svg>'

    items: list[str] = []
    for record_type in DRAWN_TYPES:
        color = _TYPE_COLOR[record_type]
        body = _symbol(record_type, (8, 8), 5.0, color) + (
            f'<rect x="17" y="3" width="16" height="10" fill="{color}"/>'
            if record_type != "position"
            else '<rect x="17" y="6" width="16" height="4" fill="#8A8A8A"/>'
        )
        items.append(f"<span>{swatch(body)}{_TYPE_WORDS[record_type]}</span>")
    for category, color in _CATEGORY_COLOR.items():
        tip = f'<polygon points="8,2 12,12 4,12" fill="{color}" stroke="{color}"/>'
        items.append(f"<span>{swatch(tip, 16)}status: {_CATEGORY_WORDS[category]}</span>")
    grey = "#555555"
    hatched = f'<rect x="1" y="3" width="32" height="10" fill="url(#h555555)" stroke="{grey}" stroke-width="0.8"/>'
    span = (
        '<rect x="1" y="3" width="10" height="10" fill="url(#h555555)"/>'
        f'<rect x="11" y="3" width="22" height="10" fill="{grey}"/>'
    )
    tail = '<rect x="1" y="3" width="32" height="10" fill="url(#fr555555)"/>'
    scheduled = '<polygon points="8,2 12,12 4,12" fill="#fff" stroke="#0072B2" stroke-width="1.3"/>'
    items += [
        f"<span>{swatch(_symbol('negotiation', (17, 8), 5, grey))}known to the day</span>",
        f"<span>{swatch(hatched)}fuzzy: any day in the hatched range (a month, a year, a season)</span>",
        f"<span>{swatch(span)}span with a fuzzy start</span>",
        f"<span>{swatch(tail)}open or unknown end</span>",
        f"<span>{swatch(scheduled, 16)}date a step was scheduled for</span>",
    ]
    defs = (
        f'<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>{_patterns([grey])}</defs></svg>'
    )
    return f'<div class="legend">{defs}{"".join(items)}</div>'


def render_html(timeline: Timeline, dense: bool = True, index_page: str | None = None) -> str:
    """The page of a timeline: a title, a legend, the SVG chart (hover a mark for its record, date wording and
    quotes) and the list of what is not drawn. Same timeline, same bytes.

    With `dense` (the default) a month is wider the more short marks fall in it, so that busy months can be
    read; without it the time axis is even. Either way dates map to x in order and within a month linearly.
    """
    scale = _Scale(timeline.window, timeline.marks, dense)
    entries_by_lane: dict[str, list[Entry]] = {}
    for entry in timeline.entries:
        entries_by_lane.setdefault(entry.lane, []).append(entry)
    marks_by_record: dict[str, list[Mark]] = {}
    for mark in timeline.marks:
        marks_by_record.setdefault(mark.record_id, []).append(mark)
    spans = {
        record_id: (min(_extent(m, scale)[0] for m in marks), max(_extent(m, scale)[1] for m in marks))
        for record_id, marks in marks_by_record.items()
    }
    # layout: the rows of every lane, then the page width, then the drawing (bands, grid, marks, labels)
    layout: list[tuple[Lane, float, float, list[Entry], dict[str, int]]] = []
    labels: dict[str, str] = {}  # record -> its label as shown (shortened to fit)
    y = _AXIS + 6
    right_edge = _X0 + scale.width
    for lane in timeline.lanes:
        lane_entries = entries_by_lane.get(lane.key, [])
        rows = _pack(lane_entries, spans)
        height = _LANE_HEAD + (max(rows.values(), default=-1) + 1) * _ROW + 6
        layout.append((lane, y, height, lane_entries, rows))
        for entry in lane_entries:
            room = _X0 + scale.width + _LABEL_ROOM - spans[entry.record_id][1] - 12
            shown = _shorten(entry.label, max(14, int(room / _CHAR)))
            labels[entry.record_id] = shown
            right_edge = max(right_edge, spans[entry.record_id][1] + 12 + len(shown) * _CHAR)
        y += height
    bottom = y
    width, total_height = right_edge + 16, bottom + _AXIS
    bands: list[str] = []
    body: list[str] = []
    for index, (lane, top, height, lane_entries, rows) in enumerate(layout):
        fill = "#f6f6f2" if index % 2 == 0 else "#ffffff"
        bands.append(f'<rect x="0" y="{_num(top)}" width="{_num(width)}" height="{_num(height)}" fill="{fill}"/>')
        label = f"{lane.label} ({len(lane_entries)} record{'s' if len(lane_entries) != 1 else ''})"
        for offset in range(0, int(width - 200), 1400):
            body.append(
                f'<text class="lane-label" x="{_num(_X0 + offset + 2)}" y="{_num(top + 16)}">'
                f"<title>{_esc(lane.detail)}</title>{_esc(label)}</text>"
            )
        for entry in sorted(lane_entries, key=lambda e: (rows[e.record_id], spans[e.record_id][0], e.record_id)):
            cy = top + _LANE_HEAD + rows[entry.record_id] * _ROW + _ROW / 2 - 2
            left, right = spans[entry.record_id]
            body.append(
                f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(cy)}" y2="{_num(cy)}" stroke="#c4c4c4"/>'
            )
            ordered = sorted(marks_by_record[entry.record_id], key=lambda m: m.kind not in ("record", "span", "held"))
            for mark in ordered:
                body.append(f'<g class="mark"><title>{_esc(mark.tooltip)}</title>{_shape(mark, scale, cy)}</g>')
            body.append(
                f'<text class="row-label" x="{_num(right + 6)}" y="{_num(cy + 4)}">'
                f"<title>{_esc(entry.record_id)}: {_esc(entry.label)}</title>{_esc(labels[entry.record_id])}</text>"
            )
    grid: list[str] = []
    for tick in _ticks(scale):
        x = scale.x(tick.day)
        if tick.level == 1 and not tick.label and _month_width(scale, tick.day) < 10:
            continue  # no grid line in every narrow month: only where months are wide enough to tell apart
        top = {0: 2.0, 1: _AXIS - 16, 2: _AXIS - 6}[tick.level]
        color = {0: "#b0b0b0", 1: "#e2e2e2", 2: "#efefef"}[tick.level]
        grid.append(
            f'<line x1="{_num(x)}" x2="{_num(x)}" y1="{_num(top)}" y2="{_num(total_height - top)}" stroke="{color}"/>'
        )
        if tick.label:
            label_y = 13.0 if tick.level == 0 else _AXIS - 4
            css = "tick year" if tick.level == 0 else "tick"
            for ty in (label_y, total_height - label_y + 9):
                grid.append(f'<text class="{css}" x="{_num(x + 3)}" y="{_num(ty)}">{_esc(tick.label)}</text>')
    grid.extend(_stretch_strip(scale))
    colors = sorted({*_TYPE_COLOR.values(), *_CATEGORY_COLOR.values()})
    axis = "".join(
        f'<line x1="{_num(_X0)}" x2="{_num(_X0 + scale.width)}" y1="{_num(line)}" y2="{_num(line)}" stroke="#888"/>'
        for line in (_AXIS + 6, bottom)
    )
    svg = (
        f'<svg class="timeline" width="{_num(width)}" height="{_num(total_height)}" '
        f'viewBox="0 0 {_num(width)} {_num(total_height)}" role="img" aria-label="{_esc(timeline.title)}">'
        f"<defs>{_patterns(colors)}</defs>"
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(total_height)}" fill="#fff"/>'
        + "".join(bands)
        + "".join(grid)
        + axis
        + "".join(body)
        + "</svg>"
    )
    return _page(timeline, scale, svg, index_page)


def _head(title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
    )


def _page(timeline: Timeline, scale: _Scale, svg: str, index: str | None = None) -> str:
    """The HTML page around the chart: title, counts, legend, axis note, zoom box, and what is not drawn."""
    records = len(timeline.entries)
    meta = (
        f"{records} record(s), {len(timeline.marks)} mark(s) in {len(timeline.lanes)} lane(s), "
        f"{timeline.window[0].isoformat()} to {timeline.window[1].isoformat()}; "
        f"filters: {timeline.filters.describe()}. "
        "Hover a mark for its record, the wording of its date and its sources' quotes."
    )
    left_out = "".join(
        f"<li>{_esc(item.record_id + ': ' if item.record_id else '')}{_esc(item.what)}: {_esc(item.why)}</li>"
        for item in timeline.left_out
    )
    back = f'<p class="back"><a href="{_esc(index)}">All processes</a></p>\n' if index else ""
    return (
        _head(timeline.title)
        + back
        + f'<h1>{_esc(timeline.title)}</h1>\n<p class="meta">{_esc(meta)}</p>\n{_legend()}\n'
        f"{_axis_note(scale)}"
        '<input type="checkbox" id="zoom"><label class="zoom" for="zoom"> Zoom: the chart twice as wide</label>\n'
        f'<div class="chart">{svg}</div>\n'
        f"<details><summary>Not drawn ({len(timeline.left_out)})</summary><ul>{left_out}</ul></details>\n"
        "</body>\n</html>\n"
    )


def timeline_html(records: Iterable[Record], filters: Filters | None = None, dense: bool = True) -> str:
    """The HTML page of the records that pass the filters (`build_timeline` then `render_html`)."""
    return render_html(build_timeline(records, filters), dense)


@dataclass(frozen=True, slots=True)
class Written:
    """What `write_timeline` wrote: counts for the command's summary."""

    records: int
    marks: int
    lanes: int
    left_out: int


def _check_readable(paths: Sequence[str | Path]) -> None:
    """Raise UnreadableInputError for a path that does not exist or cannot be opened (exit 3, not 1)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
            raise UnreadableInputError(f"{path}: directory cannot be read (permission denied)")
    for path in discover(paths):
        if not path.exists():
            raise UnreadableInputError(f"{path}: no such file or directory")
        if not os.access(path, os.R_OK):
            raise UnreadableInputError(f"{path}: cannot be read (permission denied)")


def _read_valid(paths: Sequence[str | Path]) -> ReadResult:
    """The records of the files, all valid.

    Raises:
        UnreadableInputError: a path does not exist or cannot be opened.
        TimelineError: a record is not valid (the findings in `details`).
    """
    _check_readable(paths)
    read = read_records(paths)
    if not read.ok:
        invalid = InvalidRecordsError.of(read.problems)
        error = TimelineError(str(invalid))
        error.details = invalid.details
        raise error
    return read


def write_timeline(
    paths: Sequence[str | Path], out: Path, filters: Filters | None = None, dense: bool = True
) -> Written:
    """Read the record files, draw the timeline and write the page to `out` atomically (whole or not at all);
    `dense` widens busy months (see `render_html`).

    Raises:
        UnreadableInputError: a path does not exist or cannot be opened (nothing written).
        TimelineError: a record is not valid, or the filters leave nothing to draw (nothing written).
        WriteError: `out` cannot be written (an `OSError`; an old `out` is left as it was).
    """
    read = _read_valid(paths)
    timeline = build_timeline(read.records, filters)
    write_text(out, render_html(timeline, dense))
    return Written(len(timeline.entries), len(timeline.marks), len(timeline.lanes), len(timeline.left_out))


# --------------------------------------------------------------------------------------------------
# An index of processes, one page each (for inputs too large for one page)
# --------------------------------------------------------------------------------------------------

#: Above this many drawn records the command suggests `--by-process` (one page would be very tall).
LARGE_TIMELINE = 500
#: The index page and the page of the records linked to no process (process pages are `process-<id>.html`, so
#: neither name can be a process page's).
INDEX_PAGE = "index.html"
NO_PROCESS_PAGE = "no-process.html"


@dataclass(frozen=True, slots=True)
class ProcessPage:
    """One page of an index of processes: the process it draws (None: the records linked to no process), its
    title, file name and counts, and the window of dates it shows."""

    process: str | None
    title: str
    file: str
    records: int
    marks: int
    lanes: int
    window: tuple[dt.date, dt.date]


def process_roots(records: Sequence[Record]) -> list[str]:
    """The ids of the negotiations that are part of no other input record (`part_of` empty or naming a record not
    among the input): the processes an index lists, in input order."""
    ids = {r.id for r in records}
    return [r.id for r in records if isinstance(r, Negotiation) and (r.part_of is None or r.part_of not in ids)]


def process_file(process: str) -> str:
    """The file name of a process's page: `process-<local part of its id>.html`."""
    return f"process-{local_part(process)}.html"


def timeline_pages(
    records: Sequence[Record], filters: Filters | None = None, dense: bool = True
) -> Iterable[tuple[ProcessPage, str]]:
    """One timeline page per process root (`process_roots`) and one for the drawn records linked to none of them,
    each with a link back to the index; a process left with nothing to draw by the filters gets no page.
    `filters.process` must be None (every process gets its page)."""
    filters = filters or Filters()
    if filters.process:
        raise TimelineError("--process and an index of processes exclude each other")
    actors = [r for r in records if isinstance(r, Actor)]
    drawn = [r for r in records if r.record_type in DRAWN_TYPES]
    graph = _ProcessGraph(drawn)
    linked: set[str] = set()
    for root in process_roots(drawn):
        members = graph.members(root)
        linked |= members
        subset = [*actors, *(r for r in drawn if r.id in members)]
        try:
            timeline = build_timeline(subset, Filters(root, filters.actor, filters.date_from, filters.date_to))
        except NothingToDrawError:
            continue
        page = ProcessPage(
            root,
            timeline.title.removeprefix("Timeline: "),
            process_file(root),
            len(timeline.entries),
            len(timeline.marks),
            len(timeline.lanes),
            timeline.window,
        )
        yield page, render_html(timeline, dense, index_page=INDEX_PAGE)
    rest = [r for r in drawn if r.id not in linked]
    if rest:
        try:
            rest_filters = Filters(None, filters.actor, filters.date_from, filters.date_to)
            timeline = build_timeline([*actors, *rest], rest_filters)
        except NothingToDrawError:
            return
        timeline.title = "Records linked to no process"
        page = ProcessPage(
            None,
            timeline.title,
            NO_PROCESS_PAGE,
            len(timeline.entries),
            len(timeline.marks),
            len(timeline.lanes),
            timeline.window,
        )
        yield page, render_html(timeline, dense, index_page=INDEX_PAGE)


def index_html(pages: Sequence[ProcessPage], filters: Filters | None = None) -> str:
    """The index page: one row per page (process, records, marks, lanes, window), processes by their first day."""
    filters = filters or Filters()
    ordered = sorted(pages, key=lambda p: (p.process is None, p.window[0], p.title))
    drawn = sum(p.records for p in pages if p.process is not None)
    none = next((p.records for p in pages if p.process is None), 0)
    meta = (
        f"{sum(p.process is not None for p in pages)} process(es), {drawn} record(s) drawn on their pages "
        f"(a record linked to two processes is on both); {none} record(s) linked to no process; "
        f"filters: {filters.describe()}."
    )
    rows = "".join(
        f'<tr><td><a href="{_esc(p.file)}">{_esc(p.title)}</a></td><td>{_esc(p.process or "")}</td>'
        f'<td class="n">{p.records}</td><td class="n">{p.marks}</td><td class="n">{p.lanes}</td>'
        f"<td>{p.window[0].isoformat()} to {p.window[1].isoformat()}</td></tr>"
        for p in ordered
    )
    return (
        _head("Peace processes: timelines") + f'<h1>Peace processes: timelines</h1>\n<p class="meta">{_esc(meta)}</p>\n'
        '<table class="index"><thead><tr><th>Process</th><th>Id</th><th>Records</th><th>Marks</th><th>Lanes</th>'
        f"<th>Dates shown</th></tr></thead><tbody>{rows}</tbody></table>\n</body>\n</html>\n"
    )


@dataclass(frozen=True, slots=True)
class WrittenIndex:
    """What `write_timeline_pages` wrote: the pages (the index not counted) and the index's path."""

    pages: list[ProcessPage]
    index: Path


def write_timeline_pages(
    paths: Sequence[str | Path], out: Path, filters: Filters | None = None, dense: bool = True
) -> WrittenIndex:
    """Read the record files and write, into the directory `out` (made if missing), one timeline page per process
    and `index.html` linking them (`timeline_pages`, `index_html`). Each file is written whole or not at all; files
    already in `out` are left alone (a page of an earlier run no longer listed stays, unlinked).

    Raises:
        UnreadableInputError: a path does not exist or cannot be opened (nothing written).
        TimelineError: a record is not valid, --process was given, or nothing is left to draw (nothing written).
        WriteError: `out` cannot be made or a page cannot be written.
    """
    read = _read_valid(paths)
    pages = list(timeline_pages(list(read.records), filters, dense))
    if not pages:
        raise NothingToDrawError(
            f"nothing to draw: no dated record passes the filters ({(filters or Filters()).describe()})"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{out}: cannot make the directory: {exc.strerror or exc}") from None
    for page, text in pages:
        write_text(out / page.file, text)
    index = out / INDEX_PAGE
    write_text(index, index_html([p for p, _ in pages], filters))
    return WrittenIndex([p for p, _ in pages], index)
