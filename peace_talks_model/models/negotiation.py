"""The `Negotiation` record: a meeting, round, summit, consultation or whole process track, with its
participants and their roles, place, formality, agenda, outcomes and status history."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictBool, StrictStr, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date
from peace_talks_model.models.evidence import Evidence
from peace_talks_model.models.ids import ActorRef, ConflictRef, NegotiationRef, RecordRef, record_id
from peace_talks_model.models.places import Place
from peace_talks_model.models.quantities import Count
from peace_talks_model.models.record_base import (
    RecordBase,
    StatusStepBase,
    check_chronological,
    unset,
)
from peace_talks_model.models.scalars import IsoDuration, Text
from peace_talks_model.models.vocabularies import Basis, Topic


class NegotiationKind(StrEnum):
    """What a negotiation record stands for."""

    #: one meeting between parties (CONSULT in PLOVER; Contact:Meet in ACE)
    meeting = "meeting"
    #: a round of talks over one or more days
    round = "round"
    #: a meeting of leaders
    summit = "summit"
    #: consultations with a third party about the process ("consultations with authorities in Pakistan")
    consultation = "consultation"
    #: a phone or video call
    call = "call"
    #: a conference with many parties
    conference = "conference"
    #: a whole process track (e.g. the US-Taliban talks 2018-2020, the intra-Afghan negotiations)
    track = "track"


class Formality(StrEnum):
    """How official the talks were."""

    official = "official"
    informal = "informal"
    #: indirect or deniable contacts
    back_channel = "back_channel"
    #: kept secret from the public at the time
    secret = "secret"


class ParticipantRole(StrEnum):
    """The role an actor plays in a negotiation."""

    party = "party"
    mediator = "mediator"
    facilitator = "facilitator"
    host = "host"
    observer = "observer"
    guarantor = "guarantor"
    #: witnesses the talks or a signing at them
    witness = "witness"
    #: accompanies the process (Colombia's 'accompanying countries')
    accompanying = "accompanying"
    #: the head of a party's delegation
    delegation_head = "delegation_head"
    delegation_member = "delegation_member"
    #: an actor invited but not (yet) attending
    invitee = "invitee"


class ParticipationEnd(StrEnum):
    """How a participant stopped taking part before the end."""

    walked_out = "walked_out"
    withdrew = "withdrew"
    expelled = "expelled"
    suspended = "suspended"
    #: left because the negotiation ended for everyone
    concluded = "concluded"


class Participant(PeaceModel):
    """An actor taking part in a negotiation in one role; an unnamed participant is described instead."""

    actor: ActorRef | None = Field(default=None, description="The participant (an actor record).")
    description: Text | None = Field(
        default=None,
        description="Who the participant is when the source does not name them ('international diplomats').",
    )
    role: ParticipantRole = Field(description="The role played.")
    on_behalf_of: ActorRef | None = Field(
        default=None, description="The party represented, e.g. the Taliban for a member of its delegation."
    )
    lead: ActorRef | None = Field(
        default=None,
        description="For a third party acting in a junior role: the third party it acted with ('Norway, with the "
        "support of Cuba': Cuba's `lead` is Norway).",
    )
    delegation_size: Count | None = Field(
        default=None,
        description="Size of the delegation this participant heads or is ('a 12-member Taliban delegation').",
    )
    joined: Date | None = Field(default=None, description="When the participant joined, if later than the start.")
    left: Date | None = Field(default=None, description="When the participant stopped taking part.")
    left_how: ParticipationEnd | None = Field(default=None, description="How the participant stopped taking part.")
    basis: Basis | None = Field(
        default=None, description="How the participation is known: stated, inferred, outside knowledge."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the participation is stated.")

    @model_validator(mode="after")
    def participant_identified(self) -> Self:
        # participant_identified: a participant is an actor or is described
        if self.actor is None and self.description is None:
            raise rule_error("participant_identified", "a participant needs 'actor' or 'description'")
        return self


class NegotiationStatus(StrEnum):
    """The states a negotiation passes through."""

    proposed = "proposed"
    planned = "planned"
    scheduled = "scheduled"
    held = "held"
    ongoing = "ongoing"
    postponed = "postponed"
    cancelled = "cancelled"
    suspended = "suspended"
    resumed = "resumed"
    #: broken off without agreement ("declared the peace talks dead")
    collapsed = "collapsed"
    concluded = "concluded"


class NegotiationStatusStep(StatusStepBase):
    """One step in a negotiation's status history."""

    status: NegotiationStatus = Field(description="The status reached.")
    delay: IsoDuration | None = Field(
        default=None, description="For 'postponed' or a late start: how late ('six months later than planned' = 'P6M')."
    )


class AgendaPriority(StrEnum):
    """Where an agenda item stands among the aims of the talks."""

    #: what the talks focus on first
    initial_focus = "initial_focus"
    primary = "primary"
    secondary = "secondary"
    #: an aim for later ("a permanent cease-fire being the eventual goal")
    eventual_goal = "eventual_goal"


