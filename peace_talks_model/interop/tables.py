"""Export records as linked tables for analysts: one CSV per record type, one per kind of list item (shared by every
list of that kind, wherever it is), one for references and one for plain values, with stable keys (and Parquet
copies when `pyarrow` is installed).

`table_specs()` derives every table, its key and its columns from the record models (so the column set depends on
the contract version only, never on the data); `export_tables(paths, out)` streams the records of `paths` into
those tables and writes the directory `out` whole or not at all, with `tables.json` and `README.md` describing
every table and column; `rebuild_records(directory)` reads the tables back into the records' JSON (the inverse,
which shows that nothing is lost); `EXPORTER` is `peace-talks export table`. The layout, the naming rules and a
worked join are in `docs/export/tables.md`.
"""

from __future__ import annotations

import csv
import enum
import functools
import io
import json
import os
import re
import secrets
import shutil
import stat
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from peace_talks_model._version import SCHEMA_VERSION, __version__
from peace_talks_model.errors import InputError
from peace_talks_model.interop.contract import Exporter, ExportOptions, ExportProblem, ExportResult, export_failures
from peace_talks_model.introspect import ref_types
from peace_talks_model.io import read_records, write_text
from peace_talks_model.loader import TABLE_EXPORT_GENERATOR, discover
from peace_talks_model.models import MODEL_BY_TYPE, RecordBase

#: Written into `tables.json` (first, so that a directory search can tell the file is not records:
#: `peace_talks_model.loader.is_table_export_dictionary`); a directory whose `tables.json` says so was written by
#: this exporter.
GENERATOR = TABLE_EXPORT_GENERATOR
#: The output formats.
FORMATS = ("csv", "parquet")
#: Bytes of CSV text a table keeps in memory before appending them to its file.
_BUFFER_BYTES = 16 * 1024
#: Rows per Parquet row group (and per batch read from the CSV).
_PARQUET_BATCH = 10_000


class TablesOutputError(InputError, OSError):
    """The output directory cannot be written: it holds files this exporter did not write, or it is a file."""


class ParquetUnavailableError(InputError, RuntimeError):
    """Parquet output was asked for but `pyarrow` is not installed."""


