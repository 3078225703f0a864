"""Splitting a validated run: `write_split` writes the records that passed to one JSONL file and those that did
not, each with its findings as a compact repair hint, to another (`validate --emit-valid/--emit-invalid`).

A record passed when no error is reported on it: not by its own validation, not by a cross-record check (a
dangling reference, a duplicate id), not by grounding (a quote not in its source); after `--select`, `--ignore`
and `--strict`, as the exit status counts. The inputs are read again, in order, one record at a time; every input
record goes to exactly one of the two files, written as it was given: its own JSON text with the whitespace
between tokens removed (strings, numbers and key order are untouched; a record given in memory is serialised as
parsed). Both files are written whole or not at all (`peace_talks_model.io.atomic_text`).

Lines of the invalid file (JSON objects):

- a record: `{"file", "index", "line", "record": <the record>, "findings": [...]}`;
- a line or array element that is not strict JSON (a syntax error, a duplicate key, not UTF-8):
  `{"file", "index", "line", "raw": "<its text>", "findings": [...]}` (bytes that are not UTF-8 are replaced by
  U+FFFD in `raw`);
- a problem of a whole file that no record carries (a file that cannot be read or parsed, an envelope with
  unknown keys, an array cut short): `{"file", "findings": [...]}`, with `"raw": "<the file's text>"` when the
  file yielded no record at all and is UTF-8 text (a `.json` file with a syntax error).

Each finding is `{"code", "severity", "rule", "pointer", "path", "message", "expected", "got", "suggestion"}`,
without the keys that are empty; `pointer` is the JSON Pointer inside the record (inside the file for a file
problem).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from peace_talks_model.codes import Severity
from peace_talks_model.io import atomic_text
from peace_talks_model.loader import UNPARSED, LoadedRecord, LoadProblem, parse_record
from peace_talks_model.positions import LineIndex, Span, source_map
from peace_talks_model.report import Finding, Report
from peace_talks_model.validation import Input


@dataclass
class SplitCounts:
    """What `write_split` wrote: records that passed, records that did not, texts that are not records, and
    file problems carried by no record."""

    valid: int = 0
    invalid: int = 0
    unparsed: int = 0
    file_problems: int = 0

    def add(self, kind: str) -> None:
        """Count one line of `kind` (see `split_lines`)."""
        name = "file_problems" if kind == FILE_PROBLEM else kind
        setattr(self, name, getattr(self, name) + 1)


_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")|[ \t\n\r]+', re.S)
_SCANNER = json.JSONDecoder(parse_int=len, parse_float=len)


def minify(text: str) -> str:
    """JSON text without the whitespace between its tokens (strings and numbers are kept character for
    character)."""
    return _TOKEN.sub(lambda m: m.group(1) or "", text.strip())


def hint(finding: Finding, prefix: str = "") -> dict[str, Any]:
    """A finding as a compact repair hint (keys without a value left out); `prefix` is the record's pointer in
    its file, removed from the finding's."""
    pointer = finding.pointer
    if pointer is not None and prefix and pointer.startswith(prefix):
        pointer = pointer[len(prefix) :]
    data: dict[str, Any] = {
        "code": finding.code,
        "severity": finding.severity.value,
        "rule": finding.rule,
        "pointer": pointer,
        "path": finding.path,
        "message": finding.message,
        "expected": finding.expected,
        "got": finding.got,
        "suggestion": finding.suggestion,
    }
    if finding.record_index is None and finding.line is not None:
        data["line"] = finding.line
    return {k: v for k, v in data.items() if v not in (None, "")}


