"""The PA-X export: imported rows come back cell for cell (a table using every code, and generated tables), what a
hand-written record cannot say in PA-X's vocabulary is reported (record, field, why) and never guessed, the
examples export, and the command writes its table whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import tests.test_import_pax as import_tests
from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.cli import app
from peace_talks_model.interop import pax_export
from peace_talks_model.interop.contract import ExportProblem, RowProblem
from peace_talks_model.interop.pax import STATUS, import_pax
from peace_talks_model.interop.pax_export import (
    COLUMNS,
    LOSSY_FIELDS,
    MAPPED_FIELDS,
    PaxIndex,
    export_pax,
    export_pax_files,
)
from peace_talks_model.io import InvalidRecordsError
from peace_talks_model.models import Agreement
from peace_talks_model.models._countries import ISO_3166_1_ALPHA3
from peace_talks_model.models.agreement import PaxAgreementType, PaxStage, PaxSubStage
from peace_talks_model.validation import record_adapter
from tests.conftest import EXAMPLES
from tests.test_import_pax import _WORDING as WORDING
from tests.test_import_pax import COLUMNS as IMPORT_COLUMNS
from tests.test_import_pax import DOHA, INDEX, SUDAN_THIRD_PARTIES, _csv
from tests.test_import_pax import _rows as import_rows

runner = CliRunner()
#: Columns the published table writes as floats ('289.0'); the export writes the whole number ('289').
NUMBER_COLUMNS = ("PP", "AgtId", "Ver", "Lgt", "N_characters", "Loc1GWNO", "Loc2GWNO", "UcdpCon", "UcdpAgr", "PamAgr",
                  "CowWar")  # fmt: skip


def _expected(row: dict[str, str]) -> dict[str, str]:
    """A PA-X row as the export gives it back: every column, '289.0' as '289' (the documented normalisation)."""
    out = {column: (row.get(column) or "").strip() for column in COLUMNS}
    for column in NUMBER_COLUMNS:
        out[column] = re.sub(r"^([0-9]+)\.0+$", r"\1", out[column])
    return out


def _round_trip(rows: Iterable[dict[str, str]]) -> tuple[list[dict[str, str]], list[ExportProblem]]:
    records = []
    for item in import_pax(rows):
        assert not isinstance(item, RowProblem), item
        records.append(item)
    out = list(export_pax(records))
    return [o for o in out if isinstance(o, dict)], [o for o in out if isinstance(o, ExportProblem)]


def _table() -> list[dict[str, str]]:
    """The importer's table (every code of every vocabulary) with one title per process (the importer keeps a
    process's title, conflict, type and region once), and rows for the remaining cases: empty cells everywhere
    they may be empty, a location known only by its GWNO code, several paragraphs of description."""
    rows = [{**row, "PPName": f"Process {row['PP']} — «{row['PP']}»"} for row in import_rows()]
    empty = dict.fromkeys(IMPORT_COLUMNS, "")
    rows.append({**empty, "AgtId": "5000", "Agt": "Nothing else known", "Status": "Status unclear"})
    rows.append({
        **DOHA, "AgtId": "5001.0", "PP": "77", "PPName": "", "Con": "Yemen", "Contp": "", "Reg": "",
        "Loc1ISO": "", "Loc1GWNO": "678.0", "Loc2ISO": "", "Loc2GWNO": "", "UcdpAgr": "12", "PamAgr": "3",
        "CowWar": "4", "Interim": "", "Ver": "", "Lgt": "", "N_characters": "0", "PAX_Hyperlink": "",
        "description": "First paragraph.\n\nSecond; with a semicolon.\n\n\nThird after two blank lines.",
        "ThrdPart": "UN (witness)\nAU", "OthAgr": "", "Status": "Unilateral document",
    })  # fmt: skip
    rows.append({**DOHA, "AgtId": "5002", "PP": "78", "PPName": "P", "Con": "", "Contp": "Territory", "Reg": "Europe",
                 "Status": "Agreement with subsequent status"})  # fmt: skip
    return rows


def test_every_imported_column_comes_back_cell_for_cell() -> None:
    table = _table()
    rows, problems = _round_trip(table)
    assert problems == []
    assert [list(r) for r in rows] == [list(COLUMNS)] * len(table)  # every column, in the table's order
    assert rows == [_expected(r) for r in table]
    # the table did use every code
    for column, codes in (("Stage", PaxStage), ("StageSub", PaxSubStage), ("Agtp", PaxAgreementType)):
        assert {r[column] for r in rows} - {""} == {c.value for c in codes}
    assert {r["Status"] for r in rows} == set(STATUS)


def test_rows_of_one_process_keep_their_own_conflict_type_and_region() -> None:
    # the published table has 529 such rows: each agreement keeps its row's Con/Contp/Reg as pax dataset codes
    first = {**DOHA, "AgtId": "6000", "PP": "90", "PPName": "P", "Con": "Nicaragua", "Contp": "Government",
             "Reg": "Americas"}  # fmt: skip
    second = {**first, "AgtId": "6001", "Con": "Costa Rica/El Salvador/Nicaragua", "Contp": "Government/territory",
              "Reg": "Cross-regional"}  # fmt: skip
    rows, problems = _round_trip([first, second])
    assert problems == []
    assert rows == [_expected(first), _expected(second)]


def test_through_the_command_line_export_then_import_gives_the_same_records(tmp_path: Path) -> None:
    table, records, exported, again = (tmp_path / n for n in ("pax.csv", "records.jsonl", "out.csv", "again.jsonl"))
    table.write_text(_csv(_table()), encoding="utf-8")
    assert runner.invoke(app, ["import", "pax", str(table), "--out", str(records)]).exit_code == 0
    result = runner.invoke(app, ["export", "pax", str(records), "--out", str(exported)])
    assert result.exit_code == 0, result.output
    assert f"{len(_table())} agreement(s) written; 0 with values not written" in result.output
    with exported.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(COLUMNS)
        assert list(reader) == [_expected(r) for r in _table()]
    assert runner.invoke(app, ["import", "pax", str(exported), "--out", str(again)]).exit_code == 0
    assert again.read_bytes() == records.read_bytes()


def test_every_agreement_field_is_either_written_or_reported() -> None:
    assert set(Agreement.model_fields) == MAPPED_FIELDS | set(LOSSY_FIELDS)
    assert not MAPPED_FIELDS & set(LOSSY_FIELDS)


# --- generated tables -------------------------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85") | st.just("\n"),
    min_size=1,
    max_size=40,
).map(str.strip)
_MAYBE_TEXT = st.one_of(st.just(""), _TEXT)
_NUMBER = st.integers(min_value=1, max_value=99_999)


def _written(number: int | None, draw: Any) -> str:
    """A number as the published table writes it, sometimes as a float."""
    if number is None:
        return ""
    return f"{number}.0" if draw(st.booleans()) else str(number)


@st.composite
def _pax_tables(draw: Any) -> list[dict[str, str]]:
    """Tables of 1-6 rows with distinct AgtIds; the rows of one peace process agree on its title, conflict, type
    and region (the importer keeps them once per process); a second location only after a first."""
    agt_ids = draw(st.lists(_NUMBER, min_size=1, max_size=6, unique=True))
    processes: dict[int, dict[str, str]] = {}
    rows = []
    for agt_id in agt_ids:
        process = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=4)))
        row = dict.fromkeys(IMPORT_COLUMNS, "")
        if process is not None:
            if process not in processes:
                name = draw(_MAYBE_TEXT)
                assume(name != f"PA-X peace process {process}")  # the importer's title for a process without one
                context = [draw(_MAYBE_TEXT.filter(lambda t: "; conflict type: " not in t and "; region: " not in t))
                           for _ in range(3)]  # fmt: skip
                processes[process] = dict(zip(("PPName", "Con", "Contp", "Reg"), [name, *context], strict=True))
            row |= {"PP": _written(process, draw), **processes[process]}
        date = draw(st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))))
        locations = []
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            iso = draw(st.one_of(st.just(""), st.sampled_from(sorted(ISO_3166_1_ALPHA3))))
            gwno = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
            assume(iso or gwno is not None)
            locations.append((iso, _written(gwno, draw)))
        for number, (iso, gwno) in enumerate(locations, start=1):
            row |= {f"Loc{number}ISO": iso, f"Loc{number}GWNO": gwno}
        description = draw(_MAYBE_TEXT.filter(lambda t: not t.startswith("PA-X status:")))
        row |= {
            "AgtId": _written(agt_id, draw),
            "Ver": _written(draw(st.one_of(st.none(), st.integers(0, 12))), draw),
            "Agt": draw(_TEXT.filter(bool)),
            "Dat": date.strftime("%d/%m/") + f"{date.year:04d}" if date else "",
            "Status": draw(st.sampled_from(sorted(STATUS))),
            "Lgt": _written(draw(st.one_of(st.none(), st.integers(0, 500))), draw),
            "N_characters": _written(draw(st.one_of(st.none(), st.integers(0, 10**7))), draw),
            "Agtp": draw(st.sampled_from(["", *(c.value for c in PaxAgreementType)])),
            "Stage": draw(st.sampled_from(["", *(c.value for c in PaxStage)])),
            "StageSub": draw(st.sampled_from(["", *(c.value for c in PaxSubStage)])),
            "Part": draw(_MAYBE_TEXT),
            # labelled third parties come back as the importer read them, without a problem
            "ThrdPart": draw(st.one_of(_MAYBE_TEXT, WORDING.map(str.strip))),
            "OthAgr": draw(_MAYBE_TEXT),
            "Interim": draw(st.sampled_from(["", "Yes", "No"])),
            "description": description,
            "PAX_Hyperlink": draw(st.sampled_from(["", f"https://www.peaceagreements.org/agreements/{agt_id}/"])),
            "PDF_Hyperlink": draw(st.sampled_from(["", f"https://www.peaceagreements.org/media/ag{agt_id}.pdf"])),
        }
        for column in ("UcdpCon", "UcdpAgr", "PamAgr"):
            row[column] = _written(draw(st.one_of(st.none(), _NUMBER)), draw)
        row["CowWar"] = _written(draw(st.one_of(st.none(), st.integers(1, 9999))), draw)  # COW numbers: 1-4 digits
        rows.append(row)
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_pax_tables())
def test_generated_tables_come_back_cell_for_cell(table: list[dict[str, str]]) -> None:
    rows, problems = _round_trip(table)
    assert problems == []
    assert rows == [_expected(r) for r in table]


# --- hand-written records ---------------------------------------------------------------------------------------


def _agreement(**fields: Any) -> dict[str, Any]:
    return {
        "record_type": "agreement",
        "id": "agreement:test",
        "schema_version": SCHEMA_VERSION,
        "identifiers": [{"scheme": "pax_agreement", "value": "42"}],
        "name": "Test agreement",
        "status_history": [{"status": "signed", "date": "2001-02-03"}],
        "date": "2001-02-03",
        **fields,
    }


def _record(record_type: str, local: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"record_type": record_type, "id": f"{record_type}:{local}", "schema_version": "1.2"}
    return record | fields


def _export(*records: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The one row, and the problems by field ('field: message')."""
    out = list(export_pax(records))
    rows = [o for o in out if isinstance(o, dict)]
    assert len(rows) == 1
    problems: dict[str, str] = {}
    for o in out:
        if isinstance(o, ExportProblem):
            assert o.record == "agreement:test"
            problems[o.field] = f"{problems[o.field]} | {o.message}" if o.field in problems else o.message
    return rows[0], problems


