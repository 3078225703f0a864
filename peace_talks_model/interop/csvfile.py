"""What the importers share besides their contract (`interop.contract`): opening a dataset's CSV table (UTF-8 with
or without a byte-order mark, rows streamed, the rows and bytes read so far reported to an optional progress
callback, what a progress bar shows), the error a cell mapper raises (turned into a `RowProblem`), and reading a
cell as stripped text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peace_talks_model.interop.contract import Progress, RowProblem
from peace_talks_model.models.scalars import strip_space

__all__ = ["PROGRESS_EVERY", "Progress", "RowProblem", "UnmappableError", "open_table", "stripped"]


class UnmappableError(ValueError):
    """A cell that cannot be mapped (its column, value and why; the row when the raiser knows it): the importer
    turns it into a `RowProblem`."""

    def __init__(self, column: str, value: str, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.column, self.value, self.message, self.row = column, value, message, row


def stripped(row: Mapping[str, str | None], column: str) -> str | None:
    """A cell's text without surrounding white space (as the models read it: `strip_space`); None when blank."""
    value = strip_space(row.get(column) or "")
    return value or None


#: Rows between two progress calls.
PROGRESS_EVERY = 256


@contextmanager
def open_table(path: Path, progress: Progress | None = None, offset: int = 0) -> Iterator[csv.DictReader[str]]:
    """A `csv.DictReader` over `path` whose iteration reports progress; `offset` is added to the bytes reported
    (for an importer that reads its table twice: the second pass starts at the file's size)."""
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        yield _ProgressReader(text, raw, progress, offset)


if TYPE_CHECKING:
    _DictReader = csv.DictReader[str]
else:  # not subscriptable at run time
    _DictReader = csv.DictReader


class _ProgressReader(_DictReader):
    """A DictReader reporting (rows, bytes read) every PROGRESS_EVERY rows and after the last one."""

    def __init__(self, text: io.TextIOWrapper, raw: io.BufferedReader, progress: Progress | None, offset: int) -> None:
        super().__init__(text)
        self._raw, self._progress, self._offset, self._rows = raw, progress, offset, 0

    def __next__(self) -> dict[str | Any, str | Any]:
        try:
            row = super().__next__()
        except StopIteration:
            if self._progress is not None:
                self._progress(self._rows, self._offset + self._raw.tell())
            raise
        self._rows += 1
        if self._progress is not None and self._rows % PROGRESS_EVERY == 0:
            self._progress(self._rows, self._offset + self._raw.tell())
        return row
