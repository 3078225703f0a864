"""The PAA-X actors importer: every column, every actor type, sub-type, civil-society type and UN type of the
published table, awkward values (non-ASCII and mojibake names, blank and non-ISO country codes, '|' lists with
empty pieces and duplicates), problems reported per row, output valid against the models and the published
schema, and written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from peace_talks_model import validate_paths
from peace_talks_model.cli import app
from peace_talks_model.interop import paax
from peace_talks_model.interop.contract import RowProblem
from peace_talks_model.interop.paax import ACTOR_KINDS, TABLE_SOURCE, import_paax
from peace_talks_model.models import Actor, Source
from peace_talks_model.schema_export import published

runner = CliRunner()
COLUMNS = [
    "actor_id", "id_paax", "actor_name", "actor_type", "sub_type", "cs_type", "abbreviation", "actor_iso3c",
    "actor_country", "actor_gwno", "actor_region", "un_type", "international", "regional", "domestic", "women",
    "ucdp_id", "ucdp_name", "ucdp_url", "acled_name", "acled_other", "actor_desc", "alternative_names",
]  # fmt: skip
#: The values the published table (v0.2) uses in these columns (docs/import/paax.md lists their counts).
SUB_TYPES = ["Non-governmental Organization", "Religious", "Regional", "Communities and tribes", "Unions",
             "Government agency"]  # fmt: skip
CS_TYPES = ["Other", "Women", "Youth"]
UN_TYPES = ["P5", "United Nations", "UN Mission"]
REGIONS = ["Africa", "Asia", "Americas", "Europe", "Oceania"]

USA = {
    "actor_id": "3",
    "id_paax": "CON_3",
    "actor_name": "United States",
    "actor_type": "Country/State",
    "sub_type": "",
    "cs_type": "",
    "abbreviation": "",
    "actor_iso3c": "USA",
    "actor_country": "United States",
    "actor_gwno": "2.0",
    "actor_region": "Americas",
    "un_type": "P5",
    "international": "",
    "regional": "",
    "domestic": "",
    "women": "",
    "ucdp_id": "3.0",
    "ucdp_name": "Government of United States of America",
    "ucdp_url": "https://ucdp.uu.se/actor/3",
    "acled_name": "Government of the United States (2021-)",
    "acled_other": "Government of the United States (2017-2021) | Government of the United States (2021-)",
    "actor_desc": "United States is a Country/state in the Americas.",
    "alternative_names": "United States of America | UNITED STATES |  | America | U.S. | America | "
    "United States  Islamic Emirate",
}


def _row(index: int, **values: str) -> dict[str, str]:
    return dict.fromkeys(COLUMNS, "") | {
        "actor_id": str(index),
        "id_paax": f"OTH_{index}",
        "actor_name": f"Actor {index}",
        "actor_type": "Other",
        **values,
    }


def _rows() -> list[dict[str, str]]:
    """USA, then rows using every actor type, sub-type, cs type, UN type, flag and region, and awkward values."""
    rows = [USA]
    for index, actor_type in enumerate(ACTOR_KINDS, start=100):
        rows.append(_row(index, actor_type=actor_type, actor_region=REGIONS[index % len(REGIONS)]))
    for index, sub_type in enumerate(SUB_TYPES, start=200):
        rows.append(_row(index, id_paax=f"NGO_{index}", actor_type="Civil Society", sub_type=sub_type))
    for index, cs_type in enumerate(CS_TYPES, start=300):
        rows.append(_row(index, actor_type="Civil Society", sub_type="Non-governmental Organization",
                         cs_type=cs_type, domestic="1.0", women="1.0" if cs_type == "Women" else ""))  # fmt: skip
    for index, un_type in enumerate(UN_TYPES, start=400):
        rows.append(_row(index, id_paax=f"IGO_{index}", actor_type="Intergovernmental Organization",
                         un_type=un_type, international="1.0", regional="1.0"))  # fmt: skip
    rows += [
        _row(500, id_paax="MIL_500", actor_name="Yugoslav People's Army", actor_type="Military", actor_iso3c=" ",
             actor_country="Yugoslavia", actor_gwno="345.0", alternative_names="JNA | ARMED FORCES OF SFRY"),
        _row(501, id_paax="NGO_501", actor_name="Shi'a", actor_type="Civil Society",
             sub_type="Communities and tribes", actor_iso3c=" ", actor_country="Kurdistan"),
        _row(502, actor_name="Gaddafi International Foundation", actor_iso3c="LIB"),
        _row(503, id_paax="ARM_503", actor_name="Former Detainees", actor_type="Armed Organization",
             actor_iso3c="SDN | SSD"),
        _row(504, id_paax="ARM_504", actor_name="Front Démocratique du Renouveau ", actor_type="Armed Organization",
             abbreviation="FDR ", actor_iso3c="NER", actor_country="Niger", ucdp_id="543.0", ucdp_name="FDR ",
             ucdp_url="", acled_name="FDR: Democratic Front for Renewal",
             alternative_names="Paí­ses Bajos | PaÃƒÂ­ses Bajos | Frente\nFrancisco Garnica | جبهة |"),
        _row(505, id_paax="ARM_505", actor_name="SPLM-IO factions", actor_type="Armed Organization",
             acled_other="SPLM-In Opposition-Kitgweng: Sudan People's Liberation Movement-In Opposition (Kitgweng "
             "faction)   SPLM-In Opposition-Aguelek: Sudan People's Liberation Movement-In Opposition (Aguelek "
             "Faction)    SPLM-N-Abdelaziz: Sudan People's Liberation Movement (North) | | SPLM-IO"),
        _row(506, actor_name="Bougainville Women", actor_type="Civil Society", women="1.0",
             actor_desc="Bougainville Women is a non-governmental organisation."),
    ]  # fmt: skip
    return rows


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _records(rows: list[dict[str, str]]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in import_paax(rows) if isinstance(o, dict)}


def _codes(record: dict[str, Any]) -> dict[str, str]:
    assert all(c["dataset"] == "paax" for c in record.get("dataset_codes", []))
    return {c["variable"]: c["value"] for c in record.get("dataset_codes", [])}


def test_the_usa_row_maps_every_column() -> None:
    records = _records([USA])
    assert records[TABLE_SOURCE]["kind"] == "dataset"
    actor = records["actor:paax-con-3"]
    assert (actor["name"], actor["kind"], actor["country"]) == ("United States", "state", "USA")
    assert actor["identifiers"] == [
        {"scheme": "paax_actor", "value": "CON_3"},
        {"scheme": "gwno", "value": "2"},
        {"scheme": "ucdp_actor", "value": "3", "url": "https://ucdp.uu.se/actor/3"},
        {"scheme": "acled_actor", "value": "Government of the United States (2021-)"},
        {"scheme": "acled_actor", "value": "Government of the United States (2017-2021)"},  # the repeat once
    ]
    assert actor["names"] == [
        {"text": "Government of United States of America", "kind": "alias", "dataset": "PAA-X ucdp_name"},
        *(
            {"text": text, "kind": "alias", "dataset": "PAA-X alternative_names"}
            for text in [
                "United States of America",
                "UNITED STATES",
                "America",
                "U.S.",
                "United States  Islamic Emirate",
            ]
        ),
    ]  # verbatim (inner double space kept), the empty piece and the repeated 'America' dropped
    assert _codes(actor) == {
        "actor_id": "3",
        "actor_type": "Country/State",
        "un_type": "P5",
        "actor_region": "Americas",
        "actor_country": "United States",
    }
    assert {"dataset": "paax", "variable": "un_type", "value": "P5"} | {
        "label": "permanent member of the UN Security Council"
    } in actor["dataset_codes"]
    assert actor["notes"] == USA["actor_desc"]
    assert actor["evidence"] == [{"source": TABLE_SOURCE, "quote": "United States"}]


def test_every_actor_type_has_a_kind_with_the_documented_refinements() -> None:
    records = _records(_rows())
    kinds = {(_codes(r)["actor_type"], r["kind"]) for r in records.values() if r["record_type"] == "actor"}
    assert {t for t, _ in kinds} == set(ACTOR_KINDS)
    assert {(t, k) for t, k in kinds if k == ACTOR_KINDS[t]} == {(t, k) for t, k in ACTOR_KINDS.items()}
    assert records["actor:paax-ngo-501"]["kind"] == "group"  # Civil Society, Communities and tribes
    mission = records["actor:paax-igo-402"]
    assert (mission["kind"], mission["other_kinds"], _codes(mission)["un_type"]) == ("mission", ["igo"], "UN Mission")
    assert records["actor:paax-igo-401"]["kind"] == "igo"


def test_every_code_column_value_is_kept_with_labels_where_known() -> None:
    actors = [r for r in _records(_rows()).values() if r["record_type"] == "actor"]
    values: dict[str, set[str]] = {}
    for actor in actors:
        for variable, value in _codes(actor).items():
            values.setdefault(variable, set()).add(value)
    assert values["sub_type"] == {*SUB_TYPES}
    assert values["cs_type"] == {*CS_TYPES}
    assert values["un_type"] == {*UN_TYPES}
    assert values["actor_region"] == {*REGIONS}
    for flag in ("international", "regional", "domestic", "women"):
        assert values[flag] == {"1.0"}
    labelled = {c["variable"] for a in actors for c in a["dataset_codes"] if "label" in c}
    assert labelled == {"un_type", "international", "regional", "domestic", "women"}


def test_country_codes_blank_historical_and_not_iso() -> None:
    out = list(import_paax(_rows()))
    records = {o["id"]: o for o in out if isinstance(o, dict)}
    notes = {(n.row, n.column, n.value) for n in out if isinstance(n, RowProblem) and n.note}
    row_of = {r["id_paax"]: number for number, r in enumerate(_rows(), start=2)}
    yugoslav = records["actor:paax-mil-500"]  # ' ' with a state the format has a code for
    assert (yugoslav["country"], _codes(yugoslav)["actor_country"]) == ("YUG", "Yugoslavia")
    assert not any(row == row_of["MIL_500"] for row, _, _ in notes)
    kurdish = records["actor:paax-ngo-501"]  # ' ' with no code: country left empty, name kept, noted
    assert "country" not in kurdish
    assert _codes(kurdish)["actor_country"] == "Kurdistan"
    assert (row_of["NGO_501"], "actor_iso3c", " ") in notes
    for id_paax, code in (("OTH_502", "LIB"), ("ARM_503", "SDN | SSD")):  # not ISO: kept verbatim, noted
        actor = records[f"actor:paax-{id_paax.lower().replace('_', '-')}"]
        assert "country" not in actor
        assert _codes(actor)["actor_iso3c"] == code
        assert (row_of[id_paax], "actor_iso3c", code) in notes
    assert "country" not in records["actor:paax-oth-100"]  # blank: nothing to say


def test_names_are_verbatim_non_ascii_and_mojibake_kept() -> None:
    actor = _records(_rows())["actor:paax-arm-504"]
    assert actor["name"] == "Front Démocratique du Renouveau"  # surrounding spaces are not part of the name
    assert [(n["text"], n["kind"], n["dataset"]) for n in actor["names"]] == [
        ("FDR", "abbreviation", "PAA-X abbreviation"),
        ("FDR", "alias", "PAA-X ucdp_name"),
        ("Paí­ses Bajos", "alias", "PAA-X alternative_names"),
        ("PaÃƒÂ­ses Bajos", "alias", "PAA-X alternative_names"),  # mojibake, verbatim
        ("Frente\nFrancisco Garnica", "alias", "PAA-X alternative_names"),  # the line break too
        ("جبهة", "alias", "PAA-X alternative_names"),
    ]
    assert {"scheme": "ucdp_actor", "value": "543"} in actor["identifiers"]  # no ucdp_url: no url


def test_an_acled_cell_that_is_not_one_actor_name_is_kept_and_noted() -> None:
    out = list(import_paax(_rows()))
    actor = next(o for o in out if isinstance(o, dict) and o["id"] == "actor:paax-arm-505")
    long_piece = next(c["value"] for c in actor["dataset_codes"] if c["variable"] == "acled_other")
    assert len(long_piece) > 200
    assert long_piece in _rows()[-2]["acled_other"]
    assert [i["value"] for i in actor["identifiers"] if i["scheme"] == "acled_actor"] == ["SPLM-IO"]
    assert any(isinstance(n, RowProblem) and n.note and n.column == "acled_other" for n in out)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("id_paax", "", "missing"),
        ("id_paax", "OTH 7", "not a PAA-X actor id"),
        ("id_paax", "OTH__7", "cannot be made into a record id"),
        ("id_paax", "CON_3", "the same actor id as an earlier row"),
        ("actor_name", " \u00a0", "missing"),
        ("actor_type", "Rebel", "not a PAA-X actor type"),
        ("actor_gwno", "346.5", "whole"),
        ("actor_gwno", "0", "whole positive"),
        ("actor_gwno", "12345", "out of range"),
        ("ucdp_id", "many", "not a number"),
        ("ucdp_url", "ucdp.uu.se/actor/3", "not an http(s) link"),
        ("acled_name", "x" * 201, "not an ACLED actor name"),
    ],
)
def test_a_row_that_cannot_be_mapped_is_reported_not_guessed(column: str, value: str, message: str) -> None:
    out = list(import_paax([USA, {**USA, "id_paax": "CON_9", column: value}, {**USA, "id_paax": "CON_10"}]))
    problems = [o for o in out if isinstance(o, RowProblem) and not o.note]
    assert [(p.row, p.column, p.value) for p in problems] == [(3, column, value.strip())]
    assert message in problems[0].message
    actors = [o["id"] for o in out if isinstance(o, dict) and o["record_type"] == "actor"]
    assert actors == ["actor:paax-con-3", "actor:paax-con-10"]  # the rows around it are imported


_TEXT = st.one_of(st.sampled_from(["", " ", "|", " | a | a", "Fran\u00e7ois ", "PaÃƒÂ­ses"]), st.text(max_size=30))
#: Cells as the table writes them (free text where the table has free text), so that most rows are importable;
#: one column may then be replaced by anything.
_ROW = st.fixed_dictionaries(
    {
        **dict.fromkeys(COLUMNS, _TEXT),
        "id_paax": st.from_regex(r"[A-Z]{3}_[0-9]{1,4}", fullmatch=True),
        "actor_name": st.one_of(st.sampled_from(["Front Démocratique ", "جبهة"]), st.text(min_size=1, max_size=30)),
        "actor_type": st.sampled_from(list(ACTOR_KINDS)),
        "actor_iso3c": st.sampled_from(["", " ", "AFG", "LIB", "SDN | SSD"]),
        "actor_gwno": st.sampled_from(["", "2.0", "700.0", "345"]),
        "ucdp_id": st.sampled_from(["", "3.0", "303"]),
        "ucdp_url": st.sampled_from(["", "https://ucdp.uu.se/actor/3"]),
        "acled_name": st.sampled_from(["", "Taliban", "Government of the United States (2021-)"]),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ROW, st.one_of(st.none(), st.tuples(st.sampled_from(COLUMNS), _TEXT)))
def test_any_row_gives_a_valid_actor_or_a_row_problem(row: dict[str, str], change: tuple[str, str] | None) -> None:
    if change is not None:
        row = {**row, change[0]: change[1]}
    out = list(import_paax([row]))
    assert Source.model_validate(out[0]).id == TABLE_SOURCE
    items = out[1:]
    problems = [o for o in items if isinstance(o, RowProblem) and not o.note]
    actors = [o for o in items if isinstance(o, dict)]
    assert len(problems) + len(actors) == 1
    event("imported" if actors else f"left out ({problems[0].column})")
    for actor in actors:
        Actor.model_validate(actor)
        assert all(n["text"] in row["alternative_names"] + row["abbreviation"] + row["ucdp_name"]
                   for n in actor.get("names", []))  # fmt: skip


def test_imported_records_are_valid_for_the_models_and_the_schema(tmp_path: Path) -> None:
    table = tmp_path / "actors.csv"
    table.write_text("\ufeff" + _csv(_rows()), encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "paax", str(table), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 row(s) left out; 4 note(s)" in result.output  # Kurdistan, LIB, SDN | SSD, the ACLED cell
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["record_type"] for r in records].count("actor") == len(_rows())
    assert [r["id"] for r in records].count(TABLE_SOURCE) == 1
    report = validate_paths([out])
    assert report.findings == []
    assert report.valid_records == len(records)
    validator = Draft202012Validator(
        published("record.schema.json"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert all(not list(validator.iter_errors(r)) for r in records)


def test_cli_reports_rows_left_out_and_never_writes_a_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "actors.csv"
    table.write_text(_csv([USA, {**USA, "id_paax": "CON_4", "actor_type": "Rebel"}]), encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "paax", str(table), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{table}:3: row 3, column actor_type = 'Rebel'" in result.output
    assert "1 row(s) left out" in result.output
    before = out.read_bytes()
    assert len(before.splitlines()) == 2  # the table's source and the one actor

    def failing(path: Path, **options: Any) -> Any:
        yield from import_paax([USA])
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(paax, "import_paax_file", failing)
    result = runner.invoke(app, ["import", "paax", str(table), "--out", str(out)])
    assert result.exit_code == 3
    assert "Input/output error" in result.output
    assert out.read_bytes() == before  # the old output is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["actors.csv", "records.jsonl"]  # no temporary left


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a,b\n1,2\n", "is this a PAA-X actors table?"),
        (b"id_paax,actor_name,actor_type\nCON_1,Fran\xe7e,Country/State\n", "cannot import"),  # not UTF-8
    ],
)
def test_a_table_that_cannot_be_read_writes_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    table = tmp_path / "other.csv"
    table.write_bytes(content)
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "paax", str(table), "--out", str(out)])
    assert result.exit_code == 3
    assert message in result.output
    assert not out.exists()


def test_a_missing_table_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "paax", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 3
    assert not (tmp_path / "o.jsonl").exists()


def test_a_byte_order_mark_in_a_cell_is_white_space_as_the_models_read_it() -> None:
    # found by the property above: U+FEFF is white space to the models (and ECMAScript) but not to str.strip,
    # so a cell holding only it gave an alias the Actor model refuses
    row = {**USA, "actor_name": "\ufeffUnited States\ufeff", "alternative_names": "\ufeff| USA\ufeff|\u00a0"}
    out = [o for o in import_paax([row]) if isinstance(o, dict) and o.get("record_type") == "actor"]
    [actor] = out
    Actor.model_validate(actor)
    assert actor["name"] == "United States"
    assert [n["text"] for n in actor.get("names", []) if n.get("dataset") == "PAA-X alternative_names"] == ["USA"]
