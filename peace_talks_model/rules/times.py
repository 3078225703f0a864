"""Checks of meaning on relative times and durations: `RELATIVE_TIME_FITS_ANCHOR` (a point given both as a
calendar date and as a time counted from an anchor is where the anchor puts it; an end `until` an anchor is not
after it), `INSIDE_SPAN` (violations, phases
and rounds fall inside the span of what they belong to), `EXTENSION_EXTENDS` (a cease-fire's extension ends after
the end it extends and after it was announced) and `DURATION_MATCHES_DATES` (a stated duration and the dates it
spans agree).

Every comparison uses the fuzzy-date bounds and allows `SLACK` (a day) either way for inclusive counting, time of
day and time zones: a date is flagged only when every reading of the dates contradicts. Durations are ISO 8601
(`IsoDuration`, checked by `peace_talks_model.models.scalars`); `parse_duration` reads one into its parts and
`shifted` adds it to a day, giving the range of days it can reach (a month is counted on the calendar, and a day
clipped to a month's end widens the range; hours round both ways).
"""

from __future__ import annotations

import calendar
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from peace_talks_model.models import Agreement, Ceasefire, Negotiation, PrisonerSwap, Record
from peace_talks_model.models.agreement import Commitment
from peace_talks_model.models.ceasefire import EndReason, Extension
from peace_talks_model.models.dates import FuzzyDate
from peace_talks_model.models.prisoner_swap import Custody, SwapCondition
from peace_talks_model.models.quantities import Quantity, QuantityQualifier, RelativeTime, TimeRelation
from peace_talks_model.models.scalars import Duration, parse_duration
from peace_talks_model.rules.base import (
    EXAMPLE_SOURCE,
    Breach,
    Entry,
    Family,
    Index,
    RecordRule,
    RunFacts,
    SetRule,
    certainly_before,
    example_record,
    only_with,
)
from peace_talks_model.rules.lifecycle import DATE_MATCHES_HISTORY, DEFINING_STATUS
from peace_talks_model.rules.quantities import ABOUT

#: How many days a computed bound may be missed by either way (inclusive counting, time of day, time zones).
SLACK = dt.timedelta(days=1)

Path = tuple[int | str, ...]
Bounds = tuple[dt.date | None, dt.date | None]


