"""Validating records: `validate_record` for one record, `validate_paths` and `validate_records` for many.

`validate_record` takes a dict or JSON text/bytes and returns the typed model, raising pydantic's
`ValidationError`. `validate_paths` reads every file (see `peace_talks_model.loader`), validates every record,
runs the cross-record checks (`peace_talks_model.crosscheck`) over everything given, and returns a `Report` of
`Finding`s with codes, messages, JSON pointers and line:column positions. It never stops at the first bad
record or file and never prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from peace_talks_model.codes import Severity, code_for
from peace_talks_model.crosscheck import CrossFinding, Entry, run_checks
from peace_talks_model.diagnose import Diagnosis, diagnose
from peace_talks_model.loader import LoadedRecord, LoadProblem, discover, load_file, load_text
from peace_talks_model.models import Record
from peace_talks_model.positions import LineIndex, Span, pointer, source_map
from peace_talks_model.report import INPUT_FAILURES, Finding, Report


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


@dataclass(frozen=True, slots=True)
class Options:
    """What a validation run checks and reports (the CLI builds one from its flags)."""

    #: run the cross-record checks (references, duplicate ids, dates across records...)
    cross_checks: bool = True
    #: references to records not given in the run are not findings
    allow_external_refs: bool = False
    #: only report these codes (empty: all)
    select: frozenset[str] = frozenset()
    #: never report these codes
    ignore: frozenset[str] = frozenset()
    #: warnings count as errors
    strict: bool = False
    #: report at most this many findings (the checking is not capped); None for all
    max_findings: int | None = None
    #: only files whose name matches this glob, when directories are searched
    glob: str | None = None


def format_path(loc: Sequence[int | str]) -> str:
    """Render a field path as `names[0].text`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Positions:
    """Source maps of the texts records came from, computed on first need and kept for the current file."""

    def __init__(self) -> None:
        self._maps: dict[int, tuple[str, dict[str, Span], LineIndex]] = {}

    def locate(self, record: LoadedRecord, path: tuple[int | str, ...], at_key: bool) -> tuple[str, int, int]:
        """The JSON pointer, line and column of `path` inside `record` (the nearest existing ancestor's)."""
        text = record.text
        if not text:
            return record.pointer + pointer(path), record.line or 1, 1
        cached = self._maps.get(id(text))
        if cached is None or cached[0] is not text:
            cached = (text, source_map(text), LineIndex(text))
            self._maps[id(text)] = cached
        _, spans, lines = cached
        full = record.pointer + pointer(path)
        probe = full
        while probe not in spans and probe:
            probe = probe.rsplit("/", 1)[0]
        span = spans.get(probe) or Span(0)
        offset = span.key if at_key and probe == full and span.key is not None else span.value
        line, column = lines.locate(offset)
        return full, line + (record.line or 1) - 1, column

    def clear(self) -> None:
        self._maps.clear()


def _record_id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _finding(record: LoadedRecord, positions: _Positions, diagnosis: Diagnosis, severity: Severity) -> Finding:
    full, line, column = positions.locate(record, diagnosis.path, diagnosis.at_key)
    return Finding(
        file=record.file,
        code=diagnosis.code,
        message=diagnosis.message,
        path=format_path(diagnosis.path),
        record_index=record.index,
        record_id=_record_id(record.data),
        line=line,
        column=column,
        severity=severity,
        pointer=full,
        rule=diagnosis.rule,
        expected=diagnosis.expected,
        got=diagnosis.got,
        suggestion=diagnosis.suggestion,
    )


def _check_record(record: LoadedRecord, positions: _Positions) -> tuple[Record | None, list[Finding]]:
    data = record.data
    if not isinstance(data, dict):
        kind = "an array" if isinstance(data, list) else json.dumps(data)[:40]
        diagnosis = Diagnosis(
            (), code_for("record_not_object").code, "record_not_object", f"a record must be a JSON object, got {kind}"
        )
        return None, [_finding(record, positions, diagnosis, Severity.error)]
    try:
        return record_adapter().validate_python(data), []
    except ValidationError as exc:
        tag = data.get("record_type")
        diagnoses = diagnose(exc, tag if isinstance(tag, str) else None)
        return None, [_finding(record, positions, d, Severity.error) for d in diagnoses]


