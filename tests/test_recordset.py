"""Record sets (`peace_talks_model.load`, `load_records`): partial failure, the same findings as the CLI, lookups by
id, references resolved across files, backlinks, JSONL and arrays, DataFrames, and iteration at bounded memory."""

from __future__ import annotations

import datetime as dt
import json
import re
import tracemalloc
from pathlib import Path

import pytest

import peace_talks_model as ptm
from peace_talks_model.models import SCHEMA_VERSION, Actor, Agreement, Event
from peace_talks_model.recordset import RecordSet, RecordSetChangedError, UnresolvedReferenceError, load, load_records
from peace_talks_model.validation import Options, validate_paths

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "examples" / "valid"

V = SCHEMA_VERSION


def _actor(local: str, **fields: object) -> dict[str, object]:
    return {
        "record_type": "actor",
        "id": f"actor:{local}",
        "schema_version": V,
        "name": local.title(),
        "kind": "person",
        **fields,
    }


def _event(local: str, actors: list[str], **fields: object) -> dict[str, object]:
    return {
        "record_type": "event",
        "id": f"event:{local}",
        "schema_version": V,
        "kind": "meeting",
        "date": "2020-01-05",
        "actors": [{"actor": a, "role": "participant"} for a in actors],
        **fields,
    }


def test_exported_from_the_package_root() -> None:
    assert ptm.load is load
    assert ptm.load_records is load_records
    assert ptm.RecordSet is RecordSet


def test_examples_load_whole_and_clean() -> None:
    records = load(VALID)
    report = validate_paths([VALID])
    assert records.ok
    assert records.findings == report.findings
    valid = list(records)
    assert len(valid) == report.valid_records == report.records
    assert sum(records.counts().values()) == len(valid)
    agreements = list(records.records(Agreement))
    assert agreements
    assert all(isinstance(a, Agreement) for a in agreements)
    assert [a.id for a in records.records("agreement")] == [a.id for a in agreements]


def test_references_resolve_across_files_and_backlinks_list_who_refers() -> None:
    records = load(VALID)
    index = records.index()
    assert index is records.index()  # built once
    doha = next(a for a in records.records(Agreement) if a.signatories)
    actor_id = doha.signatories[0].actor
    actor = records.resolve(actor_id)
    assert isinstance(actor, Actor)
    assert actor.id == actor_id
    links = records.backlinks(actor_id)
    assert any(link.record.id == doha.id and link.path == "signatories[0].actor" for link in links)
    # every reference of every valid record resolves (the examples are clean)
    for record in index:
        for path, target, found in index.references(record):
            assert found is not None, (record.id, path, target)
    assert index.unresolved() == {}
    where = index.where(doha.id)
    assert where is not None
    assert Path(where[0]).is_file()


