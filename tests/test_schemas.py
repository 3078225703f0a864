"""The published JSON Schema: current, valid draft 2020-12, portable, and in agreement with the models on every
example (the rules JSON Schema cannot express are listed in MODEL_ONLY_CODES)."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.cli import app
from peace_talks_model.codes import CODES
from peace_talks_model.models.places import Place
from peace_talks_model.models.scalars import (
    END_OF_TEXT,
    MAX_NUMBER,
    MAX_SAFE_INTEGER,
    NOT_LINE_END,
    NOT_SPACE,
    SPACE,
    WHITESPACE_CHARS,
)
from peace_talks_model.schema_diff import Level, classify, diff_schemas
from peace_talks_model.schema_export import (
    REGENERATE,
    build_schemas,
    published,
    released_versions,
    schema_id,
    stale_files,
)
from peace_talks_model.starters import STARTERS
from tests.conftest import AJV, EXAMPLES, INPUT_CODES, ROOT, ajv_node, case_id, example_files

SCHEMAS = ROOT / "schemas"
FILES = build_schemas()
SCHEMA_FILES = sorted(name for name in FILES if name.endswith(".schema.json"))
RECORDS = json.loads(FILES["records.schema.json"])
RECORDS_VALIDATOR = Draft202012Validator(RECORDS, format_checker=Draft202012Validator.FORMAT_CHECKER)

#: Codes of rules that JSON Schema cannot express (calendars, orders, sums, references...): an invalid example
#: whose only defects carry these codes is valid for the schema and invalid for the models, by design.
MODEL_ONLY_CODES = frozenset(
    {
        "PT205",
        "PT206",
        "PT207",
        "PT208",
        "PT209",
        "PT210",
        "PT211",
        "PT230",
        "PT232",
        "PT233",
        "PT240",
        "PT241",
        "PT242",
        "PT243",
        "PT299",
    }
    | {c.code for c in CODES if c.code.startswith(("PT22", "PT25", "PT26", "PT27", "PT3", "PT9"))}
)


def test_committed_schemas_are_current() -> None:
    stale = stale_files(SCHEMAS)
    assert not stale, f"schemas/ is stale ({', '.join(stale)}); regenerate with '{REGENERATE}' and commit"


def test_generation_is_deterministic() -> None:
    assert build_schemas() == FILES


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_file_is_a_valid_self_contained_2020_12_schema(name: str) -> None:
    schema = json.loads(FILES[name])
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schema_id(name)
    text = FILES[name].decode()
    assert '"$ref": "http' not in text  # no remote references: every file is self-contained
    assert '"discriminator"' not in text  # Ajv strict rejects its mapping


def _objects(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if "properties" in node:
            found.append(node)
        for value in node.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_objects(value))
    return found


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_portable_profile(name: str) -> None:
    schema = json.loads(FILES[name])
    for obj in _objects(schema):
        assert obj.get("type") == "object"
        if "record_type" in obj["properties"]:
            assert "record_type" in obj["required"]
            assert "default" not in obj["properties"]["record_type"]


def test_index_lists_every_file_with_its_hash() -> None:
    index = json.loads(FILES["index.json"])
    assert [f["name"] for f in index["files"]] == SCHEMA_FILES
    assert index["schema_version"] == SCHEMA_VERSION


def _documents(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [json.loads(text)]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("path", example_files("valid") + example_files("minimal"), ids=case_id)
def test_valid_examples_pass_the_schema(path: Path) -> None:
    for document in _documents(path):
        errors = [e.message for e in RECORDS_VALIDATOR.iter_errors(document)]
        assert not errors, errors[:3]


def _expected_codes(path: Path) -> set[str]:
    lines = path.with_suffix(".errors.txt").read_text(encoding="utf-8").splitlines()
    return {
        word.rstrip(":") for line in lines if not line.startswith("#") for word in line.split() if word.startswith("PT")
    }


#: Invalid examples the schema accepts although their code is expressible, each with the reason.
MODEL_ONLY_EXAMPLES: set[str] = set()


def _judged_by_the_schema(path: Path) -> bool:
    """False for an invalid example that is not one JSON document (broken JSON, not UTF-8, JSONL...): the schema
    never sees it, the reader refuses it first."""
    codes = _expected_codes(path)
    return not (codes & set(INPUT_CODES) or "PT105" in codes or path.suffix != ".json")


JUDGED = [path for path in example_files("invalid") if _judged_by_the_schema(path)]


def test_the_invalid_examples_the_schema_cannot_judge_are_input_problems() -> None:
    unjudged = [path for path in example_files("invalid") if not _judged_by_the_schema(path)]
    assert 0 < len(unjudged) < len(JUDGED)
    for path in unjudged:
        codes = _expected_codes(path)
        assert codes & {*INPUT_CODES, "PT105"} or path.suffix != ".json", path


@pytest.mark.parametrize("path", JUDGED, ids=case_id)
def test_invalid_examples_fail_the_schema_unless_model_only(path: Path) -> None:
    codes = _expected_codes(path)
    [document] = _documents(path)
    rejected = any(True for _ in RECORDS_VALIDATOR.iter_errors(document))
    if case_id(path).removeprefix("invalid/") in MODEL_ONLY_EXAMPLES:
        assert not rejected, "listed as model-only but the schema rejects it: remove it from MODEL_ONLY_EXAMPLES"
    elif not rejected:
        assert codes <= MODEL_ONLY_CODES, f"the schema accepts a defect it can express: {sorted(codes)}"


#: The keywords of JSON Schema draft 2020-12 (core, applicator, validation, format, content, meta-data).
STANDARD_KEYWORDS = frozenset(
    [
        "$schema",
        "$id",
        "$defs",
        "$ref",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "type",
        "enum",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "items",
        "prefixItems",
        "contains",
        "minContains",
        "maxContains",
        "unevaluatedItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "if",
        "then",
        "else",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "format",
        "contentEncoding",
        "contentMediaType",
    ]
)
_NAME_MAPS = ("properties", "$defs", "patternProperties", "dependentRequired", "dependentSchemas")


def _keywords(node: Any, parent: str | None = None) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if parent not in _NAME_MAPS:
                found.add(key)
            if key not in ("examples", "default", "const", "enum") or parent in _NAME_MAPS:
                found |= _keywords(value, key)
    elif isinstance(node, list):
        for value in node:
            found |= _keywords(value)
    return found


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_only_standard_keywords(name: str) -> None:
    assert _keywords(json.loads(FILES[name])) <= STANDARD_KEYWORDS


def test_the_package_ships_the_committed_schemas() -> None:
    assert published("index.json") == json.loads((SCHEMAS / "index.json").read_text(encoding="utf-8"))


def test_schema_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["schema", "export", "--check"]).exit_code == 0
    out = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "export", "--out", str(out)]).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    (out / "actor.schema.json").write_text("{}", encoding="utf-8")
    stale = runner.invoke(app, ["schema", "export", "--out", str(out), "--check"])
    assert stale.exit_code == 1
    assert "actor.schema.json" in stale.stdout
    assert REGENERATE in stale.stderr
    shown = runner.invoke(app, ["schema", "show", "prisoner-swap"])
    assert json.loads(shown.stdout)["$id"] == schema_id("prisoner-swap.schema.json")
    assert runner.invoke(app, ["schema", "show", "treaty"]).exit_code == 2


@pytest.mark.parametrize("record_type", list(STARTERS))
def test_example_command_prints_the_minimal_record(record_type: str) -> None:
    result = CliRunner().invoke(app, ["example", record_type])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    starter = printed[0] if isinstance(printed, list) else printed
    assert starter == json.loads((EXAMPLES / "minimal" / f"{record_type}.json").read_text(encoding="utf-8"))
    for record in printed if isinstance(printed, list) else [printed]:
        assert not list(RECORDS_VALIDATOR.iter_errors(record))


def test_ajv_strict_compiles_every_file_and_agrees_on_the_examples() -> None:
    node = ajv_node()
    documents = [
        p
        for p in [*example_files("valid"), *example_files("minimal"), *example_files("invalid")]
        if p.suffix in (".json", ".jsonl")
        and not (_expected_codes(p) & {*INPUT_CODES, "PT105"} if "invalid" in p.parts else set())
    ]
    done = subprocess.run(  # the arguments are ours
        [node, str(AJV / "check.mjs"), str(SCHEMAS), *map(str, documents)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["compiled"] == SCHEMA_FILES
    disagreements = []
    for path in documents:
        python_verdict = all(not list(RECORDS_VALIDATOR.iter_errors(d)) for d in _documents(path))
        if result["verdicts"][str(path)] != python_verdict:
            disagreements.append(case_id(path))
    assert not disagreements, f"Ajv and python-jsonschema disagree on: {disagreements}"


def test_released_schema_keeps_its_verdicts() -> None:
    versions = released_versions(SCHEMAS)
    assert SCHEMA_VERSION in versions, f"run 'peace-talks schema release' for version {SCHEMA_VERSION}"
    snapshot = json.loads((SCHEMAS / "released" / SCHEMA_VERSION / "record.schema.json").read_text("utf-8"))
    changes = [c for c in diff_schemas(snapshot, json.loads(FILES["record.schema.json"])) if c.level > Level.patch]
    assert not changes, (
        f"the schema changed beyond annotations since {SCHEMA_VERSION} was released: bump SCHEMA_VERSION "
        f"(major for {[c.pointer for c in changes if c.level is Level.major][:3]}, minor otherwise), run "
        "'peace-talks schema release' and add a schemas/CHANGELOG.md entry"
    )


def test_each_release_bumped_the_right_part() -> None:
    versions = released_versions(SCHEMAS)
    changelog = (SCHEMAS / "CHANGELOG.md").read_text(encoding="utf-8")
    assert all(f"## {v} " in changelog for v in versions)
    for old, new in itertools.pairwise(versions):
        before = json.loads((SCHEMAS / "released" / old / "record.schema.json").read_text("utf-8"))
        after = json.loads((SCHEMAS / "released" / new / "record.schema.json").read_text("utf-8"))
        if new in CORRECTIONS:  # what is left once the corrections are undone must be minor at most
            before, after = _uncorrected(before), _uncorrected(after)
        level = classify(diff_schemas(before, after))
        if old.split(".")[0] == new.split(".")[0]:
            assert level is not Level.major, f"{old} -> {new} breaks records: it needs a major version"


#: Minor versions released as corrections (schemas/CHANGELOG.md says why): changes the diff tool classes as major
#: but that only make the schema agree with the models, python-jsonschema and Ajv. Only these kinds are allowed.
CORRECTIONS = {"1.3": "parity of the validators (issue #16)"}


def _uncorrected(node: Any) -> Any:
    """`node` with the 1.3 corrections undone: the explicit white-space classes written `\\s`/`\\S`, `.` for a
    non-line-end, `$` for the end of text, and no bounds of ±(2^53 - 1) or ±the largest double."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("maximum", "minimum") and abs(value) in (MAX_SAFE_INTEGER, MAX_NUMBER):
                continue
            if key == "pattern" and isinstance(value, str):
                plain = value.replace(NOT_SPACE, "\\S").replace(SPACE, "\\s").replace(WHITESPACE_CHARS, "\\s")
                out[key] = plain.replace(NOT_LINE_END, ".").replace(END_OF_TEXT, "$").replace("[^\\s]", "\\S")
                continue
            out[key] = _uncorrected(value)
        return out
    if isinstance(node, list):
        return [_uncorrected(item) for item in node]
    return node


