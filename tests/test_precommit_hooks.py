"""The published pre-commit hooks (`.pre-commit-hooks.yaml`), offline: each hook's entry and file pattern do what
its description says when run the way pre-commit runs them (entry + args + file names). `pre-commit try-repo`
itself runs in CI (tests/precommit/try_repo.py), since it installs an environment."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from peace_talks_model._version import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
HOOKS: dict[str, dict[str, Any]] = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def _run(hook: str, args: list[str], files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    entry = shlex.split(HOOKS[hook]["entry"])
    assert entry[0] == "peace-talks"
    command = [str(Path(sys.executable).parent / "peace-talks"), *entry[1:], *args]
    if HOOKS[hook].get("pass_filenames", True):
        command += [str(f) for f in files]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def _record(path: Path, **fields: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": SCHEMA_VERSION, **fields}), encoding="utf-8")
    return path


def test_the_hooks_file_is_what_pre_commit_expects() -> None:
    assert set(HOOKS) == {"peace-talks-validate", "peace-talks-validate-all", "peace-talks-schema-fresh"}
    for hook in HOOKS.values():
        assert {"id", "name", "entry", "language", "description"} <= set(hook)
        assert hook["language"] == "python"  # installed from this repository by pre-commit
        re.compile(hook["files"])


@pytest.mark.parametrize("hook", ["peace-talks-validate", "peace-talks-validate-all"])
def test_validate_hooks_take_record_files_only(hook: str) -> None:
    pattern = re.compile(HOOKS[hook]["files"])
    for name in ("records/a.json", "b.jsonl", "deep/c.ndjson"):
        assert pattern.search(name), name
    for name in ("README.md", "setup.py", "data.csv", "a.json5"):
        assert not pattern.search(name), name


def test_validate_passes_good_files_and_stops_bad_ones(tmp_path: Path) -> None:
    good = _record(tmp_path / "r" / "a.json", record_type="actor", id="actor:a", name="A", kind="state")
    # a reference to a record in a file that did not change is not a finding for the changed-files hook
    refers = _record(
        tmp_path / "r" / "c.json", record_type="ceasefire", id="ceasefire:c", declarations=[{"declarer": "actor:x"}]
    )
    assert _run("peace-talks-validate", [], [good, refers], tmp_path).returncode == 0
    bad = _record(tmp_path / "r" / "b.json", record_type="actor", id="actor:b", nmae="B", kind="state")
    result = _run("peace-talks-validate", [], [good, bad], tmp_path)
    assert result.returncode == 1
    assert "PT112" in result.stdout
    assert "did you mean 'name'" in result.stdout


def test_validate_all_checks_references_across_every_file_given_in_args(tmp_path: Path) -> None:
    _record(tmp_path / "r" / "a.json", record_type="actor", id="actor:a", name="A", kind="state")
    refers = _record(
        tmp_path / "r" / "c.json", record_type="ceasefire", id="ceasefire:c", declarations=[{"declarer": "actor:a"}]
    )
    assert _run("peace-talks-validate-all", ["r"], [refers], tmp_path).returncode == 0
    _record(
        tmp_path / "r" / "d.json", record_type="ceasefire", id="ceasefire:d", declarations=[{"declarer": "actor:x"}]
    )
    result = _run("peace-talks-validate-all", ["r"], [refers], tmp_path)
    assert result.returncode == 1
    assert "PT301" in result.stdout


def test_schema_fresh_passes_current_schemas_and_names_a_stale_one(tmp_path: Path) -> None:
    assert re.compile(HOOKS["peace-talks-schema-fresh"]["files"]).search("schemas/actor.schema.json")
    assert _run("peace-talks-schema-fresh", ["--out", str(ROOT / "schemas")], [], tmp_path).returncode == 0
    copy = tmp_path / "schemas"
    copy.mkdir()
    for path in (ROOT / "schemas").glob("*.json"):
        (copy / path.name).write_bytes(path.read_bytes())
    schema = json.loads((copy / "actor.schema.json").read_text(encoding="utf-8"))
    schema["description"] = "edited by hand"
    (copy / "actor.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    result = _run("peace-talks-schema-fresh", ["--out", str(copy)], [], tmp_path)
    assert result.returncode == 1
    assert "stale" in result.stderr
