"""Checks of meaning on the facts schema 1.5 typed (issue #18): `NEGATIVE_FACT_HOLDS` (a negative event, "no
cease-fire has been declared since 2018", is not contradicted by a record of such a happening inside its span),
`SHARE_OF_RECORD_FITS` (a fraction of another record's quantity, `of_record`, points at a quantity, and the
fraction of it can give the number stated), `STATED_DURATION_FITS_START` (a conflict's stated duration, "19 years
of war" as of 2020, fits its start) and `WITHIN_CONFLICT` (a warning: a record naming a conflict is not dated
certainly before the conflict began, nor, for an event or a cease-fire, certainly after it ended).

Every date comparison uses the fuzzy bounds: a record is reported only when every reading of the dates contradicts.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from pydantic import BaseModel

from peace_talks_model.introspect import Path, instances
from peace_talks_model.models import Agreement, Ceasefire, Conflict, Event, Negotiation, Record
from peace_talks_model.models.dates import FuzzyDate, parse_edtf
from peace_talks_model.models.event import Polarity
from peace_talks_model.models.quantities import BaseQuantity, FuzzyDuration, Quantity, QuantityQualifier
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
    example_record,
    only_with,
)
from peace_talks_model.rules.dates import signing_date
from peace_talks_model.rules.quantities import ABOUT, bounds_allowed, span, value_allowed
from peace_talks_model.rules.times import SLACK, shifted

#: A day as the facts keep it (`date.toordinal()`): a small int instead of a date object.
Day = int
#: Days before and after every other: an open end ('..') of a negative event's span.
_NEVER_BEFORE, _NEVER_AFTER = dt.date.min.toordinal(), dt.date.max.toordinal()


def _bounds(date: FuzzyDate | None) -> tuple[Day, Day] | None:
    """The first and last day a date can denote, as day numbers; None when either is unknown (or open)."""
    if date is None:
        return None
    first, last = date.earliest(), date.latest()
    if first is None or last is None:
        return None
    return first.toordinal(), last.toordinal()


def _shown(date: FuzzyDate | None) -> str:
    return date.edtf if date is not None else "?"


# -- negative facts ------------------------------------------------------------------------------------------------


class Happening(NamedTuple):
    """Something a record says happened, as a negative event of its kind would deny it: the kind, the actors it
    names (interned ids) and the first and last day it can have happened."""

    kind: str
    actors: tuple[str, ...]
    first: Day
    last: Day
    #: the name of the place it happened, case-folded (None: no named place)
    place: str | None = None


class Negative(NamedTuple):
    """A negative event as its contradictions are looked for: its kind, its actors and its span (an open end is
    `_NEVER_BEFORE`/`_NEVER_AFTER`)."""

    kind: str
    actors: frozenset[str]
    first: Day
    last: Day
    #: the place the negative event is said of, case-folded ('no referendum in Abyei'); None: anywhere
    place: str | None = None


class NegativeFacts(NamedTuple):
    """What a record gives the rule: the negative event it is (None), or the happenings it records."""

    negative: Negative | None
    happened: tuple[Happening, ...]


#: The statuses of an agreement that say it was reached (the text agreed, initialled, adopted or signed).
_REACHED = frozenset({"finalized", "initialled", "adopted", "signed"})


def negative_span(event: Event) -> Negative | None:
    """A negative event's kind, actors and span (an open end unbounded); None for a positive event, or when an
    end of the span is unknown (not open)."""
    if event.polarity is not Polarity.negative or event.date is None:
        return None
    parsed = parse_edtf(event.date.edtf)
    first, last = event.date.earliest(), event.date.latest()
    if parsed.is_interval and event.date.part is None:
        # the span is certainly only what every reading of its fuzzy ends covers: from the latest day it can
        # begin ('since June 2018' may begin on 30 June) to the earliest day it can end
        first = parsed.start.latest if parsed.start is not None else None
        last = parsed.end.earliest if parsed.end is not None else None
        if first is not None and last is not None and first > last:
            return None  # no day is certainly inside the span
    if first is None and not parsed.start_open:
        return None
    if last is None and not parsed.end_open:
        return None
    return Negative(
        sys.intern(event.kind.value),
        frozenset(sys.intern(a.actor) for a in event.actors),
        first.toordinal() if first is not None else _NEVER_BEFORE,
        last.toordinal() if last is not None else _NEVER_AFTER,
        _place_name(event),
    )


def _place_name(event: Event) -> str | None:
    """The event's place name, case-folded and interned, or None."""
    name = event.place.name if event.place is not None else None
    return sys.intern(name.casefold()) if name else None


