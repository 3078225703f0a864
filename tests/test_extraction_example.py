"""The worked extraction example (examples/extraction/README.md) is what the commands print and write today."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from peace_talks_model.cli import app

ROOT = Path(__file__).resolve().parents[1]
HERE = Path("examples/extraction")


def test_the_report_and_the_split_files_are_what_validate_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    valid, invalid = tmp_path / "valid.jsonl", tmp_path / "invalid.jsonl"
    args = ["validate", "--profile", "llm", "--texts", str(HERE / "texts"), str(HERE / "model-output.json")]
    result = CliRunner().invoke(app, [*args, "--emit-valid", str(valid), "--emit-invalid", str(invalid)])
    assert result.exit_code == 1
    assert result.stdout == (ROOT / HERE / "report.txt").read_text(encoding="utf-8")
    assert valid.read_text(encoding="utf-8") == (ROOT / HERE / "valid.jsonl").read_text(encoding="utf-8")
    assert invalid.read_text(encoding="utf-8") == (ROOT / HERE / "invalid.jsonl").read_text(encoding="utf-8")
    # every record of the answer in exactly one of the two files, the three defects among the invalid
    answer = json.loads((ROOT / HERE / "model-output.json").read_text(encoding="utf-8"))
    ids = [answer["document"]["id"]] + [r["id"] for r in answer["records"]]
    passed = [json.loads(line)["id"] for line in valid.read_text(encoding="utf-8").splitlines()]
    failed = [json.loads(line)["record"]["id"] for line in invalid.read_text(encoding="utf-8").splitlines()]
    assert sorted(passed + failed) == sorted(ids)
    codes = {
        f["code"] for line in invalid.read_text(encoding="utf-8").splitlines() for f in json.loads(line)["findings"]
    }
    assert codes == {"PT310", "PT201"}


def test_the_prompt_shown_is_what_the_prompt_command_prints() -> None:
    result = CliRunner().invoke(app, ["prompt", "actor", "negotiation"])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / HERE / "prompt.txt").read_text(encoding="utf-8")


def test_the_fix_step_proposes_the_one_safe_patch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["fix", str(HERE / "model-output.json"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["patch"] == [
        {"op": "replace", "path": "/records/4/formality", "value": "official"}
    ]


TIERS = HERE / "tiers"


def test_the_tier_answers_merge_check_and_split_as_the_readme_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    merged = tmp_path / "merged.jsonl"
    answers = [
        str(TIERS / f)
        for f in ("negotiation.core.json", "negotiation.enrichment-1.json", "negotiation.enrichment-2.json")
    ]
    more = ["--core", str(TIERS / "actor.core.json"), "--core", str(TIERS / "source.core.json")]
    result = CliRunner().invoke(app, ["merge", *answers, *more, "--out", str(merged), "--texts", str(HERE / "texts")])
    assert result.exit_code == 1
    expected = (ROOT / TIERS / "merge-report.txt").read_text(encoding="utf-8")
    assert result.stdout == expected.replace(str(TIERS / "merged.jsonl"), str(merged))
    assert "6 core records, 2 enrichment answers (3 fields filled); 6 records written" in result.stderr
    assert merged.read_text(encoding="utf-8") == (ROOT / TIERS / "merged.jsonl").read_text(encoding="utf-8")
    # the one defect, traced back to the answer that wrote it
    assert "[written at examples/extraction/tiers/negotiation.enrichment-1.json:14:20]" in result.stdout

    valid, invalid = tmp_path / "valid.jsonl", tmp_path / "invalid.jsonl"
    args = ["validate", str(TIERS / "merged.jsonl"), "--texts", str(HERE / "texts")]
    result = CliRunner().invoke(app, [*args, "--emit-valid", str(valid), "--emit-invalid", str(invalid)])
    assert result.exit_code == 1
    assert valid.read_text(encoding="utf-8") == (ROOT / TIERS / "valid.jsonl").read_text(encoding="utf-8")
    assert invalid.read_text(encoding="utf-8") == (ROOT / TIERS / "invalid.jsonl").read_text(encoding="utf-8")
    failed = [json.loads(line)["record"]["id"] for line in invalid.read_text(encoding="utf-8").splitlines()]
    assert failed == ["negotiation:2019-12-07-doha-us-taliban"]
    assert len(valid.read_text(encoding="utf-8").splitlines()) == 5


def test_the_plan_shown_is_what_the_prompt_command_prints() -> None:
    result = CliRunner().invoke(app, ["prompt", "--plan", "negotiation", "actor", "source"])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / TIERS / "plan.txt").read_text(encoding="utf-8")


def test_every_tier_answer_of_the_example_is_valid_against_its_tier_schema() -> None:
    for path in sorted((ROOT / TIERS).glob("*.core.json")) + sorted((ROOT / TIERS).glob("*.enrichment-*.json")):
        schema = json.loads((ROOT / "schemas" / "llm" / path.name.replace(".json", ".schema.json")).read_text("utf-8"))
        jsonschema.Draft202012Validator(schema).validate(json.loads(path.read_text(encoding="utf-8")))
