"""The command line: exit codes, inputs (files, directories, globs, stdin), output formats, options."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from peace_talks_model import SCHEMA_VERSION, __version__
from peace_talks_model.cli import app

runner = CliRunner()
EVIDENCE = [{"source": "source:ap", "quote": "Khalilzad"}]
SOURCE = {"record_type": "source", "id": "source:ap", "schema_version": "1.0", "title": "Talks resume"}


def _actor(local: str = "zalmay-khalilzad", **extra: Any) -> dict[str, Any]:
    return {
        "record_type": "actor",
        "id": f"actor:{local}",
        "schema_version": "1.0",
        "name": local.title(),
        "kind": "person",
        "evidence": EVIDENCE,
        **extra,
    }


def _write(path: Path, content: Any) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout
    assert f"record schema {SCHEMA_VERSION}" in result.stdout


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "validate" in result.output


def test_help_documents_exit_codes() -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    assert "3 an input could not be read or parsed" in " ".join(result.stdout.split())


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(tmp_path), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path), "--select", "PT999"]).exit_code == 2


def test_all_file_formats(tmp_path: Path) -> None:
    _write(tmp_path / "one.json", SOURCE)
    _write(tmp_path / "array.json", [_actor("a"), _actor("b")])
    _write(tmp_path / "envelope.json", {"schema_version": "1.0", "records": [_actor("c")]})
    _write(tmp_path / "lines.jsonl", json.dumps(_actor("d")) + "\r\n\n" + json.dumps(_actor("e")))
    _write(tmp_path / "notes.txt", "not a record file")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "4 files, 6 records: 6 valid, 0 invalid; 0 errors, 0 warnings" in result.stdout


def test_glob_filters_directories(tmp_path: Path) -> None:
    _write(tmp_path / "a.json", SOURCE)
    _write(tmp_path / "b.jsonl", "{broken")
    result = runner.invoke(app, ["validate", str(tmp_path), "--glob", "*.json"])
    assert result.exit_code == 0, result.output
    assert "1 file," in result.stdout


def test_stdin_json_and_jsonl() -> None:
    result = runner.invoke(app, ["validate", "-"], input=json.dumps([SOURCE, _actor()]))
    assert result.exit_code == 0, result.output
    lines = json.dumps(SOURCE) + "\n" + json.dumps(_actor(kind="persn"))
    result = runner.invoke(app, ["validate", "-"], input=lines)
    assert result.exit_code == 1
    assert "<stdin>:2:" in result.stdout


def test_position_of_an_unknown_key_and_did_you_mean(tmp_path: Path) -> None:
    text = (
        '[\n  {"record_type": "actor", "id": "actor:x", "schema_version": "1.0",\n   "nmae": "X", "kind": "person"}\n]'
    )
    path = _write(tmp_path / "a.json", text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3:4: error PT112 nmae: unknown field 'nmae'; did you mean 'name'? (record 0, actor:x)" in (
        result.stdout
    )


def test_jsonl_findings_carry_the_physical_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.jsonl", json.dumps(SOURCE) + "\n\n" + json.dumps(_actor(kind="persn")) + "\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert re.search(
        rf"{re.escape(str(path))}:3:\d+: error PT201 kind: string 'persn' is not allowed; did you "
        "mean 'person'\\?",
        result.stdout,
    )


def test_one_bad_file_does_not_stop_the_others_and_exits_3(tmp_path: Path) -> None:
    _write(tmp_path / "a.json", "[{")
    _write(tmp_path / "b.json", [SOURCE, _actor()])
    _write(tmp_path / "c.json", _actor("c", extra=1))
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 3
    assert "error PT102: invalid JSON" in result.stdout
    assert "unknown field 'extra'" in result.stdout
    assert "3 files, 3 records: 2 valid, 1 invalid" in result.stdout


@pytest.mark.parametrize(
    ("content", "code"),
    [("", "PT104"), ("   \n", "PT104"), ('{"record_type": "actor", "id": "actor:a", "id": "actor:b"}', "PT103")],
)
def test_unparseable_inputs_exit_3(tmp_path: Path, content: str, code: str) -> None:
    path = _write(tmp_path / "x.json", content)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 3
    assert f"error {code}" in result.stdout


def test_missing_path_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.json")])
    assert result.exit_code == 3
    assert "error PT100: no such file or directory" in result.stdout


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(_actor(name="Tomás"), ensure_ascii=False).encode("latin-1"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 3
    assert "not UTF-8" in result.stdout


def test_string_for_a_count_is_not_coerced(tmp_path: Path) -> None:
    swap = {
        "record_type": "prisoner_swap",
        "id": "prisoner_swap:x",
        "schema_version": "1.0",
        "evidence": EVIDENCE,
        "sides": [{"key": "a", "count": "12"}, {"key": "b", "count": 1}],
    }
    path = _write(tmp_path / "s.json", [SOURCE, swap])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert (
        "sides[0].count: expected a non-negative integer (e.g. 12) or a quantity object, got string '12'"
        in result.stdout
    )


def test_cross_record_reference_is_reported_at_the_reference(tmp_path: Path) -> None:
    swap = {
        "record_type": "prisoner_swap",
        "id": "prisoner_swap:x",
        "schema_version": "1.0",
        "evidence": EVIDENCE,
        "sides": [{"key": "a", "releaser": "actor:taliban"}, {"key": "b", "releaser": "actor:zalmay-khalilzad"}],
    }
    path = _write(tmp_path / "s.json", [SOURCE, _actor(), swap])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "PT301" in line)
    text = path.read_text(encoding="utf-8")
    column = text.index('"actor:taliban"') + 1
    assert line.startswith(f"{path}:1:{column}: error PT301 sides[0].releaser: 'actor:taliban' is not among")
    assert runner.invoke(app, ["validate", str(path), "--allow-external-refs"]).exit_code == 0


def test_select_ignore_strict(tmp_path: Path) -> None:
    bare = {"record_type": "actor", "id": "actor:x", "schema_version": "1.0", "name": "X", "kind": "person"}
    path = _write(tmp_path / "a.json", bare)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert "warning PT901" in result.stdout
    assert runner.invoke(app, ["validate", str(path), "--strict"]).exit_code == 1
    assert "PT901" not in runner.invoke(app, ["validate", str(path), "--ignore", "no_evidence"]).stdout
    assert "PT901" not in runner.invoke(app, ["validate", str(path), "--select", "PT301"]).stdout


def test_max_errors_caps_the_report_not_the_checking(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", [_actor(f"a{i}", kind="x") for i in range(5)])
    result = runner.invoke(app, ["validate", str(path), "--max-errors", "2"])
    assert result.exit_code == 1
    assert result.stdout.count("error PT201") == 2
    assert "... 3 more errors not shown (--max-errors)" in result.stdout
    assert "5 errors" in result.stdout


def test_quiet_and_verbose(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", _actor(kind="x"))
    quiet = runner.invoke(app, ["validate", str(path), "-q"])
    assert quiet.stdout.strip().splitlines() == [quiet.stdout.strip()]
    verbose = runner.invoke(app, ["validate", str(path), "-v"])
    assert "pointer /kind" in verbose.stdout
    assert "see: peace-talks explain PT201" in verbose.stdout


def test_json_format(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", [SOURCE, _actor(), _actor("b", kind="persn")])
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["format"] == "peace-talks-report"
    assert document["format_version"] == 1
    assert document["summary"]["records"] == 3
    assert document["summary"]["valid_records"] == 2
    [finding] = document["findings"]
    assert finding["code"] == "PT201"
    assert finding["pointer"] == "/2/kind"
    assert finding["suggestion"] == "person"
    assert finding["line"] == 1


def test_jsonl_and_github_formats(tmp_path: Path) -> None:
    path = _write(tmp_path / "a,b.json", _actor(kind="persn"))
    jsonl = runner.invoke(app, ["validate", str(path), "--format", "jsonl"])
    [line] = jsonl.stdout.splitlines()
    assert json.loads(line)["rule"] == "enum"
    github = runner.invoke(app, ["validate", str(path), "--format", "github"])
    assert github.stdout.startswith("::error file=")
    assert "a%2Cb.json,line=1,col=" in github.stdout
    assert ",title=PT201 enum::kind: string 'persn' is not allowed" in github.stdout


def test_explain() -> None:
    result = runner.invoke(app, ["explain", "PT112"])
    assert result.exit_code == 0
    assert "unknown_field" in result.stdout
    assert "Good:" in result.stdout
    assert runner.invoke(app, ["explain", "unknown_field"]).exit_code == 0
    assert runner.invoke(app, ["explain", "PT000"]).exit_code == 2
    listing = runner.invoke(app, ["explain", "--list"])
    assert "PT301" in listing.stdout


def test_internal_error_exits_4_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret=hunter2 in a local variable")

    monkeypatch.setattr("peace_talks_model.validation.validate_paths", boom)
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 4
    assert "internal error: RuntimeError" in result.stderr
    assert "Traceback" not in result.stderr
    assert "--debug" in result.stderr
    debug = runner.invoke(app, ["validate", str(tmp_path), "--debug"])
    assert debug.exit_code == 4
    assert "Traceback" in debug.stderr


def test_max_errors_shows_errors_before_warnings(tmp_path: Path) -> None:
    """Warnings never take the place of an error: the only error is shown whatever comes before it."""
    records = [_actor(f"a{i}", evidence=[]) for i in range(4)] + [_actor("bad", kind="x")]
    path = _write(tmp_path / "a.json", records)
    result = runner.invoke(app, ["validate", str(path), "--max-errors", "2", "--allow-external-refs"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert sum(" error PT201 " in line for line in lines) == 1, result.stdout
    assert sum(" warning PT901 " in line for line in lines) == 1, result.stdout
    assert "... 3 more warnings not shown (--max-errors)" in result.stdout
    assert lines[-1].endswith("4 valid, 1 invalid; 1 error, 4 warnings")
