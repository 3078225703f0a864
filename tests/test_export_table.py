"""`export table`: linked tables derived from the models, one row per record and per list item, joinable on stable
keys, byte-identical for the same input, lossless (read back into the records' JSON), Parquet read back with
pyarrow, and the output directory written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


def test_every_record_type_has_its_table_and_nested_lists_deeper_tables() -> None:
    assert [name for name in SPECS if "__" not in name] == list(MODEL_BY_TYPE)
    assert SPECS["agreement"].columns[0].name == "id"
    assert SPECS["agreement__parties"].key == ("agreement_id", "position")
    assert [c.name for c in SPECS["agreement__parties"].columns] == ["agreement_id", "position", "value"]
    commitments = SPECS["agreement__provisions__commitments"]
    assert commitments.key == ("agreement_id", "provisions_position", "position")
    assert commitments.parent == "agreement__provisions"
    # a list inside a nested object: keyed by the row holding the object
    assert SPECS["agreement__place__identifiers"].key == ("agreement_id", "position")
    assert SPECS["agreement__place__identifiers"].parent == "agreement"
    for spec in SPECS.values():
        names = [c.name for c in spec.columns]
        assert len(names) == len(set(names)), spec.name
        assert spec.parent is None or SPECS[spec.parent].record_type == spec.record_type


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
        expected = sum(_items(d, spec.list_path) for d in dumps if d["record_type"] == spec.record_type)
        rows = _read(exported / f"{name}.csv")
        assert len(rows) == expected, name
        nonempty += bool(rows)
        # keys are unique, and every row's parent row exists
        keys = [tuple(row[k] for k in spec.key) for row in rows]
        assert len(set(keys)) == len(keys), name
    assert nonempty > 50  # the examples exercise many tables, not only the record tables
    agreement_rows = _read(exported / "agreement.csv")
    assert [row["id"] for row in agreement_rows] == [d["id"] for d in dumps if d["record_type"] == "agreement"]


def test_child_rows_point_at_existing_parent_rows(exported: Path) -> None:
    for name, spec in SPECS.items():
        if spec.parent is None:
            continue
        parent = SPECS[spec.parent]
        parent_keys = {tuple(row[k] for k in parent.key) for row in _read(exported / f"{parent.name}.csv")}
        for row in _read(exported / f"{name}.csv"):
            assert tuple(row[k] for k in spec.key[:-1]) in parent_keys, (name, row)


def test_agreement_parties_join_actors_on_id(valid_records: list[RecordBase], exported: Path) -> None:
    actors = {row["id"]: row for row in _read(exported / "actor.csv")}
    joined: dict[str, list[str]] = {}
    for row in _read(exported / "agreement__parties.csv"):
        joined.setdefault(row["agreement_id"], []).append(actors[row["value"]]["name"])
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
    commitment = dict(
        zip((c.name for c in commitments_columns()), rows["agreement__provisions__commitments"][0], strict=True)
    )
    assert commitment["quantity__value"] == "37"
    assert commitment["quantity__qualifier"] == "exact"  # the short form 37, in the rich form's columns
    assert (commitment["agreement_id"], commitment["provisions_position"], commitment["position"]) == (
        "agreement:cells",
        "0",
        "0",
    )


def commitments_columns() -> list[Any]:
    return list(SPECS["agreement__provisions__commitments"].columns)


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
    parties = next(t for t in manifest["tables"] if t["name"] == "agreement__parties")
    assert parties["key"] == ["agreement_id", "position"]
    assert parties["rows"] == len(_read(out / "agreement__parties.csv"))
    assert all(c["description"] for t in manifest["tables"] for c in t["columns"])
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "| `agreement__parties` | agreement_id, position |" in readme
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
