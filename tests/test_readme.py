"""The README's JSON examples are valid records, and its two commands are the ones CI runs."""

from __future__ import annotations

import re

import pytest

from peace_talks_model import validate_record
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
JSON_BLOCKS = re.findall(r"```json\n(.*?)```", README, flags=re.S)


def test_readme_has_examples() -> None:
    assert len(JSON_BLOCKS) >= 2


@pytest.mark.parametrize("block", JSON_BLOCKS, ids=lambda b: b.split('"id": "')[1].split('"')[0])
def test_readme_example_validates(block: str) -> None:
    validate_record(block)


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert len(commands) >= 2
    run, test = commands[0], commands[1]
    assert "peace-talks validate examples/valid" in run
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