def test_a_minimal_agreement_with_a_pax_id_exports_without_problems() -> None:
    row, problems = _export(_agreement())
    assert problems == {}
    assert (row["AgtId"], row["Agt"], row["Dat"], row["Status"]) == ("42", "Test agreement", "03/02/2001",
                                                                      "Multiparty signed/agreed")  # fmt: skip
    assert {c for c, v in row.items() if v} == {"AgtId", "Agt", "Dat", "Status"}


@pytest.mark.parametrize(
    ("fields", "column", "cell", "field", "message"),
    [
        ({"identifiers": []}, "AgtId", "", "identifiers", "no pax_agreement identifier"),
        ({"date": "2001-02"}, "Dat", "", "date", "known to the month only"),
        ({"date": "2001"}, "Dat", "", "date", "known to the year only"),
        ({"date": "2001-02-03~"}, "Dat", "", "date", "approximate or uncertain"),
        ({"date": "2001-02-03/2001-02-05"}, "Dat", "", "date", "a range"),
        ({"status_history": [{"status": "drafted"}]}, "Status", "", "status_history", "no PA-X Status"),
        ({"status_history": []}, "Status", "", "status_history", "no PA-X Status"),
        ({"notes": "PA-X status: signed twice"}, "Status", "", "notes", "not a PA-X status"),
        ({"identifiers": [{"scheme": "pax_agreement", "value": "42", "version": "v2"}]}, "Ver", "",
         "identifiers[0].version", "whole number"),
        ({"identifiers": [{"scheme": "pax_agreement", "value": "42"}, {"scheme": "ucdp_conflict", "value": "1"},
                          {"scheme": "ucdp_conflict", "value": "2"}]}, "UcdpCon", "", "identifiers",
         "one UcdpCon"),
        ({"identifiers": [{"scheme": "pax_agreement", "value": "42"}, {"scheme": "wikidata", "value": "Q1"}]},
         "AgtId", "42", "identifiers[1]", "no column for wikidata"),
        ({"conflict_locations": [{"country": "AFG"}, {"country": "PAK"}, {"country": "IRN"}]}, "Loc2ISO", "PAK",
         "conflict_locations[2]", "two conflict locations"),
        ({"conflict_locations": [{"country": "AFG", "identifiers": [{"scheme": "gwno", "value": "700"},
                                                                   {"scheme": "gwno", "value": "701"}]}]},
         "Loc1GWNO", "", "conflict_locations[0].identifiers", "one Loc1GWNO"),
        ({"conflict_locations": [{"name": "Kabul", "country": "AFG"}]}, "Loc1ISO", "AFG", "conflict_locations[0]",
         "location's name"),
        ({"text_source": "source:elsewhere"}, "PDF_Hyperlink", "", "text_source", "not among the inputs"),
        ({"negotiations": ["negotiation:elsewhere"]}, "PPName", "", "negotiations[0]", "not among the inputs"),
        ({"parties": ["actor:unknown"]}, "Part", "", "parties", "not among the inputs"),
        ({"dataset_codes": [{"dataset": "pax", "variable": "GCh", "value": "1"}]}, "AgtId", "42", "dataset_codes[0]",
         "no column"),
        ({"dataset_codes": [{"dataset": "pax", "variable": "AgtId", "value": "43"}]}, "AgtId", "42",
         "dataset_codes[0]", "differs"),
        ({"versions": [{"key": "a", "pages": 1}, {"key": "b", "pages": 2}]}, "Lgt", "", "versions", "several"),
        ({"type": "ceasefire"}, "Stage", "", "type", "Stage/StageSub codes come from pax_stage"),
    ],
)  # fmt: skip
def test_what_pax_cannot_say_is_reported_not_guessed(
    fields: dict[str, Any], column: str, cell: str, field: str, message: str
) -> None:
    row, problems = _export(_agreement(**fields))
    assert row[column] == cell
    assert message in problems[field]


