"""Reading record files: finds the files under the given paths and yields each record with where it came from.

File formats: `.json` holds one record, an array of records, or the envelope
`{"schema_version": ..., "records": [...]}`; `.jsonl` / `.ndjson` hold one record per line (blank lines are
skipped). Problems with a file (unreadable, not UTF-8, not JSON, duplicate keys) are yielded as `LoadProblem`s
so that one bad file never stops the others. Nothing here validates records.

JSONL files and top-level arrays are streamed: each record is yielded with its own text, unparsed, and parsed by
`parse_record` where it is validated (jiter, with duplicate keys and NaN rejected; the standard library's parser
gives the exact message when that fails). Memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import re
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


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is beyond the range of a double-precision number")
    return value


class NestingError(ValueError):
    """The JSON nests deeper than the parser's recursion allows (about a thousand levels; records nest a few)."""

    def __init__(self) -> None:
        super().__init__("the JSON nests too deeply to be read (records nest a few levels, not hundreds)")


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
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant, parse_float=_finite_float
        )
    except RecursionError:
        raise NestingError from None
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


def discover(paths: Iterable[str | Path], glob: str | None = None) -> Iterator[Path]:
    """Yield the record files named by `paths`: files as given (and `-` for standard input), directories
    searched recursively in sorted order for `.json`, `.jsonl` and `.ndjson` files (matching `glob` if given).
    A directory search leaves out the data dictionary of a table export (`is_table_export_dictionary`): its
    tables are CSV or Parquet, and its `tables.json` describes them, so an export inside a tree of records is
    not read as records; a `tables.json` named as a file is read."""
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            yield path
        elif path.is_dir():
            found = [
                p
                for p in path.rglob(glob or "*")
                if p.suffix in JSON_SUFFIXES + JSONL_SUFFIXES and p.is_file() and not is_table_export_dictionary(p)
            ]
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


def utf16_problem(file: str, head: bytes) -> LoadProblem | None:
    """A problem when the input starts like UTF-16 text (a UTF-16 byte-order mark, or a zero byte beside each
    ASCII character), which would otherwise read as broken UTF-8 or broken JSON."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        found = "starts with a UTF-16 byte-order mark"
    elif len(head) >= 2 and (head[:64:2].count(0) + head[1:64:2].count(0)) * 2 >= min(len(head), 64):
        found = "has a zero byte beside every character"
    else:
        return None
    return LoadProblem(file, "encoding", f"the input is UTF-16, not UTF-8 (it {found}); save it as UTF-8", 1, 1)


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


def load_file(path: Path) -> Iterator[LoadedRecord | LoadProblem]:
    """Yield the records of one file, or the problems that kept them from being read.

    JSONL files and `.json` files holding an array are streamed (memory does not grow with the file); a `.json`
    file holding an object (one record, or the envelope) is read whole.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(CHUNK)
            problem = utf16_problem(str(path), head)
            if problem is not None:
                yield problem
                return
            if path.suffix in JSONL_SUFFIXES:
                handle.seek(0)
                yield from _jsonl(str(path), handle)
                return
            if _first_char(head) == b"[":
                yield from _array(str(path), head, handle)
                return
            raw = head + handle.read()
    except OSError as exc:
        yield LoadProblem(str(path), "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    yield from load_text(str(path), raw, jsonl=False)


def load_text(file: str, raw: bytes, jsonl: bool | None) -> Iterator[LoadedRecord | LoadProblem]:
    """Yield the records of one input's bytes; `jsonl=None` detects the format (for standard input)."""
    problem = utf16_problem(file, raw[:CHUNK])
    if problem is not None:
        yield problem
        return
    if jsonl is None:
        jsonl = _looks_like_jsonl(raw)
    if jsonl:
        yield from _jsonl(file, io.BytesIO(raw))
        return
    if _first_char(raw) == b"[":
        yield from _array(file, raw, io.BytesIO())
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


def _jsonl(file: str, handle: BinaryIO) -> Iterator[LoadedRecord | LoadProblem]:
    """One record per non-blank line; lines are split on '\n' only (a str.splitlines would also split at U+2028
    and other characters JSON allows in strings). Each line is parsed where it is validated (`parse_record`)."""
    index = 0
    for line_number, raw_line in enumerate(handle, start=1):
        line = raw_line.removesuffix(b"\n").removesuffix(b"\r")
        if line_number == 1:
            line = line.removeprefix(_BOM)
        if not line.strip():
            continue
        yield LoadedRecord(file, index, line_number, UNPARSED, raw=line)
        index += 1


#: Finds where an array element ends; numbers are not converted (a 100,000-digit integer is the validator's
#: business, and converting it would be slow or refused).
_SCANNER = json.JSONDecoder(parse_int=len, parse_float=len)
#: Characters kept buffered after an element before it is taken as complete (a number may go on in the next chunk).
_LOOKAHEAD = 64


def _array(file: str, head: bytes, handle: BinaryIO) -> Iterator[LoadedRecord | LoadProblem]:
    """Stream the elements of a top-level JSON array: each element's text is found with the C scanner of the
    standard library (the value it builds is dropped) and parsed where it is validated (`parse_record`). The
    buffer holds about one chunk, or one element when an element is larger, so memory does not grow with the
    file."""
    buffer = _Buffer(file, handle)
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
                yield LoadedRecord(file, index, line, UNPARSED, "", f"/{index}", element, "", column)
                index += 1
                pos = buffer.skip(end)
                char = buffer.at(pos)
                if char == ",":
                    pos = buffer.skip(buffer.release(pos + 1))
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


class _Buffer:
    """The decoded text of a streamed file not yet consumed, with the line and column where it starts."""

    def __init__(self, file: str, handle: BinaryIO) -> None:
        self.file = file
        self.handle = handle
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
                return self.problem_at(pos, f"invalid JSON: {NestingError()}")
            except json.JSONDecodeError as exc:
                # an error well before the end of the buffer (outside an unterminated string) is real
                cut_short = exc.pos >= len(self.text) - _LOOKAHEAD or exc.msg.startswith("Unterminated string")
                # read at least as much as is buffered: an element is re-scanned O(log n) times
                if cut_short and self.more(len(self.text) - pos):
                    continue
                message = _explain_syntax(exc)
                at = len(exc.doc[: exc.pos].rstrip()) - 1 if message.startswith("trailing comma") else exc.pos
                return self.problem_at(at, f"invalid JSON: {message}")
            except ValueError as exc:
                return self.problem_at(pos, f"invalid JSON: {exc}")
            if end > len(self.text) - _LOOKAHEAD and self.more():
                continue
            return end

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
            if end < len(self.text) or not self.more():
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
    if isinstance(exc, LoneSurrogateError):
        line, column = lines.locate(exc.offset)
        return LoadProblem(file, "json_syntax", f"invalid JSON: {exc}", line + line_offset, column)
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
    if exc.pos >= len(exc.doc.rstrip()) and not exc.msg.startswith("Extra data"):
        return "the text ends before the JSON value is complete (a missing '}' or ']'; is it cut short?)"
    if exc.msg.startswith("Invalid control character"):
        return "a control character (a raw tab, line break or NUL byte) in a string must be escaped (\\t, \\n, \\u0000)"
    if exc.msg.startswith("Unterminated string"):
        return "a string is not closed (a missing '\"')"
    return exc.msg