def test_schema_diff_and_release_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    same = runner.invoke(app, ["schema", "diff", str(SCHEMAS / "released" / SCHEMA_VERSION), str(SCHEMAS)])
    assert same.exit_code == 0
    assert "needs a minor" not in same.stdout
    assert "needs a major" not in same.stdout
    old = json.loads(FILES["record.schema.json"])
    new = json.loads(FILES["record.schema.json"])
    del new["$defs"]["Actor"]["properties"]["born"]
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    result = runner.invoke(app, ["schema", "diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")])
    assert "major /$defs/Actor/properties/born: properties entry 'born' removed" in result.stdout
    assert "needs a major version bump" in result.stdout
    assert runner.invoke(app, ["schema", "release", "--out", str(tmp_path)]).exit_code == 0
    assert runner.invoke(app, ["schema", "release", "--out", str(tmp_path)]).exit_code == 1


def test_a_class_can_pin_its_published_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Place, "__schema_name__", "Location", raising=False)
    union = json.loads(build_schemas()["record.schema.json"])
    assert "Location" in union["$defs"]
    assert "Place" not in union["$defs"]
    assert '"#/$defs/Place"' not in json.dumps(union)
    Draft202012Validator.check_schema(union)


@pytest.mark.parametrize("record_type", list(STARTERS))
def test_record_type_files_carry_a_validated_example(record_type: str) -> None:
    schema = json.loads(FILES[f"{record_type.replace('_', '-')}.schema.json"])
    assert schema["examples"] == [STARTERS[record_type]]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert not list(validator.iter_errors(STARTERS[record_type]))
