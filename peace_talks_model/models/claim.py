"""The `Claim` record: an attributed assertion (who said what, when, through which channel, with which
stance), linked to the claims it contradicts or supports, so that conflicting statements are all kept."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictBool, StrictStr, StringConstraints, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date
from peace_talks_model.models.evidence import Attribution
from peace_talks_model.models.ids import ClaimRef, RecordRef, record_id
from peace_talks_model.models.quantities import FuzzyDuration
from peace_talks_model.models.record_base import RecordBase, unset
from peace_talks_model.models.scalars import FiniteFloat, SafeInt, Text


class Stance(StrEnum):
    """What the speaker does with the proposition."""

    asserts = "asserts"
    denies = "denies"
    confirms = "confirms"
    disputes = "disputes"
    #: says it will happen ("they would soon be appealing for new talks")
    predicts = "predicts"
    #: accuses another actor of it
    accuses = "accuses"
    #: says it is not known ("it is not clear whether...")
    questions = "questions"


class Factuality(StrEnum):
    """FactBank factuality of the proposition according to the speaker (certain/probable/possible,
    positive/negative, or underspecified)."""

    CT_plus = "CT+"
    PR_plus = "PR+"
    PS_plus = "PS+"
    CT_minus = "CT-"
    PR_minus = "PR-"
    PS_minus = "PS-"
    CTu = "CTu"
    Uu = "Uu"


_POINTER = r"^(?:/(?:[^~/]|~[01])*)*$"


class Assertion(PeaceModel):
    """The claim as a typed statement about a field of a record: "<record><path> is <value>"."""

    record: RecordRef = Field(description="The record the claim is about.")
    path: Annotated[StrictStr, StringConstraints(pattern=_POINTER)] = Field(
        description="JSON Pointer to the field asserted about, e.g. '/status_history/-' or '/date'."
    )
    value: StrictStr | SafeInt | FiniteFloat | StrictBool | None = Field(
        default=None, description="The value asserted (a status name, a number, a date string, true/false)."
    )


class AssessmentKind(StrEnum):
    """What kind of judgement a claim makes about the future or about a trend."""

    #: a danger to the subject ("the attack risks derailing the talks")
    risk = "risk"
    #: what will happen, or how long it will take ("could take years", "a deal within weeks")
    forecast = "forecast"
    #: how something has been changing ("violence has escalated", "attacks have fallen")
    trend = "trend"
    #: what an actor can or cannot do ("few options left", "the leverage to bring them back")
    capability = "capability"
    #: a chance for the subject ("a window for talks")
    opportunity = "opportunity"


class Direction(StrEnum):
    """Which way an assessed quantity or situation moves."""

    increase = "increase"
    decrease = "decrease"
    stable = "stable"
    #: gets better for the peace process
    improve = "improve"
    #: gets worse for the peace process
    worsen = "worsen"


class Assessment(PeaceModel):
    """An attributed judgement about the future or about a trend, typed: its kind, its subject, its direction
    and its horizon; how sure the speaker is, is the claim's `factuality` (FactBank: 'could' is PS+)."""

    kind: AssessmentKind = Field(description="Risk, forecast, trend, capability or opportunity.")
    subject: RecordRef | None = Field(
        default=None, description="The record judged about: the talks at risk, the violence escalating."
    )
    direction: Direction | None = Field(
        default=None, description="Which way it goes: 'escalated' is increase, 'risks derailing' is worsen."
    )
    horizon: FuzzyDuration | None = Field(
        default=None, description="How far ahead the judgement looks, or how long it says something takes."
    )
    since: Date | None = Field(default=None, description="Since when a trend has held ('since the talks collapsed').")
    text: Text | None = Field(default=None, description="The judgement in the source's words, verbatim.")


ClaimId = Annotated[StrictStr, record_id("claim")]


class Claim(RecordBase):
    """An attributed assertion about the peace process; a claim never contradicts or supports itself.

    Factuality follows FactBank (source, event) pairs (CT+, PR+, ... Uu); attribution keeps named and
    unnamed speakers, channels and the chain of outlets (PROV-O wasAttributedTo / wasQuotedFrom).
    """

    RECORD_TYPE: ClassVar[str] = "claim"
    record_type: Literal["claim"] = Field(default_factory=unset, description="Always 'claim'.")
    id: ClaimId = Field(description="Stable id, 'claim:<slug>', e.g. 'claim:2019-10-04-pakistan-earliest-resumption'.")
    statement: Text = Field(
        description="The proposition in plain words, as the speaker put it: 'Both sides "
        "agreed on the need for the earliest resumption of the peace process'."
    )
    stance: Stance = Field(default=Stance.asserts, description="Whether the speaker asserts, denies, confirms... it.")
    attribution: Attribution | None = Field(default=None, description="Who made the claim, how, and through whom.")
    date: Date | None = Field(default=None, description="When the claim was made.")
    about: list[RecordRef] = Field(default_factory=list, description="The records the claim is about.")
    assertion: Assertion | None = Field(
        default=None, description="The claim as a typed statement about a record field, when it can be put so."
    )
    factuality: Factuality | None = Field(default=None, description="FactBank factuality value.")
    assessment: Assessment | None = Field(
        default=None,
        description="The claim as a typed judgement about the future or a trend ('could take years', 'violence "
        "has escalated'), when it is one.",
    )
    contradicts: list[ClaimRef] = Field(default_factory=list, description="Claims this one contradicts.")
    supports: list[ClaimRef] = Field(default_factory=list, description="Claims this one supports.")
    reverses: list[ClaimRef] = Field(
        default_factory=list,
        description="Earlier claims of the same speaker that this one reverses ('dead', then 'back on').",
    )
    responds_to: ClaimRef | None = Field(default=None, description="The claim this one answers.")

    def _self_link(self) -> list[int | str]:
        for name in ("contradicts", "supports", "reverses"):
            links: list[str] = getattr(self, name)
            if self.id in links:
                return [name, links.index(self.id)]
        return ["responds_to"]

    @model_validator(mode="after")
    def claim_not_about_itself(self) -> Self:
        # claim_not_self_referential: a claim does not contradict, support or answer itself
        if self.id in (*self.contradicts, *self.supports, *self.reverses, self.responds_to):
            raise rule_error(
                "claim_not_self_referential", "claim {id} refers to itself", id=self.id, at=self._self_link()
            )
        # claim_links_consistent: a claim does not both contradict and support the same claim
        both = sorted(set(self.contradicts) & set(self.supports))
        if both:
            raise rule_error(
                "claim_links_consistent",
                "claim both contradicts and supports {ids}",
                ids=", ".join(both),
                at=["supports"],
            )
        return self
