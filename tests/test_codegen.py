"""A second code generator consumes the published schema as it is: datamodel-code-generator turns
`schemas/record.schema.json` into pydantic models (another team's Python code, not ours) that accept every record
of `examples/valid` and refuse a value outside a vocabulary and an unknown key.

The generated models keep the schema's patterns (339 of them) and bounds; they drop its 14 `if`/`then` conditions
between fields (measured with datamodel-code-generator 0.97), which only the schema and `peace-talks validate`
check, as they alone check the rules beyond the schema (`peace-talks explain --list`).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from peace_talks_model.io import read_records
from tests.conftest import ROOT

pytest.importorskip("datamodel_code_generator", reason="datamodel-code-generator (the `dev` extra)")

VALID = ROOT / "examples" / "valid"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("codegen") / "records_generated.py"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            "--input",
            str(ROOT / "schemas" / "record.schema.json"),
            "--input-file-type",
            "jsonschema",
            "--output",
            str(out),
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--target-python-version",
            "3.11",
            "--formatters",
            "ruff-format",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    spec = importlib.util.spec_from_file_location("records_generated", out)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["records_generated"] = module
    spec.loader.exec_module(module)
    return module


def _records(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    value = json.loads(text)
    if isinstance(value, list):
        return value
    return value["records"] if "records" in value and "record_type" not in value else [value]


def test_the_generated_models_accept_every_valid_example(generated: ModuleType) -> None:
    files = sorted(p for p in VALID.rglob("*") if p.suffix in (".json", ".jsonl") and p.name != "manifest.json")
    records = [record for path in files for record in _records(path)]
    assert len(records) == sum(
        1 for _ in read_records([VALID]).records
    )  # every record of the examples, as validate reads them
    for record in records:
        generated.Record.model_validate(record)


def test_the_generated_models_refuse_a_wrong_value_and_an_unknown_key(generated: ModuleType) -> None:
    base = {"record_type": "actor", "id": "actor:a", "schema_version": "1.5", "name": "A"}
    generated.Record.model_validate({**base, "kind": "person"})
    for wrong in ({**base, "kind": "persn"}, {**base, "kind": "person", "nmae": "x"}):
        with pytest.raises(ValueError, match="validation error"):
            generated.Record.model_validate(wrong)
