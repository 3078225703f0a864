"""Reading record files: finds the files under the given paths and yields each record with where it came from.

File formats: `.json` holds one record, an array of records, or the envelope
`{"schema_version": ..., "records": [...]}`; `.jsonl` / `.ndjson` hold one record per line (blank lines are
skipped). Problems with a file (unreadable, not UTF-8, not JSON, duplicate keys) are yielded as `LoadProblem`s
so that one bad file never stops the others. Nothing here validates records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: File name suffixes read as one JSON document.
JSON_SUFFIXES = (".json",)
#: File name suffixes read as one JSON document per line.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Keys of the envelope object.
ENVELOPE_KEYS = frozenset({"schema_version", "records"})


@dataclass(frozen=True, slots=True)
class LoadedRecord:
    """One record as read from a file: its position in the file and its parsed JSON value."""

    file: str
    index: int
    line: int | None
    data: Any


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A file, or a line of it, that could not be read as records."""

    file: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None


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


def parse_json(text: str) -> Any:
    """Parse strict JSON: no duplicate keys, no NaN or Infinity."""
    return json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the record files named by `paths`: files as given, directories searched recursively in sorted
    order for `.json`, `.jsonl` and `.ndjson` files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.suffix in JSON_SUFFIXES + JSONL_SUFFIXES and p.is_file()]
            yield from sorted(found)
        else:
            yield path


def _records_of_document(file: str, document: Any) -> Iterator[LoadedRecord | LoadProblem]:
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield LoadedRecord(file, index, None, item)
    elif isinstance(document, dict) and "records" in document and "record_type" not in document:
        unknown = sorted(set(document) - ENVELOPE_KEYS)
        if unknown:
            yield LoadProblem(
                file,
                "envelope_keys",
                f"unknown key(s) in the envelope object: {', '.join(unknown)} (allowed: records, schema_version)",
            )
        records = document["records"]
        if not isinstance(records, list):
            yield LoadProblem(file, "envelope_records", "'records' in the envelope must be an array of records")
            return
        for index, item in enumerate(records):
            yield LoadedRecord(file, index, None, item)
    else:
        yield LoadedRecord(file, 0, None, document)


def _decode(file: str, raw: bytes) -> str | LoadProblem:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LoadProblem(file, "encoding", f"the file is not UTF-8 (byte {exc.start}: {exc.reason})")


def load_file(path: Path) -> Iterator[LoadedRecord | LoadProblem]:
    """Yield the records of one file, or the problems that kept them from being read."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield LoadProblem(file, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    text = _decode(file, raw)
    if isinstance(text, LoadProblem):
        yield text
        return
    if path.suffix in JSONL_SUFFIXES:
        index = 0
        for line_number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = parse_json(line)
            except (json.JSONDecodeError, ValueError) as exc:
                yield _parse_problem(file, exc, line_offset=line_number - 1)
                continue
            yield LoadedRecord(file, index, line_number, data)
            index += 1
        return
    if not text.strip():
        yield LoadProblem(
            file, "empty", "the file is empty; expected a record, an array of records or an envelope object"
        )
        return
    try:
        document = parse_json(text)
    except (json.JSONDecodeError, ValueError) as exc:
        yield _parse_problem(file, exc)
        return
    yield from _records_of_document(file, document)


def _parse_problem(file: str, exc: ValueError, line_offset: int = 0) -> LoadProblem:
    if isinstance(exc, json.JSONDecodeError):
        return LoadProblem(file, "json_syntax", f"invalid JSON: {exc.msg}", exc.lineno + line_offset, exc.colno)
    if isinstance(exc, DuplicateKeyError):
        return LoadProblem(file, "duplicate_key", str(exc), line_offset + 1 if line_offset else None)
    return LoadProblem(file, "json_syntax", f"invalid JSON: {exc}", line_offset + 1 if line_offset else None)


def load_paths(paths: Iterable[str | Path]) -> Iterator[LoadedRecord | LoadProblem]:
    """Yield every record (or load problem) of every file under `paths`, file by file."""
    for path in discover(paths):
        if not path.exists():
            yield LoadProblem(str(path), "not_found", "no such file or directory")
            continue
        yield from load_file(path)
