"""Tests of `peace-talks fix`: safe normalisations proposed as JSON Patch, confirmed by validating again, and
applied in place with a backup (peace_talks_model/fix.py, docs/fix.md)."""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.fix import (
    BackupExistsError,
    FixInputError,
    apply_patch,
    fix_file,
    fix_record,
    is_verbatim,
    pad_date,
    record_errors,
    write_fixes,
)
from peace_talks_model.loader import LoadedRecord, load_file, parse_record
from peace_talks_model.positions import pointer
from peace_talks_model.validation import record_adapter

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "valid"


def _valid_records() -> list[dict[str, Any]]:
    records = []
    for path in sorted(EXAMPLES.rglob("*.json")):
        for item in load_file(path):
            assert isinstance(item, LoadedRecord)
            records.append(parse_record(item))
    return records


VALID = _valid_records()


def _is_valid(record: Any) -> bool:
    try:
        record_adapter().validate_python(record)
    except ValueError:
        return False
    return True


def _ceasefire(**extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "record_type": "ceasefire",
        "id": "ceasefire:test",
        "schema_version": "1.2",
        "declarations": [{"declarer": "actor:a", "declared": "2018-06-07"}, {"declarer": "actor:b"}],
    }
    record.update(extra)
    return record


def _patch(record: Any) -> list[dict[str, Any]]:
    return [{"op": "replace", "path": pointer(path), "value": new} for path, _, new, _ in fix_record(record).changes]


# -- the records the fixes are tried on ---------------------------------------------------------------------


def _leaves(value: Any, path: tuple[int | str, ...] = ()) -> list[tuple[tuple[int | str, ...], str]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    return [(path, value)] if isinstance(value, str) else []


_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?$")


def _unpad(text: str) -> str:
    match = _DATE.match(text)
    if match is None:
        return text
    year, month, day = match.groups()
    return f"{year}-{int(month)}" + (f"-{int(day)}" if day else "")


MUTATIONS: dict[str, Callable[[str], str]] = {
    "upper": str.upper,
    "title": lambda s: s.replace("_", " ").title(),
    "spaces": lambda s: f"  {s}\t",
    "unpad": _unpad,
    "typo": lambda s: s[:2] + s[3] + s[2] + s[4:] if len(s) > 8 else s,
}


@st.composite
def mutated(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """(a valid example record, the same record with one to three string values mutated)."""
    original = draw(st.sampled_from(VALID))
    record = copy.deepcopy(original)
    leaves = _leaves(record)
    for path, value in draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=3, unique_by=lambda x: x[0])):
        holder: Any = record
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))](value)
    return original, record


PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- properties -----------------------------------------------------------------------------------------------


@PROPERTIES
@given(st.sampled_from(VALID))
def test_a_valid_record_gets_no_patch(record: dict[str, Any]) -> None:
    found = fix_record(record)
    assert found.changes == []
    assert found.unfixed == []


