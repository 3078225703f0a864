"""Record invariants, one table per rule, plus checks that every model documents itself."""

from __future__ import annotations

import collections
import copy
import sys
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from peace_talks_model import MODEL_BY_TYPE, RECORD_TYPES, Actor, Agreement, Ceasefire, Record, validate_record

BASE = {"schema_version": "1.0"}


def _rec(record_type: str, local: str = "x", **fields: Any) -> dict[str, Any]:
    return {"record_type": record_type, "id": f"{record_type}:{local}", **BASE, **fields}


def _errors(data: Any) -> set[str]:
    with pytest.raises(ValidationError) as info:
        validate_record(data)
    return {e["type"] for e in info.value.errors()}


def _commitment(**fields: Any) -> dict[str, Any]:
    """An agreement whose only provision has one commitment with `fields`."""
    return _rec(
        "agreement",
        name="X",
        provisions=[{"topic": "troop_withdrawal", "commitments": [{"action": "withdraw", **fields}]}],
    )


SWAP_SIDES = [{"key": "a", "releaser": "actor:a"}, {"key": "b", "releaser": "actor:b"}]
DECL = [{"declarer": "actor:a", "declared": "2018-06-07"}, {"declarer": "actor:b", "declared": "2018-06-09"}]
STEPS_REVERSED = [{"status": "held", "date": "2019-12-07"}, {"status": "planned", "date": "2019-11"}]

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("tag missing", {"id": "actor:x", **BASE, "name": "X", "kind": "person"}, "union_tag_not_found"),
    ("tag unknown", _rec("actor") | {"record_type": "actr"}, "union_tag_invalid"),
    (
        "id prefix of another type",
        _rec("actor", name="X", kind="person") | {"id": "event:x"},
        "string_pattern_mismatch",
    ),
    ("id upper case", _rec("actor", "Zalmay", name="X", kind="person"), "string_pattern_mismatch"),
    (
        "unknown major version",
        _rec("actor", name="X", kind="person") | {"schema_version": "2.0"},
        "schema_version_known",
    ),
    ("field typo", _rec("actor", nmae="X", kind="person"), "extra_forbidden"),
    ("country not ISO", _rec("actor", name="X", kind="state", country="US"), "string_pattern_mismatch"),
    ("country unknown", _rec("actor", name="X", kind="state", country="XYZ"), "country_code_known"),
    (
        "wikidata id",
        _rec("actor", name="X", kind="person", identifiers=[{"scheme": "wikidata", "value": "Q-1"}]),
        "external_id_matches_scheme",
    ),
    (
        "pax id",
        _rec("agreement", name="X", identifiers=[{"scheme": "pax_agreement", "value": "abc"}]),
        "external_id_matches_scheme",
    ),
    (
        "relation to self",
        _rec("actor", name="X", kind="person", relations=[{"type": "sibling_of", "target": "actor:x"}]),
        "relation_not_to_self",
    ),
    (
        "post ends before start",
        _rec("actor", name="X", kind="person", posts=[{"title": "envoy", "start": "2019", "end": "2018"}]),
        "date_range_ordered",
    ),
    (
        "negotiation steps out of order",
        _rec("negotiation", kind="meeting", status_history=STEPS_REVERSED),
        "status_history_chronological",
    ),
    (
        "participant unidentified",
        _rec("negotiation", kind="meeting", participants=[{"role": "party"}]),
        "participant_identified",
    ),
    (
        "agreement steps out of order",
        _rec(
            "agreement",
            name="X",
            status_history=[{"status": "signed", "date": "2020-02-29"}, {"status": "finalized", "date": "2019-09"}],
        ),
        "status_history_chronological",
    ),
    (
        "agreement undefined key",
        _commitment(variant_of="nope"),
        "local_keys_resolve",
    ),
    ("agreement duplicate key", _rec("agreement", name="X", versions=[{"key": "v1"}, {"key": "v1"}]), "keys_unique"),
    (
        "relative deadline without offset",
        _commitment(deadline_relative={"relation": "within", "anchor": {"record": "agreement:x", "status": "signed"}}),
        "relative_time_has_offset",
    ),
    ("bad duration", _rec("ceasefire", fixed_duration="3 days"), "string_pattern_mismatch"),
    ("bad duration order", _rec("ceasefire", fixed_duration="P3D1Y"), "duration_valid"),
    ("swap one side", _rec("prisoner_swap", sides=SWAP_SIDES[:1]), "too_short"),
    (
        "swap named over count",
        _rec(
            "prisoner_swap",
            sides=[
                {"key": "a", "count": 1, "detainees": [{"person": "actor:p"}, {"person": "actor:q"}]},
                SWAP_SIDES[1],
            ],
        ),
        "named_detainees_within_count",
    ),
    (
        "swap named over executed count",
        _rec(
            "prisoner_swap",
            sides=[
                {
                    "key": "a",
                    "stage_counts": [{"stage": "executed", "count": 1}],
                    "detainees": [{"person": "actor:p"}, {"person": "actor:q"}],
                },
                SWAP_SIDES[1],
            ],
        ),
        "named_detainees_within_count",
    ),
    (
        "swap unknown side key",
        _rec("prisoner_swap", sides=SWAP_SIDES, phases=[{"key": "r1", "releases": [{"side": "c"}]}]),
        "local_keys_resolve",
    ),
    (
        "arrangement disagrees",
        _rec("ceasefire", declarations=DECL, arrangement="unilateral"),
        "arrangement_matches_declarations",
    ),
    (
        "declaration effective before declared",
        _rec("ceasefire", declarations=[{"declarer": "actor:a", "declared": "2018-06-07", "effective": "2018-06-01"}]),
        "date_range_ordered",
    ),
    ("claim contradicts itself", _rec("claim", statement="s", contradicts=["claim:x"]), "claim_not_self_referential"),
    (
        "named and unnamed speaker",
        _rec("claim", statement="s", attribution={"speaker": "actor:a", "unnamed": {"descriptor": "official"}}),
        "speaker_named_or_unnamed",
    ),
    (
        "position replaces itself",
        _rec("position", holders=["actor:a"], kind="demand", topic="ceasefire", replaces="position:x"),
        "position_not_self_referential",
    ),
    ("position without holders", _rec("position", holders=[], kind="demand", topic="ceasefire"), "too_short"),
    ("holders as string", _rec("position", holders="actor:a", kind="demand", topic="ceasefire"), "list_type"),
    (
        "wrong ref type",
        _rec("position", holders=["event:a"], kind="demand", topic="ceasefire"),
        "string_pattern_mismatch",
    ),
    (
        "evidence offsets",
        _rec("event", kind="attack", evidence=[{"source": "source:s", "quote": "abc", "start": 10, "end": 20}]),
        "offsets_span_quote",
    ),
    (
        "evidence start only",
        _rec("event", kind="attack", evidence=[{"source": "source:s", "quote": "abc", "start": 10}]),
        "offsets_span_quote",
    ),
    (
        "place coordinates unpaired",
        _rec("event", kind="attack", place={"name": "Kabul", "latitude": 34.5}),
        "coordinates_paired",
    ),
    ("empty place", _rec("event", kind="attack", place={}), "place_not_empty"),
    ("bad language tag", _rec("source", language="English"), "string_pattern_mismatch"),
    ("strict boolean", _rec("ceasefire", first_ever="true"), "bool_type"),
    ("event part of itself", _rec("event", kind="attack", part_of="event:x"), "not_part_of_itself"),
    ("whitespace-only text", _rec("actor", name="   ", kind="person"), "string_pattern_mismatch"),
    (
        "exact with a range",
        _rec("event", kind="attack", figures=[{"value": 5, "lower": 4, "upper": 6}]),
        "quantity_qualifier_fits_bounds",
    ),
    (
        "anchor status of another type",
        _commitment(
            deadline_relative={"relation": "after", "anchor": {"record": "agreement:x", "status": "in_effect"}}
        ),
        "anchor_status_known",
    ),
    (
        "anchor status on a record without statuses",
        _rec(
            "agreement",
            name="X",
            phases=[
                {"key": "p1", "start_relative": {"relation": "at", "anchor": {"record": "actor:a", "status": "signed"}}}
            ],
        ),
        "anchor_status_known",
    ),
    (
        "detainee twice",
        _rec(
            "prisoner_swap",
            sides=[{"key": "a", "detainees": [{"person": "actor:p"}, {"person": "actor:p"}]}, SWAP_SIDES[1]],
        ),
        "detainees_unique",
    ),
    (
        "side releases to itself",
        _rec("prisoner_swap", sides=[{"key": "a", "releaser": "actor:a", "receiver": "actor:a"}, SWAP_SIDES[1]]),
        "side_not_self_release",
    ),
    ("unmediated with mediators", _rec("ceasefire", mediated="no", mediators=["actor:m"]), "mediation_consistent"),
    ("hedge without hedged", _rec("claim", statement="s", attribution={"hedge": "reportedly"}), "hedge_implies_hedged"),
    (
        "post before birth",
        _rec("actor", name="X", kind="person", born="1951", posts=[{"title": "envoy", "start": "1940"}]),
        "posts_within_life",
    ),
    (
        "holders twice",
        _rec("position", holders=["actor:a", "actor:a"], kind="demand", topic="ceasefire"),
        "holders_unique",
    ),
    (
        "contradicts and supports",
        _rec("claim", statement="s", contradicts=["claim:y"], supports=["claim:y"]),
        "claim_links_consistent",
    ),
    ("time on a month", _rec("event", kind="attack", date={"edtf": "1994-08", "time": "00:00"}), "time_needs_day"),
    (
        "part of day on a range",
        _rec("event", kind="attack", date={"edtf": "2019-10/2019-11", "day_part": "morning"}),
        "time_needs_day",
    ),
    (
        "offset without time",
        _rec("event", kind="attack", date={"edtf": "1994-08-31", "utc_offset": "+01:00"}),
        "time_needs_day",
    ),
    (
        "implementation out of order",
        _commitment(
            implementation=[{"status": "completed", "date": "2005-12-31"}, {"status": "started", "date": "2005-09-15"}]
        ),
        "status_history_chronological",
    ),
    (
        "concurrent with undefined key",
        _commitment(concurrent_with=["relocation"]),
        "local_keys_resolve",
    ),
]


