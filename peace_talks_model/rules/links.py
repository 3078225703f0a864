"""Rules on the links between exchanges, cease-fires and agreements (schema 1.5): `SWAP_LINKS_AGREE` (a swap listed
by an agreement or cease-fire does not name another one as its own), `RECIPROCAL_BY_OTHER_SIDE` (a cease-fire that
reciprocates another is not declared by the same actors only), `ARRANGEMENT_ORDER` (a cease-fire that supersedes
another, is provided for by or implements an agreement, or is a precondition for one, begins in the order that
relation means) and `CUSTODY_FITS_SWAP` (a custody holds people the side released, from their release on).

A link written at one end only is fine (records are often incomplete); only ends that contradict each other are
reported. Every date comparison uses the fuzzy bounds: a relation is reported only when every reading of the dates
contradicts it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from peace_talks_model.models import Agreement, Ceasefire, FuzzyDate, PrisonerSwap, Record
from peace_talks_model.models.ceasefire import CeasefireRelationType
from peace_talks_model.models.prisoner_swap import SwapSide, SwapStage
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
from peace_talks_model.rules.relations import record_dates
from peace_talks_model.rules.times import (
    _misdated,
    ceasefire_start,
    ceasefire_start_span,
    custody_before_release,
    first_release,
)

Bounds = tuple[dt.date | None, dt.date | None]

# -- a swap and what provides for it, read from both ends ---------------------------------------------------------

#: Agreement relations that make two agreements one arrangement (a swap provided for by a part is the whole's too).
_WHOLE = frozenset({"part_of", "annexed_to"})


class SwapEnds(NamedTuple):
    """What the check of a listing looks up of a swap or an agreement."""

    #: a swap's `agreement` and `ceasefire` (interned ids; None when it names none)
    agreement: str | None = None
    ceasefire: str | None = None
    #: an agreement's wholes: the agreements it is a part of or annexed to
    wholes: tuple[str, ...] = ()


def _named(ends: SwapEnds | None, lister: str) -> str | None:
    """The record a swap names where `lister` (an agreement or a cease-fire) expects itself (None: names none)."""
    if ends is None:
        return None
    return ends.agreement if lister.startswith("agreement:") else ends.ceasefire


def _one_arrangement(first: SwapEnds | None, one: str, second: SwapEnds | None, other: str) -> bool:
    """True when agreements `one` and `other` are parts of one arrangement (one is a part of or annexed to the
    other)."""
    return (first is not None and other in first.wholes) or (second is not None and one in second.wholes)


class SwapLinksAgree(SetRule[SwapEnds, tuple[str, ...], None]):
    """A swap that an agreement or a cease-fire lists in `prisoner_swaps` does not name another agreement (or
    cease-fire) as its `agreement` (or `ceasefire`).

    Keeps per record: of an agreement or cease-fire listing swaps, their interned ids; for lookups, a swap's
    `agreement` and `ceasefire` and an agreement's wholes (`part_of`, `annexed_to` targets). A link written at one
    end only is not judged (a swap naming nothing, an agreement listing some swaps but not this one), nor a swap
    naming an agreement or cease-fire that is not in the run (`reference_resolves`, PT301, reports it when it is
    missing), nor one naming a part or whole of the listing agreement."""

    name = "swap_links_agree"
    lookup_needs = only_with(types=(PrisonerSwap, Agreement))
    facts_needs = only_with("prisoner_swaps", types=(Agreement, Ceasefire))
    family = Family.relations
    keeps = (
        "Of an agreement or cease-fire listing swaps, their ids; for lookups, a swap's agreement and cease-fire "
        "and an agreement's wholes (part of, annexed to)."
    )
    description = "A swap listed by an agreement or cease-fire does not name another one as its own."
    example = (
        EXAMPLE_SOURCE,
        example_record("agreement", "listing", name="A", prisoner_swaps=["prisoner_swap:listed"]),
        example_record("agreement", "named", name="B"),
        example_record(
            "prisoner_swap",
            "listed",
            sides=[{"key": "x", "count": 1}, {"key": "y", "count": 1}],
            agreement="agreement:named",
        ),
    )

    def lookup(self, record: Record) -> SwapEnds | None:
        """A swap's agreement and cease-fire; an agreement's wholes."""
        if isinstance(record, PrisonerSwap):
            if record.agreement is None and record.ceasefire is None:
                return None
            agreement = sys.intern(record.agreement) if record.agreement is not None else None
            ceasefire = sys.intern(record.ceasefire) if record.ceasefire is not None else None
            return SwapEnds(agreement, ceasefire)
        if isinstance(record, Agreement):
            wholes = tuple(sys.intern(r.target) for r in record.relations if r.type._value_ in _WHOLE)
            return SwapEnds(wholes=wholes) if wholes else None
        return None

    def facts(self, record: Record, raw: bytes | None) -> tuple[str, ...] | None:
        """The swaps an agreement or cease-fire lists."""
        if isinstance(record, Agreement | Ceasefire) and record.prisoner_swaps:
            return tuple(sys.intern(s) for s in record.prisoner_swaps)
        return None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the agreements and cease-fires listing a swap that names another record of the run."""
        for key, lister, swaps in run.facts(self):
            looked: list[str] = []
            for swap in swaps:
                named = _named(run.lookup(self, swap), lister)
                if named is None or named == lister or run.first_key(named) is None:
                    continue
                if _one_arrangement(run.lookup(self, lister), lister, run.lookup(self, named), named):
                    continue
                looked += [swap, named]
            if looked:
                yield key, looked

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every listed swap that names another agreement or cease-fire as its own."""
        record = entry.record
        if not isinstance(record, Agreement | Ceasefire):
            return
        own = self.lookup(record)
        field = "agreement" if isinstance(record, Agreement) else "ceasefire"
        word = "agreement" if isinstance(record, Agreement) else "cease-fire"
        for position, swap_id in enumerate(record.prisoner_swaps):
            swap = index.get(swap_id)
            if not isinstance(swap, PrisonerSwap):
                continue
            named = getattr(swap, field)
            if named is None or named == record.id or index.first_key(named) is None:
                continue
            other = index.get(named)
            if _one_arrangement(own, record.id, self.lookup(other) if other is not None else None, named):
                continue
            yield Breach(
                f"lists '{swap_id}', but that exchange names '{named}' as its {word}, not '{record.id}'",
                ("prisoner_swaps", position),
            )


SWAP_LINKS_AGREE = SwapLinksAgree()


# -- a reciprocal cease-fire is another side's ----------------------------------------------------------------------


def _declarers(ceasefire: Ceasefire) -> tuple[str, ...]:
    """The distinct declarers of a cease-fire, interned, in order."""
    return tuple(dict.fromkeys(sys.intern(d.declarer) for d in ceasefire.declarations))


def _reciprocated(ceasefire: Ceasefire) -> tuple[str, ...]:
    """The cease-fires a cease-fire reciprocates."""
    return tuple(sys.intern(r.target) for r in ceasefire.relations if r.type is CeasefireRelationType.reciprocates)


def _same_side(own: Sequence[str], other: Sequence[str] | None) -> bool:
    """True when every declarer of `own` (some) also declared `other`."""
    return bool(own) and other is not None and set(own) <= set(other)


class ReciprocalByOtherSide(SetRule[tuple[str, ...], tuple[str, ...], None]):
    """A cease-fire that `reciprocates` another is declared by another side: not every one of its declarers also
    declared the cease-fire it answers.

    Keeps per record: of a cease-fire with declarations, its declarers' interned ids (to judge it and to be looked
    up), and of one that reciprocates, the ids of the cease-fires it reciprocates. A cease-fire without declarations
    is not judged. Two cease-fires with the same declarers, each reciprocating the other, are reported once, at the
    later record."""

    name = "reciprocal_by_other_side"
    lookup_needs = only_with(types=(Ceasefire,))
    facts_needs = only_with("reciprocates", types=(Ceasefire,))
    family = Family.relations
    keeps = "Of a cease-fire with declarations, its declarers' ids; of one that reciprocates others, their ids too."
    description = "A cease-fire that reciprocates another is declared by another side."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "x", name="X", kind="organization"),
        example_record("ceasefire", "first", declarations=[{"declarer": "actor:x", "declared": "2018-06-07"}]),
        example_record(
            "ceasefire",
            "answer",
            declarations=[{"declarer": "actor:x", "declared": "2018-06-09"}],
            relations=[{"type": "reciprocates", "target": "ceasefire:first"}],
        ),
    )

    def lookup(self, record: Record) -> tuple[str, ...] | None:
        """A cease-fire's declarers."""
        return (_declarers(record) or None) if isinstance(record, Ceasefire) else None

    def facts(self, record: Record, raw: bytes | None) -> tuple[str, ...] | None:
        """The cease-fires a declared cease-fire reciprocates."""
        if not isinstance(record, Ceasefire) or not record.declarations:
            return None
        return _reciprocated(record) or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the cease-fires reciprocating one that all their declarers declared too."""
        for key, own_id, targets in run.facts(self):
            own = run.lookup(self, own_id)
            looked = [target for target in targets if own and _same_side(own, run.lookup(self, target))]
            if looked:
                yield key, looked

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every `reciprocates` relation to a cease-fire declared by all of this one's declarers."""
        record = entry.record
        if not isinstance(record, Ceasefire):
            return
        own = _declarers(record)
        for position, relation in enumerate(record.relations):
            if relation.type is not CeasefireRelationType.reciprocates:
                continue
            other = index.get(relation.target)
            if not isinstance(other, Ceasefire) or not _same_side(own, _declarers(other)):
                continue
            other_key = index.first_key(other.id)
            mutual = record.id in _reciprocated(other) and _same_side(_declarers(other), own)
            if mutual and other_key is not None and other_key > entry.key:
                continue  # the same defect read from the other end: reported once, at the later record
            yield Breach(
                f"reciprocates '{other.id}', but {', '.join(repr(d) for d in own)} also declared that cease-fire: "
                "a reciprocal cease-fire is declared by another side",
                ("relations", position, "type"),
            )


