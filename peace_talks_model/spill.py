"""Where a large run keeps the facts of the rules across records (`peace_talks_model.rules.engine.CrossIndex`)
so that its memory does not grow with its records: an anonymous temporary file for the facts read in the run's
order, and a private temporary SQLite database for what is looked up by id (the first record of each id, the
rules' lookups). Both have no name in the file system (removed by the system when closed, at the latest when the
process ends), are made with the default permissions, and are closed when the run ends (`Spill.close`)."""

from __future__ import annotations

import os
import pickle
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

_PICKLE = pickle.HIGHEST_PROTOCOL
#: The database's page cache, KiB (the same whatever the size of the run)
CACHE_KIB = 512


class Spill:
    """The temporary file and database of one run's index."""

    def __init__(self) -> None:
        import sqlite3  # noqa: PLC0415 - only a run that spills needs it

        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - open until the run ends (`close`)
        self.db = sqlite3.connect("", check_same_thread=False)  # "": private, deleted when closed
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.db.execute("CREATE TABLE first (id TEXT PRIMARY KEY, key INTEGER NOT NULL) WITHOUT ROWID")
        weakref.finalize(self, _close, self.file, self.db)  # when dropped unclosed (a partition's, once pickled)
        self.db.execute(
            "CREATE TABLE lookup (rule TEXT, id TEXT, value BLOB NOT NULL, PRIMARY KEY (rule, id)) WITHOUT ROWID"
        )

    # -- facts, in chunks, read back in the order written --

    def write(self, values: list[Any]) -> tuple[int, int]:
        """Append a chunk of values; where it lies (offset, length)."""
        data = pickle.dumps(values, protocol=_PICKLE)
        offset = self.file.seek(0, os.SEEK_END)
        self.file.write(data)
        return offset, len(data)

    def read(self, offset: int, length: int) -> list[Any]:
        """The chunk written at `offset`."""
        self.file.seek(offset)
        values: list[Any] = pickle.loads(self.file.read(length))
        return values

    # -- the first record of each id, and the rules' lookups by id --

    def put_first(self, items: Iterable[tuple[str, int]]) -> None:
        """Store id -> key of the first record with the id (ids not stored before)."""
        self.db.executemany("INSERT INTO first VALUES (?, ?)", sorted(items))  # in the order of the ids: faster

    def first(self, record_id: str) -> int | None:
        """The key stored for this id."""
        row = self.db.execute("SELECT key FROM first WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else int(row[0])

    def firsts(self) -> Iterator[tuple[str, int]]:
        """Every (id, key) stored, in the order of the keys."""
        for record_id, key in self.db.execute("SELECT id, key FROM first ORDER BY key"):
            yield str(record_id), int(key)

    def count_first(self) -> int:
        """How many ids are stored."""
        return int(self.db.execute("SELECT count(*) FROM first").fetchone()[0])

    def put_lookup(self, rule: str, items: Iterable[tuple[str, Any]]) -> None:
        """Store what `rule` looks up of each id (ids not stored before for the rule)."""
        self.db.executemany(
            "INSERT INTO lookup VALUES (?, ?, ?)",
            ((rule, record_id, pickle.dumps(value, protocol=_PICKLE)) for record_id, value in sorted(items, key=_id)),
        )

    def lookup(self, rule: str, record_id: str) -> Any:
        """What `rule` looks up of this id (None: nothing stored)."""
        row = self.db.execute("SELECT value FROM lookup WHERE rule = ? AND id = ?", (rule, record_id)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def lookups(self, rule: str) -> Iterator[tuple[str, Any]]:
        """Every (id, value) stored for `rule`."""
        for record_id, value in self.db.execute("SELECT id, value FROM lookup WHERE rule = ?", (rule,)):
            yield str(record_id), pickle.loads(value)

    def close(self) -> None:
        """Remove the file and the database (nothing can be read after)."""
        _close(self.file, self.db)


def _id(item: tuple[str, Any]) -> str:
    return item[0]


def _close(file: Any, db: Any) -> None:
    """Remove a spill's file and database (nothing can be read after)."""
    file.close()
    db.close()


class Known(Mapping[str, int]):
    """id -> key of the first record with it, of the ids in memory (`recent`) and those in a `Spill`."""

    def __init__(self, recent: Mapping[str, int], spill: Spill) -> None:
        self.recent = recent
        self.spill = spill

    def __getitem__(self, record_id: str) -> int:
        key = self.recent.get(record_id)
        if key is None:
            key = self.spill.first(record_id)
            if key is None:
                raise KeyError(record_id)
        return key

    def __iter__(self) -> Iterator[str]:
        for record_id, _ in self.spill.firsts():
            yield record_id
        yield from self.recent

    def __len__(self) -> int:
        return self.spill.count_first() + len(self.recent)
