"""Validation results and the reporters that render them: `Finding`, `Report`, and `REPORTERS` (text, json).

Reporters are plain functions from a `Report` to a string, chosen by name; nothing here prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from peace_talks_model._version import __version__
from peace_talks_model.codes import CODES, Severity
from peace_talks_model.errors import ExitStatus


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one record, across records, or in a file that could not be read as records.

    `code` is the stable code (`PT112`), `rule` the rule broken (`extra_forbidden`, `status_history_chronological`),
    `pointer` the JSON Pointer of the offending value in its file (`/3/names/0/text`), `path` the same inside
    the record in dotted form (`names[0].text`), `line`/`column` its 1-based position (of the key, for an
    unknown key).
    """

    file: str
    code: str
    message: str
    path: str = ""
    record_index: int | None = None
    record_id: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.error
    pointer: str | None = None
    rule: str = ""
    expected: str | None = None
    got: str | None = None
    suggestion: str | None = None

    def location(self) -> str:
        """`file[:line[:column]]`, as editors and CI annotations expect."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


# The exit statuses of a run, by their older names (aliases of `peace_talks_model.errors.ExitStatus`).
#: All valid (warnings allowed unless --strict).
EXIT_OK = ExitStatus.OK
#: At least one record (or file structure) is invalid.
EXIT_INVALID = ExitStatus.INVALID
#: The command line was wrong.
EXIT_USAGE = ExitStatus.USAGE
#: An input could not be read or parsed (missing, unreadable, not UTF-8, not JSON, duplicate keys, empty).
EXIT_INPUT = ExitStatus.INPUT
#: The validator itself failed.
EXIT_INTERNAL = ExitStatus.INTERNAL

#: Load problems that mean an input could not be read or parsed (exit status 3).
INPUT_FAILURES = frozenset(
    {"not_found", "unreadable", "encoding", "json_syntax", "number_out_of_range", "duplicate_key", "empty"}
)


@dataclass(slots=True)
class Report:
    """Everything one validation run found, with counts of what was checked."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    records: int = 0
    #: records with no error among the findings (their own, across records or grounding): see
    #: `validation.records_with_errors`
    valid_records: int = 0
    #: inputs (files, or lines of JSONL files) that could not be read or parsed
    inputs_failed: int = 0
    #: records read from each file
    record_counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity is Severity.error)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity is Severity.warning)

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return self.errors == 0

    @property
    def exit_code(self) -> ExitStatus:
        """3 when an input could not be read or parsed, else 1 when any finding is an error, else 0."""
        if self.inputs_failed:
            return EXIT_INPUT
        return EXIT_OK if self.ok else EXIT_INVALID


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How a report is rendered: colour, detail, and how many findings to show at most."""

    color: bool = False
    quiet: bool = False
    verbose: bool = False
    limit: int | None = None


REPORT_FORMAT_VERSION = 1

_COLORS = {Severity.error: "\033[31m", Severity.warning: "\033[33m"}
_RESET = "\033[0m"


def shown_findings(findings: Sequence[Finding], limit: int | None) -> list[Finding]:
    """The findings `--max-errors N` shows, in report order: the first N errors, then as many of the first
    warnings as there is room for (a warning never takes the place of an error)."""
    if limit is None or len(findings) <= limit:
        return list(findings)
    errors = [i for i, f in enumerate(findings) if f.severity is Severity.error][:limit]
    room = limit - len(errors)
    warnings = [i for i, f in enumerate(findings) if f.severity is not Severity.error][:room] if room else []
    return [findings[i] for i in sorted(errors + warnings)]


def _shown(report: Report, options: RenderOptions) -> list[Finding]:
    return shown_findings(report.findings, options.limit)


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 file', '2 files', '0 files': a count with its noun in the right number."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def summary_line(report: Report) -> str:
    """'N files, M records: V valid, I invalid; E errors, W warnings' (nouns in the right number), and
    '; input problems in F files' when an input could not be read (exit status 3). A record is invalid when any
    error is about it (`peace_talks_model.validation.records_with_errors`); what could not be read as JSON is
    not counted as a record."""
    invalid = report.records - report.valid_records
    line = (
        f"{counted(report.files, 'file')}, {counted(report.records, 'record')}: {report.valid_records} valid, "
        f"{invalid} invalid; {counted(report.errors, 'error')}, {counted(report.warnings, 'warning')}"
    )
    if report.inputs_failed:  # why the exit status is 3: some input could not be read (whole or in part)
        unread = {f.file for f in report.findings if f.rule in INPUT_FAILURES}
        line += f"; input problems in {counted(len(unread) or 1, 'file')}"
    return line


def text_line(f: Finding, color: bool = False) -> str:
    """One finding as `file:line:col: error PT112 path: message (record 0, actor:x)`."""
    severity = f.severity.value
    if color:
        severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
    where = f" {f.path}:" if f.path else ":"
    record = ""
    if f.record_index is not None:
        record = f" (record {f.record_index}" + (f", {f.record_id}" if f.record_id else "") + ")"
    return f"{f.location()}: {severity} {f.code}{where} {f.message}{record}"


def render_text(report: Report, options: RenderOptions | None = None) -> str:
    """One line per finding (grouped by file, in file order), then a summary line."""
    options = options or RenderOptions()
    lines: list[str] = []
    if not options.quiet:
        shown = _shown(report, options)
        for f in shown:
            lines.append(text_line(f, options.color))
            if options.verbose:
                extra = [f"rule {f.rule}"] + [f"pointer {f.pointer}"] * bool(f.pointer)
                extra += [f"expected {f.expected}"] * bool(f.expected) + [f"got {f.got}"] * bool(f.got)
                lines.append("    " + "; ".join(extra) + f"; see: peace-talks explain {f.code}")
        hidden_errors = report.errors - sum(f.severity is Severity.error for f in shown)
        hidden_warnings = len(report.findings) - len(shown) - hidden_errors
        if hidden_errors or hidden_warnings:
            hidden = ((hidden_errors, "more error"), (hidden_warnings, "more warning"))
            parts = [counted(n, noun) for n, noun in hidden if n]
            lines.append(f"... {' and '.join(parts)} not shown (--max-errors)")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _finding_dict(f: Finding) -> dict[str, object]:
    data = asdict(f)
    data["severity"] = f.severity.value
    return data


def render_json(report: Report, options: RenderOptions | None = None) -> str:
    """The report as one versioned JSON document."""
    options = options or RenderOptions()
    document = {
        "format": "peace-talks-report",
        "format_version": REPORT_FORMAT_VERSION,
        "ok": report.ok,
        "exit_code": report.exit_code,
        "summary": {
            "files": report.files,
            "records": report.records,
            "valid_records": report.valid_records,
            "invalid_records": report.records - report.valid_records,
            "inputs_failed": report.inputs_failed,
            "errors": report.errors,
            "warnings": report.warnings,
        },
        "findings": [_finding_dict(f) for f in _shown(report, options)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(report: Report, options: RenderOptions | None = None) -> str:
    """One JSON object per finding, one per line."""
    options = options or RenderOptions()
    return "".join(json.dumps(_finding_dict(f), ensure_ascii=False) + "\n" for f in _shown(report, options))


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render_github(report: Report, options: RenderOptions | None = None) -> str:
    """GitHub Actions workflow commands (`::error file=...,line=...,col=...,title=...::message`)."""
    options = options or RenderOptions()
    lines = []
    for f in _shown(report, options):
        props = [f"file={_gh_escape(f.file, True)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
        props.append(f"title={_gh_escape(f.code + ' ' + f.rule, True)}")
        where = f"{f.path}: " if f.path else ""
        lines.append(f"::{f.severity.value} {','.join(props)}::{_gh_escape(where + f.message)}")
    return "".join(line + "\n" for line in lines)


def render_sarif(report: Report, options: RenderOptions | None = None) -> str:
    """A SARIF 2.1.0 log with one run of the `peace-talks` tool."""
    options = options or RenderOptions()
    rules = [
        {
            "id": c.code,
            "name": c.name,
            "shortDescription": {"text": c.summary},
            "helpUri": f"https://peace-talks-model.readthedocs.io/codes/#{c.code.lower()}",
            "defaultConfiguration": {"level": "warning" if c.severity is Severity.warning else "error"},
        }
        for c in CODES
    ]
    index = {c.code: i for i, c in enumerate(CODES)}
    results = []
    for f in _shown(report, options):
        region: dict[str, int] = {}
        if f.line is not None:
            region["startLine"] = f.line
            if f.column is not None:
                region["startColumn"] = f.column
        location: dict[str, object] = {"artifactLocation": {"uri": Path(f.file).as_posix()}}
        if region:
            location["region"] = region
        result: dict[str, object] = {
            "ruleId": f.code,
            "level": f.severity.value,
            "message": {"text": (f"{f.path}: " if f.path else "") + f.message},
            "locations": [{"physicalLocation": location}],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        properties = {
            k: v
            for k, v in (
                ("pointer", f.pointer),
                ("recordId", f.record_id),
                ("recordIndex", f.record_index),
                ("rule", f.rule),
                ("suggestion", f.suggestion),
            )
            if v is not None
        }
        if properties:
            result["properties"] = properties
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "peace-talks",
                        "version": __version__,
                        "informationUri": "https://github.com/peace-talks-model/peace-talks-model",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


#: Reporters by name, for `--format`.
REPORTERS: dict[str, Callable[[Report, RenderOptions | None], str]] = {
    "text": render_text,
    "json": render_json,
    "jsonl": render_jsonl,
    "github": render_github,
    "sarif": render_sarif,
}
