"""The LLM profile (schemas/llm): committed files current, every file inside the strict structured-output subset
the providers document (a local linter with its own reading of the limits), every example record written in the
profile and read back unchanged, `validate --profile llm`, and the prompt kit."""

from __future__ import annotations

import json
import subprocess
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.llm_profile import (
    LossyError,
    extraction_records,
    from_profile,
    is_extraction_result,
    to_extraction_result,
    to_profile,
)
from peace_talks_model.llm_schema import (
    EXTRACTION_RESULT,
    LIMITS,
    MAX_DEPTH,
    REGENERATE_LLM,
    _published_union,
    build_llm_schemas,
    enum_meanings,
    measure,
    profile_tables,
    stale_llm_files,
)
from peace_talks_model.loader import LoadedRecord, load_file, parse_record
from peace_talks_model.models import RECORD_TYPES
from peace_talks_model.prompt_kit import (
    DETAIL_LEVELS,
    GuideTooLongError,
    _published,
    field_guide,
    size_table,
)
from peace_talks_model.validation import validate_record
from tests.conftest import AJV, ROOT, ajv_node, example_files

LLM = ROOT / "schemas" / "llm"
DOC = ROOT / "docs" / "llm-profile.md"
FILES = build_llm_schemas()
SCHEMAS = {name: json.loads(data) for name, data in FILES.items() if name.endswith(".schema.json")}
INDEX = json.loads(FILES["index.json"])
runner = CliRunner()

# -- the linter: the subset every file keeps to, read from the providers' documentation (docs/llm-profile.md) ---

#: Keywords OpenAI, Anthropic and Gemini all take in strict mode, and that the profile uses.
SUBSET_KEYWORDS = frozenset(
    {"type", "description", "enum", "anyOf", "items", "properties", "required", "additionalProperties", "$ref", "$defs"}
)
#: OpenAI Structured Outputs, "Supported schemas": up to 10 levels of nesting, 5,000 object properties, 120,000
#: characters of property names, definition names, enum and const values, 1,000 enum values, 15,000 characters
#: for one enum of more than 250 values.
OPENAI_DEPTH, OPENAI_PROPERTIES, OPENAI_NAMES, OPENAI_ENUM_VALUES, OPENAI_LARGE_ENUM = 10, 5000, 120_000, 1000, 15_000
#: Anthropic structured outputs: at most 24 optional parameters, no recursive schema.
ANTHROPIC_OPTIONAL = 24


