"""Checks of meaning (PT4xx): record sets that contradict themselves in exactly one way get exactly the expected
finding, tricky consistent sets stay clean, and records consistent by construction never trigger a rule.

Each case in tests/consistency is `NAME.json`: {"why", "records", "finding"}, where "finding" is the one expected
finding ({code, record, path, message}) or null for a set that must stay clean. Findings of no evidence (PT901)
are left out: the sets are kept small.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peace_talks_model import validate_records
from peace_talks_model.rules.lifecycle import DEFINING_STATUS, STAGES
from peace_talks_model.validation import Options

CASES = Path(__file__).resolve().parent / "consistency"
OPTIONS = Options(ignore=frozenset({"PT901"}))


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_the_corpus_has_contradictions_and_clean_sets() -> None:
    findings = [_load(p)["finding"] for p in _cases()]
    assert sum(f is not None for f in findings) >= 20
    assert sum(f is None for f in findings) >= 14


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.stem)
def test_consistency_case(path: Path) -> None:
    case = _load(path)
    report = validate_records(case["records"], OPTIONS)
    found = [{"code": f.code, "record": f.record_id, "path": f.path, "message": f.message} for f in report.findings]
    assert found == ([case["finding"]] if case["finding"] else []), case["why"]


_START = 730_000  # a day number (2000-09-xx): every generated date is a day after it


def _day(number: int) -> str:
    return dt.date.fromordinal(number).isoformat()


@st.composite
def consistent_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record whose status history follows its life cycle: statuses drawn stage by stage, dates never going
    back, and (when it has one) its own date on the day of its first defining step."""
    record_type = draw(st.sampled_from(sorted(STAGES)))
    stages = STAGES[record_type]
    first = draw(st.integers(0, len(stages) - 1))
    last = draw(st.integers(first, len(stages) - 1))
    day = _START + draw(st.integers(0, 3000))
    steps: list[dict[str, Any]] = []
    for stage in stages[first : last + 1]:
        for status in draw(st.lists(st.sampled_from(stage), min_size=1, max_size=2)):
            day += draw(st.integers(0, 40))
            steps.append({"status": status, "date": _day(day)})
    record: dict[str, Any] = {
        "record_type": record_type,
        "id": f"{record_type}:x",
        "schema_version": "1.3",
        "status_history": steps,
    }
    required: dict[str, dict[str, Any]] = {
        "agreement": {"name": "X"},
        "negotiation": {"kind": "meeting"},
        "event": {"kind": "election"},
        "prisoner_swap": {"sides": [{"key": "a", "count": 1}, {"key": "b", "count": 1}]},
        "ceasefire": {},
    }
    record |= required[record_type]
    defining = DEFINING_STATUS.get(record_type)
    held = [s["date"] for s in steps if s["status"] == defining]
    dated = draw(st.booleans())
    if held and dated:
        record["date"] = held[0]
    return record


@settings(max_examples=300, deadline=None, database=None)
@given(record=consistent_records())
def test_records_consistent_by_construction_trigger_no_rule_of_meaning(record: dict[str, Any]) -> None:
    report = validate_records([record], OPTIONS)
    assert [f for f in report.findings if f.code.startswith("PT4")] == [], record


@settings(max_examples=200, deadline=None, database=None)
@given(
    base=st.integers(1, 10**7),
    fraction=st.sampled_from([0.1, 0.25, 1 / 3, 0.5, 0.8, 2, 3]),
    qualifier=st.sampled_from(["exact", "about", "under", "more_than", None]),
)
def test_a_value_computed_from_its_fraction_triggers_no_rule(base: int, fraction: float, qualifier: str | None) -> None:
    """A quantity whose value is its fraction of its base, rounded as a source would round it, is consistent
    whatever its qualifier allows around it."""
    value = round(fraction * base)
    if qualifier == "under":
        value = max(0, value - 1)
    elif qualifier == "more_than":
        value += 1
    figure: dict[str, Any] = {"value": value, "fraction": round(fraction, 3), "of": {"value": base}}
    if qualifier is not None:
        figure["qualifier"] = qualifier
    record = {"record_type": "event", "id": "event:e", "schema_version": "1.3", "kind": "troop_withdrawal"}
    report = validate_records([record | {"figures": [figure]}], OPTIONS)
    assert [f for f in report.findings if f.code.startswith("PT4")] == [], figure


@st.composite
def related_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Actors born and dying in order, with relations only to earlier-born actors (parents, older siblings,
    founders, organisations joined while both exist), posts and talks inside their lives; claims, positions and
    agreements dated in order, each answering or superseding only an earlier one: consistent by construction."""
    size = draw(st.integers(2, 6))
    day = _START
    records: list[dict[str, Any]] = []
    lives: list[tuple[int, int]] = []
    for number in range(size):
        day += draw(st.integers(1, 2000))  # memberships begin while the older actors live
        born, died = day, day + draw(st.integers(20_000, 30_000))
        lives.append((born, died))
        actor: dict[str, Any] = {
            "record_type": "actor",
            "id": f"actor:a{number}",
            "schema_version": "1.3",
            "name": f"A{number}",
            "kind": draw(st.sampled_from(["person", "armed_group"])),
            "born": _day(born),
        }
        if draw(st.booleans()):
            actor["died"] = _day(died)
        relations = []
        for earlier in draw(st.lists(st.integers(0, number - 1), max_size=2, unique=True)) if number else []:
            kind = draw(st.sampled_from(["child_of", "younger_sibling_of", "member_of", "successor_of"]))
            relation: dict[str, Any] = {"type": kind, "target": f"actor:a{earlier}"}
            if kind == "member_of":
                relation["start"] = _day(born + draw(st.integers(0, 5000)))
            relations.append(relation)
        if relations:
            actor["relations"] = relations
        actor["posts"] = [{"title": "envoy", "start": _day(born + draw(st.integers(0, 19_000)))}]
        records.append(actor)
    first = max(born for born, _ in lives)
    last = min(died for _, died in lives)
    talks_day = draw(st.integers(first, last))
    participants = [{"actor": f"actor:a{n}", "role": "party"} for n in range(size)]
    records.append(
        {
            "record_type": "negotiation",
            "id": "negotiation:n",
            "schema_version": "1.3",
            "kind": "meeting",
            "date": _day(talks_day),
            "participants": participants,
        }
    )
    day = talks_day
    for number in range(draw(st.integers(1, 5))):
        day += draw(st.integers(0, 60))
        precision = draw(st.sampled_from([10, 7, 4]))  # a day, a month or a year
        claim: dict[str, Any] = {
            "record_type": "claim",
            "id": f"claim:c{number}",
            "schema_version": "1.3",
            "statement": "s",
            "date": _day(day)[:precision],
        }
        if number:
            claim["responds_to"] = f"claim:c{draw(st.integers(0, number - 1))}"
        agreement: dict[str, Any] = {
            "record_type": "agreement",
            "id": f"agreement:g{number}",
            "schema_version": "1.3",
            "name": "G",
            "date": _day(day),
        }
        if number:
            agreement["relations"] = [{"type": "supersedes", "target": f"agreement:g{number - 1}"}]
        records += [claim, agreement]
    return records


@settings(max_examples=200, deadline=None, database=None)
@given(records=related_records())
def test_relations_and_lives_consistent_by_construction_trigger_no_rule(records: list[dict[str, Any]]) -> None:
    report = validate_records(records, OPTIONS)
    assert [f for f in report.findings if f.code.startswith(("PT4", "PT9"))] == [], records
