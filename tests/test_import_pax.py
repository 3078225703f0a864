"""The PA-X importer: every column and every code of its vocabularies, awkward values, problems reported per row,
output valid against the models and the published schema, and written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from peace_talks_model import validate_paths
from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.cli import app
from peace_talks_model.interop import pax
from peace_talks_model.interop.contract import RowProblem
from peace_talks_model.interop.pax import STATUS, ActorIndex, import_pax, split_wording
from peace_talks_model.models import Actor
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


#: A ThrdPart cell in the form of the table's (Sudan's Comprehensive Peace Agreement and its like): groups of third
#: parties, each opened by a label naming their role.
SUDAN_THIRD_PARTIES = (
    "Witnessed by:\nDaniel T. arap Moi, President of the Republic of Kenya\nGovernment of Uganda;\n"
    "Mediated by: IGAD\n\nGUARANTORS:\n- United Nations\n- African Union [signature]"
)


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
            "ThrdPart": {8: "Royal Government of Norway", 9: SUDAN_THIRD_PARTIES}.get(index, ""),
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
    ]  # the UCDP conflict id is the conflict's (below)
    assert agreement["conflicts"] == ["conflict:ucdp-333"]
    assert by_type["conflict"] == {
        "record_type": "conflict",
        "id": "conflict:ucdp-333",
        "schema_version": SCHEMA_VERSION,
        "identifiers": [{"scheme": "ucdp_conflict", "value": "333"}],
        "name": "Afghanistan",
        "evidence": [{"source": pax.TABLE_SOURCE, "quote": "Afghanistan"}],
    }
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

    def failing(path: Path, **options: Any) -> Any:
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


# --------------------------------------------------------------------------------------------------
# Party mentions: the wordings split where the text allows, resolved by name
# --------------------------------------------------------------------------------------------------


def _actor(actor_id: str, name: str, *names: str) -> dict[str, Any]:
    return {
        "record_type": "actor",
        "id": actor_id,
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "kind": "organization",
        "names": [{"text": n, "kind": "alias"} for n in names],
    }


ACTORS = [
    _actor("actor:paax-con-1", "Croatia", "Government of Croatia", "Republic Croatia"),
    _actor("actor:paax-con-21", "Russia", "Russian Federation"),
    _actor("actor:paax-arm-741", "Hamas"),
    _actor("actor:paax-arm-742", "Fatah"),
    _actor("actor:paax-con-346", "Bosnia and Herzegovina"),
    _actor("actor:paax-con-347", "Bosnia"),
    _actor("actor:paax-igo-1", "United Nations", "UN"),
    _actor("actor:paax-pol-1", "Partido Social Demócrata", "PSD"),
    _actor("actor:paax-pol-2", "Parti Social-Démocrate", "psd"),  # the same abbreviation: ambiguous
]
INDEX = ActorIndex.from_records(Actor.model_validate(a) for a in ACTORS)


def _mention_texts(wording: str, actors: ActorIndex | None = None) -> list[str]:
    return [p.text for p in split_wording(wording, actors) if p.kind == "mention"]


@pytest.mark.parametrize(
    ("wording", "mentions"),
    [
        (DOHA["Part"],
         ["Zalmay Khalilzad, U.S. Special Representative", "Mullah Abdul Ghani Baradar, Political Deputy"]),
        ("For the Krajina authorities: S. Jarcevic; For the Government of Croatia: Ivica Mudrinic",
         ["Krajina authorities", "S. Jarcevic", "Government of Croatia", "Ivica Mudrinic"]),
        ("Witnessed by: Datuk Othman, Malaysian Facilitator", ["Datuk Othman, Malaysian Facilitator"]),
        ("Signatories:\r\n\r\n• Mr Claude GOUANDJA [signature]\r\n1. S. Mesaros;\n(Signed) Félix Doh,",
         ["Mr Claude GOUANDJA", "S. Mesaros", "Félix Doh"]),
        ("On behalf of the CAM\nBilal Ag Acherif \n\nal-Hamza Division - Abu Bakr Saif [signed]",
         ["CAM", "Bilal Ag Acherif", "al-Hamza Division - Abu Bakr Saif"]),
        ("Witnesses:\n[no signature]", []),  # labels only
        ("  Hamas and Fatah  ", ["Hamas and Fatah"]),  # without actors, ' and ' is never split
    ],
)  # fmt: skip
def test_wordings_split_where_the_text_allows(wording: str, mentions: list[str]) -> None:
    assert _mention_texts(wording) == mentions


@pytest.mark.parametrize(
    "wording",
    [
        "Not signed, but issued by the Central Committee;\nAlso understood from the text.",  # prose
        "Unsigned - but mentioned in the text \nThe Government of Colombia \nFARC",
        "Government of Croatia and\nthe Krajina authorities",  # a line continues a phrase
        "Representatives (Government of Croatia;\nKrajina)",  # the split would cut through brackets
        "Government of Croatia;\n" + " ".join(["word"] * 31),  # a piece too long to be a name
    ],
)
def test_a_wording_that_does_not_split_cleanly_stays_one_mention(wording: str) -> None:
    assert _mention_texts(wording) == [wording.strip()]


@pytest.mark.parametrize(
    ("wording", "mentions"),
    [
        ("Hamas and Fatah", ["Hamas", "Fatah"]),
        ("Government of Croatia and the Russian Federation", ["Government of Croatia", "Russian Federation"]),
        ("Bosnia and Herzegovina", ["Bosnia and Herzegovina"]),  # the whole is a name
        ("Hamas and the Krajina authorities", ["Hamas and the Krajina authorities"]),  # one side unknown
        ("Hamas and PSD", ["Hamas and PSD"]),  # one side ambiguous
    ],
)
def test_and_is_split_only_between_two_actors_names(wording: str, mentions: list[str]) -> None:
    assert _mention_texts(wording, INDEX) == mentions


def test_mentions_resolve_to_exactly_one_actor_by_name() -> None:
    assert INDEX.resolve("  government   OF croatia ") == "actor:paax-con-1"  # case and whitespace
    assert INDEX.resolve("UN") == "actor:paax-igo-1"  # any of the names
    assert INDEX.resolve("PSD") is None  # two actors: ambiguous
    assert INDEX.known("PSD")
    assert INDEX.resolve("Government of Croatia, Zagreb") is None  # exact names only


def test_resolved_signing_parties_are_added_to_parties_third_parties_are_not() -> None:
    row = {
        **DOHA,
        "Part": "For the Government of Croatia: Ivica Mudrinic; Hamas and Fatah; PSD\nWitnesses: Russian Federation",
        "ThrdPart": "Witnessed by: United Nations; Government of Croatia",
    }
    agreement = next(r for r in import_pax([row], actors=INDEX) if isinstance(r, dict) and "parties_wording" in r)

    def by(rule: str, confidence: float, matched: str) -> dict[str, Any]:
        return {"rule": rule, "confidence": confidence, "matched": matched}

    croatia = by("alias", 0.97, "Government of Croatia")
    assert agreement["party_mentions"] == [
        {"text": "Government of Croatia", "role": "party", "actor": "actor:paax-con-1", "link": croatia},
        # signs for the heading's actor ('For the Government of Croatia:'), up to the ';'
        {"text": "Ivica Mudrinic", "role": "party", "actor": "actor:paax-con-1",
         "link": by("heading", 0.85, "Government of Croatia")},
        {"text": "Hamas", "role": "party", "actor": "actor:paax-arm-741", "link": by("name", 1.0, "Hamas")},
        {"text": "Fatah", "role": "party", "actor": "actor:paax-arm-742", "link": by("name", 1.0, "Fatah")},
        {"text": "PSD", "role": "party"},
        {"text": "Russian Federation", "role": "party", "actor": "actor:paax-con-21",
         "link": by("alias", 0.97, "Russian Federation")},  # after 'Witnesses:'
        {"text": "United Nations", "role": "third_party", "actor": "actor:paax-igo-1",
         "link": by("name", 1.0, "United Nations")},
        {"text": "Government of Croatia", "role": "third_party", "actor": "actor:paax-con-1", "link": croatia},
    ]  # fmt: skip
    assert agreement["parties"] == ["actor:paax-con-1", "actor:paax-arm-741", "actor:paax-arm-742"]
    assert agreement["parties_wording"] == row["Part"]  # still verbatim
    without = next(r for r in import_pax([row]) if isinstance(r, dict) and "parties_wording" in r)
    assert "parties" not in without
    assert all("actor" not in m for m in without["party_mentions"])


def _third_parties(cell: str, actors: ActorIndex | None = None, part: str = "") -> list[dict[str, Any]]:
    row = {**DOHA, "Part": part or DOHA["Part"], "ThrdPart": cell}
    agreement = next(r for r in import_pax([row], actors=actors) if isinstance(r, dict) and "parties_wording" in r)
    assert agreement.get("third_parties_wording", "") == cell.strip()  # the wording stays verbatim
    return list(agreement.get("third_parties", []))


def test_third_parties_labelled_with_their_role_are_read_in_that_role() -> None:
    assert _third_parties(SUDAN_THIRD_PARTIES) == [
        {"description": "Daniel T. arap Moi, President of the Republic of Kenya", "role": "witness",
         "role_wording": "Witnessed by"},
        {"description": "Government of Uganda", "role": "witness", "role_wording": "Witnessed by"},
        {"description": "IGAD", "role": "mediator", "role_wording": "Mediated by"},
        {"description": "United Nations", "role": "guarantor", "role_wording": "GUARANTORS"},
        {"description": "African Union", "role": "guarantor", "role_wording": "GUARANTORS"},
    ]  # fmt: skip
    # with actors, a mention naming one actor gives the actor (and 'A and B' splits as for the mentions)
    assert _third_parties(SUDAN_THIRD_PARTIES, INDEX)[3] == {
        "actor": "actor:paax-igo-1", "role": "guarantor", "role_wording": "GUARANTORS"
    }  # fmt: skip
    assert _third_parties("Facilitated by: Hamas and Fatah; UN; Hamas", INDEX) == [
        {"actor": "actor:paax-arm-741", "role": "facilitator", "role_wording": "Facilitated by"},
        {"actor": "actor:paax-arm-742", "role": "facilitator", "role_wording": "Facilitated by"},
        {"actor": "actor:paax-igo-1", "role": "facilitator", "role_wording": "Facilitated by"},
    ]  # each once


@pytest.mark.parametrize(
    ("cell", "roles"),
    [
        ("Observers: A; B", [("A", "observer", "Observers"), ("B", "observer", "Observers")]),
        ("In the presence of Mr X", [("Mr X", "witness", "In the presence of")]),
        ("Hosted by: State of Qatar", [("State of Qatar", "host", "Hosted by")]),
        ("Guaranteed by: Norway", [("Norway", "guarantor", "Guaranteed by")]),
        ("Permanent companions:\nCuba", [("Cuba", "accompanying", "Permanent companions")]),
        ("Témoins: Pays A\nTestigos: País B", [("Pays A", "witness", "Témoins"), ("País B", "witness", "Testigos")]),
        ("Mediator: Kofi Annan; For the UN: B. Pascoe", [("Kofi Annan", "mediator", "Mediator"),
                                                        ("UN", "mediator", "Mediator"),
                                                        ("B. Pascoe", "mediator", "Mediator")]),
        # a signing label, or a label that names no one role, ends the group: what follows has no role
        ("Witnesses: A\nSigned: B", [("A", "witness", "Witnesses")]),
        ("Mediators: A; Signatories/Witnesses: B; C", [("A", "mediator", "Mediators")]),
        # mentions before the first label say no role
        ("A; B\nWitnessed by: C", [("C", "witness", "Witnessed by")]),
    ],
)  # fmt: skip
def test_each_role_label_opens_a_group_until_the_next_label(cell: str, roles: list[tuple[str, str, str]]) -> None:
    assert [(t["description"], t["role"], t["role_wording"]) for t in _third_parties(cell)] == roles


@pytest.mark.parametrize(
    "cell",
    [
        "Government of Kenya; Government of Uganda\nIGAD",  # a list without labels: PA-X does not say the roles
        "UN (witness)\nAU",  # a role in brackets is no label
        "Signatories/Witnesses: A; B",  # a label of no one role
        "Witnessed by the Government of Kenya and\nthe Government of Uganda",  # does not split cleanly: one mention
        "Not signed. Mediated by: IGAD",  # prose
    ],
)
def test_third_parties_whose_role_the_wording_does_not_say_are_mentions_only(cell: str) -> None:
    assert _third_parties(cell) == []
    assert _mention_texts(cell)  # still mentions


def test_a_third_parties_label_in_part_does_not_give_third_parties() -> None:
    # only ThrdPart is read for third parties: a witness in Part stays a mention of role party
    assert _third_parties("", part="Signed: A\nWitnesses: Russian Federation", actors=INDEX) == []


def test_every_third_parties_label_names_a_role_but_one() -> None:
    labels = {" ".join(label.split()) for label in (*pax.THIRD_PARTY_LABELS, *pax.THIRD_PARTY_BY_LABELS)}
    assert set(pax.THIRD_PARTY_ROLES) <= labels
    assert labels - set(pax.THIRD_PARTY_ROLES) == {"signatories/witnesses"}


_NAME_LIKE = st.sampled_from(
    ["Government of Croatia", "Hamas", "Fatah", "Bosnia and Herzegovina", "PSD", "al-Hamza Division", "Félix Doh",
     "Zalmay Khalilzad, U.S. Special Representative", "Krajina authorities", "the FARC-EP", "جبهة"]
)  # fmt: skip
_LABEL_LIKE = st.sampled_from(
    ["Signed:", "Signed by ", "Witnessed by: ", "Witnesses", "WITNESSES:", "For the ", "On behalf of ", "(Signed) ",
     "[signature]", "[no signature]", "• ", "1. ", "b) ", "Not signed, ", "Guarantors:"]
)  # fmt: skip
_SEPARATOR_LIKE = st.sampled_from([";", "\n", "\r\n", "\n\n", " ", ", ", ": ", " and ", " and the ", "(", ")", "\t"])
_WORDING = st.one_of(
    # anything made of names, labels, separators and noise
    st.lists(st.one_of(_NAME_LIKE, _LABEL_LIKE, _SEPARATOR_LIKE, st.text(max_size=12)), max_size=14).map("".join),
    # lists as the table writes them: label, name, separator
    st.lists(
        st.tuples(
            st.one_of(st.just(""), _LABEL_LIKE.filter(lambda label: label != "Not signed, ")),
            _NAME_LIKE.filter(lambda name: name[0].isupper()),
            st.sampled_from([";", "\n", "; \n", "\r\n\r\n"]),
        ),
        min_size=1,
        max_size=6,
    ).map(lambda items: "".join("".join(item) for item in items)),
)


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


#: What a label piece may be, from the documented label lists (docs/import/pax.md).
_LABEL_PIECE = re.compile(
    rf"(?i:(?:{_alternatives(pax.SIGNING_LABELS + pax.THIRD_PARTY_LABELS)})\s*(?::\s*)?"
    rf"|(?:{_alternatives(pax.SIGNING_BY_LABELS + pax.THIRD_PARTY_BY_LABELS)})(?:\s*:\s*|\s+)?"
    rf"|(?:{_alternatives(pax.FOR_LABELS)})\s+(?:(?:the|la|le|les|el|los|las)\s+|l['’])?"
    r"|[\[(][^\[\]()]*[\])]\s*"
    r"|(?:[•·▪◦*\-–—]+\s*|\(?(?:[0-9]{1,3}|[ivx]{1,5}|[a-z])[.)]\s+))"
)


@settings(max_examples=300, deadline=None)
@given(_WORDING, st.booleans())
def test_a_split_loses_nothing_and_every_mention_is_verbatim(wording: str, with_actors: bool) -> None:
    pieces = split_wording(wording, INDEX if with_actors else None)
    assert "".join(p.text for p in pieces) == wording  # nothing lost, nothing added, in order
    event(f"{min(sum(p.kind == 'mention' for p in pieces), 2)} mention(s) (2: two or more)")
    event("with a label" if any(p.kind == "label" for p in pieces) else "without labels")
    for piece in pieces:
        if piece.kind == "mention":
            assert piece.text.strip() == piece.text != ""
            assert piece.text in wording
        elif piece.kind == "separator":
            assert re.fullmatch(r"[\s;:,]+", piece.text), piece
        elif piece.kind == "conjunction":
            assert re.fullmatch(r"\s+and\s+(?:the\s+)?", piece.text), piece
        else:
            assert _LABEL_PIECE.fullmatch(piece.text), piece
    if wording.strip() and not any(p.kind == "mention" for p in pieces):
        assert all(p.kind in ("label", "separator") for p in pieces)


def test_import_with_actors_resolves_and_validates_with_them(tmp_path: Path) -> None:
    actors = tmp_path / "actors.jsonl"
    actors.write_text("".join(json.dumps(a) + "\n" for a in ACTORS), encoding="utf-8")
    table = tmp_path / "pax.csv"
    table.write_text(_csv([{**DOHA, "Part": "Hamas and Fatah", "ThrdPart": "Witnessed by: UN"}]), encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "pax", str(table), "--out", str(out), "--actors", str(actors)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    agreement = next(r for r in records if r["record_type"] == "agreement")
    assert agreement["parties"] == ["actor:paax-arm-741", "actor:paax-arm-742"]
    assert [m.get("actor") for m in agreement["party_mentions"]] == [
        "actor:paax-arm-741",
        "actor:paax-arm-742",
        "actor:paax-igo-1",
    ]
    report = validate_paths([out, actors])  # no external references: the actors are given
    assert [f for f in report.findings if f.file == str(out)] == []
    assert report.exit_code == 0  # (the test's actors lack evidence: warnings on them only)
    validator = Draft202012Validator(published("record.schema.json"))
    assert not list(validator.iter_errors(agreement))


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (None, 3, "no such file"),
        ('{"record_type": "actor", "id": "actor:x"}\n', 1, "not a valid record"),
        ("not json\n", 1, "cannot use the actors"),
    ],
)
def test_an_actors_file_that_cannot_be_used_writes_nothing(
    tmp_path: Path, content: str | None, code: int, message: str
) -> None:
    actors = tmp_path / "actors.jsonl"
    if content is not None:
        actors.write_text(content, encoding="utf-8")
    table = tmp_path / "pax.csv"
    table.write_text(_csv([DOHA]), encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "pax", str(table), "--out", str(out), "--actors", str(actors)])
    assert result.exit_code == code
    assert message in result.output
    assert not out.exists()


# --------------------------------------------------------------------------------------------------
# Conflicts: a Conflict record per UCDP conflict id of UcdpCon, named by the agreements
# --------------------------------------------------------------------------------------------------

#: Rows of the table's kind naming UCDP conflicts: the Sudan process (a row naming two conflicts, then one naming
#: each), and a row without an id.
SUDAN = {
    **DOHA, "PP": "37", "PPName": "Sudan: North-South process", "Con": "Sudan/South Sudan", "Contp": "Territory",
    "Reg": "Africa (excl MENA)", "Loc1ISO": "SDN", "Loc2ISO": "SSD", "Loc1GWNO": "625.0", "Loc2GWNO": "626.0",
}  # fmt: skip
CONFLICT_ROWS = [
    {**SUDAN, "AgtId": "1373", "Agt": "Agreement on the Cessation of Hostilities", "UcdpCon": "309.0, 11346"},
    {**SUDAN, "AgtId": "1374", "Agt": "Protocol on Security Arrangements", "Con": "Sudan", "UcdpCon": "309.0"},
    {**SUDAN, "AgtId": "1375", "Agt": "Agreement on Outstanding Issues", "Con": "South Sudan", "UcdpCon": "11346;309"},
    {**SUDAN, "AgtId": "1376", "Agt": "Declaration without a conflict id", "UcdpCon": ""},
]  # fmt: skip


def _records(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    out = list(import_pax(rows))
    assert not [o for o in out if isinstance(o, RowProblem)]
    return [o for o in out if isinstance(o, dict)]


def test_each_ucdp_conflict_is_one_record_written_before_the_first_agreement_naming_it() -> None:
    records = _records(CONFLICT_ROWS)
    order = [r["id"] for r in records if r["record_type"] in ("conflict", "agreement")]
    assert order == [
        "conflict:ucdp-309", "conflict:ucdp-11346", "agreement:pax-1373", "agreement:pax-1374", "agreement:pax-1375",
        "agreement:pax-1376",
    ]  # fmt: skip
    conflicts = {r["id"]: r for r in records if r["record_type"] == "conflict"}
    # the first row names two conflicts: 'Sudan/South Sudan' names them together, not either one
    assert {c["name"] for c in conflicts.values()} == {"UCDP conflict 309", "UCDP conflict 11346"}
    assert all("evidence" not in c for c in conflicts.values())
    assert conflicts["conflict:ucdp-11346"]["identifiers"] == [{"scheme": "ucdp_conflict", "value": "11346"}]
    assert {c["schema_version"] for c in conflicts.values()} == {SCHEMA_VERSION}
    agreements = {r["id"]: r for r in records if r["record_type"] == "agreement"}
    assert [agreements[f"agreement:pax-{n}"].get("conflicts") for n in (1373, 1374, 1375, 1376)] == [
        ["conflict:ucdp-309", "conflict:ucdp-11346"],
        ["conflict:ucdp-309"],
        ["conflict:ucdp-11346", "conflict:ucdp-309"],  # in the cell's order
        None,
    ]
    # each agreement keeps its own row's Con, as before
    assert [c["value"] for c in agreements["agreement:pax-1375"]["dataset_codes"] if c["variable"] == "Con"] == [
        "South Sudan"
    ]


def test_a_conflict_is_named_by_con_when_its_first_row_names_it_alone() -> None:
    records = _records([CONFLICT_ROWS[1], CONFLICT_ROWS[0]])
    conflicts = {r["id"]: r["name"] for r in records if r["record_type"] == "conflict"}
    assert conflicts == {"conflict:ucdp-309": "Sudan", "conflict:ucdp-11346": "UCDP conflict 11346"}
    without_con = _records([{**CONFLICT_ROWS[1], "Con": " "}])
    assert [r["name"] for r in without_con if r["record_type"] == "conflict"] == ["UCDP conflict 309"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("309.5", "'309.5' is not a UCDP conflict id"),
        ("0", "'0' is not a UCDP conflict id"),
        ("-1", "'-1' is not a UCDP conflict id"),
        ("309/11346", "'309/11346' is not a UCDP conflict id"),  # '/' separates Con's names, not ids
        ("309 11346", "'309 11346' is not a UCDP conflict id"),
        ("Sudan", "'Sudan' is not a UCDP conflict id"),
        ("309,", "an id is missing"),
        ("; 309", "an id is missing"),
        ("309, 309.0", "names UCDP conflict 309 twice"),
        ("11,346", "thousands separator"),  # one id 11346, or 11 and 346?
        ("1,346.0", "thousands separator"),
    ],
)
def test_a_malformed_ucdpcon_cell_is_reported_and_its_row_left_out(value: str, message: str) -> None:
    out = list(import_pax([CONFLICT_ROWS[3], {**CONFLICT_ROWS[1], "UcdpCon": value}, CONFLICT_ROWS[1]]))
    problems = [o for o in out if isinstance(o, RowProblem)]
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "UcdpCon", value)]
    assert message in problems[0].message
    records = [o for o in out if isinstance(o, dict)]
    # the row left out writes nothing, not even its conflict: the next row naming it writes it
    assert [r["id"] for r in records if r["record_type"] in ("conflict", "agreement")] == [
        "agreement:pax-1376", "conflict:ucdp-309", "agreement:pax-1374"
    ]  # fmt: skip


def test_imported_conflicts_validate_with_their_agreements(tmp_path: Path) -> None:
    table = tmp_path / "pax.csv"
    table.write_text(_csv([*_rows(), *CONFLICT_ROWS]), encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["import", "pax", str(table), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records if r["record_type"] == "conflict") == [
        "conflict:ucdp-11346", "conflict:ucdp-289", "conflict:ucdp-309", "conflict:ucdp-333"
    ]  # fmt: skip
    report = validate_paths([out])
    assert report.findings == []
    assert report.valid_records == len(records)
    validator = Draft202012Validator(published("record.schema.json"))
    assert all(not list(validator.iter_errors(r)) for r in records if r["record_type"] == "conflict")