RECIPROCAL_BY_OTHER_SIDE = ReciprocalByOtherSide()


# -- arrangements in the order their relations mean -------------------------------------------------------------

_SUPERSEDES = CeasefireRelationType.supersedes
_PROVIDED = (CeasefireRelationType.provided_for_by, CeasefireRelationType.implements)
_PRECONDITION = CeasefireRelationType.precondition_for
_ORDERED = frozenset({_SUPERSEDES, *_PROVIDED, _PRECONDITION})
#: Agreement statuses on the way to taking effect after the signing: a precondition may be one of taking effect.
_TAKING_EFFECT = frozenset({"ratified", "approved", "approved_in_referendum", "endorsed", "in_force"})


class Begins(NamedTuple):
    """What the order checks look up of a cease-fire or an agreement (days; None: unknown)."""

    #: a cease-fire's starts (its declarations' effective, else declared, dates) or an agreement's signing: the
    #: earliest and the latest day
    low: dt.date | None
    high: dt.date | None
    #: a cease-fire's earliest day of any beginning (declared, agreed, in effect); an agreement's latest day of its
    #: signing or of a later step on the way to taking effect
    bar: dt.date | None


def signing_bounds(agreement: Agreement) -> Bounds:
    """The first and last day the agreement can have been signed: the span of its signatures' dates
    (`signing_date`), else of its date or first 'signed' step."""
    dates: list[FuzzyDate | None] = [signing_date(agreement, i) for i in range(len(agreement.signatories))]
    if not any(dates):
        dates = [signing_date_of(agreement)]
    given = [d for d in dates if d is not None]
    if not given:
        return None, None
    lows, highs = [d.earliest() for d in given], [d.latest() for d in given]
    return (
        None if None in lows else min(d for d in lows if d is not None),
        None if None in highs else max(d for d in highs if d is not None),
    )