# --------------------------------------------------------------------------------------------------
# Table specifications, derived from the models
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its header, type, whether it may be empty, its description, and the path of the
    field it holds within the table's item (empty for key columns)."""

    name: str
    type: Literal["string", "integer", "number", "boolean"]
    nullable: bool
    description: str
    path: tuple[str, ...] = ()
    key: bool = False
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One table: its name (also its file name without suffix), its kind ('record': one row per record of
    `record_type`; 'items': one row per item of every list whose items are of one kind, wherever it occurs;
    'links': one row per item of a list of references to records; 'values': one row per item of a list of plain
    values), the lists that feed it (dotted paths from the record type, e.g. `agreement.provisions.commitments`),
    a description and its columns (keys first)."""

    name: str
    kind: Literal["record", "items", "links", "values"]
    record_type: str | None
    lists: tuple[str, ...]
    description: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> tuple[str, ...]:
        """The names of the key columns, which identify a row."""
        return tuple(c.name for c in self.columns if c.key)


@dataclass(frozen=True, slots=True)
class _Scalar:
    type: Literal["string", "integer", "number", "boolean", "mixed"]
    codes: tuple[str, ...] = ()


@dataclass(slots=True)
class _Field:
    """A field of an object shape: a scalar (its column index), a nested object, or a list (the table of its
    items)."""

    name: str
    optional: bool
    scalar: _Scalar | None = None
    column: int = -1
    obj: _Object | None = None
    table: _Table | None = None


@dataclass(slots=True)
class _Object:
    fields: list[_Field]


@dataclass(slots=True)
class _Table:
    spec: TableSpec
    item: _Object | None  # the item's shape; None for links and values (one `target` or `value` column)
    scalar: _Scalar | None
    model: type[BaseModel] | None = None


#: The columns every list table starts with: where the item is (`record_id`, `pointer`: the key), then which list
#: it belongs to (`record_type`, `parent`, `field`, `position`).
LIST_KEYS = ("record_id", "pointer")
_CONTEXT = 6  # the number of those columns


def _list_columns() -> list[Column]:
    return [
        Column(
            "record_id",
            "string",
            False,
            "The id of the record the item belongs to: `id` in the table named by `record_type`.",
            key=True,
        ),
        Column(
            "pointer",
            "string",
            False,
            "The item's JSON pointer within its record (`/provisions/3`, `/provisions/3/commitments/0`): with "
            "`record_id` the row's key; the items of a list inside this item have it as their `parent`.",
            key=True,
        ),
        Column(
            "record_type", "string", False, "The type of the record the item belongs to.", codes=tuple(MODEL_BY_TYPE)
        ),
        Column(
            "parent",
            "string",
            False,
            "The JSON pointer of the object holding the list: empty for the record itself (join the record table on "
            "`id` = `record_id`), else the `pointer` of a row of another list table (join on `record_id` and "
            "`pointer` = `parent`).",
        ),
        Column(
            "field",
            "string",
            False,
            "The list's field within the object holding it, dotted through nested objects (`parties`, "
            "`place.identifiers`, `attribution.via`).",
        ),
        Column("position", "integer", False, "The 0-based position of the item in its list, in input order."),
    ]


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class _Builder:
    """Walks the models once: one record table per record type, and one list table per kind of list item (a
    model class, references, or plain values), shared by every list of that kind."""

    def __init__(self) -> None:
        self.roots: dict[str, _Table] = {}
        self.tables: dict[str, _Table] = {}

    def build(self) -> None:
        for record_type, model in MODEL_BY_TYPE.items():
            columns: list[Column] = [Column("id", "string", False, _describe(model, "id"), ("id",), key=True)]
            item = self._object(model, (), columns, nullable=False, skip_id=True, stack=())
            spec = TableSpec(record_type, "record", record_type, (), _first_line(model.__doc__), tuple(columns))
            self.roots[record_type] = _Table(spec, item, None, model)
        clash = set(self.roots) & set(self.tables)
        if clash:
            raise TypeError(f"list tables named like record types: {sorted(clash)}")

    def _object(
        self,
        model: type[BaseModel],
        prefix: tuple[str, ...],
        columns: list[Column],
        *,
        nullable: bool,
        skip_id: bool = False,
        stack: tuple[type[BaseModel], ...],
    ) -> _Object:
        if model in stack:
            raise TypeError(f"{model.__name__} contains itself: recursive models cannot be flattened into tables")
        hints = typing.get_type_hints(model, include_extras=True)
        fields: list[_Field] = []
        for name, info in model.model_fields.items():
            if skip_id and name == "id":
                continue
            shape, optional = _shape(hints[name])
            path = (*prefix, name)
            text = info.description or ""
            entry = _Field(name, optional)
            if isinstance(shape, _Scalar):
                entry.scalar = shape
                entry.column = len(columns)
                column_type = "string" if shape.type == "mixed" else shape.type
                columns.append(
                    Column("__".join(path), column_type, nullable or optional, text, path, codes=shape.codes)
                )
                if shape.type == "mixed":
                    columns.append(
                        Column(
                            "__".join(path) + "__type",
                            "string",
                            True,
                            f"The JSON type of `{'__'.join(path)}` (a value of several types is written as text).",
                            path,
                            codes=("string", "integer", "number", "boolean"),
                        )
                    )
            elif isinstance(shape, tuple):  # a list
                reference = ref_types(info.annotation, info.metadata) is not None
                entry.table = self._list(shape[1], reference=reference, stack=(*stack, model))
            else:
                entry.obj = self._object(shape, path, columns, nullable=nullable or optional, stack=(*stack, model))
            fields.append(entry)
        return _Object(fields)

    def _list(self, item: type[BaseModel] | _Scalar, *, reference: bool, stack: tuple[type[BaseModel], ...]) -> _Table:
        if isinstance(item, _Scalar):
            if item.type != "string":
                raise TypeError(f"lists of {item.type} values are not supported (only lists of text)")
            name: Literal["links", "values"] = "links" if reference else "values"
            if name not in self.tables:
                column = (
                    Column("target", "string", False, "The id of the record the list refers to.")
                    if reference
                    else Column("value", "string", False, "The value (a code or a text; the list's field says which).")
                )
                description = (
                    "Every list of references to other records (`parties`, `mediators`, `negotiations`...): one row "
                    "per reference."
                    if reference
                    else "Every list of plain values (codes and texts: `purposes`, `nationalities`, `pax_codes`...): "
                    "one row per value."
                )
                spec = TableSpec(name, name, None, (), description, (*_list_columns(), column))
                self.tables[name] = _Table(spec, None, _Scalar("string"))
            return self.tables[name]
        item_name = _snake(item.__name__)
        table = self.tables.get(item_name)
        if table is not None:
            if table.model is not item:
                raise TypeError(f"two item models give the table name {item_name}: {table.model} and {item}")
            return table
        columns = _list_columns()
        spec = TableSpec(item_name, "items", None, (), "", ())
        table = _Table(spec, None, None, item)
        self.tables[item_name] = table  # before the walk, so that the order is the order of first use
        table.item = self._object(item, (), columns, nullable=False, stack=stack)
        names = [c.name for c in columns]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise TypeError(f"{item_name}: column names {twice} clash; the naming rules need extending")
        table.spec = TableSpec(item_name, "items", None, (), _first_line(item.__doc__), tuple(columns))
        return table


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n\n")[0].replace("\n", " ")


def _describe(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].description or ""


def _shape(annotation: Any) -> tuple[_Scalar | type[BaseModel] | tuple[str, Any], bool]:
    """The shape of a field's type (a scalar, a model, or ('list', item shape)) and whether it may be null."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(members) < len(get_args(annotation))
        shapes = [_shape(m)[0] for m in members]
        if len(shapes) == 1:
            return shapes[0], optional
        if all(isinstance(s, _Scalar) for s in shapes):
            kinds = {s.type for s in shapes if isinstance(s, _Scalar)}
            return _Scalar("number" if kinds <= {"integer", "number"} else "mixed"), optional
        raise TypeError(f"unions of objects cannot be flattened: {annotation}")
    if origin is list:
        item = _shape(get_args(annotation)[0])[0]
        if isinstance(item, tuple):
            raise TypeError(f"lists of lists cannot be flattened: {annotation}")
        return ("list", item), False
    if origin is Literal:
        return _Scalar("string", tuple(str(a) for a in get_args(annotation))), False
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return annotation, False
        if issubclass(annotation, enum.Enum):
            return _Scalar("string", tuple(str(m.value) for m in annotation)), False
        if issubclass(annotation, bool):
            return _Scalar("boolean"), False
        if issubclass(annotation, int):
            return _Scalar("integer"), False
        if issubclass(annotation, float):
            return _Scalar("number"), False
        if issubclass(annotation, str):
            return _Scalar("string"), False
    raise TypeError(f"no table type for {annotation!r}")