def test_the_status_and_date_of_a_hand_written_agreement() -> None:
    # the date of the signing when the agreement has no date; the later steps are reported
    steps = [{"status": "drafted", "date": "2000"}, {"status": "signed", "date": "2001-02-04"}]
    row, problems = _export(_agreement(date=None, status_history=steps))
    assert (row["Dat"], row["Status"]) == ("04/02/2001", "Multiparty signed/agreed")
    assert "one Status and one Dat" in problems["status_history"]
    # adopted (agreed without signatures) is PA-X's 'signed/agreed'
    row, problems = _export(_agreement(status_history=[{"status": "adopted"}]))
    assert (row["Status"], problems) == ("Multiparty signed/agreed", {})
    # a PA-X status note wins, and is not part of the description
    note = "PA-X status: status unclear\n\nWhat it says."
    row, problems = _export(_agreement(status_history=[], notes=note))
    assert (row["Status"], row["description"], problems) == ("Status unclear", "What it says.", {})


def test_parties_from_the_wording_the_mentions_or_the_actors() -> None:
    actors = [
        _record("actor", "gov", name="Government of X", kind="state"),
        _record("actor", "rebels", name="Rebel Front", kind="armed_group"),
        _record("actor", "envoy", name="A. Envoy", kind="person"),
        _record("actor", "un", name="United Nations", kind="igo"),
    ]
    signatories = [
        {"actor": "actor:envoy", "on_behalf_of": "actor:gov"},
        {"actor": "actor:un", "capacity": "witness", "date": "2001-02-03"},
    ]
    built = _agreement(parties=["actor:gov", "actor:rebels"], mediators=["actor:un"], signatories=signatories)
    row, problems = _export(built, *actors)
    assert row["Part"] == "Government of X; Rebel Front; A. Envoy, for Government of X"
    assert row["ThrdPart"] == "United Nations (mediator); United Nations (witness)"
    assert problems == {"signatories[1]": "PA-X has no column for a signature's date"}
    mentions = [
        {"text": "GoX", "role": "party"},
        {"text": "RF", "role": "party", "actor": "actor:rebels"},
        {"text": "UN", "role": "third_party"},
    ]
    row, problems = _export(_agreement(party_mentions=mentions, parties=["actor:gov"]), *actors)
    assert (row["Part"], row["ThrdPart"]) == ("GoX; RF", "UN")
    assert set(problems) == {"party_mentions[1].actor", "parties"}
    row, problems = _export(_agreement(parties_wording="Signed:\nX\n\nY", party_mentions=mentions), *actors)
    assert (row["Part"], row["ThrdPart"]) == ("Signed:\nX\n\nY", "UN")  # verbatim, line breaks kept