def subschemas(node: Any, path: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every schema node of a document with its path, definitions included (references not followed)."""
    found = [(path, node)]
    for index, branch in enumerate(node.get("anyOf", [])):
        found += subschemas(branch, f"{path}/anyOf/{index}")
    if "items" in node:
        found += subschemas(node["items"], f"{path}/items")
    for key in ("properties", "$defs"):
        for name, child in node.get(key, {}).items():
            found += subschemas(child, f"{path}/{key}/{name}")
    return found


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def nesting(schema: dict[str, Any], node: dict[str, Any], seen: tuple[str, ...] = ()) -> int:
    """Levels of nesting: objects and arrays on the way to a value, references followed (a cycle fails)."""
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        assert name not in seen, f"{name} refers to itself"
        return nesting(schema, schema["$defs"][name], (*seen, name))
    levels = max((nesting(schema, b, seen) for b in node.get("anyOf", [])), default=0)
    if "items" in node:
        levels = max(levels, 1 + nesting(schema, node["items"], seen))
    if "properties" in node:
        levels = max(levels, 1 + max((nesting(schema, p, seen) for p in node["properties"].values()), default=0))
    return levels


def lint(schema: dict[str, Any]) -> list[str]:
    """What in a file breaks the profile's subset (empty: nothing)."""
    problems = []
    defs = schema.get("$defs", {})
    if schema.get("type") != "object" or "anyOf" in schema or "$ref" in schema:
        problems.append("#: the root must be an object, not a union or a reference")
    if not str(schema.get("$id", "")).startswith("https://"):
        problems.append("#: the root needs an absolute $id (one validator loads every published file)")
    referenced = set()
    for path, node in subschemas(schema):
        unknown = set(node) - SUBSET_KEYWORDS - ({"$id"} if path == "#" else set())
        if unknown:
            problems.append(f"{path}: keywords outside the subset: {sorted(unknown)}")
        if "$ref" in node:
            name = str(node["$ref"]).removeprefix("#/$defs/")
            referenced.add(name)
            if set(node) != {"$ref"}:
                problems.append(f"{path}: $ref must stand alone (Gemini refuses siblings)")
            if not str(node["$ref"]).startswith("#/$defs/") or name not in defs:
                problems.append(f"{path}: $ref {node['$ref']} does not resolve in this file")
        if node.get("type") == "object" or "properties" in node or "required" in node:
            properties = node.get("properties")
            if not properties or node.get("type") != "object":
                problems.append(f"{path}: an object needs type 'object' and properties")
            elif node.get("required") != list(properties):
                problems.append(f"{path}: every property must be required, in order")
            if node.get("additionalProperties") is not False:
                problems.append(f"{path}: additionalProperties must be false")
        if isinstance(node.get("type"), list):
            problems.append(f"{path}: type arrays are not used (nullable is anyOf with null)")
        if "enum" in node and (
            node.get("type") != "string" or not node["enum"] or not all(isinstance(v, str) for v in node["enum"])
        ):
            problems.append(f"{path}: an enum is a non-empty list of strings of type string")
        if "items" in node and node.get("type") != "array":
            problems.append(f"{path}: items belong to an array")
        if "description" in node and not (isinstance(node["description"], str) and node["description"].strip()):
            problems.append(f"{path}: an empty description")
        objects = [resolve(schema, b) for b in node.get("anyOf", []) if "properties" in resolve(schema, b)]
        if len(objects) > 1:  # OpenAI: objects in an anyOf must not share identical first keys
            firsts = [json.dumps(next(iter(o["properties"].items()))) for o in objects]
            if len(set(firsts)) != len(firsts):
                problems.append(f"{path}: object branches share their first property")
    for name in set(defs) - referenced:
        problems.append(f"#/$defs/{name}: never referenced")
    return problems


def within_limits(schema: dict[str, Any]) -> list[str]:
    """The published limits a file exceeds (empty: none), measured here without the library's `measure`."""
    nodes = [node for _, node in subschemas(schema)]
    properties = sum(len(n.get("properties", {})) for n in nodes)
    enums = [n["enum"] for n in nodes if "enum" in n]
    names = sum(len(k) for n in nodes for k in n.get("properties", {})) + sum(len(k) for k in schema.get("$defs", {}))
    names += sum(len(v) for e in enums for v in e)
    optional = sum(len(set(n.get("properties", {})) - set(n.get("required", []))) for n in nodes)
    checks = {
        "depth": (nesting(schema, schema), OPENAI_DEPTH),
        "properties": (properties, OPENAI_PROPERTIES),
        "names": (names, OPENAI_NAMES),
        "enum values": (sum(len(e) for e in enums), OPENAI_ENUM_VALUES),
        "large enum": (max((sum(map(len, e)) for e in enums if len(e) > 250), default=0), OPENAI_LARGE_ENUM),
        "optional": (optional, ANTHROPIC_OPTIONAL),
    }
    return [f"{what}: {value} > {limit}" for what, (value, limit) in checks.items() if value > limit]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_file_keeps_to_the_subset_and_the_limits(name: str) -> None:
    schema = SCHEMAS[name]
    Draft202012Validator.check_schema(schema)
    assert lint(schema) == []
    assert within_limits(schema) == []


def test_the_linter_catches_what_providers_reject() -> None:
    good = SCHEMAS["claim.schema.json"]
    assert lint(good) == []
    bad = json.loads(json.dumps(good))
    bad["properties"]["statement"]["minLength"] = 1
    bad["properties"]["id"] = {"$ref": "#/$defs/Nowhere", "description": "x"}
    bad["required"] = bad["required"][1:]
    bad["$defs"]["Evidence"]["additionalProperties"] = True
    found = "\n".join(lint(bad))
    for expected in ("minLength", "stand alone", "does not resolve", "every property must be required", "false"):
        assert expected in found
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(OPENAI_DEPTH):
        deep = {"type": "object", "properties": {"a": deep}, "required": ["a"], "additionalProperties": False}
    assert within_limits(deep) == []  # 10 levels: at the limit
    deeper = {"type": "object", "properties": {"a": {"type": "array", "items": deep}}, "required": ["a"]}
    assert within_limits(deeper) == [f"depth: {OPENAI_DEPTH + 2} > {OPENAI_DEPTH}"]


def test_the_library_measures_agree_with_the_linter_and_the_limits_it_documents() -> None:
    documented = {(limit.provider, limit.measure): limit.value for limit in LIMITS}
    assert documented[("OpenAI", "depth")] == OPENAI_DEPTH == MAX_DEPTH
    assert documented[("OpenAI", "properties")] == OPENAI_PROPERTIES
    assert documented[("OpenAI", "names")] == OPENAI_NAMES
    assert documented[("OpenAI", "enum_values")] == OPENAI_ENUM_VALUES
    assert documented[("Anthropic", "optional")] == ANTHROPIC_OPTIONAL
    for name, schema in SCHEMAS.items():
        stats = measure(schema)
        assert stats.depth == nesting(schema, schema), name
        assert stats.cycles == 0
    for limit in LIMITS:  # `met` says truly whether every file is within the limit
        worst = max(getattr(measure(s), limit.measure) for s in SCHEMAS.values())
        assert (worst <= limit.value) == limit.met, limit


def test_committed_files_are_current() -> None:
    stale = stale_llm_files(LLM)
    assert not stale, f"schemas/llm is stale ({', '.join(stale)}); regenerate with '{REGENERATE_LLM}' and commit"
    assert build_llm_schemas() == FILES  # deterministic


def test_schema_export_llm_check_and_write(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "export", "--profile", "llm", "--check", "--out", str(LLM)])
    assert result.exit_code == 0, result.output
    empty = tmp_path / "empty"
    result = runner.invoke(app, ["schema", "export", "--profile", "llm", "--check", "--out", str(empty)])
    assert result.exit_code == 1
    assert REGENERATE_LLM in result.output
    assert not empty.exists()  # --check writes nothing
    result = runner.invoke(app, ["schema", "export", "--profile", "llm", "--out", str(tmp_path / "llm")])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "llm").iterdir()} == FILES


