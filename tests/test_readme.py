"""The README's JSON examples are valid records, its two commands are the ones CI runs, and its snippets run
(its other command lines: tests/test_docs_commands.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from peace_talks_model import validate_record
from tests.conftest import ROOT
from tests.precommit.try_repo import readme_config

README = (ROOT / "README.md").read_text(encoding="utf-8")
JSON_BLOCKS = re.findall(r"```json\n(.*?)```", README, flags=re.S)


def test_readme_has_examples() -> None:
    assert len(JSON_BLOCKS) >= 2


@pytest.mark.parametrize("block", JSON_BLOCKS, ids=lambda b: b.split('"id": "')[1].split('"')[0])
def test_readme_example_validates(block: str) -> None:
    validate_record(block)


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert len(commands) >= 2
    run, test = commands[0], commands[1]
    assert "peace-talks validate examples/valid" in run
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_readme_python_schema_snippet_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    [snippet] = re.findall(r"```python\n(.*?)```", _section("Use the schema from another language"), flags=re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(snippet, "README.md", "exec"), {})


def test_readme_javascript_schema_snippet_runs(tmp_path: Path) -> None:
    [snippet] = re.findall(r"```js\n(.*?)```", _section("Use the schema from another language"), flags=re.S)
    node = shutil.which("node")
    ajv = ROOT / "tests" / "ajv"
    if node is None or not (ajv / "node_modules" / "ajv").exists():
        if os.environ.get("PEACE_TALKS_REQUIRE_AJV"):
            pytest.fail("Ajv is required here: run 'npm ci --prefix tests/ajv'")
        pytest.skip("Node.js or tests/ajv/node_modules missing")
    script = ajv / f"readme-snippet-{tmp_path.name}.mjs"
    script.write_text(snippet, encoding="utf-8")
    try:
        done = subprocess.run([node, str(script)], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60)
    finally:
        script.unlink()
    assert done.returncode == 0, done.stderr


def test_readme_editor_settings_point_at_a_published_file() -> None:
    section = _section("Write records by hand")
    [settings] = re.findall(r"```jsonc\n(.*?)```", section, flags=re.S)
    url = json.loads(settings)["json.schemas"][0]["url"]
    assert (ROOT / url).is_file()


def test_readme_pre_commit_snippet_hands_only_record_files_to_the_validators() -> None:
    # a `files:` in the configuration replaces the hook's own pattern, so it must keep the record suffixes;
    # CI runs the snippet itself with pre-commit (tests/precommit/try_repo.py)
    config = yaml.safe_load(readme_config())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    published = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) <= published
    for name in ("peace-talks-validate", "peace-talks-validate-all"):
        pattern = re.compile(hooks[name]["files"])
        assert all(pattern.search(f) for f in ("records/a.json", "records/deep/b.jsonl", "records/c.ndjson")), name
        assert not any(pattern.search(f) for f in ("records/README.md", "records/notes.txt", "other/a.json")), name
