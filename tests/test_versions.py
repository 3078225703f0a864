"""Records are checked against the version of the record contract they declare: the tables of what each version
added (`peace_talks_model.models.versions`) are the differences of the released schemas, and a record using a
later field or value, or declaring an unknown version, fails with a message naming the version."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from pydantic import ValidationError

from peace_talks_model import validate_record
from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.diagnose import diagnose
from peace_talks_model.explanations import EXPLANATIONS
from peace_talks_model.introspect import reachable_classes
from peace_talks_model.models.versions import FIELDS_SINCE, VALUES_SINCE, VERSIONS
from peace_talks_model.starters import STARTERS
from tests.conftest import ROOT

RELEASED = ROOT / "schemas" / "released"


def _released(version: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RELEASED / version / "record.schema.json").read_text(encoding="utf-8"))
    return data


def _enums(schema: Any) -> set[str]:
    values: set[str] = set()
    if isinstance(schema, dict):
        values |= {str(v) for v in schema.get("enum", [])} if "const" not in schema else set()
        for item in schema.values():
            values |= _enums(item)
    elif isinstance(schema, list):
        for item in schema:
            values |= _enums(item)
    return values


def _derived() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """What each released version added to the one before: fields (of any definition) and allowed values of the
    enumerations that existed before."""
    fields: dict[tuple[str, str], str] = {}
    values: dict[tuple[str, str], str] = {}
    for older, newer in itertools.pairwise(VERSIONS):
        before, after = _released(older)["$defs"], _released(newer)["$defs"]
        for name, definition in after.items():
            old = before.get(name, {})
            for field in set(definition.get("properties", {})) - set(old.get("properties", {})):
                fields[(name, field)] = newer
            if name in before and "enum" in definition:
                for value in set(map(str, definition["enum"])) - set(map(str, old.get("enum", []))):
                    values[(name, value)] = newer
    return fields, values


def test_every_version_is_released_and_the_last_is_current() -> None:
    assert sorted(p.name for p in RELEASED.iterdir()) == list(VERSIONS)
    assert VERSIONS[-1] == SCHEMA_VERSION


def test_the_tables_are_the_differences_of_the_released_schemas() -> None:
    """A new version must list its new fields in FIELDS_SINCE and its new values of older enumerations in
    VALUES_SINCE (peace_talks_model/models/versions.py)."""
    fields, values = _derived()
    assert fields == FIELDS_SINCE
    assert values == VALUES_SINCE


def test_the_tables_name_real_model_classes() -> None:
    names = {cls.__name__ for cls in reachable_classes()}
    assert {owner for owner, _ in FIELDS_SINCE} <= names
    assert {owner for owner, _ in VALUES_SINCE} <= names


def _agreement(**extra: Any) -> dict[str, Any]:
    return STARTERS["agreement"] | {"schema_version": "1.0"} | extra


def _errors(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as caught:
        validate_record(record)
    return [(d.code, ".".join(map(str, d.path)), d.message) for d in diagnose(caught.value, record["record_type"])]


def test_a_field_of_a_later_version_is_an_error_naming_it() -> None:
    [(code, path, message)] = _errors(_agreement(interim=True))
    assert (code, path) == ("PT233", "interim")
    assert message == (
        "field 'interim' came in schema version 1.1, but the record declares schema_version '1.0': "
        "declare '1.1' or later, or leave the field out"
    )
    validate_record(_agreement(interim=True, schema_version="1.1"))


def test_nested_fields_and_values_are_found_and_the_newest_version_is_asked_for() -> None:
    record = _agreement(
        identifiers=[{"scheme": "pax_agreement", "value": "2271", "version": "v8"}],
        party_mentions=[{"text": "the Taliban", "role": "party"}],
    )
    [(code, path, message)] = _errors(record)
    assert (code, path) == ("PT233", "identifiers.0.version")
    assert "and uses 1 more field or value of a later version: declare '1.2' or later, or leave them out" in message
    ceasefire = STARTERS["ceasefire"] | {"schema_version": "1.1", "purposes": ["unclear"]}
    [(code, path, message)] = _errors(ceasefire)
    assert code == "PT233"
    assert message.startswith("value 'unclear' came in schema version 1.2")


@pytest.mark.parametrize("version", ["1.9", "1.8", "0.9", "2.0", "1.10"])
def test_an_unknown_version_is_an_error_listing_the_known_ones(version: str) -> None:
    [(code, path, message)] = _errors(STARTERS["actor"] | {"schema_version": version})
    assert (code, path) == ("PT230", "schema_version")
    assert f"this package knows ({', '.join(VERSIONS)})" in message
    assert ("needs a newer peace_talks_model" in message) == (version not in ("0.9",))


@pytest.mark.parametrize("version", VERSIONS)
def test_every_known_version_of_a_plain_record_is_valid(version: str) -> None:
    validate_record(STARTERS["actor"] | {"schema_version": version})


def test_a_later_field_at_its_default_value_is_not_a_use_of_it() -> None:
    """The LLM profile writes every field: `"dataset_codes": []` in a 1.0 record says nothing 1.0 cannot say."""
    validate_record(STARTERS["actor"] | {"schema_version": "1.0", "dataset_codes": []})
    with pytest.raises(ValidationError):
        validate_record(_agreement(interim=False))  # false is a value here (default None): it is a use


def test_every_version_shown_to_people_is_the_current_one() -> None:
    """The README, the hand-written docs, CONTRIBUTING and the explanations show records of the current version
    (the explanations' examples are checked as records in tests/test_explanations.py)."""
    shown = re.compile(r"schema_version\"?\s*:\s*\"([0-9]+\.[0-9]+)\"")
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").rglob("*.md")]
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in pages}
    texts |= {f"explain {code}": e.bad + e.good for code, e in EXPLANATIONS.items() if code not in ("PT230", "PT233")}
    # the reference of codes shows PT230's and PT233's bad examples, a wrong version on purpose
    wrong_on_purpose = {"docs/reference/codes.md": {"1.0", "2.0"}}
    stale = {
        where: found
        for where, text in texts.items()
        if (found := set(shown.findall(text)) - {SCHEMA_VERSION} - wrong_on_purpose.get(where, set()))
    }
    assert not stale