@PROPERTIES
@given(mutated())
def test_fixes_restore_the_original_value_and_never_make_things_worse(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    original, record = pair
    found = fix_record(record)
    if _is_valid(record):
        assert found.changes == []
        assert found.unfixed == []
        return
    for path, old, new, _ in found.changes:
        # no guess: every fix gives back exactly the value the mutation changed
        holder: Any = original
        for part in path:
            holder = holder[part]
        assert new == holder, (path, old, new)
        assert not is_verbatim(path) or old.strip() == new.strip()
    fixed = apply_patch(record, _patch(record))
    if not found.unfixed:
        assert _is_valid(fixed)
    # idempotent: the fixed record gets no further patch, and applying the patch again changes nothing
    assert fix_record(fixed).changes == []
    assert apply_patch(fixed, _patch(record)) == fixed


@PROPERTIES
@given(mutated())
def test_every_fix_removes_its_error_and_adds_none(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, record = pair
    before = {(e.rule, e.path) for e in record_errors(record)}
    current = record
    for path, _, new, _ in fix_record(record).changes:
        current = apply_patch(current, [{"op": "replace", "path": pointer(path), "value": new}])
        after = {(e.rule, e.path) for e in record_errors(current)}
        assert after <= before
        assert not any(p == path for _, p in after)
        before = after


@PROPERTIES
@given(st.sampled_from(VALID), st.sampled_from(["quote", "text", "parties_wording"]))
def test_verbatim_whitespace_is_never_touched(record: dict[str, Any], name: str) -> None:
    paths = [path for path, _ in _leaves(record) if path and path[-1] == name]
    changed = copy.deepcopy(record)
    for path in paths:
        holder: Any = changed
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = f"  {holder[path[-1]]} "
    assert fix_record(changed).changes == []


# -- the fixes, one by one --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "fixed"),
    [("Bilateral", "bilateral"), ("bilaterial", "bilateral"), (" bilateral ", "bilateral"), ("BILATERAL", "bilateral")],
)
def test_enum_with_one_close_value_is_fixed(written: str, fixed: str) -> None:
    found = fix_record(_ceasefire(arrangement=written))
    assert [(path, new) for path, _, new, _ in found.changes] == [(("arrangement",), fixed)]
    assert found.unfixed == []


@pytest.mark.parametrize("written", ["trilateral", "xyz", "lateral-ish"])
def test_enum_without_one_close_value_is_reported(written: str) -> None:
    found = fix_record(_ceasefire(arrangement=written))
    assert found.changes == []
    [(error, reason, ambiguous)] = found.unfixed
    assert error.path == ("arrangement",)
    assert ambiguous == (written == "trilateral")
    assert ("unilateral" in reason and "bilateral" in reason) == ambiguous


def test_record_type_case_is_fixed() -> None:
    found = fix_record(_ceasefire(record_type="Ceasefire"))
    assert [(path, new) for path, _, new, _ in found.changes] == [(("record_type",), "ceasefire")]


@pytest.mark.parametrize(
    ("written", "fixed"),
    [("2019-9-7", "2019-09-07"), ("2019-9", "2019-09"), ("2019-9-7~", "2019-09-07~"), ("2019-9-7/2019-10-1", None)],
)
def test_pad_date(written: str, fixed: str | None) -> None:
    expected = fixed if fixed is not None else "2019-09-07/2019-10-01"
    assert pad_date(written) == expected
    assert pad_date(expected) is None


def test_dates_are_padded_in_short_and_object_forms() -> None:
    record = _ceasefire()
    record["declarations"][0]["declared"] = "2019-9-7"
    record["declarations"][1]["declared"] = {"edtf": "2019-9-7", "text": " 7 Sept "}
    found = fix_record(record)
    changes = {path: new for path, _, new, _ in found.changes}
    assert changes == {
        ("declarations", 0, "declared"): "2019-09-07",
        ("declarations", 1, "declared", "edtf"): "2019-09-07",
    }
    assert found.unfixed == []


@pytest.mark.parametrize("written", ["7/9/2019", "07.09.2019"])
def test_day_month_order_is_ambiguous(written: str) -> None:
    record = _ceasefire()
    record["declarations"][0]["declared"] = written
    found = fix_record(record)
    assert found.changes == []
    [(error, reason, ambiguous)] = found.unfixed
    assert ambiguous
    assert "day/month" in reason
    assert error.path == ("declarations", 0, "declared")


def test_impossible_padded_date_is_not_proposed() -> None:
    record = _ceasefire()
    record["declarations"][0]["declared"] = "2019-2-30"
    found = fix_record(record)
    assert found.changes == []
    assert len(found.unfixed) == 1


def test_whitespace_is_stripped_where_the_field_rejects_it() -> None:
    found = fix_record(_ceasefire(id=" ceasefire:test\n"))
    assert [(path, new) for path, _, new, _ in found.changes] == [(("id",), "ceasefire:test")]


def test_a_fix_that_brings_out_a_new_error_is_not_made() -> None:
    # three sides make it multilateral: 'bilateral' is the one close spelling but the fixed record would break
    # the arrangement rule, which pydantic only checks once every field is valid
    record = _ceasefire(arrangement="Bilateral")
    record["declarations"].append({"declarer": "actor:c"})
    found = fix_record(record)
    assert found.changes == []
    [(error, reason, _)] = found.unfixed
    assert error.path == ("arrangement",)
    assert "did not show before" in reason
    assert "multilateral" in reason


def test_other_errors_are_reported_as_not_fixable() -> None:
    record = _ceasefire(arrangement="bilaterial")
    del record["id"]
    found = fix_record(record)
    assert [new for _, _, new, _ in found.changes] == ["bilateral"]
    assert [(e.rule, reason) for e, reason, _ in found.unfixed] == [
        ("missing", "not a safe normalisation (fix it by hand)")
    ]


# -- apply_patch ------------------------------------------------------------------------------------------------


def test_apply_patch_replaces_nested_values_and_escaped_keys() -> None:
    document: dict[str, Any] = {"a/b": [{"~x": "old"}], "c": 1}
    patch: list[dict[str, Any]] = [
        {"op": "replace", "path": "/a~1b/0/~0x", "value": "new"},
        {"op": "replace", "path": "/c", "value": 2},
    ]
    assert apply_patch(document, patch) == {"a/b": [{"~x": "new"}], "c": 2}
    assert document["a/b"][0]["~x"] == "old"  # a copy is patched


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "add", "path": "/c", "value": 1},
        {"op": "replace", "path": "/missing", "value": 1},
        {"op": "replace", "path": "/list/5", "value": 1},
        {"op": "replace", "path": "/list/01", "value": 1},
        {"op": "replace", "path": "c", "value": 1},
    ],
)
def test_apply_patch_refuses_what_it_cannot_apply(operation: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"unsupported|does not exist|not an index|not a JSON Pointer"):
        apply_patch({"c": 0, "list": [0, 1]}, [operation])