def _dated(kind: str, actors: Iterable[str], date: FuzzyDate | None) -> list[tuple[Happening, FuzzyDate]]:
    bounds = _bounds(date)
    if bounds is None or date is None:
        return []
    return [(Happening(kind, tuple(sys.intern(a) for a in actors), *bounds), date)]


def happenings(record: Record) -> list[tuple[Happening, FuzzyDate]]:
    """What the record says happened, with the date of each: a positive event of each of its kinds; a cease-fire
    declared (each declaration by its declarer, on its `declared` date, else its `effective` one); an agreement
    signed (each signatory on its signing date, the parties on the agreement's) and reached (by its parties, on the
    date of its first step that says so, else its own date when it has signatories)."""
    found: list[tuple[Happening, FuzzyDate]] = []
    if isinstance(record, Event):
        if record.polarity is Polarity.positive:
            actors = [a.actor for a in record.actors]
            place = _place_name(record)
            for kind in dict.fromkeys((record.kind, *record.other_kinds)):
                found += [(h._replace(place=place), d) for h, d in _dated(kind.value, actors, record.date)]
    elif isinstance(record, Ceasefire):
        for declaration in record.declarations:
            found += _dated(
                "ceasefire_declared", (declaration.declarer,), declaration.declared or declaration.effective
            )
    elif isinstance(record, Agreement):
        signed_step = next((s.date for s in record.status_history if s.status == "signed" and s.date), None)
        for position, signatory in enumerate(record.signatories):
            found += _dated("signing", (signatory.actor,), signing_date(record, position))
        if record.parties and (record.signatories or signed_step is not None):
            found += _dated("signing", record.parties, record.date or signed_step)
        reached = next((s.date for s in record.status_history if s.status in _REACHED and s.date), None)
        if reached is None and record.signatories:
            reached = record.date
        found += _dated("agreement_reached", record.parties, reached)
    return found


def first_contradictions(
    negatives: Iterable[tuple[int, Negative]], records: Iterable[tuple[str, tuple[Happening, ...]]]
) -> Iterator[tuple[int, tuple[str]]]:
    """(key, (id,)) of each negative event, by key, with the first of `records` (id, happenings; in the run's
    order) that contradicts it. A negative event is looked for only among the records with a happening of its
    kind by its pivot actor (the first of its actors; every actor it names must act in a contradiction), or of its
    kind when it names none, and no more once found; negative events alike in everything are looked for once: the
    work grows with the records that could contradict one, not with records times negative events."""
    pending: dict[tuple[str, str | None], dict[Negative, list[int]]] = {}
    for key, negative in negatives:
        pivot = min(negative.actors) if negative.actors else None
        pending.setdefault((negative.kind, pivot), {}).setdefault(negative, []).append(key)
    first: dict[int, str] = {}
    for record_id, happened in records:
        if not pending:
            break
        kinds = {h.kind for h in happened}
        actors: set[str | None] = {None}
        actors.update(a for h in happened for a in h.actors)
        for kind in kinds:
            for actor in actors:
                waiting = pending.get((kind, actor))
                if waiting is None:
                    continue
                for negative, keys in list(waiting.items()):
                    if contradiction(negative, happened) is not None:
                        first.update(dict.fromkeys(keys, record_id))
                        del waiting[negative]
                if not waiting:
                    del pending[kind, actor]
    for negative_key, record_id in sorted(first.items()):
        yield negative_key, (record_id,)


def contradiction(negative: Negative, happened: Iterable[Happening]) -> Happening | None:
    """The first happening of a record that contradicts the negative event: of its kind, certainly inside its
    span, and (together with the record's other such happenings) by every actor it names; None when there is
    none."""
    inside = [
        h
        for h in happened
        if h.kind == negative.kind
        and h.first >= negative.first
        and h.last <= negative.last
        and (negative.place is None or h.place == negative.place)  # said of one place: only a happening there
    ]
    if not inside:
        return None
    missing = set(negative.actors)
    for happening in inside:
        missing.difference_update(happening.actors)
        if not missing:
            return happening
    return None


