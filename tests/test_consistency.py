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
from peace_talks_model.rules import RULES, Family
from peace_talks_model.rules.lifecycle import DEFINING_STATUS, LIVES, STAGES
from peace_talks_model.rules.relations import KIN_FITS
from peace_talks_model.validation import Options

CASES = Path(__file__).resolve().parent / "consistency"
#: The families of the checks of meaning (issue #17's catalogue).
_MEANING_FAMILIES = frozenset(
    {
        Family.lifecycle,
        Family.dates,
        Family.relative_times,
        Family.durations,
        Family.quantities,
        Family.relations,
        Family.actors_over_time,
        Family.claims,
    }
)
OPTIONS = Options(ignore=frozenset({"PT901"}))


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_the_corpus_has_contradictions_and_clean_sets() -> None:
    findings = [_load(p)["finding"] for p in _cases()]
    assert sum(f is not None for f in findings) >= 80
    assert sum(f is None for f in findings) >= 20
    # every check of meaning, and every warning of a family of meaning, is shown breaking at least once
    meaning = {rule.code for rule in RULES if rule.code.startswith("PT4") or rule.family in _MEANING_FAMILIES}
    assert meaning - {f["code"] for f in findings if f is not None} == set()


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
    back, sometimes an ending and a resumption followed by a new life drawn the same way, and (when it has one) its
    own date on the day of its first defining step."""
    record_type = draw(st.sampled_from(sorted(STAGES)))
    stages = STAGES[record_type]
    first = draw(st.integers(0, len(stages) - 1))
    last = draw(st.integers(first, len(stages) - 1))
    day = _START + draw(st.integers(0, 3000))
    steps: list[dict[str, Any]] = []
    for stage in stages[first : last + 1]:
        drawn = draw(st.lists(st.sampled_from(stage), min_size=1, max_size=2))
        for status in sorted(drawn, key=lambda status: status in LIVES[record_type][0]):  # an ending ends its stage
            day += draw(st.integers(0, 40))
            steps.append({"status": status, "date": _day(day)})
    ending, _, starting = LIVES[record_type]
    if any(s["status"] not in ending for s in steps) and draw(st.booleans()):
        # the life ends, and starts again: a resumption, then the life cycle from the resumption's stage on
        day += draw(st.integers(1, 40))
        steps.append({"status": draw(st.sampled_from(sorted(ending))), "date": _day(day)})
        resumption = draw(st.sampled_from(sorted(starting)))
        day += draw(st.integers(1, 40))
        steps.append({"status": resumption, "date": _day(day)})
        rank = next((number for number, stage in enumerate(stages) if resumption in stage), 0)
        for stage in stages[rank : draw(st.integers(rank, len(stages) - 1)) + 1]:
            drawn = draw(st.lists(st.sampled_from(stage), min_size=1, max_size=2))
            for status in sorted(drawn, key=lambda status: status in ending):  # an ending ends its stage
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


@settings(max_examples=200, deadline=None, database=None)
@given(
    progress=st.lists(st.sampled_from(["not_started", "started", "partial", "completed"]), min_size=1, max_size=5),
    extra=st.sampled_from([None, "overdue", "completed_late", "violated", "abandoned"]),
    gaps=st.lists(st.integers(0, 60), min_size=6, max_size=6),
    deadline=st.integers(0, 400),
)
def test_an_implementation_history_drawn_in_order_triggers_no_rule(
    progress: list[str], extra: str | None, gaps: list[int], deadline: int
) -> None:
    """Progress that never goes back, and a late or overdue step dated after the deadline, are consistent."""
    order = {"not_started": 0, "started": 1, "partial": 1, "completed": 2}
    statuses = sorted(progress, key=order.__getitem__)
    day = _START
    steps: list[dict[str, Any]] = []
    for status, gap in zip(statuses, gaps, strict=False):
        day += gap
        steps.append({"status": status, "date": _day(day)})
    if extra is not None:
        day = max(day, _START + deadline) + 1 + gaps[-1]
        steps.append({"status": extra, "date": _day(day)})
    commitment = {"action": "withdraw", "deadline": _day(_START + deadline), "implementation": steps}
    record = {
        "record_type": "agreement",
        "id": "agreement:a",
        "schema_version": "1.3",
        "name": "A",
        "provisions": [{"topic": "troop_withdrawal", "commitments": [commitment]}],
    }
    report = validate_records([record], OPTIONS)
    assert [f for f in report.findings if f.code.startswith("PT4")] == [], commitment


@st.composite
def rendering(draw: st.DrawFn, true: int) -> Any:
    """A quantity that a source could give for a number whose true value is `true`: exact, about (within what
    'about' allows), at least / more than something below it, up to / under something above it, a range around
    it, a fraction of a base that gives it, or a vague word."""
    forms = ["exact", "short", "about", "at_least", "up_to", "under", "range", "fraction", "vague"]
    if true >= 1:
        forms.append("more_than")
    form = draw(st.sampled_from(forms))
    below = draw(st.integers(0, true))
    above = draw(st.integers(0, 1000))
    if form == "short":
        return true
    if form == "exact":
        return {"value": true, "qualifier": "exact"}
    if form == "about":
        return {"value": round(true * draw(st.sampled_from([0.9, 1.0, 1.1, 1.2]))), "qualifier": "about"}
    if form == "at_least":
        return {"value": true - below, "qualifier": "at_least"}
    if form == "more_than":
        return {"value": true - max(1, below), "qualifier": "more_than"}
    if form == "up_to":
        return {"value": true + above, "qualifier": "up_to"}
    if form == "under":
        return {"value": true + above + 1, "qualifier": "under"}
    if form == "range":
        return {"lower": true - below, "upper": true + above}
    if form == "fraction":
        return {"fraction": 0.5, "of": {"value": 2 * true}}
    return {"qualifier": draw(st.sampled_from(["several", "many", "unknown"]))} | (
        {"lower": 2} if true >= 2 and draw(st.booleans()) else {}
    )


def _as_object(quantity: Any) -> dict[str, Any]:
    """A quantity in its object form (a bare count is an exact value)."""
    return {"value": quantity} if isinstance(quantity, int) else dict(quantity)


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """`parts` non-negative numbers that add up to at most `total`."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts, max_size=parts)))
    return [b - a for a, b in zip([0, *cuts], cuts, strict=False)]


