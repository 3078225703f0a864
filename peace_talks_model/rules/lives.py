"""Rules on actors over time: `ACTS_WITHIN_LIFE` (an actor does nothing after its death or dissolution, nor before its
birth or founding: no post or membership, no part in talks, no declaration, statement or signature outside its
life) and `RELEASED_AFTER_DEATH` (a warning: a detainee released after his recorded death, which only a release of
remains explains).

Signatures and positions after a death are `dates_agree_across_records`' (PT304); posts starting before a birth are
the actor model's (PT264). Every date comparison uses the fuzzy bounds.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from peace_talks_model.introspect import Path
from peace_talks_model.models import (
    Actor,
    Agreement,
    Ceasefire,
    Claim,
    Event,
    FuzzyDate,
    Negotiation,
    Position,
    PrisonerSwap,
    Record,
)
from peace_talks_model.models.actor import ActorRelation, Post
from peace_talks_model.models.prisoner_swap import Detainee, SwapSide
from peace_talks_model.rules.base import (
    EXAMPLE_SOURCE,
    Breach,
    Entry,
    Family,
    Index,
    RunFacts,
    SetRule,
    example_record,
    only_with,
)
from peace_talks_model.rules.dates import signing_date


class Life(NamedTuple):
    """What the checks look up of an actor: the first day it can have been born or founded, the last day it can
    have died or been dissolved (None: not recorded, or unbounded)."""

    born: dt.date | None
    died: dt.date | None


class Act(NamedTuple):
    """Something an actor did (or that involved it) at some time in a range: after its death if the range starts
    after it, before its birth if the range ends before it."""

    actor: str
    #: the first day of the range, when its start after a death is a contradiction (None: not judged so)
    first: dt.date | None
    #: the last day of the range, when its end before a birth is a contradiction (None: not judged so)
    last: dt.date | None


class Placed(NamedTuple):
    """An act with where it is written and how the message names it."""

    act: Act
    path: Path
    #: what the actor did, as the message says it ('took part in these talks')
    what: str
    #: the dates giving the range's first and last day
    first_date: FuzzyDate | None
    last_date: FuzzyDate | None


#: Relations of an actor that it cannot hold once dead or dissolved (kinship with someone born later, designations,
#: detention, backing and hosting can begin after a death: a posthumous child, remains held, a defunct group listed).
_OWN_WHILE_ALIVE = frozenset(
    {
        "child_of",
        "younger_sibling_of",
        "spouse_of",
        "founder_of",
        "co_founder_of",
        "leader_of",
        "deputy_of",
        "member_of",
        "senior_member_of",
        "spokesperson_of",
        "part_of",
        "affiliated_with",
        "allied_with",
        "successor_of",
        "contributes_to",
    }
)
#: Relations whose start is the birth or founding of the target, which `cause_before_effect` orders by birth.
_BORN_ORDERED = frozenset({"parent_of", "older_sibling_of", "founder_of", "co_founder_of"})
#: Relations an actor cannot have to a target that is dead or dissolved (or not yet born or founded).
_TARGET_WHILE_ALIVE = frozenset(
    {
        "spouse_of",
        "leader_of",
        "deputy_of",
        "member_of",
        "senior_member_of",
        "spokesperson_of",
        "part_of",
        "affiliated_with",
        "allied_with",
        "contributes_to",
    }
)
#: Roles in an event that only a living actor (an existing organisation) can play.
_ACTIVE_ROLES = frozenset(
    {
        "claimed_responsibility",
        "visitor",
        "host",
        "organizer",
        "participant",
        "announcer",
        "decision_maker",
        "releaser",
        "captor",
        "challenger",
        "declarer",
    }
)
#: Statuses of talks that took place; a negotiation with a status history but none of these is not judged.
_HELD = frozenset({"held", "ongoing", "resumed", "concluded", "collapsed", "suspended"})
#: Text fields a record needs to hold an act (a record whose text has none of them holds none).
_ACT_KEYS = frozenset(
    {
        b"posts",
        b"relations",
        b"participants",
        b"declarations",
        b"extensions",
        b"signatories",
        b"holders",
        b"speaker",
        b"actors",
        b"by",
        b"detainees",
    }
)


def _moment(actor: str, date: FuzzyDate | None, path: Path, what: str, after: bool = True) -> Placed | None:
    """An act on a date (judged after a death only when `after`)."""
    if date is None:
        return None
    first = date.earliest() if after else None
    return Placed(Act(sys.intern(actor), first, date.latest()), path, what, date if after else None, date)


def _begun(actor: str, date: FuzzyDate | None, path: Path, what: str) -> Placed | None:
    """An act that began, or went on, on a date: judged after a death only."""
    if date is None:
        return None
    return Placed(Act(sys.intern(actor), date.earliest(), None), path, what, date, None)


def _ended(actor: str, date: FuzzyDate | None, path: Path, what: str) -> Placed | None:
    """An act that ended on a date: judged before a birth only."""
    return _moment(actor, date, path, what, after=False)


def _first(dates: Sequence[FuzzyDate]) -> FuzzyDate | None:
    """The date of `dates` that can denote the earliest day (None: none, or one is unbounded that way)."""
    if not dates or any(d.earliest() is None for d in dates):
        return None
    return min(dates, key=lambda d: d.earliest() or dt.date.min)


def _last(dates: Sequence[FuzzyDate]) -> FuzzyDate | None:
    """The date of `dates` that can denote the latest day (None: none, or one is unbounded that way)."""
    if not dates or any(d.latest() is None for d in dates):
        return None
    return max(dates, key=lambda d: d.latest() or dt.date.max)


def _range(
    actor: str, path: Path, what: str, first_date: FuzzyDate | None, last_date: FuzzyDate | None
) -> Placed | None:
    """An act somewhere between `first_date` and `last_date`."""
    first = first_date.earliest() if first_date is not None else None
    last = last_date.latest() if last_date is not None else None
    if first is None and last is None:
        return None
    return Placed(Act(sys.intern(actor), first, last), path, what, first_date, last_date)


def _periods(actor: str, period: Post | ActorRelation, path: Path, what: str, after: bool) -> Iterator[Placed | None]:
    """A post's or relation's dates: it began on `start`, held on each `as_of`, ended on `end` (judged after a
    death only when `after`)."""
    yield _moment(actor, period.start, (*path, "start"), f"{what} begins", after)
    for position, date in enumerate(period.as_of):
        yield _moment(actor, date, (*path, "as_of", position), f"{what} is held", after)
    yield _ended(actor, period.end, (*path, "end"), f"{what} ends")


def _own_relation(actor: str, relation: ActorRelation, path: Path, what: str) -> Iterator[Placed | None]:
    """An actor's own relation: within its life, but a relation ordered by birth (its start is the other's birth
    or founding) is judged by `cause_before_effect` (PT421) against that birth, and may begin after a death."""
    kind = relation.type.value
    if kind not in _BORN_ORDERED:
        yield from _periods(actor, relation, path, what, kind in _OWN_WHILE_ALIVE)
    elif kind in _OWN_WHILE_ALIVE:  # a founding, not after the founder's death
        yield _begun(actor, relation.start, (*path, "start"), f"{what} begins")
        for position, date in enumerate(relation.as_of):
            yield _begun(actor, date, (*path, "as_of", position), f"{what} is held")


def _in(organization: str, period: Post | ActorRelation, path: Path, what: str) -> Iterator[Placed | None]:
    """A post in, or a relation to, another actor: it cannot begin or be held after that actor's death or
    dissolution, nor end before its birth or founding (it may begin before it: a head of mission is appointed
    before the mission starts)."""
    yield _begun(organization, period.start, (*path, "start"), f"{what} begins")
    for position, date in enumerate(period.as_of):
        yield _begun(organization, date, (*path, "as_of", position), f"{what} is held")
    yield _ended(organization, period.end, (*path, "end"), f"{what} ends")


def _actor_acts(record: Actor) -> Iterator[Placed | None]:
    for position, post in enumerate(record.posts):
        path: Path = ("posts", position)
        yield from _periods(record.id, post, path, f"post '{post.title}'", True)
        if post.organization is not None and post.organization != record.id:
            yield from _in(post.organization, post, path, f"post '{post.title}' in '{post.organization}'")
    for position, relation in enumerate(record.relations):
        path = ("relations", position)
        kind = relation.type.value
        what = f"relation '{kind}' to '{relation.target}'"
        yield from _own_relation(record.id, relation, path, what)
        if kind in _TARGET_WHILE_ALIVE:
            yield from _in(relation.target, relation, path, what)


def _negotiation_acts(record: Negotiation) -> Iterator[Placed | None]:
    steps = record.status_history
    statuses = {step.status._value_ for step in steps}
    if steps and statuses.isdisjoint(_HELD):
        return  # talks that did not take place (proposed, planned, postponed) are not judged
    if "cancelled" in statuses:
        return
    held = [d for d in [record.date, *(s.date for s in steps if s.status._value_ in _HELD)] if d is not None]
    first, last = _first(held), _last(held)  # the talks' own span, for participants with no dates of their own
    for position, participant in enumerate(record.participants):
        if participant.actor is None or participant.role._value_ == "invitee":
            continue
        start = participant.joined if participant.joined is not None else first
        end = participant.left if participant.left is not None else last
        yield _range(participant.actor, ("participants", position, "actor"), "took part in these talks", start, end)


def _ceasefire_acts(record: Ceasefire) -> Iterator[Placed | None]:
    for position, declaration in enumerate(record.declarations):
        path = ("declarations", position, "declarer")
        last = declaration.declared if declaration.declared is not None else declaration.effective
        yield _range(declaration.declarer, path, "declared the cease-fire", declaration.declared, last)
    for position, extension in enumerate(record.extensions):
        for number, actor in enumerate(extension.by):
            yield _moment(actor, extension.date, ("extensions", position, "by", number), "extended the cease-fire")


def _agreement_acts(record: Agreement) -> Iterator[Placed | None]:
    for position, signatory in enumerate(record.signatories):
        signed = signing_date(record, position)
        path = ("signatories", position)
        # a signature after the signer's death is PT304's
        yield _moment(signatory.actor, signed, (*path, "actor"), "signed", after=False)
        if signatory.on_behalf_of is not None:
            yield _moment(signatory.on_behalf_of, signed, (*path, "on_behalf_of"), "signed for")


def _speaker(record: Claim | Position, date: FuzzyDate | None) -> Iterator[Placed | None]:
    attribution = record.attribution
    if attribution is None or attribution.speaker is None:
        return
    if isinstance(record, Position) and attribution.speaker in record.holders:
        return  # a holder's statement after death is PT304's
    when = attribution.date if attribution.date is not None else date
    yield _moment(attribution.speaker, when, ("attribution", "speaker"), "spoke")


def _steps(record: Record) -> Iterator[Placed | None]:
    signers = {s.actor for s in record.signatories} if isinstance(record, Agreement) else set()
    for position, step in enumerate(record.__dict__.get("status_history") or ()):  # (getattr would be slow)
        if not step.by:
            continue
        for number, actor in enumerate(step.by):
            if actor in signers:
                continue  # a signer's acts after death are PT304's
            what = f"brought about status '{step.status.value}'"
            yield _moment(actor, step.date, ("status_history", position, "by", number), what)


def _swap_release(record: PrisonerSwap, person: str) -> tuple[FuzzyDate | None, FuzzyDate | None]:
    """When `person` was released: the dated phase naming him, else the swap's date, else its executed steps."""
    for phase in record.phases:
        if phase.date is not None and any(person in release.detainees for release in phase.releases):
            return phase.date, phase.date
    if record.date is not None:
        return record.date, record.date
    done = [s.date for s in record.status_history if s.status.value in ("executed", "partial") and s.date is not None]
    return _first(done), _last(done)


