"""True verdicts. One verdict per record: a record with any error (its own, one across records, one against its
source's text) is invalid, and the summary line, the JSON report's counts, the exit status and the
`--emit-valid`/`--emit-invalid` split all say the same, here for hand-made cases and for the corpus of
tests/verdicts/ (see `tests.verdicts`). Errors of the Python API are titled for people."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from peace_talks_model import validate_record
from peace_talks_model.cli import app
from peace_talks_model.report import counted
from peace_talks_model.starters import STARTERS
from tests.verdicts import case_names, load_case, observe

runner = CliRunner()
SOURCE = {"record_type": "source", "id": "source:s", "schema_version": "1.0"}
EVIDENCE = [{"source": "source:s", "quote": "q"}]


def _actor(local: str, **extra: Any) -> dict[str, Any]:
    record = {"record_type": "actor", "id": f"actor:{local}", "schema_version": "1.0", "name": local, "kind": "person"}
    return record | {"evidence": EVIDENCE} | extra


def _claim(local: str, **extra: Any) -> dict[str, Any]:
    record = {"record_type": "claim", "id": f"claim:{local}", "schema_version": "1.0", "statement": local}
    return record | {"evidence": EVIDENCE} | extra


#: name -> (records, options, expected (valid, invalid), exit status)
CASES: dict[str, tuple[list[dict[str, Any]], list[str], tuple[int, int], int]] = {
    # the starter alone: its references do not resolve (errors across records only) and it cites no evidence
    "dangling references only": ([STARTERS["prisoner_swap"]], [], (0, 1), 1),
    "dangling references allowed, a warning left": ([STARTERS["prisoner_swap"]], ["--allow-external-refs"], (1, 0), 0),
    "the warning made an error by --strict": (
        [STARTERS["prisoner_swap"]],
        ["--allow-external-refs", "--strict"],
        (0, 1),
        1,
    ),
    "the errors ignored by code": ([STARTERS["prisoner_swap"]], ["--ignore", "PT301"], (1, 0), 0),
    "a duplicate id: the second record is invalid": ([SOURCE, _actor("a"), _actor("a")], [], (2, 1), 1),
    "a one-way contradiction": ([SOURCE, _claim("a", contradicts=["claim:b"]), _claim("b")], [], (2, 1), 1),
    "a record with an error of its own": (
        [SOURCE, _actor("a", nmae="x")],
        [],
        (1, 1),
        1,
    ),
    "all valid": ([SOURCE, _actor("a"), _claim("a")], [], (3, 0), 0),
}


@pytest.mark.parametrize("name", CASES)
def test_counts_exit_status_and_split_agree(name: str, tmp_path: Path) -> None:
    records, options, (valid, invalid), status = CASES[name]
    data = tmp_path / "records.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"

    text = runner.invoke(app, ["validate", str(data), *options])
    assert text.exit_code == status, text.output
    assert f"{counted(len(records), 'record')}: {valid} valid, {invalid} invalid;" in text.stdout.splitlines()[-1]

    report = runner.invoke(app, ["validate", str(data), "--format", "json", *options])
    summary = json.loads(report.stdout)["summary"]
    assert (summary["valid_records"], summary["invalid_records"]) == (valid, invalid)
    assert json.loads(report.stdout)["exit_code"] == status
    assert json.loads(report.stdout)["ok"] is (status == 0)

    split = runner.invoke(app, ["validate", str(data), *options, "--emit-valid", str(good), "--emit-invalid", str(bad)])
    assert split.exit_code == status

    def lines(path: Path) -> int:
        return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0

    assert (lines(good), lines(bad)) == (valid, invalid)


def test_python_api_errors_are_titled_for_people() -> None:
    # pydantic's default title spells out the tagged union and every model validator (400+ characters)
    with pytest.raises(ValidationError) as caught:
        validate_record({"record_type": "position", "id": "position:x", "schema_version": "1.0"})
    assert caught.value.title == "Record"
    assert str(caught.value).startswith("3 validation errors for Record\nposition.holders\n")


# -- the verdict corpus (tests/verdicts): small record sets with everything the validator must say ---------------

VERDICT_CASES = case_names()


def test_the_verdict_corpus_is_large_enough() -> None:
    assert len(VERDICT_CASES) >= 30


@pytest.mark.parametrize("name", VERDICT_CASES)
def test_verdict_case(name: str, tmp_path: Path) -> None:
    """The summary line, JSON counts, exit status, findings and split of the case are as recorded (rewrite them
    with `python -m tests.verdicts.update NAME` after a deliberate change, and review the diff)."""
    case = load_case(name)
    seen = observe(name, tmp_path)
    for key in ("exit_code", "summary", "counts", "findings", "others", "split"):
        assert seen[key] == case[key], f"{name}: {key} differs (python -m tests.verdicts.update {name})"


@pytest.mark.parametrize("name", VERDICT_CASES)
def test_verdict_case_views_agree(name: str) -> None:
    """Whatever is recorded, the four views of a case agree: the exit status of every format, the counts and
    the split, the counts and the exit status, the findings and the counts."""
    case = load_case(name)
    counts, split, status = case["counts"], case["split"], case["exit_code"]
    records_in_split = [e for e in split["invalid"] if not e.startswith(("text of ", "problem of "))]
    assert counts["valid_records"] == len(split["valid"])
    assert counts["invalid_records"] == len(records_in_split)
    assert counts["records"] == counts["valid_records"] + counts["invalid_records"]
    assert status == (3 if counts["inputs_failed"] else 1 if counts["errors"] else 0)
    assert (counts["invalid_records"] > 0) <= (counts["errors"] > 0)
    if "--max-errors" not in case["args"]:
        assert len(case["findings"]) == counts["errors"] + counts["warnings"]
    tail = f"{counted(counts['errors'], 'error')}, {counted(counts['warnings'], 'warning')}"
    if counts["inputs_failed"]:
        assert re.search(re.escape(tail) + r"; input problems in [1-9][0-9]* files?$", case["summary"])
    else:
        assert case["summary"].endswith(tail)
