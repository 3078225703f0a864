"""The `Source` record: a document that other records quote as evidence (news story, statement, tweet...)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictStr, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date, dates_in_order
from peace_talks_model.models.evidence import Relay
from peace_talks_model.models.ids import ActorRef, record_id
from peace_talks_model.models.places import Place
from peace_talks_model.models.record_base import RecordBase, unset
from peace_talks_model.models.scalars import Email, LanguageTag, NonNegativeInt, Sha256, Text, Url


class SourceKind(StrEnum):
    """What kind of document a source is."""

    news_article = "news_article"
    wire_story = "wire_story"
    press_release = "press_release"
    official_statement = "official_statement"
    social_media_post = "social_media_post"
    transcript = "transcript"
    report = "report"
    agreement_text = "agreement_text"
    dataset = "dataset"
    book = "book"
    other = "other"


class PublicationDateBasis(StrEnum):
    """How the publication date of a source was determined (most scraped stories carry no dateline)."""

    #: printed in the story's dateline
    dateline = "dateline"
    #: read from the page's metadata or the archive
    metadata = "metadata"
    #: inferred from the text ("last month", "on Monday" together with known events)
    inferred = "inferred"
    #: known from outside the document (another copy, the publisher's archive)
    outside_knowledge = "outside_knowledge"


class ContributorRole(StrEnum):
    """What a person or outlet contributed to a document."""

    author = "author"
    contributor = "contributor"
    editor = "editor"
    photographer = "photographer"
    #: a photo or image agency credited for pictures ("© Getty Images")
    image_credit = "image_credit"
    translator = "translator"
    wire_service = "wire_service"


class Contributor(PeaceModel):
    """A person or outlet credited in a document, as the credit line reads."""

    name: Text = Field(description="The name as printed in the credit line.")
    actor: ActorRef | None = Field(default=None, description="The contributor's actor record, if any.")
    role: ContributorRole = Field(default=ContributorRole.author, description="What they contributed.")
    email: Email | None = Field(
        default=None,
        description="Contact address printed with the credit, verbatim "
        "(it may not match the name; keep it as printed).",
    )
    location: Place | None = Field(default=None, description="Where they reported from ('in Peshawar, Pakistan').")


class TextDefectKind(StrEnum):
    """A fault in the text of a source as it was collected."""

    #: text from links, captions or advertisements spliced into a sentence by a scraper
    injected_text = "injected_text"
    #: navigation, share buttons, comment policies, promotional blurbs
    boilerplate = "boilerplate"
    #: a headline, caption or paragraph repeated
    duplicated_text = "duplicated_text"
    #: the text stops before the story ends
    truncated = "truncated"
    #: the text starts after the story's beginning (its opening is missing)
    truncated_start = "truncated_start"
    #: characters garbled by a wrong encoding
    encoding = "encoding"
    #: a factual or spelling error in the story itself (a wrong title, a misspelt name)
    factual_error = "factual_error"
    #: no-break, zero-width or doubled spaces where a plain space belongs (quotes match with spaces normalised)
    nonstandard_whitespace = "nonstandard_whitespace"
    #: straight and typographic quotation marks or apostrophes mixed ("'" beside "’")
    mixed_quotes = "mixed_quotes"
    #: lines run together without a break (a header fused with the first sentence)
    fused_lines = "fused_lines"
    #: the byline and the contact or signature lines name different people
    byline_mismatch = "byline_mismatch"


class TextDefect(PeaceModel):
    """A fault in the collected text, located by a verbatim quote so that extraction can skip or correct it."""

    kind: TextDefectKind = Field(description="What is wrong.")
    quote: Text = Field(description="The faulty passage, verbatim.")
    start: NonNegativeInt | None = Field(default=None, description="Offset of the passage in the text.")
    note: Text | None = Field(default=None, description="Why the passage is a defect, for people.")
    correction: Text | None = Field(
        default=None, description="What the passage should read, when known ('Prime Minister Imran Khan')."
    )


SourceId = Annotated[StrictStr, record_id("source")]


class Source(RecordBase):
    """A document quoted as evidence: a story, statement, post, report or agreement text.

    Fields follow what PLOVER's `cite_info` and GDELT's mention records keep (url, publication, language),
    plus how the publication date was established, the credit lines, and faults in the collected text.
    """

    RECORD_TYPE: ClassVar[str] = "source"
    record_type: Literal["source"] = Field(default_factory=unset, description="Always 'source'.")
    id: SourceId = Field(description="Stable id, 'source:<slug>', e.g. 'source:ap-2019-12-09-khalilzad-doha-talks'.")
    kind: SourceKind = Field(default=SourceKind.news_article, description="What kind of document this is.")
    title: Text | None = Field(default=None, description="The headline or title, verbatim.")
    url: Url | None = Field(default=None, description="Where the document was read.")
    archive_url: Url | None = Field(default=None, description="An archived copy (e.g. the Wayback Machine).")
    publisher: ActorRef | None = Field(default=None, description="The publishing outlet or body (an actor).")
    publisher_name: Text | None = Field(
        default=None, description="The publisher's name as printed, e.g. 'The Washington Times'."
    )
    language: LanguageTag | None = Field(default=None, description="Language of the text.")
    published: Date | None = Field(default=None, description="Publication date, as precise as known.")
    published_basis: PublicationDateBasis | None = Field(
        default=None, description="How the publication date was established."
    )
    accessed: Date | None = Field(
        default=None,
        description="When the document was read at its `url` (a web page may change after it is cited).",
    )
    dateline: Place | None = Field(default=None, description="The place in the dateline ('KABUL').")
    contributors: list[Contributor] = Field(
        default_factory=list, description="Authors, contributors and wire services credited."
    )
    wire_services: list[ActorRef] = Field(
        default_factory=list,
        description="Agencies whose reporting the story uses ('With reporting by AFP, AP, and Reuters').",
    )
    based_on: list[Relay] = Field(
        default_factory=list,
        description="Reports of other outlets this document is based on ('The Wall Street Journal reported Sunday').",
    )
    republication_of: Relay | None = Field(
        default=None, description="The original this document reprints (a wire story in a newspaper)."
    )
    original_published: Date | None = Field(
        default=None, description="Publication date of the original, for a republished document."
    )
    text_sha256: Sha256 | None = Field(
        default=None, description="SHA-256 (hex) of the UTF-8 text that evidence offsets refer to."
    )
    text_path: Text | None = Field(default=None, description="Path of the stored text, relative to the record file.")
    text_defects: list[TextDefect] = Field(default_factory=list, description="Faults in the collected text.")

    @model_validator(mode="after")
    def accessed_after_published(self) -> Self:
        # date_range_ordered: a document is not read before it is published
        if not dates_in_order(self.published, self.accessed):
            raise rule_error(
                "date_range_ordered", "the source is 'accessed' before it was 'published'", at=["accessed"]
            )
        return self
