"""Places: where something happened, as precisely as the reporting says (a name, a country, coordinates, or
only that the place was not disclosed).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictBool, StrictInt, StrictStr, StringConstraints, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.ids import ExternalId, SourceRef
from peace_talks_model.models.scalars import CountryCode, FiniteFloat, Text
from peace_talks_model.models.vocabularies import Basis


class PlacePrecision(StrEnum):
    """How precisely a place is located (ACLED/PLOVER geo precision, in words)."""

    exact = "exact"
    locality = "locality"
    admin1 = "admin1"
    country = "country"
    region = "region"


class Place(PeaceModel):
    """A place as reported; a place may be known only as "undisclosed", and coordinates come in pairs."""

    name: Text | None = Field(
        default=None, description="Name of the place in English, e.g. 'Doha', 'Camp David', 'Rawalpindi'."
    )
    country: CountryCode | None = Field(default=None, description="Country the place is in.")
    admin1: Text | None = Field(
        default=None, description="First-level administrative division, e.g. a province or state."
    )
    kind: Annotated[StrictStr, StringConstraints(pattern=r"^[a-z][a-z_]*$")] | None = Field(
        default=None,
        description="What the place is, in one lower-case word: 'city', 'country', 'venue', "
        "'military_base', 'region', 'border_crossing'.",
    )
    latitude: Annotated[StrictInt, Field(ge=-90, le=90)] | Annotated[FiniteFloat, Field(ge=-90, le=90)] | None = Field(
        default=None, description="WGS 84 latitude in decimal degrees."
    )
    longitude: Annotated[StrictInt, Field(ge=-180, le=180)] | Annotated[FiniteFloat, Field(ge=-180, le=180)] | None = (
        Field(default=None, description="WGS 84 longitude in decimal degrees.")
    )
    precision: PlacePrecision | None = Field(default=None, description="How precisely the place is located.")
    basis: Basis | None = Field(
        default=None, description="How the place is known: stated, inferred, outside knowledge."
    )
    source: SourceRef | None = Field(
        default=None,
        description="The source the place is taken from when the record's own sources do not give it (with "
        "`basis: outside_knowledge`); the record cites it in its evidence.",
    )
    undisclosed: StrictBool = Field(
        default=False,
        description="True when the source says the place is undisclosed or secret ('by "
        "phone from an undisclosed location').",
    )
    identifiers: list[ExternalId] = Field(default_factory=list, description="GeoNames or Wikidata ids of the place.")
    text: Text | None = Field(
        default=None, description="The wording of the source, verbatim ('the garrison city of Rawalpindi')."
    )

    @model_validator(mode="after")
    def place_consistent(self) -> Self:
        # coordinates_paired: latitude and longitude come together
        if (self.latitude is None) != (self.longitude is None):
            raise rule_error("coordinates_paired", "latitude and longitude must be given together")
        # place_not_empty: a place names, locates or at least declares itself undisclosed
        if not (
            self.name
            or self.country
            or self.latitude is not None
            or self.undisclosed
            or self.identifiers
            or self.admin1
        ):
            raise rule_error(
                "place_not_empty", "a place needs a name, a country, coordinates, an identifier, or undisclosed: true"
            )
        return self