@pytest.mark.parametrize(("data", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invariant(data: dict[str, Any], rule: str) -> None:
    assert rule in _errors(data)


def test_bilateral_arrangement_accepted_and_derived() -> None:
    cf = validate_record(_rec("ceasefire", declarations=DECL, arrangement="bilateral"))
    assert isinstance(cf, Ceasefire)
    assert cf.derived_arrangement() is not None
    assert cf.derived_arrangement() == "bilateral"


def test_validate_record_accepts_json_bytes_and_text() -> None:
    raw = b'{"record_type": "actor", "id": "actor:x", "schema_version": "1.0", "name": "X", "kind": "person"}'
    assert isinstance(validate_record(raw), Actor)
    assert isinstance(validate_record(raw.decode()), Actor)


def test_python_construction_with_plain_values() -> None:
    actor = Actor(record_type="actor", id="actor:x", schema_version="1.0", name="X", kind="person")
    assert actor.kind == "person"


def test_validation_does_not_mutate_input() -> None:
    data = _rec("event", kind="attack", date="2019-09-05", casualties=[{"type": "killed", "count": 12}])
    before = copy.deepcopy(data)
    validate_record(data)
    assert data == before


def _models() -> list[type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in seen:
            return
        seen[model.__name__] = model
        for field in model.model_fields.values():
            for arg in _walk(field.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    visit(arg)

    for model in MODEL_BY_TYPE.values():
        visit(model)
    return list(seen.values())


def _walk(annotation: Any) -> list[Any]:
    out = [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        out.extend(_walk(arg))
    return out


ALL_MODELS = _models()


def test_every_record_type_has_a_model() -> None:
    assert tuple(MODEL_BY_TYPE) == RECORD_TYPES
    assert len(ALL_MODELS) > 40


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_model_is_documented_and_closed(model: type[BaseModel]) -> None:
    assert (model.__doc__ or "").strip(), f"{model.__name__} has no docstring"
    assert model.model_config.get("extra") == "forbid"
    undocumented = [name for name, f in model.model_fields.items() if not f.description]
    schema_version_ok = {"schema_version"}  # described by its Annotated type
    assert set(undocumented) <= schema_version_ok, f"{model.__name__}: fields without description {undocumented}"


def test_every_field_description_reaches_the_json_schema() -> None:
    schema = TypeAdapter(Record).json_schema()
    missing = []
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            if "description" not in spec:
                missing.append(f"{name}.{field}")
    assert not missing


def test_model_validators_run_once_per_object() -> None:
    # guards against pydantic#13581 (after-validators of recursive models ran twice): Quantity is not recursive
    calls: collections.Counter[str] = collections.Counter()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code.co_name.startswith("quantity_"):
            calls[frame.f_code.co_name] += 1

    data = _rec("event", kind="attack", casualties=[{"type": "killed", "count": 3}])
    sys.setprofile(profile)
    try:
        validate_record(data)
    finally:
        sys.setprofile(None)
    assert calls == {"quantity_consistent": 1, "quantity_fraction_consistent": 1}


def test_pax_fields_of_contract_1_1() -> None:
    # what a PA-X row needs (docs/import/pax.md): sub-stage, interim, verbatim party wording, coding version
    from peace_talks_model.validation import Options, validate_records  # noqa: PLC0415

    row = {
        "record_type": "agreement",
        "id": "agreement:pax-2271",
        "schema_version": "1.1",
        "name": "Agreement for Bringing Peace to Afghanistan",
        "identifiers": [{"scheme": "pax_agreement", "value": "2271", "version": "10"}],
        "pax_stage": "Oth",
        "pax_substage": "MultIss",
        "pax_agreement_type": "InterIntra",
        "interim": False,
        "parties_wording": "Signed: Zalmay Khalilzad;\nMullah Abdul Ghani Baradar",
        "third_parties_wording": "Witnessed by Qatar",
        "references_wording": ["Page 1, Preamble / ... the Doha Roadmap"],
        "conflict_locations": [{"country": "AFG", "identifiers": [{"scheme": "gwno", "value": "700"}]}],
        "versions": [{"key": "pax-v10", "pages": 4, "characters": 9000}],
    }
    record = validate_record(row)
    assert isinstance(record, Agreement)
    assert record.pax_substage == "MultIss"
    assert record.parties_wording is not None
    assert "\n" in record.parties_wording
    assert record.conflict_locations[0].country == "AFG"
    assert record.versions[0].pages == 4
    report = validate_records([{**row, "pax_substage": "MultiIss"}], Options(allow_external_refs=True))
    assert [f.suggestion for f in report.findings if f.path == "pax_substage"] == ["MultIss"]
