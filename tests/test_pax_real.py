"""PA-X on real rows: the committed slice of the published table (tests/data/pax/README.md) is imported with the
real PAA-X actors, each status path is taken by real rows, and the import -> export round trip reproduces every
mapped cell and exits 0."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from peace_talks_model import validate_paths
from peace_talks_model.cli import app
from peace_talks_model.interop.pax import STATUS_PATHS, status_path
from peace_talks_model.interop.pax_export import COLUMNS
from tests.conftest import ROOT

runner = CliRunner()
DATA = ROOT / "tests" / "data" / "pax"
SLICE = DATA / "pax-slice.csv"
ACTORS = DATA / "paax-actors.csv"
#: Columns the published table writes as floats ('289.0'); the export writes the whole number ('289').
NUMBER_COLUMNS = ("PP", "AgtId", "Ver", "Lgt", "N_characters", "Loc1GWNO", "Loc2GWNO", "UcdpCon", "UcdpAgr", "PamAgr",
                  "CowWar")  # fmt: skip


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def as_exported(value: str, column: str) -> str:
    """A cell of the table as a round trip gives it back (docs/import/pax.md, "Round trips"): ids as whole numbers
    ('289.0' -> '289'; '333.0, 289.0' -> '333, 289'), without the surrounding white space and byte-order marks
    the importer trims."""
    value = value.strip().lstrip("\ufeff").strip()
    if column in NUMBER_COLUMNS:
        value = re.sub(r"\b([0-9]+)\.0+\b", r"\1", value)
    return value


def cell_differences(original: list[dict[str, str]], exported: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    """(AgtId, column, table's cell, exported cell) for every mapped cell that differs."""
    back = {row["AgtId"]: row for row in exported}
    found = []
    for row in original:
        agt_id = as_exported(row["AgtId"], "AgtId")
        other = back.get(agt_id, {})
        for column in COLUMNS:
            want, got = as_exported(row.get(column) or "", column), other.get(column, "<no row>")
            if want != got:
                found.append((agt_id, column, want, got))
    return found


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The slice imported with the PAA-X actors: paths of the files and the CLI outputs."""
    out = tmp_path_factory.mktemp("pax")
    actors, records = out / "paax.jsonl", out / "pax.jsonl"
    done_actors = runner.invoke(app, ["import", "paax", str(ACTORS), "--out", str(actors)])
    assert done_actors.exit_code == 0, done_actors.output
    done = runner.invoke(app, ["import", "pax", str(SLICE), "--actors", str(actors), "--out", str(records)])
    rows = [json.loads(line) for line in records.read_text(encoding="utf-8").split("\n") if line]
    agreements = {r["identifiers"][0]["value"]: r for r in rows if r["record_type"] == "agreement"}
    return {"dir": out, "actors": actors, "records": records, "output": done.output, "exit": done.exit_code,
            "agreements": agreements}  # fmt: skip


def test_the_slice_imports_whole_and_validates_with_the_actors(imported: dict[str, Any]) -> None:
    assert imported["exit"] == 0, imported["output"]
    assert len(imported["agreements"]) == len(read_table(SLICE)) == 66
    report = validate_paths([imported["records"], imported["actors"]])
    assert report.ok, [str(f) for f in report.findings][:5]
    assert report.warnings == 0


def test_each_status_path_is_taken_by_real_rows_and_counted(imported: dict[str, Any]) -> None:
    rows = read_table(SLICE)
    paths = Counter(status_path(row).path for row in rows)
    assert set(paths) == set(STATUS_PATHS)
    counted = ", ".join(f"{p} {n}" for p, n in sorted(paths.items(), key=lambda item: (-item[1], item[0])))
    assert f"status read from: {counted}" in imported["output"]
    agreements = imported["agreements"]

    def first_step(agt_id: str) -> dict[str, Any]:
        step: dict[str, Any] = agreements[agt_id]["status_history"][0]
        return step

    # the Good Friday Agreement: "Agreement not signed, but parties understood to be APNI, NIWC, ..."
    gfa = first_step("556")
    assert gfa["status"] == "adopted"
    assert gfa["evidence"][0]["quote"].startswith("Agreement not signed, but parties understood to be APNI")
    assert agreements["556"]["notes"].startswith("PA-X status: multiparty signed/agreed")
    # "Note: Document has not been signed, although ..." further down the wording
    assert first_step("316")["status"] == "adopted"
    # initialled, not signed
    assert first_step("999")["status"] == first_step("2022")["status"] == "initialled"
    # "Copy of agreement unsigned, believed to have been initialled by ..."
    assert first_step("2025")["status"] == "initialled"
    # "Agreed by the following participants from Bosnia and Herzegovina:"
    assert first_step("2447") == {
        "status": "adopted",
        "date": agreements["2447"]["date"],
        "reason": f"PA-X: {STATUS_PATHS['agreed']}",
        "evidence": [{"source": "source:pax-table", "quote": "Agreed by the following participants from Bosnia and "
                      "Herzegovina"}],
    }  # fmt: skip
    # one signatory's "[unsigned]" says nothing of the text: signed, as the table says
    assert first_step("18") == {"status": "signed", "date": agreements["18"]["date"]}
    # an agreement with subsequent status whose wording says unsigned: adopted, the status kept in the note
    assert first_step("1431")["status"] == "adopted"
    assert agreements["1431"]["notes"].startswith("PA-X status: agreement with subsequent status")
    # a unilateral document and an unclear one: as the table says
    unilateral = next(r["AgtId"] for r in rows if r["Status"] == "Unilateral document")
    assert first_step(unilateral) == {"status": "adopted", "date": agreements[unilateral]["date"]}
    unclear = next(r["AgtId"] for r in rows if r["Status"] == "Status unclear")
    assert "status_history" not in agreements[unclear]
    # every quote is verbatim in the parties' wording
    for agreement in agreements.values():
        for step in agreement.get("status_history", []):
            for evidence in step.get("evidence", []):
                assert evidence["quote"] in agreement["parties_wording"]


def test_import_then_export_gives_back_every_mapped_cell_and_exits_0(imported: dict[str, Any]) -> None:
    back = imported["dir"] / "back.csv"
    done = runner.invoke(app, ["export", "pax", str(imported["records"]), str(imported["actors"]), "--out", str(back)])
    assert done.exit_code == 0, done.output
    links = sum(len([m for m in a.get("party_mentions", []) if "actor" in m]) for a in imported["agreements"].values())
    assert links > 10  # the links the importer made: knowingly left out, counted, not listed
    assert done.output.strip().endswith(
        f"66 agreement(s) written; 0 with values not written; {links:,} actor link(s) of written names left out "
        "(PA-X has no column; 'peace-talks import pax --actors' links them again)"
    )
    assert cell_differences(read_table(SLICE), read_table(back)) == []


def test_the_comparison_sees_a_changed_cell() -> None:
    table = read_table(SLICE)
    changed = [dict(row) for row in table]
    changed[3]["Dat"] = "01/01/1900"
    changed[5]["Loc1GWNO"] = "2"
    changed = [{c: as_exported(r.get(c) or "", c) for c in COLUMNS} for r in changed]
    found = cell_differences(table, changed)
    expected = [("Dat", as_exported(table[3]["Dat"], "Dat"))]
    expected.append(("Loc1GWNO", as_exported(table[5]["Loc1GWNO"], "Loc1GWNO")))
    assert [(c, w) for _, c, w, _ in found] == expected