class NegativeFactHolds(SetRule[None, NegativeFacts, None]):
    """A negative event (`polarity` 'negative': nothing of its kind, with its actors, happened in the span its date
    gives) is not contradicted by a record of such a happening certainly inside that span: a positive event of the
    kind, a cease-fire declared (kind 'ceasefire_declared'), an agreement signed ('signing') or reached
    ('agreement_reached'), by actors including every actor the negative event names; a negative event with a named
    place ('no referendum in Abyei') is contradicted only by an event at a place of that name.

    Keeps per record: of a negative event, its kind, actor ids and span as day numbers; of a dated positive event,
    cease-fire declaration or signed or reached agreement, (kind, actor ids, first day, last day) tuples; looks up
    nothing (the suspects' contradicting records are read again)."""

    name = "negative_fact_holds"
    facts_needs = only_with(types=(Event, Ceasefire, Agreement))
    family = Family.dates
    keeps = (
        "Of a negative event, its kind, actor ids and span; of a dated positive event, cease-fire declaration or "
        "signed or reached agreement, (kind, actor ids, first day, last day) tuples."
    )
    description = "Nothing of the kind a negative event denies is recorded as happening inside its span."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "denier", name="T", kind="armed_group"),
        example_record(
            "event",
            "none",
            kind="ceasefire_declared",
            polarity="negative",
            date="2018-07/..",
            actors=[{"actor": "actor:denier", "role": "declarer"}],
        ),
        example_record("ceasefire", "denied", declarations=[{"declarer": "actor:denier", "declared": "2020-02-22"}]),
    )

    def facts(self, record: Record, raw: bytes | None) -> NegativeFacts | None:
        """A negative event's span, or the happenings the record records."""
        if not isinstance(record, Event | Ceasefire | Agreement):
            return None
        if isinstance(record, Event) and record.polarity is Polarity.negative:
            negative = negative_span(record)
            return NegativeFacts(negative, ()) if negative is not None else None
        happened = tuple(h for h, _ in happenings(record))
        return NegativeFacts(None, happened) if happened else None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The negative events that a record of the run contradicts, each with the first such record."""
        negatives = [(key, facts.negative) for key, _, facts in run.facts(self) if facts.negative is not None]
        if not negatives:
            return
        yield from first_contradictions(
            negatives,
            (
                (record_id, facts.happened)
                for key, record_id, facts in run.facts(self)
                # a record after the first with its id is never looked up
                if facts.happened and run.first_key(record_id) == key
            ),
        )

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """The first record of the run that contradicts the negative event (looked up by the suspects)."""
        event = entry.record
        if not isinstance(event, Event) or event.date is None:
            return
        negative = negative_span(event)
        if negative is None:
            return
        for other in index.cached(self, lambda: _happening_records(index)):
            if other is event:
                continue
            found = happenings(other)
            happening = contradiction(negative, (h for h, _ in found))
            if happening is None:
                continue
            date = next(d for h, d in found if h is happening)
            named = ", ".join(f"'{a}'" for a in sorted(negative.actors))
            by = f" by {named}" if named else ""
            yield Breach(
                f"says no '{negative.kind}'{by} happened in {event.date.edtf}, but '{other.id}' records one "
                f"({_shown(date)})",
                ("polarity",),
            )
            return


def _happening_records(index: Index) -> list[Record]:
    """The records looked up in a run that can record a happening, in the run's order (computed once per run)."""
    entries = sorted(index.lookups.values(), key=lambda e: e.key)
    return [e.record for e in entries if isinstance(e.record, Event | Ceasefire | Agreement)]


# -- a share of another record's quantity ----------------------------------------------------------------------------


def _reached(record: Record, path: str) -> tuple[object, str | None]:
    """What the JSON Pointer `path` reaches in the record (its models walked by field names and list indices), and
    why it reaches nothing when it does not (None when it does)."""
    here: object = record
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in path[1:].split("/")]
    walked = ""
    for token in tokens:
        if isinstance(here, BaseModel):
            if token not in type(here).model_fields:
                return None, f"'{walked or '/'}' has no field '{token}'"
            here = getattr(here, token)
            if here is None:
                return None, f"'{walked}/{token}' is not given"
        elif isinstance(here, list):
            if not token.isdigit() or (token != "0" and token.startswith("0")):
                return None, f"'{walked}' is a list, and '{token}' is not an index"
            if int(token) >= len(here):
                return None, f"'{walked}' has {len(here)} item{'s' * (len(here) != 1)}"
            here = here[int(token)]
        else:
            return None, f"'{walked}' is {_what(here)}, with nothing inside"
        walked += f"/{token}"
    return here, None


