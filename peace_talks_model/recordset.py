"""Record sets: the records of some files (or of records given in memory) as one validated whole, for code that
imports the package.

`load(*paths)` and `load_records(items)` validate their input as `peace-talks validate` does (the same `Finding`
objects, codes, positions and counts) and never stop at a bad file or record. The `RecordSet` they return
iterates the valid records, by type if asked, reading the inputs again each time (memory does not grow with the
input); `RecordSet.index()` builds, only when asked, an in-memory `RecordIndex` that looks records up by id,
resolves references and lists the records that refer to one (backlinks). `RecordSet.dataframes()` gives the flat
tables of `peace-talks export table` as pandas or polars DataFrames.
"""

from __future__ import annotations

import json
import sys
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import jiter
from pydantic import ValidationError

from peace_talks_model.introspect import references
from peace_talks_model.loader import LoadedRecord, LoadProblem, parse_record
from peace_talks_model.models import MODEL_BY_TYPE, Record, RecordBase
from peace_talks_model.models.record_base import DATA
from peace_talks_model.report import Finding, Report
from peace_talks_model.validation import (
    Input,
    Options,
    format_path,
    record_adapter,
    records_with_errors,
    validate_run,
)

if TYPE_CHECKING:
    from peace_talks_model.interop.tables import TableSpec

RecordT = TypeVar("RecordT", bound=RecordBase)