# -- files ------------------------------------------------------------------------------------------------------


def _broken() -> dict[str, Any]:
    record = _ceasefire(arrangement="Bilateral", kind="cease fire")
    record["declarations"][0]["declared"] = "2018-6-7"
    return record


def test_json_formatting_is_kept_byte_for_byte_outside_the_fixed_values(tmp_path: Path) -> None:
    target = tmp_path / "records.json"
    text = "\ufeff" + json.dumps({"schema_version": "1.2", "records": [_broken()]}, indent="\t").replace("\n", "\r\n")
    target.write_bytes(text.encode("utf-8"))
    result = fix_file(target)
    assert [c.pointer for c in result.changes] == [
        "/records/0/kind",
        "/records/0/declarations/0/declared",
        "/records/0/arrangement",
    ]
    assert result.fixed_bytes is not None
    expected = text.replace('"Bilateral"', '"bilateral"').replace('"cease fire"', '"ceasefire"')
    assert result.fixed_bytes.decode("utf-8") == expected.replace('"2018-6-7"', '"2018-06-07"')
    document = json.loads(text.removeprefix("\ufeff"))
    assert apply_patch(document, result.patch()) == json.loads(
        result.fixed_bytes.decode("utf-8").removeprefix("\ufeff")
    )


def test_jsonl_patch_paths_count_records_and_only_changed_lines_change(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    good = json.dumps(VALID[0])
    lines = [good, "", json.dumps(_broken()), good]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = fix_file(target)
    assert {c.pointer.split("/")[1] for c in result.changes} == {"1"}
    assert {c.line for c in result.changes} == {3}
    assert result.fixed_bytes is not None
    new_lines = result.fixed_bytes.decode("utf-8").split("\n")
    assert [i for i, (a, b) in enumerate(zip(lines, new_lines, strict=False)) if a != b] == [2]
    records = [json.loads(line) for line in lines if line]
    patched = apply_patch(records, result.patch())
    assert patched == [json.loads(line) for line in new_lines if line]
    assert all(_is_valid(r) for r in patched)


def test_unreadable_input_raises(tmp_path: Path) -> None:
    target = tmp_path / "bad.json"
    target.write_text('{"record_type": ', encoding="utf-8")
    with pytest.raises(FixInputError):
        fix_file(target)


def test_write_keeps_a_backup_and_never_overwrites_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    original = json.dumps(_broken(), indent=2).encode("utf-8")
    target.write_bytes(original)
    result = fix_file(target)
    backup = write_fixes(result, ".orig")
    assert backup == tmp_path / "r.json.orig"
    assert backup.read_bytes() == original
    assert target.read_bytes() == result.fixed_bytes
    assert _is_valid(json.loads(target.read_bytes()))
    # the file broken again: the second backup takes the next free number, the first is kept
    second = target.read_bytes().replace(b'"bilateral"', b'"Bilateral"')
    assert second != target.read_bytes()
    target.write_bytes(second)
    assert write_fixes(fix_file(target), ".orig") == tmp_path / "r.json.orig.1"
    assert (tmp_path / "r.json.orig").read_bytes() == original
    assert (tmp_path / "r.json.orig.1").read_bytes() == second
    assert _is_valid(json.loads(target.read_bytes()))
    # every name taken: nothing is written, and the message says what to do
    monkeypatch.setattr("peace_talks_model.fix.MAX_BACKUPS", 1)
    target.write_bytes(original)
    with pytest.raises(BackupExistsError, match=r"r\.json\.orig\.1 exist already; remove the backups"):
        write_fixes(fix_file(target), ".orig")
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.json.orig", "r.json.orig.1"]


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    original = json.dumps(_broken()).encode("utf-8")
    target.write_bytes(original)
    result = fix_file(target)

    def refuse(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_fixes(result)
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.json.bak"]


# -- the command ------------------------------------------------------------------------------------------------

runner = CliRunner()


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_cli_dry_run_prints_the_patch_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text(json.dumps(_broken()), encoding="utf-8")
    before = _tree(tmp_path)
    result = runner.invoke(app, ["fix", str(target), "--dry-run"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["file"] == str(target)
    assert printed["unfixed"] == []
    assert {op["path"] for op in printed["patch"]} == {"/kind", "/arrangement", "/declarations/0/declared"}
    assert _tree(tmp_path) == before


def test_cli_write_then_nothing_left(tmp_path: Path) -> None:
    target = tmp_path / "r.jsonl"
    target.write_text(json.dumps(_broken()) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["fix", str(tmp_path), "--write"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.jsonl.bak").exists()
    again = runner.invoke(app, ["fix", str(target)])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["patch"] == []
    assert runner.invoke(app, ["validate", str(target), "--allow-external-refs"]).exit_code == 0


def test_cli_reports_what_it_cannot_fix(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text(json.dumps(_ceasefire(arrangement="trilateral")), encoding="utf-8")
    result = runner.invoke(app, ["fix", str(target), "--write"])
    assert result.exit_code == 1
    assert "ambiguous" in result.stderr
    assert "/arrangement" in result.stderr
    assert not (tmp_path / "r.json.bak").exists()


def test_cli_second_write_keeps_both_backups(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    broken = json.dumps(_broken())
    target.write_text(broken, encoding="utf-8")
    (tmp_path / "r.json.bak").write_text("older backup", encoding="utf-8")
    result = runner.invoke(app, ["fix", str(target), "--write"])
    assert result.exit_code == 0, result.output
    assert f"{target}: 3 fix(es) written; the original is in {target}.bak.1" in result.stderr
    assert (tmp_path / "r.json.bak").read_text(encoding="utf-8") == "older backup"
    assert (tmp_path / "r.json.bak.1").read_text(encoding="utf-8") == broken
    assert runner.invoke(app, ["validate", str(target), "--allow-external-refs"]).exit_code == 0


def test_cli_unreadable_input_and_usage(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text(json.dumps(_broken()), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("[1,", encoding="utf-8")
    assert runner.invoke(app, ["fix", str(bad)]).exit_code == 3
    assert runner.invoke(app, ["fix", str(tmp_path / "none.json")]).exit_code == 3
    assert runner.invoke(app, ["fix", str(target), "--write", "--dry-run"]).exit_code == 2


def test_a_model_answer_in_the_llm_profile_is_fixed_in_place(tmp_path: Path) -> None:
    # the worked extraction example: an extraction result ({"document", "records"}, nulls for absent values)
    example = Path(__file__).resolve().parents[1] / "examples" / "extraction" / "model-output.json"
    answer = tmp_path / "answer.json"
    answer.write_bytes(example.read_bytes())
    result = fix_file(answer)
    assert [(c.pointer, c.old, c.new) for c in result.changes] == [("/records/4/formality", "Official", "official")]
    assert result.fixed_bytes is not None
    before, after = example.read_text(encoding="utf-8"), result.fixed_bytes.decode("utf-8")
    assert after == before.replace('"formality": "Official"', '"formality": "official"')
