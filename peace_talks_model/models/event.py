"""The `Event` record: what negotiations, agreements and cease-fires point at: attacks, airstrikes,
visits, elections, releases, captures, announcements, with actors, place, date and casualty figures."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictStr, StringConstraints, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date
from peace_talks_model.models.evidence import Attribution, Evidence
from peace_talks_model.models.ids import ActorRef, ConflictRef, RecordRef, record_id
from peace_talks_model.models.places import Place
from peace_talks_model.models.quantities import Count
from peace_talks_model.models.record_base import (
    RecordBase,
    StatusStepBase,
    check_chronological,
    unset,
)
from peace_talks_model.models.scalars import IsoDuration, Text


class EventKind(StrEnum):
    """What happened (PLOVER categories and ACLED event types, condensed)."""

    attack = "attack"
    bombing = "bombing"
    airstrike = "airstrike"
    military_operation = "military_operation"
    #: armed clashes and fighting over a period
    fighting = "fighting"
    #: violence counted over a period (a UN casualty report's tally)
    violence_tally = "violence_tally"
    kidnapping = "kidnapping"
    arrest = "arrest"
    release = "release"
    visit = "visit"
    election = "election"
    referendum = "referendum"
    #: counting or recounting of votes
    vote_count = "vote_count"
    announcement = "announcement"
    death = "death"
    #: designation as terrorist, sanctions listing
    designation = "designation"
    troop_deployment = "troop_deployment"
    troop_withdrawal = "troop_withdrawal"
    sanctions = "sanctions"
    protest = "protest"
    #: a law passed or enacted
    legislation = "legislation"
    natural_disaster = "natural_disaster"
    #: weapons handed in or destroyed
    decommissioning = "decommissioning"
    #: martial law or a state of emergency declared
    emergency_rule = "emergency_rule"
    #: a prize or honour awarded
    award = "award"
    #: an agreement signed (as a happening: who signed, where; the agreement itself is an agreement record)
    signing = "signing"
    #: parties reaching an agreement or a deal
    agreement_reached = "agreement_reached"
    #: a cease-fire or truce declared (the cease-fire itself is a cease-fire record)
    ceasefire_declared = "ceasefire_declared"
    #: one actor recognising another, a government or a result
    recognition = "recognition"
    #: parties meeting face to face (the talks themselves are a negotiation record)
    meeting = "meeting"
    other = "other"


class EventRole(StrEnum):
    """The role an actor plays in an event."""

    perpetrator = "perpetrator"
    #: claimed responsibility (which may differ from who did it)
    claimed_responsibility = "claimed_responsibility"
    target = "target"
    victim = "victim"
    visitor = "visitor"
    host = "host"
    organizer = "organizer"
    participant = "participant"
    announcer = "announcer"
    #: ordered or authorized the action ("he authorized a hurried drawdown")
    decision_maker = "decision_maker"
    #: released people held
    releaser = "releaser"
    #: was released
    released = "released"
    #: captured or held people
    captor = "captor"
    #: challenged a result or decision ("Abdullah has challenged the recounting")
    challenger = "challenger"
    #: won an election, vote or award
    winner = "winner"
    #: declared or proclaimed it (martial law, a state of emergency)
    declarer = "declarer"
    candidate = "candidate"
    subject = "subject"


class EventActor(PeaceModel):
    """An actor taking part in an event in one role."""

    actor: ActorRef = Field(description="The actor.")
    role: EventRole = Field(description="The role played.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the role is stated.")


class CasualtyType(StrEnum):
    """What happened to the people counted."""

    killed = "killed"
    injured = "injured"
    #: killed or injured, counted together ("killed or injured")
    killed_or_injured = "killed_or_injured"
    captured = "captured"
    missing = "missing"
    #: dead or missing, counted together
    dead_or_missing = "dead_or_missing"
    displaced = "displaced"


class PopulationGroup(StrEnum):
    """Who the people counted were."""

    civilians = "civilians"
    combatants = "combatants"
    soldiers = "soldiers"
    militants = "militants"
    police = "police"
    aid_workers = "aid_workers"
    journalists = "journalists"
    people = "people"


class Casualties(PeaceModel):
    """A casualty figure: how many of whom suffered what, according to whom."""

    type: CasualtyType = Field(description="What happened to them.")
    count: Count = Field(description="How many.")
    group: PopulationGroup | None = Field(default=None, description="Who they were.")
    affiliation: ActorRef | None = Field(
        default=None, description="The actor they belonged to (e.g. the Taliban for militants killed)."
    )
    inflicted_by: list[ActorRef] = Field(default_factory=list, description="Who caused the casualties.")
    origin: Place | None = Field(default=None, description="Where the people came from ('a soldier from Puerto Rico').")
    according_to: Attribution | None = Field(
        default=None, description="Whose figure it is ('according to the United Nations')."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the figure is reported.")


class Rate(PeaceModel):
    """How often a repeated event happened: a count per period ("near daily" = about 1 per P1D)."""

    count: Count = Field(description="How many times per period.")
    per: IsoDuration = Field(description="The period, e.g. 'P1D' for daily, 'P7D' for weekly.")
    text: Text | None = Field(default=None, description="The wording of the source, verbatim ('near daily').")


class Polarity(StrEnum):
    """Whether the record states that something happened or that it did not."""

    #: it happened
    positive = "positive"
    #: it did not happen within the span the record's date gives ("no cease-fire has been agreed since 2018",
    #: "did not sign", "has not recognised")
    negative = "negative"


class EventStatus(StrEnum):
    """The states an event passes through (mostly scheduled events such as elections)."""

    planned = "planned"
    postponed = "postponed"
    held = "held"
    cancelled = "cancelled"
    results_delayed = "results_delayed"
    results_announced = "results_announced"
    disputed = "disputed"
    #: produced no clear result (an election without a winner)
    inconclusive = "inconclusive"
    annulled = "annulled"


class EventStatusStep(StatusStepBase):
    """One step in an event's status history."""

    status: EventStatus = Field(description="The status reached.")