def _problem_fields(records: Iterable[dict[str, Any]]) -> tuple[list[dict[str, str]], list[str]]:
    out = list(export_pax(records))
    return [o for o in out if isinstance(o, dict)], [o.field for o in out if isinstance(o, ExportProblem)]


def test_imported_third_parties_come_back_without_a_new_problem() -> None:
    # import (with actors) -> export -> import: the wording is written verbatim and implies every third party read
    # from it; the only problems are those of the mentions' actors, which PA-X has no column for
    row = {**DOHA, "ThrdPart": SUDAN_THIRD_PARTIES + "\nFacilitated by: Hamas and Fatah; Government of Croatia"}
    records = [r for r in import_pax([row], actors=INDEX) if isinstance(r, dict)]
    third_parties = records[-1]["third_parties"]
    assert [t.get("actor", t.get("description")) for t in third_parties][-4:] == [
        "African Union", "actor:paax-arm-741", "actor:paax-arm-742", "actor:paax-con-1"
    ]  # fmt: skip
    rows, fields = _problem_fields(records)
    assert rows[0]["ThrdPart"] == row["ThrdPart"]
    resolved = [f"party_mentions[{i}].actor" for i, m in enumerate(records[-1]["party_mentions"]) if "actor" in m]
    assert len(resolved) == 4  # United Nations, Hamas, Fatah, Government of Croatia (none in Part)
    assert fields == resolved
    again = [r for r in import_pax(rows, actors=INDEX) if isinstance(r, dict)]
    assert again[-1]["third_parties"] == third_parties


