"""The directory store of `peace-talks serve`: the record files under one directory are the only truth.

`Store(root)` finds the record files under `root` as `peace-talks validate` does, reads their records with where
each one is (file, index, JSON Pointer, line), and gives each file an ETag (a digest of its bytes). It writes a
record back into its file in place (`save_record`), or adds one (`add_record`), so that:

- every path is checked to lie inside `root`, with links resolved (`UnsafePathError` otherwise);
- a write is atomic and keeps the file's mode (`peace_talks_model.io.write_bytes`);
- the rest of the file is kept byte for byte: only the record's own text is replaced (a JSONL line, or the
  record's span in a JSON document, indented as it was), and within the record every value that did not change
  keeps the text it had: key order, short forms (`"2019-12-07"` for a date), fields left out;
- a save names the ETag of the file it was made from: when the file changed since, the save goes through only if
  the record itself is unchanged in the file (a change elsewhere in the file is kept, "merged"); otherwise it is
  refused with `ConflictError`, which holds the record as it now is on disk, to show and merge;
- one lock per file serialises writes made by one server.

Drafts (records that do not validate yet) are kept beside the files in `root/.peace-talks/drafts/` as
`<n>.draft` files, which no record search reads (`validate DIR` never sees them).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from peace_talks_model.errors import InputError
from peace_talks_model.io import write_bytes
from peace_talks_model.loader import JSONL_SUFFIXES, LoadProblem, discover, load_file, parse_record
from peace_talks_model.positions import locate_path

#: The folder (inside the served directory) that holds drafts; its files are not record files.
STATE_DIR = ".peace-talks"
DRAFT_SUFFIX = ".draft"
_BOM = "\ufeff"


class UnsafePathError(InputError, ValueError):
    """A path that would lead outside the served directory (absolute, `..`, or a link pointing out of it)."""


class StoreError(InputError, ValueError):
    """A write the store cannot do (a file that is not records, a record that is not there any more)."""


class HistoryError(InputError, OSError):
    """A save was written but could not be committed to the directory's git repository (the message says why)."""


class ConflictError(InputError, ValueError):
    """The record changed on disk since the form was made from it: `current` is the record as it now is (None
    when it is gone), `etag` the file's ETag now."""

    def __init__(self, message: str, current: dict[str, Any] | None, etag: str) -> None:
        super().__init__(message)
        self.current = current
        self.etag = etag


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """One record of the store: its file (relative to the root, with `/`), its index in the file, its JSON Pointer
    there, its line, its JSON as written, and the digest of that JSON (to tell whether it changed)."""

    file: str
    index: int
    pointer: str
    line: int | None
    data: Any

    @property
    def id(self) -> str | None:
        """The record's id, when it has a string one."""
        value = self.data.get("id") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def record_type(self) -> str | None:
        """The record's type, when it has a string one."""
        value = self.data.get("record_type") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def digest(self) -> str:
        """A digest of the record's JSON (key order and values), the same for the same JSON."""
        return record_digest(self.data)


def record_digest(data: Any) -> str:
    """A digest of a record's JSON value."""
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=False).encode("utf-8")).hexdigest()[:16]


def etag_of(raw: bytes) -> str:
    """The ETag of a file's bytes."""
    return hashlib.sha256(raw).hexdigest()[:20]


@dataclass(slots=True)
class FileRecords:
    """The records of one file as read now, what could not be read in it, and its ETag."""

    file: str
    etag: str
    records: list[StoredRecord] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


