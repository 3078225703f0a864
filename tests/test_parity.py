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
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from peace_talks_model import validate_record
from peace_talks_model.diagnose import diagnose
from peace_talks_model.loader import parse_json
from peace_talks_model.models.ids import ID_SCHEME_PATTERNS, RECORD_TYPES
from tests.conftest import AJV, ajv_node, example_files
from tests.test_schemas import FILES, MODEL_ONLY_CODES, RECORDS_VALIDATOR

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


# -- the three validators, family by family ---------------------------------------------------------------------
#
# The models (the loader's JSON parser, then the record models), python-jsonschema and Ajv (strict, in Node) each
# give a verdict on the same JSON text; they must give the same one. The families are the ways they used to part:
# a whole number written with a fraction (12.0), integers and numbers beyond what a JavaScript reader holds
# exactly (2^53), a line feed at the end of a pattern-checked string (Python's `$` matches before it), every
# character that one engine or another calls white space (`\s` differs between Python, Rust and ECMAScript), and
# generated Unicode. `python -m tests.test_parity` prints how many cases each family checked and how many parted.

#: Every character one of the engines counts as white space (Python's `str.isspace` and `re`, Rust's and
#: ECMAScript's `\s`), and a few look-alikes that none does.
WHITESPACE_LIKE = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f"
    "\u205f\u3000\ufeff"
)
LOOK_ALIKES = "\x00\x1b\x7f\u180e\u200b\u200d\u2060\ufffc"
PLACEHOLDER = "@@parity@@"

Path_ = tuple[Any, ...]


