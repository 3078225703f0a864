"""Party linking: each rule of `interop.linking` on constructed actors, the signatory blocks of `interop.pax`, and
the precision and recall of the whole on the committed labelled sample of 320 real PA-X mentions
(tests/data/pax/README.md says how it was drawn and labelled)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from peace_talks_model.interop.contract import RowProblem
from peace_talks_model.interop.linking import RULES, ActorMatcher, Link, fold
from peace_talks_model.interop.paax import import_paax_file
from peace_talks_model.interop.pax import ActorIndex, link_mentions, split_wording
from peace_talks_model.models import Actor
from peace_talks_model.models.agreement import LinkRule
from peace_talks_model.models.record_base import DATA
from tests.conftest import ROOT

DATA_DIR = ROOT / "tests" / "data" / "pax"
SAMPLE = DATA_DIR / "linking-sample.jsonl"
#: Drawn and labelled after the rules were fixed (seed 2027; the two mentions also in SAMPLE left out).
HELDOUT = DATA_DIR / "linking-heldout.jsonl"


def matcher() -> ActorMatcher:
    """A few actors with the kinds of names the rules tell apart."""
    m = ActorMatcher()
    m.add("actor:uganda", "Uganda", kind="state", country="UGA", names=["Republic of Uganda"])
    m.add("actor:kazakhstan", "Kazakhstan", kind="state", country="KAZ")
    m.add("actor:colombia", "Colombia", kind="state", country="COL")
    m.add("actor:cuba", "Cuba", kind="state", country="CUB")
    m.add("actor:nigeria", "Nigeria", kind="state", country="NGA")
    m.add("actor:peru", "Peru", kind="state", country="PER")
    m.add("actor:ecuador", "Ecuador", kind="state", country="ECU")
    m.add("actor:eu", "European Union", kind="igo", names=["Union Européenne"], abbreviations=["EU"])
    m.add(
        "actor:splm",
        "Sudan People's Liberation Movement/Army",
        kind="armed_group",
        country="SDN",
        names=["Sudan People's Liberation Movement"],
        abbreviations=["SPLM/A"],
    )
    m.add("actor:farc", "FARC", kind="armed_group", country="COL", names=["FARC - EP"])
    m.add("actor:hd", "Centre for Humanitarian Dialogue", kind="ngo", names=["Humanitarian Dialogue Centre"])
    m.add("actor:youth-ssd", "Youth Representative", kind="ngo", country="SSD")
    m.add("actor:youth-som", "Youth Representative", kind="ngo", country="SOM")
    return m


@pytest.mark.parametrize(
    ("text", "countries", "actor", "rule"),
    [
        ("Uganda", (), "actor:uganda", "name"),
        ("republic  of UGANDA", (), "actor:uganda", "alias"),
        ("EU", (), "actor:eu", "abbreviation"),
        ("Union Europeenne", (), "actor:eu", "folded"),  # accents aside
        ("The Sudan People's Liberation Movement-Army", (), "actor:splm", "folded"),
        ("Government of the Republic of Kazakstan", (), "actor:kazakhstan", "government_of"),  # spelling
        ("Ugandan Government", (), "actor:uganda", "government_of"),  # an adjective within the fuzzy ratio
        ("Uganda Government", (), "actor:uganda", "government_of"),
        ("National Government", ("COL",), "actor:colombia", "government_of"),
        ("National Government", ("COL", "ECU"), None, None),  # two countries: which government?
        ("Cdr. Nhial Deng Nhial, for the SPLM/A", (), "actor:splm", "contains"),
        ("Eugenio Martínez Enríquez, Republic of Cuba", (), "actor:cuba", "contains"),
        ("Carlos Murgas - Delegation of the National Government", ("COL",), "actor:colombia", "contains"),
        ("Felipe Gonzalez, EU", (), "actor:eu", "contains"),
        ("Felipe Gonzalez, eu", (), None, None),  # an abbreviation counts in capitals only
        ("Nigeria Rentería Lozano", ("COL",), None, None),  # a first name, not the state
        ("Ecuador, Peru", (), None, None),  # two states: neither
        ("Delegation of the Central General Staff of the FARC-EP", ("COL",), None, None),  # a faction
        ("The Humanitarian Dialog Centre", (), "actor:hd", "fuzzy"),
        ("Youth Representative", ("SSD",), "actor:youth-ssd", "name"),  # a shared name, settled by the country
        ("Youth Representative", ("NGA",), None, None),  # a name that says who, not which, of another country
        ("Rasim Delic", (), None, None),
    ],
)
def test_each_rule(text: str, countries: tuple[str, ...], actor: str | None, rule: str | None) -> None:
    link = matcher().link(text, countries)
    assert (link.actor if link else None, link.rule if link else None) == (actor, rule), (text, link)
    if link is not None:
        assert link.confidence == RULES[link.rule][0]


def test_the_rules_are_the_models_vocabulary_and_more_certain_first() -> None:
    assert [*RULES, "hand"] == [r.value for r in LinkRule]
    confidences = [RULES[r][0] for r in RULES]
    assert confidences == sorted(confidences, reverse=True)
    assert fold("  The  Sudan People’s Liberation-Movement ") == "sudan people s liberation movement"


def _index() -> ActorIndex:
    index = ActorIndex()
    for actor_id, names in (
        ("actor:colombia", ["Colombia", "Republic of Colombia"]),
        ("actor:eln", ["National Liberation Army", "Ejército de Liberación Nacional", "ELN"]),
        ("actor:croatia", ["Croatia", "Government of Croatia"]),
        ("actor:hamas", ["Hamas"]),
    ):
        index.add(actor_id, names)
    return index


def _links(wording: str, countries: tuple[str, ...] = ()) -> list[tuple[str, str | None, str | None]]:
    pieces = split_wording(wording, _index())
    said = [p for p in pieces if p.kind == "mention"]
    links = link_mentions(pieces, _index(), countries)
    return [
        (p.text, link.actor if link else None, link.rule if link else None) for p, link in zip(said, links, strict=True)
    ]


def test_signatories_sign_for_the_heading_of_their_block() -> None:
    wording = (
        "Delegation of the Government of the Republic of Colombia:\n\n(Signed) José Otty Patiño, Head of delegation\n"
        "(Signed) Iván Cepeda Castro\n\nDelegation of the Ejército de Liberación Nacional – ELN:\n\n"
        "(Signed) Pablo Beltrán, Head of delegation\n(in alphabetical order)\nAureliano Carbonell"
    )
    assert _links(wording, ("COL",)) == [
        ("Delegation of the Government of the Republic of Colombia", "actor:colombia", "contains"),
        ("José Otty Patiño, Head of delegation", "actor:colombia", "heading"),
        ("Iván Cepeda Castro", "actor:colombia", "heading"),
        ("Delegation of the Ejército de Liberación Nacional – ELN", "actor:eln", "contains"),
        ("Pablo Beltrán, Head of delegation", "actor:eln", "heading"),
        ("(in alphabetical order)", None, None),  # no name: no signatory
        ("Aureliano Carbonell", "actor:eln", "heading"),
    ]


def test_a_block_ends_at_a_signatory_of_another_actor_and_at_a_third_parties_label() -> None:
    assert _links("For the Government of Croatia: Ivica Mudrinic; Hamas; PSD\nWitnesses: Ana Lopez") == [
        ("Government of Croatia", "actor:croatia", "alias"),
        ("Ivica Mudrinic", "actor:croatia", "heading"),
        ("Hamas", "actor:hamas", "name"),
        ("PSD", None, None),  # after Hamas, not Croatia's
        ("Ana Lopez", None, None),  # a witness: another group
    ]
    # an unlinked heading gives nothing to its block
    assert _links("For the Farmers of Koula:\nJacques Coulibaly") == [
        ("Farmers of Koula", None, None),
        ("Jacques Coulibaly", None, None),
    ]


# -- the labelled sample ---------------------------------------------------------------------------------------


@cache
def paax_index() -> ActorIndex:
    """The index of the real PAA-X actors (tests/data/pax/paax-actors.csv), imported as `import paax` does."""
    actors = []
    for item in import_paax_file(DATA_DIR / "paax-actors.csv"):
        if isinstance(item, RowProblem):
            assert item.note, item
        elif item["record_type"] == "actor":
            actors.append(Actor.model_validate(item, context=DATA))
    return ActorIndex.from_records(actors)


def sample(path: Path = SAMPLE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def link_of(item: dict[str, Any]) -> Link | None:
    index = paax_index()
    pieces = split_wording(item["wording"], index)
    said = [p for p in pieces if p.kind == "mention"]
    assert said[item["mention"]].text == item["text"], item["n"]  # the sample still matches the splitter
    link: Link | None = link_mentions(pieces, index, item["countries"])[item["mention"]]
    return link


def measure(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Links made, correct and wrong (of the items with a decided label), and the items with an actor."""
    linked = correct = wrong = 0
    for item in items:
        link = link_of(item)
        linked += link is not None
        if item["gold"] is None or link is None:
            continue
        if link.actor in item["gold"]:
            correct += 1
        else:
            wrong += 1
    with_actor = sum(1 for item in items if item["gold"])
    return {"items": len(items), "linked": linked, "correct": correct, "wrong": wrong, "with_actor": with_actor}


