"""The `Position` record: a party's negotiating position (demand, precondition, offer, red line,
rejection...) at a point in time, linked to the position it replaces and the one it answers."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictBool, StrictStr, model_validator

from peace_talks_model.models.base import rule_error
from peace_talks_model.models.dates import Date, dates_in_order
from peace_talks_model.models.evidence import Attribution
from peace_talks_model.models.ids import ActorRef, PositionRef, RecordRef, record_id
from peace_talks_model.models.record_base import RecordBase, unset
from peace_talks_model.models.scalars import Text
from peace_talks_model.models.vocabularies import Topic


class PositionKind(StrEnum):
    """What kind of negotiating position (PLOVER REQUEST/REJECT/CONCEDE, in negotiation terms)."""

    #: something the holder wants from another party
    demand = "demand"
    #: something that must happen before the holder takes a step ("a cease-fire before any talks")
    precondition = "precondition"
    #: something the holder is willing to give or do ("openness to direct talks")
    offer = "offer"
    #: something the holder will not accept under any terms
    red_line = "red_line"
    #: the holder refuses a demand, offer or proposal
    rejection = "rejection"
    #: the holder accepts a demand, offer or proposal
    acceptance = "acceptance"
    #: an aim the holder pursues ("bring American troops home")
    goal = "goal"
    #: a promise the holder made
    pledge = "pledge"
    #: a worry the holder has about a step ("reducing violence could decrease their leverage")
    concern = "concern"


PositionId = Annotated[StrictStr, record_id("position")]


class Position(RecordBase):
    """A negotiating position held by one or more actors over a period; it does not replace or answer itself,
    and its period is ordered.

    Kinds follow PLOVER's REQUEST/REJECT/CONCEDE categories; topics share the vocabulary of agreement
    provisions so demands can be matched with what agreements provide.
    """

    RECORD_TYPE: ClassVar[str] = "position"
    record_type: Literal["position"] = Field(default_factory=unset, description="Always 'position'.")
    id: PositionId = Field(
        description="Stable id, 'position:<slug>', e.g. 'position:2019-11-afghan-government-ceasefire-precondition'."
    )
    holders: list[ActorRef] = Field(min_length=1, description="The actors holding the position.")
    kind: PositionKind = Field(description="What kind of position.")
    topic: Topic = Field(description="What the position is about.")
    description: Text | None = Field(default=None, description="The position in the source's words.")
    addressed_to: list[ActorRef] = Field(default_factory=list, description="Who the demand or offer is addressed to.")
    other_topics: list[Topic] = Field(
        default_factory=list,
        description="Further topics the same position covers ('a cease-fire, ending the violence, and lasting peace').",
    )
    condition_for: Topic | None = Field(
        default=None,
        description="For a precondition, or the rejection of one: what it is (or is refused as) a condition for "
        "(a cease-fire before 'talks'; no cease-fire before 'agreement_signing').",
    )
    unconditional: StrictBool | None = Field(default=None, description="True for an offer 'without preconditions'.")
    repeated: StrictBool = Field(
        default=False,
        description="True when the source says the position was stated repeatedly ('has repeatedly pledged').",
    )
    rationale: Text | None = Field(default=None, description="The reason the holder gives, in the source's words.")
    stated: Date | None = Field(default=None, description="When the position was stated.")
    held_from: Date | None = Field(default=None, description="Since when the position is held.")
    held_until: Date | None = Field(default=None, description="Until when it was held.")
    attribution: Attribution | None = Field(default=None, description="Who voiced the position, how, and through whom.")
    regarding: list[RecordRef] = Field(
        default_factory=list, description="Records the position concerns (the cease-fire demanded, the talks)."
    )
    ended_by: RecordRef | None = Field(
        default=None, description="The record that ended the position (a reversal, an agreement)."
    )
    replaces: PositionRef | None = Field(
        default=None, description="The holder's earlier position this one departs from."
    )
    responds_to: PositionRef | None = Field(default=None, description="Another party's position this one answers.")

    @model_validator(mode="after")
    def position_consistent(self) -> Self:
        # position_not_self_referential: a position does not replace or answer itself
        if self.id in (self.replaces, self.responds_to):
            raise rule_error(
                "position_not_self_referential",
                "position {id} refers to itself",
                id=self.id,
                at=["replaces" if self.replaces == self.id else "responds_to"],
            )
        # position_period_ordered: held_from <= held_until
        if not dates_in_order(self.held_from, self.held_until):
            raise rule_error("date_range_ordered", "held_until is before held_from", at=["held_until"])
        # holders_unique: an actor is listed once
        if len(set(self.holders)) != len(self.holders):
            twice = next(i for i, h in enumerate(self.holders) if h in self.holders[:i])
            raise rule_error(
                "holders_unique",
                "'{holder}' is listed more than once in 'holders'",
                holder=self.holders[twice],
                at=["holders", twice],
            )
        return self
