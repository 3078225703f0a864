"""The `Actor` record: a person, organization, state, armed group, IGO, NGO or coalition, with its names,
posts held over time and relations to other actors."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictStr, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date, dates_in_order
from peace_talks_model.models.evidence import Evidence
from peace_talks_model.models.ids import ActorRef, NegotiationRef, record_id
from peace_talks_model.models.places import Place
from peace_talks_model.models.record_base import RecordBase, check_relations_not_to_self, unset
from peace_talks_model.models.scalars import CountryCode, LanguageTag, ScriptCode, Text
from peace_talks_model.models.vocabularies import Basis


class ActorKind(StrEnum):
    """What an actor is (PAA-X actor_type and Popolo classes, merged)."""

    person = "person"
    state = "state"
    #: a government, ministry, agency or other organ of a state
    state_body = "state_body"
    #: a state's armed forces or a unit of them
    military = "military"
    armed_group = "armed_group"
    political_party = "political_party"
    #: intergovernmental organization (UN, NATO, EU)
    igo = "igo"
    ngo = "ngo"
    #: a newspaper, broadcaster or news agency
    media = "media"
    #: an alliance or umbrella of actors
    coalition = "coalition"
    #: any other organization (universities, companies, churches)
    organization = "organization"
    #: an unnamed group the sources treat as one actor ("Afghan officials", an electorate)
    group = "group"
    #: a sub-national territory or region acting or acted upon as a unit (Aceh, Northern Ireland)
    territory = "territory"
    #: a multinational field mission (monitoring or peacekeeping mission)
    mission = "mission"
    #: an entity claiming statehood without wide recognition (the "DPR", the "LPR")
    de_facto_state = "de_facto_state"


class NameKind(StrEnum):
    """What a name is to its actor."""

    #: the name this dataset uses for the actor in that language
    canonical = "canonical"
    #: another name in use
    alias = "alias"
    #: what the actor calls itself ("Islamic Emirate of Afghanistan")
    self_designation = "self_designation"
    #: a rendering in another script
    transliteration = "transliteration"
    #: a translation of the name
    translation = "translation"
    #: an acronym or short form
    abbreviation = "abbreviation"
    #: a former name
    former = "former"
    #: a misspelling observed in a source ("Asraf Ghani"); kept to resolve mentions, never to display
    observed_misspelling = "observed_misspelling"
    #: a wrong name a source uses for the actor ("Prime Minister Ahmed Khan" for Imran Khan); never to display
    observed_wrong_name = "observed_wrong_name"


class Name(PeaceModel):
    """One name of an actor in one language and script, with its kind and where it was seen."""

    text: Text = Field(description="The name, as written.")
    lang: LanguageTag | None = Field(default=None, description="Language of the name.")
    script: ScriptCode | None = Field(default=None, description="ISO 15924 script, e.g. 'Latn', 'Arab'.")
    kind: NameKind = Field(default=NameKind.alias, description="What the name is to the actor.")
    start: Date | None = Field(default=None, description="When the name came into use.")
    end: Date | None = Field(default=None, description="When the name went out of use.")
    dataset: Text | None = Field(
        default=None, description="Dataset the name was taken from, e.g. 'PAA-X alternative_names'."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the name is used.")


class Post(PeaceModel):
    """A position an actor holds in an organization over a period (Popolo Membership/Post)."""

    title: Text = Field(
        description="The post, e.g. 'special envoy for Afghanistan', 'national security "
        "adviser', 'spokesman of the political office'."
    )
    organization: ActorRef | None = Field(default=None, description="The organization the post is in.")
    negotiation: NegotiationRef | None = Field(
        default=None, description="The negotiation the post belongs to ('Independent Chairman of the talks')."
    )
    on_behalf_of: ActorRef | None = Field(
        default=None, description="The actor represented in the post, when different from the organization."
    )
    start: Date | None = Field(default=None, description="When the post was taken up.")
    end: Date | None = Field(default=None, description="When the post was left.")
    as_of: list[Date] = Field(
        default_factory=list,
        description="Dates at which a source shows the actor in the post, when start and end are unknown.",
    )
    basis: Basis | None = Field(default=None, description="How the post is known: stated, inferred, outside knowledge.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the post is stated.")

    @model_validator(mode="after")
    def post_dates_ordered(self) -> Self:
        # post_dates_ordered: a post does not end before it starts
        if not dates_in_order(self.start, self.end):
            raise rule_error("date_range_ordered", "post '{title}' ends before it starts", title=self.title)
        return self


class RelationType(StrEnum):
    """How an actor stands to another actor (the relation reads: this actor <type> target)."""

    child_of = "child_of"
    parent_of = "parent_of"
    sibling_of = "sibling_of"
    younger_sibling_of = "younger_sibling_of"
    older_sibling_of = "older_sibling_of"
    spouse_of = "spouse_of"
    relative_of = "relative_of"
    founder_of = "founder_of"
    co_founder_of = "co_founder_of"
    leader_of = "leader_of"
    deputy_of = "deputy_of"
    member_of = "member_of"
    senior_member_of = "senior_member_of"
    spokesperson_of = "spokesperson_of"
    part_of = "part_of"
    affiliated_with = "affiliated_with"
    allied_with = "allied_with"
    backed_by = "backed_by"
    hosted_by = "hosted_by"
    successor_of = "successor_of"
    #: contributes staff or monitors to the target (a mission)
    contributes_to = "contributes_to"
    #: the target (a state or IGO) designated this actor as terrorist
    designated_terrorist_by = "designated_terrorist_by"
    #: the target holds or held this actor as a prisoner
    detained_by = "detained_by"
    #: has influence or leverage over the target ("Pakistan's leverage over the Taliban")
    influences = "influences"


class ActorRelation(PeaceModel):
    """A sourced relation from this actor to another; a relation does not end before it starts."""

    type: RelationType = Field(description="The relation: this actor <type> target.")
    target: ActorRef = Field(description="The other actor.")
    start: Date | None = Field(default=None, description="When the relation began.")
    end: Date | None = Field(default=None, description="When the relation ended.")
    as_of: list[Date] = Field(
        default_factory=list,
        description="Dates at which a source shows the relation, when start and end are unknown.",
    )
    basis: Basis | None = Field(
        default=None, description="How the relation is known: stated, inferred, outside knowledge."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the relation is stated.")

    @model_validator(mode="after")
    def relation_dates_ordered(self) -> Self:
        # relation dates ordered: a relation does not end before it starts
        if not dates_in_order(self.start, self.end):
            raise rule_error("date_range_ordered", "relation '{type}' ends before it starts", type=self.type.value)
        return self


ActorId = Annotated[StrictStr, record_id("actor")]


class Actor(RecordBase):
    """A person, organization, state, armed group, IGO, NGO or coalition taking part in a peace process.

    Follows PAA-X (actor types, UCDP and ACLED crosswalks) and Popolo (names, memberships with posts and
    dates), adding language-tagged names of several kinds (self-designations, observed misspellings) and
    sourced relations between actors.
    """

    RECORD_TYPE: ClassVar[str] = "actor"
    record_type: Literal["actor"] = Field(default_factory=unset, description="Always 'actor'.")
    id: ActorId = Field(description="Stable id, 'actor:<slug>', e.g. 'actor:zalmay-khalilzad'.")
    name: Text = Field(description="The display name in English, e.g. 'Zalmay Khalilzad', 'Taliban'.")
    kind: ActorKind = Field(description="What the actor is.")
    other_kinds: list[ActorKind] = Field(
        default_factory=list,
        description="Further kinds the actor also is (Hamas: armed group, political party, de facto government).",
    )
    names: list[Name] = Field(
        default_factory=list,
        description="Further names: other languages and scripts, aliases, self-designations, misspellings.",
    )
    country: CountryCode | None = Field(
        default=None,
        description="The actor's country: nationality of a person, seat or base of an organization, the state itself.",
    )
    nationalities: list[CountryCode] = Field(
        default_factory=list, description="All nationalities of a person, when more than one."
    )
    location: Place | None = Field(
        default=None, description="Seat, headquarters or base of an organization; residence of a person."
    )
    born: Date | None = Field(default=None, description="Birth (person) or founding (organization) date.")
    died: Date | None = Field(default=None, description="Death (person) or dissolution (organization) date.")
    posts: list[Post] = Field(default_factory=list, description="Posts held over time.")
    relations: list[ActorRelation] = Field(default_factory=list, description="Relations to other actors.")

    @model_validator(mode="after")
    def actor_consistent(self) -> Self:
        # life_dates_ordered: an actor does not die before being born
        if not dates_in_order(self.born, self.died):
            raise rule_error("date_range_ordered", "'died' is before 'born'", at=["died"])
        # posts_within_life: no post starts before birth or founding
        for index, post in enumerate(self.posts):
            if not dates_in_order(self.born, post.start):
                raise rule_error(
                    "posts_within_life",
                    "post '{title}' starts before 'born'",
                    title=post.title,
                    at=["posts", index, "start"],
                )
        # relation_not_to_self: an actor is not related to itself
        check_relations_not_to_self(self.relations, self.id)
        return self
