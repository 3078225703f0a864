"""Validating records: `validate_record` for one record, `validate_paths` for files and directories.

`validate_record` takes a dict or JSON text/bytes and returns the typed model, raising pydantic's
`ValidationError`. `validate_paths` reads every file (see `peace_talks_model.loader`), validates every record
and returns a `Report` with one `Finding` per problem; it never stops at the first bad record or file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from peace_talks_model.loader import LoadedRecord, LoadProblem, discover, load_file
from peace_talks_model.models import RECORD_TYPES, Record
from peace_talks_model.report import Finding, Report


@cache
def record_adapter() -> TypeAdapter[Record]:
    """The (cached) pydantic adapter of the `Record` union."""
    return TypeAdapter(Record)


def validate_record(data: Mapping[str, Any] | str | bytes) -> Record:
    """Validate one record given as a dict or as JSON text/bytes and return its typed model.

    Raises:
        pydantic.ValidationError: the record is not valid; each error's `type` names the broken rule.
    """
    adapter = record_adapter()
    if isinstance(data, str | bytes | bytearray):
        return adapter.validate_json(data)
    return adapter.validate_python(data)


def format_path(loc: Sequence[int | str]) -> str:
    """Render a pydantic error location as `names[0].text`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field '{error['loc'][-1]}' (field names are case-sensitive; check the spelling)"
    if kind == "missing":
        return f"required field '{error['loc'][-1]}' is missing"
    if kind == "union_tag_invalid":
        tag = (error.get("ctx") or {}).get("tag", "")
        return f"unknown record_type '{tag}'; expected one of: {', '.join(RECORD_TYPES)}"
    if kind == "union_tag_not_found":
        return f"the record has no 'record_type'; expected one of: {', '.join(RECORD_TYPES)}"
    return error["msg"]


def findings_from_error(exc: ValidationError, record: LoadedRecord) -> list[Finding]:
    """Turn a pydantic `ValidationError` for one record into findings (one per error)."""
    data = record.data
    record_type = data.get("record_type") if isinstance(data, dict) else None
    record_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    findings = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        # the discriminated union puts the tag first in every location; it is not a field
        if loc and loc[0] == record_type:
            loc = loc[1:]
        findings.append(
            Finding(
                file=record.file,
                code=error["type"],
                message=_message(error),
                path=format_path(loc),
                record_index=record.index,
                record_id=record_id,
                line=record.line,
            )
        )
    return findings


def _check_record(record: LoadedRecord) -> list[Finding]:
    if not isinstance(record.data, dict):
        kind = type(record.data).__name__ if record.data is not None else "null"
        return [
            Finding(
                record.file,
                "record_not_object",
                f"a record must be a JSON object, got {kind}",
                record_index=record.index,
                line=record.line,
            )
        ]
    try:
        record_adapter().validate_python(record.data)
    except ValidationError as exc:
        return findings_from_error(exc, record)
    return []


def _problem_finding(problem: LoadProblem) -> Finding:
    return Finding(problem.file, problem.code, problem.message, line=problem.line, column=problem.column)


def validate_paths(paths: Iterable[str | Path]) -> Report:
    """Validate every record in every file under `paths` and report all findings."""
    report = Report()
    for path in discover(paths):
        report.files += 1
        if not path.exists():
            report.findings.append(Finding(str(path), "not_found", "no such file or directory"))
            continue
        for item in load_file(path):
            if isinstance(item, LoadProblem):
                report.findings.append(_problem_finding(item))
                continue
            report.records += 1
            found = _check_record(item)
            if found:
                report.findings.extend(found)
            else:
                report.valid_records += 1
    return report


def dump_record(record: Record) -> dict[str, Any]:
    """The JSON form of a record, without fields left at their defaults (the inverse of `validate_record`)."""
    dumped: dict[str, Any] = json.loads(record.model_dump_json(exclude_defaults=True))
    # the tag has no default, but keep it first for readers
    return {"record_type": dumped.pop("record_type"), **dumped}
