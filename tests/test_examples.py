"""Every valid example validates (API and CLI) and round-trips; every invalid one fails with its expected errors."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from peace_talks_model import dump_record, validate_paths, validate_record
from peace_talks_model.cli import app
from peace_talks_model.loader import LoadedRecord, LoadProblem, load_file, parse_record
from tests.conftest import EXAMPLES, INPUT_CODES, INVALID_EXAMPLE_ARGS, ROOT, case_id, example_files

FINDING = re.compile(r"(?:^|: )(?:error|warning) PT[0-9]{3}")
VALID = example_files("valid") + example_files("minimal")
INVALID = example_files("invalid")
runner = CliRunner()


def _parsed(path: Path) -> list[LoadedRecord | LoadProblem]:
    """The file's records with their JSON parsed, or the problems reading it."""
    items: list[LoadedRecord | LoadProblem] = []
    for item in load_file(path):
        data = parse_record(item) if isinstance(item, LoadedRecord) else item
        items.append(data if isinstance(data, LoadProblem) else replace(item, data=data))
    return items


def _records(path: Path) -> list[LoadedRecord]:
    items = _parsed(path)
    assert all(isinstance(i, LoadedRecord) for i in items), items
    return [i for i in items if isinstance(i, LoadedRecord)]


def test_there_are_examples() -> None:
    assert len(VALID) >= 9
    assert len(INVALID) >= 25


@pytest.mark.parametrize("path", VALID, ids=case_id)
def test_valid_example_validates_through_api(path: Path) -> None:
    for record in _records(path):
        before = json.dumps(record.data, sort_keys=True)
        validate_record(record.data)
        validate_record(json.dumps(record.data))
        assert json.dumps(record.data, sort_keys=True) == before, "validation must not mutate its input"


@pytest.mark.parametrize("path", VALID, ids=case_id)
def test_valid_example_round_trips(path: Path) -> None:
    for record in _records(path):
        model = validate_record(record.data)
        dumped = dump_record(model)
        again = validate_record(dumped)
        assert again == model
        assert dump_record(again) == dumped


@pytest.mark.parametrize("path", VALID, ids=case_id)
def test_valid_example_passes_cli(path: Path) -> None:
    result = runner.invoke(app, ["validate", str(path), "--allow-external-refs"])
    assert result.exit_code == 0, result.output


def test_cli_validates_the_whole_valid_folder() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLES / "valid")])
    assert result.exit_code == 0, result.output
    report = validate_paths([EXAMPLES / "valid"])
    assert report.ok
    assert report.records == report.valid_records > 100


def _expected_lines(path: Path) -> list[str]:
    errors = path.with_suffix(".errors.txt")
    assert errors.exists(), f"{case_id(path)} has no sibling {errors.name}"
    lines = errors.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("path", INVALID, ids=case_id)
def test_invalid_example_fails_with_expected_errors(path: Path) -> None:
    expected = _expected_lines(path)
    assert expected, f"{path.with_suffix('.errors.txt').name} lists no error"
    result = runner.invoke(app, ["validate", str(path.relative_to(ROOT)), *INVALID_EXAMPLE_ARGS])
    unreadable = any(f"error {code}" in line for line in expected for code in INPUT_CODES)
    assert result.exit_code == (3 if unreadable else 1), result.output
    findings = [line for line in result.output.splitlines() if FINDING.search(line)]
    missing = [e for e in expected if not any(e in line for line in findings)]
    assert not missing, f"expected lines not in the output:\n{missing}\noutput:\n{result.output}"
    unexpected = [line for line in findings if not any(e in line for e in expected)]
    assert not unexpected, f"findings not listed in {path.with_suffix('.errors.txt').name}:\n{unexpected}"


@pytest.mark.parametrize("path", INVALID, ids=case_id)
def test_invalid_example_fails_through_api(path: Path) -> None:
    items = _parsed(path)
    records = [i for i in items if isinstance(i, LoadedRecord)]
    if len(records) < len(items):
        return  # the file itself is broken (syntax, duplicate keys): the loader reported it
    failures = 0
    for record in records:
        try:
            validate_record(record.data)
        except ValidationError:
            failures += 1
    assert failures >= 1