@functools.cache
def _built() -> _Builder:
    builder = _Builder()
    builder.build()
    _document_lists(builder)
    return builder


def _roots() -> dict[str, _Table]:
    return _built().roots


def _document_lists(builder: _Builder) -> None:
    """Give every list table the dotted paths of the lists that feed it (walking every record type's fields)."""
    feeds: dict[str, list[str]] = {name: [] for name in builder.tables}

    def walk(obj: _Object, path: tuple[str, ...]) -> None:
        for f in obj.fields:
            if f.obj is not None:
                walk(f.obj, (*path, f.name))
            elif f.table is not None:
                feeds[f.table.spec.name].append(".".join((*path, f.name)))
                if f.table.item is not None:
                    walk(f.table.item, (*path, f.name))

    for record_type, root in builder.roots.items():
        assert root.item is not None
        walk(root.item, (record_type,))
    for name, table in builder.tables.items():
        spec = table.spec
        table.spec = TableSpec(spec.name, spec.kind, None, tuple(feeds[name]), spec.description, spec.columns)


def table_specs() -> list[TableSpec]:
    """Every table of the current contract version, in a fixed order: the record tables in documentation order,
    then the list tables in the order the fields first use them."""
    built = _built()
    return [t.spec for t in (*built.roots.values(), *built.tables.values())]