def _add_months(day: dt.date, months: int) -> tuple[dt.date, int]:
    """`day` moved by `months` calendar months, clipped to the month's end, and the days clipped."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(year)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last)), max(0, day.day - last)


def shifted(day: dt.date, duration: Duration, sign: int = 1) -> tuple[dt.date, dt.date] | None:
    """The first and last day that `duration` after (`sign` 1) or before (-1) `day` can be; None off the calendar."""
    try:
        moved, clipped = _add_months(day, sign * duration.months)
        whole, rest = divmod(duration.seconds, 86_400)
        nominal = moved + dt.timedelta(days=sign * (duration.days + whole))
        low = nominal - dt.timedelta(days=1 if rest and sign < 0 else 0)
        high = nominal + dt.timedelta(days=clipped + (1 if rest and sign > 0 else 0))
    except (OverflowError, ValueError):
        return None
    return low, high


def _bounds(date: FuzzyDate | None) -> Bounds:
    return (date.earliest(), date.latest()) if date is not None else (None, None)


def _before(day: dt.date | None, limit: dt.date | None) -> bool:
    """True when `day` is more than `SLACK` before `limit` (both known)."""
    if day is None or limit is None:
        return False
    try:
        return day < limit - SLACK
    except OverflowError:
        return False


def _misdated(record: Record) -> bool:
    """True when the record's own date disagrees with its defining step (`DATE_MATCHES_HISTORY` reports it; the
    parts and durations judged against that date are not reported again)."""
    return next(DATE_MATCHES_HISTORY.check(record, None), None) is not None


def _first_step(record: Record, statuses: Iterable[str]) -> FuzzyDate | None:
    wanted = set(statuses)
    for step in getattr(record, "status_history", ()) or ():
        if step.status in wanted and step.date is not None:
            date: FuzzyDate = step.date
            return date
    return None


def _span(dates: Iterable[FuzzyDate | None]) -> Bounds:
    """The earliest and latest day any of `dates` can denote (None when a bound of one of them is unknown)."""
    given = [d for d in dates if d is not None]
    if not given:
        return None, None
    earliest = [d.earliest() for d in given]
    latest = [d.latest() for d in given]
    return (
        None if None in earliest else min(e for e in earliest if e is not None),
        None if None in latest else max(e for e in latest if e is not None),
    )


def _shown(bounds: Bounds) -> str:
    low, high = bounds
    if low == high and low is not None:
        return low.isoformat()
    return f"{low.isoformat() if low else '..'}/{high.isoformat() if high else '..'}"


# -- relative times ------------------------------------------------------------------------------------------------


def anchor_bounds(record: Record | None, status: str | None) -> tuple[Bounds, str] | None:
    """The days an anchor can denote, and the anchor in words: the record's own date, or, when the anchor names a
    status, the date of its first step with that status (the record's date for its defining status when no such
    step is dated; for a cease-fire's 'declared' or 'in_effect', the span of its declarations' dates); None when
    nothing dates it."""
    if record is None:
        return None
    own = record.__dict__.get("date")
    own = own if isinstance(own, FuzzyDate) else None
    if status is None:
        return (_bounds(own), f"'{record.id}'") if own is not None else None
    words = f"'{record.id}' {status}"
    step = _first_step(record, (status,))
    defining = own is not None and DEFINING_STATUS.get(record.record_type) == status
    if step is not None:  # with the record's own date too when both date it (a disagreement of the two is PT402)
        return (_span((step, own)) if defining else _bounds(step)), words
    if defining:
        return _bounds(own), words
    if isinstance(record, Ceasefire) and status in ("declared", "in_effect"):
        field = "declared" if status == "declared" else "effective"
        span = _span(getattr(d, field) for d in record.declarations)
        if span != (None, None):
            return span, f"{words} (by its declarations)"
    return None


def _relation_words(relative: RelativeTime) -> str:
    about = "about " if relative.approximate else ""
    if relative.relation is TimeRelation.at:
        return "at"
    if relative.offset is None:
        return f"{about}{relative.relation.value}"
    if relative.relation is TimeRelation.within:
        return f"within {about}{relative.offset} of"
    if relative.relation is TimeRelation.until:
        return f"until {about}{relative.offset} after"
    return f"{about}{relative.offset} {relative.relation.value}"


def misfit(date: FuzzyDate, relative: RelativeTime, anchor: Bounds) -> str | None:
    """Why the calendar `date` cannot be the time `relative` gives from an anchor denoting the days `anchor`; None
    when it can."""
    first, last = date.earliest(), date.latest()
    a_first, a_last = anchor
    relation, offset = relative.relation, parse_duration(relative.offset)
    exact = offset is not None and not relative.approximate
    if relation is TimeRelation.before:
        if _before(a_last, first):
            return "it falls after the anchor"
        low = shifted(a_first, offset, -1) if exact and offset and a_first else None
        high = shifted(a_last, offset, -1) if exact and offset and a_last else None
        if low is not None and _before(last, low[0]):
            return f"it falls before the computed day ({_shown((low[0], high[1] if high else None))})"
        if high is not None and _before(high[1], first):
            return f"it falls after the computed day ({_shown((low[0] if low else None, high[1]))})"
        return None
    if relation is TimeRelation.until:
        return _until_misfit(first, relative, anchor, offset if exact else None)
    if _before(last, a_first):
        return "it falls before the anchor"
    if relation is TimeRelation.at:
        return "it falls after the anchor" if _before(a_last, first) else None
    low = shifted(a_first, offset, 1) if exact and offset and a_first else None
    high = shifted(a_last, offset, 1) if exact and offset and a_last else None
    if high is not None and _before(high[1], first):
        which = "bound" if relation is TimeRelation.within else "day"
        return f"it falls after the computed {which} ({_shown((low[0] if low else None, high[1]))})"
    if relation is TimeRelation.after and low is not None and _before(last, low[0]):
        return f"it falls before the computed day ({_shown((low[0], high[1] if high else None))})"
    return None


def _until_misfit(first: dt.date | None, relative: RelativeTime, anchor: Bounds, offset: Duration | None) -> str | None:
    """Why a calendar day cannot be the end that `until` an anchor gives (`offset`: the exact offset, if any): the
    end goes up to the anchor (moved by the offset) and not beyond it, so it is not after the anchor's last day
    (plus the offset). A term may end before what bounds it (broken off, ended early): an end before the anchor is
    not judged, nor one moved by an approximate offset."""
    a_last = anchor[1]
    if relative.offset is None:
        return "it falls after the anchor, which the term does not go beyond" if _before(a_last, first) else None
    high = shifted(a_last, offset, 1) if offset is not None and a_last is not None else None
    if high is not None and _before(high[1], first):
        low = shifted(anchor[0], offset, 1) if offset is not None and anchor[0] is not None else None
        return f"it falls after the computed end ({_shown((low[0] if low else None, high[1]))})"
    return None


#: The calendar dates of a part that a relative time may give too: (date field, relative-time field).
_TIME_PAIRS = (("start", "start_relative"), ("end", "end_relative"))


def _pairs(
    path: Path, part: Commitment | SwapCondition | Custody
) -> Iterator[tuple[Path, FuzzyDate, str, RelativeTime]]:
    """The start and the end of a part given both as a calendar date and as a relative time."""
    for field, relative_field in _TIME_PAIRS:
        date, relative = getattr(part, field), getattr(part, relative_field)
        if date is not None and relative is not None:
            yield path, date, field, relative


def _dated_relatives(record: Record) -> Iterator[tuple[Path, FuzzyDate, str, RelativeTime]]:
    """Every point of an agreement or exchange given both as a calendar date and as a relative time: (path of the
    object, date, name of the date field, relative time)."""
    if isinstance(record, PrisonerSwap):
        yield from _swap_relatives(record)
        return
    if not isinstance(record, Agreement):
        return
    agreement = record
    for p, provision in enumerate(agreement.provisions):
        for c, commitment in enumerate(provision.commitments):
            where: Path = ("provisions", p, "commitments", c)
            if commitment.deadline is not None and commitment.deadline_relative is not None:
                yield where, commitment.deadline, "deadline", commitment.deadline_relative
            yield from _pairs(where, commitment)
    begun = agreement_start(agreement) if agreement.phases else None
    for p, phase in enumerate(agreement.phases):
        if phase.start is None or phase.start_relative is None:
            continue
        if begun is not None and _before(phase.start.latest(), begun[0]):
            continue  # a phase before anything recorded of the agreement is INSIDE_SPAN's
        yield ("phases", p), phase.start, "start", phase.start_relative


def _swap_relatives(swap: PrisonerSwap) -> Iterator[tuple[Path, FuzzyDate, str, RelativeTime]]:
    """The dated relative times of an exchange: its conditions' and its custodies' starts and ends (a custody
    dated before the release is `custody_fits_swap`'s, PT443, and not judged here again)."""
    for c, condition in enumerate(swap.conditions):
        yield from _pairs(("conditions", c), condition)
    released = first_release(swap) if any(side.custody for side in swap.sides) else None
    for s, side in enumerate(swap.sides):
        for c, custody in enumerate(side.custody):
            if released is None or custody_before_release(custody, released) is None:
                yield from _pairs(("sides", s, "custody", c), custody)


def _shorter_final(commitment: Commitment) -> tuple[str, str] | None:
    """The offsets (first, final) when the commitment's final deadline is certainly shorter than its first, from
    the same anchor; None otherwise."""
    first, final = commitment.deadline_relative, commitment.final_deadline_relative
    if first is None or final is None or first.anchor != final.anchor or first.approximate or final.approximate:
        return None
    forward = (TimeRelation.within, TimeRelation.after)
    if first.relation not in forward or final.relation not in forward or not first.offset or not final.offset:
        return None
    one, two = parse_duration(first.offset), parse_duration(final.offset)
    if one is None or two is None or two.day_range()[1] >= one.day_range()[0]:
        return None
    return first.offset, final.offset


def _self_breaches(record: Agreement | PrisonerSwap) -> Iterator[Breach]:
    """The breaches of `RELATIVE_TIME_FITS_ANCHOR` judged from the agreement or exchange alone (anchors on itself,
    final deadlines)."""
    for path, date, field, relative in _dated_relatives(record):
        if relative.anchor.record == record.id and relative.anchor.key is None:
            yield from _fit(path, date, field, relative, record)
    if not isinstance(record, Agreement):
        return
    for p, provision in enumerate(record.provisions):
        for c, commitment in enumerate(provision.commitments):
            offsets = _shorter_final(commitment)
            if offsets is not None:
                yield Breach(
                    f"the final deadline ({offsets[1]}) is shorter than the deadline before it ({offsets[0]}), "
                    "counted from the same anchor",
                    ("provisions", p, "commitments", c, "final_deadline_relative", "offset"),
                )


def _fit(path: Path, date: FuzzyDate, field: str, relative: RelativeTime, anchor: Record | None) -> Iterator[Breach]:
    resolved = anchor_bounds(anchor, relative.anchor.status)
    if resolved is None:
        return
    bounds, words = resolved
    why = misfit(date, relative, bounds)
    if why is not None:
        yield Breach(
            f"{field} {date.edtf} cannot be {_relation_words(relative)} {words} ({_shown(bounds)}): {why}",
            (*path, field),
        )


class AnchorFacts(NamedTuple):
    """What judging an agreement's relative times needs: the other records they count from, and whether the
    agreement breaks the rule by itself."""

    #: ids of the other records that dated relative times count from
    anchors: tuple[str, ...]
    #: True when a relative time counted from the agreement itself (or a final deadline) is already wrong
    alone: bool


class RelativeTimeFitsAnchor(SetRule[None, AnchorFacts, None]):
    """A point given both as a calendar date and as a time relative to an anchor (a commitment's `deadline`,
    `start` or `end` and its relative twin, a phase's `start` and `start_relative`, an exchange's conditions' and
    custodies' `start` and `end` and their relative twins) is a day the anchor, the relation and the offset allow
    (an end `until` an anchor is not after it); and a final deadline is not shorter than the deadline before it.

    Keeps per record (agreements and exchanges with a dated relative time only): the interned ids of the other
    records those times count from, and one flag for what the record breaks by itself; looks up nothing (the
    anchors of the suspects are read again). A cease-fire's `end_relative` has no calendar twin (a declaration's
    `end` is when it really ended, which extensions and breakdowns move), so cease-fires are not kept."""

    name = "relative_time_fits_anchor"
    facts_needs = only_with(types=(Agreement, PrisonerSwap))
    family = Family.relative_times
    keeps = (
        "Of an agreement or exchange with a calendar date beside a relative time: the ids of the records those "
        "times count from, and a flag for what it breaks by itself."
    )
    description = "A calendar date given with a time relative to an anchor is a day the anchor allows."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "agreement",
            "a",
            name="A",
            date="2020-02-29",
            provisions=[
                {
                    "topic": "troop_withdrawal",
                    "commitments": [
                        {
                            "action": "withdraw",
                            "deadline": "2019-12-01",
                            "deadline_relative": {
                                "relation": "within",
                                "offset": "P90D",
                                "anchor": {"record": "agreement:a", "status": "signed"},
                            },
                        }
                    ],
                }
            ],
        ),
    )

    def facts(self, record: Record, raw: bytes | None) -> AnchorFacts | None:
        """The anchors of the agreement's or exchange's dated relative times, and its breaches alone."""
        if (raw is not None and b'_relative"' not in raw) or not isinstance(record, Agreement | PrisonerSwap):
            return None
        anchors = tuple(
            dict.fromkeys(
                sys.intern(relative.anchor.record)
                for _, _, _, relative in _dated_relatives(record)
                if relative.anchor.record != record.id and relative.anchor.key is None
            )
        )
        alone = next(_self_breaches(record), None) is not None
        return AnchorFacts(anchors, alone) if anchors or alone else None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The agreements and exchanges that break the rule alone, and those counting from another record of the
        run."""
        for key, _, facts in run.facts(self):
            known = [a for a in facts.anchors if run.first_key(a) is not None]
            if facts.alone or known:
                yield key, known

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every dated relative time whose date its anchor does not allow, and every final deadline shorter than
        its first."""
        record = entry.record
        if not isinstance(record, Agreement | PrisonerSwap):
            return
        yield from _self_breaches(record)
        for path, date, field, relative in _dated_relatives(record):
            anchor = relative.anchor
            if anchor.record != record.id and anchor.key is None:
                yield from _fit(path, date, field, relative, index.get(anchor.record))


