"""Export records as linked tables for analysts: one CSV per record type and one per nested list, with stable keys
(and Parquet copies when `pyarrow` is installed).

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from peace_talks_model._version import SCHEMA_VERSION, __version__
from peace_talks_model.errors import InputError
from peace_talks_model.interop.contract import Exporter, ExportOptions, ExportProblem, ExportResult, export_failures
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
    """One table: its name (also its file name without suffix), the record type and the list it holds (the path of
    field names from the record; empty for the record table), its parent table, and its columns (keys first)."""

    name: str
    record_type: str
    list_path: tuple[str, ...]
    parent: str | None
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
    """A field of an object shape: a scalar (its column index), a nested object, or a list (its child table)."""

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
    item: _Object | None  # the item's shape; None for a list of scalars (one `value` column, maybe `value__type`)
    scalar: _Scalar | None
    children: list[_Table] = field(default_factory=list)


class _Builder:
    """Walks the models once and builds the table tree of one record type."""

    def __init__(self, record_type: str) -> None:
        self.record_type = record_type

    def root(self, model: type[BaseModel]) -> _Table:
        columns: list[Column] = [
            Column("id", "string", False, _describe(model, "id"), ("id",), key=True),
        ]
        item = self._object(model, (), columns, list_path=(), nullable=False, skip_id=True)
        spec = TableSpec(self.record_type, self.record_type, (), None, _first_line(model.__doc__), tuple(columns))
        table = _Table(spec, item, None)
        self._attach(table, item)
        return table

    def _attach(self, table: _Table, obj: _Object | None) -> None:
        for f in obj.fields if obj else []:
            if f.obj is not None:
                self._attach(table, f.obj)
            elif f.table is not None:
                table.children.append(f.table)

    def _object(
        self,
        model: type[BaseModel],
        prefix: tuple[str, ...],
        columns: list[Column],
        *,
        list_path: tuple[str, ...],
        nullable: bool,
        skip_id: bool = False,
        child_keys: tuple[Column, ...] = (),
        stack: tuple[type[BaseModel], ...] = (),
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
                entry.table = self._list(
                    shape[1],
                    list_path=(*list_path, *path),
                    relative=path,
                    description=text,
                    parent_keys=child_keys,
                    stack=(*stack, model),
                )
            else:
                entry.obj = self._object(
                    shape,
                    path,
                    columns,
                    list_path=list_path,
                    nullable=nullable or optional,
                    child_keys=child_keys,
                    stack=(*stack, model),
                )
            fields.append(entry)
        return _Object(fields)

    def _list(
        self,
        item: type[BaseModel] | _Scalar,
        *,
        list_path: tuple[str, ...],
        relative: tuple[str, ...],
        description: str,
        parent_keys: tuple[Column, ...],
        stack: tuple[type[BaseModel], ...],
    ) -> _Table:
        name = "__".join((self.record_type, *list_path))
        parent = "__".join((self.record_type, *list_path[: len(list_path) - len(relative)]))
        keys = parent_keys or (
            Column(
                f"{self.record_type}_id",
                "string",
                False,
                f"The id of the {self.record_type} record the row belongs to (`id` in {self.record_type}.csv).",
                key=True,
            ),
        )
        columns = [
            *keys,
            Column(
                "position",
                "integer",
                False,
                f"The 0-based position of the item in the list `{'.'.join(list_path)}`, in input order.",
                key=True,
            ),
        ]
        child_keys = (
            *keys,
            Column(
                "__".join(relative) + "_position",
                "integer",
                False,
                f"The 0-based position of the row's parent item: `position` in {name}.csv.",
                key=True,
            ),
        )
        if isinstance(item, _Scalar):
            if item.type == "mixed":
                raise TypeError(f"{name}: lists of values of several types are not supported")
            columns.append(Column("value", item.type, False, description, codes=item.codes))
            shape = None
        else:
            shape = self._object(
                item, (), columns, list_path=list_path, nullable=False, child_keys=child_keys, stack=stack
            )
        names = [c.name for c in columns]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise TypeError(f"{name}: column names {twice} clash; the naming rules need extending")
        spec = TableSpec(name, self.record_type, list_path, parent, description, tuple(columns))
        table = _Table(spec, shape, item if isinstance(item, _Scalar) else None)
        self._attach(table, shape)
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
def _roots() -> dict[str, _Table]:
    return {record_type: _Builder(record_type).root(model) for record_type, model in MODEL_BY_TYPE.items()}


def _walk(table: _Table) -> Iterator[_Table]:
    yield table
    for child in table.children:
        yield from _walk(child)


def table_specs() -> list[TableSpec]:
    """Every table of the current contract version, in a fixed order: record types in documentation order, then
    each record type's nested lists depth-first in field order."""
    return [t.spec for root in _roots().values() for t in _walk(root)]


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


