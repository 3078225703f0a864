"""The `PrisonerSwap` record: an exchange of detainees between two or more sides, with named people,
counts per stage, phases, mediators, guarantors and conditions."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictBool, StrictStr, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date, dates_in_order
from peace_talks_model.models.evidence import Evidence
from peace_talks_model.models.ids import (
    ActorRef,
    AgreementRef,
    CeasefireRef,
    EventRef,
    LocalKey,
    NegotiationRef,
    PrisonerSwapRef,
    record_id,
)
from peace_talks_model.models.places import Place
from peace_talks_model.models.quantities import Count, Quantity, RelativeTime, shown_number
from peace_talks_model.models.record_base import (
    RecordBase,
    StatusStepBase,
    check_chronological,
    check_unique_keys,
    unset,
)
from peace_talks_model.models.scalars import CountryCode, PositiveNumber, Text


class Detainee(PeaceModel):
    """A named person released in the exchange, with how and when they were captured."""

    person: ActorRef = Field(description="The detainee (an actor record).")
    nationality: CountryCode | None = Field(default=None, description="Nationality as the source gives it.")
    description: Text | None = Field(
        default=None,
        description="How the source describes them ('professor at the American University of Afghanistan').",
    )
    captured: Date | None = Field(default=None, description="When they were captured.")
    capture_place: Place | None = Field(default=None, description="Where they were captured.")
    capture_event: EventRef | None = Field(default=None, description="The capture (an event record).")
    circumstances: Text | None = Field(
        default=None, description="How they were captured, in the source's words ('seized at gunpoint')."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the release is reported.")


class Custody(PeaceModel):
    """Who holds released detainees between their release and their return (a third state, the ICRC), where and
    for how long; the holder is named or described."""

    holder: ActorRef | None = Field(
        default=None, description="Who holds them: a third state, the ICRC, the mediator (an actor record)."
    )
    holder_description: Text | None = Field(
        default=None,
        description="The holder in the source's words, when it is not an actor record ('Qatari officials').",
    )
    detainees: list[ActorRef] = Field(
        default_factory=list, description="Who is held, by name, when not every detainee of the side is."
    )
    count: Count | None = Field(default=None, description="How many are held.")
    place: Place | None = Field(default=None, description="Where they are held ('in Qatar').")
    start: Date | None = Field(default=None, description="When the custody began.")
    start_relative: RelativeTime | None = Field(
        default=None, description="When the custody begins, relative to an event ('upon their release')."
    )
    end: Date | None = Field(default=None, description="When the custody ended.")
    end_relative: RelativeTime | None = Field(
        default=None,
        description="When the custody ends, relative to an event or status ('until the second phase is complete': "
        "relation 'until').",
    )
    terms: Text | None = Field(
        default=None, description="The terms of the custody in the source's words ('a one-year travel ban')."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the custody is reported.")

    @model_validator(mode="after")
    def custody_consistent(self) -> Self:
        # participant_identified: a custodian is named or described
        if self.holder is None and self.holder_description is None:
            raise rule_error(
                "participant_identified", "a custody needs a 'holder' (an actor) or a 'holder_description'"
            )
        # date_range_ordered: the custody does not end before it begins
        if not dates_in_order(self.start, self.end):
            raise rule_error("date_range_ordered", "the custody ends before it begins", at=["end"])
        return self


class SwapRatio(PeaceModel):
    """How many people one side releases for each person another side releases ("ten prisoners for each
    soldier")."""

    per_side: LocalKey = Field(description="Key of the other side, whose releases this side's are counted against.")
    value: PositiveNumber = Field(description="How many this side releases for each one the other side releases: 10.")
    approximate: StrictBool = Field(default=False, description="True when the source hedges the ratio ('about').")
    text: Text | None = Field(default=None, description="The wording of the source, verbatim.")


class SwapStage(StrEnum):
    """A stage of an exchange, for counts that change as the exchange takes shape."""

    proposed = "proposed"
    agreed = "agreed"
    executed = "executed"


class StageCount(PeaceModel):
    """How many people one side was to release, or released, at one stage ("several" proposed, "three"
    freed)."""

    stage: SwapStage = Field(description="The stage the count belongs to.")
    count: Count = Field(description="How many people.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the count is reported.")


class SwapSide(PeaceModel):
    """What one side of an exchange releases; named detainees never outnumber the count's upper bound."""

    key: LocalKey = Field(description="Key of the side, unique in the swap, e.g. 'taliban-release'.")
    releaser: ActorRef | None = Field(
        default=None, description="Who releases the detainees; omit when the sources do not say."
    )
    receiver: ActorRef | None = Field(default=None, description="Who receives them (the side they belong to).")
    group_description: Text | None = Field(
        default=None, description="Who is released, in the source's words ('senior Taliban commanders')."
    )
    detainees: list[Detainee] = Field(default_factory=list, description="The people released, by name.")
    count: Count | None = Field(default=None, description="How many people are released (the latest stage).")
    stage_counts: list[StageCount] = Field(default_factory=list, description="Counts at earlier stages.")
    ratio: SwapRatio | None = Field(
        default=None,
        description="How many this side releases for each person another side releases; checked against the two "
        "sides' counts.",
    )
    custody: list[Custody] = Field(
        default_factory=list, description="Who holds the released people before they go home, and until when."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where this side is reported.")

    @model_validator(mode="after")
    def named_detainees_within_count(self) -> Self:
        # side_not_self_release: a side does not release people to itself
        if self.releaser is not None and self.releaser == self.receiver:
            raise rule_error(
                "side_not_self_release",
                "side '{side}' has the same releaser and receiver",
                side=self.key,
                at=["receiver"],
            )
        # detainees_unique: a person is named once per side
        people = [d.person for d in self.detainees]
        twice = sorted({p for p in people if people.count(p) > 1})
        if twice:
            second = next(i for i, p in enumerate(people) if p in people[:i])
            raise rule_error(
                "detainees_unique",
                "side '{side}' names {people} more than once",
                side=self.key,
                people=", ".join(twice),
                at=["detainees", second, "person"],
            )
        # named_detainees_within_count: no more named detainees than the count's upper bound
        named = len(self.detainees)
        counts: list[tuple[str, Quantity]] = [("count", self.count)] if self.count is not None else []
        counts += [
            (f"{sc.stage.value} count", sc.count) for sc in self.stage_counts if sc.stage is not SwapStage.proposed
        ]
        for label, quantity in counts:
            upper = quantity.bounds()[1]
            if upper is not None and named > upper:
                raise rule_error(
                    "named_detainees_within_count",
                    "side '{side}' names {named} detainees but its {label} allows at most {upper}",
                    at=["detainees"],
                    side=self.key,
                    named=named,
                    label=label,
                    upper=upper,
                )
        return self


class SwapStatus(StrEnum):
    """The states an exchange passes through."""

    proposed = "proposed"
    under_negotiation = "under_negotiation"
    agreed = "agreed"
    #: some but not all releases done
    partial = "partial"
    executed = "executed"
    delayed = "delayed"
    collapsed = "collapsed"
    cancelled = "cancelled"


class SwapStatusStep(StatusStepBase):
    """One step in an exchange's status history."""

    status: SwapStatus = Field(description="The status reached.")


class Release(PeaceModel):
    """What one side released in one phase."""

    side: LocalKey = Field(description="Key of the side releasing.")
    count: Count | None = Field(default=None, description="How many were released in this phase.")
    detainees: list[ActorRef] = Field(default_factory=list, description="Who, by name.")


class SwapPhase(PeaceModel):
    """One round of an exchange carried out in rounds."""

    key: LocalKey = Field(description="Key of the phase, e.g. 'round-1'.")
    date: Date | None = Field(default=None, description="When the round took place.")
    place: Place | None = Field(default=None, description="Where the round took place.")
    releases: list[Release] = Field(default_factory=list, description="What each side released in the round.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the round is reported.")


class SwapConditionKind(StrEnum):
    """A condition attached to an exchange."""

    #: released people stay in (or go to) a third country
    third_country_residence = "third_country_residence"
    #: released people may not return to fighting
    no_return_to_fighting = "no_return_to_fighting"
    travel_ban = "travel_ban"
    #: released people are deported or exiled
    deportation = "deportation"
    #: releases happen at the same time
    simultaneity = "simultaneity"
    other = "other"


class SwapCondition(PeaceModel):
    """A condition attached to the exchange."""

    kind: SwapConditionKind = Field(description="The kind of condition.")
    applies_to: list[LocalKey] = Field(default_factory=list, description="Keys of the sides it applies to.")
    count: Count | None = Field(
        default=None, description="How many people the condition applies to ('about 40 deported abroad')."
    )
    place: Place | None = Field(default=None, description="The place it names (the third country).")
    description: Text | None = Field(default=None, description="The condition in the source's words.")
    start: Date | None = Field(default=None, description="When the condition begins to apply.")
    start_relative: RelativeTime | None = Field(
        default=None, description="When the condition begins, relative to an event ('upon release')."
    )
    end: Date | None = Field(default=None, description="When the condition stops applying.")
    end_relative: RelativeTime | None = Field(
        default=None,
        description="When the condition stops applying, relative to an event ('for one year after the exchange', "
        "'until the talks conclude').",
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the condition is reported.")


PrisonerSwapId = Annotated[StrictStr, record_id("prisoner_swap")]


class PrisonerSwap(RecordBase):
    """An exchange of detainees between two or more sides; named detainees never outnumber a side's count.

    No codebook models a two-sided exchange of people (KAIROS has only ReleaseParole; ACLED folds exchanges
    into "Strategic developments / Agreement"), so sides, counts per stage and phases are this package's own,
    with PLOVER's RETREAT{release} as the nearest event category.
    """

    RECORD_TYPE: ClassVar[str] = "prisoner_swap"
    STATUSES = SwapStatus
    record_type: Literal["prisoner_swap"] = Field(default_factory=unset, description="Always 'prisoner_swap'.")
    id: PrisonerSwapId = Field(
        description="Stable id, 'prisoner_swap:<slug>', e.g. 'prisoner_swap:2019-11-king-weeks-haqqani'."
    )
    title: Text | None = Field(default=None, description="A short name for the exchange.")
    sides: list[SwapSide] = Field(min_length=2, description="What each side releases (two or more sides).")
    status_history: list[SwapStatusStep] = Field(
        default_factory=list, description="Status changes in chronological order."
    )
    date: Date | None = Field(default=None, description="When the exchange was carried out.")
    place: Place | None = Field(default=None, description="Where the exchange was carried out.")
    phases: list[SwapPhase] = Field(default_factory=list, description="Rounds, for exchanges done in rounds.")
    mediators: list[ActorRef] = Field(default_factory=list, description="Who mediated the exchange.")
    guarantors: list[ActorRef] = Field(default_factory=list, description="Who guaranteed it.")
    conditions: list[SwapCondition] = Field(default_factory=list, description="Conditions attached.")
    observers: list[ActorRef] = Field(default_factory=list, description="Who observed the exchange (ICRC, OSCE).")
    part_of: PrisonerSwapRef | None = Field(
        default=None, description="A larger exchange this one is a round of ('all for all')."
    )
    agreement: AgreementRef | None = Field(default=None, description="The agreement it belongs to.")
    ceasefire: CeasefireRef | None = Field(
        default=None, description="The cease-fire that provides for the exchange (a truce that frees detainees)."
    )
    negotiation: NegotiationRef | None = Field(default=None, description="The talks it was arranged in.")

    @model_validator(mode="after")
    def prisoner_swap_consistent(self) -> Self:
        # status_history_chronological: status steps are listed in date order
        check_chronological(self.status_history, "status_history")
        check_unique_keys([(("sides", i), side) for i, side in enumerate(self.sides)], "side")
        check_unique_keys([(("phases", i), phase) for i, phase in enumerate(self.phases)], "phase")
        # local_keys_resolve: phases and conditions name existing sides
        sides = {s.key for s in self.sides}
        named: list[tuple[tuple[int | str, ...], str]] = [
            (("phases", p, "releases", r, "side"), release.side)
            for p, phase in enumerate(self.phases)
            for r, release in enumerate(phase.releases)
        ]
        named += [
            (("conditions", c, "applies_to", i), key)
            for c, condition in enumerate(self.conditions)
            for i, key in enumerate(condition.applies_to)
        ]
        for at, key in named:
            if key not in sides:
                raise rule_error(
                    "local_keys_resolve", "side key '{key}' is not one of this swap's sides", key=key, at=list(at)
                )
        for s, side in enumerate(self.sides):
            if side.ratio is not None and side.ratio.per_side not in sides:
                raise rule_error(
                    "local_keys_resolve",
                    "side key '{key}' is not one of this swap's sides",
                    key=side.ratio.per_side,
                    at=["sides", s, "ratio", "per_side"],
                )
        if self.part_of == self.id:
            raise rule_error("not_part_of_itself", "prisoner swap {id} is part of itself", id=self.id, at=["part_of"])
        self._check_ratios()
        return self

    def _check_ratios(self) -> None:
        # swap_ratio_matches_counts: a side's count is the ratio times the other side's count (relation_not_to_self:
        # a side's ratio is to another side)
        by_key = {side.key: side for side in self.sides}
        for s, side in enumerate(self.sides):
            ratio = side.ratio
            if ratio is None:
                continue
            if ratio.per_side == side.key:
                raise rule_error(
                    "relation_not_to_self",
                    "side '{side}' gives a ratio to itself",
                    side=side.key,
                    at=["sides", s, "ratio", "per_side"],
                )
            other = by_key[ratio.per_side]
            if ratio.approximate or side.count is None or other.count is None:
                continue
            low, high = side.count.bounds()
            other_low, other_high = other.count.bounds()
            expected_low = None if other_low is None else ratio.value * other_low
            expected_high = None if other_high is None else ratio.value * other_high
            if (low is not None and expected_high is not None and low > expected_high) or (
                high is not None and expected_low is not None and high < expected_low
            ):
                raise rule_error(
                    "swap_ratio_matches_counts",
                    "side '{side}' releases {value} for each one side '{other}' releases, but its count ({count}) "
                    "is not {value} times the other's ({other_count})",
                    at=["sides", s, "ratio"],
                    side=side.key,
                    other=other.key,
                    value=shown_number(ratio.value),
                    count=_shown(low, high),
                    other_count=_shown(other_low, other_high),
                )


def _shown(low: float | None, high: float | None) -> str:
    if low == high and low is not None:
        return shown_number(low)
    return f"{'?' if low is None else shown_number(low)} to {'?' if high is None else shown_number(high)}"
