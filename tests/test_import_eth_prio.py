"""The ETH/PRIO cease-fire importer and exporter: every column and every code of its vocabularies (both layouts),
'-1' sentinels everywhere, awkward dates, names and quotes, problems reported per row, output valid against the
models and the published schema, written whole or not at all, and import -> export giving the table back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import TypeAdapter
from typer.testing import CliRunner

from peace_talks_model import validate_paths
from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.cli import app
from peace_talks_model.interop import eth_prio
from peace_talks_model.interop.contract import ExportProblem, RowProblem
from peace_talks_model.interop.eth_prio import (
    EXPORT_COLUMNS,
    LINK_COLUMNS,
    PURPOSE_COLUMNS,
    cell,
    export_eth_prio_cf,
    fixed_duration,
    import_eth_prio_cf,
)
from peace_talks_model.models import Ceasefire, Record
from peace_talks_model.models.ceasefire import CeasefireClass, Enforcement, Purpose, ScopeExtent
from peace_talks_model.models.vocabularies import Boolish
from peace_talks_model.schema_export import published
from tests.test_import_pax import _csv as pax_csv
from tests.test_import_pax import _rows as pax_rows

runner = CliRunner()
RECORD = TypeAdapter(Record)
BLANK = dict.fromkeys(EXPORT_COLUMNS, "")
NO_PURPOSE = {c: "0" for c, _ in PURPOSE_COLUMNS}


def _row(*bases: dict[str, str], **cells: str) -> dict[str, str]:
    """A full row: blank cells, then the bases', then the given cells."""
    merged = dict(BLANK)
    for base in bases:
        merged.update(base)
    return {**merged, **cells}


# Colombia 2016: bilateral; the first code of every vocabulary, a multi-line non-ASCII name and quote, Factiva.
COLOMBIA = {
    "cf_id": "101", "cc": "100", "location": "Colombia", "region": "5", "ucdp_acd_id": "289", "ucdp_dyad": "580",
    "pax_id": "1845", "cf_dec_yr": "2016", "cf_dec_month": "6", "cf_dec_day": "23", "cf_effect_yr": "2016",
    "cf_effect_month": "8", "cf_effect_day": "29", "end_yr": "2016", "end_month": "12", "end_day": "1",
    "written": "1", "partial": "0", "fixed": "1", "fixed_time": "3 days", **NO_PURPOSE, "p_humanitarian": "1",
    "ceasefire_class": "1", "timing": "2", "implement": "1", "enforcement": "0", "ddr": "1", "nsa_frac": "0",
    "splinter": "0", "truce": "0", "cf_pp": "1", "mediator_nego": "1", "mediator_send": "1", "link": "0",
    "comment": "Definitive cease-fire agreed in Havana.", "coder": "TS", "recentadditions": "0",
}  # fmt: skip
ROWS_COLOMBIA = [
    _row(COLOMBIA, uniq_id="1", ucdp_actor_id="123", actor_name="Government of Colombia", side="1", ended="1",
         evidence_onset="The government and the FARC agreed on a bilateral and definitive cease-fire.",
         evidence_end="The cease-fire gave way to the final agreement.", factivia_source="El Tiempo, 24 June 2016",
         factivia_page="2"),
    _row(COLOMBIA, uniq_id="2", ucdp_actor_id="456", side="2", ended="4",
         actor_name="Fuerzas Armadas Revolucionarias de Colombia –\nEjército del Pueblo (FARC-EP)",
         end_day="-1", evidence_onset="«Cese al fuego y de hostilidades bilateral y definitivo»,\nsegún el comunicado.",
         factivia_source="El Tiempo, 24 June 2016", factivia_page="2"),
]  # fmt: skip
# Myanmar 2015: three declarers, one without a UCDP id; rows that differ in conflict, comment and coder.
MYANMAR = {
    "cf_id": "102", "cc": "775", "location": "Myanmar (Burma)", "region": "3", "cf_dec_yr": "2015",
    "cf_dec_month": "10", "cf_dec_day": "15", "written": "2", "partial": "1",
    "geography": "Kachin State;\nnorthern Shan State", "fixed": "0", **NO_PURPOSE, "p_peaceprocess": "1",
    "p_other": "1", "p_other_comment": "Signing of the Nationwide Ceasefire Agreement", "ceasefire_class": "2",
    "implement": "0", "enforcement": "1", "ddr": "0", "mediator_nego": "China, Japan",
}  # fmt: skip
ROWS_MYANMAR = [
    _row(MYANMAR, uniq_id="3", ucdp_actor_id="111", actor_name="Government of Myanmar (Burma)", ucdp_acd_id="222",
         comment="NCA", coder="PL"),
    _row(MYANMAR, uniq_id="4", ucdp_actor_id="333", actor_name="KNU", ucdp_acd_id="223", comment="signatory",
         coder="RR"),
    _row(MYANMAR, uniq_id="5", ucdp_actor_id="", actor_name="Restoration Council of Shan State", ucdp_acd_id="224",
         coder="RR", evidence_onset="RCSS signed the agreement."),
]  # fmt: skip
# Afghanistan 2018: unilateral; month and day unclear; the second code of every vocabulary.
ROWS_EID = [
    _row(NO_PURPOSE, cf_id="103", uniq_id="6", ucdp_actor_id="130", actor_name="Government of Afghanistan",
         cf_dec_yr="2018", cf_dec_month="6", cf_dec_day="-1", cf_effect_yr="2018", cf_effect_month="-1",
         end_yr="2018", end_month="-1", end_day="-1", written="0", partial="-1", fixed="-1",
         fixed_time="until the end of Eid al-Fitr", p_holiday="1", ceasefire_class="3", implement="-1",
         enforcement="2", ddr="-1", mediator_nego="0", location="Afghanistan"),
]  # fmt: skip
# Afghanistan 2018: the Taliban; unclear years, a non-ASCII name without a UCDP id, the last codes.
ROWS_TALIBAN = [
    _row(NO_PURPOSE, cf_id="104", uniq_id="7", ucdp_actor_id="-1", actor_name="Талибан (Taleban)", cf_dec_yr="-1",
         cf_dec_month="-1", cf_dec_day="-1", cf_effect_yr="-1", written="-1", partial="0", p_election="1",
         p_unclear="1", enforcement="3", mediator_nego="-1", location="Afghanistan"),
]  # fmt: skip
# '-1' everywhere it may occur.
ROWS_UNCLEAR = [
    _row(dict.fromkeys(EXPORT_COLUMNS, "-1"), cf_id="105", actor_name="طالبان", cf_dec_yr="2019"),
]
# Links to an earlier, a later and an absent cease-fire; the same actor under another name; PA-X id.
ROWS_LINKS = [
    _row(cf_id="106", uniq_id="8", ucdp_actor_id="130", actor_name="Afghan Government", cf_dec_yr="2019",
         cf_dec_month="7", cf_dec_day="1", link="1", link_id1="101", link_id2="107", link_id3="999", pax_id="2271"),
]  # fmt: skip
# Missing months and days, written as empty cells and as 0; a fixed time in words.
ROWS_PARTS = [
    _row(cf_id="107", uniq_id="9", ucdp_actor_id="155", actor_name="Ejército de Liberación Nacional (ELN)",
         cf_dec_yr="2015", cf_effect_yr="2015", cf_effect_month="0", cf_effect_day="0", end_yr="2015", end_month="6",
         fixed="1", fixed_time="one week"),
    _row(cf_id="107", uniq_id="10", ucdp_actor_id="123", actor_name="Government of Colombia", cf_dec_yr="2015",
         cf_dec_month="6", cf_dec_day="0", end_yr="0", end_month="0", end_day="0", fixed="1", fixed_time="one week"),
]  # fmt: skip
# A cease-fire that cannot be mapped: its second row has a code outside the codebook.
ROWS_BAD = [
    _row(cf_id="108", uniq_id="11", ucdp_actor_id="130", actor_name="Government of Afghanistan", cf_dec_yr="2020",
         written="7"),
    _row(cf_id="108", uniq_id="12", ucdp_actor_id="303", actor_name="Taleban", cf_dec_yr="2020", written="7"),
]  # fmt: skip
GOOD = ROWS_COLOMBIA + ROWS_MYANMAR + ROWS_EID + ROWS_TALIBAN + ROWS_UNCLEAR + ROWS_LINKS + ROWS_PARTS
TABLE = GOOD + ROWS_BAD