def _what(value: object) -> str:
    """A value in words, as a pointer may reach it."""
    if isinstance(value, FuzzyDate):
        return f"a date ({value.edtf})"
    if isinstance(value, BaseModel):
        return f"a {type(value).__name__}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, str):
        return f"a text ('{value[:40]}')"
    if isinstance(value, int | float):
        return f"a number ({value:g})"
    return "a value"


def _number(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:,.4g}"


def share_misfit(quantity: Quantity, base: BaseQuantity, where: str) -> tuple[str, str] | None:
    """Why `quantity` (a `fraction` of `base`, the quantity at `where`) cannot be right, and the field to blame:
    its value is not what the fraction of the base allows, or its bounds leave no room for it (the tolerances of
    `FRACTION_MATCHES_VALUE` and `FRACTION_FITS_BOUNDS`); None when it can."""
    fraction, qualifier = quantity.fraction, quantity.qualifier
    if fraction is None:
        return None
    said = "" if qualifier in (None, QuantityQualifier.exact) else f"{qualifier.value.replace('_', ' ')} "
    low, high = span(base)
    base_words = f"at least {_number(low)}" if high == math.inf else _number(low)
    if high not in (low, math.inf):
        base_words = f"{_number(low)}-{_number(high)}" if low > 0 else f"at most {_number(high)}"
    of = f"{fraction:g} × {base_words} ({where})"
    if quantity.value is not None:
        found = value_allowed(qualifier, fraction, base)
        if found is None:
            return None
        allowed, (f_low, f_high) = found
        if not allowed[0] <= quantity.value <= allowed[1]:
            target = f"at least {_number(f_low)}" if f_high == math.inf else f"{_number(f_low)}-{_number(f_high)}"
            if f_low == f_high or f_low <= 0:
                target = _number(f_high) if f_low == f_high else f"at most {_number(f_high)}"
            return "value", f"value {_number(quantity.value)} is not {said}{of}, which gives {target}"
        return None
    allowed_bounds = bounds_allowed(qualifier, fraction, base)
    if allowed_bounds is None:
        return None
    if quantity.upper is not None and quantity.upper < allowed_bounds[0]:
        return "upper", f"upper bound {_number(quantity.upper)} is below {said}{of}"
    if quantity.lower is not None and quantity.lower > allowed_bounds[1]:
        return "lower", f"lower bound {_number(quantity.lower)} is above {said}{of}"
    return None


def _shares(record: Record) -> Iterator[tuple[Path, Quantity]]:
    for path, quantity in instances(record, Quantity):
        if quantity.of_record is not None and quantity.fraction is not None:
            yield path, quantity


