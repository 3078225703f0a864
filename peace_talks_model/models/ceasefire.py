"""The `Ceasefire` record: a cease-fire, truce or reduction-in-violence arrangement, with one declaration
per declaring actor, purpose, class, scope, duration and extensions, status history and violations."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictBool, StrictStr, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date, dates_in_order
from peace_talks_model.models.evidence import Channel, Evidence
from peace_talks_model.models.ids import (
    ActorRef,
    AgreementRef,
    CeasefireRef,
    ConflictRef,
    EventRef,
    LocalKey,
    NegotiationRef,
    PrisonerSwapRef,
    RecordRef,
    record_id,
    record_type_of,
    ref,
)
from peace_talks_model.models.places import Place
from peace_talks_model.models.quantities import Count, RelativeTime
from peace_talks_model.models.record_base import (
    RecordBase,
    StatusStepBase,
    check_chronological,
    check_relations_not_to_self,
    unset,
)
from peace_talks_model.models.scalars import IsoDuration, Text
from peace_talks_model.models.vocabularies import Boolish, DatasetCode


class CeasefireKind(StrEnum):
    """What kind of arrangement this is; a reduction in violence is not a cease-fire."""

    #: a suspension of violent hostilities from a point in time (ETH/PRIO definition)
    ceasefire = "ceasefire"
    #: a reduction in violence: fewer or smaller attacks, not their suspension
    reduction_in_violence = "reduction_in_violence"
    #: a short pause for humanitarian purposes
    humanitarian_pause = "humanitarian_pause"


class Arrangement(StrEnum):
    """How many actors declared the arrangement (derived from the declarations when they are recorded)."""

    unilateral = "unilateral"
    bilateral = "bilateral"
    multilateral = "multilateral"


class Purpose(StrEnum):
    """What the cease-fire is for (ETH/PRIO purpose_1/purpose_2)."""

    humanitarian = "humanitarian"
    #: a religious or national holiday (ETH/PRIO "Holiday")
    holiday = "holiday"
    peace_process = "peace_process"
    election = "election"
    other = "other"
    #: the sources do not make the purpose clear (ETH/PRIO p_unclear)
    unclear = "unclear"


class CeasefireClass(StrEnum):
    """ETH/PRIO ceasefire_class."""

    cessation = "cessation"
    cessation_with_compliance = "cessation_with_compliance"
    definitive = "definitive"


class DeclarationDate(StrEnum):
    """The dates of a declaration."""

    declared = "declared"
    effective = "effective"
    end = "end"


class Declaration(PeaceModel):
    """One actor's declaration of the cease-fire (ETH/PRIO: one row per declaring actor); its effective date
    is not before its declaration and its end not before its start."""

    declarer: ActorRef = Field(description="The declaring actor.")
    side: LocalKey | None = Field(
        default=None,
        description="The side the declarer belongs to, when several declarers form one side (the 'DPR' and "
        "'LPR'); the arrangement counts sides, not declarers.",
    )
    declared: Date | None = Field(default=None, description="When the cease-fire was declared (cf_dec).")
    effective: Date | None = Field(default=None, description="When it took effect (cf_effect).")
    end: Date | None = Field(default=None, description="When this actor's cease-fire ended.")
    channel: Channel | None = Field(default=None, description="How it was declared.")
    reciprocating: StrictBool = Field(
        default=False,
        description="True when the declaration answers another "
        "actor's ('initially declared by Ghani's "
        "government', then by the Taliban).",
    )
    conditional: StrictBool = Field(
        default=False, description="True when the declaration is conditional on the other side's restraint."
    )
    unclear_dates: list[DeclarationDate] = Field(
        default_factory=list,
        description="Dates the sources leave unclear (ETH/PRIO year '-1'), as opposed to dates not recorded; a month "
        "or day left unclear is written with EDTF 'X' digits instead ('2018-XX').",
    )
    dataset_codes: list[DatasetCode] = Field(
        default_factory=list,
        description="The dataset's codes for this declaration (its row) in variables without a typed field here, "
        "verbatim.",
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the declaration is reported.")

    @model_validator(mode="after")
    def declaration_dates_ordered(self) -> Self:
        # declaration_dates_ordered: declared <= effective <= end
        if not (
            dates_in_order(self.declared, self.effective)
            and dates_in_order(self.effective, self.end)
            and dates_in_order(self.declared, self.end)
        ):
            raise rule_error(
                "date_range_ordered",
                "declaration by {declarer}: dates must run declared <= effective <= end",
                declarer=self.declarer,
            )
        return self


class ScopeExtent(StrEnum):
    """Whether the cease-fire covers the whole country."""

    national = "national"
    partial = "partial"
    #: the sources do not make the extent clear (ETH/PRIO partial '-1')
    unclear = "unclear"


class Scope(PeaceModel):
    """Where the cease-fire applies."""

    extent: ScopeExtent = Field(description="National or partial.")
    places: list[Place] = Field(default_factory=list, description="The places covered, for a partial one.")
    description: Text | None = Field(default=None, description="The scope in the source's words.")


class Extension(PeaceModel):
    """An extension of a cease-fire's duration."""

    by: list[ActorRef] = Field(default_factory=list, description="Who extended it.")
    date: Date | None = Field(default=None, description="When the extension was announced.")
    duration: IsoDuration | None = Field(default=None, description="By how long, e.g. 'P10D'.")
    until: Date | None = Field(default=None, description="Until when.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the extension is reported.")