def test_a_record_type_newer_than_the_declared_version_is_reported_once_as_such() -> None:
    """A conflict record (a record type of 1.5) declaring 1.4 gets one finding at record_type naming the type,
    not one per field of the record."""
    record = STARTERS["conflict"] | {"schema_version": "1.4", "side_a": ["actor:sudan"], "end": "2005-01-09"}
    [(code, path, message)] = _errors(record)
    assert (code, path) == ("PT233", "record_type")
    assert message.startswith("record type 'conflict' came in schema version 1.5, but the record declares")
    validate_record(record | {"schema_version": "1.5"})


@pytest.mark.parametrize("version", VERSIONS[:-1])
def test_the_plan_of_a_version_finds_what_a_walk_of_every_field_finds(version: str) -> None:
    """`newer_features` visits only the fields that can hold something later than the declared version
    (`_plan(type, version)`); on every example record (which uses fields of every version) judged against every
    older version, it finds exactly what a walk of every field finds."""
    from peace_talks_model.models import versions  # noqa: PLC0415
    from peace_talks_model.validation import record_adapter  # noqa: PLC0415

    checked = found = 0
    for path in sorted((ROOT / "examples" / "valid").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for record in data if isinstance(data, list) else [data]:
            model = record_adapter().validate_python(record)  # valid as it declares the current version
            planned = list(versions.newer_features(model, version))
            everything = list(versions._walk(model, (), versions._key(version), {}))
            if "record_type" not in {p[0] for p, _, _ in planned}:
                assert planned == everything, record["id"]
            checked += 1
            found += bool(planned)
    assert checked > 600
    assert found > 0
