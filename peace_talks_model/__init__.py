"""peace_talks_model: one typed record format for peace processes, and a validator for it.

The package root exports the record models, the `Record` union (discriminated on `record_type`),
`validate_record` (one record from a dict or JSON) and `validate_paths` (files and directories).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from peace_talks_model._version import __version__

# The names are imported on first use (PEP 562), so that `peace-talks --help` and `--version` do not load
# pydantic and the models.
_EXPORTS: dict[str, str] = {
    "KNOWN_MAJOR_VERSIONS": "peace_talks_model.models",
    "MODEL_BY_TYPE": "peace_talks_model.models",
    "RECORD_TYPES": "peace_talks_model.models",
    "SCHEMA_VERSION": "peace_talks_model.models",
    "Actor": "peace_talks_model.models",
    "Agreement": "peace_talks_model.models",
    "Attribution": "peace_talks_model.models",
    "Ceasefire": "peace_talks_model.models",
    "Claim": "peace_talks_model.models",
    "Event": "peace_talks_model.models",
    "Evidence": "peace_talks_model.models",
    "ExternalId": "peace_talks_model.models",
    "FuzzyDate": "peace_talks_model.models",
    "Negotiation": "peace_talks_model.models",
    "Place": "peace_talks_model.models",
    "Position": "peace_talks_model.models",
    "PrisonerSwap": "peace_talks_model.models",
    "Quantity": "peace_talks_model.models",
    "Record": "peace_talks_model.models",
    "RecordBase": "peace_talks_model.models",
    "RelativeTime": "peace_talks_model.models",
    "Source": "peace_talks_model.models",
    "Finding": "peace_talks_model.report",
    "Report": "peace_talks_model.report",
    "Options": "peace_talks_model.validation",
    "dump_record": "peace_talks_model.validation",
    "validate_paths": "peace_talks_model.validation",
    "validate_record": "peace_talks_model.validation",
    "validate_records": "peace_talks_model.validation",
    "validate_bytes": "peace_talks_model.validation",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'peace_talks_model' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


if TYPE_CHECKING:
    from peace_talks_model.models import (
        KNOWN_MAJOR_VERSIONS,
        MODEL_BY_TYPE,
        RECORD_TYPES,
        SCHEMA_VERSION,
        Actor,
        Agreement,
        Attribution,
        Ceasefire,
        Claim,
        Event,
        Evidence,
        ExternalId,
        FuzzyDate,
        Negotiation,
        Place,
        Position,
        PrisonerSwap,
        Quantity,
        Record,
        RecordBase,
        RelativeTime,
        Source,
    )
    from peace_talks_model.report import Finding, Report
    from peace_talks_model.validation import (
        Options,
        dump_record,
        validate_bytes,
        validate_paths,
        validate_record,
        validate_records,
    )


__all__ = [
    "KNOWN_MAJOR_VERSIONS",
    "MODEL_BY_TYPE",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "Actor",
    "Agreement",
    "Attribution",
    "Ceasefire",
    "Claim",
    "Event",
    "Evidence",
    "ExternalId",
    "Finding",
    "FuzzyDate",
    "Negotiation",
    "Options",
    "Place",
    "Position",
    "PrisonerSwap",
    "Quantity",
    "Record",
    "RecordBase",
    "RelativeTime",
    "Report",
    "Source",
    "__version__",
    "dump_record",
    "validate_bytes",
    "validate_paths",
    "validate_record",
    "validate_records",
]