class CeasefireRelationType(StrEnum):
    """How this cease-fire stands to another cease-fire or to an agreement (this cease-fire <type> target)."""

    #: another cease-fire in force at the same time, declared separately (a government's and a rebel group's)
    parallel_to = "parallel_to"
    #: declared in answer to the target cease-fire, by another side (a reciprocal truce)
    reciprocates = "reciprocates"
    #: replaces the target cease-fire (a permanent cease-fire after a temporary one)
    supersedes = "supersedes"
    #: the target agreement provides for this cease-fire
    provided_for_by = "provided_for_by"
    #: this cease-fire carries out the target agreement's cease-fire provisions
    implements = "implements"
    #: this cease-fire is a condition of the target agreement being signed or taking effect (a reduction in
    #: violence before a signing)
    precondition_for = "precondition_for"


#: The record type each relation type points to.
CEASEFIRE_RELATION_TARGETS: dict[CeasefireRelationType, str] = {
    CeasefireRelationType.parallel_to: "ceasefire",
    CeasefireRelationType.reciprocates: "ceasefire",
    CeasefireRelationType.supersedes: "ceasefire",
    CeasefireRelationType.provided_for_by: "agreement",
    CeasefireRelationType.implements: "agreement",
    CeasefireRelationType.precondition_for: "agreement",
}


