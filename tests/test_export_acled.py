"""`export acled`: every record type mapped as docs/export/acled.md says, the date-precision table, actor columns and
inter codes, the valid examples exported with the records left out listed, exit codes, and nothing written on
invalid input."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.cli import app
from peace_talks_model.interop.acled import (
    ACLED_TYPES,
    COLUMNS,
    DateNotExpressibleError,
    NameDirectory,
    acled_rows,
    code_date,
    export_acled,
)
from peace_talks_model.interop.contract import ExportProblem
from peace_talks_model.io import read_records
from peace_talks_model.models import Event, FuzzyDate
from tests import strategies
from tests.conftest import EXAMPLES

runner = CliRunner()
V = "1.2"

ACTORS: list[dict[str, Any]] = [
    {"name": "Afghan government", "kind": "state_body", "country": "AFG"},
    {"name": "Taliban", "kind": "armed_group", "identifiers": [{"scheme": "acled_actor", "value": "Taliban"}]},
    {"name": "United States", "kind": "state", "country": "USA"},
    {"name": "Zalmay Khalilzad", "kind": "person", "country": "USA"},
    {"name": "UNAMA", "kind": "mission"},
    {"name": "ICRC", "kind": "ngo"},
    {"name": "Hamas", "kind": "political_party", "other_kinds": ["armed_group"]},
    {"name": "Arbakai", "kind": "group", "dataset_codes": [{"dataset": "acled", "variable": "inter1", "value": "4"}]},
    {"name": "Civilians", "kind": "group"},
    {"name": "Pajhwok", "kind": "media"},
]


def _slug(name: str) -> str:
    return "actor:" + "-".join(name.lower().split())


def _records() -> list[dict[str, Any]]:
    """A self-written record set that uses every mapping rule once."""

    def record(record_type: str, local: str, **fields: Any) -> dict[str, Any]:
        return {"record_type": record_type, "id": f"{record_type}:{local}", "schema_version": V, **fields}

    actors = [record("actor", _slug(a["name"]).removeprefix("actor:"), **a) for a in ACTORS]
    sources = [
        record("source", "ap-1", publisher_name="Associated Press"),
        record("source", "pajhwok-1", publisher=_slug("Pajhwok")),
        record("source", "anonymous-blog"),
    ]
    evidence = [
        {"source": "source:ap-1", "quote": "signed"},
        {"source": "source:pajhwok-1", "quote": "signed"},
        {"source": "source:ap-1", "quote": "again"},
    ]
    taliban, government, usa = _slug("Taliban"), _slug("Afghan government"), _slug("United States")
    return [
        *actors,
        *sources,
        record(
            "agreement",
            "doha",
            name="Doha agreement",
            date="2020-02-29",
            parties=[usa, taliban, government],
            mediators=[_slug("Zalmay Khalilzad")],
            place={"name": "Doha", "country": "QAT", "latitude": 25.29, "longitude": 51.53},
            conflict_locations=[{"country": "AFG"}],
            status_history=[{"status": "signed", "date": "2020-02-29"}],
            evidence=evidence,
            dataset_codes=[{"dataset": "acled", "variable": "event_id_cnty", "value": "AFG99999"}],
        ),
        record("agreement", "draft", name="A draft", date="2019-09", status_history=[{"status": "drafted"}]),
        record("agreement", "year-only", name="Year only", date="2014", parties=[government, taliban]),
        record(
            "ceasefire",
            "eid",
            title="Eid cease-fire",
            declarations=[
                {"declarer": government, "declared": "2018-06-07", "effective": "2018-06-12"},
                {"declarer": taliban, "declared": "2018-06-09", "side": "insurgents"},
                {"declarer": _slug("Hamas"), "declared": "2018-06-09", "side": "insurgents"},
                {"declarer": usa},
            ],
            scope={"extent": "national", "places": [{"name": "Afghanistan", "country": "AFG", "precision": "country"}]},
        ),
        record(
            "ceasefire",
            "agreed-only",
            status_history=[{"status": "agreed", "date": {"edtf": "2019-09", "part": "early"}}],
        ),
        record(
            "prisoner_swap",
            "swap",
            title="Professors for commanders",
            date="2019-11-19",
            sides=[
                {"key": "a", "releaser": taliban, "receiver": usa},
                {"key": "b", "releaser": government, "receiver": taliban},
            ],
            place={"name": "Zabul", "admin1": "Zabul", "country": "AFG", "precision": "admin1"},
        ),
        record(
            "event",
            "clash",
            kind="fighting",
            date="2019-09-02/2019-09-08",
            place={"name": "Kunduz", "country": "AFG"},
            actors=[
                {"actor": taliban, "role": "perpetrator"},
                {"actor": government, "role": "target"},
                {"actor": taliban, "role": "claimed_responsibility"},
            ],
            casualties=[
                {"type": "killed", "count": 12, "group": "soldiers"},
                {"type": "killed", "count": {"value": 20, "qualifier": "about"}, "group": "soldiers"},
                {"type": "killed", "count": {"qualifier": "several"}, "group": "civilians"},
                {"type": "injured", "count": 40, "group": "civilians"},
            ],
        ),
        record(
            "event",
            "strike",
            kind="airstrike",
            date="2019-12-07",
            place={"name": "Helmand", "country": "AFG"},
            actors=[{"actor": usa, "role": "perpetrator"}, {"actor": taliban, "role": "target"}],
        ),
        record("event", "arrest", kind="arrest", date="2019-10", actors=[{"actor": government, "role": "perpetrator"}]),
        record(
            "event",
            "coded",
            kind="attack",
            date="2019-10-01",
            actors=[
                {"actor": _slug("Arbakai"), "role": "perpetrator"},
                {"actor": _slug("Civilians"), "role": "victim"},
            ],
            dataset_codes=[
                {"dataset": "acled", "variable": "event_type", "value": "Violence against civilians"},
                {"dataset": "acled", "variable": "sub_event_type", "value": "Attack"},
            ],
        ),
        record(
            "event",
            "badly-coded",
            kind="attack",
            date="2019-10-01",
            dataset_codes=[
                {"dataset": "acled", "variable": "event_type", "value": "Battles"},
                {"dataset": "acled", "variable": "sub_event_type", "value": "Attack"},
            ],
        ),
        record("event", "ambiguous", kind="bombing", date="2019-09-05"),
        record("event", "visit", kind="visit", date="2019-11-28"),
        record("event", "season", kind="fighting", date="2019-21"),
    ]


@pytest.fixture
def record_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(_records(), ensure_ascii=False), encoding="utf-8")
    return path


def _export(path: Path, out: Path) -> tuple[dict[str, list[dict[str, str]]], list[ExportProblem]]:
    summary = export_acled([path], out)
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows: dict[str, list[dict[str, str]]] = {}
        for row in reader:
            record = row["notes"].rsplit("[peace-talks record ", 1)[1].rstrip("]")
            rows.setdefault(record, []).append(row)
    return rows, summary.problems


# -- dates ----------------------------------------------------------------------------------------------------


def _date(value: str | dict[str, str]) -> FuzzyDate:
    return FuzzyDate.model_validate(value if isinstance(value, dict) else {"edtf": value})


@pytest.mark.parametrize(
    ("date", "event_date", "precision"),
    [
        ("2019-12-07", "2019-12-07", 1),
        ({"edtf": "2019-12-07", "time": "05:30", "text": "at dawn"}, "2019-12-07", 1),
        ("2019-12-07~", "2019-12-07", 2),
        ("2019-12-07?", "2019-12-07", 2),
        ("2019-12-06/2019-12-07", "2019-12-06", 2),
        ("2019-09-02/2019-09-08", "2019-09-05", 2),  # a week
        ("2019-08-30/2019-09-02", "2019-08-31", 2),  # a few days across months
        ("2019-09-02/2019-09-09", "2019-09-05", 3),  # eight days: more than a week, within the month
        ("2019-09", "2019-09-15", 3),
        ("2019-01", "2019-01-16", 3),
        ("2019-02", "2019-02-14", 3),
        ("2019-09~", "2019-09-15", 3),
        ({"edtf": "2019-09", "part": "early", "text": "early September"}, "2019-09-05", 3),
        ({"edtf": "2019-09", "part": "mid", "text": "mid-September"}, "2019-09-15", 3),
        ({"edtf": "2019-02", "part": "late", "text": "late February"}, "2019-02-24", 3),
        ({"edtf": "2019-09", "weekday": "monday", "text": "a Monday in September"}, "2019-09-15", 3),
    ],
)
def test_time_precision_table(date: str | dict[str, str], event_date: str, precision: int) -> None:
    coded = code_date(_date(date))
    assert (coded.event_date.isoformat(), coded.time_precision) == (event_date, precision)


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("2014", "only the year"),
        ({"edtf": "2019", "part": "early", "text": "early 2019"}, "across months"),
        ("2019-21", "across months"),  # spring
        ("201X", "only the year"),
        ("2019-08-28/2019-09-06", "10 days across months"),
        ("../2019-11", "open or unknown end"),
        ("2019-11/", "open or unknown end"),
    ],
)
def test_dates_coarser_than_a_month_are_refused(date: str | dict[str, str], why: str) -> None:
    with pytest.raises(DateNotExpressibleError, match=why):
        code_date(_date(date))


@given(st.one_of(strategies.edtf_single(), strategies.edtf_interval()))
def test_a_coded_date_lies_within_the_date_and_its_precision_fits_the_span(edtf: str) -> None:
    date = _date(edtf)
    try:
        coded = code_date(date)
    except DateNotExpressibleError:
        earliest, latest = date.earliest(), date.latest()
        assert earliest is None or latest is None or (latest - earliest).days > 6
        assert earliest is None or latest is None or (earliest.year, earliest.month) != (latest.year, latest.month)
        return
    earliest, latest = date.earliest(), date.latest()
    assert earliest is not None
    assert latest is not None
    assert earliest <= coded.event_date <= latest
    span = (latest - earliest).days
    assert coded.time_precision == (1 if span == 0 and not coded.approximate else 2 if span <= 6 else 3)


# -- every record type, as documented -------------------------------------------------------------------------


def test_every_record_type_is_mapped_as_documented(record_file: Path, tmp_path: Path) -> None:
    rows, problems = _export(record_file, tmp_path / "acled.csv")
    left_out = {p.record: p for p in problems if p.left_out}

    doha = rows["agreement:doha"][0]
    assert doha["event_id_cnty"] == "AFG99999"  # the ACLED id the record carries
    assert (doha["disorder_type"], doha["event_type"], doha["sub_event_type"]) == (
        "Strategic developments",
        "Strategic developments",
        "Agreement",
    )
    assert (doha["event_date"], doha["year"], doha["time_precision"]) == ("2020-02-29", "2020", "1")
    assert (doha["location"], doha["latitude"], doha["longitude"], doha["geo_precision"]) == (
        "Doha",
        "25.29",
        "51.53",
        "1",
    )
    assert (doha["iso"], doha["country"], doha["region"]) == ("", "", "")  # no country names in the package
    assert doha["source"] == "Associated Press; Pajhwok"  # publisher name, publisher actor's name; once each
    assert doha["fatalities"] == "0"
    assert doha["notes"] == (
        "Agreement 'Doha agreement' signed by United States, Taliban and Afghan government, mediated by Zalmay "
        "Khalilzad. [peace-talks record agreement:doha]"
    )
    assert "status_history" in str(left_out["agreement:draft"])  # never concluded
    assert "only the year" in left_out["agreement:year-only"].message

    # a cease-fire: one row per declaration date, declarers of one date grouped by side; an undated one reported
    eid = rows["ceasefire:eid"]
    assert [r["event_id_cnty"] for r in eid] == ["ceasefire:eid#1", "ceasefire:eid#2"]
    assert [r["event_date"] for r in eid] == ["2018-06-07", "2018-06-09"]
    assert (eid[0]["actor1"], eid[0]["actor2"], eid[0]["interaction"]) == ("Afghan government", "", "10")
    assert (eid[1]["actor1"], eid[1]["assoc_actor_1"], eid[1]["inter1"]) == ("Taliban", "Hamas", "2")
    assert "effective 2018-06-12" in eid[0]["notes"]
    assert (eid[0]["location"], eid[0]["geo_precision"]) == ("Afghanistan", "3")
    assert "declarations[3]" in str(left_out["ceasefire:eid"])
    agreed = rows["ceasefire:agreed-only"][0]  # no declarations: its first agreed step, "early September"
    assert (agreed["event_date"], agreed["time_precision"], agreed["actor1"]) == ("2019-09-05", "3", "")
    assert "Date known to the month" in agreed["notes"]

    swap = rows["prisoner_swap:swap"][0]
    assert (swap["sub_event_type"], swap["actor1"], swap["actor2"], swap["assoc_actor_2"]) == (
        "Agreement",
        "Taliban",
        "United States",
        "Afghan government",
    )
    assert (swap["admin1"], swap["geo_precision"]) == ("Zabul", "3")

    clash = rows["event:clash"][0]
    assert (clash["disorder_type"], clash["event_type"], clash["sub_event_type"]) == (
        "Political violence",
        "Battles",
        "Armed clash",
    )
    assert (clash["event_date"], clash["time_precision"]) == ("2019-09-05", "2")
    assert (clash["actor1"], clash["actor2"], clash["interaction"]) == ("Taliban", "Afghan government", "12")
    assert clash["fatalities"] == "14"  # soldiers: lowest of 12 and about 20; civilians: several = at least 2
    strike = rows["event:strike"][0]
    assert (strike["event_type"], strike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("8", "2", "28")  # a foreign state
    assert rows["event:arrest"][0]["sub_event_type"] == "Arrests"
    coded = rows["event:coded"][0]
    assert (coded["event_type"], coded["civilian_targeting"], coded["inter1"]) == (
        "Violence against civilians",
        "Civilian targeting",
        "4",  # the actor's own ACLED code
    )
    assert "not an ACLED event type" in left_out["event:badly-coded"].message
    assert "Suicide bomb" in left_out["event:ambiguous"].message
    assert "not an ACLED event" in left_out["event:visit"].message
    assert "across months" in left_out["event:season"].message
    assert set(left_out) == {
        "agreement:draft",
        "agreement:year-only",
        "ceasefire:eid",
        "event:badly-coded",
        "event:ambiguous",
        "event:visit",
        "event:season",
    }
    # records of other types give neither rows nor problems
    assert not any(r.startswith(("actor:", "source:")) for r in [*rows, *(p.record for p in problems)])


def test_actor_columns_and_inter_codes(record_file: Path) -> None:
    directory = NameDirectory()
    records = list(read_records([record_file]).records)
    for record in records:
        directory.add(record)
    doha = next(r for r in records if r.id == "agreement:doha")
    items = list(acled_rows(doha, directory))
    row = next(i for i in items if isinstance(i, dict))
    # three parties, each its own side: the third in assoc_actor_2, reported
    assert (row["actor1"], row["actor2"], row["assoc_actor_2"]) == ("United States", "Taliban", "Afghan government")
    # the conflict is in Afghanistan (not Qatar, where it was signed): the US is an external force
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("8", "2", "28")
    lossy = [str(i) for i in items if isinstance(i, ExportProblem)]
    assert lossy == [
        "agreement:doha: lossy: actors: 3 sides; ACLED has two: actor:afghan-government listed in assoc_actor_2"
    ]

    def inter_of(name: str, country: str | None = None) -> str:
        record = Event.model_validate(
            {
                "record_type": "event",
                "id": "event:x",
                "schema_version": V,
                "kind": "fighting",
                "date": "2019-01-01",
                "place": {"country": country} if country else None,
                "actors": [{"actor": _slug(name), "role": "perpetrator"}],
            }
        )
        out = next(i for i in acled_rows(record, directory) if isinstance(i, dict))
        return out["inter1"]

    assert inter_of("Afghan government", "AFG") == "1"
    assert inter_of("Afghan government", "PAK") == "8"
    assert inter_of("Afghan government") == "1"  # the conflict's country unknown
    assert inter_of("Taliban") == "2"
    assert inter_of("UNAMA") == "8"
    assert inter_of("ICRC") == "7"
    assert inter_of("Pajhwok") == "7"
    assert inter_of("Hamas") == "2"  # political_party, other_kinds armed_group
    assert inter_of("Arbakai") == "4"  # its ACLED code
    assert inter_of("Zalmay Khalilzad") == ""  # a person: reported as lossy
    # ACLED's name of an actor when the record has one
    assert row["actor2"] == "Taliban"


def test_every_acled_type_has_a_disorder_type() -> None:
    assert set(ACLED_TYPES.values()) == {
        "Political violence",
        "Demonstrations",
        "Political violence; Demonstrations",
        "Strategic developments",
    }
    assert ("Strategic developments", "Agreement") in ACLED_TYPES


# -- the valid examples, the CLI ------------------------------------------------------------------------------


def test_the_valid_examples_are_exported_and_the_refused_listed(tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    result = runner.invoke(app, ["export", "acled", str(EXAMPLES / "valid"), "--out", str(out)])
    assert result.exit_code == 1  # some records cannot be expressed
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    exported = {r["notes"].rsplit("[peace-talks record ", 1)[1].rstrip("]") for r in rows}
    refused = {line.split(": not exported:")[0] for line in result.output.splitlines() if ": not exported:" in line}
    exportable = {
        r.id
        for r in read_records([EXAMPLES / "valid"]).records
        if r.record_type in ("agreement", "ceasefire", "prisoner_swap", "event")
    }
    # every exportable record is either in the table or listed as left out
    assert exportable == exported | refused
    assert {r.split(":")[0] for r in exported} == {"agreement", "ceasefire", "prisoner_swap", "event"}
    assert "agreement:2014-national-unity-government" in refused  # dated to the year only
    assert f"{len(rows)} row(s) written" in result.output
    for row in rows:
        dt.date.fromisoformat(row["event_date"])
        assert row["time_precision"] in ("1", "2", "3")
        assert (row["event_type"], row["sub_event_type"]) in ACLED_TYPES


def test_exit_0_when_every_record_is_written(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    records = [r for r in _records() if r["record_type"] in ("actor", "source") or r["id"] == "event:strike"]
    path.write_text(json.dumps(records), encoding="utf-8")
    result = runner.invoke(app, ["export", "acled", str(path), "--out", str(tmp_path / "a.csv")])
    assert result.exit_code == 0, result.output
    assert "1 row(s) written (1 event)" in result.output


def test_invalid_input_writes_nothing(tmp_path: Path, record_file: Path) -> None:
    out = tmp_path / "acled.csv"
    out.write_text("earlier export\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"  # an agreement without its name, after valid records
    bad.write_text('{"record_type": "agreement", "id": "agreement:x", "schema_version": "1.2"}\n', encoding="utf-8")
    result = runner.invoke(app, ["export", "acled", str(record_file), str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert out.read_text(encoding="utf-8") == "earlier export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acled.csv", "bad.jsonl", "records.json"]


def test_cli_usage_and_write_errors(tmp_path: Path, record_file: Path) -> None:
    result = runner.invoke(app, ["export", "acled", "-", "--out", str(tmp_path / "a.csv")])
    assert result.exit_code == 2
    assert "reads its input twice" in result.output
    directory = tmp_path / "a-directory"
    directory.mkdir()
    result = runner.invoke(app, ["export", "acled", str(record_file), "--out", str(directory)])
    assert result.exit_code == 3
    assert "nothing written" in result.output
    assert "Traceback" not in result.output


def test_a_negative_event_is_never_written_as_if_it_happened(tmp_path: Path) -> None:
    """An event of a kind ACLED codes, stated as not having happened (schema 1.5 `polarity`), is left out and
    reported, not written as a row."""
    records = [r for r in _records() if r["record_type"] in ("actor", "source") or r["id"] == "event:strike"]
    strike = next(r for r in records if r["id"] == "event:strike")
    negative = strike | {"id": "event:no-strike", "polarity": "negative", "date": "2019-09/2019-10"}
    negative["schema_version"] = SCHEMA_VERSION
    negative.pop("casualties", None)
    path = tmp_path / "records.json"
    path.write_text(json.dumps([*records, negative]), encoding="utf-8")
    result = runner.invoke(app, ["export", "acled", str(path), "--out", str(tmp_path / "a.csv")])
    assert result.exit_code == 1, result.output
    assert "1 row(s) written (1 event)" in result.output
    assert "event:no-strike: not exported: polarity: a negative event says that nothing happened" in result.output
