"""The `Agreement` record: a peace agreement, deal, declaration or draft, with its status history,
signatories, versions, relations to other agreements and provisions with quantified commitments."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictBool, StrictInt, StrictStr, StringConstraints, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date
from peace_talks_model.models.evidence import Attribution, Evidence
from peace_talks_model.models.ids import (
    ActorRef,
    AgreementRef,
    ConflictRef,
    LocalKey,
    NegotiationRef,
    PrisonerSwapRef,
    RecordRef,
    SourceRef,
    record_id,
)
from peace_talks_model.models.places import Place
from peace_talks_model.models.quantities import Count, RelativeTime, shown_number
from peace_talks_model.models.record_base import (
    RecordBase,
    StatusStepBase,
    check_chronological,
    check_relations_not_to_self,
    check_unique_keys,
    unset,
)
from peace_talks_model.models.scalars import FiniteFloat, LanguageTag, NonNegativeInt, PositiveInt, Text
from peace_talks_model.models.vocabularies import Basis, Topic


class TitleKind(StrEnum):
    """What a title of an agreement is."""

    official = "official"
    short = "short"
    informal = "informal"
    translation = "translation"


class AgreementTitle(PeaceModel):
    """A title of an agreement in one language."""

    text: Text = Field(description="The title, verbatim.")
    lang: LanguageTag | None = Field(default=None, description="Language of the title.")
    kind: TitleKind = Field(default=TitleKind.official, description="What the title is.")


class AgreementType(StrEnum):
    """The kind of agreement (UCDP types and PA-X stages, in words)."""

    comprehensive = "comprehensive"
    framework = "framework"
    partial = "partial"
    ceasefire = "ceasefire"
    pre_negotiation = "pre_negotiation"
    implementation = "implementation"
    power_sharing = "power_sharing"
    declaration = "declaration"
    memorandum_of_understanding = "memorandum_of_understanding"
    exchange = "exchange"
    #: a treaty between states
    treaty = "treaty"
    other = "other"


class PaxStage(StrEnum):
    """PA-X `Stage` codes (the codebook's, and `Oth`, which the published table uses for 'Other')."""

    Pre = "Pre"
    SubPar = "SubPar"
    SubComp = "SubComp"
    FrCons = "FrCons"
    Imp = "Imp"
    Ren = "Ren"
    Cea = "Cea"
    Other = "Other"
    Oth = "Oth"


class PaxSubStage(StrEnum):
    """PA-X `StageSub` codes, as in the published table (its labels in the comments)."""

    #: Pre-negotiation: process
    Proc = "Proc"
    #: Pre-negotiation: confidence building measure
    Conf = "Conf"
    #: Pre-negotiation: mixed
    PreMix = "PreMix"
    #: Pre-negotiation: other
    PreOth = "PreOth"
    #: Ceasefire
    Ceas = "Ceas"
    #: Ceasefire: mixed
    CeaMix = "CeaMix"
    #: Framework-substantive, partial: core issue
    Iss = "Iss"
    #: Framework-substantive, partial: multiple issues
    MultIss = "MultIss"
    #: Framework-substantive, partial: principles
    Prin = "Prin"
    #: Framework-substantive, partial: other
    FrparOth = "FrparOth"
    #: Framework-substantive, comprehensive: agreement
    FrAg = "FrAg"
    #: Framework-substantive, comprehensive: constitution
    FrCons = "FrCons"
    #: Framework-substantive, comprehensive: other
    FrcomOth = "FrcomOth"
    #: Implementation: implementation modalities
    ImpMod = "ImpMod"
    #: Implementation: addresses new or outstanding issues
    ExtSub = "ExtSub"
    #: Implementation: extends the agreement to new parties
    ExtPar = "ExtPar"
    #: Implementation: other
    ImpOth = "ImpOth"
    #: Related
    Rel = "Rel"
    #: Renewal: pre-negotiation
    Repre = "Repre"
    #: Renewal: implementation
    Reimp = "Reimp"
    #: Renewal: substantive
    Resub = "Resub"
    #: Renewal: other
    Reoth = "Reoth"
    #: Other stage (specified)
    Other = "Other"


class PaxAgreementType(StrEnum):
    """PA-X `Agtp` codes: inter-state, inter-state/intra-state, intra-state, intra-state local."""

    Inter = "Inter"
    InterIntra = "InterIntra"
    Intra = "Intra"
    IntraLocal = "IntraLocal"


class AgreementStatus(StrEnum):
    """The states an agreement passes through."""

    proposed = "proposed"
    drafted = "drafted"
    #: the text is agreed and ready to sign ("finalized along with its annexes")
    finalized = "finalized"
    initialled = "initialled"
    #: agreed by the parties without signatures (adopted at a plenary, "agreed" rather than signed)
    adopted = "adopted"
    signed = "signed"
    ratified = "ratified"
    #: approved by one party's government, cabinet or parliament (short of ratification)
    approved = "approved"
    #: endorsed by a third body (a UN Security Council resolution)
    endorsed = "endorsed"
    #: approved by a popular vote
    approved_in_referendum = "approved_in_referendum"
    #: rejected by a party, a parliament or a popular vote
    rejected = "rejected"
    in_force = "in_force"
    suspended = "suspended"
    #: abandoned before signing ("declared the deal dead")
    abandoned = "abandoned"
    #: back under discussion after being abandoned or suspended ("ready to be signed", talks "back on")
    revived = "revived"
    #: failed after signing
    collapsed = "collapsed"
    superseded = "superseded"
    expired = "expired"
    #: fully implemented
    implemented = "implemented"


class AgreementStatusStep(StatusStepBase):
    """One step in an agreement's status history."""

    status: AgreementStatus = Field(description="The status reached.")
    version: LocalKey | None = Field(default=None, description="The version (key in `versions`) concerned.")


class SignatoryCapacity(StrEnum):
    """In what capacity an actor signs."""

    party = "party"
    witness = "witness"
    guarantor = "guarantor"
    mediator = "mediator"
    #: signs as the facilitator of the talks (PA-X third-party signatories)
    facilitator = "facilitator"
    #: signs as an observer, without obligations
    observer = "observer"
    #: signs in a personal capacity, not as a recognised party (the "DPR"/"LPR" leaders at Minsk)
    personal_capacity = "personal_capacity"


class MentionRole(StrEnum):
    """Which wording an actor mention comes from."""

    #: the parties' wording (PA-X 'Part')
    party = "party"
    #: the third parties' wording (PA-X 'ThrdPart')
    third_party = "third_party"


class LinkRule(StrEnum):
    """How a mention was linked to its actor (the rules of `peace_talks_model.interop.linking`, in the order the
    linker tries them, and a link made by a person)."""

    #: the mention is the actor's display name
    name = "name"
    #: the mention is one of the actor's other names (PAA-X alternative names, UCDP name)
    alias = "alias"
    #: the mention is the actor's abbreviation, letter for letter
    abbreviation = "abbreviation"
    #: the same words as one of the actor's names, case, accents, punctuation and a leading article aside
    folded = "folded"
    #: "Government of X", "Republic of X", "X Government": the state X
    government_of = "government_of"
    #: the mention holds the actor's name as whole words, and no other actor's ("Cdr. Taban Deng Gai, for the SPLM/A")
    contains = "contains"
    #: the nearest of the actors' names by spelling
    fuzzy = "fuzzy"
    #: a signatory under a heading that names the actor ("Delegation of the Government of Colombia:")
    heading = "heading"
    #: linked by a person
    hand = "hand"


class MentionLink(PeaceModel):
    """How a mention's actor was found: the rule that linked it, the linker's confidence, and the actor's name it
    matched."""

    rule: LinkRule = Field(description="The rule that linked the mention to its actor, or 'hand'.")
    confidence: Annotated[StrictInt, Field(ge=0, le=1)] | Annotated[FiniteFloat, Field(ge=0, le=1)] = Field(
        description="The linker's confidence that the actor is right, in [0, 1] (each rule has its own: "
        "docs/import/pax.md, 'Party linking')."
    )
    matched: Text | None = Field(
        default=None, description="The actor's name the mention matched, as the actor record writes it."
    )


class PartyMention(PeaceModel):
    """One actor as the parties' or third parties' wording names it: a verbatim piece of that wording, and the
    actor it resolves to when that is known; `link` says how the actor was found and never stands without it."""

    text: Text = Field(description="The piece of the wording naming one actor, verbatim ('Government of Uganda').")
    role: MentionRole = Field(description="Whether the piece comes from the parties' or third parties' wording.")
    actor: ActorRef | None = Field(default=None, description="The actor the mention resolves to, when known.")
    link: MentionLink | None = Field(
        default=None,
        description="How `actor` was found: by which rule of the linker (`peace-talks import pax --actors`), with "
        "what confidence; requires `actor`.",
    )

    @model_validator(mode="after")
    def link_needs_actor(self) -> Self:
        # link_needs_actor: a link says how the actor was found, so it needs the actor
        if self.link is not None and self.actor is None:
            raise rule_error(
                "link_needs_actor", "'link' says how 'actor' was found, but there is no 'actor'", at=["link"]
            )
        return self


class Signatory(PeaceModel):
    """An actor signing an agreement, in one capacity, possibly on behalf of another actor."""

    actor: ActorRef = Field(description="Who signed (a person or organization).")
    capacity: SignatoryCapacity = Field(default=SignatoryCapacity.party, description="In what capacity.")
    capacity_wording: Text | None = Field(
        default=None,
        description="The capacity as the agreement's text spells it, verbatim ('As Witness', 'For the Facilitator', "
        "'Guarantor of the Agreement'); `capacity` is its category.",
    )
    on_behalf_of: ActorRef | None = Field(default=None, description="The actor the signer signed for.")
    date: Date | None = Field(default=None, description="When this signatory signed, if not with the rest.")
    basis: Basis | None = Field(
        default=None, description="How the signature is known: stated, inferred, outside knowledge."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the signature is stated.")


class ThirdPartyRole(StrEnum):
    """The part a third party plays in an agreement, as PA-X ('ThrdPart') and UCDP's third-party codings tell
    them apart."""

    #: brokers the agreement between the parties
    mediator = "mediator"
    #: helps the talks along (hosting rounds, carrying messages) without brokering the terms
    facilitator = "facilitator"
    #: undertakes to guarantee the agreement's implementation
    guarantor = "guarantor"
    #: witnesses the signing
    witness = "witness"
    #: follows the talks or the implementation without a part in them
    observer = "observer"
    #: accompanies the process (Colombia's 'accompanying countries')
    accompanying = "accompanying"
    #: hosts the talks or the signing
    host = "host"


class ThirdParty(PeaceModel):
    """A third party to an agreement in one role, named as an actor or, when the text does not name one, described
    ('officials of the host government'); it may act with a leading third party in a junior role."""

    actor: ActorRef | None = Field(default=None, description="The third party (an actor record).")
    description: Text | None = Field(
        default=None,
        description="Who the third party is when the text names no actor ('officials of the host government').",
    )
    role: ThirdPartyRole = Field(description="Its part in the agreement (PA-X 'ThrdPart' categories).")
    role_wording: Text | None = Field(
        default=None, description="The role as the source or the agreement spells it, verbatim ('co-facilitator')."
    )
    lead: ActorRef | None = Field(
        default=None,
        description="The third party this one acted with, in a junior role ('Norway, with the support of Cuba': "
        "Cuba's `lead` is Norway).",
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the role is stated.")

    @model_validator(mode="after")
    def third_party_identified(self) -> Self:
        # participant_identified: a third party is an actor or is described
        if self.actor is None and self.description is None:
            raise rule_error("participant_identified", "a third party needs 'actor' or 'description'")
        if self.lead is not None and self.lead == self.actor:
            raise rule_error("relation_not_to_self", "a third party does not act with itself", at=["lead"])
        return self


class AgreementRelationType(StrEnum):
    """How this agreement stands to another (this agreement <type> target)."""

    supersedes = "supersedes"
    amends = "amends"
    implements = "implements"
    parallel_to = "parallel_to"
    follows = "follows"
    references = "references"
    draft_of = "draft_of"
    #: this agreement is one part of a larger agreement (the two documents of the Good Friday Agreement)
    part_of = "part_of"
    #: this agreement is annexed to the target
    annexed_to = "annexed_to"


class AgreementRelation(PeaceModel):
    """A relation from this agreement to another agreement."""

    type: AgreementRelationType = Field(description="The relation: this agreement <type> target.")
    target: AgreementRef = Field(description="The other agreement.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the relation is stated.")


class AgreementVersion(PeaceModel):
    """One version of the text (a draft, the signed text, an amended text), as the sources describe it."""

    key: LocalKey = Field(description="Key of the version, unique in the agreement, e.g. 'draft-2019-09'.")
    label: Text | None = Field(
        default=None, description="How sources call it: 'early drafts', 'the finalized text', 'the signed agreement'."
    )
    date: Date | None = Field(default=None, description="When this version existed or was dated.")
    text_source: SourceRef | None = Field(default=None, description="The document holding this version's text.")
    pages: NonNegativeInt | None = Field(default=None, description="Length of the text in pages (PA-X 'Lgt').")
    characters: NonNegativeInt | None = Field(
        default=None, description="Length of the text in characters (PA-X 'N_characters')."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the version is described.")


class Visibility(StrEnum):
    """Whether a text is public."""

    public = "public"
    secret = "secret"
    unknown = "unknown"


class Annex(PeaceModel):
    """An annex of an agreement."""

    title: Text | None = Field(default=None, description="Title of the annex.")
    count: Count | None = Field(
        default=None,
        description="How many annexes this entry stands for, when the source gives only a plural "
        "('its annexes': qualifier 'several').",
    )
    visibility: Visibility = Field(default=Visibility.unknown, description="Whether the annex is public.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the annex is mentioned.")


class CommitmentAction(StrEnum):
    """What a commitment binds the obligor to do."""

    withdraw = "withdraw"
    reduce = "reduce"
    release = "release"
    exchange = "exchange"
    close = "close"
    cease = "cease"
    prevent = "prevent"
    guarantee = "guarantee"
    cut_ties = "cut_ties"
    negotiate = "negotiate"
    begin = "begin"
    hold = "hold"
    establish = "establish"
    monitor = "monitor"
    disarm = "disarm"
    integrate = "integrate"
    grant = "grant"
    #: appoint a person to a post (power-sharing deals: "Chief Executive")
    appoint = "appoint"
    lift = "lift"
    recognize = "recognize"
    refrain = "refrain"
    #: expel or deport people (released prisoners sent abroad)
    deport = "deport"
    other = "other"


class Modality(StrEnum):
    """How strongly a provision binds (what the text does with the topic)."""

    #: a binding obligation
    obligation = "obligation"
    #: something a party may do ("Israel may choose the prisoners of the second phase")
    permission = "permission"
    #: a prohibition
    prohibition = "prohibition"
    #: only a topic to be discussed later ("an item on the agenda")
    agenda_item = "agenda_item"
    #: a statement of intent or aspiration
    intent = "intent"
    #: the source stresses that the agreement does not contain it
    excluded = "excluded"


class QuantityKind(StrEnum):
    """What a commitment's quantity counts."""

    #: the amount acted on: 'release 5,000 prisoners', 'reduce by 4,000'
    amount = "amount"
    #: the level to reach: 'reduce to 8,600 troops', 'no more than 100 observers'
    level = "level"


#: Actions after which what remains is less than what there was (an amount or a level never exceeds the baseline).
_REDUCING = frozenset({CommitmentAction.withdraw, CommitmentAction.reduce, CommitmentAction.release})


class Commitment(PeaceModel):
    """One thing an obligor undertakes: an action on an object, with a quantity, a place and a deadline; a
    reduction is never larger than what it reduces, nor is its level to reach."""

    key: LocalKey | None = Field(
        default=None, description="Key, unique in the agreement, for references ('withdrawal-phase-1')."
    )
    action: CommitmentAction = Field(description="What is to be done.")
    object: Text | None = Field(
        default=None, description="What it is done to: 'U.S. troops', 'military bases', 'Taliban prisoners'."
    )
    obligors: list[ActorRef] = Field(
        default_factory=list, description="Who must act, when different from the provision's obligors."
    )
    target: ActorRef | None = Field(
        default=None, description="The actor acted upon, e.g. al-Qaeda for 'cut ties with al Qaeda'."
    )
    quantity: Count | None = Field(default=None, description="How many or how much.")
    quantity_kind: QuantityKind | None = Field(
        default=None,
        description="Whether `quantity` is the amount acted on ('reduce by 4,000', 'release 5,000') or the level "
        "to reach ('reduce to 8,600'); omit when the text leaves it open.",
    )
    baseline: Count | None = Field(
        default=None,
        description="The level the commitment starts from ('from about 13,000 to 8,600': the 13,000); an amount "
        "or a level to reach by reducing is never more than it.",
    )
    other_quantities: list[Count] = Field(
        default_factory=list,
        description="Further figures that qualify the commitment, each with its `measure` (the 100 mm calibre "
        "threshold of the weapons to withdraw).",
    )
    place: Place | None = Field(default=None, description="Where (from where troops withdraw, which bases).")
    start: Date | None = Field(default=None, description="When the commitment starts, when the text gives a date.")
    start_relative: RelativeTime | None = Field(
        default=None,
        description="When the commitment must start, relative to an event ('no later than the "
        "second day after the cease-fire').",
    )
    end: Date | None = Field(
        default=None, description="When a standing commitment ends (a mission's mandate), when the text gives a date."
    )
    end_relative: RelativeTime | None = Field(
        default=None,
        description="When a standing commitment ends, relative to an event or a status of another record ('the "
        "monitoring mission stays until elections are held': relation 'until', anchored on the election).",
    )
    deadline: Date | None = Field(default=None, description="Calendar deadline, when the text gives one.")
    deadline_relative: RelativeTime | None = Field(
        default=None, description="Deadline relative to an event ('within 135 days of the deal's signing')."
    )
    final_deadline_relative: RelativeTime | None = Field(
        default=None,
        description="A later, hard deadline beside the first ('within one year or at the latest 18 months').",
    )
    modality: Modality | None = Field(
        default=None, description="How strongly this commitment binds, when it differs from its provision."
    )
    phase: LocalKey | None = Field(default=None, description="Key of the phase the commitment belongs to.")
    after: list[LocalKey] = Field(default_factory=list, description="Keys of commitments that must come first.")
    conditional_on: list[LocalKey] = Field(
        default_factory=list,
        description="Keys of commitments or provisions this one depends on ('in exchange "
        "for' the other side's guarantee).",
    )
    concurrent_with: list[LocalKey] = Field(
        default_factory=list, description="Keys of commitments carried out at the same time, stage by stage."
    )
    conditional_on_records: list[RecordRef] = Field(
        default_factory=list,
        description="Records outside the agreement this commitment depends on (a cease-fire being maintained).",
    )
    variant_of: LocalKey | None = Field(
        default=None,
        description="Key of the commitment that this one is another source's rendering of; "
        "conflicting reports are kept side by side, never merged.",
    )
    versions: list[LocalKey] = Field(default_factory=list, description="Keys of the versions that contain it.")
    implementation: list[ImplementationStep] = Field(
        default_factory=list, description="How far the commitment has been carried out, in chronological order."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the commitment is reported.")

    @model_validator(mode="after")
    def quantity_within_baseline(self) -> Self:
        # quantity_within_baseline: what a reduction removes, or the level it reaches, is not more than the baseline
        if self.action not in _REDUCING or self.quantity is None or self.baseline is None:
            return self
        if None not in (self.quantity.unit, self.baseline.unit) and self.quantity.unit != self.baseline.unit:
            return self  # different things counted: nothing to compare
        least = self.quantity.bounds()[0]
        most = self.baseline.bounds()[1]
        if least is not None and most is not None and least > most:
            kind = "level to reach" if self.quantity_kind is QuantityKind.level else "amount"
            raise rule_error(
                "quantity_within_baseline",
                "the {kind} ({least} or more) is larger than the baseline it is taken from ({most} at most)",
                at=["quantity"],
                kind=kind,
                least=shown_number(least),
                most=shown_number(most),
            )
        return self


class ImplementationStatus(StrEnum):
    """How far a commitment has been carried out (Peace Accords Matrix implementation levels, in words)."""

    not_started = "not_started"
    #: begun, with little done ("minimal" in PAM)
    started = "started"
    #: partly carried out ("intermediate" in PAM)
    partial = "partial"
    completed = "completed"
    #: carried out after its deadline
    completed_late = "completed_late"
    #: a deadline passed without the commitment being carried out
    overdue = "overdue"
    #: a party acted against the commitment
    violated = "violated"
    abandoned = "abandoned"


class ImplementationStep(PeaceModel):
    """One observation of how far a commitment has been carried out, with the records that show it."""

    status: ImplementationStatus = Field(description="How far the commitment has been carried out.")
    date: Date | None = Field(default=None, description="When this was the case.")
    quantity: Count | None = Field(
        default=None, description="How much was done by then (weapons handed in, troops withdrawn)."
    )
    records: list[RecordRef] = Field(
        default_factory=list, description="Records showing it (a handover event, a law passed)."
    )
    according_to: Attribution | None = Field(
        default=None, description="Whose assessment it is, when it is a party's claim (an unconfirmed withdrawal)."
    )
    basis: Basis | None = Field(default=None, description="How it is known: stated, inferred, outside knowledge.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where it is reported.")


class Phase(PeaceModel):
    """A phase of implementation."""

    key: LocalKey = Field(description="Key of the phase, e.g. 'phase-1'.")
    order: PositiveInt | None = Field(default=None, description="Position of the phase.")
    description: Text | None = Field(default=None, description="The phase in the source's words.")
    start: Date | None = Field(default=None, description="When the phase starts.")
    start_relative: RelativeTime | None = Field(
        default=None, description="When the phase starts, relative to an event."
    )


class Provision(PeaceModel):
    """A provision of an agreement: a topic, who is bound and who benefits, and what is committed."""

    key: LocalKey | None = Field(default=None, description="Key, unique in the agreement.")
    topic: Topic = Field(description="What the provision is about.")
    modality: Modality = Field(default=Modality.obligation, description="How strongly it binds.")
    description: Text | None = Field(default=None, description="The provision in the source's words.")
    obligors: list[ActorRef] = Field(default_factory=list, description="Who is bound.")
    beneficiaries: list[ActorRef] = Field(default_factory=list, description="Who benefits.")
    commitments: list[Commitment] = Field(default_factory=list, description="What is committed.")
    in_exchange_for: list[LocalKey] = Field(default_factory=list, description="Keys of provisions given in return.")
    pax_codes: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9]*$")]] = Field(
        default_factory=list, description="PA-X provision variable names this provision is coded under."
    )
    versions: list[LocalKey] = Field(default_factory=list, description="Keys of the versions that contain it.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the provision is reported.")


AgreementId = Annotated[StrictStr, record_id("agreement")]


class Agreement(RecordBase):
    """A peace agreement, deal, declaration or draft between parties to a conflict; its status history is
    chronological and every key it refers to exists in it.

    Follows PA-X (stage, agreement type, parties and third parties, related agreements, versions) and UCDP
    (agreement types), adding a dated status history, signatories with capacities, and provisions whose
    commitments carry quantities and absolute or relative deadlines.
    """

    RECORD_TYPE: ClassVar[str] = "agreement"
    STATUSES = AgreementStatus
    PART_STATUSES = ImplementationStatus
    record_type: Literal["agreement"] = Field(default_factory=unset, description="Always 'agreement'.")
    id: AgreementId = Field(description="Stable id, 'agreement:<slug>', e.g. 'agreement:2020-02-29-doha-us-taliban'.")
    name: Text = Field(description="Display name in English, e.g. 'Agreement for Bringing Peace to Afghanistan'.")
    titles: list[AgreementTitle] = Field(default_factory=list, description="Official and other titles.")
    type: AgreementType | None = Field(default=None, description="The kind of agreement.")
    pax_stage: PaxStage | None = Field(default=None, description="PA-X Stage code.")
    pax_substage: PaxSubStage | None = Field(default=None, description="PA-X StageSub code.")
    pax_agreement_type: PaxAgreementType | None = Field(default=None, description="PA-X Agtp code.")
    interim: StrictBool | None = Field(
        default=None,
        description="Whether the agreement is an interim arrangement, meant to be superseded (PA-X 'Interim').",
    )
    parties: list[ActorRef] = Field(default_factory=list, description="The parties bound by the agreement.")
    parties_wording: Text | None = Field(
        default=None,
        description="Who the parties are in a source's or dataset's own words, kept verbatim (PA-X 'Part': 'Signed: "
        "Samuel KAUONA, Commander, Bougainville Revolutionary Army; ...'); `parties` holds the actors it names.",
    )
    third_parties_wording: Text | None = Field(
        default=None,
        description="Third parties (mediators, witnesses, guarantors) in the source's own words, verbatim (PA-X "
        "'ThrdPart'); `third_parties` holds them in their roles (`mediators` and `signatories` as well, where the "
        "wording says so).",
    )
    party_mentions: list[PartyMention] = Field(
        default_factory=list,
        description="The actors `parties_wording` and `third_parties_wording` name, one piece of the wording each, "
        "split where the text allows (by an importer or a person), with the actor each resolves to when known.",
    )
    mediators: list[ActorRef] = Field(default_factory=list, description="Who brokered it ('brokered by the US').")
    third_parties: list[ThirdParty] = Field(
        default_factory=list,
        description="Third parties in their roles (mediator, facilitator, guarantor, witness, observer, "
        "accompanying, host), named or described, each possibly acting with a leading one (PA-X 'ThrdPart').",
    )
    signatories: list[Signatory] = Field(default_factory=list, description="Who signed, in what capacity.")
    status_history: list[AgreementStatusStep] = Field(
        default_factory=list, description="Status changes in chronological order."
    )
    date: Date | None = Field(
        default=None, description="The agreement's date (the signing date for a signed agreement, PA-X 'Dat')."
    )
    place: Place | None = Field(default=None, description="Where it was signed or concluded.")
    conflict_locations: list[Place] = Field(
        default_factory=list,
        description="Where the conflict the agreement addresses takes place (PA-X 'Loc1ISO'/'Loc2ISO' with their "
        "GWNO codes), as opposed to where it was signed.",
    )
    written: StrictBool | None = Field(default=None, description="Whether there is a written text.")
    versions: list[AgreementVersion] = Field(default_factory=list, description="Versions of the text.")
    annexes: list[Annex] = Field(default_factory=list, description="Annexes.")
    provisions: list[Provision] = Field(default_factory=list, description="What the agreement provides.")
    phases: list[Phase] = Field(default_factory=list, description="Phases of implementation.")
    relations: list[AgreementRelation] = Field(default_factory=list, description="Relations to other agreements.")
    references_wording: list[Text] = Field(
        default_factory=list,
        description="Other agreements the text refers to, in the source's or dataset's own words, when they are not "
        "(yet) records here (PA-X 'OthAgr', often a quotation with its page); `relations` holds those that are.",
    )
    negotiations: list[NegotiationRef] = Field(default_factory=list, description="The talks that produced it.")
    prisoner_swaps: list[PrisonerSwapRef] = Field(
        default_factory=list,
        description="Exchanges of detainees the agreement provides for (each swap's `agreement` names this one).",
    )
    conflicts: list[ConflictRef] = Field(
        default_factory=list,
        description="The armed conflicts the agreement is about (PA-X 'UcdpCon', UCDP 'conflict_id').",
    )
    related: list[RecordRef] = Field(
        default_factory=list, description="Other records it belongs with (cease-fires, swaps it provides for)."
    )
    text_source: SourceRef | None = Field(default=None, description="The document holding the text.")

    @model_validator(mode="after")
    def agreement_consistent(self) -> Self:
        # status_history_chronological: status steps (and implementation steps) are listed in date order
        check_chronological(self.status_history, "status_history")
        for p_index, provision in enumerate(self.provisions):
            for c_index, commitment in enumerate(provision.commitments):
                where = ("provisions", p_index, "commitments", c_index, "implementation")
                check_chronological(commitment.implementation, "implementation", where)
        # keys_unique: keys name one part each
        commitments: list[tuple[tuple[int | str, ...], Commitment]] = [
            (("provisions", p, "commitments", i), c)
            for p, provision in enumerate(self.provisions)
            for i, c in enumerate(provision.commitments)
        ]
        provisions = [(("provisions", p), provision) for p, provision in enumerate(self.provisions)]
        check_unique_keys([(("versions", i), v) for i, v in enumerate(self.versions)], "version")
        check_unique_keys([(("phases", i), v) for i, v in enumerate(self.phases)], "phase")
        check_unique_keys([*provisions, *commitments], "provision or commitment")
        self._check_local_keys(commitments)
        # relation_not_to_self: an agreement does not supersede or amend itself
        check_relations_not_to_self(self.relations, self.id)
        return self

    def _check_local_keys(self, commitments: list[tuple[tuple[int | str, ...], Commitment]]) -> None:
        # local_keys_resolve: every key this agreement refers to names one of its parts
        versions = {v.key for v in self.versions}
        phases = {p.key for p in self.phases}
        parts = {p.key for p in self.provisions if p.key} | {c.key for _, c in commitments if c.key}
        refs: list[tuple[tuple[int | str, ...], str, set[str]]] = []
        refs += [
            (("status_history", i, "version"), s.version, versions)
            for i, s in enumerate(self.status_history)
            if s.version
        ]
        for p, provision in enumerate(self.provisions):
            refs += [(("provisions", p, "versions", i), k, versions) for i, k in enumerate(provision.versions)]
            refs += [
                (("provisions", p, "in_exchange_for", i), k, parts) for i, k in enumerate(provision.in_exchange_for)
            ]
        for path, c in commitments:
            for name, known in (
                ("versions", versions),
                ("after", parts),
                ("conditional_on", parts),
                ("concurrent_with", parts),
            ):
                refs += [((*path, name, i), k, known) for i, k in enumerate(getattr(c, name))]
            if c.variant_of:
                refs.append(((*path, "variant_of"), c.variant_of, parts))
            if c.phase:
                refs.append(((*path, "phase"), c.phase, phases))
            for name in ("start_relative", "deadline_relative", "final_deadline_relative", "end_relative"):
                relative = getattr(c, name)
                anchor = relative.anchor if relative else None
                if anchor is not None and anchor.record == self.id and anchor.key is not None:
                    refs.append(((*path, name, "anchor", "key"), anchor.key, parts))
        for at, key, known in refs:
            if key not in known:
                raise rule_error(
                    "local_keys_resolve",
                    "key '{key}' is not defined in this agreement",
                    key=key,
                    at=list(at),
                )