# The older layout: purpose_1 / purpose_2 / ceasefire_type instead of the purpose dummies and the class.
OLDER_HEADER = ["cf_id", "actor_name", "ucdp_actor_id", "cf_dec_yr", "cf_dec_month", "cf_dec_day", "written"]
OLDER_HEADER += ["purpose_1", "purpose_2", "ceasefire_type", "mediator_nego"]
OLDER = [
    dict(zip(OLDER_HEADER, values, strict=True))
    for values in [
        ["201", "Government of Sudan", "117", "1990", "1", "1", "1", "1", "0", "1", "0"],
        ["202", "SPLM/A", "164", "1991", "2", "2", "0", "2", "1", "2", "1"],
        ["203", "SPLM/A", "164", "1992", "3", "3", "-1", "3", "2", "-1", "-1"],
        ["204", "SPLM/A", "164", "1993", "4", "4", "2", "4", "3", "1", "1"],
        ["205", "SPLM/A", "164", "1994", "5", "5", "1", "5", "4", "2", "0"],
        ["206", "SPLM/A", "164", "1995", "6", "6", "1", "-1", "5", "1", "1"],
        ["207", "SPLM/A", "164", "1996", "7", "7", "1", "2", "-1", "1", "1"],
        ["208", "SPLM/A", "164", "1997", "8", "8", "1", "1", "1", "1", "1"],
    ]
]