def test_third_parties_written_from_their_actors() -> None:
    actors = [
        _record("actor", "un", name="United Nations", kind="igo"),
        _record("actor", "norway", name="Norway", kind="state"),
    ]
    third_parties = [
        {"actor": "actor:un", "role": "mediator"},  # the same text as the mediator: written once
        {"actor": "actor:norway", "role": "facilitator", "role_wording": "Facilitator"},  # the role's own name
        {"description": "officials of the host government", "role": "host"},
        {"actor": "actor:un", "role": "witness", "role_wording": "co-witness", "lead": "actor:norway",
         "evidence": [{"source": "source:text", "quote": "witnessed by the UN"}]},
        {"actor": "actor:elsewhere", "role": "observer"},
        {"actor": "actor:norway", "description": "the Norwegian envoy", "role": "guarantor"},
    ]  # fmt: skip
    signatories = [{"actor": "actor:un", "capacity": "guarantor"}]
    built = _agreement(mediators=["actor:un"], third_parties=third_parties, signatories=signatories)
    row, problems = _export(built, *actors)
    assert row["ThrdPart"] == (
        "United Nations (mediator); Norway (facilitator); officials of the host government (host); "
        "United Nations (witness); Norway (guarantor); United Nations (guarantor)"
    )
    assert problems == {
        "third_parties[3]": "PA-X has no column for a third party's role_wording, lead, evidence (ThrdPart writes "
        "its role, 'witness')",
        "third_parties[4].actor": "the actor record is not among the inputs: its name cannot be written",
        "third_parties[5]": "PA-X has no column for a third party's description",
    }