class ShareOfRecordFits(SetRule[None, tuple[str, ...], None]):
    """A quantity given as a `fraction` of another record's quantity (`of_record`: the record and a JSON Pointer
    into it) points at a quantity of that record, and the fraction of that quantity can give the quantity's own
    value or bounds (by the tolerances of `FRACTION_MATCHES_VALUE` and `FRACTION_FITS_BOUNDS`). A record that is
    not in the run is PT301's.

    Keeps per record: the interned ids of the records its `of_record` pointers name (only for records that have
    one); looks up nothing: the quantities pointed at are rare, and reading the few records holding them again when
    their referrers are checked is cheaper than keeping every quantity of every record that might be pointed at."""

    name = "share_of_record_fits"
    facts_needs = only_with("of_record")
    family = Family.quantities
    keeps = "Of a record with a quantity that is a fraction of another record's, the ids of the records it names."
    description = "A fraction of another record's quantity points at a quantity, and the fraction can give its number."
    example = (
        EXAMPLE_SOURCE,
        example_record("prisoner_swap", "shared", sides=[{"key": "a", "count": 5000}, {"key": "b", "count": 1000}]),
        example_record(
            "event",
            "share",
            kind="release",
            figures=[
                {
                    "value": 4000,
                    "fraction": 0.5,
                    "of_record": {"record": "prisoner_swap:shared", "path": "/sides/0/count"},
                }
            ],
        ),
    )

    def facts(self, record: Record, raw: bytes | None) -> tuple[str, ...] | None:
        """The ids of the records the record's shares are shares of."""
        named = tuple(dict.fromkeys(sys.intern(q.of_record.record) for _, q in _shares(record) if q.of_record))
        return named or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The records with a share of a record of the run, with those records."""
        for key, _, named in run.facts(self):
            known = [i for i in named if run.first_key(i) is not None]
            if known:
                yield key, known

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every share whose pointer reaches no quantity, or whose fraction of it cannot give its number."""
        for path, quantity in _shares(entry.record):
            pointer = quantity.of_record
            target = index.get(pointer.record) if pointer is not None else None
            if pointer is None or target is None:
                continue
            reached, why = _reached(target, pointer.path)
            if why is None and not isinstance(reached, BaseQuantity):
                why = f"it reaches {_what(reached)}"
            if why is not None:
                yield Breach(
                    f"'{pointer.path}' points at no quantity of '{pointer.record}': {why}",
                    (*path, "of_record", "path"),
                )
                continue
            assert isinstance(reached, BaseQuantity)
            misfit = share_misfit(quantity, reached, f"'{pointer.record}' at {pointer.path}")
            if misfit is not None:
                yield Breach(misfit[1], (*path, misfit[0]))


# -- a conflict's stated durations -----------------------------------------------------------------------------------


#: One of each designator of an ISO 8601 duration, as the parts `parse_duration` gives: the date part's, then the
#: time part's (after 'T').
_DATE_UNITS = {"Y": Duration(12, 0, 0), "M": Duration(1, 0, 0), "W": Duration(0, 7, 0), "D": Duration(0, 1, 0)}
_TIME_UNITS = {"H": Duration(0, 0, 3600), "M": Duration(0, 0, 60), "S": Duration(0, 0, 1)}


def next_unit(text: str, duration: Duration) -> Duration:
    """`duration` (parsed from `text`) and one more of its smallest unit: a length said in whole units is counted as
    ages are ('18 years' is at least 18 and under 19 years)."""
    date_part, _, time_part = text[1:].partition("T")
    units, part = (_TIME_UNITS, time_part) if time_part else (_DATE_UNITS, date_part)
    one = units.get(part[-1:], Duration(0, 0, 0)) if part else Duration(0, 0, 0)
    return Duration(duration.months + one.months, duration.days + one.days, duration.seconds + one.seconds)


def _reach(start: tuple[dt.date, dt.date], duration: FuzzyDuration) -> tuple[dt.date | None, dt.date | None] | None:
    """The first and last day a length the duration allows, counted from a start in `start`, can reach (None:
    unbounded that way); None when the duration gives no length. Each end is an explicit bound when given, else the
    value's: from the value up to one more of its smallest unit ('18 years' as of a date 18 years and 5 months
    after the start), widened by `ABOUT` when approximate (as `DURATION_MATCHES_DATES` allows)."""
    value, lower, upper = (parse_duration(d) for d in (duration.value, duration.lower, duration.upper))
    if value is None and lower is None and upper is None:
        return None
    low: dt.date | None = None
    high: dt.date | None = None
    exact = value is not None and not duration.approximate
    shortest = lower or (value if exact else None)
    longest = upper or (next_unit(duration.value, value) if duration.value and value else None)
    try:
        if shortest is not None:
            moved = shifted(start[0], shortest)
            low = moved[0] if moved else None
        elif value is not None:  # approximate, no explicit lower bound
            low = start[0] + dt.timedelta(days=math.floor(value.day_range()[0] * (1 - ABOUT)))
        if longest is not None:
            moved = shifted(start[1], longest)
            high = moved[1] if moved else None
        if high is not None and upper is None and value is not None and duration.approximate:
            high = max(high, start[1] + dt.timedelta(days=math.ceil(value.day_range()[1] * (1 + ABOUT))))
    except OverflowError:
        return None
    return low, high


