"""Evidence and attribution: verbatim quotes from sources (`Evidence`), who said something, how and through
whom (`Attribution`, `UnnamedSpeaker`, `Relay`, `Channel`), the author's confidence in a record (`Confidence`)
and how sources characterise it (`Characterization`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictBool, StrictInt, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date
from peace_talks_model.models.ids import ActorRef, SourceRef
from peace_talks_model.models.places import Place
from peace_talks_model.models.scalars import FiniteFloat, NonNegativeInt, Text


class Channel(StrEnum):
    """How a statement reached the public or the reporter."""

    statement = "statement"
    tweet = "tweet"
    social_media_post = "social_media_post"
    interview = "interview"
    phone_call = "phone_call"
    briefing = "briefing"
    press_conference = "press_conference"
    speech = "speech"
    report = "report"
    letter = "letter"
    document = "document"
    news_report = "news_report"
    unspecified = "unspecified"


class AnonymityReason(StrEnum):
    """Why a speaker is not named, as the source states it."""

    #: "not authorized to speak to the media"
    not_authorized = "not_authorized"
    #: for the speaker's safety or security
    security = "security"
    #: because of the sensitivity of the matter
    sensitivity = "sensitivity"
    #: the source names a role only ("a State Department spokesperson") and gives no reason
    role_only = "role_only"
    #: the speaker uses a pseudonym ("P. O'Neill" for the IRA)
    pseudonym = "pseudonym"
    #: the source gives no reason
    unspecified = "unspecified"


class UnnamedSpeaker(PeaceModel):
    """A speaker the source does not name: described by role, affiliation and the stated reason."""

    descriptor: Text = Field(
        description="How the source describes the speaker: 'Afghan official', 'senior "
        "Taliban official', 'State Department spokesperson', 'sources'."
    )
    affiliation: ActorRef | None = Field(
        default=None, description="The actor the speaker belongs to or speaks for, when known."
    )
    count: NonNegativeInt | None = Field(default=None, description="How many speakers, when several.")
    anonymity: AnonymityReason | None = Field(default=None, description="Why the speaker is not named.")
    condition_of_anonymity: StrictBool = Field(
        default=False, description="True when the source says the speaker spoke on condition of anonymity."
    )


class Relay(PeaceModel):
    """One outlet in the chain a statement came through ("sources told the Journal", reported by The Hill)."""

    outlet: ActorRef | None = Field(default=None, description="The outlet (an actor record), when it has one.")
    name: Text | None = Field(default=None, description="The outlet's name as written, e.g. 'The Wall Street Journal'.")
    source: SourceRef | None = Field(default=None, description="The outlet's own document, when recorded.")
    channel: Channel | None = Field(default=None, description="How this link passed it on (a tweet, a statement).")
    verb: Text | None = Field(default=None, description="The reporting verb, e.g. 'told', 'reported'.")

    @model_validator(mode="after")
    def relay_names_outlet(self) -> Self:
        # relay_names_outlet: a relay says which outlet it is
        if self.outlet is None and self.name is None:
            raise rule_error("relay_names_outlet", "a relay needs 'outlet' (an actor id) or 'name'")
        return self


class Attribution(PeaceModel):
    """Who said it, how and through whom; a named speaker and an unnamed one exclude each other."""

    speaker: ActorRef | None = Field(default=None, description="The named speaker (an actor record).")
    unnamed: UnnamedSpeaker | None = Field(default=None, description="The speaker, when the source does not name them.")
    on_behalf_of: ActorRef | None = Field(default=None, description="The actor the speaker speaks for.")
    channel: Channel | None = Field(default=None, description="How the statement was made.")
    date: Date | None = Field(default=None, description="When the statement was made.")
    location: Place | None = Field(
        default=None, description="Where the speaker was ('by phone from an undisclosed location')."
    )
    via: list[Relay] = Field(
        default_factory=list, description="The chain of outlets the statement came through, nearest the speaker first."
    )
    hedged: StrictBool = Field(
        default=False, description="True when the source distances itself ('reportedly', 'allegedly')."
    )
    hedge: Text | None = Field(default=None, description="The hedging word, verbatim ('reportedly').")
    reporting_verb: Text | None = Field(
        default=None, description="The verb introducing the statement ('said', 'tweeted', 'confirmed')."
    )

    @model_validator(mode="after")
    def speaker_named_or_unnamed(self) -> Self:
        # speaker_named_or_unnamed: a speaker is either named or unnamed, not both
        if self.speaker is not None and self.unnamed is not None:
            raise rule_error("speaker_named_or_unnamed", "give 'speaker' or 'unnamed', not both")
        # hedge_implies_hedged: a hedging word means the statement is hedged
        if self.hedge is not None and not self.hedged:
            raise rule_error("hedge_implies_hedged", "'hedge' is given but 'hedged' is not true", at=["hedged"])
        return self


class Evidence(PeaceModel):
    """A verbatim quote from a source document; when offsets are given they span exactly the quote's length."""

    source: SourceRef = Field(description="The source document quoted.")
    quote: Text = Field(description="The passage, verbatim as it appears in the source text.")
    start: NonNegativeInt | None = Field(
        default=None, description="Offset of the quote's first character in the source text (Unicode code points)."
    )
    end: NonNegativeInt | None = Field(
        default=None, description="Offset just past the quote's last character (end - start = length of quote)."
    )
    attribution: Attribution | None = Field(
        default=None, description="Who said it, when the quote reports someone's words."
    )

    @model_validator(mode="after")
    def offsets_span_quote(self) -> Self:
        # offsets_span_quote: start and end come together and select exactly len(quote) characters
        if (self.start is None) != (self.end is None):
            raise rule_error(
                "offsets_span_quote",
                "'start' and 'end' must be given together",
                at=["end" if self.end is None else "start"],
            )
        if self.start is not None and self.end is not None and self.end - self.start != len(self.quote):
            raise rule_error(
                "offsets_span_quote",
                "offsets {start}-{end} span {span} characters but the quote has {length}",
                at=["end"],
                start=self.start,
                end=self.end,
                span=self.end - self.start,
                length=len(self.quote),
            )
        return self


