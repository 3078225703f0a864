"""Parity between the published schema and the models, with hypothesis.

Starting from every valid example record, hypothesis deletes keys, adds unknown keys and replaces values (with
other JSON values, including ones of the wrong type) anywhere in the record. For every mutant:
- schema-invalid implies model-invalid (the models are never looser than the schema);
- model-invalid implies schema-invalid, unless every finding is a rule JSON Schema cannot express
  (`MODEL_ONLY_CODES` in tests/test_schemas.py: calendar dates, orders, bounds, keys, references...).
We generate from our own strategies rather than hypothesis-jsonschema, which supports drafts 4-7 only and breaks
with hypothesis >= 6.170.10.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from peace_talks_model import validate_record
from peace_talks_model.diagnose import diagnose
from tests.conftest import example_files
from tests.test_schemas import MODEL_ONLY_CODES, RECORDS_VALIDATOR

RECORDS: list[dict[str, Any]] = []
for _path in example_files("valid"):
    _data = json.loads(_path.read_text(encoding="utf-8"))
    RECORDS.extend(_data if isinstance(_data, list) else [_data])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10**6)
    | st.floats(-1e3, 1e9, allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2019-02-30", "actor:x", "AFG", "US", "P3D", "", " ", "person"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*path, index))
    return out


@st.composite
def mutants(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(json.dumps(draw(st.sampled_from(RECORDS))))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(record)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = record
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["delete", "replace", "add_key"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add_key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8)) + "_x"] = draw(json_values)
        else:
            parent[path[-1]] = draw(json_values)
    return record


def _model_codes(record: dict[str, Any]) -> set[str] | None:
    try:
        validate_record(record)
    except ValidationError as exc:
        tag = record.get("record_type")
        return {d.code for d in diagnose(exc, tag if isinstance(tag, str) else None)}
    return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_schema_and_models_agree(record: dict[str, Any]) -> None:
    schema_ok = not any(True for _ in RECORDS_VALIDATOR.iter_errors(record))
    codes = _model_codes(record)
    if not schema_ok:
        assert codes is not None, "the schema rejects a record the models accept"
    elif codes is not None:
        assert codes <= MODEL_ONLY_CODES, f"the models reject, the schema accepts, for expressible codes {codes}"
