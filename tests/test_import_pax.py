"""The PA-X importer: every column and every code of its vocabularies, awkward values, problems reported per row,
output valid against the models and the published schema, and written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from peace_talks_model import validate_paths
from peace_talks_model.cli import app
from peace_talks_model.interop import pax
from peace_talks_model.interop.pax import STATUS, RowProblem, import_pax
from peace_talks_model.models.agreement import PaxAgreementType, PaxStage, PaxSubStage
from peace_talks_model.schema_export import published

runner = CliRunner()
COLUMNS = [
    "Con", "Contp", "PP", "PPName", "Reg", "AgtId", "Ver", "Agt", "Dat", "Status", "Lgt", "N_characters", "Agtp",
    "Stage", "StageSub", "Part", "ThrdPart", "OthAgr", "Loc1ISO", "Loc2ISO", "Loc1GWNO", "Loc2GWNO", "UcdpCon",
    "UcdpAgr", "PamAgr", "CowWar", "Interim", "description", "PAX_Hyperlink", "PDF_Hyperlink",
]  # fmt: skip
DOHA = {
    "Con": "Afghanistan",
    "Contp": "Government",
    "PP": "3.0",
    "PPName": "Afghanistan: 2000s Post-intervention process",
    "Reg": "Asia and Pacific",
    "AgtId": "2271",
    "Ver": "10",
    "Agt": "Agreement for Bringing Peace to Afghanistan between the Islamic Emirate of Afghanistan ...",
    "Dat": "29/02/2020",
    "Status": "Multiparty signed/agreed",
    "Lgt": "4",
    "N_characters": "9102",
    "Agtp": "InterIntra",
    "Stage": "SubPar",
    "StageSub": "MultIss",
    "Part": "Signed:\nZalmay Khalilzad, U.S. Special Representative\n\nMullah Abdul Ghani Baradar, Political Deputy",
    "ThrdPart": "",
    "OthAgr": "Page 1, Part One / ... the Doha Roadmap",
    "Loc1ISO": "AFG",
    "Loc2ISO": "USA",
    "Loc1GWNO": "700.0",
    "Loc2GWNO": "2.0",
    "UcdpCon": "333.0",
    "UcdpAgr": "",
    "PamAgr": "",
    "CowWar": "",
    "Interim": "No",
    "description": "The agreement provides for the withdrawal of all foreign forces within 14 months.",
    "PAX_Hyperlink": "https://www.peaceagreements.org/viewmasterdocument/2271",
    "PDF_Hyperlink": "https://www.peaceagreements.org/masterdocument/2271",
}


def _rows() -> list[dict[str, str]]:
    """The Doha row, then rows that together use every code of every vocabulary, and awkward values."""
    rows = [DOHA]
    stages, substages, types, statuses = list(PaxStage), list(PaxSubStage), list(PaxAgreementType), list(STATUS)
    for index in range(max(len(stages), len(substages), len(types), len(statuses))):
        rows.append({
            **DOHA,
            "AgtId": str(3000 + index),
            "PP": str(10 + index % 3),
            "PPName": "Processus de paix au Mali — Accord d’Alger" if index % 2 else "Колумбия",
            "Agt": f"Acuerdo n.º {index} sobre la Participación" if index % 2 else f"Соглашение {index}",
            "Stage": stages[index % len(stages)].value,
            "StageSub": substages[index % len(substages)].value,
            "Agtp": types[index % len(types)].value,
            "Status": statuses[index % len(statuses)],
            "Dat": "" if index == 5 else "01/12/1999",
            "Loc2ISO": "",
            "Loc2GWNO": "",
            "UcdpCon": "" if index % 2 else "289",
            "UcdpAgr": "1113.0" if index == 1 else "",
            "PamAgr": "34.0" if index == 2 else "",
            "CowWar": "856.0" if index == 3 else "",
            "Interim": "Yes" if index % 4 == 0 else "No",
            "Part": "" if index == 7 else DOHA["Part"],
            "ThrdPart": "Royal Government of Norway" if index == 8 else "",
            "description": "",
        })  # fmt: skip
    return rows


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def test_the_doha_row_maps_every_column() -> None:
    records = [r for r in import_pax([DOHA]) if not isinstance(r, RowProblem)]
    by_type = {r["record_type"]: r for r in records if r["id"] != pax.TABLE_SOURCE}
    agreement = by_type["agreement"]
    assert agreement["id"] == "agreement:pax-2271"
    assert agreement["identifiers"] == [
        {"scheme": "pax_agreement", "value": "2271", "version": "10", "url": DOHA["PAX_Hyperlink"]},
        {"scheme": "ucdp_conflict", "value": "333"},
    ]
    assert agreement["name"] == DOHA["Agt"]
    assert agreement["date"] == "2020-02-29"
    assert agreement["status_history"] == [{"status": "signed", "date": "2020-02-29"}]
    assert (agreement["pax_stage"], agreement["pax_substage"], agreement["pax_agreement_type"]) == (
        "SubPar",
        "MultIss",
        "InterIntra",
    )
    assert agreement["interim"] is False
    assert agreement["parties_wording"] == DOHA["Part"]  # verbatim, line breaks kept
    assert agreement["references_wording"] == [DOHA["OthAgr"]]
    assert agreement["conflict_locations"] == [
        {"country": "AFG", "identifiers": [{"scheme": "gwno", "value": "700"}]},
        {"country": "USA", "identifiers": [{"scheme": "gwno", "value": "2"}]},
    ]
    assert agreement["versions"] == [
        {"key": "pax-v10", "text_source": "source:pax-2271", "pages": 4, "characters": 9102}
    ]
    assert agreement["notes"] == DOHA["description"]
    assert agreement["negotiations"] == ["negotiation:pax-pp-3"]
    assert by_type["source"] == {
        "record_type": "source",
        "id": "source:pax-2271",
        "schema_version": agreement["schema_version"],
        "kind": "agreement_text",
        "title": DOHA["Agt"],
        "url": DOHA["PDF_Hyperlink"],
    }
    process = by_type["negotiation"]
    assert process["title"] == DOHA["PPName"]
    assert process["notes"] == "PA-X conflict: Afghanistan; conflict type: Government; region: Asia and Pacific"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Dat", "2020-02-29", "DD/MM/YYYY"),
        ("Dat", "31/02/2020", "DD/MM/YYYY"),
        ("Stage", "Other stage", "not a code"),
        ("StageSub", "Multiple issues", "not a code"),
        ("Agtp", "Interstate", "not a code"),
        ("Status", "Signed", "not a PA-X status"),
        ("UcdpCon", "333.5", "whole"),
        ("Loc1GWNO", "seven hundred", "not a number"),
        ("Interim", "Maybe", "'Yes' or 'No'"),
        ("AgtId", "", "missing"),
        ("Agt", "  ", "missing"),
    ],
)
def test_a_row_that_cannot_be_mapped_is_reported_not_guessed(column: str, value: str, message: str) -> None:
    out = list(import_pax([DOHA, {**DOHA, "AgtId": "9", column: value}, {**DOHA, "AgtId": "10"}]))
    problems = [o for o in out if isinstance(o, RowProblem)]
    assert [(p.row, p.column, p.value) for p in problems] == [(3, column, value.strip())]
    assert message in problems[0].message
    agreements = [o["id"] for o in out if isinstance(o, dict) and o["record_type"] == "agreement"]
    assert agreements == ["agreement:pax-2271", "agreement:pax-10"]  # the rows around it are imported


def test_imported_records_are_valid_for_the_models_and_the_schema(tmp_path: Path) -> None:
    table = tmp_path / "pax.csv"
    table.write_text(_csv(_rows()), encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "pax", str(table), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    types = [r["record_type"] for r in records]
    assert types.count("agreement") == len(_rows())
    assert types.count("negotiation") == 4  # one per peace process, written once
    report = validate_paths([out])
    assert report.findings == []
    assert report.valid_records == len(records)
    validator = Draft202012Validator(
        published("record.schema.json"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert all(not list(validator.iter_errors(r)) for r in records)
    # every code of every vocabulary went through
    agreements = [r for r in records if r["record_type"] == "agreement"]
    assert {r["pax_stage"] for r in agreements} == {s.value for s in PaxStage}
    assert {r["pax_substage"] for r in agreements} == {s.value for s in PaxSubStage}
    assert {r["pax_agreement_type"] for r in agreements} == {s.value for s in PaxAgreementType}


def test_cli_reports_rows_left_out_and_never_writes_a_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "pax.csv"
    table.write_text(_csv([DOHA, {**DOHA, "AgtId": "7", "Stage": "Nope"}]), encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "pax", str(table), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{table}:3: row 3, column Stage = 'Nope'" in result.output
    assert out.exists()
    before = out.read_bytes()

    def failing(path: Path) -> Any:
        yield from import_pax([DOHA])
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(pax, "import_pax_file", failing)
    result = runner.invoke(app, ["import", "pax", str(table), "--out", str(out)])
    assert result.exit_code == 3
    assert "Input/output error" in result.output
    assert out.read_bytes() == before  # the old output is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pax.csv", "records.jsonl"]  # no temporary left


def test_not_a_pax_table(tmp_path: Path) -> None:
    table = tmp_path / "other.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "pax", str(table), "--out", str(out)])
    assert result.exit_code == 3
    assert "is this a PA-X table?" in result.output
    assert not out.exists()
