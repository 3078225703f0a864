"""Validation results and the reporters that render them: `Finding`, `Report`, and `REPORTERS` (text, json).

Reporters are plain functions from a `Report` to a string, chosen by name; nothing here prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is."""

    error = "error"
    warning = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one record (or in a file that could not be read as records)."""

    file: str
    code: str
    message: str
    path: str = ""
    record_index: int | None = None
    record_id: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.error

    def location(self) -> str:
        """`file[:line[:column]]`, as editors and CI annotations expect."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


@dataclass(slots=True)
class Report:
    """Everything one validation run found, with counts of what was checked."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    records: int = 0
    valid_records: int = 0

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.error for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 when every record is valid, 1 otherwise."""
        return 0 if self.ok else 1


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_text(report: Report) -> str:
    """One line per finding, then a summary line."""
    lines = []
    for f in report.findings:
        record = ""
        if f.record_index is not None:
            record = f" record {f.record_index}"
            if f.record_id:
                record += f" ({f.record_id})"
            record += ":"
        path = f" {f.path}:" if f.path else ""
        lines.append(f"{f.location()}:{record}{path} {f.severity.value}: {_shorten(f.message)} [{f.code}]")
    invalid = report.records - report.valid_records
    lines.append(
        f"{report.files} file(s), {report.records} record(s): {report.valid_records} valid, {invalid} invalid; "
        f"{len(report.findings)} finding(s)"
    )
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    """The report as one JSON document."""
    document = {
        "ok": report.ok,
        "files": report.files,
        "records": report.records,
        "valid_records": report.valid_records,
        "findings": [asdict(f) for f in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


#: Reporters by name, for `--format`.
REPORTERS: dict[str, Callable[[Report], str]] = {"text": render_text, "json": render_json}