def test_the_extraction_result_offers_every_record_type_with_its_tag_first() -> None:
    schema = SCHEMAS[EXTRACTION_RESULT]
    assert schema["required"] == ["document", "records"]
    branches = [resolve(schema, b) for b in schema["properties"]["records"]["items"]["anyOf"]]
    assert [b["properties"]["record_type"]["enum"] for b in branches] == [[t] for t in RECORD_TYPES]
    assert all(next(iter(b["properties"])) == "record_type" for b in branches)
    document = resolve(schema, schema["properties"]["document"]["anyOf"][0])
    assert document["properties"]["record_type"]["enum"] == ["source"]


def test_every_dropped_rule_is_in_its_field_description() -> None:
    dropped = INDEX["dropped_rules"]
    assert dropped, "the published schema has patterns and bounds: some rules are dropped"
    seen = 0
    for schema in SCHEMAS.values():
        for name, definition in schema.get("$defs", {}).items():
            for prop, node in definition.get("properties", {}).items():
                rules = dropped.get(f"{name.split('_d')[0]}.{prop}")
                if rules:
                    seen += 1
                    assert f"[validate: {'; '.join(rules)}]" in node["description"], (name, prop)
    assert seen > 100


def test_no_published_field_is_required_and_nullable() -> None:
    """`from_profile` drops every null: exact only while a null always means 'absent'."""
    published = _published_union()
    for name, definition in published["$defs"].items():
        for prop in definition.get("required", []):
            node = definition["properties"][prop]
            branches = node.get("anyOf", node.get("oneOf", [node]))
            assert {"type": "null"} not in branches, f"{name}.{prop}"
            assert node.get("type") != "null", f"{name}.{prop}"


def test_what_the_profile_drops_validate_still_enforces() -> None:
    record = {"record_type": "actor", "id": "actor:kofi-annan", "schema_version": "1.2", "name": "Kofi Annan"}
    written = to_profile({**record, "kind": "person"})
    written.update(id="Kofi Annan", name="")  # breaks the id pattern and the name's minLength
    assert not list(Draft202012Validator(SCHEMAS["actor.schema.json"]).iter_errors(written))
    result = runner.invoke(app, ["validate", "--profile", "llm", "-"], input=json.dumps(written))
    assert result.exit_code == 1
    assert "PT202 id" in result.output
    assert "name:" in result.output


# -- records in the profile and back -------------------------------------------------------------------------


def records_of(path: Path) -> list[dict[str, Any]]:
    return [parse_record(item) for item in load_file(path) if isinstance(item, LoadedRecord)]