def _swap_acts(record: PrisonerSwap) -> Iterator[Placed | None]:
    for side_number, side in enumerate(record.sides):
        for position, detainee in enumerate(side.detainees):
            path = ("sides", side_number, "detainees", position)
            _, last = _swap_release(record, detainee.person)
            yield _ended(detainee.person, last, (*path, "person"), "released")
            yield _ended(detainee.person, detainee.captured, (*path, "captured"), "captured")


def placed_acts(record: Record) -> list[Placed]:
    """Every act of an actor the record holds, with its path."""
    found: list[Placed | None] = []
    if isinstance(record, Actor):
        found += _actor_acts(record)
    elif isinstance(record, Negotiation):
        found += _negotiation_acts(record)
    elif isinstance(record, Ceasefire):
        found += _ceasefire_acts(record)
    elif isinstance(record, Agreement):
        found += _agreement_acts(record)
    elif isinstance(record, Claim):
        found += _speaker(record, record.date)
    elif isinstance(record, Position):
        for position, holder in enumerate(record.holders):
            found.append(_moment(holder, record.stated, ("holders", position), "stated", after=False))
        found += _speaker(record, record.stated)
    elif isinstance(record, Event):
        for position, actor in enumerate(record.actors):
            if actor.role._value_ in _ACTIVE_ROLES:
                what = f"acted as {actor.role.value}"
                found.append(_moment(actor.actor, record.date, ("actors", position, "actor"), what))
    elif isinstance(record, PrisonerSwap):
        found += _swap_acts(record)
    found += _steps(record)
    return [p for p in found if p is not None and (p.act.first is not None or p.act.last is not None)]