# -- parts inside their whole ----------------------------------------------------------------------------------------


def ceasefire_start(ceasefire: Ceasefire) -> dt.date | None:
    """The first day a cease-fire can have begun: the earliest day of its declarations' declared and effective
    dates and of its first 'declared', 'agreed' or 'in_effect' step (None when nothing dates its beginning)."""
    dates = [d for dec in ceasefire.declarations for d in (dec.declared, dec.effective) if d is not None]
    step = _first_step(ceasefire, ("declared", "agreed", "in_effect"))
    if step is not None:
        dates.append(step)
    first = [d.earliest() for d in dates]
    return None if not first or None in first else min(d for d in first if d is not None)


def agreement_start(agreement: Agreement) -> tuple[dt.date, str] | None:
    """The first day anything recorded of an agreement can have happened (its date or any dated step), in words."""
    dated = [(agreement.date, "dated")] if agreement.date is not None else []
    dated += [(s.date, str(s.status)) for s in agreement.status_history if s.date is not None]
    found = [(d.earliest(), f"{what} {d.edtf}") for d, what in dated]
    if not found or any(day is None for day, _ in found):
        return None
    day, words = min(found, key=lambda item: item[0] or dt.date.min)
    assert day is not None
    return day, words


class InsideSpan(RecordRule):
    """A part is not dated certainly outside the span of what it belongs to: a cease-fire's violation not before
    the cease-fire began, an agreement's phase not before anything recorded of the agreement, a swap's round not
    outside the swap's own date."""

    name = "inside_span"
    needs = only_with(("violations", "phases"), types=(Ceasefire, Agreement, PrisonerSwap))
    family = Family.relative_times
    description = "Violations, phases and rounds fall inside the span of what they belong to."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "x", name="X", kind="organization"),
        example_record(
            "ceasefire",
            "c",
            declarations=[{"declarer": "actor:x", "declared": "2018-06-07", "effective": "2018-06-12"}],
            violations=[{"date": "2018-05-20"}],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """The first violation, phase or round of the record dated outside its whole."""
        if isinstance(record, Ceasefire) and record.violations:
            start = ceasefire_start(record)
            for position, violation in enumerate(record.violations):
                if violation.date is not None and start is not None and _before(violation.date.latest(), start):
                    yield Breach(
                        f"violation dated {violation.date.edtf}, before the cease-fire began ({start.isoformat()} "
                        "at the earliest)",
                        ("violations", position, "date"),
                    )
                    return
        elif isinstance(record, Agreement) and record.phases:
            found = agreement_start(record)
            for position, phase in enumerate(record.phases):
                if phase.start is not None and found is not None and _before(phase.start.latest(), found[0]):
                    yield Breach(
                        f"phase '{phase.key}' starts {phase.start.edtf}, before anything recorded of the agreement "
                        f"({found[1]})",
                        ("phases", position, "start"),
                    )
                    return
        elif isinstance(record, PrisonerSwap) and record.phases and record.date is not None and not _misdated(record):
            first, last = record.date.earliest(), record.date.latest()
            for position, round_ in enumerate(record.phases):
                if round_.date is None:
                    continue
                if _before(round_.date.latest(), first) or _before(last, round_.date.earliest()):
                    yield Breach(
                        f"round '{round_.key}' is dated {round_.date.edtf}, outside the exchange's own date "
                        f"({record.date.edtf})",
                        ("phases", position, "date"),
                    )
                    return


def first_release(swap: PrisonerSwap) -> dt.date | None:
    """The first day any detainee of an exchange can have been released: the earliest day of its own date, of its
    first 'partial' or 'executed' step and of its rounds (None when none is dated, or one has no earliest day)."""
    dates = [swap.date, _first_step(swap, ("partial", "executed")), *(round_.date for round_ in swap.phases)]
    first = [d.earliest() for d in dates if d is not None]
    return None if not first or None in first else min(d for d in first if d is not None)


def custody_before_release(custody: Custody, released: dt.date) -> str | None:
    """Why a custody of released detainees cannot be right when no detainee was released before `released`: it
    began (by its calendar `start`, else ended by its `end`) more than a day before that (None when it did not)."""
    for field in ("start", "end"):
        date: FuzzyDate | None = getattr(custody, field)
        if date is None:
            continue
        if _before(date.latest(), released):
            verb = "began" if field == "start" else "ended"
            return (
                f"the custody {verb} {date.edtf}, before anyone was released ({released.isoformat()} at the earliest)"
            )
        return None
    return None


# -- extensions ------------------------------------------------------------------------------------------------------


def ceasefire_start_span(ceasefire: Ceasefire) -> Bounds:
    """The days a cease-fire's fixed term can have started: the span of its declarations' effective (else declared)
    dates, else of its first 'in_effect' (else 'declared') step."""
    starts = [d.effective or d.declared for d in ceasefire.declarations]
    if not any(starts):
        starts = [_first_step(ceasefire, ("in_effect",)) or _first_step(ceasefire, ("declared",))]
    return _span(starts)


def term_end(ceasefire: Ceasefire) -> Bounds | None:
    """The days a cease-fire's fixed duration, counted from its start, can end on (None when it has no fixed
    duration or no dated start)."""
    term = parse_duration(ceasefire.fixed_duration)
    first, last = ceasefire_start_span(ceasefire)
    if term is None or first is None or last is None:
        return None
    low, high = shifted(first, term), shifted(last, term)
    return (low[0], high[1]) if low is not None and high is not None else None


def extended_ends(ceasefire: Ceasefire) -> Iterator[tuple[int, Extension, Bounds | None]]:
    """Each extension with the days the end it extends can be: the previous extension's `until` (when announced
    in order), else the end of the cease-fire's fixed duration (None when neither is known). A declaration's `end`
    is not one: it is when the cease-fire really ended, after its extensions or before them when broken."""
    previous: Bounds | None = term_end(ceasefire)
    previous_date: FuzzyDate | None = None
    for position, extension in enumerate(ceasefire.extensions):
        out_of_order = (
            previous_date is not None and extension.date is not None and certainly_before(extension.date, previous_date)
        )
        yield position, extension, None if out_of_order else previous
        if extension.until is not None:
            previous = _bounds(extension.until)
            previous_date = extension.date


def extension_fault(extension: Extension, extended: Bounds | None) -> str | None:
    """Why an extension's `until` cannot be right: not after the end it extends, or before it was announced."""
    until = extension.until
    if until is None:
        return None
    if extended is not None and _before(until.latest(), extended[0]):
        return f"it ends {until.edtf}, before the end it extends ({_shown(extended)})"
    if extension.date is not None and _before(until.latest(), extension.date.earliest()):
        return f"it ends {until.edtf}, before it was announced ({extension.date.edtf})"
    return None


class ExtensionExtends(RecordRule):
    """A cease-fire's extension ends after the end it extends (the previous extension's, else the end of the
    cease-fire's fixed duration) and not before it was announced."""

    name = "extension_extends"
    needs = only_with("extensions", types=(Ceasefire,))
    family = Family.relative_times
    description = "A cease-fire's extension ends after the end it extends and after it was announced."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "x", name="X", kind="organization"),
        example_record(
            "ceasefire",
            "c",
            declarations=[{"declarer": "actor:x", "declared": "2018-06-12"}],
            fixed_duration="P5D",
            extensions=[{"date": "2018-06-16", "until": "2018-06-10"}],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every extension that ends before the end it extends or before its announcement."""
        if not isinstance(record, Ceasefire):
            return
        for position, extension, extended in extended_ends(record):
            why = extension_fault(extension, extended)
            if why is not None:
                yield Breach(f"the extension does not extend the cease-fire: {why}", ("extensions", position, "until"))


# -- durations -------------------------------------------------------------------------------------------------------

#: Days in one unit of a negotiation's duration (the fewest: a month has 28): unit words by their first letters.
_UNIT_DAYS = (("hour", 1 / 24), ("day", 1.0), ("night", 1.0), ("week", 7.0), ("month", 28.0), ("year", 365.0))


def _unit_days(unit: str | None) -> float | None:
    word = (unit or "").strip().lower()
    return next((days for prefix, days in _UNIT_DAYS if word.startswith(prefix)), None)


def _least(quantity: Quantity) -> float | None:
    """The least number a quantity allows (an 'about' number 25% less)."""
    if quantity.qualifier is QuantityQualifier.about and quantity.value is not None:
        return quantity.value * (1 - ABOUT)
    return quantity.bounds()[0]


def _term_fault(ceasefire: Ceasefire) -> str | None:
    """Why a cease-fire that expired ('end_reason') cannot have run its fixed duration from its start to its end:
    every end is earlier than the term allows, or (when it was not extended) later."""
    if ceasefire.end_reason is not EndReason.expired:
        return None
    term = term_end(ceasefire)
    ends = [d.end for d in ceasefire.declarations] + [_first_step(ceasefire, ("expired",))]
    first, last = _span(ends)
    if term is None or (first is None and last is None):
        return None
    extended = bool(ceasefire.extensions) or _first_step(ceasefire, ("extended",)) is not None
    if _before(last, term[0]):
        return f"it ended {_shown((first, last))}, before its fixed duration ran out ({_shown(term)})"
    if not extended and _before(term[1], first):
        return (
            f"it ended {_shown((first, last))}, after its fixed duration ran out ({_shown(term)}), and was not extended"
        )
    return None


class DurationMatchesDates(RecordRule):
    """A stated duration agrees with the dates it spans: a cease-fire that expired ran its fixed duration from
    taking effect (else being declared) to its end (or longer, when extended); a negotiation lasted no longer than
    its dated interval; an extension by a duration ends that long after the end it extends."""

    name = "duration_matches_dates"
    needs = only_with(("duration", "fixed_duration"), types=(Negotiation, Ceasefire))
    family = Family.durations
    description = "A stated duration and the dates it spans agree."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "negotiation",
            "n",
            kind="meeting",
            date="2019-12-01/2019-12-03",
            duration={"value": 10, "unit": "days"},
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """The first duration of the record that its dates cannot have."""
        if isinstance(record, Negotiation):
            yield from self._negotiation(record)
        elif isinstance(record, Ceasefire):
            yield from self._ceasefire(record)

    def _negotiation(self, negotiation: Negotiation) -> Iterator[Breach]:
        duration, date = negotiation.duration, negotiation.date
        if duration is None or date is None or "/" not in date.edtf or _misdated(negotiation):
            return
        unit, least = _unit_days(duration.unit), _least(duration)
        first, last = date.earliest(), date.latest()
        if unit is None or least is None or first is None or last is None:
            return
        span = (last - first).days + 1
        if least * unit > span + SLACK.days:
            said = (
                f"'{duration.text}'"
                if duration.text
                else f"{duration.value:g} {duration.unit}"
                if duration.value
                else ""
            )
            days = least * unit
            tail = "" if said == f"{days:g} days" else f", at least {days:g} days,"
            yield Breach(
                f"a duration of {said or duration.unit}{tail} does not fit its date {date.edtf}, which spans at "
                f"most {span} days",
                ("duration",),
            )

    def _ceasefire(self, ceasefire: Ceasefire) -> Iterator[Breach]:
        faulty = any(extension_fault(extension, base) for _, extension, base in extended_ends(ceasefire))
        why = None if faulty else _term_fault(ceasefire)  # an extension not extending the term is EXTENSION_EXTENDS'
        if why is not None:
            yield Breach(f"the cease-fire expired, but {why}", ("fixed_duration",))
            return
        for position, extension, base in extended_ends(ceasefire):
            length = parse_duration(extension.duration)
            until = extension.until
            if length is None or until is None or base is None or extension_fault(extension, base) is not None:
                continue
            low_base, high_base = base
            if extension.date is not None:  # an extension announced after a lapse may count from its announcement
                low_base = min(low_base, extension.date.earliest() or low_base) if low_base else None
                high_base = max(high_base, extension.date.latest() or high_base) if high_base else None
            low = shifted(low_base, length) if low_base is not None else None
            high = shifted(high_base, length) if high_base is not None else None
            if (low is not None and _before(until.latest(), low[0])) or (
                high is not None and _before(high[1], until.earliest())
            ):
                reach = _shown((low[0] if low else None, high[1] if high else None))
                yield Breach(
                    f"an extension by {extension.duration} of the end it extends ({_shown(base)}) reaches {reach}, "
                    f"not {until.edtf}",
                    ("extensions", position, "until"),
                )
                return


RELATIVE_TIME_FITS_ANCHOR = RelativeTimeFitsAnchor()
INSIDE_SPAN = InsideSpan()
EXTENSION_EXTENDS = ExtensionExtends()
DURATION_MATCHES_DATES = DurationMatchesDates()

__all__ = [
    "DURATION_MATCHES_DATES",
    "EXTENSION_EXTENDS",
    "INSIDE_SPAN",
    "RELATIVE_TIME_FITS_ANCHOR",
    "SLACK",
    "Duration",
    "custody_before_release",
    "first_release",
    "parse_duration",
    "shifted",
]