VALID_FILES = example_files("valid")
VALIDATORS = {name: Draft202012Validator(schema) for name, schema in SCHEMAS.items()}


def short_form(value: dict[str, Any]) -> bool:
    """A date object with only its EDTF string, or an exact count: written as a string or an integer."""
    if set(value) == {"edtf"}:
        return True
    return (
        set(value) <= {"value", "qualifier"}
        and isinstance(value.get("value"), int)
        and value.get("qualifier", "exact") == "exact"
    )


def depth_of(value: Any) -> int:
    """Levels of nesting of a record's JSON (defaults left out; short forms count as values)."""
    if isinstance(value, dict):
        return 0 if short_form(value) else 1 + max((depth_of(v) for v in value.values()), default=0)
    if isinstance(value, list) and value:
        return 1 + max(depth_of(v) for v in value)
    return 0


def compact(record: dict[str, Any]) -> Any:
    return json.loads(validate_record(record).model_dump_json(exclude_defaults=True))


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.relative_to(ROOT / "examples").as_posix())
def test_every_example_record_is_written_in_the_profile_and_read_back_unchanged(path: Path) -> None:
    for record in records_of(path):
        deeper = depth_of(compact(record)) > MAX_DEPTH
        try:
            written = to_profile(record)
        except LossyError:
            assert deeper, f"{record['id']} fits in {MAX_DEPTH} levels but was not written"
            continue
        assert not deeper, f"{record['id']} nests deeper than {MAX_DEPTH} levels but was written"
        name = f"{record['record_type'].replace('_', '-')}.schema.json"
        errors = [e.message for e in VALIDATORS[name].iter_errors(written)]
        assert errors == [], record["id"]
        assert validate_record(from_profile(written)) == validate_record(record), record["id"]


def test_example_records_in_extraction_results() -> None:
    """Every example file as the records of one document: written, valid, read back (the wrapper takes two
    levels, so records nesting deeper than MAX_DEPTH - 2 are the ones left out)."""
    document = next(r for p in VALID_FILES for r in records_of(p) if r["record_type"] == "source")
    written_count = lossy = 0
    for path in VALID_FILES:
        fitting = []
        for record in records_of(path):
            deeper = depth_of(compact(record)) > MAX_DEPTH - 2
            try:
                to_extraction_result(document, [record])
            except LossyError:
                assert deeper, record["id"]
                lossy += 1
                continue
            assert not deeper, record["id"]
            fitting.append(record)
        result = to_extraction_result(document, fitting)
        assert is_extraction_result(result)
        assert [e.message for e in VALIDATORS[EXTRACTION_RESULT].iter_errors(result)] == [], path
        back = [validate_record(r) for r in extraction_records(result)]
        assert back == [validate_record(r) for r in [document, *fitting]]
        written_count += len(fitting)
    assert written_count > 10 * lossy


EXAMPLE_RECORDS = [r for p in VALID_FILES for r in records_of(p)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(EXAMPLE_RECORDS) - 1), st.data())
def test_records_without_some_optional_fields_round_trip(index: int, data: st.DataObject) -> None:
    record = dict(EXAMPLE_RECORDS[index])
    optional = sorted(set(record) - {"record_type", "id", "schema_version"})
    for key in data.draw(st.lists(st.sampled_from(optional), unique=True) if optional else st.just([])):
        del record[key]
    try:
        validate_record(record)
        written = to_profile(record)
    except (ValueError, LossyError):  # a field another field needs, or a deep one: not this property's business
        assume(False)
        return
    name = f"{record['record_type'].replace('_', '-')}.schema.json"
    assert not list(VALIDATORS[name].iter_errors(written))
    assert set(written) == set(SCHEMAS[name]["properties"])  # every key present
    assert validate_record(from_profile(written)) == validate_record(record)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)


def nulls_in_objects(value: Any) -> bool:
    if isinstance(value, dict):
        return any(v is None or nulls_in_objects(v) for v in value.values())
    if isinstance(value, list):
        return any(nulls_in_objects(v) for v in value)
    return False


@given(json_values)
def test_from_profile_only_drops_null_members(value: Any) -> None:
    normalised = from_profile(value)
    assert not nulls_in_objects(normalised)
    assert from_profile(normalised) == normalised
    if not nulls_in_objects(value):
        assert normalised == value
    if isinstance(value, list):
        assert len(normalised) == len(value)  # list items are never dropped, so positions stay