def life(record: Record | None) -> Life | None:
    """An actor's birth and death as bounds; None for another record or an actor without either."""
    if not isinstance(record, Actor) or (record.born is None and record.died is None):
        return None
    born = record.born.earliest() if record.born is not None else None
    died = record.died.latest() if record.died is not None else None
    return Life(born, died)


def outside(act: Act, lived: Life | None) -> bool:
    """True when the act certainly falls after the death or before the birth."""
    if lived is None:
        return False
    after = act.first is not None and lived.died is not None and lived.died < act.first
    before = act.last is not None and lived.born is not None and act.last < lived.born
    return after or before


class ActsWithinLife(SetRule[Life, tuple[Act, ...], None]):
    """No actor acts, holds a post or a relation, takes part in talks, declares, signs or states anything certainly
    after its death or dissolution, or certainly before its birth or founding.

    Kept per record: its acts (`Act`: the actor's interned id and the first and last day the act can fall on) and,
    of an actor, for lookups, its life (`Life`: the earliest day of birth, the latest day of death).
    """

    name = "acts_within_life"
    lookup_needs = only_with(types=(Actor,))
    facts_needs = only_with(_ACT_KEYS)
    family = Family.actors_over_time
    keeps = (
        "Of each record, its acts (an actor's id, the first and last day the act can fall on); of an actor, its life."
    )
    description = "No actor acts (posts, talks, declarations, statements) after its death or before its birth."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "actor",
            "late-leader",
            name="Late leader",
            kind="person",
            died="2013",
            posts=[{"title": "leader", "start": "2014-06"}],
        ),
    )

    def lookup(self, record: Record) -> Life | None:
        """An actor's life."""
        return life(record)

    def facts(self, record: Record, raw: bytes | None) -> tuple[Act, ...] | None:
        """The record's acts of actors."""
        acts = tuple(dict.fromkeys(p.act for p in placed_acts(record)))
        return acts or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the records holding an act outside its actor's life."""
        for key, _, acts in run.facts(self):
            looked = sorted({act.actor for act in acts if outside(act, run.lookup(self, act.actor))})
            if looked:
                yield key, looked

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every act of the record outside its actor's life."""
        for placed in placed_acts(entry.record):
            actor = entry.record if placed.act.actor == entry.record.id else index.get(placed.act.actor)
            if not isinstance(actor, Actor) or not outside(placed.act, life(actor)):
                continue
            person = actor.kind.value == "person"
            lived = life(actor)
            assert lived is not None
            act = placed.act
            if act.first is not None and lived.died is not None and lived.died < act.first:
                assert actor.died is not None
                assert placed.first_date is not None
                verb = "died" if person else "was dissolved"
                when = placed.first_date.edtf
                message = f"{placed.what} {when}, after '{actor.id}' {verb} ({actor.died.edtf})"
            else:
                assert actor.born is not None
                assert placed.last_date is not None
                verb = "was born" if person else "was founded"
                when = placed.last_date.edtf
                message = f"{placed.what} {when}, before '{actor.id}' {verb} ({actor.born.edtf})"
            if actor.id == entry.record.id:
                message = message.replace(f"'{actor.id}'", "the actor", 1)
            yield Breach(message, placed.path)


