"""`peace-talks merge` and `peace_talks_model.merge` (issue #24): enrichment answers folded into their core
records by id; conflicting values, an answer for an unknown id or another record type, a missing core answer;
idempotence; the merged file written with the user's permissions and validated (grounding included)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.codes import CODES
from peace_talks_model.merge import merge_answers, merge_records, read_answers, run_merge
from peace_talks_model.validation import Options

NEGOTIATION = "negotiation:2019-12-07-doha-us-taliban"
SOURCE = "source:ap-2019-12-09-khalilzad-doha-talks"
TEXTS = Path(__file__).resolve().parents[1] / "examples" / "extraction" / "texts"


def _core() -> dict[str, Any]:
    """A core answer as a model writes it: every key of the core tier, nulls for absent values."""
    return {
        "records": [
            {
                "record_type": "negotiation",
                "id": NEGOTIATION,
                "schema_version": "1.7",
                "kind": "meeting",
                "title": None,
                "participants": [],
                "date": "2019-12-07",
                "place": None,
                "formality": "official",
                "status_history": [],
                "agreements": [],
                "evidence": [{"source": SOURCE, "quote": "held the first official talks with Afghanistan’s Taliban"}],
            },
            {
                "record_type": "actor",
                "id": "actor:taliban",
                "schema_version": "1.7",
                "name": "Taliban",
                "kind": "armed_group",
                "other_kinds": [],
                "country": "AFG",
                "nationalities": [],
                "posts": [],
                "evidence": [{"source": SOURCE, "quote": "Afghanistan’s Taliban"}],
            },
        ]
    }


def _enrichment(**fields: Any) -> dict[str, Any]:
    return {"record_type": "negotiation", "id": NEGOTIATION, **fields}


def _write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_an_enrichment_fills_the_fields_the_core_record_does_not_have() -> None:
    result = merge_records(_core()["records"], [_enrichment(rounds=None, notes="Talks resumed on Sunday.", follows=[])])
    assert result.findings == []
    assert result.held == []
    assert (result.answers, result.folded) == (1, 1)
    negotiation = result.records[0]
    assert negotiation["notes"] == "Talks resumed on Sunday."
    assert "title" not in negotiation
    assert "rounds" not in negotiation
    keys = list(negotiation)  # in the profile's order: the record's own fields, then evidence and notes
    assert keys[:3] == ["record_type", "id", "schema_version"]
    assert keys[-2:] == ["evidence", "notes"]


def test_conflicting_enrichments_are_a_finding_and_the_record_is_held_back(tmp_path: Path) -> None:
    core = _write(tmp_path / "core.json", _core())
    first = _write(tmp_path / "e1.json", _enrichment(rounds=9))
    second = _write(tmp_path / "e2.json", _enrichment(rounds=8))
    result = merge_answers(read_answers([core]), read_answers([first, second]))
    assert [f.code for f in result.findings] == ["PT320"]
    finding = result.findings[0]
    assert (finding.file, finding.line, finding.path, finding.record_id) == (str(second), 4, "rounds", NEGOTIATION)
    assert (finding.got, finding.expected) == ("8", "9")
    assert f"{first}:4:" in finding.message  # where the other value was written
    assert result.held == [NEGOTIATION]
    assert [r["id"] for r in result.records] == ["actor:taliban"]  # neither value is chosen


def test_an_enrichment_contradicting_the_core_answer_is_a_conflict() -> None:
    result = merge_records(_core()["records"], [_enrichment(formality="informal")])
    assert [(f.code, f.path) for f in result.findings] == [("PT320", "formality")]
    assert "'formality' of negotiation:2019-12-07-doha-us-taliban is \"informal\" here" in result.findings[0].message
    assert result.held == [NEGOTIATION]


def test_an_enrichment_for_an_unknown_id_is_a_finding_with_the_closest_id() -> None:
    result = merge_records(_core()["records"], [_enrichment(id="negotiation:2019-12-07-doha-us-talibans", rounds=9)])
    assert [f.code for f in result.findings] == ["PT321"]
    assert result.findings[0].suggestion == NEGOTIATION
    assert f"did you mean '{NEGOTIATION}'" in result.findings[0].message
    assert result.folded == 0
    assert "rounds" not in result.records[0]


def test_an_enrichment_without_an_id_or_for_another_record_type_folds_into_nothing() -> None:
    result = merge_records(
        _core()["records"],
        [{"record_type": "negotiation", "rounds": 9}, {"record_type": "actor", "id": NEGOTIATION, "born": "1994"}, 3],
    )
    assert [(f.code, f.path) for f in result.findings] == [
        ("PT321", "id"),
        ("PT322", "record_type"),
        ("PT321", "id"),
    ]
    assert result.folded == 0


def test_a_core_answer_missing_leaves_every_enrichment_unmerged(tmp_path: Path) -> None:
    enrichment = _write(tmp_path / "e1.json", _enrichment(rounds=9))
    # no record of the type in the core answers given
    only_actors = {"records": [_core()["records"][1]]}
    result = merge_answers(read_answers([_write(tmp_path / "actors.json", only_actors)]), read_answers([enrichment]))
    assert [f.code for f in result.findings] == ["PT321"]
    # no core file at all: an input that cannot be read (exit 3), and nothing is written
    out = tmp_path / "out.jsonl"
    result, report = run_merge([tmp_path / "missing.json"], [enrichment], out)
    assert result.inputs_failed == 1
    assert report.exit_code == 3
    assert [f.code for f in report.findings] == ["PT100", "PT321"]
    assert not out.exists()


def test_merging_is_idempotent() -> None:
    enrichments = [_enrichment(rounds=9, follows=[]), _enrichment(notes="Talks resumed on Sunday.")]
    once = merge_records(_core()["records"], enrichments)
    twice = merge_records(_core()["records"], enrichments + enrichments)
    assert twice.findings == []
    assert twice.records == once.records
    again = merge_records(once.records, enrichments)  # the merged records as the core: nothing changes
    assert again.findings == []
    assert again.records == once.records
    assert again.folded == 0


@settings(max_examples=40, deadline=None)
@given(st.permutations(["rounds", "notes", "deadline", "part_of"]), st.booleans())
def test_the_order_of_enrichment_answers_does_not_change_the_result(order: list[str], split: bool) -> None:
    values = {"rounds": 9, "notes": "resumed", "deadline": "2019-12-31", "part_of": "negotiation:us-taliban-talks"}
    expected = merge_records(_core()["records"], [_enrichment(**values)]).records
    answers = (
        [_enrichment(**{k: values[k]}) for k in order] if split else [_enrichment(**{k: values[k] for k in order})]
    )
    assert merge_records(_core()["records"], answers).records == expected


def test_the_command_writes_the_merged_records_and_validates_them_with_grounding(tmp_path: Path) -> None:
    core = _write(tmp_path / "negotiation.core.json", _core())
    enrichment = _write(
        tmp_path / "negotiation.enrichment-1.json",
        _enrichment(
            agenda=[
                {
                    "topic": "reduction_of_violence",
                    "description": None,
                    "raised_by": [],
                    "evidence": [{"source": SOURCE, "quote": "a Taliban promise to reduce violence"}],
                }
            ]
        ),
    )
    out = tmp_path / "records.jsonl"
    old = os.umask(0o027)
    try:
        result = CliRunner().invoke(
            app,
            ["merge", str(core), str(enrichment), "--out", str(out), "--texts", str(TEXTS), "--allow-external-refs"],
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("1 file, 2 records: 2 valid, 0 invalid; 0 errors, 0 warnings\n")
    assert "merge: 2 core records, 1 enrichment answer (1 field filled); 2 records written to" in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # the user's umask, not 0600
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["agenda"][0]["topic"] == "reduction_of_violence"


def test_the_command_reports_a_quote_not_in_the_text_at_its_place_in_the_merged_file(tmp_path: Path) -> None:
    core = _write(tmp_path / "core.json", _core())
    enrichment = _write(
        tmp_path / "e1.json",
        _enrichment(
            notes=None,
            characterizations=[
                {
                    "label": "historic",
                    "text": None,
                    "evidence": [{"source": SOURCE, "quote": "a historic breakthrough"}],
                }
            ],
        ),
    )
    out = tmp_path / "records.jsonl"
    args = ["merge", str(core), str(enrichment), "-o", str(out), "--texts", str(TEXTS), "--allow-external-refs"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert f"{out}:1:" in result.stdout
    assert "PT310 characterizations[0].evidence[0].quote" in result.stdout
    assert result.stdout.endswith("1 file, 2 records: 1 valid, 1 invalid; 1 error, 0 warnings\n")


def test_the_command_exit_status_follows_the_findings(tmp_path: Path) -> None:
    core = _write(tmp_path / "core.json", _core())
    conflict = _write(tmp_path / "e.jsonl", None)
    conflict.write_text(
        json.dumps(_enrichment(rounds=9)) + "\n" + json.dumps(_enrichment(rounds=8)) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["merge", str(core), str(conflict), "--out", str(out), "--allow-external-refs"])
    assert result.exit_code == 1
    assert f"{conflict}:2:" in result.stdout
    assert "PT320" in result.stdout
    assert "1 record held back (PT320)" in result.stderr
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["actor:taliban"]
    # a file that is not JSON: exit 3, nothing written
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    out.unlink()
    result = CliRunner().invoke(app, ["merge", str(core), str(broken), "--out", str(out)])
    assert result.exit_code == 3
    assert "PT102" in result.stdout
    assert not out.exists()
    assert "nothing written (an input could not be read)" in result.stderr


def test_more_core_answers_come_with_the_core_option(tmp_path: Path) -> None:
    records = _core()["records"]
    negotiation = _write(tmp_path / "negotiation.core.json", {"records": [records[0]]})
    actors = _write(tmp_path / "actor.core.json", {"records": [records[1]]})
    enrichment = _write(tmp_path / "e.json", {"record_type": "actor", "id": "actor:taliban", "notes": "insurgents"})
    out = tmp_path / "out.jsonl"
    args = ["merge", str(negotiation), str(enrichment), "--core", str(actors), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--allow-external-refs", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["records"] == 2
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[1])["notes"] == "insurgents"


@pytest.mark.parametrize("options", [None, Options(allow_external_refs=True)])
def test_run_merge_returns_one_report_of_the_merge_and_the_validation(tmp_path: Path, options: Options | None) -> None:
    core = _write(tmp_path / "core.json", _core())
    result, report = run_merge(
        [core], [_write(tmp_path / "e.json", _enrichment(rounds=9))], tmp_path / "o.jsonl", options
    )
    assert result.records[0]["rounds"] == 9
    assert report.records == 2
    assert report.files == 1
    # the document the quotes cite is not among the records: a finding unless references outside are allowed
    assert {f.code for f in report.findings} == (set() if options else {"PT301"})
    assert report.exit_code == (0 if options else 1)


def test_the_codes_only_merge_reports_are_its_own() -> None:
    from tests.test_error_quality import MERGE_CODES  # noqa: PLC0415 - the corpus's list of codes it leaves to us

    assert {c.code for c in CODES if c.rules[0].startswith("merge_")} == MERGE_CODES
    found = merge_records(
        _core()["records"],
        [
            _enrichment(formality="informal"),
            _enrichment(id="negotiation:x"),
            {"record_type": "actor", "id": NEGOTIATION},
        ],
    )
    assert {f.code for f in found.findings} == MERGE_CODES