# -- validate --profile llm ------------------------------------------------------------------------------------


def write_result(tmp_path: Path, records: list[dict[str, Any]], name: str = "result.json") -> Path:
    document = next(r for r in records if r["record_type"] == "source")
    rest = [r for r in records if r is not document and depth_of(compact(r)) <= MAX_DEPTH - 2]
    target = tmp_path / name
    target.write_text(json.dumps(to_extraction_result(document, rest), indent=2), encoding="utf-8")
    return target


def test_validate_llm_reads_an_extraction_result(tmp_path: Path) -> None:
    path = write_result(tmp_path, records_of(ROOT / "examples/valid/afghanistan-2019-2020/sources.json"))
    result = runner.invoke(app, ["validate", "--profile", "llm", "--allow-external-refs", str(path)])
    assert result.exit_code == 0, result.output
    count = len(json.loads(path.read_text())["records"]) + 1
    assert f"{count} records: {count} valid" in result.output
    in_workers = runner.invoke(app, ["validate", "--profile", "llm", "--allow-external-refs", "-j", "2", str(path)])
    assert in_workers.output == result.output
    result = runner.invoke(app, ["validate", "--allow-external-refs", str(path)])  # not the record format
    assert result.exit_code == 1
    assert "unknown key 'document'" in result.output


def test_validate_llm_reports_positions_in_the_original_file(tmp_path: Path) -> None:
    path = write_result(tmp_path, records_of(ROOT / "examples/valid/afghanistan-2019-2020/sources.json"))
    data = json.loads(path.read_text())
    data["records"][0]["title"] = 12
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    lines = path.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if '"title": 12' in text)
    column = lines[line - 1].index("12") + 1
    result = runner.invoke(app, ["validate", "--profile", "llm", "--allow-external-refs", "-f", "json", str(path)])
    assert result.exit_code == 1
    finding = json.loads(result.output)["findings"][0]
    assert (finding["line"], finding["column"], finding["pointer"]) == (line, column, "/records/0/title")


def test_validate_llm_record_numbers_agree_with_the_pointers(tmp_path: Path) -> None:
    # records[N] is record N, as in an envelope; the document is numbered after the records
    path = write_result(tmp_path, records_of(ROOT / "examples/valid/afghanistan-2019-2020/sources.json"))
    data = json.loads(path.read_text())
    assert len(data["records"]) >= 3
    data["records"][2]["title"] = 12
    data["document"]["title"] = 13
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    args = ["validate", "--profile", "llm", "--allow-external-refs", str(path)]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 1
    found = {(f["pointer"], f["record_index"]) for f in json.loads(result.output)["findings"]}
    assert found == {("/records/2/title", 2), ("/document/title", len(data["records"]))}
    text = runner.invoke(app, args).output
    assert f"(record 2, {data['records'][2]['id']})" in text
    assert f"(record {len(data['records'])}, {data['document']['id']})" in text


def test_profile_records_validate_as_they_are_and_with_the_normalisation(tmp_path: Path) -> None:
    """Every null the profile writes is an 'absent' the models accept: records validate as written, and the
    normalisation changes no verdict."""
    records = records_of(ROOT / "examples/valid/afghanistan-2019-2020/actors.json")
    lines = [json.dumps(to_profile(r)) for r in records if depth_of(compact(r)) <= MAX_DEPTH]
    assert any("null" in line for line in lines)
    path = tmp_path / "actors.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = runner.invoke(app, ["validate", "--allow-external-refs", str(path)])
    llm = runner.invoke(app, ["validate", "--profile", "llm", "--allow-external-refs", str(path)])
    assert plain.exit_code == llm.exit_code == 0, plain.output
    assert plain.output == llm.output