def signing_date_of(agreement: Agreement) -> FuzzyDate | None:
    """When the agreement as a whole was signed: its date, else its first 'signed' step."""
    if agreement.date is not None:
        return agreement.date
    return next((s.date for s in agreement.status_history if s.status == "signed" and s.date is not None), None)


def _in_effect_by(agreement: Agreement, signing: Bounds) -> dt.date | None:
    """The latest day an agreement can have been signed or taken a later step toward taking effect (None: one of
    them has no latest day, or none is dated)."""
    days = [signing[1]] if signing != (None, None) else []
    days += [step.date.latest() for step in agreement.status_history if step.status in _TAKING_EFFECT and step.date]
    return None if not days or None in days else max(d for d in days if d is not None)


def begins(record: Record | None) -> Begins | None:
    """When a cease-fire began, or an agreement was signed (None: undated, or an agreement whose date disagrees
    with its signing step, which `date_matches_history`, PT402, reports)."""
    if isinstance(record, Ceasefire):
        low, high = ceasefire_start_span(record)
        first = ceasefire_start(record)
        return Begins(low, high, first) if (low, high, first) != (None, None, None) else None
    if isinstance(record, Agreement):
        if _misdated(record):
            return None
        low, high = signing_bounds(record)
        bar = _in_effect_by(record, (low, high))
        return Begins(low, high, bar) if (low, high, bar) != (None, None, None) else None
    return None