class CeasefireRelation(PeaceModel):
    """A relation from this cease-fire to another cease-fire or to an agreement; the target is of the record type
    the relation type names."""

    type: CeasefireRelationType = Field(description="The relation: this cease-fire <type> target.")
    target: Annotated[StrictStr, ref("ceasefire", "agreement")] = Field(
        description="The other cease-fire (parallel_to, reciprocates, supersedes) or the agreement "
        "(provided_for_by, implements, precondition_for)."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the relation is stated.")

    @model_validator(mode="after")
    def relation_target_fits(self) -> Self:
        # relation_target_fits: the target is a record of the type the relation points to
        wanted = CEASEFIRE_RELATION_TARGETS[self.type]
        if record_type_of(self.target) != wanted:
            raise rule_error(
                "relation_target_fits",
                "relation '{type}' points to a {wanted} record, not to {target}",
                at=["target"],
                type=self.type.value,
                wanted=wanted,
                target=self.target,
            )
        return self


class Enforcement(StrEnum):
    """Who enforced the cease-fire with military forces (ETH/PRIO enforcement)."""

    #: no external enforcement
    none = "none"
    #: an external state enforced it
    external_state = "external_state"
    #: an international organization enforced it (a UN peacekeeping mission)
    international_organization = "international_organization"
    unclear = "unclear"


class CeasefireStatus(StrEnum):
    """The states a cease-fire passes through."""

    demanded = "demanded"
    proposed = "proposed"
    rejected = "rejected"
    agreed = "agreed"
    declared = "declared"
    in_effect = "in_effect"
    extended = "extended"
    violated = "violated"
    broken = "broken"
    expired = "expired"
    #: replaced by a permanent arrangement or an agreement
    superseded = "superseded"
    ended = "ended"


class CeasefireStatusStep(StatusStepBase):
    """One step in a cease-fire's status history."""

    status: CeasefireStatus = Field(description="The status reached.")


class EndReason(StrEnum):
    """Why a cease-fire ended."""

    #: its fixed duration ran out
    expired = "expired"
    #: broken by violence
    broken = "broken"
    #: a declarer withdrew it
    withdrawn = "withdrawn"
    #: replaced by an agreement or a new cease-fire
    superseded = "superseded"
    #: the conflict ended
    conflict_ended = "conflict_ended"
    unknown = "unknown"


class Violation(PeaceModel):
    """A reported violation of the cease-fire."""

    date: Date | None = Field(default=None, description="When it happened.")
    by: list[ActorRef] = Field(default_factory=list, description="Who is said to have violated it.")
    alleged_by: list[ActorRef] = Field(default_factory=list, description="Who alleges the violation.")
    count: Count | None = Field(default=None, description="How many violations, for a tally.")
    event: EventRef | None = Field(default=None, description="The violating event.")
    description: Text | None = Field(default=None, description="The violation in the source's words.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where it is reported.")


CeasefireId = Annotated[StrictStr, record_id("ceasefire")]

_ARRANGEMENT_BY_COUNT = {1: Arrangement.unilateral, 2: Arrangement.bilateral}


class Ceasefire(RecordBase):
    """A cease-fire, truce or reduction-in-violence arrangement; its stated arrangement agrees with the
    number of distinct declarers.

    Follows the ETH/PRIO Civil Conflict Ceasefire codebook (Clayton et al. 2022): one declaration per
    declaring actor, declared and effective dates, purpose, class, written, mediation, end; the dataset's
    '-1 = unclear' becomes an explicit 'unclear'.
    """

    RECORD_TYPE: ClassVar[str] = "ceasefire"
    STATUSES = CeasefireStatus
    record_type: Literal["ceasefire"] = Field(default_factory=unset, description="Always 'ceasefire'.")
    id: CeasefireId = Field(
        description="Stable id, 'ceasefire:<slug>', e.g. 'ceasefire:2018-06-eid-al-fitr-afghanistan'."
    )
    kind: CeasefireKind = Field(
        default=CeasefireKind.ceasefire, description="Cease-fire, reduction in violence, or humanitarian pause."
    )
    title: Text | None = Field(default=None, description="A short name, e.g. 'Eid al-Fitr cease-fire 2018'.")
    declarations: list[Declaration] = Field(default_factory=list, description="One per declaring actor.")
    arrangement: Arrangement | None = Field(
        default=None, description="Unilateral, bilateral or multilateral; checked against the declarations."
    )
    purposes: list[Purpose] = Field(default_factory=list, description="What it is for (up to two in ETH/PRIO).")
    ceasefire_class: CeasefireClass | None = Field(default=None, description="ETH/PRIO class.")
    written: Boolish | None = Field(default=None, description="Whether it was written down.")
    mediated: Boolish | None = Field(default=None, description="Whether it was mediated.")
    mediators: list[ActorRef] = Field(default_factory=list, description="Who mediated.")
    scope: Scope | None = Field(default=None, description="Where it applies.")
    fixed_term: Boolish | None = Field(
        default=None, description="Whether it was declared for a fixed time (ETH/PRIO 'fixed')."
    )
    fixed_duration: IsoDuration | None = Field(default=None, description="Declared duration, e.g. 'P3D'.")
    fixed_duration_wording: Text | None = Field(
        default=None,
        description="The declared duration in the source's or dataset's words, verbatim ('until the end of Eid', "
        "ETH/PRIO 'fixed_time').",
    )
    purpose_wording: Text | None = Field(
        default=None, description="The purpose in the source's or dataset's words (ETH/PRIO 'p_other_comment')."
    )
    implementation_mechanism: Boolish | None = Field(
        default=None,
        description="Whether an implementation mechanism was agreed: monitoring, verification, separation of "
        "forces, a complaint mechanism or a working committee (ETH/PRIO 'implement'); not whether it worked.",
    )
    enforcement: Enforcement | None = Field(
        default=None, description="Who enforced it with military forces (ETH/PRIO 'enforcement')."
    )
    ddr: Boolish | None = Field(
        default=None,
        description="Whether it provides for disarmament, demobilisation and reintegration (ETH/PRIO 'ddr').",
    )
    end_relative: RelativeTime | None = Field(
        default=None,
        description="When the cease-fire is declared to end, relative to an event or a status of another record "
        "('until the elections': relation 'until', anchored on the election).",
    )
    extensions: list[Extension] = Field(default_factory=list, description="Extensions of the duration.")
    status_history: list[CeasefireStatusStep] = Field(
        default_factory=list, description="Status changes in chronological order."
    )
    end_reason: EndReason | None = Field(default=None, description="Why it ended.")
    violations: list[Violation] = Field(default_factory=list, description="Reported violations.")
    precedent: Text | None = Field(
        default=None, description="What the sources say it was a first of ('the first since the conflict began')."
    )
    first_ever: StrictBool = Field(default=False, description="True when sources call it the first of the conflict.")
    monitors: list[ActorRef] = Field(
        default_factory=list, description="Who monitors compliance (a monitoring mission)."
    )
    restores: CeasefireRef | None = Field(default=None, description="An earlier cease-fire this one restores.")
    relations: list[CeasefireRelation] = Field(
        default_factory=list,
        description="Relations to other cease-fires (parallel, reciprocal, superseding) and to agreements "
        "(provided for by, implementing, a precondition for).",
    )
    related: list[RecordRef] = Field(default_factory=list, description="Other records it belongs with.")
    agreement: AgreementRef | None = Field(default=None, description="The agreement it is part of.")
    negotiation: NegotiationRef | None = Field(default=None, description="The talks it came from.")
    prisoner_swaps: list[PrisonerSwapRef] = Field(
        default_factory=list,
        description="Exchanges of detainees the cease-fire provides for (each swap's `ceasefire` names this one).",
    )
    conflicts: list[ConflictRef] = Field(
        default_factory=list,
        description="The armed conflicts it applies to (ETH/PRIO 'ucdp_acd_id', UCDP's 'conflict_id').",
    )

    @model_validator(mode="after")
    def ceasefire_consistent(self) -> Self:
        # status_history_chronological: status steps are listed in date order
        check_chronological(self.status_history, "status_history")
        # relation_not_to_self: a cease-fire does not reciprocate or supersede itself
        check_relations_not_to_self(self.relations, self.id)
        # mediation_consistent: a cease-fire said to be unmediated lists no mediators
        if self.mediated is Boolish.no and self.mediators:
            raise rule_error("mediation_consistent", "mediated is 'no' but mediators are listed", at=["mediated"])
        # arrangement_matches_declarations: 1 side = unilateral, 2 = bilateral, 3+ = multilateral
        derived = self.derived_arrangement()
        if self.arrangement is not None and derived is not None and derived is not self.arrangement:
            raise rule_error(
                "arrangement_matches_declarations",
                "arrangement is '{stated}' but {n} distinct side(s) declared it, which makes it '{derived}'",
                stated=self.arrangement.value,
                n=len(self._sides()),
                derived=derived.value,
                at=["arrangement"],
            )
        return self

    def _sides(self) -> set[str]:
        # a declaration's side is its 'side' key when given, else the declarer itself
        return {d.side or d.declarer for d in self.declarations}

    def derived_arrangement(self) -> Arrangement | None:
        """The arrangement implied by the declarations: 1 side unilateral, 2 bilateral, 3+ multilateral."""
        sides = self._sides()
        if not sides:
            return None
        return _ARRANGEMENT_BY_COUNT.get(len(sides), Arrangement.multilateral)
