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
