"""The command line: exit codes, output formats, file formats, bad files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from peace_talks_model import __version__
from peace_talks_model.cli import app

runner = CliRunner()
ACTOR = {
    "record_type": "actor",
    "id": "actor:zalmay-khalilzad",
    "schema_version": "1.0",
    "name": "Zalmay Khalilzad",
    "kind": "person",
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout
    assert "record schema 1.0" in result.stdout


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "validate" in result.output


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 2


def test_all_file_formats(tmp_path: Path) -> None:
    other = {**ACTOR, "id": "actor:suhail-shaheen", "name": "Suhail Shaheen"}
    _write(tmp_path / "one.json", json.dumps(ACTOR))
    _write(tmp_path / "array.json", json.dumps([ACTOR, other]))
    _write(tmp_path / "envelope.json", json.dumps({"schema_version": "1.0", "records": [ACTOR]}))
    _write(tmp_path / "lines.jsonl", json.dumps(ACTOR) + "\n\n" + json.dumps(other) + "\n")
    _write(tmp_path / "notes.txt", "not a record file")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "4 file(s), 6 record(s): 6 valid, 0 invalid" in result.stdout


def test_jsonl_findings_carry_the_physical_line(tmp_path: Path) -> None:
    bad = {**ACTOR, "kind": "persn"}
    path = _write(tmp_path / "x.jsonl", json.dumps(ACTOR) + "\n\n" + json.dumps(bad) + "\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: record 1 (actor:zalmay-khalilzad): kind: error:" in result.stdout


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    _write(tmp_path / "a.json", "[{")
    _write(tmp_path / "b.json", json.dumps(ACTOR))
    _write(tmp_path / "c.json", json.dumps({**ACTOR, "extra": 1}))
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "invalid JSON" in result.stdout
    assert "unknown field 'extra'" in result.stdout
    assert "3 file(s), 2 record(s): 1 valid, 1 invalid" in result.stdout


def test_missing_path_is_reported(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "no such file or directory" in result.stdout


def test_duplicate_keys_are_errors_not_silently_resolved(tmp_path: Path) -> None:
    path = _write(tmp_path / "dup.json", '{"record_type": "actor", "id": "actor:a", "id": "actor:b"}')
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "duplicate key 'id'" in result.stdout


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps({**ACTOR, "name": "Tomás"}, ensure_ascii=False).encode("latin-1"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "not UTF-8" in result.stdout


def test_json_format(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", json.dumps([ACTOR, {**ACTOR, "kind": "persn"}]))
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["ok"] is False
    assert document["records"] == 2
    assert document["valid_records"] == 1
    [finding] = document["findings"]
    assert finding["path"] == "kind"
    assert finding["record_index"] == 1
    assert finding["code"] == "enum"


def test_string_for_a_count_is_not_coerced(tmp_path: Path) -> None:
    swap = {
        "record_type": "prisoner_swap",
        "id": "prisoner_swap:x",
        "schema_version": "1.0",
        "sides": [{"key": "a", "count": "12"}, {"key": "b", "count": 1}],
    }
    path = _write(tmp_path / "s.json", json.dumps(swap))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert (
        "sides[0].count: error: expected a non-negative integer (e.g. 12) or a quantity object, got string '12'"
        in result.stdout
    )


def test_wrong_tag_lists_the_valid_ones(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.json", json.dumps({**ACTOR, "record_type": "actr"}))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "unknown record_type 'actr'; expected one of: source, actor," in result.stdout
