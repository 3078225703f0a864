"""Records in code: every record class is built without `record_type` and `schema_version` (this file is also
type-checked by mypy with the pydantic plugin, so `Agreement(id=..., name=...)` is proven to type-check), records
read as data still need both, and a record dumps as it was written: short forms kept, fields left out left out,
so loading then dumping gives back every record of `examples/valid`."""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from peace_talks_model import (
    Actor,
    Agreement,
    Ceasefire,
    Claim,
    Conflict,
    Event,
    Negotiation,
    Position,
    PrisonerSwap,
    Source,
    describe_errors,
    dump_record,
    dumps,
    load,
    load_records,
    validate_record,
)
from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.models import MODEL_BY_TYPE, RecordBase
from peace_talks_model.schema_export import published
from tests.conftest import ROOT

VALID = ROOT / "examples" / "valid"


def test_every_record_type_is_built_in_code_without_its_tag_and_version() -> None:
    built: list[RecordBase] = [
        Source(id="source:s"),
        Actor(id="actor:a", name="A", kind="person"),
        Negotiation(id="negotiation:n", kind="meeting"),
        Agreement(id="agreement:x", name="X"),
        PrisonerSwap(
            id="prisoner_swap:p",
            sides=[{"key": "a", "releaser": "actor:a", "count": 2}, {"key": "b", "releaser": "actor:b", "count": 3}],
        ),
        Ceasefire(id="ceasefire:c"),
        Claim(id="claim:c", statement="The talks are dead."),
        Position(id="position:p", holders=["actor:a"], kind="demand", topic="ceasefire"),
        Event(id="event:e", kind="meeting"),
        Conflict(id="conflict:c", name="C"),
    ]
    assert {type(record) for record in built} == set(MODEL_BY_TYPE.values())
    for record in built:
        assert record.record_type == record.RECORD_TYPE
        assert record.schema_version == SCHEMA_VERSION
        again = validate_record(record.to_dict())
        assert again == record
        assert list(record.to_dict())[:3] == ["record_type", "id", "schema_version"]
        assert dump_record(record) == record.to_dict()


def test_records_read_as_data_still_need_their_version_and_the_schema_requires_both() -> None:
    data: dict[str, Any] = {"record_type": "agreement", "id": "agreement:x", "name": "X"}
    with pytest.raises(ValidationError) as caught:
        validate_record(data)
    assert describe_errors(caught.value) == [
        "PT113 schema_version: required field 'schema_version' is missing (agreement)"
    ]
    checked = load_records([data])
    assert [f.code for f in checked.errors] == ["PT113"]
    for name in ("record.schema.json", "agreement.schema.json"):
        schema = published(name)
        agreement = schema["$defs"]["Agreement"] if "$defs" in schema and "Agreement" in schema["$defs"] else schema
        assert {"record_type", "schema_version"} <= set(agreement["required"])
        assert "default" not in agreement["properties"]["schema_version"]


def test_a_given_version_is_kept_and_checked() -> None:
    assert Agreement(id="agreement:x", name="X", schema_version="1.0").schema_version == "1.0"
    with pytest.raises(ValidationError, match="schema_version"):
        Agreement(id="agreement:x", name="X", schema_version="7.0")


def test_short_forms_are_written_as_given() -> None:
    data = {
        "record_type": "prisoner_swap",
        "id": "prisoner_swap:x",
        "schema_version": SCHEMA_VERSION,
        "date": "2019-11",
        "sides": [
            {"key": "a", "releaser": "actor:a", "count": 2},
            {"key": "b", "releaser": "actor:b", "count": {"value": 3, "qualifier": "exact"}},
        ],
        "status_history": [{"status": "executed", "date": {"edtf": "2019-11-19"}}],
    }
    swap = validate_record(data)
    assert isinstance(swap, PrisonerSwap)
    assert swap.to_dict() == data
    assert json.loads(dumps(swap)) == data
    # a short-form date given more since is written in full
    assert swap.date is not None
    swap.date.weekday = None  # set, but to what it was: still a field given
    assert swap.to_dict()["date"] == {"edtf": "2019-11", "weekday": None}


def test_records_built_in_code_keep_short_forms_too() -> None:
    agreement = Agreement(id="agreement:x", name="X", date="2022-07-22")
    assert agreement.to_json() == (
        '{"record_type": "agreement", "id": "agreement:x", "schema_version": "'
        + SCHEMA_VERSION
        + '", "name": "X", "date": "2022-07-22"}'
    )


def test_dumps_one_record_an_array_or_json_lines() -> None:
    records = [Actor(id="actor:a", name="A", kind="person"), Actor(id="actor:b", name="Bé", kind="state")]
    assert json.loads(dumps(records[0])) == records[0].to_dict()
    assert json.loads(dumps(records, indent=2)) == [r.to_dict() for r in records]
    lines = dumps(records, jsonl=True)
    assert lines.endswith("\n")
    assert "Bé" in lines  # characters as they are
    assert [json.loads(line) for line in lines.splitlines()] == [r.to_dict() for r in records]
    with pytest.raises(ValueError, match="no indent"):
        dumps(records, jsonl=True, indent=2)


def _file_records(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".jsonl", ".ndjson"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    document = json.loads(text)
    if isinstance(document, list):
        return document
    return document["records"] if "records" in document and "record_type" not in document else [document]


@pytest.fixture(scope="module")
def dumped_by_file() -> dict[str, list[tuple[int, dict[str, Any]]]]:
    records = load(VALID)
    assert records.ok
    found: dict[str, list[tuple[int, dict[str, Any]]]] = collections.defaultdict(list)
    for placed in records.placed():
        found[placed.file].append((placed.index, placed.record.to_dict()))
    return found


EXAMPLE_FILES = sorted(
    str(p) for p in VALID.rglob("*") if p.suffix in (".json", ".jsonl", ".ndjson") and p.name != "manifest.json"
)


@pytest.mark.parametrize("file", EXAMPLE_FILES, ids=lambda f: str(Path(f).relative_to(VALID)))
def test_load_then_dump_gives_back_every_example_record(
    file: str, dumped_by_file: dict[str, list[tuple[int, dict[str, Any]]]]
) -> None:
    written = _file_records(Path(file))
    dumped = dumped_by_file[file]
    assert len(dumped) == len(written)
    for index, record in dumped:
        assert record == written[index], (file, index)