class AgendaItem(PeaceModel):
    """A topic on the agenda of a negotiation."""

    topic: Topic = Field(description="What the item is about.")
    description: Text | None = Field(default=None, description="The item in the source's words.")
    priority: AgendaPriority | None = Field(default=None, description="Where the item stands among the aims.")
    raised_by: list[ActorRef] = Field(default_factory=list, description="Who put the item on the agenda.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the item is reported.")


class OutcomeKind(StrEnum):
    """What a negotiation produced."""

    agreement_reached = "agreement_reached"
    #: agreement on a joint statement of intent ("agreed on the need for the earliest resumption")
    statement_of_intent = "statement_of_intent"
    next_meeting_set = "next_meeting_set"
    no_agreement = "no_agreement"
    walkout = "walkout"
    other = "other"


class Outcome(PeaceModel):
    """One result of a negotiation, linked to the records it produced."""

    kind: OutcomeKind = Field(description="What kind of result.")
    description: Text | None = Field(default=None, description="The result in the source's words.")
    date: Date | None = Field(
        default=None, description="When the result takes effect or is due (the date of the next meeting set)."
    )
    records: list[RecordRef] = Field(
        default_factory=list, description="Records of the result: the agreement, the next round, the claims about it."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the result is reported.")


class Precedent(PeaceModel):
    """A "first" the source says a negotiation is: the first ever, or the first of its kind since a date."""

    first_ever: StrictBool = Field(default=False, description="True for 'the first ever face-to-face talks'.")
    since: Date | None = Field(
        default=None,
        description="For 'the first official talks since September': the date since which it is the first.",
    )
    since_record: RecordRef | None = Field(default=None, description="The record since which it is the first.")
    qualifier: Text | None = Field(
        default=None,
        description="What kind of first: 'official talks', 'meeting with the Taliban', 'face-to-face talks'.",
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the source says so.")


NegotiationId = Annotated[StrictStr, record_id("negotiation")]


class Negotiation(RecordBase):
    """A meeting, round, summit, consultation or process track between parties to a conflict or their
    intermediaries; its status history is chronological.

    Participant roles follow PA-X (parties, third parties) and PLOVER CONSULT modes (visit, third-party,
    multilateral, phone); the status history covers meetings planned and cancelled, which no codebook keeps.
    """

    RECORD_TYPE: ClassVar[str] = "negotiation"
    STATUSES = NegotiationStatus
    record_type: Literal["negotiation"] = Field(default_factory=unset, description="Always 'negotiation'.")
    id: NegotiationId = Field(
        description="Stable id, 'negotiation:<slug>', e.g. 'negotiation:2019-12-07-doha-us-taliban'."
    )
    kind: NegotiationKind = Field(description="What this record stands for: a meeting, a round, a track...")
    title: Text | None = Field(default=None, description="A short name, e.g. 'Camp David summit (planned)'.")
    participants: list[Participant] = Field(default_factory=list, description="Who took part, in which role.")
    date: Date | None = Field(default=None, description="When the negotiation took (or was to take) place.")
    place: Place | None = Field(default=None, description="Where it took (or was to take) place.")
    formality: Formality | None = Field(default=None, description="How official the talks were.")
    status_history: list[NegotiationStatusStep] = Field(
        default_factory=list, description="Status changes in chronological order."
    )
    agenda: list[AgendaItem] = Field(default_factory=list, description="What was to be discussed.")
    outcomes: list[Outcome] = Field(default_factory=list, description="What the negotiation produced.")
    precedents: list[Precedent] = Field(default_factory=list, description="'Firsts' the sources note.")
    duration: Count | None = Field(
        default=None,
        description="How long it lasted, with its unit ('several days': qualifier 'several', unit 'days').",
    )
    deadline: Date | None = Field(
        default=None, description="The deadline set for the talks ('a deadline of midnight, 9 April')."
    )
    rounds: Count | None = Field(default=None, description="How many rounds the talks had.")
    follows: list[RecordRef] = Field(
        default_factory=list,
        description="Records this negotiation follows up on or comes after: earlier talks it is 'a follow-up "
        "to', a trip that preceded it.",
    )
    part_of: NegotiationRef | None = Field(default=None, description="The track or round this is part of.")
    previous_round: NegotiationRef | None = Field(default=None, description="The round before this one.")
    agreements: list[RecordRef] = Field(
        default_factory=list, description="Agreements, swaps or cease-fires negotiated here."
    )
    conflicts: list[ConflictRef] = Field(
        default_factory=list, description="The armed conflicts the talks are about (UCDP conflict ids on the record)."
    )

    @model_validator(mode="after")
    def negotiation_consistent(self) -> Self:
        # status_history_chronological: status steps are listed in date order
        check_chronological(self.status_history, "status_history")
        # not_part_of_itself: a negotiation is not its own track or previous round
        if self.id in (self.part_of, self.previous_round):
            raise rule_error(
                "not_part_of_itself",
                "negotiation {id} refers to itself as part_of or previous_round",
                id=self.id,
                at=["part_of" if self.part_of == self.id else "previous_round"],
            )
        return self