def _leaves(value: Any, path: Path_ = ()) -> list[tuple[Path_, Any]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    return [(path, value)]


def _set(record: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(record))
    parent: Any = copy
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return copy


def _text(record: dict[str, Any], path: Path_, raw: str) -> str:
    """The record as JSON text with the value at `path` written as the raw JSON `raw`."""
    return json.dumps(_set(record, path, PLACEHOLDER)).replace(json.dumps(PLACEHOLDER), raw, 1)


def _shape(path: Path_) -> tuple[Any, ...]:
    return tuple("[]" if isinstance(part, int) else part for part in path)


def _targets(kind: type | tuple[type, ...], by_name: bool = False) -> list[tuple[dict[str, Any], Path_, Any]]:
    """One (record, path, value) per field shape (record type and keys, list indexes aside; or, `by_name`, per
    field name) whose example value is of `kind`, in the smallest record that has it."""
    found: dict[tuple[Any, ...], tuple[dict[str, Any], Path_, Any]] = {}
    for record in sorted(RECORDS, key=lambda r: len(json.dumps(r))):
        for path, value in _leaves(record):
            if isinstance(value, kind) and not isinstance(value, bool) and path != ("record_type",):
                shape = (path[-1],) if by_name else (record["record_type"], *_shape(path))
                found.setdefault(shape, (record, path, value))
    return list(found.values())


def _external_id_targets() -> list[tuple[dict[str, Any], Path_, Any]]:
    """The value of an external identifier under every scheme, in the smallest record that has one."""
    for record in sorted(RECORDS, key=lambda r: len(json.dumps(r))):
        for path, _ in _leaves(record):
            if path[-1] == "scheme":
                return [
                    (
                        _set(record, path[:-1], {"scheme": scheme.value, "value": example}),
                        (*path[:-1], "value"),
                        example,
                    )
                    for scheme, (_, example) in ID_SCHEME_PATTERNS.items()
                ]
    return []


def _patterns_at(record: dict[str, Any], path: Path_) -> frozenset[str]:
    """The schema patterns that refuse a blank or control-character value at `path`."""
    found: set[str] = set()
    validator = TYPE_VALIDATORS[SCHEMA_FILE[record["record_type"]]]
    for probe in (" ", "\x00"):
        stack = list(validator.iter_errors(_set(record, path, probe)))
        while stack:
            error = stack.pop()
            stack.extend(error.context or [])
            if error.validator == "pattern" and tuple(error.absolute_path) == path:
                found.add(str(error.validator_value))
    return frozenset(found)


@cache
def string_targets() -> list[tuple[dict[str, Any], Path_, str]]:
    """One pattern-checked string field per distinct set of schema patterns (text, ids, dates, URLs, e-mail
    addresses, language tags, every identifier scheme...)."""
    by_patterns: dict[frozenset[str], tuple[dict[str, Any], Path_, str]] = {}
    for record, path, value in [*_targets(str, by_name=True), *_external_id_targets()]:
        patterns = _patterns_at(record, path)
        if patterns:
            by_patterns.setdefault(patterns, (record, path, value))
    return list(by_patterns.values())


def _whole_number_cases() -> Iterator[tuple[str, str]]:
    for record, path, value in _targets(int, by_name=True):
        for raw in (f"{value}.0", f"{value}.0e0", f"{value}.5", "0.0", "-0.0", "1e1", json.dumps(str(value))):
            yield f"{_shape(path)} = {raw}", _text(record, path, raw)


def _big_number_cases() -> Iterator[tuple[str, str]]:
    raws = [str(2**53 - 1), str(2**53), str(2**53 + 1), str(-(2**53)), "1" + "0" * 400, "1e300", "1e400", "-1e400"]
    raws += ["9007199254740993.0", "1" + "0" * 400 + ".0"]
    for record, path, _ in _targets((int, float), by_name=True):
        for raw in raws:
            yield f"{_shape(path)} = {raw[:24]}", _text(record, path, raw)


def _newline_cases() -> Iterator[tuple[str, str]]:
    for record, path, value in string_targets():
        for variant in (value + "\n", value + "\r\n", value + "\r", value + "\n\n", "\n" + value, value + "\u2028"):
            yield f"{_shape(path)} = {variant!r}", _text(record, path, json.dumps(variant))


def _whitespace_cases() -> Iterator[tuple[str, str]]:
    for record, path, value in string_targets():
        for char in WHITESPACE_LIKE + LOOK_ALIKES:
            for variant in (char, value + char, value[:1] + char + value[1:]):
                yield f"{_shape(path)} = {variant!r}", _text(record, path, json.dumps(variant))


#: The hand-written families: name, and the cases (label, JSON text) it checks.
FAMILIES: dict[str, Callable[[], Iterator[tuple[str, str]]]] = {
    "whole-number floats": _whole_number_cases,
    "big numbers": _big_number_cases,
    "trailing newlines": _newline_cases,
    "white space": _whitespace_cases,
}


class Ajv:
    """One Node process running tests/ajv/parity.mjs on the schema: a verdict per JSON text."""

    def __init__(self, node: str, schemas: Path) -> None:
        self.process = subprocess.Popen(  # the arguments are ours
            [node, str(AJV / "parity.mjs"), str(schemas)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def valid(self, schema: str, text: str) -> bool:
        assert "\n" not in text
        assert self.process.stdin
        assert self.process.stdout
        self.process.stdin.write(f"{schema}\t{text}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        assert answer in ("0", "1"), f"Ajv answered {answer!r}"
        return answer == "1"

    def close(self) -> None:
        assert self.process.stdin
        assert self.process.stdout
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()  # (left open, it is closed by the garbage collector, in some later test)


@dataclass
class Tally:
    """How many cases a family checked and on how many the validators parted (with the first few)."""

    checked: int = 0
    parted: list[str] = field(default_factory=list)


#: The published file of each record type, and python-jsonschema's validator of it (a record is checked against
#: its type's file, which holds the same definitions as records.schema.json and is checked far faster).
SCHEMA_FILE = {record_type: record_type.replace("_", "-") + ".schema.json" for record_type in RECORD_TYPES}
TYPE_VALIDATORS = {
    name: Draft202012Validator(json.loads(FILES[name]), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for name in SCHEMA_FILE.values()
}


def verdicts(text: str, ajv: Ajv) -> tuple[bool | None, bool, bool]:
    """(models, python-jsonschema, Ajv): whether each accepts the record in `text`. The models' verdict is None
    when their only findings are rules JSON Schema cannot express (MODEL_ONLY_CODES)."""
    schema = SCHEMA_FILE[json.loads(text)["record_type"]]
    models: bool | None
    try:
        data = parse_json(text)
    except ValueError:
        models = False
    else:
        codes = _model_codes(data)
        models = True if codes is None else None if codes <= MODEL_ONLY_CODES else False
    return models, TYPE_VALIDATORS[schema].is_valid(json.loads(text)), ajv.valid(schema, text)


def check(label: str, text: str, ajv: Ajv, tally: Tally) -> bool:
    """Count one case; True when the three validators agree (the schema may accept what the models refuse only
    for a rule it cannot express)."""
    tally.checked += 1
    found = verdicts(text, ajv)
    if found[1] != found[2] or found[0] not in (None, found[1]):
        tally.parted.append(f"{label}: models {found[0]}, python-jsonschema {found[1]}, Ajv {found[2]}")
        return False
    return True


@pytest.fixture(scope="module")
def ajv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ajv]:
    schemas = tmp_path_factory.mktemp("parity")
    for name in SCHEMA_FILE.values():
        (schemas / name).write_bytes(FILES[name])
    process = Ajv(ajv_node(), schemas)
    yield process
    process.close()


@pytest.mark.parametrize("family", FAMILIES)
def test_the_three_validators_agree(family: str, ajv: Ajv) -> None:
    tally = Tally()
    for label, text in FAMILIES[family]():
        check(label, text, ajv, tally)
    assert tally.checked > 50
    assert not tally.parted, f"{len(tally.parted)} of {tally.checked} cases part:\n" + "\n".join(tally.parted[:20])


#: Characters the generated strings are made of: white space and look-alikes, line ends, ASCII, and any other.
unicode_strings = st.text(
    st.sampled_from(WHITESPACE_LIKE + LOOK_ALIKES)
    | st.characters(codec="ascii")
    | st.characters(exclude_categories=["Cs"]),
    max_size=8,
)


@st.composite
def unicode_cases(draw: st.DrawFn) -> tuple[str, str]:
    record, path, value = draw(st.sampled_from(string_targets()))
    where = draw(st.sampled_from(["alone", "before", "after", "inside"]))
    extra = draw(unicode_strings)
    middle = len(value) // 2
    text = {
        "alone": extra,
        "before": extra + value,
        "after": value + extra,
        "inside": value[:middle] + extra + value[middle:],
    }[where]
    return f"{_shape(path)} = {text!r}", _text(record, path, json.dumps(text))


GENERATED = Tally()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=unicode_cases())
def test_generated_unicode(ajv: Ajv, case: tuple[str, str]) -> None:
    assert check(*case, ajv, GENERATED), GENERATED.parted[-1]


def main() -> None:
    """Print, family by family, how many cases were checked and on how many the three validators parted."""
    import tempfile  # noqa: PLC0415

    node = shutil.which("node")
    assert node, "Node.js is needed (and 'npm ci --prefix tests/ajv')"
    with tempfile.TemporaryDirectory() as folder:
        for name in SCHEMA_FILE.values():
            (Path(folder) / name).write_bytes(FILES[name])
        ajv = Ajv(node, Path(folder))
        tallies = {name: Tally() for name in [*FAMILIES, "generated Unicode"]}
        for name, cases in FAMILIES.items():
            for label, text in cases():
                check(label, text, ajv, tallies[name])

        @settings(max_examples=300, database=None, derandomize=True, deadline=None)
        @given(case=unicode_cases())
        def generated(case: tuple[str, str]) -> None:
            check(*case, ajv, tallies["generated Unicode"])

        generated()
        ajv.close()
    for name, tally in tallies.items():
        print(f"{name:22} {tally.checked:6} checked {len(tally.parted):6} parted")
        for line in tally.parted[:3]:
            print("    " + line[:160])


if __name__ == "__main__":
    main()