class Store:
    """The record files under `root` (see the module)."""

    def __init__(self, root: Path, read_only: bool = False, history: bool = False) -> None:
        self.root = root.resolve()
        self.read_only = read_only
        self.history = history
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._git_lock = threading.Lock()
        #: the records of each file as last parsed, by file (reused while the file's bytes stay the same)
        self._parsed: dict[str, FileRecords] = {}
        if history:
            self._git("rev-parse", "--show-toplevel")  # raises HistoryError when the root is in no repository

    def _git(self, *args: str) -> str:
        try:
            done = subprocess.run(
                ["git", "-C", str(self.root), *args],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise HistoryError(f"git could not be run: {exc}") from None
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise HistoryError(f"git {args[0]}: {lines[-1] if lines else f'exit status {done.returncode}'}")
        return done.stdout

    def commit(self, relative: str, message: str) -> str | None:
        """With `history`, commit the file alone (other changes of the repository are left as they are) and
        return the commit's id; None without `history`.

        Raises:
            HistoryError: git failed (the file stays written).
        """
        if not self.history:
            return None
        with self._git_lock:
            self._git("add", "--", relative)
            self._git("commit", "--quiet", "--only", "-m", message, "--", relative)
            return self._git("rev-parse", "--short", "HEAD").strip()

    # -- paths ----------------------------------------------------------------------------------------------------

    def path(self, relative: str) -> Path:
        """The file `relative` names inside the root.

        Raises:
            UnsafePathError: `relative` is absolute, climbs out with `..`, or leads out of the root through a link.
        """
        if not relative or "\x00" in relative or "\\" in relative:
            raise UnsafePathError(f"{relative!r}: not a path inside the served directory")
        pure = PurePosixPath(relative)
        if pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or pure.parts[0] == STATE_DIR:
            raise UnsafePathError(f"{relative}: not a path inside the served directory")
        candidate = self.root.joinpath(*pure.parts)
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.root):
            raise UnsafePathError(f"{relative}: leads out of the served directory (a link)")
        return candidate

    def relative(self, path: Path) -> str:
        """`path` (inside the root) as the store names it: relative, with `/`."""
        return path.relative_to(self.root).as_posix()

    def files(self) -> list[str]:
        """The record files under the root, as `peace-talks validate DIR` finds them, without those that lead out
        of the root through a link."""
        found = []
        for path in discover([self.root]):
            absolute = self.root / path.relative_to(self.root)
            if absolute.resolve().is_relative_to(self.root):
                found.append(self.relative(absolute))
        return found

    def _lock(self, relative: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(relative, threading.Lock())

    # -- reading --------------------------------------------------------------------------------------------------

    def read_file(self, relative: str) -> FileRecords:
        """The records of one file (parsed), its problems, and its ETag (of the bytes the records were read from).

        Raises:
            UnsafePathError: see `path`.
            FileNotFoundError: no such file.
        """
        path = self.path(relative)
        raw = path.read_bytes()
        etag = etag_of(raw)
        cached = self._parsed.get(relative)
        if cached is not None and cached.etag == etag:
            return cached  # the same bytes: the records parsed before (callers never change them)
        result = FileRecords(relative, etag)
        for item in load_file_bytes(path, raw):
            if isinstance(item, LoadProblem):
                result.problems.append(item)
                continue
            data = parse_record(item)
            if isinstance(data, LoadProblem):
                result.problems.append(data)
                continue
            result.records.append(StoredRecord(relative, item.index, item.pointer, item.line, data))
        self._parsed[relative] = result
        return result

    def records(self) -> Iterator[StoredRecord]:
        """Every record of every file, in file order."""
        for relative in self.files():
            try:
                yield from self.read_file(relative).records
            except OSError:
                continue

    def find(self, relative: str, record_id: str | None, index: int) -> tuple[FileRecords, StoredRecord | None]:
        """The file's records and the record with `record_id` in it (the one at `index` when several have that
        id, or when `record_id` is None), or None."""
        read = self.read_file(relative)
        same = [r for r in read.records if record_id is not None and r.id == record_id]
        if len(same) == 1:
            return read, same[0]
        at = [r for r in read.records if r.index == index and (record_id is None or r.id == record_id)]
        return read, at[0] if at else None

    # -- writing --------------------------------------------------------------------------------------------------

    def save_record(
        self, relative: str, record_id: str | None, index: int, new: Mapping[str, Any], *, etag: str, digest: str
    ) -> tuple[str, bool]:
        """Write `new` in place of the record (`record_id`, else `index`) of the file, given the file's ETag and
        the record's digest the edit started from. Returns the file's new ETag and whether changes made
        elsewhere in the file since were kept (merged).

        Raises:
            ConflictError: the record itself changed (or went) since.
            StoreError: the store is read-only, or the file cannot be written as records.
            UnsafePathError: see `path`.
        """
        self._writable()
        with self._lock(relative):
            read, record = self.find(relative, record_id, index)
            if record is None:
                raise ConflictError(f"{relative}: the record is no longer in the file", None, read.etag)
            merged = read.etag != etag
            if merged and record.digest != digest:
                raise ConflictError(f"{relative}: the record was changed since you opened it", record.data, read.etag)
            path = self.path(relative)
            raw = path.read_bytes()
            kept = keep_written(record.data, dict(new))
            write_bytes(path, replace_record(raw, path.suffix in JSONL_SUFFIXES, record, kept))
            return etag_of(path.read_bytes()), merged

    def add_record(self, relative: str, new: Mapping[str, Any], etag: str | None) -> tuple[int, str]:
        """Add a record at the end of a file (a JSONL file, a JSON array or envelope), or write a new file holding
        it (`etag` None: the file must not exist yet). Returns the record's index and the file's new ETag.

        Raises:
            ConflictError: the file changed since `etag` (or exists when it should not); its records are kept.
            StoreError: read-only store, or a file that holds one record (not a list to add to).
        """
        self._writable()
        path = self.path(relative)
        if path.suffix not in (".json", *JSONL_SUFFIXES):
            raise StoreError(f"{relative}: a record file is named .json, .jsonl or .ndjson")
        with self._lock(relative):
            if not path.exists():
                if etag is not None:
                    raise ConflictError(f"{relative}: the file is gone", None, "")
                raw = new_file_bytes(path, new)
                path.parent.mkdir(parents=True, exist_ok=True)
                write_bytes(path, raw)
                return 0, etag_of(raw)
            read = self.read_file(relative)
            if etag is not None and read.etag != etag:
                pass  # adding at the end never overwrites: a file changed meanwhile keeps its changes
            raw = path.read_bytes()
            index = len(read.records)
            write_bytes(path, append_record(raw, path.suffix in JSONL_SUFFIXES, dict(new)))
            return index, etag_of(path.read_bytes())

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is read-only (--read-only)")

    # -- drafts ---------------------------------------------------------------------------------------------------

    @property
    def drafts_dir(self) -> Path:
        return self.root / STATE_DIR / "drafts"

    def save_draft(self, draft: Mapping[str, Any], number: int | None = None) -> int:
        """Keep a draft (a record that does not validate yet, with where it is meant to go); returns its number."""
        self._writable()
        folder = self.drafts_dir
        with self._guard:
            folder.mkdir(parents=True, exist_ok=True)
            if number is None:
                taken = [int(p.stem) for p in folder.glob(f"*{DRAFT_SUFFIX}") if p.stem.isdigit()]
                number = max(taken, default=0) + 1
            write_bytes(
                folder / f"{number}{DRAFT_SUFFIX}", (json.dumps(draft, ensure_ascii=False, indent=2) + "\n").encode()
            )
        return number

    def drafts(self) -> dict[int, dict[str, Any]]:
        """The drafts kept, by number."""
        found: dict[int, dict[str, Any]] = {}
        if not self.drafts_dir.is_dir():
            return found
        for path in sorted(self.drafts_dir.glob(f"*{DRAFT_SUFFIX}")):
            if path.stem.isdigit() and not path.is_symlink():
                try:
                    found[int(path.stem)] = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
        return found

    def drop_draft(self, number: int) -> None:
        """Delete a draft (once saved as a record, or discarded)."""
        self._writable()
        (self.drafts_dir / f"{int(number)}{DRAFT_SUFFIX}").unlink(missing_ok=True)


def new_file_bytes(path: Path, record: Mapping[str, Any]) -> bytes:
    """A new record file holding one record: a line of JSONL, or a JSON array (so that more can be added)."""
    if path.suffix in JSONL_SUFFIXES:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    return ("[\n  " + _dumps(record, 2, 2) + "\n]\n").encode("utf-8")


def load_file_bytes(path: Path, raw: bytes) -> Iterator[Any]:
    """The records of a file read from `raw` (the bytes its ETag is of), as `load_file` reads the file."""
    from peace_talks_model.loader import load_text  # noqa: PLC0415

    jsonl = path.suffix in JSONL_SUFFIXES
    if len(raw) > 64 << 20:  # very large files are streamed from disk as validate reads them
        yield from load_file(path)
        return
    yield from load_text(str(path), raw, jsonl)


# -- keeping what did not change -----------------------------------------------------------------------------------


def keep_unchanged(old: Any, new: Any) -> Any:
    """`new`, with every value equal to the old one kept as it was written and in the old key order: keys of `old`
    first (those still in `new`), then the new keys in `new`'s order; lists item by item."""
    if isinstance(old, dict) and isinstance(new, dict):
        merged = {k: keep_unchanged(old[k], new[k]) for k in old if k in new}
        merged.update({k: v for k, v in new.items() if k not in old})
        return merged
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [keep_unchanged(a, b) for a, b in zip(old, new, strict=True)]
    return new


def _dump(data: Any) -> Any:
    """The record's JSON as the model gives it (rich forms, defaults filled in), or None when it does not
    validate."""
    from peace_talks_model.models import MODEL_BY_TYPE  # noqa: PLC0415
    from peace_talks_model.models.record_base import DATA  # noqa: PLC0415

    kind = data.get("record_type") if isinstance(data, dict) else None
    model = MODEL_BY_TYPE.get(kind) if isinstance(kind, str) else None
    if model is None:
        return None
    try:
        return model.model_validate(data, context=DATA).model_dump(mode="json")
    except ValueError:
        return None


def keep_written(old: Any, new: Any) -> Any:
    """`new` as it will be written over `old`: every value that means the same as before (equal once validated:
    a date given as `"2019-12-07"` or as `{"edtf": "2019-12-07"}`, a default written out or left out) keeps the
    text it had, in the old key order; what changed is written as `new` gives it. Without a model that accepts
    both, values are compared as written (`keep_unchanged`)."""
    old_dump, new_dump = _dump(old), _dump(new)
    if old_dump is None or new_dump is None:
        return keep_unchanged(old, new)
    return _merge(old, new, old_dump, new_dump)


def _merge(old: Any, new: Any, old_dump: Any, new_dump: Any) -> Any:
    if old_dump == new_dump:
        return old
    if isinstance(old, dict) and isinstance(new, dict) and isinstance(old_dump, dict) and isinstance(new_dump, dict):
        merged: dict[str, Any] = {}
        for key, value in old.items():
            if key in new:
                merged[key] = _merge(value, new[key], old_dump.get(key), new_dump.get(key))
            elif key in new_dump and new_dump[key] == old_dump.get(key):
                merged[key] = value  # left out of the new text, but meaning the same (a default)
        for key, value in new.items():
            if key not in old and not (key in old_dump and old_dump[key] == new_dump.get(key)):
                merged[key] = value
        return merged
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and isinstance(old_dump, list)
        and isinstance(new_dump, list)
        and len(old) == len(new) == len(old_dump) == len(new_dump)
    ):
        return [_merge(*parts) for parts in zip(old, new, old_dump, new_dump, strict=True)]
    return new


