"""Reading record files: finds the files under the given paths and yields each record with where it came from.

File formats: `.json` holds one record, an array of records, or the envelope
`{"schema_version": ..., "records": [...]}`; `.jsonl` / `.ndjson` hold one record per line (blank lines are
skipped). Problems with a file (unreadable, not UTF-8, not JSON, duplicate keys) are yielded as `LoadProblem`s
so that one bad file never stops the others. Nothing here validates records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peace_talks_model.positions import LineIndex, escape_pointer_token, source_map

#: File name suffixes read as one JSON document.
JSON_SUFFIXES = (".json",)
#: File name suffixes read as one JSON document per line.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Keys of the envelope object.
ENVELOPE_KEYS = frozenset({"schema_version", "records"})


@dataclass(frozen=True, slots=True)
class LoadedRecord:
    """One record as read from a file: where it is and its parsed JSON value.

    `text` is the JSON text the record was parsed from (the whole file for `.json`, the line for JSONL; shared,
    not copied), `pointer` the record's JSON Pointer in that text, and `line` the physical line the text starts
    on, so that positions can be computed later, and only for records with findings.
    """

    file: str
    index: int
    line: int | None
    data: Any
    text: str = ""
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A file, or a line of it, that could not be read as records."""

    file: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None


class DuplicateKeyError(ValueError):
    """A JSON object has the same key twice (Python's json would silently keep the last value)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key '{key}' in an object (a value would be silently lost)")
        self.key = key


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"'{name}' is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is beyond the range of a double-precision number")
    return value


def parse_json(text: str) -> Any:
    """Parse strict JSON: no duplicate keys, no NaN or Infinity, no number that overflows a double."""
    return json.loads(
        text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant, parse_float=_finite_float
    )


def discover(paths: Iterable[str | Path], glob: str | None = None) -> Iterator[Path]:
    """Yield the record files named by `paths`: files as given (and `-` for standard input), directories
    searched recursively in sorted order for `.json`, `.jsonl` and `.ndjson` files (matching `glob` if given)."""
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            yield path
        elif path.is_dir():
            found = [p for p in path.rglob(glob or "*") if p.suffix in JSON_SUFFIXES + JSONL_SUFFIXES and p.is_file()]
            yield from sorted(found)
        else:
            yield path


def _records_of_document(file: str, document: Any, text: str) -> Iterator[LoadedRecord | LoadProblem]:
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield LoadedRecord(file, index, 1, item, text, f"/{index}")
    elif isinstance(document, dict) and "records" in document and "record_type" not in document:
        unknown = sorted(set(document) - ENVELOPE_KEYS)
        spans = source_map(text) if unknown or not isinstance(document["records"], list) else {}
        lines = LineIndex(text)
        for key in unknown:
            span = spans[f"/{escape_pointer_token(key)}"]
            line, column = lines.locate(span.key if span.key is not None else span.value)
            yield LoadProblem(
                file,
                "envelope_keys",
                f"unknown key '{key}' in the envelope object (allowed: records, schema_version)",
                line,
                column,
                f"/{escape_pointer_token(key)}",
            )
        records = document["records"]
        if not isinstance(records, list):
            line, column = lines.locate(spans["/records"].value)
            yield LoadProblem(
                file,
                "envelope_records",
                "'records' in the envelope must be an array of records",
                line,
                column,
                "/records",
            )
            return
        for index, item in enumerate(records):
            yield LoadedRecord(file, index, 1, item, text, f"/records/{index}")
    else:
        yield LoadedRecord(file, 0, 1, document, text, "")


def _decode(file: str, raw: bytes) -> str | LoadProblem:
    # a UTF-8 byte-order mark is allowed (RFC 8259 lets parsers ignore it) and is not part of the text
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        return LoadProblem(
            file, "encoding", f"the input is not UTF-8 (byte {exc.start}: {exc.reason}); save it as UTF-8", line, column
        )


def load_file(path: Path) -> Iterator[LoadedRecord | LoadProblem]:
    """Yield the records of one file, or the problems that kept them from being read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield LoadProblem(str(path), "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    yield from load_text(str(path), raw, jsonl=path.suffix in JSONL_SUFFIXES)


def load_text(file: str, raw: bytes, jsonl: bool | None) -> Iterator[LoadedRecord | LoadProblem]:
    """Yield the records of one input's bytes; `jsonl=None` detects the format (for standard input)."""
    text = _decode(file, raw)
    if isinstance(text, LoadProblem):
        yield text
        return
    if jsonl is None:
        jsonl = _looks_like_jsonl(text)
    if jsonl:
        index = 0
        # split on '\n' only: str.splitlines would also split at U+2028 and other characters JSON allows in strings
        for line_number, raw_line in enumerate(text.split("\n"), start=1):
            line = raw_line.removesuffix("\r")
            if not line.strip():
                continue
            try:
                data = parse_json(line)
            except (json.JSONDecodeError, ValueError) as exc:
                yield _parse_problem(file, exc, line, line_offset=line_number - 1)
                continue
            yield LoadedRecord(file, index, line_number, data, line, "")
            index += 1
        return
    if not text.strip():
        yield LoadProblem(
            file, "empty", "the input is empty; expected a record, an array of records or an envelope object"
        )
        return
    try:
        document = parse_json(text)
    except (json.JSONDecodeError, ValueError) as exc:
        yield _parse_problem(file, exc, text)
        return
    yield from _records_of_document(file, document, text)


def _looks_like_jsonl(text: str) -> bool:
    # several non-blank lines that each start a JSON object, and the whole is not one JSON document
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2 or not all(line.lstrip().startswith("{") for line in lines):
        return False
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


def _parse_problem(file: str, exc: ValueError, text: str, line_offset: int = 0) -> LoadProblem:
    lines = LineIndex(text)
    if isinstance(exc, json.JSONDecodeError):
        message = _explain_syntax(exc)
        # a trailing comma is pointed at, not the bracket after it
        at = len(exc.doc[: exc.pos].rstrip()) - 1 if message.startswith("trailing comma") else exc.pos
        line, column = lines.locate(at)
        return LoadProblem(file, "json_syntax", f"invalid JSON: {message}", line + line_offset, column)
    if isinstance(exc, DuplicateKeyError):
        duplicates: list[tuple[str, int]] = []
        source_map(text, duplicates=duplicates)
        if duplicates:
            where, offset = duplicates[0]
            line, column = lines.locate(offset)
            return LoadProblem(file, "duplicate_key", f"{exc} at {where}", line + line_offset, column, where)
        return LoadProblem(file, "duplicate_key", str(exc), line_offset + 1)
    if "beyond the range" in str(exc):
        return LoadProblem(file, "json_syntax", f"invalid number: {exc}", line_offset + 1 if line_offset else None)
    match = _CONSTANT.search(text)
    if match:
        line, column = lines.locate(match.start())
        return LoadProblem(
            file,
            "json_syntax",
            f"invalid JSON: {match.group()} is not a JSON number (use null or leave the field out)",
            line + line_offset,
            column,
        )
    return LoadProblem(file, "json_syntax", f"invalid JSON: {exc}", line_offset + 1)


_CONSTANT = re.compile(r"(?<![\w\"])(?:-?Infinity|NaN)(?![\w\"])")


def _explain_syntax(exc: json.JSONDecodeError) -> str:
    """Python's message, with the common causes said plainly."""
    before = exc.doc[: exc.pos].rstrip()
    after = exc.doc[exc.pos : exc.pos + 1]
    if before.endswith(",") and after in ("}", "]"):
        return f"trailing comma before '{after}' (JSON allows none)"
    if after == "'":
        return "strings and keys need double quotes, not single quotes"
    if exc.doc[exc.pos : exc.pos + 2] in ("//", "/*"):
        return "comments are not allowed in JSON"
    if exc.msg.startswith("Extra data"):
        return "extra data after the JSON value (several records need an array, or a .jsonl file with one per line)"
    if exc.msg.startswith("Unterminated string"):
        return "a string is not closed (a missing '\"')"
    return exc.msg
