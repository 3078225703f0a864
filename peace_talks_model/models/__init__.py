"""The record models of `peace_talks_model` and `Record`, their union discriminated on `record_type`."""

from typing import Annotated

from pydantic import Field

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.models.actor import Actor
from peace_talks_model.models.agreement import Agreement
from peace_talks_model.models.ceasefire import Ceasefire
from peace_talks_model.models.claim import Claim
from peace_talks_model.models.dates import FuzzyDate
from peace_talks_model.models.event import Event
from peace_talks_model.models.evidence import Attribution, Evidence
from peace_talks_model.models.ids import RECORD_TYPES, ExternalId
from peace_talks_model.models.negotiation import Negotiation
from peace_talks_model.models.places import Place
from peace_talks_model.models.position import Position
from peace_talks_model.models.prisoner_swap import PrisonerSwap
from peace_talks_model.models.quantities import Quantity, RelativeTime
from peace_talks_model.models.record_base import KNOWN_MAJOR_VERSIONS, RecordBase
from peace_talks_model.models.source import Source

#: Any record, selected by its `record_type` tag.
Record = Annotated[
    Source | Actor | Negotiation | Agreement | PrisonerSwap | Ceasefire | Claim | Position | Event,
    Field(discriminator="record_type"),
]

#: The model class of each record type.
MODEL_BY_TYPE: dict[str, type[RecordBase]] = {
    cls.RECORD_TYPE: cls
    for cls in (Source, Actor, Negotiation, Agreement, PrisonerSwap, Ceasefire, Claim, Position, Event)
}
assert tuple(MODEL_BY_TYPE) == RECORD_TYPES

#: The statuses of each record type that has a status history, and ('<type>/part') of the keyed parts of a type
#: whose parts have statuses: what an `Anchor` may name. Derived from the record classes' `STATUSES` and
#: `PART_STATUSES`.
STATUSES_BY_TYPE: dict[str, tuple[str, ...]] = {
    key: tuple(status.value for status in vocabulary)
    for model in MODEL_BY_TYPE.values()
    for key, vocabulary in ((model.RECORD_TYPE, model.STATUSES), (f"{model.RECORD_TYPE}/part", model.PART_STATUSES))
    if vocabulary is not None
}

__all__ = [
    "KNOWN_MAJOR_VERSIONS",
    "MODEL_BY_TYPE",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "STATUSES_BY_TYPE",
    "Actor",
    "Agreement",
    "Attribution",
    "Ceasefire",
    "Claim",
    "Event",
    "Evidence",
    "ExternalId",
    "FuzzyDate",
    "Negotiation",
    "Place",
    "Position",
    "PrisonerSwap",
    "Quantity",
    "Record",
    "RecordBase",
    "RelativeTime",
    "Source",
]