def test_ajv_strict_compiles_every_file_and_takes_profile_output(tmp_path: Path) -> None:
    node = ajv_node()
    checks = []
    for record_type in RECORD_TYPES:
        record = next(r for r in EXAMPLE_RECORDS if r["record_type"] == record_type)
        path = tmp_path / f"{record_type}.json"
        path.write_text(json.dumps(to_profile(record)), encoding="utf-8")
        checks.append(f"{record_type.replace('_', '-')}.schema.json={path}")
    sources = [r for r in EXAMPLE_RECORDS if r["record_type"] == "source"][:1]
    result_path = write_result(tmp_path, sources + [r for r in EXAMPLE_RECORDS if r["record_type"] != "source"][:60])
    checks.append(f"{EXTRACTION_RESULT}={result_path}")
    out = subprocess.run(
        [node, str(AJV / "llm.mjs"), str(LLM), *checks], capture_output=True, text=True, check=False, timeout=120
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert sorted(report["compiled"]) == sorted(SCHEMAS)
    assert report["verdicts"] == dict.fromkeys(checks, True)


# -- the documentation -------------------------------------------------------------------------------------------


def generated_sections() -> dict[str, str]:
    return {**profile_tables(), "prompt-sizes": size_table()}


def test_the_documentation_tables_are_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, table in generated_sections().items():
        start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        assert start in text, f"docs/llm-profile.md has no section {name}"
        assert end in text, f"docs/llm-profile.md has no end of section {name}"
        current = text.split(start, 1)[1].split(end, 1)[0].strip()
        assert current == table, f"section {name} is stale: run 'python -m tests.update_llm_doc'"


def test_the_documentation_cites_every_limit_source() -> None:
    text = DOC.read_text(encoding="utf-8")
    for limit in LIMITS:
        assert limit.source in text


# -- the prompt kit --------------------------------------------------------------------------------------------


class Sample(StrEnum):
    """An enum for the test of `enum_meanings`."""

    #: the first value
    first = "one"
    #: the second value,
    #: over two lines
    second = "two"
    third = "three"


def test_enum_meanings_come_from_the_comments_above_members() -> None:
    assert enum_meanings(Sample) == {"one": "the first value", "two": "the second value, over two lines"}


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_the_guide_names_every_field_and_vocabulary_value_at_every_level(record_type: str) -> None:
    defs, record_defs, classes = _published()
    full = field_guide([record_type], level=0).text
    for level in range(len(DETAIL_LEVELS)):
        text = field_guide([record_type], level=level).text
        lines = text.splitlines()
        for name in defs[record_defs[record_type]]["properties"]:
            assert any(line.startswith(f"- {name}") for line in lines), (level, name)
        for line in lines:  # every building block listed has all its fields
            if line.startswith("### "):
                block = line[4:].split(":")[0]
                for name in defs[block]["properties"]:
                    assert f"- {name}" in text.split(line, 1)[1], (level, block, name)
        for definition in (d for d in defs if f"- {d}:" in text):
            assert all(str(v) in text for v in defs[definition]["enum"])
    for definition, kind in classes.items():  # at level 0, each value with its meaning
        if f"- {definition}:" in full and isinstance(kind, type) and issubclass(kind, StrEnum):
            for value, meaning in enum_meanings(kind).items():
                assert f"{value} ({meaning})" in full, (definition, value)


@pytest.mark.parametrize("limit", [4_000, 6_000, 9_000, 40_000])
def test_the_guide_respects_its_size_bound(limit: int) -> None:
    smallest = len(field_guide(["agreement"], level=len(DETAIL_LEVELS) - 1).text)
    if limit < smallest:
        with pytest.raises(GuideTooLongError):
            field_guide(["agreement"], max_chars=limit)
        return
    guide = field_guide(["agreement"], max_chars=limit)
    assert guide.chars <= limit
    if guide.level > 0:  # the most detailed level that fits
        assert len(field_guide(["agreement"], level=guide.level - 1).text) > limit
    assert guide.tokens == -(-guide.chars // 4)


def test_the_default_guide_aims_at_8_kb_per_type() -> None:
    for record_type in RECORD_TYPES:
        guide = field_guide([record_type])
        assert guide.chars <= 8192 or guide.level == len(DETAIL_LEVELS) - 1, record_type
    two = field_guide(["actor", "agreement"])
    assert two.text.count("### Evidence") == 1  # building blocks are shared


def test_prompt_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["prompt", "claim", "actor"])
    assert result.exit_code == 0, result.output
    guide = field_guide(["claim", "actor"])
    assert result.stdout == guide.text
    assert f"{guide.chars:,} characters, about {guide.tokens:,} tokens" in result.stderr
    assert runner.invoke(app, ["prompt", "treaty"]).exit_code == 2
    result = runner.invoke(app, ["prompt", "agreement", "--max-chars", "100"])
    assert result.exit_code == 1
    assert "smallest guide" in result.stderr
    assert (
        runner.invoke(app, ["prompt", "prisoner-swap", "--full"]).stdout == field_guide(["prisoner_swap"], level=0).text
    )
