"""Validating records: `validate_record` for one record, `validate_paths` and `validate_records` for many.

`validate_record` takes a dict or JSON text/bytes and returns the typed model, raising pydantic's
`ValidationError`. `validate_paths` reads every file (see `peace_talks_model.loader`), validates every record,
applies the rules of `peace_talks_model.rules.RULES` (warnings and checks across records) over everything given,
and returns a `Report` of `Finding`s with codes, messages, JSON pointers and line:column positions. It never stops
at the first bad record or file and never prints.

A run streams: records are read, validated in batches (in worker processes with `Options.jobs`), and dropped;
each valid record leaves only the small facts the active rules ask for (`peace_talks_model.rules.engine`), and
only the records those rules may report are read again at the end. With `Options.grounding`, evidence quotes are
checked against the texts of their sources in the record stage (`peace_talks_model.grounding`); quotes whose text
only a `Source` record declares are checked after it, from small facts, like the rules across records. Inputs
written in another form than the record format are read by a decoder (`Options.decoder`, or the one of
`Options.profile`, imported when first needed).

`validate_partition` and `combine` split the same run across machines (Dask, Spark): each partition returns a
picklable `Partial`, and `combine` merges them into one `Report`. Nothing here keeps global state.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import stat
import sys
import tempfile
import threading
import weakref
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError

from peace_talks_model.codes import Severity, code_for
from peace_talks_model.diagnose import Diagnosis, diagnose
from peace_talks_model.grounding import (
    OFFSETS_SELECT_QUOTE,
    QUOTE_IN_SOURCE,
    FieldPath,
    GroundFacts,
    Grounding,
    Problem,
    ground_record,
    resolve_pending,
)
from peace_talks_model.loader import (
    JSONL_SUFFIXES,
    MAX_DOCUMENT_SIZE,
    UNPARSED,
    LoadedRecord,
    LoadProblem,
    discover,
    format_size,
    load_file,
    load_text,
    not_a_record_file,
    parse_record,
    read_bounded,
    strict_parse,
    too_large,
)
from peace_talks_model.models import MODEL_BY_TYPE, Record, RecordBase
from peace_talks_model.models.record_base import DATA
from peace_talks_model.positions import LineIndex, Span, locate_path, pointer, source_map
from peace_talks_model.report import INPUT_FAILURES, Finding, Report
from peace_talks_model.rules import RULES, Rule
from peace_talks_model.rules.base import Entry, Index, key_parts, record_key, scannable
from peace_talks_model.rules.engine import (
    CrossFinding,
    CrossIndex,
    Facts,
    RecordStage,
    Rescan,
    Suspects,
    file_findings,
    find_suspects,
    precise_findings,
)
from peace_talks_model.rules.references import declared_ids

#: Reads one input written in another form than the record format, as records: called with the input's name, its
#: path (None: not a file), its bytes (when read already) and the loader's reader of the input, which it may use.
Decoder = Callable[
    [str, str | None, bytes | None, Callable[[], Iterator[LoadedRecord | LoadProblem]]],
    Iterator[LoadedRecord | LoadProblem],
]

#: The decoders of the profiles `Options.profile` names: "module:function", imported when first needed.
PROFILES: dict[str, str] = {"llm": "peace_talks_model.llm_profile:read_llm"}


@cache
def record_adapter() -> TypeAdapter[Record]:
    """The (cached) pydantic adapter of the `Record` union. Its errors are titled 'Record' (pydantic's default
    title spells out the whole tagged union and every model validator); each error's location starts with the
    record type."""
    return TypeAdapter(Record, config=ConfigDict(title="Record"))


def validate_record(data: Mapping[str, Any] | str | bytes) -> Record:
    """Validate one record given as a dict or as JSON text/bytes and return its typed model.

    Raises:
        pydantic.ValidationError: the record is not valid; each error's `type` names the broken rule, and
            `describe_errors` words the errors as `peace-talks validate` does.
    """
    adapter = record_adapter()
    if isinstance(data, str | bytes | bytearray):
        return adapter.validate_json(data, context=DATA)
    return adapter.validate_python(data, context=DATA)


def describe_errors(error: ValidationError) -> list[str]:
    """The errors of `validate_record` (or of a record model's `model_validate`) in the words `peace-talks validate`
    uses, one line each: code, field path, message, record type (or the model's name, for a part of a record):
    `PT205 date: '2022-07-32': there is no 32 July; July has 31 days (event)`. pydantic's own text shows regular
    expressions and union members; this does not.
    """
    errors = error.errors(include_url=False)
    by_title = {model.__name__: record_type for record_type, model in MODEL_BY_TYPE.items()}
    first = errors[0]["loc"][0] if errors and errors[0]["loc"] else None
    record_type = by_title.get(error.title) or (first if isinstance(first, str) and first in MODEL_BY_TYPE else None)
    return [
        f"{d.code} {format_path(d.path) or '(record)'}: {d.message} ({record_type or error.title})"
        for d in diagnose(error, record_type)
    ]


@dataclass(frozen=True, slots=True)
class Options:
    """What a validation run checks and reports (the CLI builds one from its flags)."""

    #: run the cross-record checks (references, duplicate ids, dates across records...)
    cross_checks: bool = True
    #: references to records not given in the run are not findings
    allow_external_refs: bool = False
    #: only report these codes (empty: all)
    select: frozenset[str] = frozenset()
    #: never report these codes
    ignore: frozenset[str] = frozenset()
    #: warnings count as errors
    strict: bool = False
    #: report at most this many findings (the checking is not capped); None for all
    max_findings: int | None = None
    #: only files whose name matches this glob, when directories are searched
    glob: str | None = None
    #: worker processes validating records (1: in this process); the output does not depend on it
    jobs: int = 1
    #: called as the record stage advances with (records done, bytes of input done); None: not called
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)
    #: check evidence quotes against the texts of their sources (`peace_talks_model.grounding`); None: not checked
    grounding: Grounding | None = None
    #: the profile the records are written in: None, the record format; "llm", normalised first (llm_profile);
    #: see `PROFILES`
    profile: str | None = None
    #: reads the inputs instead of the loader (`Decoder`); None: the decoder of `profile`, if any
    decoder: Decoder | None = None
    #: the most bytes one JSON document, one JSONL line or one array element may have, and standard input or a
    #: pipe as a whole (`peace_talks_model.loader.MAX_DOCUMENT_SIZE`); a larger one is an input problem
    max_document_size: int = MAX_DOCUMENT_SIZE


def decoder_for(options: Options) -> Decoder | None:
    """The decoder a run reads its inputs with: `options.decoder`, else the one of `options.profile` (imported
    now), else None (the record format, read by the loader). A profile `PROFILES` does not name has none."""
    if options.decoder is not None:
        return options.decoder
    target = PROFILES.get(options.profile or "")
    if target is None:
        return None
    module, name = target.split(":")
    decoder: Decoder = getattr(importlib.import_module(module), name)
    return decoder


def format_path(loc: Sequence[int | str]) -> str:
    """Render a field path as `names[0].text`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Positions:
    """Source maps of the texts records came from, computed on first need and kept for the current batch."""

    def __init__(self) -> None:
        self._maps: dict[int, tuple[str, dict[str, Span], LineIndex]] = {}

    def locate(self, record: LoadedRecord, path: tuple[int | str, ...], at_key: bool) -> tuple[str, int, int]:
        """The JSON pointer, line and column of `path` inside `record` (the nearest existing ancestor's)."""
        full = record.pointer + pointer(path)
        text = record.source()
        if not text:
            return full, record.line or 1, record.column
        if record.inner_pointer() == "":  # the record's own text: read along the path only
            try:
                span, found = locate_path(text, path)
            # text the standard library parsed but the scanner cannot follow, or too large to follow in the memory
            # there is: the record's start is given
            except (IndexError, ValueError, MemoryError):
                span, found = Span(0), 0
            offset = span.key if at_key and found == len(path) and span.key is not None else span.value
            line, column = LineIndex(text).locate(offset)
        else:  # a record inside a larger document: map the document once
            line, column = self._in_document(record, path, at_key, text)
        if line == 1:
            column += record.column - 1
        return full, line + (record.line or 1) - 1, column

    def _in_document(
        self, record: LoadedRecord, path: tuple[int | str, ...], at_key: bool, text: str
    ) -> tuple[int, int]:
        key = id(record.text)
        cached = self._maps.get(key)
        if cached is None or cached[0] is not text:
            cached = (text, source_map(text), LineIndex(text))
            self._maps[key] = cached
        _, spans, lines = cached
        inner = record.inner_pointer() + pointer(path)
        probe = inner
        while probe not in spans and probe:
            probe = probe.rsplit("/", 1)[0]
        span = spans.get(probe) or Span(0)
        offset = span.key if at_key and probe == inner and span.key is not None else span.value
        return lines.locate(offset)

    def clear(self) -> None:
        self._maps.clear()


def _record_id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _finding(
    record: LoadedRecord, positions: _Positions, diagnosis: Diagnosis, severity: Severity, data: Any = None
) -> Finding:
    full, line, column = positions.locate(record, diagnosis.path, diagnosis.at_key)
    return Finding(
        file=record.file,
        code=diagnosis.code,
        message=diagnosis.message,
        path=format_path(diagnosis.path),
        record_index=record.index,
        record_id=_record_id(record.data if data is None else data),
        line=line,
        column=column,
        severity=severity,
        pointer=full,
        rule=diagnosis.rule,
        expected=diagnosis.expected,
        got=diagnosis.got,
        suggestion=diagnosis.suggestion,
    )


def _problem_finding(problem: LoadProblem) -> Finding:
    return Finding(
        problem.file,
        code_for(problem.code).code,
        problem.message,
        line=problem.line,
        column=problem.column,
        rule=problem.code,
        pointer=problem.pointer,
    )


def _cross_finding(cross: CrossFinding, positions: _Positions) -> Finding:
    code = code_for(cross.rule)
    if cross.entry is None:
        return Finding(cross.file, code.code, cross.message, severity=code.severity, rule=cross.rule)
    diagnosis = Diagnosis(cross.path, code.code, cross.rule, cross.message, suggestion=cross.suggestion)
    return _finding(cross.entry.source, positions, diagnosis, code.severity, cross.entry.source.data)


def _model_of(data: Any) -> Record | None:
    try:
        return record_adapter().validate_python(data, context=DATA)
    except ValidationError:
        return None


# -- the record stage: one batch of records of one input, in this process or in a worker ----------------------


@dataclass
class Batch:
    """What validating some records of one input found: findings, and the facts the set rules keep of them."""

    findings: list[Finding] = field(default_factory=list)
    facts: list[Facts] = field(default_factory=list)
    #: rule name -> what the rule gathered of these records (`SetRule.pool`)
    pools: dict[str, set[Any]] = field(default_factory=dict)
    records: int = 0
    valid: int = 0
    inputs_failed: int = 0
    grounding: GroundFacts = field(default_factory=GroundFacts)
    #: ids of the records of the batch that could not be validated (see `RunFacts.unsure`)
    unread: set[str] = field(default_factory=set)


def _selected(options: Options, code: str, rule: str) -> bool:
    """True when `select` and `ignore` let findings of this code and rule be reported."""
    return (
        (not options.select or code in options.select or rule in options.select)
        and code not in options.ignore
        and rule not in options.ignore
    )


def active_rules(options: Options) -> tuple[Rule, ...]:
    """The rules of `RULES` a run applies (none without `cross_checks`): those `select` and `ignore` let report,
    but those about external references when they are allowed. The others are not computed at all."""
    if not options.cross_checks:
        return ()
    external = options.allow_external_refs
    return tuple(
        rule
        for rule in RULES
        if _selected(options, rule.code, rule.name) and not (rule.off_with_external_refs and external)
    )


def _raw(record: LoadedRecord) -> bytes | None:
    """A record's own JSON text as bytes, when it was read from one (a JSONL line, an element of an array); None
    for a record given in memory or inside a whole document."""
    if record.raw is None and record.data is UNPARSED:
        return record.text.encode("utf-8", errors="surrogatepass")
    return record.raw


def check_batch(
    records: Sequence[LoadedRecord], file_number: int, rules: Sequence[Rule], grounding: Grounding | None = None
) -> Batch:
    """Validate records of input number `file_number`: findings for the invalid ones (with positions), and for
    the valid ones the findings of the record rules among `rules` and the facts its set rules keep (see
    `active_rules`); with `grounding`, the grounding findings of the quotes whose source texts are known now, and
    the facts the rest need (`peace_talks_model.grounding`)."""
    batch = Batch()
    positions = _Positions()
    stage = RecordStage(rules)
    batch.pools = stage.pools
    texts: dict[str, Any] = {}  # the texts grounding looked up in this batch
    for record in records:
        data = parse_record(record)
        if isinstance(data, LoadProblem):
            _add_problem(batch, data)
            batch.unread |= declared_ids(_raw(record) or b"")
            continue
        model = _validated(record, data, batch, positions)
        if model is None:
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                batch.unread.add(data["id"])
            continue
        key = record_key(file_number, record.index)
        if grounding is not None:
            problems = ground_record(model, key, record.file, grounding, batch.grounding, memo=texts)
            batch.findings.extend(_grounding_finding(record, positions, p, data) for p in problems)
        if not rules:
            continue
        raw = scannable(_raw(record))
        facts = stage.facts(model, key, raw)
        if facts is not None:
            batch.facts.append(facts)
        if stage.record_rules:  # (the entry is made, if at all, within this iteration)
            found = stage.findings(model, raw, lambda: Entry(model, replace(record, data=data), key))  # noqa: B023
            batch.findings.extend(_cross_finding(c, positions) for c in found)
    return batch


def _grounding_finding(record: LoadedRecord, positions: _Positions, problem: Problem, data: Any) -> Finding:
    code = code_for(problem.rule)
    diagnosis = Diagnosis(
        problem.path, code.code, problem.rule, problem.message, problem.expected, problem.got, problem.suggestion
    )
    return _finding(record, positions, diagnosis, code.severity, data)


def _add_problem(batch: Batch, problem: LoadProblem) -> None:
    batch.findings.append(_problem_finding(problem))
    batch.inputs_failed += problem.code in INPUT_FAILURES


def _model_or_raise(data: Any) -> Record:
    if not isinstance(data, dict):
        raise TypeError("a record must be a JSON object")
    return record_adapter().validate_python(data, context=DATA)


def _validated(record: LoadedRecord, data: Any, batch: Batch, positions: _Positions) -> Record | None:
    """The record's model, or None after adding its findings to `batch`."""
    try:
        model = _model_or_raise(data)
    except (ValidationError, TypeError) as exc:
        strict = strict_parse(record)  # a number beyond a double's range, read as infinity, fails here
        if isinstance(strict, LoadProblem):
            _add_problem(batch, strict)
            return None
        batch.records += 1
        if isinstance(exc, TypeError):
            kind = "an array" if isinstance(data, list) else json.dumps(data)[:40]
            message = f"a record must be a JSON object, got {kind}"
            diagnoses = [Diagnosis((), code_for("record_not_object").code, "record_not_object", message)]
        else:
            tag = data.get("record_type")
            diagnoses = diagnose(exc, tag if isinstance(tag, str) else None)
        batch.findings.extend(_finding(record, positions, d, Severity.error, data) for d in diagnoses)
        return None
    batch.records += 1
    batch.valid += 1
    return model


# -- inputs: what a run reads, and can read again -------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One input of a run: a file path, the bytes of standard input (or of a pipe), or records given in memory.
    A run may read an input twice (the records its cross-record checks report), so an input that cannot be read
    twice is kept as bytes."""

    name: str
    path: str | None = None
    raw: bytes | None = None
    records: tuple[Any, ...] | None = None
    #: for `raw`: JSONL (True), JSON (False) or detect (None)
    jsonl: bool | None = None
    #: why the input could not be read at all (standard input closed)
    unreadable: str | None = None
    #: reads the input instead of the loader (e.g. `llm_profile.read_llm`: the LLM profile, normalised); None:
    #: the record format
    decoder: Decoder | None = None
    #: for `path`: the most bytes one document, line or array element of it may have
    max_size: int = MAX_DOCUMENT_SIZE

    def read(self) -> Iterator[LoadedRecord | LoadProblem]:
        """The input's records (and the problems reading them), through its decoder if it has one."""
        if self.decoder is not None and self.unreadable is None and self.records is None:
            return self.decoder(self.name, self.path or self.name, self.raw, self._read)
        return self._read()

    def _read(self) -> Iterator[LoadedRecord | LoadProblem]:
        if self.unreadable is not None:
            return iter([LoadProblem(self.name, "unreadable", self.unreadable)])
        if self.records is not None:
            return (LoadedRecord(self.name, i, None, r) for i, r in enumerate(self.records))
        if self.raw is not None:
            return load_text(self.name, self.raw, jsonl=self.jsonl)
        path = Path(self.path or self.name)
        problem = not_a_record_file(path)
        if problem is not None and problem.code == "not_found":
            return iter([replace(problem, file=self.name)])
        return load_file(path, self.max_size)


def inputs_of(
    paths: Iterable[str | Path | Input], glob: str | None = None, max_size: int = MAX_DOCUMENT_SIZE
) -> list[Input]:
    """The inputs a run reads, found once: `Input`s as given, files as named, directories searched (see
    `peace_talks_model.loader.discover`; what is found there and cannot be read is an input that reports why),
    standard input (`-`) and pipes or devices named read now, up to `max_size` bytes, as they can be read once
    only. Give them to `validate_paths`, `validate_run` or `input_size` instead of the paths not to search
    again."""
    return list(_each_input(paths, glob, max_size))


def _inputs(paths: Iterable[str | Path], glob: str | None, max_size: int) -> Iterator[Input]:
    named = {str(Path(path)) for path in paths}
    found = discover(paths, glob)
    for path in found:
        if str(path) == "-":
            yield _read_stream("<stdin>", _stdin, None, max_size)
        elif str(path) in named and _is_stream(path):  # a named pipe or a device, named: read it once, now
            jsonl = True if path.suffix in JSONL_SUFFIXES else None
            yield _read_stream(str(path), partial(path.open, "rb"), jsonl, max_size)
        else:
            yield Input(str(path), path=str(path), max_size=max_size)
    for problem in found.skipped:  # under a directory, not readable as a record file: say why
        yield Input(problem.file, unreadable=problem.message)


def _is_stream(path: Path) -> bool:
    """A named pipe or a device: read once, whole (a socket is not read; nor is a file that cannot be found)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def _read_stream(name: str, opener: Callable[[], Any], jsonl: bool | None, max_size: int) -> Input:
    """An input read whole now, up to `max_size` bytes: standard input, a named pipe or a device."""
    what = "standard input" if name == "<stdin>" else "the input"
    try:
        with opener() as handle:
            raw = read_bounded(handle, max_size)
    except (OSError, ValueError, AttributeError) as exc:  # closed, or no standard input at all
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Input(name, unreadable=f"cannot read {what}: {reason}")
    if raw is None:
        return Input(name, unreadable=too_large(name, what, max_size).message)
    return Input(name, raw=raw, jsonl=jsonl)


# -- a run: the record stage over every input, then the cross-record checks ---------------------------------

#: Records per batch, and the most bytes of record text in one batch.
BATCH_RECORDS = 256
BATCH_BYTES = 1 << 20


#: Records whose spans an input keeps in memory (32 bytes each); past them, its spans go to an anonymous temporary
#: file in chunks of as many.
SPANS_KEPT = 1 << 12


@dataclass
class Spans:
    """Where each record of an input lies in its bytes (offset, length, line and column of its JSON text, four
    numbers per record in `table`, 32 bytes), so that the records the cross-record checks report are read again
    there instead of reading the whole input again: the lines of a JSONL input, or the elements of a top-level
    array (`elements`). `stamp` is the file's size and modification time when it was first read: a file changed
    since is read whole again. Past `SPANS_KEPT` records, the first `stored` numbers lie in an anonymous temporary
    file (`spill`) and `table` holds the rest; a pickled `Spans` holds them all."""

    table: array[int] = field(default_factory=lambda: array("q"))
    stamp: tuple[int, int] | None = None
    elements: bool | None = None
    stored: int = 0
    spill: Any = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if self.spill is not None:
            state["table"] = self._numbers(0, self.stored) + self.table
            state["stored"], state["spill"] = 0, None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def close(self) -> None:
        """Remove the temporary file of the spans (they cannot be read after)."""
        if self.spill is not None:
            self.spill.close()

    def add(self, item: LoadedRecord) -> bool:
        """Add the next record of the input; False when it has no span of its own (the input is then read whole
        again)."""
        if item.offset is None or item.raw is None or item.index * 4 != self.stored + len(self.table):
            return False
        element = item.pointer == f"/{item.index}" and item.text_pointer == ""
        if not element and (item.pointer or item.text_pointer is not None or item.column != 1):
            return False
        if self.elements is None:
            self.elements = element
        elif self.elements != element:
            return False
        self.table.extend((item.offset, len(item.raw), item.line or 0, item.column))
        if len(self.table) >= 4 * SPANS_KEPT:
            if self.spill is None:
                self.spill = tempfile.TemporaryFile()  # noqa: SIM115 - open until the run ends (`close`)
                weakref.finalize(self, self.spill.close)  # or until dropped unclosed (a partition's, once pickled)
            self.spill.seek(0, os.SEEK_END)
            self.table.tofile(self.spill)
            self.stored += len(self.table)
            self.table = array("q")
        return True

    def _numbers(self, start: int, count: int) -> array[int]:
        """`count` numbers of the table from `start` (in the temporary file or in memory)."""
        if start >= self.stored:
            return self.table[start - self.stored : start - self.stored + count]
        found = array("q")
        self.spill.seek(start * found.itemsize)
        found.frombytes(self.spill.read(min(count, self.stored - start) * found.itemsize))
        if len(found) < count:
            found.extend(self.table[: count - len(found)])
        return found

    def read(self, source: Input, positions: Iterable[int]) -> Iterator[LoadedRecord] | None:
        """The records at these positions (record indexes of the input), read from their spans; None when they
        cannot be (the file changed since it was first read, or cannot be opened)."""
        if source.raw is not None:
            raw = source.raw
            return (self._record(source.name, i, lambda o, n: raw[o : o + n]) for i in sorted(positions))
        path = Path(source.path or source.name)
        if self.stamp is None or _stamp(path) != self.stamp:
            return None
        try:
            handle = path.open("rb")
        except OSError:
            return None
        return self._reads(str(path), handle, sorted(positions))

    def _reads(self, file: str, handle: Any, positions: list[int]) -> Iterator[LoadedRecord]:
        def read(offset: int, length: int) -> bytes:
            handle.seek(offset)
            return bytes(handle.read(length))

        with handle:
            for index in positions:
                yield self._record(file, index, read)

    def _record(self, file: str, index: int, read: Callable[[int, int], bytes]) -> LoadedRecord:
        offset, length, line, column = self._numbers(4 * index, 4)
        if self.elements:
            return LoadedRecord(file, index, line, UNPARSED, "", f"/{index}", read(offset, length), "", column, offset)
        return LoadedRecord(file, index, line, UNPARSED, raw=read(offset, length), offset=offset)


def _stamp(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time (None when it cannot be read)."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


@dataclass
class Partial:
    """A validated partition of a run: its inputs, findings, counts and cross-record facts (picklable)."""

    inputs: list[Input] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    record_counts: dict[str, int] = field(default_factory=dict)
    records: int = 0
    valid: int = 0
    inputs_failed: int = 0
    cross: CrossIndex = field(default_factory=CrossIndex)
    grounding: GroundFacts = field(default_factory=GroundFacts)
    #: input number -> where its records lie, for the inputs whose every record was read from a span of its own
    spans: dict[int, Spans] = field(default_factory=dict)

    def add(self, batch: Batch) -> None:
        """Add the results of the next batch of the partition."""
        self.findings.extend(batch.findings)
        self.records += batch.records
        self.valid += batch.valid
        self.inputs_failed += batch.inputs_failed
        for facts in batch.facts:
            self.cross.add(facts)
        self.cross.add_pools(batch.pools)
        self.cross.unread |= batch.unread
        self.grounding.add(batch.grounding)


def _record_bytes(item: LoadedRecord) -> int:
    """The bytes of a record's own text (0 for a record of a document read whole: its file counts when done)."""
    return len(item.raw) if item.raw is not None else len(item.text) if item.data is UNPARSED else 0


class _Progress:
    """Counts records and input bytes done and passes them to `Options.progress`."""

    def __init__(self, callback: Callable[[int, int], None] | None) -> None:
        self.callback = callback
        self.records = 0
        self.bytes = 0
        self.finished_bytes = 0

    def batch(self, records: Sequence[LoadedRecord]) -> None:
        if self.callback is not None:
            self.add(len(records), sum(_record_bytes(r) for r in records))

    def add(self, records: int, size: int) -> None:
        if self.callback is not None:
            self.records += records
            self.bytes += size
            self.callback(self.records, self.bytes)

    def input_done(self, source: Input) -> None:
        if self.callback is not None:
            self.finished_bytes += _input_bytes(source)
            self.bytes = max(self.bytes, self.finished_bytes)
            self.callback(self.records, self.bytes)


def _input_bytes(source: Input) -> int:
    if source.raw is not None:
        return len(source.raw)
    if source.path is not None:
        try:
            return Path(source.path).stat().st_size
        except OSError:
            return 0
    return 0


def input_size(paths: Iterable[str | Path | Input], glob: str | None = None) -> int:
    """The total size in bytes of the files `paths` name (directories searched as a run searches them; `Input`s
    from `inputs_of` as they are; standard input and pipes count 0): what a progress display measures a run
    against."""
    total = 0
    for item in paths:
        if isinstance(item, Input):
            files = [Path(item.path)] if item.path is not None else []
        else:
            files = [path for path in discover([item], glob) if str(path) != "-"]  # what is skipped counts 0
        for path in files:
            try:
                if path.is_file():
                    total += path.stat().st_size
            except OSError:
                continue
    return total


def _batches(source: Input, partial: Partial, number: int) -> Iterator[list[LoadedRecord]]:
    """Group the records of input `number` into batches; problems reading the input go straight to `partial` (and
    the ids its text declares to `partial.cross.unread`: records that may not have been read), and so do the
    spans of its records (`Spans`) when every one has its own."""
    batch: list[LoadedRecord] = []
    size = 0
    scanned = False
    spans: Spans | None = None
    if source.decoder is None and source.records is None:
        stamp = None if source.raw is not None else _stamp(Path(source.path or source.name))
        spans = Spans(stamp=stamp) if source.raw is not None or stamp is not None else None
    for item in source.read():
        if isinstance(item, LoadProblem):
            partial.findings.append(_problem_finding(item))
            if item.code in INPUT_FAILURES:
                partial.inputs_failed += 1
            if not scanned:
                partial.cross.unread |= _declared_in(source)
                scanned = True
            continue
        batch.append(item)
        if spans is not None and not spans.add(item):
            spans = None
        size += _record_bytes(item)
        if len(batch) >= BATCH_RECORDS or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
    if spans is not None:
        partial.spans[number] = spans


#: The most bytes of an input that could not be read as records scanned for the ids it declares.
SCAN_LIMIT = 1 << 30


def _declared_in(source: Input) -> set[str]:
    """The ids the text of an input declares (`declared_ids`), read in blocks; nothing if it cannot be read."""
    if source.raw is not None:
        return declared_ids(source.raw[:SCAN_LIMIT])
    if source.path is None or not_a_record_file(Path(source.path)) is not None:  # nothing, or not a plain file
        return set()
    found: set[str] = set()
    tail = b""
    try:
        with open(source.path, "rb") as handle:
            for _ in range(SCAN_LIMIT // BATCH_BYTES):
                block = handle.read(BATCH_BYTES)
                if not block:
                    break
                found |= declared_ids(tail + block)
                tail = block[-4096:]
    except OSError:
        pass
    return found


def validate_partition(inputs: Iterable[Input | str | Path], options: Options | None = None) -> Partial:
    """Validate the records of some inputs (file paths, or `Input`s) without the cross-record checks' verdict:
    the result is merged with the other partitions' by `combine`. Runs in this process."""
    options = options or Options()
    return _validate(
        [i if isinstance(i, Input) else Input(str(i), path=str(i)) for i in inputs], options, active_rules(options)
    )


def _validate(inputs: Iterable[Input], options: Options, rules: Sequence[Rule]) -> Partial:
    partial = Partial()
    if options.jobs > 1:
        _validate_in_pool(inputs, options, rules, partial)
        return partial
    progress = _Progress(options.progress)
    for file_number, source in enumerate(inputs):
        partial.inputs.append(source)
        before = partial.records, len(partial.findings)
        try:
            for records in _batches(source, partial, file_number):
                partial.add(check_batch(records, file_number, rules, options.grounding))
                progress.batch(records)
        except MemoryError:  # what took the memory is released by now
            _out_of_memory(partial, source)
        _count(partial, source.name, before)
        progress.input_done(source)
    return partial


def _out_of_memory(partial: Partial, source: Input) -> None:
    """Report an input that could not be checked within the memory the process has (what was checked of it
    stays)."""
    size = _input_bytes(source)
    of = "" if not size else f" of {format_size(size)}" if size < 1 << 20 else f" of {size / (1 << 20):.0f} MiB"
    message = (
        f"there was not enough memory to read and check this input{of} (a document takes two to five times its "
        "size); give the run more memory, or split the input"
    )
    partial.findings.append(_problem_finding(LoadProblem(source.name, "unreadable", message)))
    partial.inputs_failed += 1


def _count(partial: Partial, name: str, before: tuple[int, int]) -> None:
    seen = partial.records - before[0]
    problems = any(f.file == name and f.rule in INPUT_FAILURES for f in partial.findings[before[1] :])
    if seen or not problems:  # a file that could not be read is not also "a file without records"
        partial.record_counts[name] = partial.record_counts.get(name, 0) + seen


def _validate_in_pool(inputs: Iterable[Input], options: Options, rules: Sequence[Rule], partial: Partial) -> None:
    """The record stage in `options.jobs` worker processes; results are merged in input order, so the report
    is the same as with one process."""
    record_adapter()  # built once here: forked workers inherit it
    context = multiprocessing.get_context(_start_method())
    pending: deque[tuple[Future[Batch], int, int]] = deque()
    limit = 4 * options.jobs
    progress = _Progress(options.progress)

    def drain(keep: int) -> None:
        while len(pending) > keep:
            future, count, size = pending.popleft()
            partial.add(future.result())
            progress.add(count, size)

    with ProcessPoolExecutor(max_workers=options.jobs, mp_context=context) as pool:
        for file_number, source in enumerate(inputs):
            partial.inputs.append(source)
            before = partial.records, len(partial.findings)
            try:
                for records in _batches(source, partial, file_number):
                    size = sum(_record_bytes(r) for r in records)
                    future = pool.submit(check_batch, records, file_number, rules, options.grounding)
                    pending.append((future, len(records), size))
                    drain(limit)
                drain(0)  # the input's batches are merged: count its records
            except MemoryError:  # the input's batches not merged yet are dropped
                pending.clear()
                _out_of_memory(partial, source)
            _count(partial, source.name, before)
            progress.input_done(source)


def _start_method() -> str:
    """'fork' where it is safe (POSIX, this process has one thread: workers start at once, with the models
    built); 'spawn' otherwise (each worker imports the package, about a second)."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def combine(partials: Sequence[Partial], options: Options | None = None) -> Report:
    """Merge validated partitions (in the order of their inputs), apply the rules across records over all of
    them, and return one `Report` (the same as validating every input in one run)."""
    options = options or Options()
    return _combine(partials, options, active_rules(options))


def _combine(partials: Sequence[Partial], options: Options, rules: Sequence[Rule]) -> Report:
    merged = Partial()
    try:
        return _combined(partials, merged, options, rules)
    finally:
        if len(partials) != 1:
            merged.cross.close()  # the temporary file of the merged index, if it had one


def _combined(partials: Sequence[Partial], merged: Partial, options: Options, rules: Sequence[Rule]) -> Report:
    for part in partials:
        offset = len(merged.inputs)
        merged.inputs.extend(part.inputs)
        merged.findings.extend(part.findings)
        for name, count in part.record_counts.items():
            merged.record_counts[name] = merged.record_counts.get(name, 0) + count
        merged.records += part.records
        merged.valid += part.valid
        merged.inputs_failed += part.inputs_failed
        merged.spans.update({number + offset: spans for number, spans in part.spans.items()})
        if len(partials) == 1:
            merged.cross = part.cross
            merged.grounding = part.grounding
        else:
            merged.cross.merge(part.cross, offset)
            merged.grounding.add(part.grounding, offset << 32)
    report = Report(
        findings=merged.findings,
        files=len(merged.inputs),
        records=merged.records,
        valid_records=merged.valid,
        inputs_failed=merged.inputs_failed,
        record_counts=merged.record_counts,
    )
    if rules:
        report.findings.extend(_cross_findings(merged, rules))
    if options.grounding is not None:
        resolved = resolve_pending(merged.grounding, options.grounding)
        if resolved.withdrawn:
            report.findings = _withdraw(report.findings, resolved.withdrawn)
        report.findings.extend(_grounding_findings(merged, resolved.problems))
    report.findings = _filter(report.findings, options)
    report.findings.sort(key=lambda f: (f.file, f.line or 0, f.column or 0, f.code))
    report.valid_records = report.records - len(records_with_errors(report.findings))
    return report


def records_with_errors(findings: Iterable[Finding]) -> set[tuple[str, int]]:
    """The records (file, index) that have an error among `findings`: their own, a rule's across records, or a
    grounding one, after `--select`/`--ignore`/`--strict`. The one definition of an invalid record: the counts of
    a report, its exit status and the split into valid and invalid files all follow from it."""
    return {(f.file, f.record_index) for f in findings if f.severity is Severity.error and f.record_index is not None}


#: Records read again at a time to report cross-record findings (memory stays bounded however many there are):
#: the models of rich records are large (with 512, reading the suspects again added 10 MiB to the peak of a run of
#: 20,611 generated records; with 64 the run's peak RSS went from 87.5 to 80.5 MB, and on 100 MB from 129 to
#: 119 MB).
REREAD_CHUNK = 64


def _cross_findings(run: Partial, rules: Sequence[Rule]) -> Iterator[Finding]:
    """The findings of the set rules (their suspects read again, in chunks) and of the file rules."""
    cross = run.cross
    suspects, rescans = find_suspects(cross, rules)
    if rescans:
        _rescan(run, suspects, rescans)
    lookup_keys = {key for i in suspects.lookups if (key := cross.first_key(i)) is not None}
    lookups = {entry.record.id: entry for entry in _read_again(run, lookup_keys)}
    names = [source.name for source in run.inputs]
    known = cross.known()
    memo: dict[object, Any] = {}
    positions = _Positions()
    chunk: list[Entry] = []

    def report(entries: list[Entry]) -> Iterator[Finding]:
        index = Index(entries, known, lookups, names, memo, unread=cross.unread)
        found = list(precise_findings(index, suspects, rules))
        positions.clear()
        return (_cross_finding(c, positions) for c in found)

    for entry in _read_again(run, suspects.keys()):
        chunk.append(entry)
        if len(chunk) >= REREAD_CHUNK:
            yield from report(chunk)
            chunk = []
    if chunk:
        yield from report(chunk)
    positions.clear()
    yield from (_cross_finding(c, positions) for c in file_findings(rules, run.record_counts))


def _grounding_findings(run: Partial, problems: dict[int, list[Problem]]) -> Iterator[Finding]:
    """The grounding findings checked after the record stage (`resolve_pending`): quotes whose texts only
    `Source` records declared, and quotes checked again against the text defects their source declares; placed
    in the records read again (only those with problems)."""
    positions = _Positions()
    for entry in _read_again(run, set(problems)):
        for problem in problems[entry.key]:
            yield _grounding_finding(entry.source, positions, problem, entry.source.data)
        positions.clear()


#: The rules whose record-stage findings a quote checked again after the record stage replaces.
_MATCHING = frozenset({QUOTE_IN_SOURCE, OFFSETS_SELECT_QUOTE})


def _withdraw(findings: list[Finding], withdrawn: set[tuple[str, int, FieldPath]]) -> list[Finding]:
    """`findings` without the record-stage findings of the quotes checked again (`Resolved.withdrawn`)."""
    gone = {(file, key_parts(key)[1], format_path(path)) for file, key, path in withdrawn}
    return [
        f for f in findings if not (f.rule in _MATCHING and (f.file, f.record_index, f.path.rpartition(".")[0]) in gone)
    ]


def _rescan(run: Partial, suspects: Suspects, rescans: Sequence[tuple[str, Rescan]]) -> None:
    """Read every input again and give each record's text to the rules whose facts could not narrow their
    suspects (`SetRule.rescan`), marking the records they pick (the records are not validated here)."""
    for number, source in enumerate(run.inputs):
        for item in source.read():
            if not isinstance(item, LoadedRecord):
                continue
            raw = scannable(_raw(item)) if item.data is UNPARSED else None
            for rule, marks in rescans:
                if marks(raw):
                    suspects.add(record_key(number, item.index), rule)


def _read_again(run: Partial, keys: set[int]) -> Iterator[Entry]:
    """The valid records with these keys, read and validated again, in the run's order: from their spans where
    the run kept them (`Spans`), else by reading their input again."""
    wanted: dict[int, set[int]] = {}
    for key in keys:
        number, position = key_parts(key)
        wanted.setdefault(number, set()).add(position)
    for number, positions in sorted(wanted.items()):
        spans = run.spans.get(number)
        items = spans.read(run.inputs[number], positions) if spans is not None else None
        for item in items if items is not None else run.inputs[number].read():
            if not isinstance(item, LoadedRecord) or item.index not in positions:
                continue
            data = parse_record(item)
            if isinstance(data, LoadProblem) or not isinstance(data, dict):
                continue
            model = _model_of(data)
            if model is not None:
                yield Entry(model, replace(item, data=data), record_key(number, item.index))


def _filter(findings: list[Finding], options: Options) -> list[Finding]:
    kept = [f for f in findings if _selected(options, f.code, f.rule)]
    if options.strict:
        kept = [replace(f, severity=Severity.error) for f in kept]
    return kept


def validate_paths(paths: Iterable[str | Path | Input], options: Options | None = None) -> Report:
    """Validate every record in every file under `paths` (and, with `"-"`, standard input; `Input`s from
    `inputs_of` as they are) and report all findings, including those of the rules across records over everything
    given."""
    return validate_run(paths, options)[0]


def validate_run(paths: Iterable[str | Path | Input], options: Options | None = None) -> tuple[Report, list[Input]]:
    """`validate_paths`, also returning the inputs the run read, which can be read again (standard input is
    kept as bytes): `peace_talks_model.split.write_split` sorts their records by the report. Inputs without a
    decoder of their own are read with the options' (`decoder_for`)."""
    options = options or Options()
    decoder = decoder_for(options)
    found = _each_input(paths, options.glob, options.max_document_size)
    inputs = (i if i.decoder is not None or decoder is None else replace(i, decoder=decoder) for i in found)
    return _run(inputs, options)


def validate_records(
    records: Iterable[Mapping[str, Any]], options: Options | None = None, name: str = "<records>"
) -> Report:
    """Validate records already in memory (dicts) as one run, with the cross-record checks."""
    return _run([Input(name, records=tuple(dict(r) for r in records))], options or Options())[0]


def validate_bytes(
    data: bytes, name: str = "<bytes>", options: Options | None = None, jsonl: bool | None = None
) -> Report:
    """Validate the records in `data` (JSON or JSONL; `jsonl=None` detects which) as one run."""
    return _run([Input(name, raw=data, jsonl=jsonl)], options or Options())[0]


def _run(inputs: Iterable[Input], options: Options) -> tuple[Report, list[Input]]:
    """One run in this process, over `inputs`: the rules it applies are decided once."""
    rules = active_rules(options)
    partial = _validate(inputs, options, rules)
    try:
        return _combine([partial], options, rules), partial.inputs
    finally:
        partial.cross.close()  # the temporary files of the run, if it had any
        for spans in partial.spans.values():
            spans.close()


def _each_input(
    paths: Iterable[str | Path | Input], glob: str | None, max_size: int = MAX_DOCUMENT_SIZE
) -> Iterator[Input]:
    """The inputs of `paths` one by one, as `inputs_of` finds them (a directory is searched when reached)."""
    for item in paths:
        if isinstance(item, Input):
            yield item
        else:
            yield from _inputs([item], glob, max_size)


class _Stdin:
    """Standard input's bytes as a context manager that leaves it open."""

    def __enter__(self) -> Any:
        if sys.stdin is None:
            raise OSError("it is closed")
        return sys.stdin.buffer

    def __exit__(self, *exc: object) -> None:
        return None


def _stdin() -> _Stdin:
    return _Stdin()


def dump_record(record: Record) -> dict[str, Any]:
    """The JSON object of a record as it was written (the inverse of `validate_record`): see `RecordBase.to_dict`."""
    return record.to_dict()


def dumps(records: RecordBase | Iterable[RecordBase], *, indent: int | None = None, jsonl: bool = False) -> str:
    """Records as JSON text, as they were written (`RecordBase.to_dict`): one record as its object; several as a
    JSON array, or with `jsonl` as JSON Lines (one record per line, each line ended). `indent`: spaces per level
    (not with `jsonl`)."""
    if isinstance(records, RecordBase):
        return records.to_json(indent=indent)
    dicts = [record.to_dict() for record in records]
    if jsonl:
        if indent is not None:
            raise ValueError("JSON Lines put one record on each line: no indent")
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
    return json.dumps(dicts, ensure_ascii=False, indent=indent)
