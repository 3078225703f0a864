"""The record models of `peace_talks_model`: `Record`, their union discriminated on `record_type`, the tuple
`RECORD_MODELS` and the tables derived from it (`MODEL_BY_TYPE`, `STATUSES_BY_TYPE`), with the shared types most
code needs.

The building blocks are in the modules of this package, from the bottom up: `base`, `scalars`, `ids`,
`vocabularies`, `dates`, `places`, `evidence`, `quantities`, `record_base`; then one module per record type.
`common` only re-exports the building blocks, for code written before they were split.

A new record type is its module, a member of `Record` below (and its import and `__all__` entry here), its entry
in `ids.EXAMPLE_IDS` (the record types' one hand-kept list, which the id patterns need below the record
classes), its starter in `peace_talks_model.starters` and `examples/minimal/`, and its tests; everything else
(the lazy exports of `peace_talks_model`, the schemas, the reference pages, the status table) follows.
"""

import typing
from typing import Annotated

from pydantic import Field

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.models.actor import Actor
from peace_talks_model.models.agreement import Agreement
from peace_talks_model.models.ceasefire import Ceasefire
from peace_talks_model.models.claim import Claim
from peace_talks_model.models.conflict import Conflict
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

#: Any record, selected by its `record_type` tag. Its members are the one list of the record models, in the
#: order the documentation lists them; it is spelt as a union (not built from a tuple) so that type checkers
#: understand it, and `RECORD_MODELS` is read off it.
Record = Annotated[
    Source | Actor | Negotiation | Agreement | PrisonerSwap | Ceasefire | Claim | Position | Event | Conflict,
    Field(discriminator="record_type"),
]

#: The record models, in the order of `Record` (the order of `RECORD_TYPES`; a test keeps the two in agreement).
RECORD_MODELS: tuple[type[RecordBase], ...] = typing.get_args(typing.get_args(Record)[0])

#: The model class of each record type.
MODEL_BY_TYPE: dict[str, type[RecordBase]] = {model.RECORD_TYPE: model for model in RECORD_MODELS}

#: The statuses of each record type that has a status history, and ('<type>/part') of the keyed parts of a type
#: whose parts have statuses: what an `Anchor` may name. Derived from the record classes' `STATUSES` and
#: `PART_STATUSES`.
STATUSES_BY_TYPE: dict[str, tuple[str, ...]] = {
    key: tuple(status.value for status in vocabulary)
    for model in RECORD_MODELS
    for key, vocabulary in ((model.RECORD_TYPE, model.STATUSES), (f"{model.RECORD_TYPE}/part", model.PART_STATUSES))
    if vocabulary is not None
}

__all__ = [
    "KNOWN_MAJOR_VERSIONS",
    "MODEL_BY_TYPE",
    "RECORD_MODELS",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "STATUSES_BY_TYPE",
    "Actor",
    "Agreement",
    "Attribution",
    "Ceasefire",
    "Claim",
    "Conflict",
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