def test_third_parties_and_a_wording_the_wording_wins() -> None:
    actors = [_record("actor", "un", name="United Nations", kind="igo")]
    wording = "Witnessed by: United Nations; Government of Kenya\nMediated by: IGAD"
    third_parties = [
        {"actor": "actor:un", "role": "witness"},  # implied: the wording names the actor under a witness label
        {"description": "government of  Kenya", "role": "witness", "role_wording": "Witnessed by"},  # implied
        {"description": "IGAD", "role": "mediator", "evidence": [{"source": "source:text", "quote": "IGAD"}]},
        {"description": "African Union", "role": "guarantor"},  # not in the wording
        {"actor": "actor:un", "role": "mediator"},  # in the wording, but not as a mediator
        {"description": "IGAD", "role": "mediator", "role_wording": "Mediators"},  # labelled otherwise
    ]
    built = _agreement(third_parties_wording=wording, third_parties=third_parties, mediators=["actor:un"])
    row, problems = _export(built, *actors)
    assert row["ThrdPart"] == wording
    not_written = "not written: ThrdPart is written from third_parties_wording"
    assert problems == {
        "mediators": not_written,  # as before third parties
        "third_parties[2]": "PA-X has no column for a third party's evidence",
        "third_parties[3]": not_written,
        "third_parties[4]": not_written,
        "third_parties[5]": not_written,
    }
    # without the actor among the inputs, nothing says the wording's 'United Nations' is that actor
    row, problems = _export(_agreement(third_parties_wording=wording, third_parties=third_parties[:1]))
    assert problems == {"third_parties[0]": not_written}
    # the mentions carry no labels: third parties are not written from them
    mentions = [{"text": "United Nations", "role": "third_party", "actor": "actor:un"}]
    row, problems = _export(_agreement(party_mentions=mentions, third_parties=third_parties[:1]), *actors)
    assert row["ThrdPart"] == "United Nations"
    assert problems["third_parties[0]"] == "not written: ThrdPart is written from party_mentions"


def test_the_peace_process_is_the_outermost_track() -> None:
    track = _record("negotiation", "track", kind="track", title="The process")
    round_ = _record("negotiation", "round-1", kind="round", part_of="negotiation:track")
    meeting = _record("negotiation", "meeting", kind="meeting")
    other = _record("negotiation", "other", kind="track", title="Another process")
    row, problems = _export(_agreement(negotiations=["negotiation:round-1", "negotiation:track"]), track, round_)
    assert (row["PP"], row["PPName"], problems) == ("", "The process", {})
    row, problems = _export(_agreement(negotiations=["negotiation:meeting"]), meeting)
    assert row["PPName"] == ""
    assert "not a track" in problems["negotiations[0]"]
    row, problems = _export(_agreement(negotiations=["negotiation:round-1", "negotiation:other"]), track, round_, other)
    assert row["PPName"] == ""
    assert "several" in problems["negotiations"]


def test_pax_codes_on_the_agreement_come_before_its_process() -> None:
    process = _record("negotiation", "pax-pp-7", kind="track", title="P", notes="PA-X conflict: A; region: Europe")
    codes = [{"dataset": "pax", "variable": "Con", "value": "B"}, {"dataset": "pax", "variable": "Contp",
                                                                   "value": "Territory"}]  # fmt: skip
    row, problems = _export(_agreement(negotiations=["negotiation:pax-pp-7"], dataset_codes=codes), process)
    assert (row["PP"], row["PPName"], row["Con"], row["Contp"], row["Reg"]) == ("7", "P", "B", "Territory", "Europe")
    assert problems == {}


def test_an_agreement_id_written_twice_is_reported() -> None:
    out = list(export_pax([_agreement(), _agreement(id="agreement:test-2")]))
    problems = [o for o in out if isinstance(o, ExportProblem)]
    assert [(p.record, p.field) for p in problems] == [("agreement:test-2", "identifiers")]
    assert "already written for agreement:test" in problems[0].message
    assert [o["AgtId"] for o in out if isinstance(o, dict)] == ["42", "42"]


def test_an_invalid_record_is_not_exported() -> None:
    with pytest.raises(InvalidRecordsError, match="agreement:test"):
        list(export_pax([_agreement(date="not a date")]))


# --- the examples -----------------------------------------------------------------------------------------------