def _fits(reach: tuple[dt.date | None, dt.date | None], to: FuzzyDate | None) -> bool:
    """True when a day in `reach` can be a day of `to` (within `SLACK`), or `to` is not known."""
    first, last = (to.earliest(), to.latest()) if to is not None else (None, None)
    low, high = reach
    if first is None or last is None:
        return True
    try:
        if high is not None and high < first - SLACK:
            return False
        return not (low is not None and low > last + SLACK)
    except OverflowError:
        return True


def _length(duration: FuzzyDuration) -> str:
    said = duration.value or "/".join(d or ".." for d in (duration.lower, duration.upper))
    if duration.approximate:
        said = f"about {said}"
    return f"'{duration.text}' ({said})" if duration.text else said


def _years(first: dt.date, last: dt.date, first_end: dt.date, last_end: dt.date) -> str:
    """The years between two fuzzy dates, in words ('36.0 to 38.0 years')."""
    shortest, longest = ((b - a).days / 365.25 for a, b in ((last, first_end), (first, last_end)))
    return (
        f"{shortest:.1f} years" if f"{shortest:.1f}" == f"{longest:.1f}" else f"{shortest:.1f} to {longest:.1f} years"
    )


class StatedDurationFitsStart(RecordRule):
    """A duration a source states for a conflict ('19 years of war' as of 2020) can be the time from the
    conflict's `start` to the duration's `as_of` date (or to the conflict's `end`, when it ended): some reading of
    the fuzzy dates and of the duration (its bounds, or its value, within `ABOUT` when approximate) fits, within a
    day either way."""

    name = "stated_duration_fits_start"
    needs = only_with("stated_durations", types=(Conflict,))
    family = Family.durations
    description = "A conflict's stated duration fits the time from its start to when the duration was stated."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "conflict",
            "stated",
            name="C",
            start="1983",
            stated_durations=[{"duration": {"value": "P19Y", "text": "19 years of war"}, "as_of": "2020"}],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every stated duration that no reading of the start and the date stated fits."""
        if not isinstance(record, Conflict):
            return
        start = record.start
        first, last = (start.earliest(), start.latest()) if start is not None else (None, None)
        if start is None or first is None or last is None:
            return
        for position, stated in enumerate(record.stated_durations):
            as_of = stated.as_of
            as_first, as_last = (as_of.earliest(), as_of.latest()) if as_of is not None else (None, None)
            if as_of is None or as_first is None or as_last is None:
                continue
            reach = _reach((first, last), stated.duration)
            if reach is None or _fits(reach, as_of) or (record.end is not None and _fits(reach, record.end)):
                continue
            yield Breach(
                f"a duration of {_length(stated.duration)} as of {as_of.edtf} does not fit the conflict's start "
                f"{start.edtf}, {_years(first, last, as_first, as_last)} before it",
                ("stated_durations", position, "duration"),
            )


# -- records inside their conflict's time ----------------------------------------------------------------------------


class ConflictSpan(NamedTuple):
    """What records naming a conflict look up of it: its first possible start day and last possible end day."""

    start: Day | None
    end: Day | None


class NamingFacts(NamedTuple):
    """What judging a record that names conflicts needs: their ids, the record's first and last possible day
    (None when unknown), and whether its date after a conflict's end is judged (events and cease-fires)."""

    conflicts: tuple[str, ...]
    first: Day | None
    last: Day | None
    after_end: bool


#: The record types that may name conflicts, and those judged after a conflict's end too.
_NAMING = (Event, Ceasefire, Agreement, Negotiation)
_AFTER_END = (Event, Ceasefire)


def _record_span(record: Record) -> tuple[Day | None, Day | None]:
    """The first and last day anything dated of the record can be (its date, its status steps, a cease-fire's
    declarations); None for an end that some date leaves unknown."""
    dates: list[FuzzyDate] = []
    own = record.__dict__.get("date")
    if isinstance(own, FuzzyDate):
        dates.append(own)
    if isinstance(record, Ceasefire):
        dates += [d for dec in record.declarations for d in (dec.declared, dec.effective) if d is not None]
    dates += [s.date for s in getattr(record, "status_history", ()) or () if s.date is not None]
    if not dates:
        return None, None
    firsts = [d.earliest() for d in dates]
    lasts = [d.latest() for d in dates]
    return (
        None if None in firsts else min(d.toordinal() for d in firsts if d is not None),
        None if None in lasts else max(d.toordinal() for d in lasts if d is not None),
    )


