"""Reading record files forgivingly and writing files safely: what every command that reads records or writes a
file goes through.

Writing: `atomic_text(target)` gives a text handle on a temporary file beside `target`, flushed, synced and renamed
over `target` only when the block completes; on any exception the temporary file is removed and an old `target` is
left as it was. The file written gets the permissions a plain `open(target, "w")` would give it: `0o666` less the
umask for a new file, the old file's mode (and, as far as the user may set them, its owner and group) when one
is replaced (never the 0600 of `tempfile.mkstemp`).
`write_bytes`, `write_text`, `write_jsonl` and `write_csv` are built on it. A failure of the writing itself raises
`WriteError` (an `OSError` and an `InputError`: exit status 3).

Reading: `read_records(paths)` reads every record file under `paths` as `validate` does (without the checks
across records) and returns a `ReadResult`: every problem found, as `validate` reports it (a `Finding`: file,
line, column, code, message), and the valid records, which can be iterated more than once without holding them
in memory. It does not stop at the first bad record; `ReadResult.check()` raises `InvalidRecordsError` (exit
status 1) naming the first problem and carrying all of them.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import secrets
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from peace_talks_model.errors import InputError, InvalidRecords

if TYPE_CHECKING:
    from peace_talks_model.models import Record
    from peace_talks_model.report import Finding
    from peace_talks_model.validation import Input

# -- writing ----------------------------------------------------------------------------------------------------

#: The mode a new file is created with before the umask applies, as `open(path, "w")` does.
NEW_FILE_MODE = 0o666


class WriteError(InputError, OSError):
    """A file that could not be written (the old file, if any, is left as it was): exit status 3."""


def _raise_write_error(exc: OSError) -> NoReturn:
    if isinstance(exc, WriteError):
        raise exc
    if exc.errno is not None and exc.strerror is not None:
        raise WriteError(exc.errno, exc.strerror, exc.filename) from exc
    raise WriteError(str(exc)) from exc


def _create_beside(target: Path) -> tuple[int, Path]:
    """Create an empty temporary file in `target`'s folder with the mode `target` has (or a new file would get);
    return its descriptor and path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        old: os.stat_result | None = target.stat()
    except FileNotFoundError:
        old = None
    mode = stat.S_IMODE(old.st_mode) if old is not None else None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temporary, flags, NEW_FILE_MODE)  # the umask applies, as for open(path, "w")
        except FileExistsError:  # pragma: no cover - a collision of 32 random bits
            continue
        break
    if old is not None and mode is not None and hasattr(os, "fchmod"):  # replacing a file: keep its mode
        try:
            _keep_owner(handle, old)
            os.fchmod(handle, mode)  # after the owner: a change of owner may clear the set-id bits
        except BaseException:
            os.close(handle)
            temporary.unlink(missing_ok=True)
            raise
    return handle, temporary


def _keep_owner(handle: int, old: os.stat_result) -> None:
    """Give the new file the owner and group of the file it replaces, as far as the user may (the superuser: both;
    another user: a group they belong to); what cannot be kept is left as created."""
    if not hasattr(os, "fchown"):  # pragma: no cover - Windows
        return
    new = os.fstat(handle)
    for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        if (uid in (-1, new.st_uid)) and gid == new.st_gid:
            return
        try:
            os.fchown(handle, uid, gid)
        except OSError:  # not permitted, or not supported by the file system
            continue
        return


def _finish(out: IO[Any], temporary: Path, target: Path) -> None:
    out.flush()
    os.fsync(out.fileno())
    out.close()
    os.replace(temporary, target)


