"""Speed never changes a verdict: the reports on a stored set of generated records keep their digests
(`tests/speed_golden.py` says how they were made and how to rewrite them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.speed_golden import DIGESTS, RUNS, report, unpack

EXPECTED = json.loads(DIGESTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("speed-golden")
    unpack(path)
    return path


@pytest.mark.parametrize("run", list(RUNS))
def test_the_report_is_byte_identical_to_the_stored_one(folder: Path, run: str) -> None:
    digest, summary = report(folder, run)
    expected = EXPECTED[run]
    assert summary == expected["summary"], "the counts changed: a verdict changed"
    assert digest == expected["sha256"], (
        "same counts, different report (a message or position changed); if deliberate, run "
        "'python -m tests.speed_golden' and review"
    )


def test_jobs_do_not_change_the_report() -> None:
    assert EXPECTED["jsonl"] == EXPECTED["jsonl-jobs-2"]


def test_the_stored_set_holds_every_kind_of_verdict() -> None:
    summary = EXPECTED["jsonl"]["summary"]
    assert summary["valid_records"] > 900
    assert summary["invalid_records"] > 30
    assert summary["errors"] > summary["invalid_records"]
    assert summary["warnings"] > 0