def _csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(EXPORT_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def _import(rows: list[dict[str, str]], **options: Any) -> tuple[list[dict[str, Any]], list[RowProblem]]:
    out = list(import_eth_prio_cf(rows, **options))
    return [o for o in out if isinstance(o, dict)], [o for o in out if isinstance(o, RowProblem)]


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


def _codes(item: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {c["variable"]: (c["value"], c.get("label")) for c in item.get("dataset_codes", [])}


def _export(records: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, str]], list[ExportProblem]]:
    models = [RECORD.validate_python(r) for r in records]
    table = export_eth_prio_cf(models)
    items = list(table.rows)
    return table.columns, [i for i in items if isinstance(i, dict)], [i for i in items if isinstance(i, ExportProblem)]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The table imported through the CLI (the file is read twice, so links to later cease-fires resolve)."""
    folder = tmp_path_factory.mktemp("eth-prio")
    table = folder / "cfd.csv"
    table.write_text(_csv(TABLE), encoding="utf-8")
    out = folder / "records.jsonl"
    result = runner.invoke(app, ["import", "eth-prio-cf", str(table), "--out", str(out)])
    assert result.exit_code == 1, result.output  # the bad cease-fire is left out
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_colombia_rows_map_every_column(imported: list[dict[str, Any]]) -> None:
    records = _by_id(imported)
    ceasefire = records["ceasefire:eth-prio-101"]
    assert ceasefire["identifiers"] == [
        {"scheme": "eth_prio_ceasefire", "value": "101"},
        {"scheme": "ucdp_dyad", "value": "580"},
        {"scheme": "pax_agreement", "value": "1845"},
    ]
    assert ceasefire["conflicts"] == ["conflict:ucdp-289"]  # the UCDP conflict id is the conflict's
    assert records["conflict:ucdp-289"] == {
        "record_type": "conflict",
        "id": "conflict:ucdp-289",
        "schema_version": SCHEMA_VERSION,
        "identifiers": [{"scheme": "ucdp_conflict", "value": "289"}],
        "name": "UCDP conflict 289",
    }
    assert ceasefire["arrangement"] == "bilateral"
    assert [d["declarer"] for d in ceasefire["declarations"]] == ["actor:ucdp-123", "actor:ucdp-456"]
    government, farc = ceasefire["declarations"]
    assert (government["declared"], government["effective"], government["end"]) == (
        "2016-06-23",
        "2016-08-29",
        "2016-12-01",
    )
    assert farc["end"] == "2016-12-XX"
    assert (ceasefire["written"], ceasefire["scope"], ceasefire["fixed_term"]) == ("yes", {"extent": "national"}, "yes")
    assert (ceasefire["fixed_duration"], ceasefire["fixed_duration_wording"]) == ("P3D", "3 days")
    assert ceasefire["purposes"] == ["humanitarian"]
    assert ceasefire["ceasefire_class"] == "cessation"
    assert (ceasefire["implementation_mechanism"], ceasefire["enforcement"], ceasefire["ddr"]) == ("yes", "none", "yes")
    assert ceasefire["mediated"] == "yes"
    assert ceasefire["notes"] == COLOMBIA["comment"]
    # codes whose level the codebook does not fix: once when the rows agree, per declaration when they differ
    codes = _codes(ceasefire)
    for column in ("cc", "location", "region", "timing", "nsa_frac", "splinter", "truce", "cf_pp", "link"):
        assert codes[column][0] == COLOMBIA[column]
    assert (codes["mediator_send"], codes["coder"], codes["recentadditions"]) == (
        ("1", None),
        ("TS", None),
        ("0", None),
    )
    assert _codes(government) == {"uniq_id": ("1", None), "side": ("1", None), "ended": ("1", None)}
    assert _codes(farc) == {"uniq_id": ("2", None), "side": ("2", None), "ended": ("4", None)}
    # the onset quote on the declaration, the end quote on the declarer's 'ended' step; both cite the Factiva page
    source = government["evidence"][0]["source"]
    assert government["evidence"][0]["quote"] == ROWS_COLOMBIA[0]["evidence_onset"]
    assert farc["evidence"][0]["quote"] == ROWS_COLOMBIA[1]["evidence_onset"]  # multi-line, verbatim
    assert ceasefire["status_history"] == [
        {"status": "ended", "date": "2016-12-01", "by": ["actor:ucdp-123"],
         "evidence": [{"source": source, "quote": ROWS_COLOMBIA[0]["evidence_end"]}]},
    ]  # fmt: skip
    assert records[source]["title"] == "El Tiempo, 24 June 2016"
    assert _codes(records[source]) == {"factivia_page": ("2", None)}
    assert records["actor:ucdp-123"]["kind"] == "state_body"
    assert records["actor:ucdp-456"]["kind"] == "armed_group"
    assert records["actor:ucdp-456"]["name"] == ROWS_COLOMBIA[1]["actor_name"]  # multi-line, verbatim
    assert records["actor:ucdp-456"]["identifiers"] == [{"scheme": "ucdp_actor", "value": "456"}]


def test_rows_that_differ_keep_their_codes_per_declaration(imported: list[dict[str, Any]]) -> None:
    records = _by_id(imported)
    myanmar = records["ceasefire:eth-prio-102"]
    assert myanmar["arrangement"] == "multilateral"
    assert myanmar["conflicts"] == ["conflict:ucdp-222", "conflict:ucdp-223", "conflict:ucdp-224"]
    assert [_codes(d)["ucdp_acd_id"][0] for d in myanmar["declarations"]] == ["222", "223", "224"]
    assert [_codes(d).get("comment") for d in myanmar["declarations"]] == [("NCA", None), ("signatory", None), None]
    assert "notes" not in myanmar
    assert myanmar["scope"] == {"extent": "partial", "description": MYANMAR["geography"]}
    assert myanmar["purposes"] == ["peace_process", "other"]
    assert myanmar["purpose_wording"] == MYANMAR["p_other_comment"]
    assert (myanmar["mediated"], _codes(myanmar)["mediator_nego"]) == ("yes", ("China, Japan", None))
    assert _codes(myanmar)["written"] == ("2", "Written agreement")  # '2' is 'yes' too; the code keeps which
    rcss = myanmar["declarations"][2]["declarer"]
    assert rcss == "actor:eth-prio-restoration-council-of-shan-state"
    assert records[rcss]["evidence"] == [
        {"source": eth_prio.TABLE_SOURCE, "quote": "Restoration Council of Shan State"}
    ]
    assert myanmar["declarations"][2]["evidence"][0]["source"] == eth_prio.TABLE_SOURCE  # no Factiva document


def test_unclear_and_missing_date_parts(imported: list[dict[str, Any]]) -> None:
    records = _by_id(imported)
    (eid,) = records["ceasefire:eth-prio-103"]["declarations"]
    assert (eid["declared"], eid["effective"], eid["end"]) == ("2018-06-XX", "2018-XX", "2018-XX-XX")
    (taliban,) = records["ceasefire:eth-prio-104"]["declarations"]
    assert "declared" not in taliban
    assert "effective" not in taliban
    assert taliban["unclear_dates"] == ["declared", "effective"]
    assert _codes(taliban)["cf_dec_month"] == ("-1", "Unclear")
    eln, government = records["ceasefire:eth-prio-107"]["declarations"]
    assert (eln["declared"], eln["effective"], eln["end"]) == ("2015", "2015", "2015-06")
    assert (_codes(eln)["cf_effect_month"], _codes(eln)["cf_effect_day"]) == (("0", None), ("0", None))  # 0, not ''
    assert (government["declared"], "end" in government) == ("2015-06", False)
    assert records["ceasefire:eth-prio-107"]["fixed_duration"] == "P1W"


def test_minus_one_is_never_a_number_in_a_typed_field(imported: list[dict[str, Any]]) -> None:
    records = _by_id(imported)
    unclear = records["ceasefire:eth-prio-105"]

    def typed_values(item: Any) -> Iterator[Any]:
        if isinstance(item, dict):
            for key, value in item.items():
                if key not in ("dataset_codes", "identifiers", "id"):
                    yield from typed_values(value)
        elif isinstance(item, list):
            for value in item:
                yield from typed_values(value)
        else:
            yield item

    assert [v for v in typed_values(unclear) if "-1" in str(v)] == []
    assert unclear["identifiers"] == [{"scheme": "eth_prio_ceasefire", "value": "105"}]
    assert (unclear["written"], unclear["scope"], unclear["fixed_term"], unclear["mediated"]) == (
        "unclear", {"extent": "unclear"}, "unclear", "unclear",
    )  # fmt: skip
    assert (unclear["implementation_mechanism"], unclear["enforcement"], unclear["ddr"]) == ("unclear",) * 3
    codes = {**_codes(unclear), **_codes(unclear["declarations"][0])}
    expected = set(EXPORT_COLUMNS) - {"cf_id", "actor_name", "cf_dec_yr", "written", "partial", "fixed"}
    expected -= {"implement", "enforcement", "ddr", "mediator_nego"}  # typed 'unclear'
    expected -= {"cf_dec_month", "cf_dec_day", "cf_effect_yr", "end_yr"}  # typed: 2019-XX-XX, unclear dates
    assert set(codes) == expected
    assert all(value == ("-1", "Unclear") for value in codes.values())
    assert unclear["declarations"][0]["declared"] == "2019-XX-XX"
    assert unclear["declarations"][0]["unclear_dates"] == ["effective", "end"]
    assert unclear["declarations"][0]["declarer"].startswith("actor:eth-prio-")  # an Arabic name: a digest


def test_links_actor_variants_and_the_pax_id(imported: list[dict[str, Any]]) -> None:
    records = _by_id(imported)
    links = records["ceasefire:eth-prio-106"]
    assert links["related"] == ["ceasefire:eth-prio-101", "ceasefire:eth-prio-107"]  # 999 is not in the output
    assert [_codes(links)[c][0] for c in ("link_id1", "link_id2", "link_id3")] == ["101", "107", "999"]
    assert {"scheme": "pax_agreement", "value": "2271"} in links["identifiers"]
    assert "agreement" not in links  # a reference to a record not in the output would dangle
    (declaration,) = links["declarations"]
    assert declaration["declarer"] == "actor:ucdp-130"
    assert _codes(declaration)["actor_name"] == ("Afghan Government", None)  # the row's own spelling
    assert [r["id"] for r in imported].count("actor:ucdp-130") == 1  # each actor written once
    assert sum(r["id"] == eth_prio.TABLE_SOURCE for r in imported) == 1


def test_every_code_of_every_vocabulary_went_through(imported: list[dict[str, Any]]) -> None:
    older, problems = _import(OLDER)
    assert problems == []
    ceasefires = [r for r in imported + older if r["record_type"] == "ceasefire"]

    def values(field: str) -> set[str]:
        return {c[field] if isinstance(c[field], str) else c[field]["extent"] for c in ceasefires if field in c}

    assert {p for c in ceasefires for p in c.get("purposes", [])} == {p.value for p in Purpose}
    assert values("ceasefire_class") == {c.value for c in CeasefireClass}
    assert values("enforcement") == {e.value for e in Enforcement}
    assert values("scope") == {e.value for e in ScopeExtent}
    for field in ("written", "mediated", "fixed_term", "implementation_mechanism", "ddr"):
        assert values(field) == {b.value for b in Boolish}, field
    older_codes = [_codes(c) for c in older if c["record_type"] == "ceasefire"]
    assert {c["purpose_1"][0] for c in older_codes} == {"-1", "1", "2", "3", "4", "5"}
    assert {c["purpose_1"] for c in older_codes} >= {("2", "Peace Process"), ("-1", "Unclear")}
    assert {c["purpose_2"][0] for c in older_codes} == {"-1", "0", "1", "2", "3", "4", "5"}
    assert {c["ceasefire_type"] for c in older_codes} == {
        ("1", "Definitive"),
        ("2", "Preliminary or Non-definitive"),
        ("-1", "Unclear"),
    }
    by_id = _by_id(older)
    assert by_id["ceasefire:eth-prio-203"]["purposes"] == ["holiday", "peace_process"]
    assert by_id["ceasefire:eth-prio-206"]["purposes"] == ["unclear", "other"]
    assert by_id["ceasefire:eth-prio-207"]["purposes"] == ["peace_process", "unclear"]
    assert by_id["ceasefire:eth-prio-201"]["purposes"] == ["humanitarian"]  # purpose_2 0: not applicable


def test_imported_records_are_valid_for_the_models_and_the_schema(
    imported: list[dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "records.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in imported), encoding="utf-8")
    report = validate_paths([out])
    assert report.findings == []  # no dangling reference, no warning
    assert report.valid_records == len(imported)
    validator = Draft202012Validator(
        published("record.schema.json"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert all(not list(validator.iter_errors(r)) for r in imported)
    kinds = [r["record_type"] for r in imported]
    assert kinds.count("ceasefire") == len({r["cf_id"] for r in GOOD})
    assert kinds.count("actor") == 9
    assert kinds.count("source") == 2  # the table and one Factiva document
    assert kinds.count("conflict") == 4  # Colombia's 289, Myanmar's 222, 223 and 224


def test_round_trip_over_the_whole_table(imported: list[dict[str, Any]]) -> None:
    columns, rows, problems = _export(imported)
    assert problems == []
    assert columns == list(EXPORT_COLUMNS)
    assert len(rows) == len(GOOD)
    for original, exported in zip(GOOD, rows, strict=True):
        assert {c: exported.get(c, "") for c in original} == original


def test_round_trip_of_the_older_layout() -> None:
    records, problems = _import(OLDER)
    assert problems == []
    columns, rows, export_problems = _export(records)
    assert export_problems == []
    assert columns == [*EXPORT_COLUMNS, "purpose_1", "purpose_2", "ceasefire_type"]
    for original, exported in zip(OLDER, rows, strict=True):
        assert {c: exported.get(c, "") for c in original} == original
    assert rows[1]["p_peaceprocess"] == "1"  # the newer layout's dummies are written too


# -- a property over generated cease-fires ------------------------------------------------------------------------

texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=30)
words = st.one_of(texts, st.sampled_from(["-1", " -1 ", "0", "1", "2"]))
maybe = st.one_of(st.just(""), words)
codes = st.sampled_from(["", "-1", "0", "1"])
ids = st.sampled_from(["", "-1", "0", "7", "42", "1845"])
months = st.sampled_from(["", "0", "-1", *map(str, range(1, 13))])
days = st.sampled_from(["", "0", "-1", *map(str, range(1, 29))])


def _year(low: int) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["", "0", "-1"]), st.integers(low, low + 9).map(str))


@st.composite
def ceasefire_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """One cease-fire of one to four rows: cease-fire-level cells shared, row-level cells drawn per row."""
    dummies = draw(
        st.one_of(
            st.just({c: "" for c, _ in PURPOSE_COLUMNS}),
            st.fixed_dictionaries({c: st.sampled_from(["-1", "0", "1"]) for c, _ in PURPOSE_COLUMNS}),
        )
    )
    shared = {
        "cf_id": str(draw(st.integers(1, 5000))),
        "written": draw(st.sampled_from(["", "-1", "0", "1", "2"])), "partial": draw(codes),
        "geography": draw(st.one_of(st.just(""), words)), "fixed": draw(codes),
        "fixed_time": draw(st.one_of(st.just(""), words, st.sampled_from(["3 days", "72 hours", "one week"]))),
        **dummies, "p_other_comment": draw(st.one_of(st.just(""), words)),
        "ceasefire_class": draw(st.sampled_from(["", "-1", "1", "2", "3"])), "implement": draw(codes),
        "enforcement": draw(st.sampled_from(["", "-1", "0", "1", "2", "3"])), "ddr": draw(codes),
        "mediator_nego": draw(st.one_of(codes, texts.filter(lambda t: eth_prio._number(t) is None))),
        "cc": draw(st.one_of(st.just(""), words)), "location": draw(st.one_of(st.just(""), words)),
        "region": draw(st.one_of(st.just(""), words)),
    }  # fmt: skip
    flexible = [*eth_prio.FLEXIBLE_CODE_COLUMNS, "comment", "ucdp_acd_id", "ucdp_dyad", "pax_id"]
    same = {c: draw(ids if c in LINK_COLUMNS or c.endswith("_id") or c == "ucdp_dyad" else words) for c in flexible}
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = {**BLANK, **shared, **same}
        for column in draw(st.lists(st.sampled_from(flexible), max_size=4)):  # some rows differ
            row[column] = draw(
                ids if column in LINK_COLUMNS or column in ("ucdp_acd_id", "ucdp_dyad", "pax_id") else words
            )
        row.update({
            "uniq_id": draw(st.one_of(st.just(""), words)), "side": draw(st.one_of(st.just(""), words)),
            "ucdp_actor_id": draw(ids), "actor_name": draw(texts.filter(lambda t: t.strip() not in ("", "-1"))),
            "cf_dec_yr": draw(_year(1990)), "cf_dec_month": draw(months), "cf_dec_day": draw(days),
            "cf_effect_yr": draw(_year(2000)), "cf_effect_month": draw(months), "cf_effect_day": draw(days),
            "end_yr": draw(_year(2010)), "end_month": draw(months), "end_day": draw(days),
            "evidence_onset": draw(maybe), "evidence_end": draw(maybe),
            "factivia_source": draw(maybe), "factivia_page": draw(maybe),
        })  # fmt: skip
        rows.append(row)
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ceasefire_rows())
def test_property_any_coded_cease_fire_comes_back_unchanged(rows: list[dict[str, str]]) -> None:
    records, problems = _import(rows)
    assert problems == []
    _, exported, export_problems = _export(records)
    assert export_problems == []
    assert len(exported) == len(rows)
    for original, back in zip(rows, exported, strict=True):
        assert {c: back.get(c, "") for c in original} == {c: cell(original, c) for c in original}


# -- rows that cannot be mapped -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("written", "7", "not a code"),
        ("partial", "yes", "not a code"),
        ("ceasefire_class", "4", "not a code"),
        ("enforcement", "4", "not a code"),
        ("p_holiday", "2", "not a code"),
        ("mediator_nego", "2", "not 0, 1, -1"),
        ("cf_dec_yr", "18", "not a year"),
        ("cf_dec_month", "13", "not a month"),
        ("cf_dec_day", "32", "not a day"),
        ("cf_dec_day", "31", "no such day"),  # 2016-06-31
        ("ucdp_actor_id", "FARC", "not a whole number"),
        ("ucdp_acd_id", "289a", "not a whole number"),
        ("link_id4", "twelve", "not a whole number"),
        ("actor_name", " ", "missing"),
        ("actor_name", "-1", "missing"),
        ("cf_effect_yr", "2015", "would not be valid"),  # in effect before it was declared
    ],
)
def test_a_row_that_cannot_be_mapped_is_reported_with_its_cease_fire(column: str, value: str, message: str) -> None:
    bad = [{**row, column: value} for row in ROWS_COLOMBIA]
    records, problems = _import([*ROWS_EID, *bad, *ROWS_TALIBAN])
    assert [p.row for p in problems] == [3, 4]
    assert column in problems[0].column
    assert cell(bad[0], column) in problems[0].value
    assert message in problems[0].message
    assert (problems[1].column, problems[1].value) == ("cf_id", "101")
    assert problems[1].message == "left out with the rest of cease-fire 101: row 3 could not be mapped"
    ceasefires = [r["id"] for r in records if r["record_type"] == "ceasefire"]
    assert ceasefires == ["ceasefire:eth-prio-103", "ceasefire:eth-prio-104"]  # the rows around it are imported
    assert "actor:ucdp-123" not in {r["id"] for r in records}  # nothing of the left-out cease-fire


def test_cease_fire_level_columns_must_agree_and_cf_ids_must_be_consecutive() -> None:
    differing = {**ROWS_COLOMBIA[1], "location": "Venezuela"}
    _, problems = _import([ROWS_COLOMBIA[0], differing])
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "cf_id", "101"), (3, "location", "Venezuela")]
    assert "differs from row 2 ('Colombia')" in problems[1].message
    records, problems = _import([ROWS_COLOMBIA[0], *ROWS_EID, ROWS_COLOMBIA[1], {**BLANK, "cf_id": "x"}])
    assert [(p.row, p.column, p.value) for p in problems] == [(4, "cf_id", "101"), (5, "cf_id", "x")]
    assert "sort the table by cf_id" in problems[0].message
    assert [r["id"] for r in records if r["record_type"] == "ceasefire"] == [
        "ceasefire:eth-prio-101",
        "ceasefire:eth-prio-103",
    ]


def test_the_header() -> None:
    _, problems = _import([{**ROWS_EID[0], "Unnamed: 0": "1", "notes": "x"}])
    assert [(p.row, p.column, p.fatal) for p in problems if isinstance(p, RowProblem) and p.row == 1] == [
        (1, "Unnamed: 0", False),
        (1, "notes", False),
    ]
    records, problems = _import([{"cf_id": "1", "actor_name": "A"}])
    assert records == []
    assert [(p.row, p.column) for p in problems] == [(1, "cf_dec_yr, cf_dec_month, cf_dec_day")]
    assert isinstance(problems[0], RowProblem)
    assert problems[0].fatal


def test_a_subset_of_the_columns_is_enough() -> None:
    rows = [
        {
            "cf_id": "1",
            "actor_name": "Government of Nepal",
            "cf_dec_yr": "2006",
            "cf_dec_month": "4",
            "cf_dec_day": "26",
        }
    ]
    records, problems = _import(rows)
    assert problems == []
    _, exported, _ = _export(records)
    assert {c: exported[0].get(c, "") for c in rows[0]} == rows[0]


def test_same_slug_different_names_are_different_actors() -> None:
    rows = [
        _row(cf_id="1", actor_name=name, cf_dec_yr="2000") for name in ("Frente Norte", "Frente-Norte", "Frente Norte")
    ]
    records, problems = _import(rows)
    assert problems == []
    (ceasefire,) = [r for r in records if r["record_type"] == "ceasefire"]
    first, second, third = (d["declarer"] for d in ceasefire["declarations"])
    assert first == third == "actor:eth-prio-frente-norte"
    assert second.startswith("actor:eth-prio-frente-norte-")
    assert second != first
    assert ceasefire["arrangement"] == "bilateral"


@pytest.mark.parametrize(
    ("wording", "duration"),
    [("3 days", "P3D"), ("72 hours", "PT72H"), ("one week", "P1W"), ("30-day", "P30D"), ("Two Months", "P2M"),
     ("1 year", "P1Y"), ("until the end of Eid", None), ("3 days (Eid)", None), ("0 days", None), ("3", None)],
)  # fmt: skip
def test_fixed_time_becomes_a_duration_only_when_unambiguous(wording: str, duration: str | None) -> None:
    assert fixed_duration(wording) == duration


def test_link_pax_points_at_the_pax_importers_record() -> None:
    records, _ = _import(ROWS_LINKS, link_pax=True)
    (ceasefire,) = [r for r in records if r["record_type"] == "ceasefire"]
    assert ceasefire["agreement"] == "agreement:pax-2271"
    _, rows, problems = _export(records)
    assert (problems, rows[0]["pax_id"]) == ([], "2271")


# -- the export of records not imported from the dataset -------------------------------------------------------------


def test_hand_written_cease_fires_are_reported_or_numbered(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples" / "valid"
    out = tmp_path / "cf.csv"
    result = runner.invoke(app, ["export", "eth-prio-cf", str(examples), "--out", str(out)])
    assert result.exit_code == 1
    assert "ceasefire:2018-06-eid-afghanistan: identifiers: no eth_prio_ceasefire identifier" in result.output
    with out.open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == []  # the header only
    result = runner.invoke(
        app, ["export", "eth-prio-cf", str(examples), "--out", str(out), "--synthetic-cf-ids", "900001"]
    )
    assert result.exit_code == 1  # titles, status steps, places... are reported
    assert "ceasefire:2015-02-15-minsk-ii-ceasefire: declarations[1].side: no column for it" in result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    aceh = [r for r in rows if r["cf_id"] == "900001"]
    assert [r["actor_name"] for r in aceh] == ["Government of Indonesia", "Free Aceh Movement"]
    assert (aceh[0]["cf_dec_yr"], aceh[0]["cf_dec_month"], aceh[0]["cf_dec_day"]) == ("2002", "12", "9")
    assert (aceh[0]["written"], aceh[0]["partial"], aceh[0]["p_peaceprocess"]) == ("1", "1", "1")
    assert aceh[0]["mediator_nego"] == "Henry Dunant Centre for Humanitarian Dialogue"
    numbers = sorted({int(r["cf_id"]) for r in rows})
    assert numbers == list(range(900001, 900001 + len(numbers)))  # in input order, one per cease-fire


def test_export_reports_what_the_table_cannot_hold() -> None:
    record = Ceasefire.model_validate({
        "record_type": "ceasefire", "id": "ceasefire:x", "schema_version": "1.2", "title": "X",
        "identifiers": [{"scheme": "eth_prio_ceasefire", "value": "5"}, {"scheme": "wikidata", "value": "Q1"}],
        "declarations": [{"declarer": "actor:nobody", "declared": "2004-12-26/2005-01", "channel": "statement"}],
        "scope": {"extent": "partial", "places": [{"name": "Aceh"}]}, "fixed_duration": "P10D",
        "related": ["event:e-1"],
    })  # fmt: skip
    table = export_eth_prio_cf([record])
    items = list(table.rows)
    problems = {(p.field, p.message.split(":")[0]) for p in items if isinstance(p, ExportProblem)}
    assert {field for field, _ in problems} == {
        "identifiers[1]", "declarations[0].declarer", "declarations[0].declared", "declarations[0].channel",
        "scope.places", "related[0]", "title",
    }  # fmt: skip
    (row,) = [i for i in items if isinstance(i, dict)]
    assert (row["cf_id"], row["fixed_time"], row["partial"], row["cf_dec_yr"]) == ("5", "10 days", "1", "")


# -- the command line -------------------------------------------------------------------------------------------------


def test_cli_import_exit_codes_problems_and_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "cfd.csv"
    out = tmp_path / "records.jsonl"
    table.write_text(_csv(ROWS_EID), encoding="utf-8")
    result = runner.invoke(app, ["import", "eth-prio-cf", str(table), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 record(s) written" in result.output
    table.write_text(_csv([*ROWS_EID, *ROWS_BAD]), encoding="utf-8")
    result = runner.invoke(app, ["import", "eth-prio-cf", str(table), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{table}:3: row 3, column written = '7': not a code of this column" in result.output
    assert f"{table}:4: row 4, column cf_id = '108': left out with the rest of cease-fire 108" in result.output
    assert "2 row(s) left out" in result.output
    before = out.read_bytes()
    assert b"eth-prio-103" in before

    def failing(path: Path, **options: Any) -> Iterator[Any]:
        yield from import_eth_prio_cf(ROWS_EID)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(eth_prio, "import_eth_prio_cf_file", failing)
    result = runner.invoke(app, ["import", "eth-prio-cf", str(table), "--out", str(out)])
    assert result.exit_code == 3
    assert "Input/output error" in result.output
    assert out.read_bytes() == before  # the old output is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cfd.csv", "records.jsonl"]  # no temporary left


def test_cli_import_of_something_else(tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    other = tmp_path / "other.csv"
    other.write_text("cf_id,actor_name\n1,A\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "eth-prio-cf", str(other), "--out", str(out)])
    assert result.exit_code == 3
    assert "is this the ETH/PRIO cease-fire table?" in result.output
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"cf_id,actor_name,cf_dec_yr,cf_dec_month,cf_dec_day\n1,\xff\xfe,2000,1,1\n")
    result = runner.invoke(app, ["import", "eth-prio-cf", str(binary), "--out", str(out)])
    assert result.exit_code == 3
    broken = tmp_path / "broken.csv"
    broken.write_text(f"cf_id,actor_name,cf_dec_yr,cf_dec_month,cf_dec_day\n1,{'A' * 200_000},2000,1,1\n")
    result = runner.invoke(app, ["import", "eth-prio-cf", str(broken), "--out", str(out)])
    assert result.exit_code == 3  # a cell beyond the csv module's limit
    assert "field larger than field limit" in result.output
    result = runner.invoke(app, ["import", "eth-prio-cf", str(tmp_path / "missing.csv"), "--out", str(out)])
    assert result.exit_code == 3
    assert not out.exists()


def test_cli_unknown_columns_are_reported_once_and_the_rest_imported(tmp_path: Path) -> None:
    table = tmp_path / "cfd.csv"
    rows = [{**ROWS_EID[0], "extra": "a"}, {**ROWS_TALIBAN[0], "extra": "b"}]
    table.write_text(_csv(rows, [*EXPORT_COLUMNS, "extra"]), encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "eth-prio-cf", str(table), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.count("column extra") == 1
    assert "0 row(s) left out" in result.output
    assert out.read_text(encoding="utf-8").count('"ceasefire"') == 2


def test_cli_export_round_trip_and_invalid_input(tmp_path: Path) -> None:
    table = tmp_path / "cfd.csv"
    table.write_text(_csv(GOOD), encoding="utf-8")
    records = tmp_path / "records"
    records.mkdir()
    assert runner.invoke(app, ["import", "eth-prio-cf", str(table), "--out", str(records / "a.jsonl")]).exit_code == 0
    out = tmp_path / "back.csv"
    result = runner.invoke(app, ["export", "eth-prio-cf", str(records), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{len(GOOD)} row(s) written" in result.output
    with out.open(encoding="utf-8", newline="") as handle:
        back = list(csv.DictReader(handle))
    assert back == GOOD  # the whole table, cell for cell
    (records / "b.json").write_text('{"record_type": "ceasefire", "id": "ceasefire:x"}', encoding="utf-8")
    before = out.read_bytes()
    result = runner.invoke(app, ["export", "eth-prio-cf", str(records), "--out", str(out)])
    assert result.exit_code == 1
    assert "nothing exported" in result.output
    assert out.read_bytes() == before
    result = runner.invoke(app, ["export", "eth-prio-cf", str(tmp_path / "nowhere"), "--out", str(out)])
    assert result.exit_code == 3


# -- conflicts (ucdp_acd_id) -------------------------------------------------------------------------------------------

#: Colombia 2017: the ELN's unilateral cease-fire in the same UCDP conflict as the FARC's (289).
ROWS_ELN = [
    _row(NO_PURPOSE, cf_id="109", uniq_id="13", ucdp_actor_id="155", actor_name="Ejército de Liberación Nacional (ELN)",
         ucdp_acd_id="289.0", ucdp_dyad="581", cf_dec_yr="2017", cf_dec_month="9", cf_dec_day="4", p_peaceprocess="1",
         location="Colombia"),
]  # fmt: skip


def test_each_ucdp_conflict_is_one_record_written_before_the_first_cease_fire_naming_it() -> None:
    records, problems = _import([*ROWS_COLOMBIA, *ROWS_MYANMAR, *ROWS_ELN])
    assert problems == []
    order = [r["id"] for r in records if r["record_type"] in ("conflict", "ceasefire")]
    assert order == [
        "conflict:ucdp-289", "ceasefire:eth-prio-101",
        "conflict:ucdp-222", "conflict:ucdp-223", "conflict:ucdp-224", "ceasefire:eth-prio-102",
        "ceasefire:eth-prio-109",  # 289 again ('289.0'): written once
    ]  # fmt: skip
    by_id = _by_id(records)
    assert by_id["ceasefire:eth-prio-109"]["conflicts"] == ["conflict:ucdp-289"]
    assert {r["name"] for r in records if r["record_type"] == "conflict"} == {
        "UCDP conflict 289", "UCDP conflict 222", "UCDP conflict 223", "UCDP conflict 224"
    }  # fmt: skip
    assert {r["schema_version"] for r in records} == {SCHEMA_VERSION}
    _, rows, export_problems = _export(records)
    assert export_problems == []
    assert [r["ucdp_acd_id"] for r in rows] == ["289", "289", "222", "223", "224", "289"]


@pytest.mark.parametrize("value", ["289, 290", "289;290", "289/290", "UCDP 289", "289.5"])
def test_a_malformed_conflict_id_leaves_its_cease_fire_out_and_writes_no_conflict(value: str) -> None:
    # one id per row: a cease-fire across conflicts has a row per declarer and conflict (Myanmar's); a cell naming
    # several is not guessed at
    bad = [{**row, "ucdp_acd_id": value} for row in ROWS_COLOMBIA]
    records, problems = _import([*bad, *ROWS_EID])
    assert [(p.row, p.column) for p in problems] == [(2, "ucdp_acd_id"), (3, "cf_id")]
    assert "not a whole number (an id)" in problems[0].message
    assert [r["id"] for r in records if r["record_type"] in ("conflict", "ceasefire")] == ["ceasefire:eth-prio-103"]
    # the conflict of a cease-fire left out is written with the next cease-fire naming it
    records, problems = _import([*bad, *ROWS_ELN])
    assert [r["id"] for r in records if r["record_type"] in ("conflict", "ceasefire")] == [
        "conflict:ucdp-289", "ceasefire:eth-prio-109"
    ]  # fmt: skip


def _conflict(local: str, *ucdp: str) -> dict[str, Any]:
    identifiers = [{"scheme": "ucdp_conflict", "value": u} for u in ucdp]
    return {"record_type": "conflict", "id": f"conflict:{local}", "schema_version": SCHEMA_VERSION,
            "name": f"Conflict {local}", "identifiers": identifiers}  # fmt: skip


@pytest.mark.parametrize(
    ("conflicts", "identifiers", "cell", "problems"),
    [
        (["conflict:aceh"], [], "157", []),
        ([], [{"scheme": "ucdp_conflict", "value": "157"}], "157", []),  # as imports before 1.5 kept the id
        (["conflict:aceh"], [{"scheme": "ucdp_conflict", "value": "157"}], "157", []),  # the same id: said once
        (["conflict:elsewhere"], [], "", [("conflicts[0]", "not among the records given")]),
        (["conflict:no-id"], [], "", [("conflicts[0]", "no UCDP id")]),
        (["conflict:two-ids"], [], "", [("conflicts[0]", "2 UCDP ids")]),
        (["conflict:aceh", "conflict:other"], [], "157", [("conflicts", "several ucdp_conflict ids")]),
    ],
)  # fmt: skip
def test_ucdp_acd_id_is_written_from_the_conflicts(
    conflicts: list[str], identifiers: list[dict[str, str]], cell: str, problems: list[tuple[str, str]]
) -> None:
    ceasefire = {
        "record_type": "ceasefire", "id": "ceasefire:aceh", "schema_version": SCHEMA_VERSION,
        "identifiers": [{"scheme": "eth_prio_ceasefire", "value": "5"}, *identifiers],
        "declarations": [{"declarer": "actor:gam", "declared": "2002-12-09"}], "conflicts": conflicts,
    }  # fmt: skip
    actor = {"record_type": "actor", "id": "actor:gam", "schema_version": SCHEMA_VERSION, "name": "GAM",
             "kind": "armed_group"}  # fmt: skip
    inputs = [_conflict("aceh", "157"), _conflict("other", "999"), _conflict("no-id"), _conflict("two-ids", "1", "2")]
    _, rows, found = _export([*inputs, actor, ceasefire])
    assert [row.get("ucdp_acd_id", "") for row in rows] == [cell]
    assert len(found) == len(problems)
    for problem, (field, message) in zip(found, problems, strict=True):
        assert (problem.record, problem.field) == ("ceasefire:aceh", field)
        assert message in problem.message


# -- conflicts shared with the PA-X import ----------------------------------------------------------------------


def _pax_import(folder: Path, *options: str) -> Path:
    table = folder / "pax.csv"
    table.write_text(pax_csv(pax_rows()), encoding="utf-8")
    out = folder / "pax.jsonl"
    result = runner.invoke(app, ["import", "pax", str(table), "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return out


def _eth_import(folder: Path, *options: str) -> tuple[Path, int]:
    table = folder / "cfd.csv"
    table.write_text(_csv(GOOD), encoding="utf-8")
    out = folder / "cfd.jsonl"
    result = runner.invoke(app, ["import", "eth-prio-cf", str(table), "--out", str(out), *options])
    return out, result.exit_code


def _conflicts_in(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [r["id"] for r in map(json.loads, lines) if r["record_type"] == "conflict"]


def test_the_two_imports_validate_together_when_one_reuses_the_others_conflicts(tmp_path: Path) -> None:
    pax_out = _pax_import(tmp_path)
    assert "conflict:ucdp-289" in _conflicts_in(pax_out)
    # without the option both write UCDP conflict 289: validated together, one duplicate id
    alone, status = _eth_import(tmp_path)
    assert status == 0
    assert "conflict:ucdp-289" in _conflicts_in(alone)
    both = validate_paths([pax_out, alone])
    assert [(f.code, f.record_id) for f in both.findings] == [("PT302", "conflict:ucdp-289")]
    # with it, the ETH/PRIO import names PA-X's record and writes only the conflicts PA-X has not
    out, status = _eth_import(tmp_path, "--conflicts-from", str(pax_out))
    assert status == 0
    assert _conflicts_in(out) == [c for c in _conflicts_in(alone) if c not in _conflicts_in(pax_out)]
    assert _conflicts_in(out)  # Myanmar's three conflicts are not in the PA-X rows
    records = _by_id([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    assert records["ceasefire:eth-prio-101"]["conflicts"] == ["conflict:ucdp-289"]
    report = validate_paths([pax_out, out])
    assert report.findings == []
    written = [*pax_out.read_text(encoding="utf-8").splitlines(), *out.read_text(encoding="utf-8").splitlines()]
    assert report.valid_records == len(written)


def test_the_pax_import_reuses_the_eth_prio_conflicts_too(tmp_path: Path) -> None:
    eth_out, status = _eth_import(tmp_path)
    assert status == 0
    pax_out = _pax_import(tmp_path, "--conflicts-from", str(eth_out))
    assert "conflict:ucdp-289" not in _conflicts_in(pax_out)
    assert "conflict:ucdp-333" in _conflicts_in(pax_out)  # the Doha agreement's, not in the cease-fire rows
    assert validate_paths([pax_out, eth_out]).findings == []


def test_a_conflicts_file_that_cannot_be_used_stops_the_import(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    out, status = _eth_import(tmp_path, "--conflicts-from", str(missing))
    assert status == 3
    assert not out.exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record_type": "conflict", "id": "conflict:x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["import", "eth-prio-cf", str(tmp_path / "cfd.csv"), "--out", str(out),
                                 "--conflicts-from", str(bad)])  # fmt: skip
    assert result.exit_code == 1
    assert "cannot use the conflicts of" in result.output
    assert not out.exists()
