"""Checks of meaning on parts and their whole inside one record: `PARTS_WITHIN_WHOLE` (what a swap's rounds
release, the people named in them and the people a condition applies to fit the side's count; killed and injured
(or killed and missing) fit a figure that counts them together; a delegation's named members fit its size).
Keeps nothing of a record (a record rule); looks only at records whose text has one of the fields it compares.

Every comparison uses what the quantities certainly allow (`peace_talks_model.rules.quantities.span`): a part
counts with its lowest certain number, a whole with its highest, and where a record gives several renderings of
the same whole (a side's count and its agreed and executed counts; two figures for the same casualties) the
loosest is taken, so that only records that cannot all be true are reported.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence

from peace_talks_model.introspect import Path
from peace_talks_model.models import Record
from peace_talks_model.models.event import Casualties, CasualtyType, Event
from peace_talks_model.models.negotiation import Negotiation, NegotiationKind, ParticipantRole
from peace_talks_model.models.prisoner_swap import PrisonerSwap, Release, SwapConditionKind, SwapSide, SwapStage
from peace_talks_model.models.quantities import Quantity, shown_number
from peace_talks_model.rules.base import EXAMPLE_SOURCE, Breach, Family, RecordRule, example_record, only_with, words
from peace_talks_model.rules.quantities import span

#: What a casualty type counted together is made of: disjoint parts (a person killed is not also injured).
COMBINED: dict[CasualtyType, tuple[CasualtyType, CasualtyType]] = {
    CasualtyType.killed_or_injured: (CasualtyType.killed, CasualtyType.injured),
    CasualtyType.dead_or_missing: (CasualtyType.killed, CasualtyType.missing),
}
#: Conditions that apply to released people only (see `SwapConditionKind`): their count is part of the released.
RELEASED_ONLY = frozenset(
    {SwapConditionKind.third_country_residence, SwapConditionKind.no_return_to_fighting, SwapConditionKind.deportation}
)
#: Negotiations short enough for a delegation to keep one membership (a whole track's delegations change).
ONE_SITTING = frozenset(NegotiationKind) - {NegotiationKind.track}
#: The roles of the members of a party's delegation.
MEMBER_ROLES = frozenset({ParticipantRole.delegation_head, ParticipantRole.delegation_member})
#: At most this many terms of a sum are written out in a message.
_TERMS = 6
#: Numbers are compared with this much slack (values may be floats).
_SLACK = 1e-9


def _loosest(quantities: Iterable[Quantity]) -> float:
    """The highest number any of these renderings of one whole allows (inf: one of them allows any)."""
    return max((span(q)[1] for q in quantities), default=math.inf)


def _side_whole(side: SwapSide, *, proposed: bool = False) -> float:
    """The most people a side can have released: the loosest of its count and its agreed and executed counts (and
    its proposed count when `proposed`); inf when none bounds it."""
    counts = [side.count] if side.count is not None else []
    counts += [sc.count for sc in side.stage_counts if proposed or sc.stage is not SwapStage.proposed]
    return _loosest(counts) if counts else math.inf


def _swap(swap: PrisonerSwap) -> Iterator[Breach]:
    releases: dict[str, list[tuple[Path, Release]]] = {}
    overfull: set[str] = set()
    for p, phase in enumerate(swap.phases):
        for r, release in enumerate(phase.releases):
            at: Path = ("phases", p, "releases", r)
            releases.setdefault(release.side, []).append((at, release))
            # a release names no more people than its own count allows
            named = len(set(release.detainees))
            if release.count is not None and named > span(release.count)[1] + _SLACK:
                overfull.add(release.side)
                yield Breach(
                    f"the release of side '{release.side}' in phase '{phase.key}' names {named} detainees but its "
                    f"count allows at most {shown_number(span(release.count)[1])}",
                    (*at, "detainees"),
                )
    for side in swap.sides:
        if side.key in overfull:  # already reported: the release's own names exceed its count
            continue
        most = _side_whole(side)
        if not math.isinf(most):
            yield from _rounds_within_side(side, releases.get(side.key, []), most)
    yield from _conditions_within_sides(swap)


def _rounds_within_side(side: SwapSide, releases: Sequence[tuple[Path, Release]], most: float) -> Iterator[Breach]:
    """What a side's rounds (`releases`, in order) release, added up, and the people named as released by it, fit
    its count."""
    total = 0.0
    terms: list[str] = []
    people = {d.person for d in side.detainees}
    named_at: Path | None = None
    for at, release in releases:
        least = max(span(release.count)[0] if release.count is not None else 0.0, len(set(release.detainees)))
        total += least
        terms.append(shown_number(least))
        if total > most + _SLACK:
            field = "count" if release.count is not None and span(release.count)[0] >= least else "detainees"
            sum_text = " + ".join(terms) if len(terms) <= _TERMS else f"{len(terms)} releases"
            yield Breach(
                f"the phases release at least {shown_number(total)} people of side '{side.key}' ({sum_text}) but its "
                f"count allows at most {shown_number(most)}",
                (*at, field),
            )
            return
        for k, person in enumerate(release.detainees):
            if person not in people:
                people.add(person)
                if named_at is None and len(people) > most + _SLACK:
                    named_at = (*at, "detainees", k)
    if named_at is not None:
        yield Breach(
            f"side '{side.key}' and its phases name {len(people)} different people released but its count allows at "
            f"most {shown_number(most)}",
            named_at,
        )


def _conditions_within_sides(swap: PrisonerSwap) -> Iterator[Breach]:
    """A condition on released people applies to no more people than its sides release at any stage."""
    if not any(condition.kind in RELEASED_ONLY and condition.count is not None for condition in swap.conditions):
        return
    wholes = {side.key: _side_whole(side, proposed=True) for side in swap.sides}
    everyone = sum(wholes.values())
    for c, condition in enumerate(swap.conditions):
        if condition.kind not in RELEASED_ONLY or condition.count is None:
            continue
        keys = list(dict.fromkeys(condition.applies_to))
        most = sum(wholes[key] for key in keys) if keys else everyone
        least = span(condition.count)[0]
        if least > most + _SLACK:
            whom = f"side '{keys[0]}' releases" if len(keys) == 1 else "the sides it applies to release"
            yield Breach(
                f"condition '{condition.kind.value}' applies to at least {shown_number(least)} people but {whom} "
                f"at most {shown_number(most)}",
                ("conditions", c, "count"),
            )


def _population(figure: Casualties) -> tuple[object, ...]:
    """Who a casualty figure counts, by whose account: figures with the same population count the same people."""
    return (
        figure.group,
        figure.affiliation,
        tuple(sorted(set(figure.inflicted_by))),
        figure.origin.model_dump_json() if figure.origin is not None else None,
        figure.according_to.model_dump_json() if figure.according_to is not None else None,
        figure.count.according_to.model_dump_json() if figure.count.according_to is not None else None,
    )


def _casualties(event: Event) -> Iterator[Breach]:
    """Killed and injured (or killed and missing) of one population fit the figure that counts them together."""
    if not any(figure.type in COMBINED for figure in event.casualties):
        return
    by_population: dict[tuple[object, ...], list[tuple[int, Casualties]]] = {}
    for i, figure in enumerate(event.casualties):
        by_population.setdefault(_population(figure), []).append((i, figure))
    for figures in by_population.values():
        for combined, (first, second) in COMBINED.items():
            wholes = [(i, f) for i, f in figures if f.type is combined]
            if not wholes:
                continue
            most = _loosest(f.count for _, f in wholes)
            parts: list[tuple[CasualtyType, float]] = []
            for kind in (first, second):
                # renderings of one number may disagree: the part counts with the smallest
                lows = [span(f.count)[0] for _, f in figures if f.type is kind]
                if lows:
                    parts.append((kind, min(lows)))
            least = sum(low for _, low in parts)
            if parts and least > most + _SLACK:
                at = next(i for i, f in wholes if span(f.count)[1] == most)
                who = "people" if wholes[0][1].group is None else wholes[0][1].group.value
                together = combined.value.replace("_", " ")
                if len(parts) > 1:
                    said = (
                        f"{parts[0][0].value} and {parts[1][0].value} {who} add up to at least {shown_number(least)} "
                        f"({shown_number(parts[0][1])} + {shown_number(parts[1][1])})"
                    )
                else:
                    said = f"{parts[0][0].value} {who} are at least {shown_number(least)}"
                yield Breach(
                    f"{said} but {who} {together} are at most {shown_number(most)}",
                    ("casualties", at, "count"),
                )


def _delegations(negotiation: Negotiation) -> Iterator[Breach]:
    """A party's delegation names no more members than its size allows (members present throughout)."""
    if negotiation.kind not in ONE_SITTING:
        return
    sizes: dict[str, list[tuple[int, Quantity]]] = {}
    for i, participant in enumerate(negotiation.participants):
        party = participant.on_behalf_of or participant.actor
        if participant.delegation_size is not None and party is not None:
            sizes.setdefault(party, []).append((i, participant.delegation_size))
    members: dict[str, list[str]] = {}
    for participant in negotiation.participants:
        if (
            participant.on_behalf_of in sizes
            and participant.role in MEMBER_ROLES
            and participant.actor is not None
            and participant.joined is None
            and participant.left is None
        ):
            members.setdefault(participant.on_behalf_of, []).append(participant.actor)
    for party, stated in sizes.items():
        most = _loosest(q for _, q in stated)
        named = len(set(members.get(party, ())))
        if named > most + _SLACK:
            at = next(j for j, q in stated if span(q)[1] == most)
            yield Breach(
                f"the delegation of '{party}' names {named} members but its size allows at most {shown_number(most)}",
                ("participants", at, "delegation_size"),
            )


