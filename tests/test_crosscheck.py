"""Cross-record checks and warnings: one small record set per rule, run through `validate_records`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from peace_talks_model import Options, validate_record, validate_records
from peace_talks_model.codes import FALLBACK, code_for
from peace_talks_model.introspect import objects_with, planned_references, references, walk
from peace_talks_model.report import Report
from peace_talks_model.rules import RULES
from peace_talks_model.rules.dates import _CAUSED_BY
from peace_talks_model.rules.evidence import _EVIDENCE
from peace_talks_model.rules.kinds import _KIND_FIELDS
from tests.conftest import EXAMPLES

EV = [{"source": "source:s", "quote": "q"}]
SOURCE = {"record_type": "source", "id": "source:s", "schema_version": "1.0"}


def _r(record_type: str, local: str, **fields: Any) -> dict[str, Any]:
    return {
        "record_type": record_type,
        "id": f"{record_type}:{local}",
        "schema_version": "1.0",
        "evidence": EV,
        **fields,
    }


def _actor(local: str, kind: str = "person", **fields: Any) -> dict[str, Any]:
    return _r("actor", local, name=local, kind=kind, **fields)


def _codes(report: Report) -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in report.findings]


def test_a_consistent_set_has_no_findings() -> None:
    records = [
        SOURCE,
        _actor("king"),
        _actor("taliban", "armed_group"),
        _r(
            "prisoner_swap",
            "x",
            sides=[
                {"key": "a", "releaser": "actor:taliban", "detainees": [{"person": "actor:king"}]},
                {"key": "b", "receiver": "actor:taliban"},
            ],
        ),
    ]
    assert _codes(validate_records(records)) == []


CASES: list[tuple[str, list[dict[str, Any]], tuple[str, str]]] = [
    ("duplicate id", [SOURCE, _actor("a"), _actor("a")], ("PT302", "id")),
    (
        "unresolved reference",
        [SOURCE, _r("position", "p", holders=["actor:nobody"], kind="demand", topic="ceasefire")],
        ("PT301", "holders[0]"),
    ),
    (
        "detainee is a state",
        [
            SOURCE,
            _actor("usa", "state"),
            _r("prisoner_swap", "x", sides=[{"key": "a", "detainees": [{"person": "actor:usa"}]}, {"key": "b"}]),
        ],
        ("PT303", "sides[0].detainees[0].person"),
    ),
    (
        "post in a person",
        [SOURCE, _actor("a", posts=[{"title": "envoy", "organization": "actor:b"}]), _actor("b")],
        ("PT303", "posts[0].organization"),
    ),
    (
        "media signatory",
        [SOURCE, _actor("wsj", "media"), _r("agreement", "a", name="a", signatories=[{"actor": "actor:wsj"}])],
        ("PT303", "signatories[0].actor"),
    ),
    (
        "step before its cause",
        [
            SOURCE,
            _r("event", "bombing", kind="bombing", date="2019-09-05"),
            _r(
                "negotiation",
                "camp-david",
                kind="summit",
                status_history=[{"status": "cancelled", "date": "2019-09-01", "caused_by": ["event:bombing"]}],
            ),
        ],
        ("PT304", "status_history[0].caused_by[0]"),
    ),
    (
        "position after death",
        [
            SOURCE,
            _actor("omar", died="2013"),
            _r("position", "p", holders=["actor:omar"], kind="demand", topic="ceasefire", stated="2015-07"),
        ],
        ("PT304", "holders[0]"),
    ),
    (
        "swap before its agreement",
        [
            SOURCE,
            _r("agreement", "deal", name="deal", status_history=[{"status": "proposed", "date": "2020-02"}]),
            _r(
                "prisoner_swap",
                "x",
                agreement="agreement:deal",
                sides=[{"key": "a"}, {"key": "b"}],
                status_history=[{"status": "executed", "date": "2019-11"}],
            ),
        ],
        ("PT304", "status_history[0].date"),
    ),
    (
        "one-way contradiction",
        [SOURCE, _r("claim", "a", statement="a", contradicts=["claim:b"]), _r("claim", "b", statement="b")],
        ("PT305", "contradicts[0]"),
    ),
    (
        "no evidence",
        [{"record_type": "event", "id": "event:x", "schema_version": "1.0", "kind": "attack"}],
        ("PT901", "evidence"),
    ),
    (
        "date without wording",
        [
            SOURCE,
            _r(
                "event",
                "x",
                kind="attack",
                date={"edtf": "2019-11", "resolution": "relative_to_publication", "anchor": "source:s"},
            ),
        ],
        ("PT902", "date"),
    ),
    (
        "unnamed without reason",
        [SOURCE, _r("claim", "x", statement="s", attribution={"unnamed": {"descriptor": "an official"}})],
        ("PT903", "attribution.unnamed"),
    ),
]


@pytest.mark.parametrize(("records", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(records: list[dict[str, Any]], expected: tuple[str, str]) -> None:
    assert _codes(validate_records(records)) == [expected]


def test_external_refs_can_be_allowed() -> None:
    records = [SOURCE, _r("position", "p", holders=["actor:nobody"], kind="demand", topic="ceasefire")]
    assert _codes(validate_records(records, Options(allow_external_refs=True))) == []


def test_cross_checks_can_be_switched_off() -> None:
    assert _codes(validate_records([SOURCE, _actor("a"), _actor("a")], Options(cross_checks=False))) == []


def test_warnings_do_not_fail_unless_strict() -> None:
    records = [{"record_type": "event", "id": "event:x", "schema_version": "1.0", "kind": "attack"}]
    assert validate_records(records).exit_code == 0
    assert validate_records(records, Options(strict=True)).exit_code == 1


def test_every_check_is_named_and_described() -> None:
    for rule in RULES:
        assert rule.description.endswith(".")
        assert code_for(rule.name) is not FALLBACK, rule.name


def test_planned_walks_find_what_the_full_walk_finds() -> None:
    # the facts of a record come from walks that skip fields which cannot lead to what they look for; on every
    # example record they must find exactly what a walk over every object finds
    count = 0
    for path in sorted((EXAMPLES / "valid").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for raw in data if isinstance(data, list) else [data]:
            record = validate_record(raw)
            assert sorted(references(record)) == sorted(planned_references(record)), record.id
            for names in (_EVIDENCE, _CAUSED_BY, _KIND_FIELDS):
                full = sorted(p for p, o in walk(record) if names & type(o).model_fields.keys())
                assert sorted(p for p, _ in objects_with(record, names)) == full, (record.id, names)
            count += 1
    assert count > 400