# --------------------------------------------------------------------------------------------------
# Flattening records into rows
# --------------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_type(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


class _Sink:
    """The rows of one table: CSV text kept in memory up to a few kilobytes, then appended to the file."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.path = path
        self.rows = 0
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._writer.writerow(header)
        self.flush()

    def write(self, row: Sequence[str]) -> None:
        self._writer.writerow(row)
        self.rows += 1
        if self._buffer.tell() > _BUFFER_BYTES:
            self.flush()

    def flush(self) -> None:
        with self.path.open("a", encoding="utf-8", newline="") as out:
            out.write(self._buffer.getvalue())
        self._buffer.seek(0)
        self._buffer.truncate()


def _fill(
    obj: _Object,
    data: dict[str, Any],
    row: list[str],
    lists: list[tuple[_Table, tuple[str, ...], list[Any]]],
    prefix: tuple[str, ...],
) -> None:
    for f in obj.fields:
        value = data.get(f.name)
        if f.scalar is not None:
            row[f.column] = _cell(value)
            if f.scalar.type == "mixed":
                row[f.column + 1] = _json_type(value)
        elif f.obj is not None:
            if value is not None:
                _fill(f.obj, value, row, lists, (*prefix, f.name))
        elif f.table is not None and value:
            lists.append((f.table, (*prefix, f.name), value))


def _emit_lists(
    lists: list[tuple[_Table, tuple[str, ...], list[Any]]],
    context: tuple[str, str, str],
    emit: Callable[[str, list[str]], None],
) -> None:
    record_id, record_type, parent = context
    for table, path, items in lists:
        for position, item in enumerate(items):
            pointer = f"{parent}/{'/'.join(path)}/{position}"
            row = [""] * len(table.spec.columns)
            row[:_CONTEXT] = [record_id, pointer, record_type, parent, ".".join(path), str(position)]
            inner: list[tuple[_Table, tuple[str, ...], list[Any]]] = []
            if table.item is not None:
                _fill(table.item, item, row, inner, ())
            else:
                row[_CONTEXT] = _cell(item)
            emit(table.spec.name, row)
            _emit_lists(inner, (record_id, record_type, pointer), emit)


def flatten_record(record: RecordBase, emit: Callable[[str, list[str]], None]) -> None:
    """Give `emit(table name, row)` every row a record makes (cells as written to the CSV files, keys first): its
    row in the record table, then each list item's row, depth-first in field and list order."""
    data = record.model_dump(mode="json")
    root = _roots()[record.RECORD_TYPE]
    assert root.item is not None
    row = [""] * len(root.spec.columns)
    row[0] = data["id"]
    lists: list[tuple[_Table, tuple[str, ...], list[Any]]] = []
    _fill(root.item, data, row, lists, ())
    emit(root.spec.name, row)
    _emit_lists(lists, (data["id"], record.RECORD_TYPE, ""), emit)


# --------------------------------------------------------------------------------------------------
# The export
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TablesSummary:
    """What an export wrote: the directory, the records read per record type, the rows per table, the formats."""

    directory: Path
    records: dict[str, int]
    rows: dict[str, int]
    formats: tuple[str, ...]

    @property
    def files(self) -> int:
        """How many files the directory holds (every table in every format, tables.json and README.md)."""
        return len(self.rows) * len(self.formats) + 2


