"""Shared fixtures: the example folders, globbed into parametrized cases (paths anchored on this file)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RECORD_SUFFIXES = (".json", ".jsonl", ".ndjson")


def example_files(kind: str) -> list[Path]:
    """Record files under examples/<kind>, sorted."""
    return sorted(p for p in (EXAMPLES / kind).rglob("*") if p.suffix in RECORD_SUFFIXES and p.is_file())


def case_id(path: Path) -> str:
    """A readable test id: the path below examples/."""
    return path.relative_to(EXAMPLES).as_posix()


#: How the invalid examples are validated: each shows one defect in one record, so references to records not
#: in the file are allowed and SHOULD-level warnings are left out.
INVALID_EXAMPLE_ARGS = ("--allow-external-refs", "--ignore", "PT901,PT902,PT903,PT904")
#: Codes meaning an input could not be read or parsed (exit status 3).
INPUT_CODES = ("PT100", "PT101", "PT102", "PT103", "PT104")


#: The Node project with Ajv (installed by `npm ci --prefix tests/ajv`, which CI runs).
AJV = ROOT / "tests" / "ajv"


def chromium() -> str:
    """The headless Chromium for the browser test of the timeline; skips the test when it is missing, and fails
    it instead where CI requires it (PEACE_TALKS_REQUIRE_CHROMIUM=1; `.ci/run` installs Debian's `chromium`)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("PEACE_TALKS_REQUIRE_CHROMIUM"):
        pytest.fail("Chromium is required here: install Debian's 'chromium' package")
    pytest.skip("no Chromium (install Debian's 'chromium' package)")


def ajv_node() -> str:
    """The `node` executable for the Ajv checks; skips the test when Node or Ajv is missing, and fails it instead
    where CI requires Ajv (PEACE_TALKS_REQUIRE_AJV=1)."""
    node = shutil.which("node")
    if node is None or not (AJV / "node_modules" / "ajv").exists():
        if os.environ.get("PEACE_TALKS_REQUIRE_AJV"):
            pytest.fail("Ajv is required here: run 'npm ci --prefix tests/ajv'")
        pytest.skip("Node.js or tests/ajv/node_modules missing (run 'npm ci --prefix tests/ajv')")
    return node