def test_the_examples_export_and_what_they_cannot_say_is_reported() -> None:
    agreements = []
    for path in sorted((EXAMPLES / "valid").rglob("agreements.json")):
        agreements += [Agreement.model_validate(r) for r in json.loads(path.read_text(encoding="utf-8"))]
    out = list(export_pax_files([EXAMPLES / "valid"]))
    rows = [o for o in out if isinstance(o, dict)]
    problems = [o for o in out if isinstance(o, ExportProblem)]
    assert [r["Agt"] for r in rows] == [a.name for a in agreements]
    reported = {(p.record, p.field) for p in problems}
    for agreement, row in zip(agreements, rows, strict=True):
        # nothing of what PA-X has no column for is dropped silently
        for name in LOSSY_FIELDS:
            if getattr(agreement, name) not in (None, []):
                assert (agreement.id, name) in reported
        pax_ids = [i.value for i in agreement.identifiers if i.scheme.value == "pax_agreement"]
        assert row["AgtId"] == (pax_ids[0] if pax_ids else "")
        assert bool(pax_ids) != ((agreement.id, "identifiers") in reported)
        # a written date is one day, read back as the record's
        if row["Dat"]:
            assert dt.datetime.strptime(row["Dat"], "%d/%m/%Y").date().isoformat() in {
                d.edtf for d in (agreement.date, *(s.date for s in agreement.status_history)) if d
            }
        elif agreement.date is not None:  # a date that could not be written
            assert any(p.record == agreement.id and p.field.endswith("date") for p in problems)
        # (no date at all, as the Bergdahl exchange's secret MoU: an empty Dat loses nothing and is not reported)


# --- the command ------------------------------------------------------------------------------------------------


def _jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_reports_what_is_not_written_and_exits_1(tmp_path: Path) -> None:
    records = _jsonl(tmp_path / "r.jsonl", [_agreement(date="2001")])
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", "pax", str(records), "--out", str(out)])
    assert result.exit_code == 1
    assert (
        "agreement:test: date = '2001': PA-X's Dat is one exact day (DD/MM/YYYY); this date is known to the year"
        in result.output
    )
    assert "1 agreement(s) written; 1 with values not written" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["AgtId"], r["Dat"]) for r in rows] == [("42", "")]


def test_cli_writes_nothing_for_an_invalid_input(tmp_path: Path) -> None:
    good = _jsonl(tmp_path / "a.jsonl", [_agreement()])
    bad = _jsonl(tmp_path / "b.jsonl", [_agreement(id="agreement:two"), {**_agreement(), "id": "Not An Id"}])
    out = tmp_path / "out.csv"
    out.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["export", "pax", str(good), str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert f"nothing exported: {bad}:2: not a valid record" in result.output
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "b.jsonl", "out.csv"]  # no temporary left


def test_cli_exit_3_for_a_missing_input_or_an_unwritable_output(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", "pax", str(tmp_path / "missing.jsonl"), "--out", str(out)])
    assert result.exit_code == 3
    assert "No such file or directory" in result.output
    assert not out.exists()
    records = _jsonl(tmp_path / "r.jsonl", [_agreement()])
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["export", "pax", str(records), "--out", str(tmp_path / "file" / "out.csv")])
    assert result.exit_code == 3
    assert "cannot export" in result.output


def test_cli_output_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = _jsonl(tmp_path / "r.jsonl", [_agreement()])
    out = tmp_path / "out.csv"
    assert runner.invoke(app, ["export", "pax", str(records), "--out", str(out)]).exit_code == 0
    before = out.read_bytes()

    def failing(paths: Iterable[str]) -> Iterator[dict[str, str] | ExportProblem]:
        yield from export_pax([_agreement(id="agreement:other", identifiers=[])])
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(pax_export, "export_pax_files", failing)
    result = runner.invoke(app, ["export", "pax", str(records), "--out", str(out)])
    assert result.exit_code == 3
    assert "Input/output error" in result.output
    assert out.read_bytes() == before  # the old output is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "r.jsonl"]


def test_an_index_lets_the_records_stream() -> None:
    process = _record("negotiation", "pax-pp-3", kind="track", title="Doha")
    index = PaxIndex.build([Agreement.model_validate(_agreement()), *_validated([process])])
    assert list(index.negotiations) == ["negotiation:pax-pp-3"]

    def once() -> Iterator[dict[str, Any]]:  # a generator can be read once only: the index must suffice
        yield _agreement(negotiations=["negotiation:pax-pp-3"])

    rows = [o for o in export_pax(once(), index) if isinstance(o, dict)]
    assert (rows[0]["PP"], rows[0]["PPName"]) == ("3", "Doha")


