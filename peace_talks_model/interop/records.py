"""Reading record files for the exports: every record validated, streamed, in input order.

`read_records(paths)` yields each record of the given files (JSON, JSON arrays, envelopes, JSONL; directories
are searched for them) as its typed model. An export must not hand on records that are not valid, so the first
file that cannot be read or record that is not valid stops the reading with `InvalidRecordsError`, which says
where and why; `peace-talks validate` gives the full report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from peace_talks_model.loader import LoadProblem, discover, load_file, parse_record
from peace_talks_model.models import Record
from peace_talks_model.validation import format_path, record_adapter


class InvalidRecordsError(ValueError):
    """An input that cannot be exported: a file that cannot be read, or a record that is not valid."""


def read_records(paths: Iterable[str | Path]) -> Iterator[Record]:
    """Yield every record of `paths` (files or directories) as its model, in input order.

    Raises:
        InvalidRecordsError: a path does not exist, a file cannot be read as records, or a record is not valid.
    """
    adapter = record_adapter()
    for path in discover(paths):
        if not path.exists():
            raise InvalidRecordsError(f"{path}: no such file or directory")
        for item in load_file(path):
            if isinstance(item, LoadProblem):
                where = f"{item.file}:{item.line}" if item.line else item.file
                raise InvalidRecordsError(f"{where}: {item.message}")
            try:
                record = adapter.validate_python(parse_record(item))
            except (ValidationError, ValueError) as exc:
                where = f"{item.file}:{item.line}" if item.line else f"{item.file}{item.pointer}"
                raise InvalidRecordsError(f"{where}: not a valid record ({_first_error(exc)})") from None
            yield record


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        error = exc.errors()[0]
        return f"{format_path(error['loc'])}: {error['msg']}"
    return str(exc)