def _shown(low: dt.date | None, high: dt.date | None) -> str:
    if low == high and low is not None:
        return low.isoformat()
    return f"{low.isoformat() if low else '..'}/{high.isoformat() if high else '..'}"


def order_fault(kind: CeasefireRelationType, own: Begins | None, target: Begins | None) -> str | None:
    """Why a cease-fire beginning `own` cannot stand in relation `kind` to a record beginning `target`."""
    if own is None or target is None:
        return None
    if kind is _SUPERSEDES:
        if own.high is not None and target.low is not None and own.high < target.low:
            return (
                f"it began {_shown(own.low, own.high)}, before the cease-fire it supersedes "
                f"({_shown(target.low, target.high)})"
            )
    elif kind in _PROVIDED:
        if own.high is not None and target.low is not None and own.high < target.low:
            signed = _shown(target.low, target.high)
            return f"it began {_shown(own.low, own.high)}, before the agreement was signed ({signed})"
    elif kind is _PRECONDITION and own.bar is not None and target.bar is not None and target.bar < own.bar:
        return (
            f"it began {own.bar.isoformat()} at the earliest, after the agreement was signed or took effect "
            f"({target.bar.isoformat()} at the latest)"
        )
    return None


def _restored_before(record: Ceasefire, target: Record | None) -> bool:
    """True when the cease-fire also restores `target` and is dated wholly before it (`cause_before_effect`,
    PT421, reports that link)."""
    if target is None or record.restores != target.id:
        return False
    mine, theirs = record_dates(record), record_dates(target)
    if not mine or not theirs:
        return False
    last = [d.latest() for d in mine]
    first = [d.earliest() for d in theirs]
    if None in last or None in first:
        return False
    return max(d for d in last if d is not None) < min(d for d in first if d is not None)


class ArrangementOrder(SetRule[Begins, tuple[tuple[str, str], ...], None]):
    """A cease-fire's relations to other arrangements keep their order in time: one that `supersedes` another does
    not begin before it; one `provided_for_by` or that `implements` an agreement does not begin before the
    agreement was signed; one that is a `precondition_for` an agreement does not begin after it was signed (or,
    when later steps are dated, after the last of its ratification, approval or entry into force).

    Keeps per record: of a cease-fire with such relations, (type, target) pairs of interned strings; for lookups,
    a cease-fire's beginning (the span of its starts and its earliest day) and an agreement's signing (its span and
    the latest day it can have taken effect) as three days. A cease-fire begins by its declarations' effective (else
    declared) dates, a precondition by its earliest declared, agreed or in-effect date; only a relation every
    reading of the dates contradicts is reported. An agreement whose date disagrees with its signing step (PT402)
    is not judged, nor a supersession that is also a restoration `cause_before_effect` (PT421) reports."""

    name = "arrangement_order"
    lookup_needs = only_with(types=(Ceasefire, Agreement))
    facts_needs = only_with("relations", types=(Ceasefire,))
    family = Family.relations
    keeps = (
        "Of a cease-fire with relations in time, its (type, target) pairs; for lookups, a cease-fire's beginning "
        "and an agreement's signing as three days."
    )
    description = "A cease-fire begins in the order its relations to other cease-fires and agreements mean."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "x", name="X", kind="organization"),
        example_record("agreement", "provider", name="A", date="2020-02-29"),
        example_record(
            "ceasefire",
            "provided",
            declarations=[{"declarer": "actor:x", "declared": "2020-01-10"}],
            relations=[{"type": "provided_for_by", "target": "agreement:provider"}],
        ),
    )

    def lookup(self, record: Record) -> Begins | None:
        """When a cease-fire began or an agreement was signed."""
        return begins(record)

    def facts(self, record: Record, raw: bytes | None) -> tuple[tuple[str, str], ...] | None:
        """A cease-fire's relations that order it in time."""
        if not isinstance(record, Ceasefire):
            return None
        ordered = tuple(
            (sys.intern(r.type._value_), sys.intern(r.target)) for r in record.relations if r.type in _ORDERED
        )
        return ordered or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The cease-fires with a relation their dates contradict (the check also sets aside what PT421 reports)."""
        for key, own_id, relations in run.facts(self):
            own = run.lookup(self, own_id)
            looked = [
                target
                for kind, target in relations
                if order_fault(CeasefireRelationType(kind), own, run.lookup(self, target)) is not None
            ]
            if looked:
                yield key, looked

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every relation of the cease-fire that its dates and its target's contradict."""
        record = entry.record
        if not isinstance(record, Ceasefire):
            return
        own = begins(record)
        for position, relation in enumerate(record.relations):
            if relation.type not in _ORDERED:
                continue
            target = index.get(relation.target)
            why = order_fault(relation.type, own, begins(target))
            if why is None or (relation.type is _SUPERSEDES and _restored_before(record, target)):
                continue
            yield Breach(f"{relation.type.value} '{relation.target}', but {why}", ("relations", position, "target"))


