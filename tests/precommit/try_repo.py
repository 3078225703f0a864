"""CI check of the published pre-commit hooks: `pre-commit try-repo` on a small repository made here.

Run by `.ci/run` (it installs the hooks' environment with pip, so it is not part of the offline test suite):
    .venv/bin/python -m tests.precommit.try_repo
Exits non-zero, saying what failed, when a hook does not pass good records, does not stop bad ones, or does not
notice a stale schema file; then runs the `.pre-commit-config.yaml` snippet of docs/pre-commit.md, as printed
(only its two placeholders filled in: this checkout and its commit), with `pre-commit run` on a repository that
also holds a README.md under records/ and vendored schemas.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from peace_talks_model._version import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _try(repo: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "pre-commit"), "try-repo", str(ROOT), hook, "--verbose", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)


def _expect(result: subprocess.CompletedProcess[str], status: int, *fragments: str) -> None:
    output = result.stdout + result.stderr
    missing = [f for f in fragments if f not in output]
    if result.returncode != status or missing:
        sys.exit(f"expected exit {status} with {missing}, got exit {result.returncode}:\n{output}")


def readme_config() -> str:
    """The `.pre-commit-config.yaml` snippet of `docs/pre-commit.md`, as printed."""
    page = (ROOT / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    [snippet] = re.findall(r"```yaml\n(.*?)```", page, flags=re.S)
    return str(snippet)


def _checkout(temp: Path) -> tuple[Path, str]:
    """A repository and commit holding this checkout as it is: the checkout at HEAD, or, when tracked files were
    changed, a clone with those changes committed (as `pre-commit try-repo` does)."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    rev = head.stdout.strip()
    changed = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD"], check=False).returncode != 0
    if not changed:
        return ROOT, rev
    shadow = temp / "shadow"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(shadow)], check=True, capture_output=True)
    _git(shadow, "checkout", "-q", rev, "-b", "_uncommitted")
    git_dir = Path(
        subprocess.run(
            ["git", "-C", str(shadow), "rev-parse", "--absolute-git-dir"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    env = dict(os.environ, GIT_INDEX_FILE=str(git_dir / "index"), GIT_OBJECT_DIRECTORY=str(git_dir / "objects"))
    subprocess.run(["git", "-C", str(ROOT), "add", "-u"], env=env, check=True, capture_output=True)
    _git(shadow, "-c", "user.name=try_repo", "-c", "user.email=try_repo@localhost", "commit", "-q", "-m", "changes")
    head = subprocess.run(["git", "-C", str(shadow), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    return shadow, head.stdout.strip()


def _run_config(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "pre-commit"), "run", "--verbose", "--color", "never", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)


def readme_snippet(temp: Path, records: dict[str, str]) -> None:
    """The documented configuration on a repository of `records` (file name -> text), a records/README.md and the
    schemas vendored where the snippet says: every hook passes; then a bad record is stopped."""
    source, rev = _checkout(temp)
    config = readme_config()
    for placeholder, value in (("<URL of this repository>", str(source)), ("<tag or commit>", rev)):
        if placeholder not in config:
            sys.exit(f"docs/pre-commit.md's snippet has no {placeholder!r} any more: update tests/precommit")
        config = config.replace(placeholder, value)
    repo = temp / "readme-repo"
    (repo / "records").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    for name, text in records.items():
        (repo / "records" / name).write_text(text, encoding="utf-8")
    (repo / "records" / "README.md").write_text("# Our records\n\nOne file per record type.\n", encoding="utf-8")
    vendored = repo / "vendor" / "peace-talks-schemas"
    shutil.copytree(ROOT / "schemas", vendored, ignore=shutil.ignore_patterns("released"))
    _git(repo, "add", "-A")
    print("the documented configuration, good records and a README beside them ...", flush=True)
    result = _run_config(repo, "--all-files")
    _expect(result, 0, "peace-talks validate (all records, all references)", "up to date", "2 valid")
    if "README.md" in result.stdout + result.stderr:
        sys.exit(f"records/README.md was handed to a hook:\n{result.stdout}{result.stderr}")
    print("the documented configuration, a bad record ...", flush=True)
    (repo / "records" / "bad.json").write_text(json.dumps({**json.loads(records["actors.json"]), "nmae": "B"}))
    _git(repo, "add", "-A")
    _expect(_run_config(repo, "--files", "records/bad.json", "records/README.md"), 1, "PT112")


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        os.environ["PRE_COMMIT_HOME"] = str(Path(temp) / "cache")
        repo = Path(temp) / "repo"
        (repo / "records").mkdir(parents=True)
        _git(repo, "init", "-q")
        actor = {
            "record_type": "actor",
            "id": "actor:a",
            "schema_version": SCHEMA_VERSION,
            "name": "A",
            "kind": "state",
        }
        (repo / "records" / "actors.json").write_text(json.dumps(actor), encoding="utf-8")
        ceasefire: dict[str, Any] = {"record_type": "ceasefire", "id": "ceasefire:c", "schema_version": SCHEMA_VERSION}
        ceasefire["declarations"] = [{"declarer": "actor:a"}]
        (repo / "records" / "ceasefire.jsonl").write_text(json.dumps(ceasefire) + "\n", encoding="utf-8")
        shutil.copytree(ROOT / "schemas", repo / "schemas", ignore=shutil.ignore_patterns("released"))
        _git(repo, "add", "-A")

        print("peace-talks-validate, good records ...", flush=True)
        good = ("--files", "records/actors.json", "records/ceasefire.jsonl")
        _expect(_try(repo, "peace-talks-validate", *good), 0, "Passed", "2 valid")
        print("peace-talks-schema-fresh, current schemas ...", flush=True)
        _expect(_try(repo, "peace-talks-schema-fresh", "--all-files"), 0, "up to date")

        bad = dict(actor, id="actor:b", nmae="B")
        (repo / "records" / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
        _git(repo, "add", "-A")
        print("peace-talks-validate, a bad record ...", flush=True)
        _expect(_try(repo, "peace-talks-validate", "--files", "records/bad.json"), 1, "PT112", "did you mean 'name'")

        stale = repo / "schemas" / "actor.schema.json"
        schema = json.loads(stale.read_text(encoding="utf-8"))
        schema["description"] = "edited by hand"
        stale.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        _git(repo, "add", "-A")
        print("peace-talks-schema-fresh, a schema edited by hand ...", flush=True)
        _expect(_try(repo, "peace-talks-schema-fresh", "--all-files"), 1, "stale")
        readme_snippet(
            Path(temp),
            {"actors.json": json.dumps(actor), "ceasefire.jsonl": json.dumps(ceasefire) + "\n"},
        )
    print("pre-commit hooks: all checks passed")


if __name__ == "__main__":
    main()
