"""Reading record files: finds the files under the given paths and yields each record with where it came from.

File formats: `.json` holds one record, an array of records, or the envelope
`{"schema_version": ..., "records": [...]}`; `.jsonl` / `.ndjson` hold one record per line (blank lines are
skipped). Problems with a file (unreadable, not UTF-8, not JSON, duplicate keys) are yielded as `LoadProblem`s
so that one bad file never stops the others. Nothing here validates records.

JSONL files and top-level arrays are streamed: each record is yielded with its own text, unparsed, and parsed by
`parse_record` where it is validated (jiter, with duplicate keys and NaN rejected; the standard library's parser
gives the exact message when that fails). Memory does not grow with the file.

Reading is bounded: one JSON document read whole, one JSONL line, one element of a streamed array, and standard
input or a pipe (kept in memory) may have at most `max_size` bytes (`MAX_DOCUMENT_SIZE` unless raised); no more
than that and one block is read into memory before the input is reported as too large. A directory is searched
without following links to directories; what is found there and cannot be read (a directory without permission,
a dangling or looping link, a named pipe, socket or device) is reported by name (`Search.skipped`), never read.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import jiter

from peace_talks_model.positions import LineIndex, escape_pointer_token, source_map

#: File name suffixes read as one JSON document.
JSON_SUFFIXES = (".json",)
#: File name suffixes read as one JSON document per line.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Keys of the envelope object.
ENVELOPE_KEYS = frozenset({"schema_version", "records"})
#: The `generator` of the data dictionary (`tables.json`) that `peace-talks export table` writes beside its tables.
TABLE_EXPORT_GENERATOR = "peace-talks export table"
_TABLE_EXPORT_HEAD = re.compile(rb'\A\s*\{\s*"generator"\s*:\s*"' + re.escape(TABLE_EXPORT_GENERATOR.encode()) + rb'"')
#: The most bytes one JSON document read whole, one JSONL line or one element of an array may have, and standard
#: input or a pipe as a whole (`--max-document-size`): a record is a few kilobytes, the largest seen a few
#: megabytes, so this is far above any real input and keeps a run of such an input within about 1 GiB of memory.
MAX_DOCUMENT_SIZE = 256 << 20


class _Unparsed:
    """The `data` of a record whose text has not been parsed yet (see `parse_record`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNPARSED"

    def __reduce__(self) -> str:
        return "UNPARSED"


#: `LoadedRecord.data` of a record read but not yet parsed: JSONL lines and the elements of streamed arrays are
#: parsed where they are validated (in a worker process, with `--jobs`), not where they are read.
UNPARSED: Any = _Unparsed()


@dataclass(frozen=True, slots=True)
class LoadedRecord:
    """One record as read from a file: where it is, and its parsed JSON value or the text to parse.

    `text` is the JSON text positions are computed in: the record's own text (a JSONL line, an element of a
    streamed array; `raw` holds it as bytes when it was read as bytes) or, for a record inside a whole document,
    the document (shared, not copied). `pointer` is the record's JSON Pointer in its file, `text_pointer` its
    pointer inside `text` (None: the same as `pointer`), and `line`/`column` where `text` starts in the file, so
    that positions can be computed later, and only for records with findings. `data` is `UNPARSED` until
    `parse_record` has parsed the text.
    """

    file: str
    index: int
    line: int | None
    data: Any
    text: str = ""
    pointer: str = ""
    raw: bytes | None = None
    text_pointer: str | None = None
    column: int = 1
    #: where `raw` starts in its input, in bytes (a JSONL line: the run reads the line again there, not the whole
    #: input); None when the record was not read from its own span of the input's bytes
    offset: int | None = None

    def source(self) -> str:
        """The JSON text positions are computed in (decoded from `raw` on demand)."""
        if self.text or self.raw is None:
            return self.text
        try:
            return self.raw.decode("utf-8")
        except UnicodeDecodeError:
            return self.raw.decode("utf-8", errors="replace")

    def inner_pointer(self) -> str:
        """The record's JSON Pointer inside `source()`."""
        return self.pointer if self.text_pointer is None else self.text_pointer


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


class NumberError(ValueError):
    """A number that cannot be read: beyond a double's range, or an integer of more digits than are read."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text


#: The most digits an integer may have (Python's own limit for converting text to int; no field takes more than a
#: few).
MAX_DIGITS = 4300


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise NumberError(text, f"the number {text[:40]} is beyond the range of a double-precision number")
    return value


def _bounded_int(text: str) -> int:
    digits = len(text) - text.startswith("-")
    if digits > MAX_DIGITS:
        raise NumberError(
            text,
            f"an integer of {digits} digits ({text[:12]}...); integers of more than {MAX_DIGITS} digits are not "
            "read (no field takes one)",
        )
    return int(text)


class NestingError(ValueError):
    """The JSON nests deeper than the parser's recursion allows (about a thousand levels; records nest a few)."""

    def __init__(self, depth: int = 0, offset: int = 0) -> None:
        levels = f": {depth} levels" if depth else ""
        super().__init__(f"the JSON nests too deeply to be read{levels} (records nest a few levels, not hundreds)")
        self.depth = depth
        self.offset = offset


#: Strings and brackets of JSON text (a string is skipped whole: brackets in it are text).
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def deepest(text: str, start: int = 0) -> tuple[int, int]:
    """How deep the JSON text from `start` nests (until the value there ends, when `start` is not 0), and the
    offset of the first bracket that opens the deepest level."""
    depth = best = 0
    at = start
    for match in _STRUCTURE.finditer(text, start):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > best:
                best, at = depth, match.start()
        elif char in "]}":
            depth -= 1
            if depth <= 0 and start:
                break
    return best, at


class LoneSurrogateError(ValueError):
    """A string holds half of a UTF-16 surrogate pair ('\\ud800' alone): not a character, not storable as UTF-8."""

    def __init__(self, offset: int) -> None:
        super().__init__(
            "a string holds a lone surrogate escape (half of a UTF-16 pair, such as \\ud800), which is not a "
            "character; remove it or write the whole pair"
        )
        self.offset = offset


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def parse_json(text: str) -> Any:
    """Parse strict JSON: no duplicate keys, no NaN or Infinity, no number that overflows a double, no lone
    surrogate, no nesting beyond the parser's recursion limit (each raises a `ValueError`)."""
    try:
        value = json.loads(
            text,
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except RecursionError:
        raise NestingError(*deepest(text)) from None
    match = _SURROGATE_ESCAPE.search(text)
    if match is not None:
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise LoneSurrogateError(match.start()) from None
    return value


def is_table_export_dictionary(path: Path) -> bool:
    """Whether `path` is the `tables.json` of a `peace-talks export table` directory (its data dictionary, not
    records): named so, and starting with the exporter's `generator` key."""
    if path.name != "tables.json":
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return _TABLE_EXPORT_HEAD.match(head) is not None


class Search(Iterator[Path]):
    """The record files `discover` finds, in order; `skipped` holds, once the search is done, what was found under
    a directory and cannot be read as a record file (a directory without permission, a dangling or looping link,
    a named pipe, socket or device), as `LoadProblem`s naming each."""

    def __init__(self, paths: Iterable[str | Path], glob: str | None) -> None:
        self.skipped: list[LoadProblem] = []
        self._found = self._search(paths, glob)

    def __next__(self) -> Path:
        return next(self._found)

    def _search(self, paths: Iterable[str | Path], glob: str | None) -> Iterator[Path]:
        for raw in paths:
            path = Path(raw)
            if str(raw) == "-":
                yield path
                continue
            try:
                is_dir = stat.S_ISDIR(os.stat(path).st_mode)
            except (OSError, ValueError):  # reading it reports why it cannot be
                is_dir = False
            if is_dir:
                yield from self._directory(path, glob or "*")
            else:
                yield path

    def _directory(self, root: Path, pattern: str) -> Iterator[Path]:
        found: list[Path] = []
        folders = [root]
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = list(listing)
            except OSError as exc:
                self.skipped.append(
                    LoadProblem(str(folder), "unreadable", f"cannot read the directory: {describe_os_error(exc)}")
                )
                continue
            for entry in entries:
                path = Path(entry.path)
                try:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(path)
                        continue
                except OSError:
                    pass
                if path.suffix not in JSON_SUFFIXES + JSONL_SUFFIXES or not path.relative_to(root).match(pattern):
                    continue
                problem = not_a_record_file(path)
                if problem is None:
                    if not is_table_export_dictionary(path):
                        found.append(path)
                elif problem.code != "directory":  # a link to a directory is not followed (nor is a loop)
                    self.skipped.append(problem)
        self.skipped.sort(key=lambda problem: problem.file)
        yield from sorted(found)


def discover(paths: Iterable[str | Path], glob: str | None = None) -> Search:
    """The record files named by `paths`: files as given (and `-` for standard input), directories searched
    recursively in sorted order for regular `.json`, `.jsonl` and `.ndjson` files (matching `glob` if given),
    without following links to directories. What is found and cannot be read is in the result's `skipped`.
    A directory search leaves out the data dictionary of a table export (`is_table_export_dictionary`): its
    tables are CSV or Parquet, and its `tables.json` describes them, so an export inside a tree of records is
    not read as records; a `tables.json` named as a file is read."""
    return Search(paths, glob)


def not_a_record_file(path: Path) -> LoadProblem | None:
    """None when `path` is a regular file (or a link to one); else the problem that says what it is (code
    `directory` for a directory, `not_found` when nothing is there, else `unreadable`)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        code = "not_found" if exc.errno == errno.ENOENT else "unreadable"
        return LoadProblem(str(path), code, describe_os_error(exc, path))
    except ValueError:  # a NUL in the name
        return LoadProblem(str(path), "not_found", "no such file or directory (the name holds a NUL byte)")
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return LoadProblem(str(path), "directory", "is a directory")
    return LoadProblem(str(path), "unreadable", f"{file_kind(mode)}, not a regular file; it was not read")


def file_kind(mode: int) -> str:
    """What a file that is not regular is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a special file"


def describe_os_error(exc: OSError, path: Path | None = None) -> str:
    """Why a file could not be opened or found, in plain words (a dangling or looping link is called one)."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link that leads back to itself (a loop of links)"
    if exc.errno == errno.ENOENT and path is not None and path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"a symbolic link to '{target}', which does not exist"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return (exc.strerror or str(exc)).lower()


def format_size(size: int) -> str:
    """A size in bytes as people write it: '256 MiB', '1 GiB', '1500 bytes'."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"


def too_large(file: str, what: str, max_size: int, line: int | None = None) -> LoadProblem:
    """The problem of an input (or a part of it) larger than `max_size` bytes."""
    return LoadProblem(
        file,
        "unreadable",
        f"{what} is larger than {format_size(max_size)}, the most read at once (--max-document-size raises "
        "it); the rest was not read",
        line,
        1 if line is not None else None,
    )


def read_bounded(handle: BinaryIO, max_size: int) -> bytes | None:
    """All the bytes of a stream when there are at most `max_size` (None when there are more; no more than
    `max_size` and a block are read)."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_size:
        chunk = handle.read(min(CHUNK, max_size + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    return None


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


def utf16_problem(file: str, head: bytes) -> LoadProblem | None:
    """A problem when the input starts like UTF-16 text (a UTF-16 byte-order mark, or a zero byte beside each
    ASCII character), which would otherwise read as broken UTF-8 or broken JSON."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        found = "starts with a UTF-16 byte-order mark"
    elif head and not head.strip(b"\x00"):
        return LoadProblem(file, "encoding", "the input holds only zero bytes (NUL), not text", 1, 1)
    elif len(head) >= 2 and _zero_beside_each(head[:64]):
        found = "has a zero byte beside every character"
    else:
        return None
    return LoadProblem(file, "encoding", f"the input is UTF-16, not UTF-8 (it {found}); save it as UTF-8", 1, 1)


def _zero_beside_each(head: bytes) -> bool:
    # UTF-16 text of ASCII characters: the bytes on one side all zero, those on the other side mostly not
    even, odd = head[0::2], head[1::2]
    for zeros, chars in ((even, odd), (odd, even)):
        if zeros.count(0) * 4 >= len(zeros) * 3 and chars.count(0) * 4 <= len(chars):
            return True
    return False


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


#: Bytes read at a time from a streamed file.
CHUNK = 1 << 20


def load_file(path: Path, max_size: int = MAX_DOCUMENT_SIZE) -> Iterator[LoadedRecord | LoadProblem]:
    """Yield the records of one file, or the problems that kept them from being read.

    JSONL files and `.json` files holding an array are streamed (memory does not grow with the file); a `.json`
    file holding an object (one record, or the envelope) is read whole. A JSONL line, an array element or a
    document read whole larger than `max_size` bytes is a problem, and nothing after it is read. A file that is
    not a regular file (a named pipe, a device) is not read: it is a problem (`read_bounded` reads one).
    """
    file = str(path)
    try:
        handle = _open_regular(path)
    except _NotRegularError as exc:
        yield LoadProblem(file, "unreadable", str(exc))
        return
    except OSError as exc:
        code = "not_found" if exc.errno == errno.ENOENT else "unreadable"
        message = describe_os_error(exc, path)
        yield LoadProblem(file, code, message if code == "not_found" else f"cannot read the file: {message}")
        return
    try:
        with handle:
            head = handle.read(min(CHUNK, max_size + 1))
            problem = utf16_problem(file, head)
            if problem is not None:
                yield problem
                return
            if path.suffix in JSONL_SUFFIXES:
                handle.seek(0)
                yield from _jsonl(file, handle, max_size)
                return
            if _first_char(head) == b"[":
                yield from _array(file, head, handle, max_size)
                return
            handle.seek(0)
            raw = handle.read(max_size + 1)
    except OSError as exc:
        yield LoadProblem(file, "unreadable", f"cannot read the file: {describe_os_error(exc)}")
        return
    if len(raw) > max_size:
        yield too_large(file, "the JSON document", max_size)
        return
    yield from load_text(file, raw, jsonl=False)


class _NotRegularError(OSError):
    """The file is not a regular file (its text says what it is)."""


def _open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; anything else is refused (`_NotRegularError`) before it is opened, and a
    named pipe put in its place is opened without waiting for a writer."""
    _check_regular(os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        _check_regular(os.fstat(fd).st_mode)
    except OSError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _check_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise _NotRegularError("is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise _NotRegularError(f"{file_kind(mode)}, not a regular file; it was not read")


def load_text(file: str, raw: bytes, jsonl: bool | None) -> Iterator[LoadedRecord | LoadProblem]:
    """Yield the records of one input's bytes; `jsonl=None` detects the format (for standard input)."""
    problem = utf16_problem(file, raw[:CHUNK])
    if problem is not None:
        yield problem
        return
    if jsonl is None:
        jsonl = _looks_like_jsonl(raw)
    if jsonl:
        yield from _jsonl(file, io.BytesIO(raw), max(len(raw), 1))
        return
    if _first_char(raw) == b"[":
        yield from _array(file, raw, io.BytesIO(), max(len(raw), 1))
        return
    text = _decode(file, raw)
    if isinstance(text, LoadProblem):
        yield text
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


def _first_char(head: bytes) -> bytes:
    return head.removeprefix(_BOM).lstrip(b" \t\r\n")[:1]


_BOM = b"\xef\xbb\xbf"


def _jsonl(file: str, handle: BinaryIO, max_size: int) -> Iterator[LoadedRecord | LoadProblem]:
    """One record per non-blank line; lines are split on '\n' only (a str.splitlines would also split at U+2028
    and other characters JSON allows in strings). Each line is parsed where it is validated (`parse_record`). A
    line longer than `max_size` bytes (without its line break) is a problem, and the file is not read further."""
    index = 0
    line_number = 0
    position = handle.tell()
    while raw_line := handle.readline(max_size + 2):
        line_number += 1
        start, position = position, position + len(raw_line)
        line = raw_line.removesuffix(b"\n").removesuffix(b"\r")
        if len(line) > max_size:
            yield too_large(file, f"line {line_number}", max_size, line_number)
            return
        if line_number == 1 and line.startswith(_BOM):
            line, start = line[len(_BOM) :], start + len(_BOM)
        if not line.strip():
            continue
        yield LoadedRecord(file, index, line_number, UNPARSED, raw=line, offset=start)
        index += 1


#: Finds where an array element ends; numbers are not converted (a 100,000-digit integer is the validator's
#: business, and converting it would be slow or refused).
_SCANNER = json.JSONDecoder(parse_int=len, parse_float=len)
#: Characters kept buffered after an element before it is taken as complete (a number may go on in the next chunk).
_LOOKAHEAD = 64


def _array(file: str, head: bytes, handle: BinaryIO, max_size: int) -> Iterator[LoadedRecord | LoadProblem]:
    """Stream the elements of a top-level JSON array: each element's text is found with the C scanner of the
    standard library (the value it builds is dropped) and parsed where it is validated (`parse_record`). The
    buffer holds about one chunk, or one element when an element is larger (up to `max_size` characters: a
    larger element, or as much white space, is a problem), so memory does not grow with the file."""
    buffer = _Buffer(file, handle, max_size)
    # the byte offset in the file of the buffer's position `anchor`: between elements there is only ASCII ('[',
    # ',' and white space), so an element's offset is `base` plus the characters from `anchor` to it
    base, anchor = len(head) - len(head.removeprefix(_BOM)), 0
    try:
        buffer.feed(head.removeprefix(_BOM))
        pos = buffer.skip(0) + 1  # the '[' the caller saw
        pos = buffer.skip(pos)
        index = 0
        if buffer.at(pos) != "]":
            while True:
                found = buffer.element(pos)
                if isinstance(found, LoadProblem):
                    yield found
                    return
                end = found
                line, column = buffer.locate(pos)
                element = buffer.text[pos:end].encode("utf-8")
                offset = base + pos - anchor
                yield LoadedRecord(file, index, line, UNPARSED, "", f"/{index}", element, "", column, offset)
                base, anchor = offset + len(element), end
                index += 1
                pos = buffer.skip(end)
                char = buffer.at(pos)
                if char == ",":
                    kept = buffer.release(pos + 1)
                    if kept != pos + 1:  # the text before pos + 1 was dropped: it is position 0 now
                        base, anchor = base + pos + 1 - anchor, 0
                    pos = buffer.skip(kept)
                    continue
                if char == "]":
                    break
                yield buffer.problem_at(
                    pos,
                    "invalid JSON: expected ',' or ']' after an array element"
                    if char
                    else "invalid JSON: the array is not closed (a missing ']'; is the file cut short?)",
                )
                return
        end = buffer.skip(pos + 1)
        if buffer.at(end):
            yield buffer.problem_at(
                end,
                "invalid JSON: extra data after the JSON value (several records need an array, or a .jsonl file "
                "with one per line)",
            )
    except UnicodeDecodeError as exc:
        yield buffer.encoding_problem(exc)
    except _TooLargeError as exc:
        line, _ = buffer.locate(exc.pos)
        yield too_large(file, f"the array element starting on line {line}", max_size, line)


class _TooLargeError(Exception):
    """The text from `pos` on (one element, or white space) is larger than the limit."""

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.pos = pos


class _Buffer:
    """The decoded text of a streamed file not yet consumed, with the line and column where it starts."""

    def __init__(self, file: str, handle: BinaryIO, max_size: int = MAX_DOCUMENT_SIZE) -> None:
        self.file = file
        self.handle = handle
        self.max_size = max_size
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.eof = False
        self.mark = 0  # positions before this offset of text have had their newlines counted
        self.line = 1  # the line of `mark`
        self.line_start = 0  # offset in text where that line starts (negative: it began before the buffer)
        self.bytes_read = 0
        self.chunk_start = 0  # bytes read before the last chunk
        self.last_chunk = b""
        self.lines_before_chunk = 1

    def feed(self, chunk: bytes) -> None:
        self.lines_before_chunk = self.line + self.text.count("\n", self.mark)
        self.last_chunk = chunk
        self.chunk_start = self.bytes_read
        self.text += self.decoder.decode(chunk, final=not chunk)
        self.bytes_read += len(chunk)

    def more(self, at_least: int = 0) -> bool:
        """Read the next chunk (at least `at_least` bytes); False at the end of the file."""
        if self.eof:
            return False
        chunk = self.handle.read(max(CHUNK, at_least))
        self.eof = not chunk
        self.feed(chunk)
        return True

    def element(self, pos: int) -> int | LoadProblem:
        """The end offset of the JSON value starting at `pos`, reading on as needed."""
        while True:
            try:
                _, end = _SCANNER.raw_decode(self.text, pos)
            except RecursionError:
                depth, at = deepest(self.text, pos)
                return self.problem_at(at, f"invalid JSON: {NestingError(depth + 1)}")
            except json.JSONDecodeError as exc:
                # an error well before the end of the buffer (outside an unterminated string) is real
                cut_short = exc.pos >= len(self.text) - _LOOKAHEAD or exc.msg.startswith("Unterminated string")
                # read at least as much as is buffered: an element is re-scanned O(log n) times
                if cut_short and self.more(self._room(pos)):
                    continue
                message = _explain_syntax(exc)
                at = len(exc.doc[: exc.pos].rstrip()) - 1 if message.startswith("trailing comma") else exc.pos
                return self.problem_at(at, f"invalid JSON: {message}")
            except ValueError as exc:
                return self.problem_at(pos, f"invalid JSON: {exc}")
            if end - pos > self.max_size:
                raise _TooLargeError(pos)
            if end > len(self.text) - _LOOKAHEAD and self.more():
                continue
            return end

    def _room(self, pos: int, wanted: int | None = None) -> int:
        """How much to read next for the text from `pos` on (`wanted`, by default as much as is buffered), no
        more than reaches past the limit; `_TooLargeError` when the text from `pos` on is past it already."""
        buffered = len(self.text) - pos
        if buffered > self.max_size:
            raise _TooLargeError(pos)
        return min(buffered if wanted is None else wanted, self.max_size + 1 - buffered)

    def release(self, pos: int) -> int:
        """Drop the text before `pos` once it is a chunk or more (keeping line numbers right); the new `pos`."""
        if pos < CHUNK:
            return pos
        self.locate(pos)
        self.text = self.text[pos:]
        self.mark -= pos
        self.line_start -= pos
        return 0

    def at(self, pos: int) -> str:
        return self.text[pos : pos + 1]

    def skip(self, pos: int) -> int:
        """The offset of the first non-whitespace character at or after `pos` (reading on as needed)."""
        while True:
            end = _WHITESPACE.match(self.text, pos).end()  # type: ignore[union-attr]
            if end < len(self.text) or not self.more(self._room(pos, 0)):
                return end

    def locate(self, pos: int) -> tuple[int, int]:
        """The line and column of `pos`; positions are located in increasing order, each newline counted once."""
        if pos > self.mark:
            newlines = self.text.count("\n", self.mark, pos)
            if newlines:
                self.line += newlines
                self.line_start = self.text.rfind("\n", self.mark, pos) + 1
            self.mark = pos
        return self.line, pos - self.line_start + 1

    def problem_at(self, pos: int, message: str) -> LoadProblem:
        line, column = self.locate(pos)
        return LoadProblem(self.file, "json_syntax", message, line, column)

    def encoding_problem(self, exc: UnicodeDecodeError) -> LoadProblem:
        chunk = self.last_chunk
        line = self.lines_before_chunk + chunk.count(b"\n", 0, exc.start)
        line_start = chunk.rfind(b"\n", 0, exc.start) + 1
        column = len(chunk[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        if line_start == 0:  # the line began before this chunk: count what of it is buffered
            column += len(self.text) - (self.text.rfind("\n") + 1)
        return LoadProblem(
            self.file,
            "encoding",
            f"the input is not UTF-8 (byte {self.chunk_start + exc.start}: {exc.reason}); save it as UTF-8",
            line,
            column,
        )


_WHITESPACE = re.compile(r"[ \t\n\r]*")


def parse_record(record: LoadedRecord) -> Any:
    """The parsed JSON value of a record, or a `LoadProblem` when its text is not strict JSON (duplicate keys,
    NaN or Infinity, invalid UTF-8 or syntax are problems, never silently resolved). Parsed with jiter, which
    reads a number beyond a double's range as infinity: see `strict_parse` for how that is caught."""
    if record.data is not UNPARSED:
        return record.data
    raw = record.raw if record.raw is not None else record.text.encode("utf-8", errors="surrogatepass")
    try:
        return jiter.from_json(raw, allow_inf_nan=False, catch_duplicate_keys=True)
    except ValueError:
        return strict_parse(record)


def strict_parse(record: LoadedRecord) -> Any:
    """Parse a record's text with the standard library's parser and the strict rules: slower than
    `parse_record`'s, and exact about what is wrong. `parse_record` reads numbers beyond a double's range as
    infinity, which no field accepts: a record that fails validation is parsed again here, so that such a
    number is reported as what it is."""
    if record.data is not UNPARSED:
        return record.data
    text = record.text
    if record.raw is not None:
        decoded = _decode(record.file, record.raw)
        if isinstance(decoded, LoadProblem):
            line = (decoded.line or 1) + (record.line or 1) - 1
            return LoadProblem(record.file, decoded.code, decoded.message, line, decoded.column)
        text = decoded
    try:
        return parse_json(text)
    except (json.JSONDecodeError, ValueError) as exc:
        problem = _parse_problem(record.file, exc, text, (record.line or 1) - 1, record.pointer)
        if problem.line != record.line or problem.column is None or record.column == 1:
            return problem
        column = problem.column + record.column - 1
        return LoadProblem(problem.file, problem.code, problem.message, problem.line, column, problem.pointer)


def _looks_like_jsonl(raw: bytes) -> bool:
    # several non-blank lines that each start a JSON object, and the whole is not one JSON document
    lines = [line for line in raw.removeprefix(_BOM).split(b"\n") if line.strip()]
    if len(lines) < 2 or not all(line.lstrip().startswith(b"{") for line in lines):
        return False
    try:
        json.loads(raw.removeprefix(_BOM))
    except (ValueError, RecursionError):
        return True
    return False


def _parse_problem(file: str, exc: ValueError, text: str, line_offset: int = 0, prefix: str = "") -> LoadProblem:
    lines = LineIndex(text)
    if isinstance(exc, json.JSONDecodeError):
        message = _explain_syntax(exc)
        # a trailing comma is pointed at, not the bracket after it
        at = len(exc.doc[: exc.pos].rstrip()) - 1 if message.startswith("trailing comma") else exc.pos
        line, column = lines.locate(at)
        return LoadProblem(file, "json_syntax", f"invalid JSON: {message}", line + line_offset, column)
    if isinstance(exc, DuplicateKeyError):
        duplicates: list[tuple[str, int]] = []
        # when the text breaks later on, the duplicate, met before, is already recorded
        with contextlib.suppress(IndexError, ValueError, KeyError, AssertionError):
            source_map(text, duplicates=duplicates)
        if duplicates:
            where, offset = duplicates[0]
            where = prefix + where
            line, column = lines.locate(offset)
            return LoadProblem(file, "duplicate_key", f"{exc} at {where}", line + line_offset, column, where)
        return LoadProblem(file, "duplicate_key", str(exc), line_offset + 1)
    if isinstance(exc, LoneSurrogateError | NestingError):
        line, column = lines.locate(exc.offset)
        return LoadProblem(file, "json_syntax", f"invalid JSON: {exc}", line + line_offset, column)
    if isinstance(exc, NumberError):
        line, column = lines.locate(_number_at(text, exc.text))
        return LoadProblem(file, "number_out_of_range", f"invalid number: {exc}", line + line_offset, column)
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
#: Strings and numbers of JSON text.
_NUMBERS = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')


def _number_at(text: str, number: str) -> int:
    """The offset of the first number written `number` in the JSON text, outside strings (0 if none is)."""
    for match in _NUMBERS.finditer(text):
        if match.group() == number:
            return match.start()
    return 0


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
    if exc.pos >= len(exc.doc.rstrip()) and not exc.msg.startswith("Extra data"):
        return "the text ends before the JSON value is complete (a missing '}' or ']'; is it cut short?)"
    if exc.msg.startswith("Invalid control character"):
        return "a control character (a raw tab, line break or NUL byte) in a string must be escaped (\\t, \\n, \\u0000)"
    if exc.msg.startswith("Unterminated string"):
        return "a string is not closed (a missing '\"')"
    found = _found(after)
    if exc.msg.startswith("Expecting value"):
        return f"expected a value (a string, number, object, array, true, false or null), found {found}"
    if exc.msg.startswith("Expecting property name"):
        return f"expected a key in double quotes, found {found}"
    if exc.msg.startswith("Expecting ','"):
        return f"expected ',' or the end of the object or array, found {found}"
    if exc.msg.startswith("Expecting ':'"):
        return f"expected ':' after the key, found {found}"
    if exc.msg.startswith("Invalid \\uXXXX"):
        return "an invalid \\u escape in a string (\\u takes four hexadecimal digits)"
    if exc.msg.startswith("Invalid \\escape"):
        return 'an invalid escape in a string (a backslash must be followed by one of " \\ / b f n r t u)'
    return exc.msg[:1].lower() + exc.msg[1:]


def _found(char: str) -> str:
    """A character of the input named in a message."""
    if char == "\x00":
        return "a NUL (zero) byte"
    if not char.isprintable() or char.isspace():
        return f"the control character U+{ord(char):04X}"
    return f"'{char}'"
