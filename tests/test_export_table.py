"""`export table`: linked tables derived from the models, one row per record and per list item, joinable on stable
keys, byte-identical for the same input, lossless (read back into the records' JSON), Parquet read back with
pyarrow, and the output directory written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import typing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.interop import tables
from peace_talks_model.interop.tables import (
    TablesOutputError,
    export_tables,
    flatten_record,
    rebuild_from_rows,
    rebuild_records,
    table_specs,
)
from peace_talks_model.io import InvalidRecordsError, read_records
from peace_talks_model.loader import discover
from peace_talks_model.models import MODEL_BY_TYPE, RecordBase
from tests import strategies
from tests.conftest import EXAMPLES

runner = CliRunner()
VALID = EXAMPLES / "valid"
SPECS = {spec.name: spec for spec in table_specs()}


@pytest.fixture(scope="module")
def valid_records() -> list[RecordBase]:
    return list(read_records([VALID]).records)


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


#: Parquet as well where pyarrow is installed (the test extra installs it)
FORMATS = ("csv", "parquet") if _has_pyarrow() else ("csv",)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All valid examples, exported once for the tests that only read the tables."""
    out = tmp_path_factory.mktemp("export") / "tables"
    export_tables([VALID], out, FORMATS)
    return out


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _json(value: Any) -> str:
    """Compare as JSON text: `5` and `5.0`, `true` and `1` are different values (Python's == says equal)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _items(value: Any, path: tuple[str, ...]) -> int:
    """How many items the lists at `path` hold in a record's JSON (1 for the record itself), counted without the
    exporter's code: intermediate lists are walked, absent objects hold nothing."""
    if isinstance(value, list):
        return sum(_items(v, path) for v in value)
    if not path:
        return 1
    if value is None:
        return 0
    return _items(value[path[0]], path[1:])


# -- layout ---------------------------------------------------------------------------------------------------