ARRANGEMENT_ORDER = ArrangementOrder()


# -- custody of released detainees ------------------------------------------------------------------------------


def _all_named(side: SwapSide) -> bool:
    """True when the side's named detainees are all it released: a count of it (the latest, or of the executed
    stage) allows no more people than it names."""
    counts = [side.count] if side.count is not None else []
    counts += [sc.count for sc in side.stage_counts if sc.stage is SwapStage.executed]
    return any(count.bounds()[1] == len(side.detainees) for count in counts)


def _custody_faults(swap: PrisonerSwap) -> Iterator[Breach]:
    released = first_release(swap)  # the earliest of the swap's dates: a misdated one (PT402) only widens it
    for s, side in enumerate(swap.sides):
        if not side.custody:
            continue
        named = {d.person for d in side.detainees}
        others = {d.person for o in swap.sides if o is not side for d in o.detainees}
        in_rounds = {p for r in swap.phases for rel in r.releases if rel.side == side.key for p in rel.detainees}
        complete = bool(named) and _all_named(side)
        for c, custody in enumerate(side.custody):
            for d, person in enumerate(custody.detainees):
                if not named or person in named or person in in_rounds:
                    continue
                if person in others:
                    why = f"whom another side of the exchange releases, not side '{side.key}'"
                elif complete:
                    why = f"whom side '{side.key}' does not release: it names every person it releases"
                else:
                    continue
                yield Breach(f"the custody holds '{person}', {why}", ("sides", s, "custody", c, "detainees", d))
            if released is not None:
                fault = custody_before_release(custody, released)
                if fault is not None:
                    field = "start" if custody.start is not None else "end"
                    yield Breach(
                        f"{fault}: released people are held after their release", ("sides", s, "custody", c, field)
                    )


class CustodyFitsSwap(RecordRule):
    """A swap side's custody holds people that side released (when the side names every person it released, or
    the person is released by another side) and does not begin (or end) before anyone of the exchange was
    released."""

    name = "custody_fits_swap"
    needs = only_with("custody", types=(PrisonerSwap,))
    family = Family.relative_times
    description = "A custody holds people its side released, from their release on."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "qatar", name="Qatar", kind="state"),
        example_record(
            "prisoner_swap",
            "held",
            date="2019-11-19",
            sides=[
                {"key": "x", "count": 3, "custody": [{"holder": "actor:qatar", "start": "2019-10-01"}]},
                {"key": "y", "count": 2},
            ],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every custody detainee the side did not release, and every custody dated before the release."""
        if not isinstance(record, PrisonerSwap):
            return
        yield from _custody_faults(record)


CUSTODY_FITS_SWAP = CustodyFitsSwap()

__all__ = [
    "ARRANGEMENT_ORDER",
    "CUSTODY_FITS_SWAP",
    "RECIPROCAL_BY_OTHER_SIDE",
    "SWAP_LINKS_AGREE",
    "begins",
    "signing_bounds",
]