def test_partial_failure_keeps_going_with_the_cli_findings(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(
        "\n".join(json.dumps(r) for r in (_actor("a"), _actor("b"), _event("talks", ["actor:a", "actor:b"]))) + "\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(_actor("c", kind="persn"))
        + "\n{not json\n"
        + json.dumps(_event("ghost", ["actor:a", "actor:nobody"]))
        + "\n",
        encoding="utf-8",
    )
    records = load(tmp_path)
    report = validate_paths([tmp_path])
    assert records.findings == report.findings
    assert not records.ok
    assert records.report.exit_code == report.exit_code == 3  # a line that is not JSON
    # the wrong kind, the broken line and the missing actor; each once, and the event's missing evidence a warning
    assert sorted((Path(f.file).name, f.line, f.code) for f in records.errors) == [
        ("bad.jsonl", 1, "PT201"),
        ("bad.jsonl", 2, "PT102"),
        ("bad.jsonl", 3, "PT301"),
    ]
    assert {f.code for f in records.warnings} == {"PT901"}
    assert [r.id for r in records] == ["actor:a", "actor:b", "event:talks"]
    # the event with the missing reference is a valid model that breaks a rule across records
    assert "event:ghost" in [r.id for r in records.records(valid_only=False)]
    assert records.get("event:ghost") is None
    assert records.findings_for("event:ghost")
    with pytest.raises(UnresolvedReferenceError, match="did you mean 'actor:a'"):
        records.resolve("actor:aa")
    with pytest.raises(KeyError):
        records.resolve("actor:nobody")


def test_json_array_and_jsonl_give_the_same_set(tmp_path: Path) -> None:
    data = [_actor("a"), _actor("b"), _event("talks", ["actor:a", "actor:b"])]
    (tmp_path / "one.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (tmp_path / "two.jsonl").write_text("\n".join(json.dumps(r) for r in data) + "\n", encoding="utf-8")
    one, two = load(tmp_path / "one.json"), load(tmp_path / "two.jsonl")
    assert [r.model_dump() for r in one] == [r.model_dump() for r in two]
    assert one.backlinks("actor:b")[0].path == two.backlinks("actor:b")[0].path == "actors[1].actor"
    assert one.backlinks("actor:b")[0].record.id == "event:talks"
    assert one.get("actor:a") == two.get("actor:a")


def test_load_records_from_dicts_and_json_texts() -> None:
    dicts = [_actor("a"), _event("talks", ["actor:a"])]
    from_dicts = load_records(dicts)
    assert from_dicts.ok
    assert [r.id for r in from_dicts] == ["actor:a", "event:talks"]
    texts: list[str | bytes] = [json.dumps(dicts[0]), json.dumps(dicts[1], indent=2), b'{"record_type": "actor"}', ""]
    mixed = load_records([*texts, dicts[0]], name="batch")
    assert [r.id for r in mixed] == ["actor:a", "event:talks"]
    lines = {(f.file, f.line) for f in mixed.errors}
    # the third item lacks fields, the fourth is empty, the fifth repeats an id; the pretty-printed second item
    # is read on its own
    assert ("batch", 3) in lines
    assert ("batch", 4) in lines
    assert ("batch", 5) in lines
    assert mixed.index().where("event:talks") == ("batch#2", 0)


def test_load_records_never_makes_broken_json_valid() -> None:
    # a line break inside a string is not JSON: reading the text on its own keeps it a finding
    broken = '{"record_type": "actor", "id": "actor:a", "schema_version": "' + V + '", "name": "A\nB"}'
    records = load_records([broken])
    assert list(records) == []
    assert records.report.exit_code == 3


def test_load_records_rejects_values_json_cannot_hold() -> None:
    with pytest.raises(TypeError, match="item 2"):
        load_records(["{}", {"when": dt.date(2020, 1, 1)}])


def test_records_rejects_an_unknown_kind() -> None:
    records = load_records([_actor("a")])
    with pytest.raises(ValueError, match="not a record type"):
        list(records.records("actr"))
    assert [r.id for r in records.records(Actor)] == ["actor:a"]
    assert list(records.records(Event)) == []


def test_options_are_the_cli_options(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(_event("e", ["actor:elsewhere"])) + "\n", encoding="utf-8")
    assert not load(path).ok
    relaxed = load(path, options=Options(allow_external_refs=True))
    assert relaxed.ok
    assert [r.id for r in relaxed] == ["event:e"]


def test_dataframes_pandas_and_polars() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    records = load(VALID)
    rows = records.rows()
    frames = records.dataframes("pandas")
    assert set(frames) == set(rows)
    agreements = frames["agreement"]
    assert isinstance(agreements, pd.DataFrame)
    assert len(agreements) == len(list(records.records(Agreement)))
    spec = rows["agreement"][0]
    assert list(agreements.columns) == [c.name for c in spec.columns]
    typed: dict[str, tuple[str, str]] = {
        c.type: (name, c.name) for name, (table, _) in rows.items() for c in table.columns if c.type != "string"
    }
    assert set(typed) == {"integer", "number", "boolean"}
    for kind, dtype in (("integer", "Int64"), ("number", "Float64"), ("boolean", "boolean")):
        table_name, column = typed[kind]
        assert str(frames[table_name][column].dtype) == dtype
    polars = records.dataframes("polars")
    assert isinstance(polars["agreement"], pl.DataFrame)
    assert polars["agreement"].height == len(agreements)
    with pytest.raises(ValueError, match="pandas"):
        records.dataframes("spark")  # type: ignore[arg-type]


def test_iteration_memory_does_not_grow_with_the_input(tmp_path: Path) -> None:
    """Iterating re-reads the inputs: the memory it allocates stays the same for 400 and for 4,000 records."""

    def peak(count: int) -> int:
        path = tmp_path / f"r{count}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(count):
                out.write(json.dumps(_actor(f"a{n}", notes="x" * 200)) + "\n")
        records = load(path, options=Options(cross_checks=False))
        tracemalloc.start()
        seen = sum(1 for _ in records)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert seen == count
        return top

    small, large = peak(400), peak(4000)
    assert large < small * 2 + 256 * 1024, (small, large)


def test_every_name_of_the_package_root_resolves_and_type_checkers_see_it() -> None:
    for name in ptm.__all__:
        assert getattr(ptm, name) is not None, name
    source = Path(ptm.__file__).read_text(encoding="utf-8")
    typed = set(re.findall(r"^    from peace_talks_model\.\S+ import \w+ as (\w+)$", source, flags=re.M))
    assert typed == set(ptm._EXPORTS), set(ptm._EXPORTS) ^ typed
    assert ptm.published_schema("record.schema.json")["$id"].endswith("/record.schema.json")


def test_the_index_reads_records_again_and_notices_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    lines = [json.dumps(_actor(name)) for name in ("aa", "bb", "cc")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = load(path)
    index = records.index()
    assert len(index) == 3
    assert index.ids() == ["actor:aa", "actor:bb", "actor:cc"]
    assert index.get("actor:bb") == records.get("actor:bb")  # read from the file, then kept
    path.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")  # same sizes, other order
    assert index.get("actor:bb") is not None  # the one read before is kept
    with pytest.raises(RecordSetChangedError, match="changed after it was loaded"):
        index.get("actor:aa")
    path.unlink()
    with pytest.raises(RecordSetChangedError):
        index.get("actor:cc")


def test_the_index_holds_locations_not_models(tmp_path: Path) -> None:
    """Building the index of 3,000 rich records allocates far less than the records' models would take."""
    records = load(VALID)
    rich = [r.model_dump(mode="json", exclude_defaults=True) for r in records]
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(5):
            for record in rich:
                out.write(json.dumps({**record, "id": f"{record['id']}-{copy}"}) + "\n")
    many = load(path, options=Options(cross_checks=False))
    tracemalloc.start()
    index = many.index()
    _, index_peak = tracemalloc.get_traced_memory()
    current, _ = tracemalloc.get_traced_memory()
    models = list(many)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(index) == len(models) == 5 * len(rich)
    assert current * 4 < held - current, (current, held - current)
    assert index_peak < held
