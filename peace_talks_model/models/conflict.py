"""The `Conflict` record: an armed conflict that negotiations, agreements, cease-fires and events belong to, with
its sides, type, incompatibility, start and end, yearly intensity and the durations sources state for it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, StrictStr, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date, dates_in_order
from peace_talks_model.models.evidence import Evidence
from peace_talks_model.models.ids import ActorRef, ConflictRef, record_id
from peace_talks_model.models.places import Place
from peace_talks_model.models.quantities import Count, FuzzyDuration
from peace_talks_model.models.record_base import RecordBase, check_chronological, unset
from peace_talks_model.models.scalars import Text


class ConflictType(StrEnum):
    """UCDP/PRIO 'type_of_conflict'."""

    #: 1: between a state and a non-state group outside its territory (colonial wars)
    extrasystemic = "extrasystemic"
    #: 2: between two or more states
    interstate = "interstate"
    #: 3: between a government and non-state groups, without outside states' troops
    intrastate = "intrastate"
    #: 4: intrastate, with troops of other states on one or both sides
    internationalized_intrastate = "internationalized_intrastate"


class Incompatibility(StrEnum):
    """UCDP/PRIO 'incompatibility': what the conflict is over."""

    #: 1: the status of a territory (secession, autonomy)
    territory = "territory"
    #: 2: the type of political system or the composition of the government
    government = "government"
    #: 3: both
    territory_and_government = "territory_and_government"


class IntensityLevel(StrEnum):
    """UCDP/PRIO 'intensity_level' of a year, with the years below the threshold made explicit."""

    #: fewer than 25 battle-related deaths (not in the UCDP/PRIO table for that year)
    inactive = "inactive"
    #: 1: 25 to 999 battle-related deaths in the year
    minor = "minor"
    #: 2: at least 1,000 battle-related deaths in the year
    war = "war"


class IntensityStep(PeaceModel):
    """The conflict's intensity over one period (a UCDP/PRIO conflict-year)."""

    date: Date = Field(description="The period, usually a year ('2019').")
    level: IntensityLevel = Field(description="The intensity in that period.")
    deaths: Count | None = Field(
        default=None, description="Battle-related deaths in the period, when a source gives them."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the intensity is reported.")


class StatedDuration(PeaceModel):
    """How long the conflict had lasted at some date, as a source states it ("19 years of war")."""

    duration: FuzzyDuration = Field(description="The length stated: {'value': 'P19Y', 'text': '19 years of war'}.")
    as_of: Date | None = Field(
        default=None, description="The date the length is counted to (usually the source's date of publication)."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Where the length is stated.")


ConflictId = Annotated[StrictStr, record_id("conflict")]


class Conflict(RecordBase):
    """An armed conflict between a government or state and its opponents; it does not end before it starts, and no
    actor is on both sides.

    Follows the UCDP/PRIO Armed Conflict Dataset codebook (conflict_id, side_a, side_a_2nd, side_b, side_b_2nd,
    incompatibility, territory_name, type_of_conflict, start_date, ep_end_date, intensity_level per year); the
    UCDP conflict id goes in `identifiers` (scheme 'ucdp_conflict'), UCDP dyads in 'ucdp_dyad'.
    """

    RECORD_TYPE: ClassVar[str] = "conflict"
    record_type: Literal["conflict"] = Field(default_factory=unset, description="Always 'conflict'.")
    id: ConflictId = Field(description="Stable id, 'conflict:<slug>', e.g. 'conflict:afghanistan-government'.")
    name: Text = Field(description="The conflict's name, e.g. 'Afghanistan: Government' (UCDP 'conflict_name').")
    conflict_type: ConflictType | None = Field(default=None, description="UCDP/PRIO 'type_of_conflict'.")
    incompatibility: Incompatibility | None = Field(
        default=None, description="What it is over (UCDP 'incompatibility')."
    )
    territory: Text | None = Field(
        default=None, description="The territory contested, for a territorial conflict (UCDP 'territory_name')."
    )
    side_a: list[ActorRef] = Field(
        default_factory=list, description="The government side (UCDP 'side_a'; for interstate wars, one side's states)."
    )
    side_a_secondary: list[ActorRef] = Field(
        default_factory=list, description="States supporting side A with troops (UCDP 'side_a_2nd')."
    )
    side_b: list[ActorRef] = Field(
        default_factory=list, description="The opposition: rebel groups or the other side's states (UCDP 'side_b')."
    )
    side_b_secondary: list[ActorRef] = Field(
        default_factory=list, description="States supporting side B with troops (UCDP 'side_b_2nd')."
    )
    places: list[Place] = Field(default_factory=list, description="Where it is fought (UCDP 'location').")
    start: Date | None = Field(default=None, description="When it began (UCDP 'start_date': the first battle death).")
    end: Date | None = Field(default=None, description="When it ended (UCDP 'ep_end_date' of its last episode).")
    intensity: list[IntensityStep] = Field(
        default_factory=list, description="Intensity by period, in chronological order (UCDP 'intensity_level')."
    )
    stated_durations: list[StatedDuration] = Field(
        default_factory=list,
        description="How long sources say it had lasted ('19 years of war'); checked against `start`.",
    )
    part_of: ConflictRef | None = Field(default=None, description="A wider conflict this one is part of.")

    @model_validator(mode="after")
    def conflict_consistent(self) -> Self:
        # date_range_ordered: a conflict does not end before it starts
        if not dates_in_order(self.start, self.end):
            raise rule_error("date_range_ordered", "the conflict ends before it starts", at=["end"])
        # status_history_chronological: intensity periods are listed in date order
        check_chronological(self.intensity, "intensity")
        # conflict_sides_distinct: no actor is on both sides
        side_a = {*self.side_a, *self.side_a_secondary}
        for name in ("side_b", "side_b_secondary"):
            for index, actor in enumerate(getattr(self, name)):
                if actor in side_a:
                    raise rule_error(
                        "conflict_sides_distinct",
                        "{actor} is on both sides of the conflict",
                        actor=actor,
                        at=[name, index],
                    )
        if self.part_of == self.id:
            raise rule_error("not_part_of_itself", "conflict {id} is part of itself", id=self.id, at=["part_of"])
        return self
