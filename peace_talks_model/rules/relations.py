"""Rules on relations between records: `RELATION_ORDER_ACYCLIC` (relations that are an order have no cycle, counting
inverse relations: a parent of one's own parent, an organisation that is a member of its own member, an agreement
that supersedes what supersedes it), `CAUSE_BEFORE_EFFECT` (what depends on a record is not dated certainly before
it: an agreement superseding a later one, a response made before what it answers, a parent born after the child)
and `PARTY_ALSO_MEDIATOR` (a warning: one actor both a party and a mediator of the same talks).

The links they judge are read by `links`: each is one edge of an order, written from the record that holds it
(an actor's `child_of` link is an edge from the parent to the actor). Every date comparison uses the fuzzy bounds.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import IntEnum
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
    words,
)


class Order(IntEnum):
    """The orders the links belong to: a cycle is looked for in each order apart."""

    #: parent before child (parent_of, child_of)
    descent = 0
    #: older sibling before younger (older_sibling_of, younger_sibling_of)
    age = 1
    #: founder before what it founded (founder_of, co_founder_of)
    founding = 2
    #: predecessor before successor (successor_of)
    succession = 3
    #: member or part before the whole (actors: member_of, senior_member_of, part_of)
    membership = 4
    #: what a record depends on before it (supersedes, amends, implements, follows, responds_to, replaces,
    #: reverses, restores, previous_round, caused_by)
    precedence = 5
    #: a part before the record it is part of (part_of of events, talks, swaps, agreements)
    containment = 6
    #: an annex before the agreement it is annexed to (annexed_to; not mixed with part_of: the Good Friday
    #: Agreement is annexed to the British-Irish Agreement, which is a part of the Good Friday Agreement)
    annex = 7


#: How each order is named in a message.
ORDER_NAMES: Mapping[Order, str] = {
    Order.descent: "parentage",
    Order.age: "birth order",
    Order.founding: "founding",
    Order.succession: "succession",
    Order.membership: "membership",
    Order.precedence: "precedence",
    Order.containment: "being a part",
    Order.annex: "being annexed",
}


class Time(IntEnum):
    """Which times of its two ends a link orders (the link's `before` cannot come certainly after its `after`)."""

    #: no time: the link orders nothing in time
    none = 0
    #: every date of the record (`span`): what depends on a record is not dated certainly before it
    span = 1
    #: the record's own `date`, as `dates_agree_across_records` (PT304) compares a step with its cause
    date = 2
    #: an actor's birth or founding
    born = 3


class Link(NamedTuple):
    """One edge of an order as a record holds it: `before` comes before `after` in the order."""

    order: Order
    before: str
    after: str
    #: which of the holder's times the link compares
    time: Time
    #: the link's place among the holder's links (`links`), to find its path again
    slot: int
    #: a membership's period: earliest day it began, latest day it ended (None: unbounded)
    start: dt.date | None = None
    end: dt.date | None = None


class Times(NamedTuple):
    """What the checks of links look up of a record: its times as bounds (None: unknown or unbounded)."""

    #: every date of the record: earliest and latest day
    span: tuple[dt.date | None, dt.date | None]
    #: the record's own `date`, as `dates_agree_across_records` reads it: earliest and latest day
    date: tuple[dt.date | None, dt.date | None]
    #: an actor's birth or founding: earliest and latest day
    born: tuple[dt.date | None, dt.date | None]


# -- reading links and times -----------------------------------------------------------------------------------

_KINSHIP: Mapping[str, tuple[Order, bool]] = {
    # relation type -> (order, True when the actor holding the link comes first)
    "parent_of": (Order.descent, True),
    "child_of": (Order.descent, False),
    "older_sibling_of": (Order.age, True),
    "younger_sibling_of": (Order.age, False),
    "founder_of": (Order.founding, True),
    "co_founder_of": (Order.founding, True),
    "successor_of": (Order.succession, False),
    "member_of": (Order.membership, True),
    "senior_member_of": (Order.membership, True),
    "part_of": (Order.membership, True),
}
#: Agreement relations that make this agreement depend on the target (it comes after it).
_AGREEMENT_AFTER = frozenset({"supersedes", "amends", "implements", "follows"})
#: Agreement relations that make this agreement a part of the target, by order.
_AGREEMENT_PART = {"part_of": Order.containment, "annexed_to": Order.annex}
#: The text fields a record needs to hold a link (a record whose text has none of them holds none: `words`).
_LINK_KEYS = frozenset(
    {
        b"relations",
        b"responds_to",
        b"reverses",
        b"replaces",
        b"restores",
        b"part_of",
        b"previous_round",
        b"follows",
        b"caused_by",
    }
)


class Found(NamedTuple):
    """A link with where it is written and how it reads."""

    link: Link
    path: Path
    #: the relation, as the holder writes it ('parent_of', 'responds_to')
    word: str
    #: the other record the link names
    other: str


def found_links(record: Record) -> list[Found]:
    """Every order link the record holds, with its path, in the record's order."""
    own = record.id
    # (order, before, after, time, path, word, other, start, end)
    raw: list[tuple[Order, str, str, Time, Path, str, str, dt.date | None, dt.date | None]] = []
    if isinstance(record, Actor):
        for position, relation in enumerate(record.relations):
            kind = _KINSHIP.get(relation.type.value)
            if kind is None:
                continue
            order, first = kind
            time = Time.born if order in (Order.descent, Order.age, Order.founding) else Time.none
            before, after = (own, relation.target) if first else (relation.target, own)
            start = relation.start.earliest() if relation.start is not None else None
            end = relation.end.latest() if relation.end is not None else None
            path: Path = ("relations", position, "target")
            raw.append((order, before, after, time, path, relation.type.value, relation.target, start, end))
    elif isinstance(record, Agreement):
        for position, agreement_relation in enumerate(record.relations):
            word, target = agreement_relation.type.value, agreement_relation.target
            path = ("relations", position, "target")
            if word in _AGREEMENT_AFTER:
                raw.append((Order.precedence, target, own, Time.span, path, word, target, None, None))
            elif word in _AGREEMENT_PART:
                raw.append((_AGREEMENT_PART[word], own, target, Time.none, path, word, target, None, None))
    else:
        for field, value, order in _single_links(record):
            if value is None:
                continue
            targets = value if isinstance(value, list) else [value]
            for position, target in enumerate(targets):
                path = (field, position) if isinstance(value, list) else (field,)
                if order is Order.containment:
                    raw.append((order, own, target, Time.none, path, field, target, None, None))
                else:
                    time = Time.date if field == "caused_by" else Time.span
                    raw.append((order, target, own, time, path, field, target, None, None))
    found: list[Found] = []
    for order, before, after, time, path, word, other, start, end in raw:
        if before != after:
            link = Link(order, sys.intern(before), sys.intern(after), time, len(found), start, end)
            found.append(Found(link, path, word, other))
    return found


def _single_links(record: Record) -> list[tuple[str, str | list[str] | None, Order]]:
    """The link fields of a claim, position, cease-fire, negotiation, event or swap: (field, value, order)."""
    if isinstance(record, Claim):
        return [("responds_to", record.responds_to, Order.precedence), ("reverses", record.reverses, Order.precedence)]
    if isinstance(record, Position):
        return [("replaces", record.replaces, Order.precedence), ("responds_to", record.responds_to, Order.precedence)]
    if isinstance(record, Ceasefire):
        return [("restores", record.restores, Order.precedence)]
    if isinstance(record, Negotiation):
        return [
            ("part_of", record.part_of, Order.containment),
            ("previous_round", record.previous_round, Order.precedence),
            ("follows", record.follows, Order.precedence),
        ]
    if isinstance(record, Event):
        return [("part_of", record.part_of, Order.containment), ("caused_by", record.caused_by, Order.precedence)]
    if isinstance(record, PrisonerSwap):
        return [("part_of", record.part_of, Order.containment)]
    return []


#: The last record `links` was asked about and its links: the two rules that read links ask in turn about the same
#: record as the record stage passes it on, so they are found once.
_last_links: list[tuple[Record, tuple[Link, ...]]] = []


def links(record: Record, raw: bytes | None) -> tuple[Link, ...]:
    """The order links of a record (see `found_links`); `raw` lets a record without any be passed over quickly."""
    if raw is not None and words(raw).isdisjoint(_LINK_KEYS):
        return ()
    if _last_links and _last_links[0][0] is record:
        return _last_links[0][1]
    found = tuple(f.link for f in found_links(record))
    _last_links[:] = [(record, found)]
    return found


def record_dates(record: Record) -> list[FuzzyDate]:
    """Every date that says when the record happened, was made or was in effect (planned dates left out)."""
    dates: list[FuzzyDate | None] = []
    if isinstance(record, Agreement | Negotiation | Event | PrisonerSwap):
        dates.append(record.date)
        dates += [step.date for step in record.status_history]
    if isinstance(record, Agreement):
        dates += [version.date for version in record.versions]
        dates += [signatory.date for signatory in record.signatories]
    elif isinstance(record, PrisonerSwap):
        dates += [phase.date for phase in record.phases]
    elif isinstance(record, Ceasefire):
        for declaration in record.declarations:
            dates += [declaration.declared, declaration.effective, declaration.end]
        dates += [step.date for step in record.status_history]
        dates += [extension.date for extension in record.extensions]
    elif isinstance(record, Claim):
        dates += [record.date, record.attribution.date if record.attribution else None]
    elif isinstance(record, Position):
        dates += [record.stated, record.held_from, record.held_until]
        dates.append(record.attribution.date if record.attribution else None)
    return [d for d in dates if d is not None]


def bounds(dates: Sequence[FuzzyDate]) -> tuple[dt.date | None, dt.date | None]:
    """The first day any of `dates` can denote and the last (None: no dates, or one is unbounded that way)."""
    first: dt.date | None = dt.date.max
    last: dt.date | None = dt.date.min
    for date in dates:
        early, late = date.earliest(), date.latest()
        if first is not None:
            first = None if early is None else min(first, early)
        if last is not None:
            last = None if late is None else max(last, late)
    if not dates:
        return None, None
    return first, last


def _own_date(record: Record) -> FuzzyDate | None:
    # the record's own `date` as dates_agree_across_records reads it (claims and positions have none that counts)
    if isinstance(record, Claim | Position):
        return None
    date = record.__dict__.get("date")
    return date if isinstance(date, FuzzyDate) else None


#: The record types that have times (`times`).
_TIMED = (Actor, Agreement, Negotiation, Event, PrisonerSwap, Ceasefire, Claim, Position)


def times(record: Record | None) -> Times | None:
    """The record's times as bounds; None when it has none."""
    if not isinstance(record, _TIMED):
        return None
    none = (None, None)
    if isinstance(record, Actor):
        return Times(none, none, (record.born.earliest(), record.born.latest())) if record.born else None
    span = bounds(record_dates(record))
    own = _own_date(record)
    date = (own.earliest(), own.latest()) if own is not None else none
    if span == date == none:
        return None
    return Times(span, date, none)


def contradicts(link: Link, before: Times | None, after: Times | None) -> bool:
    """True when `after` certainly comes before `before` by the times the link compares."""
    if link.time is Time.none or before is None or after is None:
        return False
    field = {Time.span: 0, Time.date: 1, Time.born: 2}[link.time]
    first, last = before[field][0], after[field][1]
    return first is not None and last is not None and last < first


# -- cycles --------------------------------------------------------------------------------------------------


class Held(NamedTuple):
    """A link and the record holding it."""

    key: int
    link: Link


class Cycle(NamedTuple):
    """A cycle of one order: its links in order, the first one closing it; and every record of its component."""

    links: tuple[Held, ...]
    component: frozenset[str]


def _components(adjacency: Mapping[str, list[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(adjacency):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child = work[-1]
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = adjacency.get(node, [])
            if child < len(successors):
                work[-1] = (node, child + 1)
                nxt = successors[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def cycles(held: Callable[[], Iterable[Held]]) -> Iterator[Cycle]:
    """One cycle per strongly connected component of each order: the one through the link of the component held
    last in the run (the link that closes it), back along the shortest path (smallest ids first on ties). The
    same links give the same cycles whatever other links come with them.

    `held()` gives the links, in the run's order, each time it is called: once to find the components (keeping
    only the graph of ids), once more to take the links inside them (a run's links are not all held at once)."""
    graphs: dict[Order, dict[str, list[str]]] = {}
    for item in held():
        adjacency = graphs.setdefault(item.link.order, {})
        adjacency.setdefault(item.link.before, []).append(item.link.after)
        adjacency.setdefault(item.link.after, [])
    found: dict[Order, list[frozenset[str]]] = {}
    for order, adjacency in graphs.items():
        for successors in adjacency.values():
            successors.sort()
        components = [frozenset(component) for component in _components(adjacency)]
        if components:
            found[order] = components
    del graphs
    if not found:
        return
    # order -> id -> the component holding it (components of one order are disjoint)
    within = {order: {node: c for c in components for node in c} for order, components in found.items()}
    inner: dict[tuple[Order, frozenset[str]], list[Held]] = {}
    for item in held():
        members = within.get(item.link.order, {}).get(item.link.before)
        if members is not None and item.link.after in members:
            inner.setdefault((item.link.order, members), []).append(item)
    for order in sorted(found):
        for members in found[order]:
            links = inner[order, members]
            closing = max(links, key=lambda i: (i.key, i.link.slot))
            yield Cycle((closing, *_path_back(links, closing.link.after, closing.link.before)), members)


def _path_back(inner: list[Held], start: str, goal: str) -> list[Held]:
    """The shortest path of links from `start` to `goal` (smallest next id, then earliest holder, on ties)."""
    backwards: dict[str, list[str]] = {}
    outgoing: dict[str, list[Held]] = {}
    for item in inner:
        backwards.setdefault(item.link.after, []).append(item.link.before)
        outgoing.setdefault(item.link.before, []).append(item)
    distance = {goal: 0}
    queue = deque([goal])
    while queue:
        node = queue.popleft()
        for previous in backwards.get(node, []):
            if previous not in distance:
                distance[previous] = distance[node] + 1
                queue.append(previous)
    path: list[Held] = []
    node = start
    while node != goal:
        steps = [i for i in outgoing[node] if distance.get(i.link.after) == distance[node] - 1]
        step = min(steps, key=lambda i: (i.link.after, i.key, i.link.slot))
        path.append(step)
        node = step.link.after
    return path


def _together(cycle: Cycle) -> bool:
    """True when the periods of the cycle's links can share a day (a membership can change over time)."""
    starts = [h.link.start for h in cycle.links if h.link.start is not None]
    ends = [h.link.end for h in cycle.links if h.link.end is not None]
    return not starts or not ends or max(starts) <= min(ends)


def _reported(cycle: Cycle, times_of: Mapping[str, Times | None]) -> bool:
    """True when the cycle is this rule's to report: its links can hold at one time, and none of them is dated
    against its order (that link is reported by `cause_before_effect` or `dates_agree_across_records`)."""
    return _together(cycle) and not any(
        contradicts(h.link, times_of.get(h.link.before), times_of.get(h.link.after)) for h in cycle.links
    )


class RelationOrderAcyclic(SetRule[None, tuple[Link, ...], None]):
    """Links that are an order (parentage, birth order, founding, succession, membership, precedence, parts, annexes)
    have no cycle, counting inverse relations as the same link.

    Kept per record: its order links (`Link`: the order, the two interned ids, which times it compares, its place
    in the record, a membership's period); nothing is looked up. A cycle is reported once, at the record holding
    the link that closes it (the one of its component held last in the run), unless its memberships cannot all
    hold at one time or one of its links is dated against the order (which `cause_before_effect` or
    `dates_agree_across_records` reports): the check, which reads every record of the component again, judges
    that.
    """

    name = "relation_order_acyclic"
    facts_needs = only_with(_LINK_KEYS)
    family = Family.relations
    keeps = (
        "Of each record, its order links: the order, the two ids, which dates it compares, and a membership's period."
    )
    description = (
        "Relations that are an order (parent of, member of, supersedes, responds to, part of...) have no cycle."
    )
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "actor",
            "front",
            name="Front",
            kind="armed_group",
            relations=[{"type": "member_of", "target": "actor:alliance"}],
        ),
        example_record(
            "actor",
            "alliance",
            name="Alliance",
            kind="coalition",
            relations=[{"type": "member_of", "target": "actor:front"}],
        ),
    )

    def facts(self, record: Record, raw: bytes | None) -> tuple[Link, ...] | None:
        """The record's order links."""
        return links(record, raw) or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The record holding the closing link of each cycle, looking up every record of its component (the
        precise check finds the same cycles among them)."""

        def held() -> Iterator[Held]:
            for key, record_id, found in run.facts(self):
                if run.first_key(record_id) == key:
                    yield from (Held(key, link) for link in found)

        for cycle in cycles(held):
            yield cycle.links[0].key, sorted(cycle.component)

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """The cycles whose closing link the record holds."""
        for slot, message in index.cached(self, lambda: _cycle_breaches(index)).get(entry.key, []):
            path = found_links(entry.record)[slot].path
            yield Breach(message, path)


#: How many links of a cycle a message names at most.
_SHOWN = 8


def _cycle_breaches(index: Index) -> dict[int, list[tuple[int, str]]]:
    """The cycles among the records looked up (every record of every component is), by the key of the record
    holding the closing link: (the link's slot, the message)."""
    entries = {entry.record.id: entry for entry in index.lookups.values()}
    held: list[Held] = []
    words: dict[tuple[int, int], Found] = {}
    for record_id, entry in entries.items():
        if index.first_key(record_id) != entry.key:
            continue
        for found in found_links(entry.record):
            held.append(Held(entry.key, found.link))
            words[entry.key, found.link.slot] = found
    holders = {entry.key: record_id for record_id, entry in entries.items()}
    breaches: dict[int, list[tuple[int, str]]] = {}
    for cycle in cycles(lambda: held):
        times_of = {node: times(entries[node].record) if node in entries else None for node in cycle.component}
        if not _reported(cycle, times_of):
            continue
        closing, *rest = cycle.links
        if holders[closing.key] == closing.link.after:
            rest.reverse()  # links held by the later record ('responds_to') read best against the order
        chain = []
        for position, item in enumerate((closing, *rest)):
            found = words[item.key, item.link.slot]
            chain.append(f"{holders[item.key]} {found.word} {found.other}" + (" (here)" if position == 0 else ""))
        if len(chain) > _SHOWN:  # a long cycle is named by its first and last links
            chain = [*chain[: _SHOWN - 2], f"... ({len(chain) - _SHOWN + 1} more links)", chain[-1]]
        message = f"these links form a cycle, but {ORDER_NAMES[closing.link.order]} is an order: {', '.join(chain)}"
        breaches.setdefault(closing.key, []).append((closing.link.slot, message))
    return breaches


RELATION_ORDER_ACYCLIC = RelationOrderAcyclic()


# -- cause before effect ---------------------------------------------------------------------------------------


class CauseBeforeEffect(SetRule[Times, tuple[Link, ...], None]):
    """What a record depends on is not dated certainly after it (an agreement superseding a later one, a claim
    answering a later one, a cease-fire restoring a later one, talks following later ones), and a parent, older
    sibling or founder is not born or founded certainly after the actor it comes before.

    Kept per record: its dated order links (`Link`) and, for lookups, its times as bounds (`Times`). Every date
    of a record counts (its date, status steps, versions, declarations...): the link is flagged only when every
    date of the dependent record precedes every date of the record it depends on. Steps and events caused by a
    record are `dates_agree_across_records`' (PT304).
    """

    name = "cause_before_effect"
    facts_needs = only_with(_LINK_KEYS)
    family = Family.relations
    keeps = "Of each record, its dated order links, and for lookups its dates as bounds (at most a few days)."
    description = "What a record depends on (supersedes, responds to, restores, follows) is not dated after it."
    example = (
        EXAMPLE_SOURCE,
        example_record("claim", "said", statement="The talks are dead.", date="2019-09-10"),
        example_record("claim", "reply", statement="You will regret it.", date="2019-09-08", responds_to="claim:said"),
    )

    def lookup(self, record: Record) -> Times | None:
        """The record's times."""
        return times(record)

    def facts(self, record: Record, raw: bytes | None) -> tuple[Link, ...] | None:
        """The record's links that compare times (not those of causes, which PT304 checks)."""
        dated = tuple(link for link in links(record, raw) if link.time in (Time.span, Time.born))
        return dated or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the records holding a link whose two ends are dated against it."""
        for key, _, found in run.facts(self):
            looked = [
                (link.before, link.after)
                for link in found
                if contradicts(link, run.lookup(self, link.before), run.lookup(self, link.after))
            ]
            if looked:
                yield key, sorted({record_id for pair in looked for record_id in pair})

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every link of the record whose ends are dated against it."""
        for found in found_links(entry.record):
            link = found.link
            if link.time not in (Time.span, Time.born):
                continue
            before = entry.record if link.before == entry.record.id else index.get(link.before)
            after = entry.record if link.after == entry.record.id else index.get(link.after)
            if before is None or after is None or not contradicts(link, times(before), times(after)):
                continue
            if link.time is Time.born:
                assert isinstance(before, Actor)
                assert isinstance(after, Actor)
                assert before.born is not None
                assert after.born is not None
                message = (
                    f"'{entry.record.id}' {found.word} '{found.other}', but '{after.id}' was born or founded "
                    f"{after.born.edtf}, before '{before.id}' ({before.born.edtf})"
                )
            else:
                own = max(record_dates(after), key=_last)
                first = min(record_dates(before), key=_first)
                message = f"{found.word} '{found.other}', dated {first.edtf}, but is itself dated {own.edtf}, before it"
            yield Breach(message, found.path)


def _first(date: FuzzyDate) -> dt.date:
    return date.earliest() or dt.date.min


def _last(date: FuzzyDate) -> dt.date:
    return date.latest() or dt.date.max


CAUSE_BEFORE_EFFECT = CauseBeforeEffect()


# -- kinship read from both ends ---------------------------------------------------------------------------------

#: For each kinship relation, the relations the other actor may hold back to this one (`relative_of` fits any).
KIN_FITS: Mapping[str, frozenset[str]] = {
    "parent_of": frozenset({"child_of", "relative_of"}),
    "child_of": frozenset({"parent_of", "relative_of"}),
    "sibling_of": frozenset({"sibling_of", "older_sibling_of", "younger_sibling_of", "relative_of"}),
    "older_sibling_of": frozenset({"younger_sibling_of", "sibling_of", "relative_of"}),
    "younger_sibling_of": frozenset({"older_sibling_of", "sibling_of", "relative_of"}),
    "spouse_of": frozenset({"spouse_of", "relative_of"}),
    "relative_of": frozenset(
        {"parent_of", "child_of", "sibling_of", "older_sibling_of", "younger_sibling_of", "spouse_of", "relative_of"}
    ),
}


def _kin(record: Record) -> tuple[tuple[str, str], ...]:
    """An actor's kinship relations: (type, target), interned."""
    if not isinstance(record, Actor):
        return ()
    return tuple(
        (sys.intern(r.type._value_), sys.intern(r.target)) for r in record.relations if r.type._value_ in KIN_FITS
    )


def _clash(said: str, back: str) -> bool:
    """True when kinship `said` (this actor to the other) and `back` (the other to this one) cannot both hold, and
    the clash is not a cycle of one order (a parent of one's own parent is `relation_order_acyclic`'s)."""
    if back in KIN_FITS[said]:
        return False
    mine, theirs = _KINSHIP.get(said), _KINSHIP.get(back)
    return not (mine is not None and theirs is not None and mine[0] is theirs[0] and mine[1] == theirs[1])


class KinshipAgrees(SetRule[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], None]):
    """Two actors' kinship relations to each other fit together read from both ends: a parent's child holds
    `child_of` (or `relative_of`) back, not `sibling_of` or `spouse_of`.

    Keeps of each actor with kinship relations: its (type, target) pairs, for its own judging and for lookups."""

    name = "kinship_agrees"
    lookup_needs = only_with(types=(Actor,))
    facts_needs = only_with("relations", types=(Actor,))
    family = Family.relations
    keeps = "Of an actor with kinship relations: its (type, target) pairs, to judge it and to be looked up."
    description = "Kinship relations read the same from both ends (a parent's child is not its sibling)."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "actor", "father", name="Father", kind="person", relations=[{"type": "parent_of", "target": "actor:son"}]
        ),
        example_record(
            "actor", "son", name="Son", kind="person", relations=[{"type": "sibling_of", "target": "actor:father"}]
        ),
    )

    def lookup(self, record: Record) -> tuple[tuple[str, str], ...] | None:
        """An actor's kinship relations."""
        return _kin(record) or None

    def facts(self, record: Record, raw: bytes | None) -> tuple[tuple[str, str], ...] | None:
        """An actor's kinship relations."""
        return _kin(record) or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the actors holding a kinship relation that the other actor's relation back contradicts."""
        for key, own, kin in run.facts(self):
            looked = []
            for said, target in kin:
                back = run.lookup(self, target) or ()
                if any(other == own and _clash(said, word) for word, other in back):
                    looked.append(target)
            if looked:
                yield key, looked

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Each kinship relation the other actor contradicts, reported at the later of the two records."""
        record = entry.record
        if not isinstance(record, Actor):
            return
        for position, relation in enumerate(record.relations):
            said = relation.type._value_
            other = index.get(relation.target)
            other_key = index.first_key(relation.target)
            if said not in KIN_FITS or not isinstance(other, Actor) or other_key is None or other_key > entry.key:
                continue
            back = [r.type._value_ for r in other.relations if r.target == record.id and r.type._value_ in KIN_FITS]
            clashing = next((word for word in back if _clash(said, word)), None)
            if clashing is not None:
                yield Breach(
                    f"'{record.id}' is {said} '{other.id}', but '{other.id}' is {clashing} '{record.id}'",
                    ("relations", position, "type"),
                )


KINSHIP_AGREES = KinshipAgrees()


# -- party and mediator ------------------------------------------------------------------------------------------

_PARTY = frozenset({"party"})
_THIRD = frozenset({"mediator", "facilitator"})


class PartyAlsoMediator(RecordRule):
    """An actor is not both a party and a mediator or facilitator of the same negotiation (unusual, not impossible:
    a warning)."""

    name = "party_also_mediator"
    needs = only_with(("mediator", "facilitator"), types=(Negotiation,))
    family = Family.relations
    description = "An actor is not both a party and a mediator or facilitator of the same negotiation."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "negotiation",
            "n",
            kind="meeting",
            participants=[
                {"actor": "actor:mediating-state", "role": "party"},
                {"actor": "actor:mediating-state", "role": "mediator"},
            ],
        ),
        example_record("actor", "mediating-state", name="Mediating state", kind="state"),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """The participants listed as a mediator or facilitator who are also listed as a party."""
        if not isinstance(record, Negotiation):
            return
        parties = {p.actor for p in record.participants if p.actor is not None and p.role.value in _PARTY}
        for position, participant in enumerate(record.participants):
            if participant.actor in parties and participant.role.value in _THIRD:
                yield Breach(
                    f"'{participant.actor}' is a {participant.role.value} of these talks and also a party to them",
                    ("participants", position, "role"),
                )


PARTY_ALSO_MEDIATOR = PartyAlsoMediator()