#: The record types judged, and the keys one of which a record's text has when it can break the rule.
_KEYS: dict[type, frozenset[bytes]] = {
    PrisonerSwap: frozenset({b"phases", b"conditions"}),
    Event: frozenset({b"killed_or_injured", b"dead_or_missing"}),
    Negotiation: frozenset({b"delegation_size"}),
}


class PartsWithinWhole(RecordRule):
    """Parts of a record never add up to more than their whole: a swap side's rounds release, and name, no more
    people than its count (the loosest of its count and agreed and executed counts) allows, a round names no
    more than its own count allows, a condition on released people applies to no more than its sides release;
    killed plus injured (or killed plus missing) of one population, by one account, are no more than the figure
    counting them together; a party's delegation in a sitting (not a track) names no more members than its size."""

    name = "parts_within_whole"
    needs = only_with(frozenset().union(*_KEYS.values()), types=tuple(_KEYS))
    family = Family.quantities
    description = "Parts never add up to more than their whole (rounds vs a side's count, killed vs killed or injured)."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "prisoner_swap",
            "s",
            sides=[{"key": "a", "count": 10}, {"key": "b", "count": 1}],
            phases=[
                {"key": "round-1", "releases": [{"side": "a", "count": 6}]},
                {"key": "round-2", "releases": [{"side": "a", "count": 6}, {"side": "b", "count": 1}]},
            ],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every whole that its parts, added up, exceed."""
        keys = _KEYS.get(type(record))
        if keys is None or (raw is not None and words(raw).isdisjoint(keys)):
            return
        if isinstance(record, PrisonerSwap):
            yield from _swap(record)
        elif isinstance(record, Event):
            yield from _casualties(record)
        elif isinstance(record, Negotiation):
            yield from _delegations(record)


PARTS_WITHIN_WHOLE = PartsWithinWhole()