def _outside(span: tuple[Day | None, Day | None], conflict: ConflictSpan, after_end: bool) -> str | None:
    first, last = span
    if conflict.start is not None and last is not None and last < conflict.start:
        return "before"
    if after_end and conflict.end is not None and first is not None and first > conflict.end:
        return "after"
    return None


class WithinConflict(SetRule[ConflictSpan, NamingFacts, None]):
    """A record naming a conflict in `conflicts` is not dated certainly before the conflict's `start`; an event or
    a cease-fire not certainly after its `end` either (talks and agreements often come after the fighting ended).

    Keeps per record: of a conflict, its first possible start day and last possible end day (when it has one); of
    an event, cease-fire, agreement or negotiation naming conflicts, their interned ids and its first and last
    possible day."""

    name = "within_conflict"
    lookup_needs = only_with(types=(Conflict,))
    facts_needs = only_with("conflicts", types=_NAMING)
    family = Family.dates
    keeps = (
        "Of a conflict, its first possible start day and last possible end day; of a record naming conflicts, their "
        "ids and its first and last possible day."
    )
    description = "A record naming a conflict is not dated before it began (an event or cease-fire, after it ended)."
    example = (
        EXAMPLE_SOURCE,
        example_record("conflict", "ended", name="C", start="1983", end="2009-05-18"),
        example_record("event", "after-end", kind="attack", date="2015-03-01", conflicts=["conflict:ended"]),
    )

    def lookup(self, record: Record) -> ConflictSpan | None:
        """A conflict's first possible start day and last possible end day."""
        if not isinstance(record, Conflict):
            return None
        start = record.start.earliest() if record.start is not None else None
        end = record.end.latest() if record.end is not None else None
        if start is None and end is None:
            return None
        return ConflictSpan(start.toordinal() if start else None, end.toordinal() if end else None)

    def facts(self, record: Record, raw: bytes | None) -> NamingFacts | None:
        """The conflicts a dated event, cease-fire, agreement or negotiation names, and its span."""
        if not isinstance(record, _NAMING):
            return None
        if not record.conflicts:
            return None
        first, last = _record_span(record)
        if first is None and last is None:
            return None
        named = tuple(sys.intern(c) for c in record.conflicts)
        return NamingFacts(named, first, last, isinstance(record, _AFTER_END))

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The records dated outside a conflict they name."""
        for key, _, facts in run.facts(self):
            looked = []
            for conflict_id in facts.conflicts:
                conflict = run.lookup(self, conflict_id)
                if conflict is not None and _outside((facts.first, facts.last), conflict, facts.after_end):
                    looked.append(conflict_id)
            if looked:
                yield key, looked

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every conflict the record names that it is dated outside of."""
        record = entry.record
        if not isinstance(record, _NAMING):
            return
        span = _record_span(record)
        for position, conflict_id in enumerate(record.conflicts):
            conflict = index.get(conflict_id)
            if not isinstance(conflict, Conflict):
                continue
            found = self.lookup(conflict)
            side = _outside(span, found, isinstance(record, _AFTER_END)) if found is not None else None
            if side is None:
                continue
            when = _dates_in_words(record)
            bound = f"began {_shown(conflict.start)}" if side == "before" else f"ended {_shown(conflict.end)}"
            yield Breach(f"dated {when}, {side} '{conflict_id}' {bound}", ("conflicts", position))


def _dates_in_words(record: Record) -> str:
    own = record.__dict__.get("date")
    if isinstance(own, FuzzyDate):
        return own.edtf
    first, last = _record_span(record)
    days: Sequence[Day | None] = (first, last)
    shown = [dt.date.fromordinal(d).isoformat() if d is not None else ".." for d in days]
    return shown[0] if shown[0] == shown[1] else "/".join(shown)


NEGATIVE_FACT_HOLDS = NegativeFactHolds()
SHARE_OF_RECORD_FITS = ShareOfRecordFits()
STATED_DURATION_FITS_START = StatedDurationFitsStart()
WITHIN_CONFLICT = WithinConflict()

__all__ = [
    "NEGATIVE_FACT_HOLDS",
    "SHARE_OF_RECORD_FITS",
    "STATED_DURATION_FITS_START",
    "WITHIN_CONFLICT",
]
