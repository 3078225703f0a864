"""The records the README and the docs show validate as printed, the starters too, the README's two commands
are the ones CI runs, and its snippets run (its other command lines: tests/test_docs_commands.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from peace_talks_model import validate_record
from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.cli import app
from peace_talks_model.introspect import references
from peace_talks_model.loader import LoadedRecord, load_file, parse_record
from peace_talks_model.starters import STARTERS
from tests.conftest import ROOT, example_files
from tests.precommit.try_repo import readme_config

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The hand-written pages whose JSON blocks may show records (docs/reference/ and docs/index.md are generated).
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "index.md")]
#: A block preceded by this comment shows a record of a larger set: its references name records of examples/valid.
IN_EXAMPLES = "<!-- references: examples/valid -->"
BLOCK = re.compile(r"(<!--[^\n]*-->\n)?```json\n(.*?)```", flags=re.S)


def _record_blocks() -> list[tuple[str, str, bool]]:
    """(page:line, block, in_examples) of every JSON block that holds records: an object with a `record_type`,
    or an array of them. Blocks eliding parts with "..." are schematic, not records."""
    blocks = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            block = match.group(2)
            if '"..."' in block:
                continue
            try:
                data = json.loads(block)
            except json.JSONDecodeError:
                continue
            items = data if isinstance(data, list) else [data]
            if items and all(isinstance(i, dict) and "record_type" in i for i in items):
                where = f"{page.relative_to(ROOT)}:{text.count(chr(10), 0, match.start(2)) + 1}"
                blocks.append((where, block, match.group(1) == IN_EXAMPLES + "\n"))
    return blocks


RECORD_BLOCKS = _record_blocks()


def test_readme_has_examples() -> None:
    assert sum(where.startswith("README.md") for where, _, _ in RECORD_BLOCKS) >= 3


@pytest.mark.parametrize(("where", "block", "in_examples"), RECORD_BLOCKS, ids=[b[0] for b in RECORD_BLOCKS])
def test_every_record_shown_validates_as_printed(where: str, block: str, in_examples: bool, tmp_path: Path) -> None:
    """Every record the README and the docs show validates as printed, with the current schema_version: alone
    (cross-record checks included), or, for a record marked as part of the bundled examples, with every reference
    naming a record of examples/valid."""
    path = tmp_path / "shown.json"
    path.write_text(block, encoding="utf-8")
    args = ["validate", str(path)] + ["--allow-external-refs"] * in_examples
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, f"{where}:\n{result.stdout}"
    data = json.loads(block)
    items = data if isinstance(data, list) else [data]
    for item in items:
        assert item["schema_version"] == SCHEMA_VERSION, where
    if in_examples:
        known = {r.id for r in _example_records()}
        for item in items:
            targets = {target for _, target in references(validate_record(item))}
            assert targets <= known, f"{where}: not in examples/valid: {sorted(targets - known)}"


def _example_records() -> list[Any]:
    records = []
    for path in example_files("valid"):
        for item in load_file(path):
            if isinstance(item, LoadedRecord):
                data = parse_record(item)
                if isinstance(data, dict):
                    records.append(validate_record(data))
    return records


def test_example_prints_a_set_that_validates_as_printed(tmp_path: Path) -> None:
    """`peace-talks example TYPE` prints, for every type, a record or set that validates alone with no error."""
    for record_type in STARTERS:
        printed = CliRunner().invoke(app, ["example", record_type])
        assert printed.exit_code == 0
        path = tmp_path / f"{record_type}.json"
        path.write_text(printed.stdout, encoding="utf-8")
        result = CliRunner().invoke(app, ["validate", str(path), "--ignore", "PT901"])
        assert result.exit_code == 0, result.stdout
        assert result.stdout.splitlines()[-1].endswith("0 invalid; 0 errors, 0 warnings"), result.stdout


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert len(commands) >= 2
    run, test = commands[0], commands[1]
    assert "peace-talks validate examples/valid" in run
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _section(title: str, page: str = README) -> str:
    """The part of `page` (the README, or a page of `docs/`) from the heading `title` (`## ...` or `# ...`) to the
    next `## ` heading."""
    start = page.index(f"{title}\n")
    end = page.find("\n## ", start + 1)
    return page[start : end if end != -1 else None]


#: The hand-written pages the README sends readers to for the depth.
SCHEMA_PAGE = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
SCHEMA_SECTION = _section("# Use the schema from another language", SCHEMA_PAGE)


def test_readme_python_schema_snippet_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    [snippet] = re.findall(r"```python\n(.*?)```", SCHEMA_SECTION, flags=re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(snippet, "README.md", "exec"), {})


#: Python snippets of the README and the hand-written pages followed by what they print ("prints", then a `text`
#: block): (page, snippet, printed).
PRINTING_SNIPPETS = [
    (page.name, snippet, printed)
    for page in PAGES
    for snippet, printed in re.findall(
        r"```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S
    )
]


def test_the_readme_and_the_python_page_show_what_their_snippets_print() -> None:
    assert sum(page == "README.md" for page, _, _ in PRINTING_SNIPPETS) >= 1
    assert sum(page == "python.md" for page, _, _ in PRINTING_SNIPPETS) >= 3


@pytest.mark.parametrize(("page", "snippet", "printed"), PRINTING_SNIPPETS, ids=lambda v: str(v)[:30])
def test_a_snippet_prints_what_its_page_says(
    page: str, snippet: str, printed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(snippet, page, "exec"), {})
    assert capsys.readouterr().out == printed


def test_readme_javascript_schema_snippet_runs(tmp_path: Path) -> None:
    [snippet] = re.findall(r"```js\n(.*?)```", SCHEMA_SECTION, flags=re.S)
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
    section = _section("## Write records by hand", SCHEMA_PAGE)
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