@st.composite
def parts_drawn_from_wholes(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Records whose parts are drawn from their wholes: a swap's rounds, the people they name and a condition
    within each side's count; killed and injured within those killed or injured; a delegation's members within
    its size; percentages of at most 100; fraction-only figures with bounds around what the fraction gives."""
    records: list[dict[str, Any]] = []
    sides: list[dict[str, Any]] = []
    phases: list[dict[str, Any]] = [{"key": f"round-{n}", "releases": []} for n in range(draw(st.integers(0, 3)))]
    conditions: list[dict[str, Any]] = []
    person = 0
    for key in ("a", "b"):
        whole = draw(st.integers(0, 3000))
        side: dict[str, Any] = {"key": key, "count": draw(rendering(whole))}
        if draw(st.booleans()):
            side["stage_counts"] = [{"stage": "executed", "count": draw(rendering(whole))}]
        named_here: list[str] = []
        for phase, part in zip(phases, _split(draw, whole, len(phases)), strict=True):
            names = [f"actor:p{person + n}" for n in range(draw(st.integers(0, min(part, 3))))]
            person += len(names)
            named_here += names
            release: dict[str, Any] = {"side": key, "detainees": names}
            if draw(st.booleans()):
                release["count"] = draw(rendering(part))
            phase["releases"].append(release)
        side["detainees"] = [{"person": p} for p in named_here[: draw(st.integers(0, len(named_here)))]]
        sides.append(side)
        if draw(st.booleans()):
            conditions.append(
                {"kind": "deportation", "applies_to": [key], "count": draw(rendering(draw(st.integers(0, whole))))}
            )
    records.append(
        {"record_type": "prisoner_swap", "id": "prisoner_swap:x", "schema_version": "1.3", "sides": sides,
         "phases": phases, "conditions": conditions}
    )  # fmt: skip
    killed, injured = draw(st.integers(0, 500)), draw(st.integers(0, 500))
    together = killed + injured + draw(st.integers(0, 100))
    group = draw(st.sampled_from([None, "civilians", "soldiers"]))
    casualties = [
        {"type": kind, "count": draw(rendering(number))} | ({"group": group} if group else {})
        for kind, number in (("killed", killed), ("injured", injured), ("killed_or_injured", together))
    ]
    share = draw(st.integers(0, 100))
    base, fraction = draw(st.integers(1, 10**6)), draw(st.sampled_from([0.1, 0.25, 1 / 3, 0.5, 0.8, 2]))
    computed = fraction * base
    bounds = {
        "lower": max(0, int(computed) - draw(st.integers(0, 50))),
        "upper": int(computed) + 1 + draw(st.integers(0, 50)),
    }
    figures = [
        {"unit": "percent"} | _as_object(draw(rendering(share))),
        {"fraction": round(fraction, 3), "of": {"value": base}, "qualifier": draw(st.sampled_from(["exact", "about"]))}
        | bounds,
        {"qualifier": "several", "upper": draw(st.integers(2, 50))},
    ]  # fmt: skip
    records.append(
        {"record_type": "event", "id": "event:x", "schema_version": "1.3", "kind": "attack", "casualties": casualties,
         "figures": figures}
    )  # fmt: skip
    size = draw(st.integers(1, 20))
    participants = [{"actor": "actor:party", "role": "party", "delegation_size": draw(rendering(size))}]
    participants += [
        {"actor": f"actor:m{n}", "role": "delegation_member", "on_behalf_of": "actor:party"}
        for n in range(draw(st.integers(0, size)))
    ]
    records.append(
        {"record_type": "negotiation", "id": "negotiation:x", "schema_version": "1.3", "kind": "meeting",
         "participants": participants}
    )  # fmt: skip
    return records


@settings(max_examples=300, deadline=None, database=None)
@given(records=parts_drawn_from_wholes())
def test_parts_drawn_from_their_wholes_trigger_no_rule_of_meaning(records: list[dict[str, Any]]) -> None:
    report = validate_records(records, OPTIONS)
    assert [f for f in report.findings if f.code < "PT300"] == [], "the generated records are valid"
    assert [f for f in report.findings if f.code.startswith("PT4")] == [], records


@st.composite
def consistent_times(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Records whose relative times, parts, extensions and durations agree by construction: calendar days drawn
    between an anchor and its offset, violations and rounds inside their whole, extensions drawn after the end
    they extend, durations read off the dates they span."""
    signed = _START + draw(st.integers(0, 3000))
    within = draw(st.integers(1, 400))
    final = within + draw(st.integers(0, 200))
    later = draw(st.integers(0, 90))
    ahead = draw(st.integers(0, 60))
    vote = signed + ahead + draw(st.integers(0, 300))  # the phase before the vote starts after the signing
    anchor = {"record": "agreement:x", "status": "signed"}
    commitment = {
        "action": "withdraw",
        "deadline": _day(signed + draw(st.integers(0, within))),
        "deadline_relative": {"relation": "within", "offset": f"P{within}D", "anchor": anchor},
        "final_deadline_relative": {"relation": "within", "offset": f"P{final}D", "anchor": anchor},
    }
    agreement = {
        "record_type": "agreement",
        "id": "agreement:x",
        "schema_version": "1.3",
        "name": "X",
        "date": _day(signed),
        "provisions": [{"topic": "troop_withdrawal", "commitments": [commitment]}],
        "phases": [
            {
                "key": "p1",
                "start": _day(signed + later),
                "start_relative": {"relation": "after", "offset": f"P{later}D", "anchor": anchor},
            },
            {
                "key": "p2",
                "start": _day(vote - ahead),
                "start_relative": {"relation": "before", "offset": f"P{ahead}D", "anchor": {"record": "event:x"}},
            },
            {
                "key": "p3",
                "start": _day(signed + draw(st.integers(0, 400))),
                "start_relative": {"relation": "after", "offset": "P3M", "approximate": True, "anchor": anchor},
            },
            {"key": "p4", "start": _day(signed), "start_relative": {"relation": "at", "anchor": anchor}},
        ],
    }
    event = {"record_type": "event", "id": "event:x", "schema_version": "1.3", "kind": "election", "date": _day(vote)}
    declared = _START + draw(st.integers(0, 3000))
    effective = declared + draw(st.integers(0, 10))
    term = draw(st.integers(1, 60))
    end = effective + term
    extensions: list[dict[str, Any]] = []
    previous = end
    for _ in range(draw(st.integers(0, 3))):
        by = draw(st.integers(1, 60))
        extensions.append(
            {"date": _day(previous - draw(st.integers(0, 5))), "duration": f"P{by}D", "until": _day(previous + by)}
        )
        previous += by
    violations = [{"date": _day(draw(st.integers(declared, previous + 30)))} for _ in range(draw(st.integers(0, 3)))]
    ceasefire = {
        "record_type": "ceasefire",
        "id": "ceasefire:x",
        "schema_version": "1.3",
        "declarations": [
            # the real end: the last extension's, when it was extended
            {"declarer": "actor:x", "declared": _day(declared), "effective": _day(effective), "end": _day(previous)}
        ],
        "fixed_duration": f"P{term}D",
        "end_reason": "expired",
        "extensions": extensions,
        "violations": violations,
    }
    start = _START + draw(st.integers(0, 3000))
    span = draw(st.integers(1, 20))
    hours = draw(st.booleans())
    lasted = draw(st.integers(1, 24 * (span + 1) if hours else span + 1))
    negotiation = {
        "record_type": "negotiation",
        "id": "negotiation:x",
        "schema_version": "1.3",
        "kind": "round",
        "date": f"{_day(start)}/{_day(start + span)}",
        "duration": {"value": lasted, "unit": "hours" if hours else "days"},
    }
    swap = {
        "record_type": "prisoner_swap",
        "id": "prisoner_swap:x",
        "schema_version": "1.3",
        "date": f"{_day(start)}/{_day(start + span)}",
        "sides": [{"key": "a", "count": 1}, {"key": "b", "count": 1}],
        "phases": [{"key": f"r{n}", "date": _day(start + draw(st.integers(0, span)))} for n in range(2)],
    }
    actor = {"record_type": "actor", "id": "actor:x", "schema_version": "1.3", "name": "X", "kind": "organization"}
    return [agreement, event, ceasefire, negotiation, swap, actor]


@settings(max_examples=200, deadline=None, database=None)
@given(records=consistent_times())
def test_times_consistent_by_construction_trigger_no_rule_of_meaning(records: list[dict[str, Any]]) -> None:
    report = validate_records(records, OPTIONS)
    assert report.valid_records == len(records)  # every record reaches the rules
    assert [f for f in report.findings if f.code.startswith("PT4")] == [], records


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


@settings(max_examples=100, deadline=None, database=None)
@given(data=st.data())
def test_kinship_said_from_both_ends_so_that_it_fits_triggers_no_rule(data: st.DataObject) -> None:
    """Two persons whose kinship relations to each other fit (`KIN_FITS`) are consistent, in either order."""
    said = data.draw(st.sampled_from(sorted(KIN_FITS)))
    back = data.draw(st.sampled_from(sorted(KIN_FITS[said])))
    first = {
        "record_type": "actor",
        "id": "actor:a",
        "schema_version": "1.3",
        "name": "A",
        "kind": "person",
        "relations": [{"type": said, "target": "actor:b"}],
    }
    second = first | {"id": "actor:b", "name": "B", "relations": [{"type": back, "target": "actor:a"}]}
    records = [first, second] if data.draw(st.booleans()) else [second, first]
    report = validate_records(records, OPTIONS)
    assert [f for f in report.findings if f.code.startswith("PT4")] == [], (said, back)


@st.composite
def linked_arrangements(draw: st.DrawFn) -> list[dict[str, Any]]:
    """An agreement, cease-fires and a swap whose links agree by construction: the swaps an agreement or cease-fire
    lists name it back (or nothing), a reciprocal cease-fire is another side's, a cease-fire superseding another
    begins after it, one provided for by the agreement begins once it is signed, a precondition before; a custody
    holds people its side released, from the release on, and every start or end given also as a relative time
    (`at` the release, `until` an election, moved by an offset or not) is a day that relative time allows."""
    signed = _START + draw(st.integers(0, 3000))
    vote = signed + draw(st.integers(0, 400))
    released = signed + draw(st.integers(0, 60))

    def version(record_type: str, local: str, **fields: Any) -> dict[str, Any]:
        return {"record_type": record_type, "id": f"{record_type}:{local}", "schema_version": "1.5"} | fields

    actors = [version("actor", name, name=name, kind="armed_group") for name in ("x", "y", "z")]
    actors += [version("actor", f"p{n}", name=f"P{n}", kind="person") for n in range(4)]
    election = version("event", "vote", kind="election", date=_day(vote))
    until_vote = {"relation": "until", "anchor": {"record": "event:vote"}}
    offset = draw(st.integers(1, 60))
    commitments = [
        {"action": "monitor", "end": _day(vote - draw(st.integers(0, 300))), "end_relative": until_vote},
        {
            "action": "monitor",
            "end": _day(vote + draw(st.integers(0, offset))),
            "end_relative": until_vote | {"offset": f"P{offset}D"},
        },
    ]
    agreement = version(
        "agreement",
        "deal",
        name="Deal",
        date=_day(signed),
        provisions=[{"topic": "monitoring", "commitments": commitments}],
        prisoner_swaps=draw(st.sampled_from([[], ["prisoner_swap:s"]])),
    )
    named = draw(st.lists(st.sampled_from([f"actor:p{n}" for n in range(4)]), min_size=1, max_size=4, unique=True))
    held = draw(st.lists(st.sampled_from(named), max_size=len(named), unique=True))
    at_release = {"relation": "at", "anchor": {"record": "prisoner_swap:s", "status": "executed"}}
    begun = released + draw(st.integers(0, 3))
    custody: dict[str, Any] = {"holder": "actor:z", "detainees": held, "start": _day(begun)}
    if custody["start"] == _day(released):
        custody["start_relative"] = at_release
    custody |= {"end": _day(vote - draw(st.integers(0, 30))), "end_relative": until_vote}
    if custody["end"] < custody["start"]:
        del custody["end"], custody["end_relative"]
    swap = version(
        "prisoner_swap",
        "s",
        date=_day(released),
        sides=[
            {"key": "a", "count": len(named), "detainees": [{"person": p} for p in named], "custody": [custody]},
            {"key": "b", "count": draw(st.integers(1, 50))},
        ],
        conditions=[{"kind": "travel_ban", "start": _day(released), "start_relative": at_release}],
        agreement=draw(st.sampled_from([None, "agreement:deal"])),
        ceasefire=draw(st.sampled_from([None, "ceasefire:provided"])),
    )
    swap = {key: value for key, value in swap.items() if value is not None}
    first = signed - draw(st.integers(1, 200))
    ceasefires = [
        version("ceasefire", "first", declarations=[{"declarer": "actor:x", "declared": _day(first)}]),
        version(
            "ceasefire",
            "answer",
            declarations=[{"declarer": draw(st.sampled_from(["actor:y", "actor:z"])), "declared": _day(first + 1)}],
            relations=[{"type": "reciprocates", "target": "ceasefire:first"}],
        ),
        version(
            "ceasefire",
            "condition",
            declarations=[{"declarer": "actor:y", "effective": _day(signed - draw(st.integers(0, 10)))}],
            relations=[{"type": "precondition_for", "target": "agreement:deal"}],
        ),
        version(
            "ceasefire",
            "provided",
            declarations=[{"declarer": "actor:x", "effective": _day(signed + draw(st.integers(0, 30)))}],
            relations=[
                {"type": draw(st.sampled_from(["provided_for_by", "implements"])), "target": "agreement:deal"},
                {"type": "supersedes", "target": "ceasefire:first"},
            ],
            prisoner_swaps=draw(st.sampled_from([[], ["prisoner_swap:s"]])),
        ),
    ]
    return [*actors, election, agreement, swap, *ceasefires]


@settings(max_examples=200, deadline=None, database=None)
@given(records=linked_arrangements())
def test_links_consistent_by_construction_trigger_no_rule_of_meaning(records: list[dict[str, Any]]) -> None:
    report = validate_records(records, OPTIONS)
    assert report.valid_records == len(records)  # every record reaches the rules
    assert [f for f in report.findings if f.code.startswith("PT4")] == [], records


@st.composite
def facts_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """The facts typed by schema 1.5, consistent by construction: a negative event whose span holds none of the
    happenings of its kind by its actor (events, cease-fire declarations, signatures dated before or after it), a
    share of another record's count drawn from that count, a conflict whose stated durations are the whole years (or
    about the years) from its start to their date, and records naming the conflict dated inside it; dates written
    at a day's, a month's or a year's precision."""
    version = "1.5"
    actor = {"record_type": "actor", "id": "actor:x", "schema_version": version, "name": "X", "kind": "armed_group"}
    first = _START + draw(st.integers(0, 3000))
    last = first + draw(st.integers(0, 2000))
    open_end = draw(st.booleans())
    kind = draw(st.sampled_from(["ceasefire_declared", "signing", "agreement_reached", "meeting", "attack"]))
    negative = {
        "record_type": "event",
        "id": "event:none",
        "schema_version": version,
        "kind": kind,
        "polarity": "negative",
        "date": f"{_day(first)}/{'..' if open_end else _day(last)}",
        "actors": [{"actor": "actor:x", "role": "participant"}],
    }
    outside = [first - draw(st.integers(1, 500)) for _ in range(3)]
    if not open_end:
        outside.append(last + draw(st.integers(1, 500)))
    records: list[dict[str, Any]] = [actor, negative]
    for number, day in enumerate(outside):
        records.append(
            {
                "record_type": "event",
                "id": f"event:e{number}",
                "schema_version": version,
                "kind": kind,
                "date": _day(day),
                "actors": [{"actor": "actor:x", "role": "participant"}],
            }
        )
        records.append(
            {
                "record_type": "ceasefire",
                "id": f"ceasefire:c{number}",
                "schema_version": version,
                "declarations": [{"declarer": "actor:x", "declared": _day(day)}],
            }
        )
        records.append(
            {
                "record_type": "agreement",
                "id": f"agreement:a{number}",
                "schema_version": version,
                "name": "A",
                "date": _day(day),
                "parties": ["actor:x"],
                "signatories": [{"actor": "actor:x"}],
            }
        )
    count = draw(st.integers(1, 100_000))
    fraction = draw(st.sampled_from([0.1, 0.25, 0.333, 0.5, 0.75, 2]))
    records.append(
        {
            "record_type": "prisoner_swap",
            "id": "prisoner_swap:s",
            "schema_version": version,
            "sides": [{"key": "a", "count": count}, {"key": "b", "count": 1}],
        }
    )
    approximate = draw(st.booleans())
    share: dict[str, Any] = {
        "value": round(fraction * count * (draw(st.floats(0.8, 1.2)) if approximate else 1)),
        "fraction": fraction,
        "of_record": {"record": "prisoner_swap:s", "path": "/sides/0/count"},
    }
    if approximate:
        share["qualifier"] = "about"
    records.append(
        {"record_type": "event", "id": "event:share", "schema_version": version, "kind": "release", "figures": [share]}
    )
    start = _START - draw(st.integers(0, 20_000))
    end = start + draw(st.integers(0, 15_000))
    stated = []
    for _ in range(draw(st.integers(0, 3))):
        as_of = draw(st.integers(start, end + 3000))
        begun, said = dt.date.fromordinal(start), dt.date.fromordinal(min(as_of, end) if draw(st.booleans()) else as_of)
        years = said.year - begun.year - ((said.month, said.day) < (begun.month, begun.day))
        duration: dict[str, Any] = {"value": f"P{years}Y"}
        if draw(st.booleans()):
            duration = {"value": f"P{years + draw(st.integers(-1, 1)) if years >= 10 else years}Y", "approximate": True}
        stated.append({"duration": duration, "as_of": _day(as_of)[: draw(st.sampled_from([10, 7, 4]))]})
    precision = draw(st.sampled_from([10, 7, 4]))
    records.append(
        {
            "record_type": "conflict",
            "id": "conflict:k",
            "schema_version": version,
            "name": "K",
            "start": _day(start)[:precision],
            "end": _day(end)[:precision],
            "stated_durations": stated,
        }
    )
    for number in range(draw(st.integers(0, 3))):
        when = _day(draw(st.integers(start, end)))[: draw(st.sampled_from([10, 7, 4]))]
        record_type = draw(st.sampled_from(["event", "negotiation", "agreement"]))
        named: dict[str, Any] = {
            "record_type": record_type,
            "id": f"{record_type}:k{number}",
            "schema_version": version,
            "date": when,
            "conflicts": ["conflict:k"],
        }
        named |= {"event": {"kind": "fighting"}, "negotiation": {"kind": "meeting"}, "agreement": {"name": "K"}}[
            record_type
        ]
        records.append(named)
    return records


@settings(max_examples=200, deadline=None, database=None)
@given(records=facts_records())
def test_facts_consistent_by_construction_trigger_no_rule_of_meaning(records: list[dict[str, Any]]) -> None:
    report = validate_records(records, OPTIONS)
    assert report.valid_records == len(records)  # every record reaches the rules
    assert [f for f in report.findings if f.code.startswith("PT4") or f.code == "PT915"] == [], records