class PloverCoding(PeaceModel):
    """The event coded in PLOVER (category, mode, context)."""

    event: Annotated[str, StringConstraints(pattern=r"^[A-Z]+$", strict=True)] = Field(
        description="PLOVER event category, e.g. 'ASSAULT', 'CONSULT', 'RETREAT'."
    )
    mode: Annotated[str, StringConstraints(pattern=r"^[a-z-]+$", strict=True)] | None = Field(
        default=None, description="PLOVER mode, e.g. 'release', 'visit'."
    )
    context: list[Annotated[str, StringConstraints(pattern=r"^[a-z_-]+$", strict=True)]] = Field(
        default_factory=list, description="PLOVER contexts, e.g. 'diplomatic', 'terrorism'."
    )


EventId = Annotated[StrictStr, record_id("event")]


class Event(RecordBase):
    """Something that happened (or was scheduled) that the peace process refers to; its status history is
    chronological.

    Categories follow PLOVER and ACLED event types; casualty figures are quantities with their attribution,
    as in ACLED's fatalities and UCDP GED's best/low/high estimates.
    """

    RECORD_TYPE: ClassVar[str] = "event"
    STATUSES = EventStatus
    record_type: Literal["event"] = Field(default_factory=unset, description="Always 'event'.")
    id: EventId = Field(description="Stable id, 'event:<slug>', e.g. 'event:2019-09-05-kabul-bombing'.")
    kind: EventKind = Field(description="What happened (for a negative fact: what did not happen).")
    polarity: Polarity = Field(
        default=Polarity.positive,
        description="'negative' for a typed statement that no such event (of this kind, with these actors) "
        "happened within the span `date` gives: distinct from a status step (nothing changed) and from a denial "
        "claim (someone says it did not).",
    )
    other_kinds: list[EventKind] = Field(
        default_factory=list, description="Further kinds the event also is (an attack that was also a kidnapping)."
    )
    title: Text | None = Field(default=None, description="A short name, e.g. 'Kabul car bombing'.")
    description: Text | None = Field(default=None, description="What happened, in the source's words.")
    date: Date | None = Field(default=None, description="When it happened (a range for a tally).")
    place: Place | None = Field(default=None, description="Where it happened.")
    actors: list[EventActor] = Field(default_factory=list, description="Who took part, in which role.")
    instruments: list[Text] = Field(
        default_factory=list,
        description="Weapons or means used, as written ('at gunpoint', 'car bomb', 'airstrikes') (ACE "
        "Conflict:Attack Instrument).",
    )
    casualties: list[Casualties] = Field(default_factory=list, description="Casualty figures.")
    figures: list[Count] = Field(
        default_factory=list, description="Other figures, each with its unit ('several hundred thousand ballots')."
    )
    status_history: list[EventStatusStep] = Field(
        default_factory=list, description="Status changes in chronological order."
    )
    plover: PloverCoding | None = Field(default=None, description="PLOVER coding of the event.")
    part_of: RecordRef | None = Field(default=None, description="A larger record this event belongs to.")
    rate: Rate | None = Field(
        default=None, description="How often it happened, for repeated events ('near daily attacks')."
    )
    caused_by: list[RecordRef] = Field(default_factory=list, description="Records of what caused the event.")
    according_to: Attribution | None = Field(
        default=None,
        description="Whose statement the event rests on, when it is known only from one party (a negative fact "
        "as a spokesman put it, an attack only one side reports).",
    )
    conflicts: list[ConflictRef] = Field(
        default_factory=list, description="The armed conflicts the event belongs to (UCDP 'conflict_new_id')."
    )
    related: list[RecordRef] = Field(default_factory=list, description="Records the event is connected to.")

    @model_validator(mode="after")
    def event_consistent(self) -> Self:
        # status_history_chronological: status steps are listed in date order
        check_chronological(self.status_history, "status_history")
        if self.part_of == self.id:
            raise rule_error("not_part_of_itself", "event {id} is part of itself", id=self.id, at=["part_of"])
        # negative_fact_has_span: 'did not happen' is said of a span of time, and has no casualties or statuses
        if self.polarity is Polarity.negative:
            if self.date is None:
                raise rule_error(
                    "negative_fact_has_span",
                    "a negative event (nothing of kind '{kind}' happened) needs a 'date': the span it is true of, "
                    "e.g. '2018-06/..' for 'since June 2018'",
                    kind=self.kind.value,
                    at=["polarity"],
                )
            # negative_fact_without_outcomes: what did not happen has no casualties, figures or statuses
            for name in ("casualties", "status_history", "figures"):
                if getattr(self, name):
                    raise rule_error(
                        "negative_fact_without_outcomes",
                        "a negative event (nothing of kind '{kind}' happened) has no {name}",
                        kind=self.kind.value,
                        name=name.replace("_", " "),
                        at=[name],
                    )
        return self