def _validated(records: list[dict[str, Any]]) -> list[Any]:
    return [record_adapter().validate_python(r) for r in records]


# --- conflicts (UcdpCon) ----------------------------------------------------------------------------------------


def test_imported_conflicts_come_back_as_ucdpcon_with_no_problem(tmp_path: Path) -> None:
    table_rows = import_tests.CONFLICT_ROWS
    rows, problems = _round_trip(table_rows)
    assert problems == []
    # the ids in the cell's order, whole numbers without a fraction, several joined by ', '
    cells = ["309, 11346", "309", "11346, 309", ""]
    assert [r["UcdpCon"] for r in rows] == cells
    assert rows == [{**_expected(r), "UcdpCon": cell} for r, cell in zip(table_rows, cells, strict=True)]
    # through the command line: nothing reported, and the exported table imports to the same records
    table, records, exported, again = (tmp_path / n for n in ("pax.csv", "records.jsonl", "out.csv", "again.jsonl"))
    table.write_text(_csv(table_rows), encoding="utf-8")
    assert runner.invoke(app, ["import", "pax", str(table), "--out", str(records)]).exit_code == 0
    result = runner.invoke(app, ["export", "pax", str(records), "--out", str(exported)])
    assert result.exit_code == 0, result.output
    assert "4 agreement(s) written; 0 with values not written" in result.output
    assert runner.invoke(app, ["import", "pax", str(exported), "--out", str(again)]).exit_code == 0
    assert again.read_bytes() == records.read_bytes()


def _conflict(local: str, *ucdp: str) -> dict[str, Any]:
    identifiers = [{"scheme": "ucdp_conflict", "value": u} for u in ucdp]
    return _record("conflict", local, schema_version=SCHEMA_VERSION, name=f"Conflict {local}", identifiers=identifiers)


def test_ucdpcon_is_written_from_the_conflicts_ucdp_ids() -> None:
    sudan, south = _conflict("sudan", "309"), _conflict("south-sudan", "11346")
    row, problems = _export(_agreement(conflicts=["conflict:sudan", "conflict:south-sudan"]), sudan, south)
    assert (row["UcdpCon"], problems) == ("309, 11346", {})
    # an identifier of the agreement (how imports before 1.5 kept the id) that says the same is not reported
    legacy = [{"scheme": "pax_agreement", "value": "42"}, {"scheme": "ucdp_conflict", "value": "309"}]
    row, problems = _export(_agreement(identifiers=legacy, conflicts=["conflict:sudan"]), sudan)
    assert (row["UcdpCon"], problems) == ("309", {})
    # without conflicts, the identifier is written as before
    row, problems = _export(_agreement(identifiers=legacy))
    assert (row["UcdpCon"], problems) == ("309", {})


@pytest.mark.parametrize(
    ("conflicts", "identifiers", "cell", "field", "message"),
    [
        (["conflict:elsewhere"], [], "", "conflicts[0]", "not among the inputs"),
        (["conflict:sudan", "conflict:elsewhere"], [], "309", "conflicts[1]", "not among the inputs"),
        (["conflict:no-id"], [], "", "conflicts[0]", "no UCDP id"),
        (["conflict:two-ids", "conflict:sudan"], [], "309", "conflicts[0]", "2 UCDP ids (1, 2)"),
        (["conflict:sudan"], [{"scheme": "ucdp_conflict", "value": "333"}], "309", "identifiers[1]",
         "UCDP ids do not include it"),
    ],
)  # fmt: skip
def test_what_ucdpcon_cannot_say_is_reported(
    conflicts: list[str], identifiers: list[dict[str, str]], cell: str, field: str, message: str
) -> None:
    inputs = [_conflict("sudan", "309"), _conflict("no-id"), _conflict("two-ids", "1", "2")]
    pax_id = {"scheme": "pax_agreement", "value": "42"}
    row, problems = _export(_agreement(conflicts=conflicts, identifiers=[pax_id, *identifiers]), *inputs)
    assert row["UcdpCon"] == cell
    assert list(problems) == [field]
    assert message in problems[field]
