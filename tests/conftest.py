"""Shared fixtures: the example folders, globbed into parametrized cases (paths anchored on this file)."""

from __future__ import annotations

from pathlib import Path

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
