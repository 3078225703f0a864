"""Writing imported records and exported tables: whole files or nothing.

`atomic_text(target)` is a context manager giving a text handle on a temporary file beside `target`, renamed over
it only when the block completes (flushed and synced first); on any exception the temporary file is removed and an
old `target` is left as it was. `write_jsonl` and `write_csv` stream through it.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_text(target: Path, newline: str | None = None) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose content replaces `target` only when the block completes without an exception."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_jsonl(target: Path, records: Iterable[dict[str, Any]]) -> int:
    """Stream records into `target` as JSON Lines, whole or not at all. Returns the number of records written;
    writes nothing (and leaves an old `target` as it was) when there are none."""
    iterator = iter(records)
    first = next(iterator, None)
    if first is None:
        return 0
    count = 0
    with atomic_text(target) as out:
        for record in itertools.chain([first], iterator):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(target: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Stream rows (dicts keyed by column; missing keys written empty) into `target` as CSV with a header row,
    whole or not at all (RFC 4180 quoting, '\\r\\n' line ends, UTF-8 without a byte-order mark). Returns the number
    of rows written; a table without rows is still written (its header says what the columns are)."""
    count = 0
    with atomic_text(target, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
