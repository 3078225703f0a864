"""CI check of the published pre-commit hooks: `pre-commit try-repo` on a small repository made here.

Run by `.ci/run` (it installs the hooks' environment with pip, so it is not part of the offline test suite):
    .venv/bin/python -m tests.precommit.try_repo
Exits non-zero, saying what failed, when a hook does not pass good records, does not stop bad ones, or does not
notice a stale schema file.
"""

from __future__ import annotations

import json
import os
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
    print("pre-commit hooks: all checks passed")


if __name__ == "__main__":
    main()
