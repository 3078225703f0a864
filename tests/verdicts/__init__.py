"""The verdict corpus: small record sets, each with what `peace-talks validate` must say about it.

Each case is a folder `NAME/` of input files and `NAME.case.json`: why the case exists, the extra arguments, and
what the validator says, observed by `observe` (the exact summary line, the JSON report's counts, the exit
status, the findings as `file:line:col severity CODE`, and the `--emit-valid`/`--emit-invalid` split by record
id). `tests/test_verdicts.py` checks every case against its file, and that the four views agree with each other.
After a deliberate change, rewrite the expectations with `python -m tests.verdicts.update [NAME...]` and review
the diff: each change must be a truer verdict.
"""

from __future__ import annotations

import json
import shutil
from contextlib import chdir
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from peace_talks_model.cli import app

CASES = Path(__file__).resolve().parent
SUFFIX = ".case.json"


def case_names() -> list[str]:
    """The names of the cases, sorted."""
    return sorted(p.name.removesuffix(SUFFIX) for p in CASES.glob(f"*{SUFFIX}"))


def load_case(name: str) -> dict[str, Any]:
    """The case file of `name`."""
    data: dict[str, Any] = json.loads((CASES / f"{name}{SUFFIX}").read_text(encoding="utf-8"))
    return data


def _finding(line: str) -> str | None:
    """`file:line:col severity CODE` of a text report line (None for a line that is not a finding)."""
    head, sep, rest = line.partition(": ")
    if not sep:
        return None
    words = rest.split(" ", 2)
    if len(words) < 2 or words[0] not in ("error", "warning"):
        return None
    return f"{head} {words[0]} {words[1].rstrip(':')}"


def _split_entry(line: str) -> str:
    """An --emit-invalid line in short: the record's id, or what the line holds instead of a record."""
    entry = json.loads(line)
    if "record" in entry:
        record = entry["record"]
        return str(record.get("id")) if isinstance(record, dict) else f"not an object in {entry['file']}"
    if "raw" in entry:
        where = f"{entry['file']}:{entry['line']}" if entry.get("line") else entry["file"]
        return f"text of {where}"
    return f"problem of {entry['file']}"


def observe(name: str, work: Path) -> dict[str, Any]:
    """Run the validator on a copy of case `name` in `work` (the case's own folder is never written to) and
    return what it said: {exit_code, summary, counts, findings, shown, split}."""
    args = load_case(name)["args"]
    shutil.copytree(CASES / name, work / name)
    runner = CliRunner()
    with chdir(work):
        text = runner.invoke(app, ["validate", name, "--color", "never", *args])
        report = runner.invoke(app, ["validate", name, "--format", "json", *args])
        split = runner.invoke(
            app, ["validate", name, "-q", "--emit-valid", "v.jsonl", "--emit-invalid", "i.jsonl", *args]
        )
        valid = Path("v.jsonl").read_text(encoding="utf-8").splitlines() if Path("v.jsonl").exists() else []
        invalid = Path("i.jsonl").read_text(encoding="utf-8").splitlines() if Path("i.jsonl").exists() else []
    lines = text.stdout.splitlines()
    document = json.loads(report.stdout)
    return {
        "exit_code": text.exit_code,
        "summary": lines[-1] if lines else "",
        "counts": document["summary"],
        "findings": [f for f in map(_finding, lines) if f is not None],
        "others": [line for line in lines[:-1] if _finding(line) is None],
        "json_exit_code": report.exit_code,
        "split_exit_code": split.exit_code,
        "split": {
            "valid": [json.loads(line).get("id") for line in valid],
            "invalid": [_split_entry(line) for line in invalid],
        },
    }