def test_the_sample_is_drawn_and_labelled_as_its_readme_says() -> None:
    items = sample()
    assert len(items) == 320
    assert [item["n"] for item in items] == list(range(320))
    undecided = [item for item in items if item["gold"] is None]
    assert len(undecided) == 15  # labelled '?', each with the reason in its note
    assert all(item.get("note") for item in undecided)
    actors = {a for item in items for a in item["gold"] or ()}
    assert actors <= set(paax_index().matcher._actors)  # every label is a PAA-X actor


def test_precision_and_recall_on_the_labelled_sample() -> None:
    """Measured 2026-12-05: 131 of 136 links right (96.3 %), 131 of the 195 mentions with an actor linked (67.2 %);
    the issue's targets are 97 % and 70 % of all mentions (docs/import/pax.md, "Party linking", says why the second
    is out of reach). The test holds the measured figures, so that a change that makes them worse fails."""
    m = measure(sample())
    precision = m["correct"] / (m["correct"] + m["wrong"])
    recall = m["correct"] / m["with_actor"]
    assert (m["correct"], m["wrong"], m["with_actor"]) == (131, 5, 195), m
    assert precision >= 0.96
    assert recall >= 0.67


def test_precision_and_recall_on_the_held_out_sample() -> None:
    """The honest check: 98 mentions drawn (seed 2027) and labelled after the rules were fixed, never used to
    change them. Measured 2026-12-05: 42 of 44 links right (95.5 %), 42 of the 62 mentions with an actor (67.7 %)."""
    items = sample(HELDOUT)
    assert len(items) == 98
    assert not {(i["agt_id"], i["column"], i["mention"]) for i in items} & {
        (i["agt_id"], i["column"], i["mention"]) for i in sample()
    }
    m = measure(items)
    assert (m["correct"], m["wrong"], m["with_actor"]) == (42, 2, 62), m


def test_every_link_has_a_rule_and_a_confidence_the_model_accepts(tmp_path: Path) -> None:
    rules = {link.rule for item in sample()[:80] if (link := link_of(item)) is not None}
    assert rules <= set(RULES)
    assert {"contains", "heading"} <= rules