def _item_models() -> set[str]:
    """The model classes that are items of a list somewhere in a record, found by walking the models' type hints
    (without the exporter's code)."""
    found: set[str] = set()

    def models_in(annotation: Any) -> list[Any]:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            return models_in(typing.get_args(annotation)[0])
        if origin is not None:
            return [m for arg in typing.get_args(annotation) for m in models_in(arg)]
        return [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []

    def walk(model: type[BaseModel], seen: tuple[type[BaseModel], ...]) -> None:
        for name, hint in typing.get_type_hints(model, include_extras=True).items():
            if name not in model.model_fields:
                continue
            listed = "list[" in str(hint)
            for inner in models_in(hint):
                if inner in seen:
                    continue
                if listed and _is_list_of(hint, inner):
                    found.add(inner.__name__)
                walk(inner, (*seen, inner))

    for model in MODEL_BY_TYPE.values():
        walk(model, (model,))
    return found


def _is_list_of(annotation: Any, model: type[BaseModel]) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return any(model is a or (typing.get_args(a) and _holds(a, model)) for a in typing.get_args(annotation))
    return origin is not None and any(_is_list_of(a, model) for a in typing.get_args(annotation))


def _holds(annotation: Any, model: type[BaseModel]) -> bool:
    """True when a (possibly annotated or union) item type is `model` or has it as a member."""
    if annotation is model:
        return True
    return any(_holds(a, model) for a in typing.get_args(annotation))


def test_a_table_per_record_type_per_kind_of_list_item_and_two_for_references_and_values() -> None:
    kinds = Counter(spec.kind for spec in SPECS.values())
    assert [name for name, spec in SPECS.items() if spec.kind == "record"] == list(MODEL_BY_TYPE)
    assert kinds == {"record": len(MODEL_BY_TYPE), "items": len(_item_models()), "links": 1, "values": 1}
    # a small set, not one file per nested path: 60 tables for contract 1.6 (was 459), named without `__`
    assert len(SPECS) == 60
    assert not [name for name in SPECS if "__" in name]
    assert SPECS["agreement"].columns[0].name == "id"
    assert SPECS["agreement"].key == ("id",)
    for spec in SPECS.values():
        names = [c.name for c in spec.columns]
        assert len(names) == len(set(names)), spec.name
        if spec.kind != "record":
            assert spec.key == ("record_id", "pointer")
            assert names[:6] == ["record_id", "pointer", "record_type", "parent", "field", "position"]
            assert spec.lists, spec.name
    assert [c.name for c in SPECS["links"].columns][6:] == ["target"]
    assert [c.name for c in SPECS["values"].columns][6:] == ["value"]
    # every list of the contract feeds exactly one table; all evidence, at every depth, is in one table
    feeds = [path for spec in SPECS.values() for path in spec.lists]
    assert len(feeds) == len(set(feeds))
    assert "agreement.parties" in SPECS["links"].lists
    assert "ceasefire.purposes" in SPECS["values"].lists
    assert {"agreement.evidence", "agreement.provisions.commitments.evidence"} <= set(SPECS["evidence"].lists)
    assert all(path.endswith(".evidence") for path in SPECS["evidence"].lists)


def test_columns_come_from_the_models_short_and_rich_forms_share_them() -> None:
    agreement = [c.name for c in SPECS["agreement"].columns]
    # a date is always its rich form's columns, whether written "2019-12-07" or {"edtf": ...}
    assert "date" not in agreement
    assert {"date__edtf", "date__part", "date__text", "place__country", "interim", "text_source"} <= set(agreement)
    # every scalar field of the record model has its column (lists and objects go elsewhere)
    for name, info in MODEL_BY_TYPE["agreement"].model_fields.items():
        if info.annotation in (str, bool) or name in ("name", "interim", "written", "notes"):
            assert name in agreement
    # a value of several JSON types keeps its type in a second column
    claim = [c.name for c in SPECS["claim"].columns]
    assert claim[claim.index("assertion__value") + 1] == "assertion__value__type"


def test_column_sets_do_not_depend_on_the_data(tmp_path: Path, exported: Path) -> None:
    minimal = tmp_path / "minimal"
    export_tables([EXAMPLES / "minimal"], minimal)
    empty_input = tmp_path / "empty.jsonl"
    empty_input.write_text("", encoding="utf-8")
    export_tables([empty_input], tmp_path / "empty")
    for out in (exported, minimal, tmp_path / "empty"):
        assert sorted(p.name for p in out.glob("*.csv")) == sorted(f"{name}.csv" for name in SPECS)
        for name, spec in SPECS.items():
            assert _header(out / f"{name}.csv") == [c.name for c in spec.columns], (out, name)
    assert all(not _read(tmp_path / "empty" / f"{name}.csv") for name in SPECS)


# -- rows -----------------------------------------------------------------------------------------------------


def _expected_rows(dumps: list[dict[str, Any]], spec: Any) -> int:
    if spec.kind == "record":
        return sum(d["record_type"] == spec.name for d in dumps)
    total = 0
    for path in spec.lists:
        record_type, *inner = path.split(".")
        total += sum(_items(d, tuple(inner)) for d in dumps if d["record_type"] == record_type)
    return total


def _at(value: Any, pointer: str) -> Any:
    """The value a JSON pointer names in a record's JSON (read without the exporter's code)."""
    for part in pointer.split("/")[1:]:
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_all_valid_examples_one_row_per_record_and_per_list_item(
    valid_records: list[RecordBase], exported: Path
) -> None:
    dumps = [r.model_dump(mode="json") for r in valid_records]
    manifest = json.loads((exported / "tables.json").read_text(encoding="utf-8"))
    assert manifest["records"] == dict(Counter(r.record_type for r in valid_records)) | {
        t: 0 for t in MODEL_BY_TYPE if t not in {r.record_type for r in valid_records}
    }
    nonempty = 0
    for name, spec in SPECS.items():
        rows = _read(exported / f"{name}.csv")
        assert len(rows) == _expected_rows(dumps, spec), name
        nonempty += bool(rows)
        keys = [tuple(row[k] for k in spec.key) for row in rows]
        assert len(set(keys)) == len(keys), name
    assert nonempty > 40  # the examples exercise most tables, not only the record tables
    agreement_rows = _read(exported / "agreement.csv")
    assert [row["id"] for row in agreement_rows] == [d["id"] for d in dumps if d["record_type"] == "agreement"]


def test_every_list_row_points_at_its_item_and_its_parent_row(valid_records: list[RecordBase], exported: Path) -> None:
    dumps = {r.id: r.model_dump(mode="json") for r in valid_records}
    records = {(row["id"], name) for name, spec in SPECS.items() if spec.kind == "record"
               for row in _read(exported / f"{name}.csv")}  # fmt: skip
    rows = {name: _read(exported / f"{name}.csv") for name, spec in SPECS.items() if spec.kind != "record"}
    items = {(row["record_id"], row["pointer"]) for table in rows.values() for row in table}
    checked = 0
    for name, table in rows.items():
        for row in table:
            # the parent: the record itself, or an item of another list table
            if row["parent"]:
                assert (row["record_id"], row["parent"]) in items, (name, row)
            else:
                assert (row["record_id"], row["record_type"]) in records, (name, row)
            assert row["pointer"] == f"{row['parent']}/{row['field'].replace('.', '/')}/{row['position']}"
            # the pointer names the item in the record's JSON
            item = _at(dumps[row["record_id"]], row["pointer"])
            if name in ("links", "values"):
                assert item == row["target" if name == "links" else "value"]
            else:
                assert isinstance(item, dict)
            checked += 1
    assert checked == sum(len(t) for t in rows.values()) > 3000


def test_agreement_parties_join_actors_on_id(valid_records: list[RecordBase], exported: Path) -> None:
    actors = {row["id"]: row for row in _read(exported / "actor.csv")}
    joined: dict[str, list[str]] = {}
    for row in _read(exported / "links.csv"):
        if row["record_type"] == "agreement" and row["parent"] == "" and row["field"] == "parties":
            joined.setdefault(row["record_id"], []).append(actors[row["target"]]["name"])
    names = {r.id: getattr(r, "name", None) for r in valid_records}
    expected = {
        r.id: [names[p] for p in getattr(r, "parties", [])] for r in valid_records if r.record_type == "agreement"
    }
    assert joined == {k: v for k, v in expected.items() if v}
    assert "Taliban" in joined["agreement:2020-02-29-us-taliban-doha-agreement"]


def test_scalars_are_written_as_documented(tmp_path: Path) -> None:
    record = MODEL_BY_TYPE["agreement"].model_validate(
        {
            "record_type": "agreement",
            "id": "agreement:cells",
            "schema_version": "1.2",
            "name": 'A "quoted", multi-line;\nname',
            "interim": False,
            "date": "2019-12-07",
            "place": {"name": "Doha", "latitude": 25, "longitude": 51.5},
            "provisions": [{"topic": "ceasefire", "commitments": [{"action": "cease", "quantity": 37}]}],
        }
    )
    rows: dict[str, list[list[str]]] = {}
    flatten_record(record, lambda table, row: rows.setdefault(table, []).append(row))
    row = dict(zip((c.name for c in SPECS["agreement"].columns), rows["agreement"][0], strict=True))
    assert (row["name"], row["interim"], row["written"], row["date__edtf"]) == (record.name, "false", "", "2019-12-07")  # type: ignore[attr-defined]
    assert (row["place__latitude"], row["place__longitude"], row["place__undisclosed"]) == ("25", "51.5", "false")
    commitment = dict(zip((c.name for c in SPECS["commitment"].columns), rows["commitment"][0], strict=True))
    assert commitment["quantity__value"] == "37"
    assert commitment["quantity__qualifier"] == "exact"  # the short form 37, in the rich form's columns
    context = ("record_id", "pointer", "record_type", "parent", "field", "position")
    assert tuple(commitment[k] for k in context) == (
        "agreement:cells",
        "/provisions/0/commitments/0",
        "agreement",
        "/provisions/0",
        "commitments",
        "0",
    )


# -- nothing lost, byte-identical ------------------------------------------------------------------------------


def test_every_valid_record_is_rebuilt_from_its_rows(valid_records: list[RecordBase], exported: Path) -> None:
    rebuilt = {r["id"]: r for r in rebuild_records(exported)}
    assert len(rebuilt) == len(valid_records)
    for record in valid_records:
        assert _json(rebuilt[record.id]) == _json(record.model_dump(mode="json")), record.id
        assert type(record).model_validate(rebuilt[record.id]) == record


def _through_csv(rows: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
    """Write the rows as CSV text and read them back (quoting, line breaks)."""
    out: dict[str, list[list[str]]] = {}
    for name, table_rows in rows.items():
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(table_rows)
        out[name] = list(csv.reader(io.StringIO(text.getvalue(), newline="")))
    return out


texts = st.text(alphabet=st.characters(codec="utf-8"), min_size=1).filter(lambda s: not s.isspace())
assertion_values = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.fixed_dictionaries(
        {
            "name": texts,
            "notes": st.one_of(st.none(), texts),
            "pax": st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,6}", fullmatch=True), max_size=3),
            "quantity": strategies.quantity_dicts(),
            "value": assertion_values,
            "score": st.one_of(st.just(0), st.just(1), st.floats(0, 1, allow_nan=False)),
        }
    )
)
def test_flatten_then_rebuild_gives_the_model_dump_back(case: dict[str, Any]) -> None:
    """Awkward texts (separators, quotes, line breaks, any script), numbers of both kinds, values of several
    types: written as CSV and read back, the records' JSON comes back unchanged."""
    name, notes, pax, quantity, value, score = (case[k] for k in ("name", "notes", "pax", "quantity", "value", "score"))
    agreement = MODEL_BY_TYPE["agreement"].model_validate(
        {
            "record_type": "agreement",
            "id": "agreement:generated",
            "schema_version": "1.2",
            "name": name,
            "notes": notes,
            "parties_wording": name + ";" + name,
            "confidence": {"level": "low", "score": score},
            "provisions": [
                {"topic": "other", "pax_codes": pax, "commitments": [{"action": "other", "quantity": quantity}]},
                {"topic": "talks", "description": name},
            ],
        }
    )
    claim = MODEL_BY_TYPE["claim"].model_validate(
        {
            "record_type": "claim",
            "id": "claim:generated",
            "schema_version": "1.2",
            "statement": name,
            "assertion": {"record": "agreement:generated", "path": "", "value": value},
        }
    )
    rows: dict[str, list[list[str]]] = {}
    for record in (agreement, claim):
        flatten_record(record, lambda table, row: rows.setdefault(table, []).append(row))
    rebuilt = list(rebuild_from_rows(_through_csv(rows)))
    assert _json(rebuilt) == _json([agreement.model_dump(mode="json"), claim.model_dump(mode="json")])


