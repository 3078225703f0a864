"""peace_talks_model: one typed record format for peace processes, and a validator for it.

The package root exports the record models, the `Record` union (discriminated on `record_type`),
`validate_record` (one record from a dict or JSON) and `validate_paths` (files and directories).
"""

from peace_talks_model._version import __version__
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
from peace_talks_model.validation import Options, dump_record, validate_paths, validate_record, validate_records

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
    "validate_paths",
    "validate_record",
    "validate_records",
]