# -- splicing a record into its file ---------------------------------------------------------------------------------


def _parts(pointer: str) -> tuple[int | str, ...]:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []
    return tuple(int(t) if t.isdigit() else t for t in tokens)


def _indent_unit(text: str) -> int:
    """The indentation step of a JSON document (2 when it cannot be told)."""
    widths = sorted({len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.startswith(" ")})
    return widths[0] if widths else 2


def _dumps(value: Any, indent: int | None, base: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.replace("\n", "\n" + " " * base) if base else text


def replace_record(raw: bytes, jsonl: bool, record: StoredRecord, new: Any) -> bytes:
    """The file's bytes with the record's text replaced by `new` (see the module)."""
    text = raw.decode("utf-8")
    bom = _BOM if text.startswith(_BOM) else ""
    text = text.removeprefix(bom)
    if jsonl:
        lines = text.split("\n")
        number = (record.line or 1) - 1
        ending = "\r" if lines[number].endswith("\r") else ""
        lines[number] = json.dumps(new, ensure_ascii=False) + ending
        return (bom + "\n".join(lines)).encode("utf-8")
    span, found = locate_path(text, _parts(record.pointer))
    if found != len(_parts(record.pointer)):
        raise StoreError(f"{record.file}: the record at {record.pointer or '/'} is not where it was read")
    start = span.value
    _, end = json.JSONDecoder().raw_decode(text, start)
    line_start = text.rfind("\n", 0, start) + 1
    base = len(text[line_start:start]) - len(text[line_start:start].lstrip(" "))
    inline = "\n" not in text[start:end]
    body = json.dumps(new, ensure_ascii=False) if inline else _dumps(new, _indent_unit(text), base)
    return (bom + text[:start] + body + text[end:]).encode("utf-8")


def append_record(raw: bytes, jsonl: bool, new: Any) -> bytes:
    """The file's bytes with `new` added after its last record."""
    text = raw.decode("utf-8")
    if jsonl:
        ending = "\r\n" if "\r\n" in text else "\n"
        if text and not text.endswith("\n"):
            text += ending
        return (text + json.dumps(new, ensure_ascii=False) + ending).encode("utf-8")
    bom = _BOM if text.startswith(_BOM) else ""
    body = text.removeprefix(bom)
    document = json.loads(body)
    parts: tuple[int | str, ...] = ("records",) if isinstance(document, dict) and "records" in document else ()
    holder = document["records"] if parts else document
    if not isinstance(holder, list):
        raise StoreError("the file holds one record, not a list to add to: add the record to a new file")
    span, _ = locate_path(body, parts)
    _, end = json.JSONDecoder().raw_decode(body, span.value)
    close = end - 1  # the closing bracket
    unit = _indent_unit(body)
    line_start = body.rfind("\n", 0, span.value) + 1
    outer = len(body[line_start : span.value]) - len(body[line_start : span.value].lstrip(" "))
    inner = outer + unit
    item = " " * inner + _dumps(new, unit, inner)
    before = body[:close].rstrip()
    separator = "," if holder else ""
    return (bom + before + separator + "\n" + item + "\n" + " " * outer + body[close:]).encode("utf-8")


def file_mode(path: Path) -> int:
    """The permission bits of a file."""
    return os.stat(path).st_mode & 0o7777