class _Documents:
    """The source map and line index of the last whole document records were read from."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.spans: dict[str, Span] = {}
        self.lines = LineIndex("")

    def record_text(self, item: LoadedRecord) -> tuple[str, int]:
        text = item.text
        if self.text is not text:
            self.text, self.spans, self.lines = text, source_map(text), LineIndex(text)
        start = self.spans[item.inner_pointer()].value
        _, end = _SCANNER.raw_decode(text, start)
        return text[start:end], self.lines.locate(start)[0]


def _entry(head: dict[str, Any], key: str, value: str, findings: list[dict[str, Any]]) -> str:
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    separator = ", " if head else ""
    tail = json.dumps(findings, ensure_ascii=False)
    return f'{opening}{separator}"{key}": {value}, "findings": {tail}}}\n'


def _lines(text: str) -> int:
    return text.count("\n")


#: The kinds of lines `split_lines` yields: a record that passed (for the valid file), then for the invalid file a
#: record that did not, a text that is not a record, a file problem no record carries.
VALID, INVALID, UNPARSED_TEXT, FILE_PROBLEM = "valid", "invalid", "unparsed", "file"


def split_lines(inputs: Sequence[Input], report: Report) -> Iterator[tuple[str, str]]:
    """Every input record once, in order, as (kind, line of the valid or the invalid file; see `VALID`...); each
    input's file problems that no record carries follow its records."""
    by_record: dict[tuple[str, int], list[Finding]] = {}
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.record_index is not None:
            by_record.setdefault((finding.file, finding.record_index), []).append(finding)
        else:
            by_file.setdefault(finding.file, []).append(finding)
    documents = _Documents()
    for source in inputs:
        loose = by_file.get(source.name, [])
        yielded = False
        for item in _items(source):
            if isinstance(item, LoadProblem):
                continue  # reported in the report's findings, which `loose` holds
            yielded = True
            data = parse_record(item)
            if isinstance(data, LoadProblem):
                text = item.text or (item.raw or b"").decode("utf-8", errors="replace")
                first = item.line or 1
                last = first + _lines(text)
                mine = [f for f in loose if f.line is not None and first <= f.line <= last]
                loose = [f for f in loose if f not in mine]
                head = {"file": item.file, "index": item.index, "line": item.line}
                yield UNPARSED_TEXT, _entry(head, "raw", json.dumps(text, ensure_ascii=False), [hint(f) for f in mine])
                continue
            line = item.line
            if item.raw is not None:
                text = minify(item.raw.decode("utf-8"))
            elif item.data is UNPARSED:
                text = minify(item.text)
            elif item.text:
                record_text, line = documents.record_text(item)
                text = minify(record_text)
            else:
                text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            findings = by_record.get((item.file, item.index), [])
            if not any(f.severity is Severity.error for f in findings):
                yield VALID, text + "\n"
                continue
            head = {"file": item.file, "index": item.index, "line": line}
            yield INVALID, _entry(head, "record", text, [hint(f, item.pointer) for f in findings])
        errors = [f for f in loose if f.severity is Severity.error]
        if errors:
            head = {"file": source.name}
            raw = None if yielded else _whole_text(source)
            hints = json.dumps([hint(f) for f in errors], ensure_ascii=False)
            if raw is None:
                yield FILE_PROBLEM, f'{json.dumps(head, ensure_ascii=False)[:-1]}, "findings": {hints}}}\n'
            else:
                yield FILE_PROBLEM, _entry(head, "raw", json.dumps(raw, ensure_ascii=False), [hint(f) for f in errors])


def _items(source: Input) -> Iterator[LoadedRecord | LoadProblem]:
    """The items of an input as the loader reads them, so that a line that is not JSON keeps its text. An input
    in the LLM profile is normalised item by item in place (same indexes and lines), so it is read plainly,
    except an extraction result ({document, records}), which is read as the run read it."""
    if source.decoder is None:
        return source.read()
    items = source.read()
    head: list[LoadedRecord | LoadProblem] = []
    for item in items:
        head.append(item)
        if isinstance(item, LoadedRecord):
            if item.pointer == "/document":
                return itertools.chain(head, items)
            break
    return replace(source, decoder=None).read()


def _whole_text(source: Input) -> str | None:
    if source.records is not None or source.unreadable is not None:
        return None
    try:
        data = source.raw if source.raw is not None else Path(source.path or source.name).read_bytes()
    except OSError:
        return None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def write_split(inputs: Sequence[Input], report: Report, valid: Path | None, invalid: Path | None) -> SplitCounts:
    """Write the records of `inputs` that `report` finds no error on to `valid`, and the others, with their
    findings, to `invalid` (either may be None: not written). Both files are JSONL, written whole or not at all.

    Raises:
        OSError: a file cannot be written (neither is then left half-written).
    """
    counts = SplitCounts()
    with ExitStack() as stack:
        valid_out: IO[str] | None = stack.enter_context(atomic_text(valid)) if valid is not None else None
        invalid_out: IO[str] | None = stack.enter_context(atomic_text(invalid)) if invalid is not None else None
        for kind, line in split_lines(inputs, report):
            counts.add(kind)
            out = valid_out if kind == VALID else invalid_out
            if out is not None:
                out.write(line)
    return counts
