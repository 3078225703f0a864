"""The error-quality corpus: every finding of `peace-talks validate` for a set of broken inputs, exactly.

Each case in tests/error_quality is an input (`NAME.json`, `NAME.jsonl` or `NAME.ndjson`) with one defect in
realistic peace-process data, and `NAME.expected.json`: the extra CLI arguments, the exit code and the exact
list of findings (code, line, column, JSON pointer, message, suggestion) in output order. A case without an
input file checks the report of a missing file (PT100). Every code of `peace_talks_model.codes.CODES` occurs in
some case. After a deliberate change of messages or positions, rewrite the expected files with
`python -m tests.update_error_quality [NAME...]` and review the diff: every change must be an improvement.
"""

from __future__ import annotations

import json
from contextlib import chdir
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.codes import CODES, FALLBACK

CASES = Path(__file__).resolve().parent / "error_quality"
EXPECTED_SUFFIX = ".expected.json"
INPUT_SUFFIXES = (".json", ".jsonl", ".ndjson")
#: The keys of a finding that the corpus pins down.
FINDING_KEYS = ("code", "line", "column", "pointer", "message", "suggestion")


def case_names() -> list[str]:
    """The names of the cases, from their expected files, sorted."""
    return sorted(p.name.removesuffix(EXPECTED_SUFFIX) for p in CASES.glob(f"*{EXPECTED_SUFFIX}"))


def input_files() -> list[Path]:
    """The case inputs present in the corpus folder."""
    return sorted(p for p in CASES.iterdir() if p.suffix in INPUT_SUFFIXES and not p.name.endswith(EXPECTED_SUFFIX))


def input_path(name: str) -> Path:
    """The input of case `name`; `NAME.json` (which then does not exist) for a missing-file case."""
    for suffix in INPUT_SUFFIXES:
        path = CASES / f"{name}{suffix}"
        if path.exists():
            return path
    return CASES / f"{name}.json"


def expected_path(name: str) -> Path:
    """The expected-findings file of case `name`."""
    return CASES / f"{name}{EXPECTED_SUFFIX}"


def load_expected(name: str) -> dict[str, Any]:
    """The expected file of case `name`: {"args": [...], "exit_code": N, "findings": [...]}."""
    data: dict[str, Any] = json.loads(expected_path(name).read_text(encoding="utf-8"))
    return data


def run_case(name: str, args: list[str]) -> tuple[int, list[dict[str, Any]], str]:
    """Validate the input of case `name` with the JSON reporter: exit code, findings (six keys) and raw output.

    The run happens inside the corpus folder with the bare file name, so that messages naming the file (`already
    used by record 0 of NAME.json`) do not depend on where the repository is checked out.
    """
    with chdir(CASES):
        result = CliRunner().invoke(app, ["validate", input_path(name).name, "--format", "json", *args])
    report = json.loads(result.stdout)
    findings = [{key: finding[key] for key in FINDING_KEYS} for finding in report["findings"]]
    return result.exit_code, findings, result.output


@pytest.mark.parametrize("name", case_names())
def test_case_reports_exactly_the_expected_findings(name: str) -> None:
    expected = load_expected(name)
    assert set(expected) == {"args", "exit_code", "findings"}, f"{name}: unexpected keys in the expected file"
    exit_code, findings, output = run_case(name, expected["args"])
    assert findings == expected["findings"], output
    assert exit_code == expected["exit_code"], output


def test_every_input_has_an_expected_file() -> None:
    missing = [p.name for p in input_files() if not expected_path(p.stem).exists()]
    assert not missing, f"inputs without {EXPECTED_SUFFIX}: {missing}"


def test_a_case_without_input_is_a_missing_file_case() -> None:
    for name in case_names():
        if not input_path(name).exists():
            codes = [f["code"] for f in load_expected(name)["findings"]]
            assert codes == ["PT100"], f"{name} has no input file but does not expect just PT100: {codes}"


def test_corpus_is_large_enough() -> None:
    assert len(case_names()) >= 45


#: Codes `peace-talks merge` reports, not `validate`: tests/test_merge.py pins their messages and positions.
MERGE_CODES = frozenset({"PT320", "PT321", "PT322"})


def test_every_code_occurs_in_some_case() -> None:
    # PT299 is the fallback for a rule without a code of its own; no input reaches it (tests/test_codes.py)
    found = {f["code"] for name in case_names() for f in load_expected(name)["findings"]} | {FALLBACK.code}
    found |= MERGE_CODES
    missing = [c.code for c in CODES if c.code not in found]
    assert not missing, f"codes without an error-quality case: {missing}"