ACTS_WITHIN_LIFE = ActsWithinLife()


# -- released after death --------------------------------------------------------------------------------------

#: Words by which a detainee's or a side's description says that remains were handed over.
REMAINS = re.compile(r"\b(?:remains|body|bodies|corpses?|dead)\b", re.IGNORECASE)


class ReleasedAfterDeath(SetRule[Life, tuple[tuple[dt.date, str], ...], None]):
    """A swap does not release a detainee certainly after his recorded death, unless the detainee's or the side's
    description says remains were handed over (the model has no field for it; a warning).

    Kept per swap: (first day the detainee can have been released, his interned id) pairs; of an actor, for
    lookups, its life (`Life`).
    """

    name = "released_after_death"
    lookup_needs = only_with(types=(Actor,))
    facts_needs = only_with("detainees", types=(PrisonerSwap,))
    family = Family.actors_over_time
    keeps = "Of a swap, (first day of release, detainee id) pairs; of an actor, for lookups, its life."
    description = "A swap does not release a detainee after his recorded death (unless it returns his remains)."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "dead-soldier", name="Dead soldier", kind="person", died="2010"),
        example_record("actor", "releasing-state", name="Releasing state", kind="state"),
        example_record("actor", "releasing-group", name="Releasing group", kind="armed_group"),
        example_record(
            "prisoner_swap",
            "s",
            date="2012-05-01",
            sides=[
                {"key": "a", "releaser": "actor:releasing-group", "detainees": [{"person": "actor:dead-soldier"}]},
                {"key": "b", "releaser": "actor:releasing-state"},
            ],
        ),
    )

    def lookup(self, record: Record) -> Life | None:
        """An actor's life."""
        return life(record)

    def facts(self, record: Record, raw: bytes | None) -> tuple[tuple[dt.date, str], ...] | None:
        """The swap's releases of named detainees: (first possible day, detainee)."""
        if not isinstance(record, PrisonerSwap):
            return None
        found = []
        for _, _side, detainee in _released(record):
            first, _ = _swap_release(record, detainee.person)
            day = first.earliest() if first is not None else None
            if day is not None:
                found.append((day, sys.intern(detainee.person)))
        return tuple(found) or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the swaps releasing a detainee after his recorded death."""
        for key, _, releases in run.facts(self):
            looked = []
            for day, person in releases:
                lived = run.lookup(self, person)
                if lived is not None and lived.died is not None and lived.died < day:
                    looked.append(person)
            if looked:
                yield key, sorted(set(looked))

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every detainee released after his recorded death, unless remains are said to be released."""
        record = entry.record
        if not isinstance(record, PrisonerSwap):
            return
        for path, _, detainee in _released(record):
            person = index.get(detainee.person)
            first, _ = _swap_release(record, detainee.person)
            day = first.earliest() if first is not None else None
            if not isinstance(person, Actor) or person.died is None or first is None or day is None:
                continue
            died = person.died.latest()
            if died is not None and died < day:
                yield Breach(
                    f"released {first.edtf}, after '{detainee.person}' died ({person.died.edtf}); if his remains "
                    "were handed over, say so in the detainee's description",
                    (*path, "person"),
                )


def _released(record: PrisonerSwap) -> Iterator[tuple[Path, SwapSide, Detainee]]:
    """The named detainees not said to be remains: (path, side, detainee)."""
    for side_number, side in enumerate(record.sides):
        if side.group_description is not None and REMAINS.search(side.group_description):
            continue
        for position, detainee in enumerate(side.detainees):
            said = " ".join(t for t in (detainee.description, detainee.circumstances) if t is not None)
            if not REMAINS.search(said):
                yield ("sides", side_number, "detainees", position), side, detainee


RELEASED_AFTER_DEATH = ReleasedAfterDeath()
