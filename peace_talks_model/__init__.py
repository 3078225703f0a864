"""peace_talks_model: one typed record format for peace processes, and a validator for it.

The package root exports the record models, the `Record` union (discriminated on `record_type`),
`validate_record` (one record from a dict or JSON) and `validate_paths` (files and directories).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("peace-talks-model")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installation
    __version__ = "0+unknown"

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
from peace_talks_model.validation import dump_record, validate_paths, validate_record

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
]