def test_the_same_input_gives_byte_identical_tables(tmp_path: Path, exported: Path) -> None:
    again = tmp_path / "again"
    export_tables([VALID], again, FORMATS)
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    assert len(names) == len(SPECS) * len(FORMATS) + 2
    for name in names:
        assert (exported / name).read_bytes() == (again / name).read_bytes(), name


# -- Parquet --------------------------------------------------------------------------------------------------


def test_parquet_is_written_and_reads_back_with_pyarrow(exported: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = exported
    arrow_types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    checked = 0
    for name, spec in SPECS.items():
        table = pq.read_table(out / f"{name}.parquet")
        assert table.column_names == [c.name for c in spec.columns]
        assert [f.type for f in table.schema] == [arrow_types[c.type] for c in spec.columns], name
        assert table.schema.field(0).metadata[b"description"].decode() == spec.columns[0].description
        rows = _read(out / f"{name}.csv")
        assert table.num_rows == len(rows), name
        for column in spec.columns:
            for cell, value in zip((r[column.name] for r in rows), table.column(column.name).to_pylist(), strict=True):
                checked += 1
                if cell == "":
                    assert value in (None, ""), (name, column.name)
                elif column.type == "boolean":
                    assert value is (cell == "true")
                elif column.type == "number":
                    assert value == float(cell)
                else:
                    assert str(value) == cell, (name, column.name)
    assert checked > 10_000


def test_parquet_without_pyarrow_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "tables"
    result = runner.invoke(app, ["export", "table", str(VALID), "--out", str(out), "--format", "parquet"])
    assert result.exit_code == 3
    assert "needs pyarrow" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


# -- whole or nothing, refusals, CLI ---------------------------------------------------------------------------


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_cli_writes_the_tables_and_the_dictionary(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = runner.invoke(app, ["export", "table", str(VALID / "aceh-2005"), str(VALID / "common"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"-> {len(SPECS)} tables" in result.output
    manifest = json.loads((out / "tables.json").read_text(encoding="utf-8"))
    assert manifest["generator"] == tables.GENERATOR
    assert [t["name"] for t in manifest["tables"]] == list(SPECS)
    links = next(t for t in manifest["tables"] if t["name"] == "links")
    assert links["key"] == ["record_id", "pointer"]
    assert links["kind"] == "links"
    assert "agreement.parties" in links["lists"]
    assert links["rows"] == len(_read(out / "links.csv")) > 0
    agreement = next(t for t in manifest["tables"] if t["name"] == "agreement")
    assert (agreement["kind"], agreement["record_type"], agreement["key"]) == ("record", "agreement", ["id"])
    assert all(t["description"] for t in manifest["tables"])
    assert all(c["description"] for t in manifest["tables"] for c in t["columns"])
    # the files: every table (CSV) with the dictionary and its README, nothing else
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(f"{name}.csv" for name in SPECS), "tables.json", "README.md"]
    )
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "| `links` | record_id, pointer |" in readme
    assert _leftovers(tmp_path) == []


def test_invalid_input_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = (VALID / "common" / "actors.json").read_text(encoding="utf-8")
    bad.write_text(
        "\n".join(json.dumps(r) for r in json.loads(good)) + '\n{"record_type": "actor", "id": "actor:x"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "tables"
    result = runner.invoke(app, ["export", "table", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert f"{bad}:" in result.output
    assert not out.exists()
    assert _leftovers(tmp_path) == []
    with pytest.raises(InvalidRecordsError):
        export_tables([tmp_path / "missing.json"], out)
    assert not out.exists()


def test_invalid_input_leaves_an_earlier_export_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    export_tables([VALID / "common"], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = runner.invoke(app, ["export", "table", str(EXAMPLES / "invalid" / "actor"), "--out", str(out)])
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _leftovers(tmp_path) == []


def test_an_earlier_export_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    export_tables([VALID / "common"], out, ("csv",))
    assert len(_read(out / "actor.csv")) == 1
    result = runner.invoke(app, ["export", "table", str(VALID / "shalit-2011"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(_read(out / "actor.csv")) == len(json.loads((VALID / "shalit-2011" / "actors.json").read_text()))
    assert _leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tables, "_manifest_text", fail)
    out = tmp_path / "tables"
    result = runner.invoke(app, ["export", "table", str(VALID / "common"), "--out", str(out)])
    assert result.exit_code == 3
    assert "No space left" in result.output
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_a_foreign_non_empty_directory_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "analysis.R").write_text("# my script\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "table", str(VALID / "common"), "--out", str(out)])
    assert result.exit_code == 3
    assert "not written by" in result.output
    assert [p.name for p in out.iterdir()] == ["analysis.R"]
    # an export directory the user added a file to is refused too: the file would be lost
    export = tmp_path / "export"
    export_tables([VALID / "common"], export)
    (export / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(TablesOutputError, match=r"notes\.txt"):
        export_tables([VALID / "common"], export)
    assert (export / "notes.txt").exists()
    # a file where the directory should be
    result = runner.invoke(app, ["export", "table", str(VALID / "common"), "--out", str(out / "analysis.R")])
    assert result.exit_code == 3
    assert _leftovers(tmp_path) == []


def test_an_empty_directory_is_used(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    result = runner.invoke(app, ["export", "table", str(VALID / "common"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "actor.csv").exists()


def test_an_export_inside_an_input_directory_is_not_read_as_input(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "actors.json").write_text((VALID / "common" / "actors.json").read_text(encoding="utf-8"), encoding="utf-8")
    export_tables([data], data / "tables")
    result = runner.invoke(app, ["export", "table", str(data), "--out", str(data / "tables")])
    assert result.exit_code == 0, result.output
    assert len(_read(data / "tables" / "actor.csv")) == 1


def test_validate_of_a_tree_holding_an_export_reads_only_the_records(tmp_path: Path) -> None:
    project = tmp_path / "project"
    records = project / "records"
    records.mkdir(parents=True)
    (records / "actors.json").write_text((VALID / "common" / "actors.json").read_text(encoding="utf-8"), "utf-8")
    before = runner.invoke(app, ["validate", str(project), "--allow-external-refs"])
    assert before.exit_code == 0, before.output
    result = runner.invoke(app, ["export", "table", str(records), "--out", str(project / "tables")])
    assert result.exit_code == 0, result.output
    after = runner.invoke(app, ["validate", str(project), "--allow-external-refs"])
    assert after.exit_code == 0, after.output
    assert after.output == before.output  # the same files and records: tables.json is not one of them
    assert "tables.json" not in after.output
    assert [p.name for p in discover([project])] == ["actors.json"]
    # named on the command line, it is read as given (and is not records)
    named = runner.invoke(app, ["validate", str(project / "tables" / "tables.json")])
    assert named.exit_code == 1
    assert "tables.json" in named.output
    # a tables.json that is not a table export's dictionary is searched as usual
    (records / "tables.json").write_text((VALID / "common" / "actors.json").read_text(encoding="utf-8"), "utf-8")
    assert [p.name for p in discover([project])] == ["actors.json", "tables.json"]


def test_the_worked_examples_of_the_docs_print_what_they_say(tmp_path: Path) -> None:
    """The pandas blocks of docs/export/tables.md, run on an export of examples/valid: what they print is the
    text of their comments."""
    pytest.importorskip("pandas")
    doc = (Path(__file__).resolve().parents[1] / "docs" / "export" / "tables.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.DOTALL)
    assert len(blocks) == 2
    export_tables([VALID], tmp_path / "tables")
    code = "\n".join(blocks)
    printed = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True, timeout=120
    ).stdout
    said: list[str] = []  # the comment lines right after each print(...) call
    for block in blocks:
        after_print = False
        for line in block.splitlines():
            if line.startswith("print("):
                after_print = True
            elif after_print and line.startswith("#"):
                said.append(line[2:])
            else:
                after_print = False
    assert [line.rstrip() for line in printed.splitlines()] == [line.rstrip() for line in said]