class UnresolvedReferenceError(KeyError):
    """A reference that names no valid record of the set (`RecordIndex.resolve`)."""

    def __init__(self, reference: str, suggestion: str | None = None) -> None:
        self.reference = reference
        self.suggestion = suggestion
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        super().__init__(f"no valid record has the id '{reference}'{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class RecordSetChangedError(RuntimeError):
    """A record read again from its file is not the one the set found there: the file changed after `load`."""


@dataclass(frozen=True, slots=True)
class Placed:
    """A valid record and where it was read: its file and its index there (as `Finding.file`/`record_index`)."""

    record: Record
    file: str
    index: int


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a valid record can be read again: its input (by number), file, index and byte span in the input;
    `kept` holds what cannot be read again from a span (the model of a record of a document read whole, or the
    dict of a record given in memory)."""

    source: int
    file: str
    index: int
    offset: int | None
    size: int
    kept: Any = None


@dataclass(frozen=True, slots=True)
class Backlink:
    """A reference to a record: the id of the record that makes it, and where in that record it is
    (`'signatories[0].actor'`); `record` reads that record (from the index that gave the link)."""

    record_id: str
    path: str
    _index: RecordIndex | None = field(default=None, compare=False, repr=False)

    @property
    def record(self) -> Record:
        """The record that makes the reference."""
        assert self._index is not None, "a Backlink made by hand has no index to read its record from"
        found = self._index.get(self.record_id)
        assert found is not None
        return found


#: Records an index keeps after reading them again (the last ones asked for).
_KEPT = 256


class RecordIndex:
    """The valid records of a set by id, with every reference between them: the ids, where each record is and
    the references (interned strings) are in memory; a record itself is read again from its file when asked for
    (the last 256 are kept), so an index of 71,209 rich records takes about a tenth of the memory of their models.

    Ids are unique among valid records (a later record with an id already used is invalid: `ids_unique`).
    References to ids that no valid record has are kept (`unresolved`), never guessed."""

    def __init__(self, inputs: Sequence[Input], placed: Iterable[tuple[int, LoadedRecord, Record]]) -> None:
        self._inputs = inputs
        self._where: dict[str, _Where] = {}
        self._backlinks: dict[str, list[tuple[str, str]]] = {}
        self._kept: OrderedDict[str, Record] = OrderedDict()
        for source, item, record in placed:
            record_id = sys.intern(record.id)
            kept: Any
            if item.offset is not None and item.raw is not None:
                kept = None  # read again from its span of the input
            elif inputs[source].records is not None:
                kept = item.data  # the dict given in memory
            else:
                kept = record  # a record of a document read whole
            size = len(item.raw) if item.raw is not None else 0
            self._where.setdefault(record_id, _Where(source, item.file, item.index, item.offset, size, kept))
            for path, target in references(record):
                link = (record_id, sys.intern(format_path(path)))
                self._backlinks.setdefault(sys.intern(target), []).append(link)

    def __len__(self) -> int:
        return len(self._where)

    def ids(self) -> list[str]:
        """The ids of the valid records, in input order."""
        return list(self._where)

    def __iter__(self) -> Iterator[Record]:
        for record_id in self._where:
            found = self.get(record_id)
            assert found is not None
            yield found

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._where

    def get(self, record_id: str) -> Record | None:
        """The record with this id, or None.

        Raises:
            RecordSetChangedError: its file changed since the set was loaded (it is no longer there).
        """
        where = self._where.get(record_id)
        if where is None:
            return None
        found = self._kept.get(record_id)
        if found is not None:
            self._kept.move_to_end(record_id)
            return found
        found = self._read(record_id, where)
        self._kept[record_id] = found
        if len(self._kept) > _KEPT:
            self._kept.popitem(last=False)
        return found

    def _read(self, record_id: str, where: _Where) -> Record:
        if isinstance(where.kept, RecordBase):
            return where.kept  # type: ignore[return-value]
        adapter = record_adapter()
        changed = RecordSetChangedError(
            f"{where.file}: record {where.index} is no longer '{record_id}': the file changed after it was loaded"
        )
        try:
            if where.kept is not None:
                record = adapter.validate_python(where.kept, context=DATA)
            else:
                source = self._inputs[where.source]
                assert where.offset is not None
                if source.raw is not None:
                    raw = source.raw[where.offset : where.offset + where.size]
                else:
                    with open(source.path or source.name, "rb") as handle:
                        handle.seek(where.offset)
                        raw = handle.read(where.size)
                record = adapter.validate_python(
                    jiter.from_json(raw, allow_inf_nan=False, catch_duplicate_keys=True), context=DATA
                )
        except (OSError, ValueError) as exc:  # ValidationError is a ValueError
            raise changed from exc
        if record.id != record_id:
            raise changed
        return record

    def where(self, record_id: str) -> tuple[str, int] | None:
        """The file and index the record with this id was read from, or None."""
        found = self._where.get(record_id)
        return None if found is None else (found.file, found.index)

    def resolve(self, reference: str) -> Record:
        """The record a reference names.

        Raises:
            UnresolvedReferenceError: no valid record has that id (with the closest id, when one is close).
        """
        found = self.get(reference)
        if found is not None:
            return found
        import difflib  # noqa: PLC0415

        close = difflib.get_close_matches(reference, list(self._where), n=1, cutoff=0.8)
        raise UnresolvedReferenceError(reference, close[0] if close else None)

    def references(self, record: Record) -> list[tuple[str, str, Record | None]]:
        """Every reference `record` makes: (path, id it names, the record it resolves to or None)."""
        return [(format_path(path), target, self.get(target)) for path, target in references(record)]

    def backlinks(self, record_id: str) -> list[Backlink]:
        """The references to the record with this id, in the order the set holds the records that make them (a
        record that refers to it twice appears twice, with two paths)."""
        return [Backlink(source, path, self) for source, path in self._backlinks.get(record_id, ())]

    def unresolved(self) -> dict[str, list[Backlink]]:
        """The ids referred to that no valid record of the set has, with the references to each."""
        return {target: self.backlinks(target) for target in self._backlinks if target not in self._where}


@dataclass
class RecordSet:
    """The records of some inputs, validated as one run: every finding, and the valid records read again on demand.

    A record is valid when no error is about it (its own, a rule's across records, or grounding), as the counts of
    `peace-talks validate` say; `records(valid_only=False)` also gives the records whose model is valid but that
    break a rule across records (a duplicate id, a reference to nothing)."""

    report: Report
    inputs: list[Input]
    options: Options = field(default_factory=Options)
    _index: RecordIndex | None = field(default=None, repr=False)

    @property
    def findings(self) -> list[Finding]:
        """Every finding, as `peace-talks validate` reports them (same order, codes and positions)."""
        return self.report.findings

    @property
    def errors(self) -> list[Finding]:
        """The findings that are errors."""
        return [f for f in self.report.findings if f.severity.value == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings that are warnings."""
        return [f for f in self.report.findings if f.severity.value == "warning"]

    @property
    def ok(self) -> bool:
        """True when no finding is an error and every input could be read."""
        return self.report.exit_code == 0

    def findings_for(self, record_id: str) -> list[Finding]:
        """The findings about the record(s) with this id."""
        return [f for f in self.report.findings if f.record_id == record_id]

    def _read(self, valid_only: bool) -> Iterator[tuple[int, LoadedRecord, Record]]:
        flagged = records_with_errors(self.report.findings) if valid_only else set()
        adapter = record_adapter()
        for number, source in enumerate(self.inputs):
            for item in source.read():
                if isinstance(item, LoadProblem) or (item.file, item.index) in flagged:
                    continue
                data = parse_record(item)
                if isinstance(data, LoadProblem) or not isinstance(data, dict):
                    continue
                try:
                    record = adapter.validate_python(data, context=DATA)
                except (ValidationError, ValueError):
                    continue
                yield number, replace(item, data=data), record

    @overload
    def records(self, kind: None = None, *, valid_only: bool = True) -> Iterator[Record]: ...
    @overload
    def records(self, kind: type[RecordT], *, valid_only: bool = True) -> Iterator[RecordT]: ...
    @overload
    def records(self, kind: str, *, valid_only: bool = True) -> Iterator[Record]: ...
    def records(self, kind: type[RecordBase] | str | None = None, *, valid_only: bool = True) -> Iterator[Any]:
        """The valid records in input order, read again from the inputs (memory does not grow with them); `kind`
        (a record class such as `Agreement`, or its `record_type`, `'agreement'`) keeps one type.

        Raises:
            ValueError: `kind` names no record type.
        """
        model = _model_of(kind)
        for _, _, record in self._read(valid_only):
            if model is None or isinstance(record, model):
                yield record

    def __iter__(self) -> Iterator[Record]:
        return self.records()

    def placed(self, *, valid_only: bool = True) -> Iterator[Placed]:
        """The valid records with the file and index each was read from (as `Finding.file`/`record_index`)."""
        return (Placed(record, item.file, item.index) for _, item, record in self._read(valid_only))

    def index(self) -> RecordIndex:
        """The valid records in memory, by id, with their references and backlinks (built once, on first use)."""
        if self._index is None:
            self._index = RecordIndex(self.inputs, self._read(valid_only=True))
        return self._index

    def get(self, record_id: str) -> Record | None:
        """The valid record with this id, or None (builds the `index`)."""
        return self.index().get(record_id)

    def resolve(self, reference: str) -> Record:
        """The valid record a reference names (builds the `index`; see `RecordIndex.resolve`)."""
        return self.index().resolve(reference)

    def backlinks(self, record_id: str) -> list[Backlink]:
        """The references to a record among the valid records (builds the `index`)."""
        return self.index().backlinks(record_id)

    def counts(self) -> dict[str, int]:
        """How many valid records of each type the set holds, in the order of the record types."""
        found = dict.fromkeys(MODEL_BY_TYPE, 0)
        for record in self.records():
            found[record.record_type] += 1
        return {kind: n for kind, n in found.items() if n}

    def rows(self, *, valid_only: bool = True) -> dict[str, tuple[TableSpec, list[list[str]]]]:
        """The flat tables of `peace-talks export table` (`peace_talks_model.interop.tables`) of the valid records,
        in memory: table name -> (its spec, its rows as CSV cells); tables without rows are left out."""
        from peace_talks_model.interop.tables import flatten_record, table_specs  # noqa: PLC0415

        specs = {spec.name: spec for spec in table_specs()}
        rows: dict[str, list[list[str]]] = {}
        for record in self.records(valid_only=valid_only):
            flatten_record(record, lambda name, row: rows.setdefault(name, []).append(row))
        return {name: (specs[name], rows[name]) for name in specs if name in rows}

    def dataframes(self, library: Literal["pandas", "polars"] = "pandas", *, valid_only: bool = True) -> dict[str, Any]:
        """The flat tables (see `rows`) as DataFrames, each column typed as in the Parquet export (integers,
        numbers, booleans; empty cells missing) and named as in the CSV files.

        Raises:
            ImportError: the library is not installed (`pip install pandas` or `polars`).
        """
        from peace_talks_model.interop.tables import typed_value  # noqa: PLC0415

        tables = self.rows(valid_only=valid_only)
        frames: dict[str, Any] = {}
        for name, (spec, rows) in tables.items():
            columns = {
                column.name: [typed_value(column, row[i]) for row in rows] for i, column in enumerate(spec.columns)
            }
            frames[name] = _frame(library, spec, columns)
        return frames


_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def _frame(library: str, spec: TableSpec, columns: dict[str, list[Any]]) -> Any:
    if library == "pandas":
        import pandas as pd  # noqa: PLC0415

        return pd.DataFrame({c.name: pd.array(columns[c.name], dtype=_PANDAS_TYPES[c.type]) for c in spec.columns})
    if library == "polars":
        import polars as pl  # noqa: PLC0415

        types = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}
        return pl.DataFrame(columns, schema={c.name: types[c.type] for c in spec.columns})
    raise ValueError(f"library must be 'pandas' or 'polars', not {library!r}")


def _model_of(kind: type[RecordBase] | str | None) -> type[RecordBase] | None:
    if kind is None:
        return None
    if isinstance(kind, str):
        model = MODEL_BY_TYPE.get(kind)
        if model is None:
            raise ValueError(f"'{kind}' is not a record type (one of {', '.join(MODEL_BY_TYPE)})")
        return model
    if isinstance(kind, type) and issubclass(kind, RecordBase) and kind in MODEL_BY_TYPE.values():
        return kind
    raise ValueError(f"{kind!r} is not a record class (one of {', '.join(m.__name__ for m in MODEL_BY_TYPE.values())})")


def load(*paths: str | Path, options: Options | None = None) -> RecordSet:
    """Read and validate every record file under `paths` (files; directories searched as `peace-talks validate`
    does; `'-'` for standard input, kept in memory so that it can be read again) as one run, with every rule
    of `options` (the defaults of `peace-talks validate` without options). Never raises for bad input: an
    unreadable file, broken JSON or an invalid record is a finding of the set."""
    options = options or Options()
    report, inputs = validate_run(paths, options)
    return RecordSet(report, inputs, options)


def load_records(
    items: Iterable[Mapping[str, Any] | str | bytes], options: Options | None = None, name: str = "<records>"
) -> RecordSet:
    """Validate records given in memory as one run: dicts, or JSON texts (one record each; str or bytes), mixed as
    you like. Findings name the input `name`, with the item's number (from 1) as its line; a text written over
    several lines is read on its own, as the input `name#N` (N: its number), so that its positions stay exact.

    Raises:
        TypeError: a dict holds a value JSON has no form for (a `datetime.date`, a set...), when dicts and texts
            are mixed (dicts alone are validated as they are, and such a value is a finding).
    """
    options = options or Options()
    given = list(items)
    if all(isinstance(item, Mapping) for item in given):
        inputs = [Input(name, records=tuple(dict(item) for item in given))]  # type: ignore[arg-type]
    else:
        lines: list[bytes] = []
        alone: list[Input] = []
        for number, item in enumerate(given, 1):
            raw = _text(item, number)
            if b"\n" in raw or b"\r" in raw:
                alone.append(Input(f"{name}#{number}", raw=raw, jsonl=False))
                raw = b""  # a blank line: the item numbers stay the line numbers
            elif not raw.strip():
                raw = b"null"  # an empty item is a finding, not a skipped line
            lines.append(raw)
        inputs = [Input(name, raw=b"\n".join(lines) + b"\n", jsonl=True), *alone]
    report, read = validate_run(inputs, options)
    return RecordSet(report, read, options)


def _text(item: Mapping[str, Any] | str | bytes, number: int) -> bytes:
    """The JSON text of an item of `load_records`."""
    if isinstance(item, Mapping):
        try:
            return json.dumps(item, ensure_ascii=False, allow_nan=True).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise TypeError(f"item {number} of the records has a value JSON cannot hold: {exc}") from exc
    if isinstance(item, str):
        return item.encode("utf-8", errors="surrogatepass")
    return bytes(item)