def _owned_files(directory: Path) -> set[str] | None:
    """The files a previous export listed in `directory/tables.json`, or None when it is not such a directory."""
    try:
        manifest = json.loads((directory / "tables.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("generator") != GENERATOR:
        return None
    files = {"tables.json", "README.md"}
    for table in manifest.get("tables", []):
        if isinstance(table, dict):
            files.update(str(f) for f in table.get("files", []))
    return files


def check_output_directory(out: Path) -> None:
    """Raise `TablesOutputError` unless `out` is absent, an empty directory, or a directory this exporter wrote
    (its `tables.json` says so and it holds no file that `tables.json` does not list)."""
    if out.exists() and not out.is_dir():
        raise TablesOutputError(f"{out} is a file, not a directory")
    if not out.is_dir():
        return
    present = {p.name for p in out.iterdir()}
    if not present:
        return
    owned = _owned_files(out)
    if owned is None:
        raise TablesOutputError(
            f"{out} is not empty and was not written by '{GENERATOR}' (no tables.json of ours); "
            "choose a new or empty directory"
        )
    foreign = sorted(present - owned)
    if foreign:
        shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise TablesOutputError(f"{out} holds files a table export did not write ({shown}); they would be lost")


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional dependency
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError:
        raise ParquetUnavailableError(
            "Parquet output needs pyarrow: pip install pyarrow (in a clone of the project, its 'tables' extra: "
            "pip install -e '.[tables]'), or use --format csv"
        ) from None
    return pa, pq


def export_tables(paths: Iterable[str | Path], out: Path, formats: Sequence[str] = ("csv",)) -> TablesSummary:
    """Export the records of `paths` as linked tables into the directory `out`, whole or not at all.

    The tables are written into a new temporary directory beside `out`, which then takes `out`'s place (a
    previous export in `out` is moved aside first and deleted after). Raises `InvalidRecordsError` (nothing
    written) for an input that cannot be read or holds an invalid record, `TablesOutputError` when `out` holds
    files this exporter did not write, `ParquetUnavailableError` for Parquet without pyarrow, and `OSError` when
    writing fails (nothing written either)."""
    chosen = tuple(f for f in FORMATS if f in formats)
    if not chosen or set(formats) - set(FORMATS):
        raise ValueError(f"formats must be among {FORMATS}, got {tuple(formats)}")
    if "parquet" in chosen:
        _pyarrow()
    check_output_directory(out)
    # an earlier export inside an input directory is not input (its tables.json is not a record file)
    inside = out.resolve()
    paths = [p for p in discover(paths) if str(p) == "-" or not p.resolve().is_relative_to(inside)]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = _new_directory(out.parent, f".{out.name}.tmp-")
    try:
        summary = _write_tables(paths, staging, chosen)
        _replace_directory(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return TablesSummary(out, summary.records, summary.rows, chosen)


def _write_tables(paths: Iterable[str | Path], directory: Path, formats: tuple[str, ...]) -> TablesSummary:
    specs = table_specs()
    sinks = {spec.name: _Sink(directory / f"{spec.name}.csv", [c.name for c in spec.columns]) for spec in specs}
    records = dict.fromkeys(MODEL_BY_TYPE, 0)

    def emit(table: str, row: list[str]) -> None:
        sinks[table].write(row)

    for record in read_records(paths).check().records:
        records[record.record_type] += 1
        flatten_record(record, emit)
    for sink in sinks.values():
        sink.flush()
    rows = {name: sink.rows for name, sink in sinks.items()}
    if "parquet" in formats:
        for spec in specs:
            _write_parquet(spec, directory / f"{spec.name}.csv", directory / f"{spec.name}.parquet")
    if "csv" not in formats:
        for spec in specs:
            (directory / f"{spec.name}.csv").unlink()
    summary = TablesSummary(directory, records, rows, formats)
    write_text(directory / "tables.json", _manifest_text(_manifest(specs, summary)))
    write_text(directory / "README.md", _readme(specs, summary))
    _sync(directory)
    return summary


def _new_directory(parent: Path, prefix: str) -> Path:
    """A new directory `parent/<prefix><random>`, with the permissions the user's umask gives (not mkdtemp's 0700,
    since it becomes the output directory)."""
    while True:
        candidate = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            candidate.mkdir()
        except FileExistsError:  # pragma: no cover - a collision of 32 random bits
            continue
        return candidate


def _sync(directory: Path) -> None:
    """Put the directory's files on disk before it is renamed into place: one `sync()` where the system has it
    (hundreds of `fsync` calls take far longer), else an `fsync` per file."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in directory.iterdir():  # pragma: no cover - systems without sync()
        with path.open("rb+") as handle:
            os.fsync(handle.fileno())


def _keep_modes(old: Path, new: Path) -> None:
    """Give `new` the permissions of the directory it replaces, and each of its files those of the file of the
    same name there (as a rewritten file keeps its mode); a new file keeps what the umask gave it."""
    new.chmod(stat.S_IMODE(old.stat().st_mode))
    for path in new.iterdir():
        try:
            path.chmod(stat.S_IMODE((old / path.name).stat().st_mode))
        except FileNotFoundError:
            continue


def _replace_directory(staging: Path, out: Path) -> None:
    """Put the finished `staging` directory in `out`'s place: a rename when `out` is absent or empty; otherwise
    the previous export is renamed aside, `staging` renamed into place, and the previous export deleted."""
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
    if not out.exists():
        staging.rename(out)
        return
    _keep_modes(out, staging)
    aside = _new_directory(out.parent, f".{out.name}.old-")
    aside.rmdir()
    out.rename(aside)
    try:
        staging.rename(out)
    except BaseException:
        aside.rename(out)
        raise
    shutil.rmtree(aside, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------------------------------


_ARROW_TYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool_"}


def typed_value(column: Column, text: str) -> Any:
    """A cell of the CSV files as the Parquet files and DataFrames hold it: an int, a float or a bool by the
    column's type; an empty cell is None (an empty string in a string column that is never empty)."""
    if text == "":
        return "" if column.type == "string" and not column.nullable else None
    if column.type == "integer":
        return int(text)
    if column.type == "number":
        return float(text)
    if column.type == "boolean":
        return text == "true"
    return text


def _write_parquet(spec: TableSpec, source: Path, target: Path) -> None:
    """Write one table as Parquet from its finished CSV, a batch of rows at a time; each column's description is
    kept in the field's metadata."""
    pa, pq = _pyarrow()
    schema = pa.schema([
        pa.field(
            c.name,
            getattr(pa, _ARROW_TYPES[c.type])(),
            nullable=c.nullable,
            metadata={"description": c.description},
        )
        for c in spec.columns
    ])  # fmt: skip
    with source.open(encoding="utf-8", newline="") as handle, pq.ParquetWriter(target, schema) as writer:
        reader = csv.reader(handle)
        next(reader)
        batch: list[list[str]] = []
        wrote = False
        for row in reader:
            batch.append(row)
            if len(batch) == _PARQUET_BATCH:
                writer.write_table(_arrow_table(pa, schema, spec, batch))
                batch, wrote = [], True
        if batch or not wrote:
            writer.write_table(_arrow_table(pa, schema, spec, batch))


def _arrow_table(pa: Any, schema: Any, spec: TableSpec, rows: list[list[str]]) -> Any:
    arrays = [
        pa.array([typed_value(column, row[index]) for row in rows], type=schema.field(index).type)
        for index, column in enumerate(spec.columns)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


# --------------------------------------------------------------------------------------------------
# The data dictionary
# --------------------------------------------------------------------------------------------------


def _manifest(specs: list[TableSpec], summary: TablesSummary) -> dict[str, Any]:
    return {
        "generator": GENERATOR,
        "package_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "formats": list(summary.formats),
        "encoding": "UTF-8 without a byte-order mark; RFC 4180 quoting; CRLF line ends; an empty cell is null",
        "records": summary.records,
        "tables": [
            {
                "name": spec.name,
                "files": [f"{spec.name}.{suffix}" for suffix in summary.formats],
                "kind": spec.kind,
                **({"record_type": spec.record_type} if spec.record_type else {"lists": list(spec.lists)}),
                "key": list(spec.key),
                "rows": summary.rows[spec.name],
                "description": spec.description,
                "columns": [
                    {
                        "name": c.name,
                        "type": c.type,
                        "nullable": c.nullable,
                        "description": c.description,
                        **({"codes": list(c.codes)} if c.codes else {}),
                    }
                    for c in spec.columns
                ],
            }
            for spec in specs
        ],
    }


def _manifest_text(manifest: dict[str, Any]) -> str:
    """`tables.json`: indented JSON with each column on one line (the dictionary has thousands of columns)."""
    head = json.dumps({k: v for k, v in manifest.items() if k != "tables"}, indent=2, ensure_ascii=False)
    tables = []
    for table in manifest["tables"]:
        fields = {k: v for k, v in table.items() if k != "columns"}
        columns = ",\n".join("      " + json.dumps(c, ensure_ascii=False) for c in table["columns"])
        tables.append("    " + json.dumps(fields, ensure_ascii=False)[:-1] + ', "columns": [\n' + columns + "\n    ]}")
    return head[:-2] + ',\n  "tables": [\n' + ",\n".join(tables) + "\n  ]\n}\n"


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _readme(specs: list[TableSpec], summary: TablesSummary) -> str:
    """`README.md`: the layout rules, every table with its key and row count, and the columns of the tables that
    have rows (`tables.json` describes the columns of every table, with the codes each may hold)."""
    lines = [
        "# Peace-process records as linked tables",
        "",
        f"Written by `{GENERATOR}` (peace-talks-model {__version__}, record contract {SCHEMA_VERSION}). "
        "`tables.json` is the full data dictionary (every table, key, column, type, description and code list); "
        "the layout and a worked join in pandas and R are in `docs/export/tables.md` of the package.",
        "",
        "- `<record_type>.csv` (one per record type): one row per record; `id` is the key. Nested objects are "
        "flattened into columns joined by `__` (`date__edtf`, `place__country`).",
        "- `links.csv`: one row per item of every list of references to records (`parties`, `mediators`...): "
        "`target` is the referenced record's id.",
        "- `values.csv`: one row per item of every list of plain values (codes and texts).",
        "- `<item>.csv` (`evidence`, `signatory`, `provision`, `external_id`...): one row per item of every list "
        "whose items are of that kind, wherever the list is (all evidence quotes, at every level, are in "
        "`evidence.csv`).",
        "- Every list table starts with `record_id`, `pointer` (the item's JSON pointer in its record; the two are "
        "the key), `record_type`, `parent` (the pointer of the object holding the list: empty for the record "
        "itself), `field` (the list's field, dotted through nested objects) and `position` (0-based, input order). "
        "Join a list table to its record table on `record_id` = `id` where `parent` is empty, and to an enclosing "
        "item on `record_id` and `parent` = `pointer`.",
        "- A reference to another record is that record's id; an empty cell is null; booleans are `true`/`false`.",
        "- Every table of the contract version is written, with its header, even when it has no rows.",
        "",
        "## Records read",
        "",
        "| record type | records |",
        "|---|---|",
        *[f"| {record_type} | {count} |" for record_type, count in summary.records.items()],
        "",
        "## Tables",
        "",
        "| table | key | rows | description |",
        "|---|---|---|---|",
        *[
            f"| `{spec.name}` | {', '.join(spec.key)} | {summary.rows[spec.name]} | {_cell_text(spec.description)} |"
            for spec in specs
        ],
        "",
        "## Columns of the tables with rows",
        "",
    ]
    for spec in specs:
        if not summary.rows[spec.name]:
            continue
        lines += [
            f"### {spec.name}",
            "",
            f"{_cell_text(spec.description)} Key: {', '.join(f'`{k}`' for k in spec.key)}."
            + (f" Fed by: {', '.join(f'`{path}`' for path in spec.lists)}." if spec.lists else ""),
            "",
            "| column | type | description |",
            "|---|---|---|",
            *[
                f"| `{c.name}` | {c.type}{'' if c.nullable else ', required'} | {_cell_text(c.description)} |"
                for c in spec.columns
            ],
            "",
        ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Reading the tables back
# --------------------------------------------------------------------------------------------------

_INTEGER = re.compile(r"^-?[0-9]+$")


def _value(scalar: _Scalar, text: str, optional: bool, json_type: str = "") -> Any:
    if text == "":
        if scalar.type == "mixed":
            return "" if json_type == "string" else None
        return None if optional or scalar.type != "string" else ""
    kind = json_type if scalar.type == "mixed" else scalar.type
    if kind == "integer":
        return int(text)
    if kind == "number":
        return int(text) if _INTEGER.match(text) else float(text)
    if kind == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"'{text}' is not a boolean (true/false)")
        return text == "true"
    return text


_Index = dict[str, dict[tuple[str, str, str], list[list[str]]]]


def _build(
    obj: _Object, row: list[str], where: tuple[str, str], prefix: tuple[str, ...], index: _Index
) -> tuple[dict[str, Any], bool]:
    """The object a row holds (and whether any of its values is given), its lists read from the list tables;
    `where` is the record id and the JSON pointer of the row's item ("" for the record)."""
    data: dict[str, Any] = {}
    given = False
    for f in obj.fields:
        if f.scalar is not None:
            text = row[f.column]
            json_type = row[f.column + 1] if f.scalar.type == "mixed" else ""
            data[f.name] = _value(f.scalar, text, f.optional, json_type)
            given = given or text != "" or json_type != ""
        elif f.obj is not None:
            value, present = _build(f.obj, row, where, (*prefix, f.name), index)
            data[f.name] = value if present or not f.optional else None
            given = given or present
        elif f.table is not None:
            rows = index.get(f.table.spec.name, {}).get((*where, ".".join((*prefix, f.name))), [])
            items = [_item(f.table, child, index) for child in rows]
            data[f.name] = items
            given = given or bool(items)
    return data, given


def _item(table: _Table, row: list[str], index: _Index) -> Any:
    if table.item is None:
        assert table.scalar is not None
        return _value(table.scalar, row[_CONTEXT], False)
    return _build(table.item, row, (row[0], row[1]), (), index)[0]


def rebuild_records(directory: Path) -> Iterator[dict[str, Any]]:
    """Read an export's CSV tables back into the records' JSON (as `model_dump(mode="json")` gives it), record
    types in documentation order, records in table order. Loads every table into memory.

    Raises:
        ValueError: a table's header is not the one this contract version writes, or a cell cannot be read.
    """
    tables: dict[str, list[list[str]]] = {}
    for spec in table_specs():
        with (directory / f"{spec.name}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            if header != [c.name for c in spec.columns]:
                raise ValueError(f"{spec.name}.csv: the header is not the one of contract {SCHEMA_VERSION}")
            tables[spec.name] = list(reader)
    return rebuild_from_rows(tables)


def rebuild_from_rows(tables: dict[str, list[list[str]]]) -> Iterator[dict[str, Any]]:
    """The records' JSON from the rows of the tables (cells as in the CSV files, without the header), by table
    name; a table left out has no rows.

    Raises:
        ValueError: a list's positions are not 0, 1, 2... in order, a pointer is not its parent, field and
            position, or a cell cannot be read.
    """
    index: _Index = {}
    for spec in table_specs():
        if spec.kind == "record":
            continue
        groups: dict[tuple[str, str, str], list[list[str]]] = {}
        for row in tables.get(spec.name, []):
            record_id, pointer, _, parent, field_path, position = row[:_CONTEXT]
            group = groups.setdefault((record_id, parent, field_path), [])
            if position != str(len(group)):
                raise ValueError(f"{spec.name}: positions of {record_id} {parent}/{field_path} are not 0, 1, 2...")
            if pointer != f"{parent}/{field_path.replace('.', '/')}/{position}":
                raise ValueError(f"{spec.name}: pointer {pointer} is not {parent}/{field_path}/{position}")
            group.append(row)
        index[spec.name] = groups
    for record_type, root in _roots().items():
        assert root.item is not None
        for row in tables.get(record_type, []):
            data, _ = _build(root.item, row, (row[0], ""), (), index)
            yield {"record_type": data.pop("record_type"), "id": row[0], **data}


def _export(
    paths: Sequence[Path], out: Path, options: ExportOptions, report: Callable[[ExportProblem], None]
) -> ExportResult:
    """`export_tables` with its summary line (nothing is ever lost: `report` is never called)."""
    with export_failures("nothing written", "nothing written"):
        summary = export_tables(paths, out, options.formats)
    records = sum(summary.records.values())
    rows = sum(summary.rows.values())
    return ExportResult(
        f"{out}: {records} record(s) -> {len(summary.rows)} tables, {rows} row(s) ({', '.join(summary.formats)}); "
        f"data dictionary in {out / 'tables.json'}"
    )


#: `peace-talks export table`.
EXPORTER = Exporter("table", _export)