def _problem_finding(problem: LoadProblem) -> Finding:
    return Finding(
        problem.file,
        code_for(problem.code).code,
        problem.message,
        line=problem.line,
        column=problem.column,
        rule=problem.code,
        pointer=problem.pointer,
    )


@dataclass
class _Run:
    options: Options
    report: Report = field(default_factory=Report)
    entries: list[Entry] = field(default_factory=list)
    positions: _Positions = field(default_factory=_Positions)

    def add_file(self, file: str, items: Iterable[LoadedRecord | LoadProblem]) -> None:
        self.report.files += 1
        seen = 0
        problems = False
        for item in items:
            if isinstance(item, LoadProblem):
                problems = True
                self.report.findings.append(_problem_finding(item))
                if item.code in INPUT_FAILURES:
                    self.report.inputs_failed += 1
                continue
            seen += 1
            self.report.records += 1
            model, found = _check_record(item, self.positions)
            if found:
                self.report.findings.extend(found)
                continue
            self.report.valid_records += 1
            if model is not None and self.options.cross_checks:
                self.entries.append(Entry(model, item))
        if seen or not problems:  # a file that could not be read is not also "a file without records"
            self.report.record_counts[file] = seen
        if not self.options.cross_checks:
            self.positions.clear()

    def finish(self) -> Report:
        if self.options.cross_checks:
            for cross in run_checks(self.entries, self.report.record_counts, self.options.allow_external_refs):
                self.report.findings.append(self._cross_finding(cross))
        self.positions.clear()
        self.report.findings = _filter(self.report.findings, self.options)
        self.report.findings.sort(key=lambda f: (f.file, f.line or 0, f.column or 0, f.code))
        return self.report

    def _cross_finding(self, cross: CrossFinding) -> Finding:
        code = code_for(cross.rule)
        diagnosis = Diagnosis(cross.path, code.code, cross.rule, cross.message, suggestion=cross.suggestion)
        if cross.entry is None:
            return Finding(cross.file, code.code, cross.message, severity=code.severity, rule=cross.rule)
        return _finding(cross.entry.source, self.positions, diagnosis, code.severity)


def _filter(findings: list[Finding], options: Options) -> list[Finding]:
    kept = [
        f
        for f in findings
        if (not options.select or f.code in options.select or f.rule in options.select)
        and f.code not in options.ignore
        and f.rule not in options.ignore
    ]
    if options.strict:
        kept = [replace(f, severity=Severity.error) for f in kept]
    return kept


def validate_paths(paths: Iterable[str | Path], options: Options | None = None) -> Report:
    """Validate every record in every file under `paths` (and, with `"-"`, standard input) and report all
    findings, including the cross-record checks over everything given."""
    run = _Run(options or Options())
    for path in discover(paths, run.options.glob):
        if str(path) == "-":
            run.add_file("<stdin>", load_text("<stdin>", _read_stdin(), jsonl=None))
            continue
        if not path.exists():
            run.add_file(str(path), [LoadProblem(str(path), "not_found", "no such file or directory")])
            continue
        run.add_file(str(path), load_file(path))
    return run.finish()


def validate_records(
    records: Iterable[Mapping[str, Any]], options: Options | None = None, name: str = "<records>"
) -> Report:
    """Validate records already in memory (dicts) as one run, with the cross-record checks."""
    run = _Run(options or Options())
    run.add_file(name, (LoadedRecord(name, i, None, dict(r)) for i, r in enumerate(records)))
    return run.finish()


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def dump_record(record: Record) -> dict[str, Any]:
    """The JSON form of a record, without fields left at their defaults (the inverse of `validate_record`)."""
    dumped: dict[str, Any] = json.loads(record.model_dump_json(exclude_defaults=True))
    # the tag has no default, but keep it first for readers
    return {"record_type": dumped.pop("record_type"), **dumped}