@contextmanager
def atomic_text(target: Path, newline: str | None = None) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose content replaces `target` only when the block completes without an exception.

    Raises:
        WriteError: the temporary file cannot be created, synced or renamed over `target`.
    """
    try:
        handle, temporary = _create_beside(target)
    except OSError as exc:
        _raise_write_error(exc)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as out:
            yield out
            try:
                _finish(out, temporary, target)
            except OSError as exc:
                _raise_write_error(exc)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes) -> None:
    """Replace `target` with `data`, whole or not at all (see `atomic_text`).

    Raises:
        WriteError: `target` cannot be written; an old `target` is left as it was, and no temporary file behind.
    """
    try:
        handle, temporary = _create_beside(target)
    except OSError as exc:
        _raise_write_error(exc)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            _finish(out, temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        _raise_write_error(exc)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str) -> None:
    """Replace `target` with `text` (UTF-8, line ends as given), whole or not at all (see `write_bytes`)."""
    write_bytes(target, text.encode("utf-8"))


def write_jsonl(target: Path, records: Iterable[Mapping[str, Any]]) -> int:
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


# -- reading ----------------------------------------------------------------------------------------------------


class InvalidRecordsError(InvalidRecords, ValueError):
    """Inputs that cannot be used because some file is not records or some record is not valid: the message names
    the first problem, `problems` holds every one (as `validate` reports them), `details` their text lines."""

    def __init__(self, message: str, problems: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
        if self.problems:
            from peace_talks_model.report import text_line  # noqa: PLC0415 - the reporters load only when needed

            self.details = tuple(text_line(p) for p in self.problems)

    @classmethod
    def of(cls, problems: Sequence[Finding]) -> InvalidRecordsError:
        """The error for `problems` (at least one), named by the first: `file:line: not a valid record (...)`."""
        first = problems[0]
        if first.record_index is None:  # the file (or a line of it) is not records
            where = f"{first.file}:{first.line}" if first.line else first.file
            message = f"{where}: {first.message}"
        else:
            where = f"{first.file}:{first.line}" if first.line else f"{first.file}{first.pointer or ''}"
            what = f"{first.path}: {first.message}" if first.path else first.message
            message = f"{where}: not a valid record ({what})"
        if len(problems) > 1:
            message += f"; {len(problems)} problems in all"
        return cls(message, problems)


class ValidRecords:
    """The valid records of some inputs, read again (and validated again) each time they are iterated, in input
    order; a record some problem is about is never yielded."""

    def __init__(self, inputs: Sequence[Input]) -> None:
        self._inputs = tuple(inputs)

    def __iter__(self) -> Iterator[Record]:
        from pydantic import ValidationError  # noqa: PLC0415

        from peace_talks_model.loader import LoadProblem, parse_record  # noqa: PLC0415
        from peace_talks_model.models.record_base import DATA  # noqa: PLC0415
        from peace_talks_model.validation import record_adapter  # noqa: PLC0415

        adapter = record_adapter()
        for source in self._inputs:
            for item in source.read():
                if isinstance(item, LoadProblem):
                    continue
                data = parse_record(item)
                if isinstance(data, LoadProblem) or not isinstance(data, dict):
                    continue
                try:
                    yield adapter.validate_python(data, context=DATA)
                except (ValidationError, ValueError):
                    continue


@dataclass(frozen=True)
class ReadResult:
    """What reading some record files found: every problem (as `validate` reports it) and the valid records;
    `ok` exactly when there is no problem."""

    problems: list[Finding]
    records: ValidRecords

    @property
    def ok(self) -> bool:
        """True when every input was read and every record is valid."""
        return not self.problems

    def check(self) -> ReadResult:
        """This result, when there is no problem.

        Raises:
            InvalidRecordsError: naming the first problem, and carrying every one.
        """
        if self.problems:
            raise InvalidRecordsError.of(self.problems)
        return self


def read_records(paths: Iterable[str | Path]) -> ReadResult:
    """Read every record of `paths` (files, directories searched as `validate` does, '-' for standard input,
    which is kept in memory so that the records can be read again), validating each one; the checks across
    records are not run. Never stops at a bad file or record: every problem is in the result."""
    from peace_talks_model.codes import Severity  # noqa: PLC0415
    from peace_talks_model.validation import Options, validate_run  # noqa: PLC0415

    report, inputs = validate_run(paths, Options(cross_checks=False))
    problems = [f for f in report.findings if f.severity is Severity.error]
    return ReadResult(problems, ValidRecords(inputs))
