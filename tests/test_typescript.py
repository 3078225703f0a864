"""Teams in other languages can consume the published schema as it is: TypeScript types generated from
`schemas/record.schema.json` by json-schema-to-typescript accept every record of `examples/valid` under
`tsc --strict`, and refuse records the schema refuses for a reason a type can hold (a value outside a
vocabulary, an unknown key, a string where a count goes). Run by `tests/ajv/typescript.mjs` (Node packages pinned
by `tests/ajv/package-lock.json`).

What the generated types cannot express, and only the schema (and `peace-talks validate`) checks: patterns (ids,
EDTF dates, country codes), numeric bounds, formats (URLs, dates), and the `if`/`then` conditions between fields.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from peace_talks_model.io import read_records
from tests.conftest import AJV, ROOT, ajv_node

VALID = ROOT / "examples" / "valid"


def _check(tmp_path: Path, *documents: Path) -> tuple[int, dict[str, Any]]:
    node = ajv_node()
    if not (AJV / "node_modules" / "json-schema-to-typescript").exists():
        pytest.fail("json-schema-to-typescript is missing: run 'npm ci --prefix tests/ajv'")
    done = subprocess.run(
        [node, str(AJV / "typescript.mjs"), str(ROOT / "schemas" / "record.schema.json"), str(tmp_path / "ts")]
        + [str(d) for d in documents],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.stdout, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return done.returncode, result


def test_the_generated_types_accept_every_valid_example(tmp_path: Path) -> None:
    documents = sorted(p for p in VALID.rglob("*") if p.suffix in (".json", ".jsonl") and p.name != "manifest.json")
    status, result = _check(tmp_path, *documents)
    assert result["errors"] == []
    assert status == 0
    assert result["records"] == sum(1 for _ in read_records([VALID]).records)
    assert "export type Record =" in (tmp_path / "ts" / "record.d.ts").read_text(encoding="utf-8")


def test_the_generated_types_refuse_what_a_type_can_hold(tmp_path: Path) -> None:
    base = {"schema_version": "1.5", "record_type": "actor", "name": "A"}
    bad = [
        {**base, "id": "actor:a", "kind": "persn"},
        {**base, "id": "actor:b", "kind": "person", "nmae": "x"},
        {
            "record_type": "prisoner_swap",
            "id": "prisoner_swap:x",
            "schema_version": "1.5",
            "sides": [{"key": "a", "releaser": "actor:a", "count": "12"}, {"key": "b", "releaser": "actor:b"}],
        },
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in bad), encoding="utf-8")
    status, result = _check(tmp_path, path)
    assert status == 1
    codes = [line.split("error ", 1)[1].split(":", 1)[0] for line in result["errors"] if "error TS" in line]
    assert codes == ["TS2820", "TS2353", "TS2322"], result["errors"]
    assert [int(line.split("(", 1)[1].split(",", 1)[0]) for line in result["errors"] if "error TS" in line] == [
        3,
        4,
        5,
    ]
