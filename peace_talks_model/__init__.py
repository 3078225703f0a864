"""peace_talks_model: one typed record format for peace processes, and a validator for it.

The package root exports the record models, the `Record` union (discriminated on `record_type`),
`validate_record` (one record from a dict or JSON; `describe_errors` words its errors), `validate_paths`
(files and directories) and `load` (files and directories as a `RecordSet`: findings, records by type and id,
references and backlinks; `load_records` for records in memory), `validate_partition` and `combine` (a run in
parts, for Dask or Spark) and `published_schema(name)` (a published JSON Schema file, as shipped in the wheel).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from peace_talks_model._version import __version__ as __version__

# The names are imported on first use (PEP 562), so that `peace-talks --help` and `--version` do not load
# pydantic and the models: every name of `peace_talks_model.models.__all__` (the record models of
# `RECORD_MODELS`, their union `Record`, the shared types most code needs), and these.
_MODELS = "peace_talks_model.models"
_EXPORTS: dict[str, str] = {
    "Finding": "peace_talks_model.report",
    "Report": "peace_talks_model.report",
    "Options": "peace_talks_model.validation",
    "RecordSet": "peace_talks_model.recordset",
    "load": "peace_talks_model.recordset",
    "load_records": "peace_talks_model.recordset",
    "describe_errors": "peace_talks_model.validation",
    "dump_record": "peace_talks_model.validation",
    "dumps": "peace_talks_model.validation",
    "validate_paths": "peace_talks_model.validation",
    "validate_record": "peace_talks_model.validation",
    "validate_records": "peace_talks_model.validation",
    "validate_bytes": "peace_talks_model.validation",
    # partitioned runs (Dask, Spark): validate parts anywhere, combine them into the report of one run
    "validate_partition": "peace_talks_model.validation",
    "combine": "peace_talks_model.validation",
    "Partial": "peace_talks_model.validation",
    # the published JSON Schema files, as shipped in the wheel
    "published_schema": "peace_talks_model.schema_export",
}


def _model_names() -> list[str]:
    names: list[str] = importlib.import_module(_MODELS).__all__
    return names


def __getattr__(name: str) -> Any:
    if name == "__all__":
        value: Any = sorted({*_EXPORTS, *_model_names(), "__version__"})
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif not name.startswith("__") and name in _model_names():
        value = getattr(importlib.import_module(_MODELS), name)
    else:
        raise AttributeError(f"module 'peace_talks_model' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_model_names()})


if TYPE_CHECKING:
    # the same names for type checkers, which would read every name served by __getattr__ as Any
    from peace_talks_model.models import *  # noqa: F403
    from peace_talks_model.recordset import RecordSet as RecordSet
    from peace_talks_model.recordset import load as load
    from peace_talks_model.recordset import load_records as load_records
    from peace_talks_model.report import Finding as Finding
    from peace_talks_model.report import Report as Report
    from peace_talks_model.schema_export import published_schema as published_schema
    from peace_talks_model.validation import Options as Options
    from peace_talks_model.validation import Partial as Partial
    from peace_talks_model.validation import combine as combine
    from peace_talks_model.validation import describe_errors as describe_errors
    from peace_talks_model.validation import dump_record as dump_record
    from peace_talks_model.validation import dumps as dumps
    from peace_talks_model.validation import validate_bytes as validate_bytes
    from peace_talks_model.validation import validate_partition as validate_partition
    from peace_talks_model.validation import validate_paths as validate_paths
    from peace_talks_model.validation import validate_record as validate_record
    from peace_talks_model.validation import validate_records as validate_records