def _fill(obj: _Object, data: dict[str, Any], row: list[str], lists: list[tuple[_Table, list[Any]]]) -> None:
    for f in obj.fields:
        value = data.get(f.name)
        if f.scalar is not None:
            row[f.column] = _cell(value)
            if f.scalar.type == "mixed":
                row[f.column + 1] = _json_type(value)
        elif f.obj is not None:
            if value is not None:
                _fill(f.obj, value, row, lists)
        elif f.table is not None and value:
            lists.append((f.table, value))


def _flatten(table: _Table, item: Any, keys: list[str], emit: Callable[[str, list[str]], None]) -> None:
    row = [""] * len(table.spec.columns)
    row[: len(keys)] = keys
    lists: list[tuple[_Table, list[Any]]] = []
    if table.item is not None:
        _fill(table.item, item, row, lists)
    else:
        row[len(keys)] = _cell(item)
    emit(table.spec.name, row)
    for child, items in lists:
        for position, child_item in enumerate(items):
            _flatten(child, child_item, [*keys, str(position)], emit)


def flatten_record(record: RecordBase, emit: Callable[[str, list[str]], None]) -> None:
    """Give `emit(table name, row)` every row a record makes (cells as written to the CSV files, keys first): its
    row in the record table, then each list item's row, depth-first in field and list order."""
    data = record.model_dump(mode="json")
    _flatten(_roots()[record.RECORD_TYPE], data, [data["id"]], emit)


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
                "record_type": spec.record_type,
                "list": ".".join(spec.list_path) or None,
                "parent": spec.parent,
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
        "- `<record_type>.csv`: one row per record; `id` is the key.",
        "- `<record_type>__<list>.csv`: one row per item of a list; the key is the record's id "
        "(`<record_type>_id`), the positions of the enclosing list items (`<list>_position`), and `position` "
        "(0-based, input order). Deeper lists give deeper tables (`agreement__provisions__commitments`).",
        "- Nested objects are flattened into columns joined by `__` (`date__edtf`); a reference to another record "
        "is that record's id; an empty cell is null; booleans are `true`/`false`.",
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
            f"{_cell_text(spec.description)} Key: {', '.join(f'`{k}`' for k in spec.key)}"
            + (f"; parent table `{spec.parent}`." if spec.parent else "."),
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


def _build(
    obj: _Object, row: list[str], key: tuple[str, ...], index: dict[str, dict[tuple[str, ...], list[list[str]]]]
) -> tuple[dict[str, Any], bool]:
    """The object a row holds (and whether any of its values is given), its lists read from the child tables."""
    data: dict[str, Any] = {}
    given = False
    for f in obj.fields:
        if f.scalar is not None:
            text = row[f.column]
            json_type = row[f.column + 1] if f.scalar.type == "mixed" else ""
            data[f.name] = _value(f.scalar, text, f.optional, json_type)
            given = given or text != "" or json_type != ""
        elif f.obj is not None:
            value, present = _build(f.obj, row, key, index)
            data[f.name] = value if present or not f.optional else None
            given = given or present
        elif f.table is not None:
            items = [_item(f.table, child, index) for child in index[f.table.spec.name].get(key, [])]
            data[f.name] = items
            given = given or bool(items)
    return data, given


def _item(table: _Table, row: list[str], index: dict[str, dict[tuple[str, ...], list[list[str]]]]) -> Any:
    keys = len(table.spec.key)
    if table.item is None:
        assert table.scalar is not None
        return _value(table.scalar, row[keys], False)
    return _build(table.item, row, tuple(row[:keys]), index)[0]


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
        ValueError: a list's positions are not 0, 1, 2... in order, or a cell cannot be read.
    """
    index: dict[str, dict[tuple[str, ...], list[list[str]]]] = {}
    for spec in table_specs():
        if spec.parent is None:
            continue
        groups: dict[tuple[str, ...], list[list[str]]] = {}
        keys = len(spec.key)
        for row in tables.get(spec.name, []):
            group = groups.setdefault(tuple(row[: keys - 1]), [])
            if row[keys - 1] != str(len(group)):
                raise ValueError(f"{spec.name}: positions of {row[: keys - 1]} are not 0, 1, 2... in order")
            group.append(row)
        index[spec.name] = groups
    for record_type, root in _roots().items():
        assert root.item is not None
        for row in tables.get(record_type, []):
            data, _ = _build(root.item, row, (row[0],), index)
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