class ConfidenceLevel(StrEnum):
    """How much the record's author trusts the record (Security Force Monitor's three levels)."""

    high = "high"
    medium = "medium"
    low = "low"


class ConfidenceMethod(StrEnum):
    """Who or what produced the record."""

    #: written or checked by a person
    human = "human"
    #: extracted by a statistical or language model
    model = "model"
    #: produced by a deterministic rule or import
    rule = "rule"


class Confidence(PeaceModel):
    """The author's confidence in a record or assertion; `score`, when given, lies in [0, 1]."""

    level: ConfidenceLevel = Field(description="Confidence level: high, medium or low.")
    score: Annotated[StrictInt, Field(ge=0, le=1)] | Annotated[FiniteFloat, Field(ge=0, le=1)] | None = Field(
        default=None, description="Numeric confidence in [0, 1], e.g. a model's probability."
    )
    method: ConfidenceMethod | None = Field(default=None, description="Who or what produced the record.")
    producer: Text | None = Field(
        default=None, description="Name of the person, model or rule, e.g. 'gpt-extractor-v3' or 'pax-import'."
    )


class CharacterizationLabel(StrEnum):
    """How sources characterise a record, where the characterisation is itself reported fact."""

    #: "a rare meeting"
    rare = "rare"
    #: "historic peace talks"
    historic = "historic"
    #: "a planned landmark summit"
    landmark = "landmark"
    #: "a surprise visit"
    surprise = "surprise"
    #: "a controversial prisoner swap"
    controversial = "controversial"
    #: "a hurried drawdown"
    hurried = "hurried"
    #: "unprecedented", "the first ever"
    unprecedented = "unprecedented"
    #: "long and grinding negotiations"
    protracted = "protracted"
    #: "record levels" of violence
    record_level = "record_level"
    #: "a breakthrough deal"
    breakthrough = "breakthrough"
    #: "near-certain", "days away from"
    imminent = "imminent"
    #: "intense fighting", "intensified calls"
    intense = "intense"
    #: "much feared", "powerful", "influential"
    powerful = "powerful"
    #: "horrific attacks", "brutal"
    brutal = "brutal"
    #: "behind the scenes", "secret"
    discreet = "discreet"
    other = "other"


class Characterization(PeaceModel):
    """A characterisation a source gives of the record ("a rare meeting"), with its wording."""

    label: CharacterizationLabel = Field(description="The characterisation, from a fixed vocabulary.")
    text: Text | None = Field(default=None, description="The wording of the source, verbatim.")
    attribution: Attribution | None = Field(
        default=None, description="Whose characterisation it is, when not the source's own."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where it is said.")
