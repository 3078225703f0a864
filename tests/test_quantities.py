"""Quantities: short form, qualifiers, fractions of other quantities, ordered bounds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from peace_talks_model import validate_record
from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.models.agreement import Commitment
from peace_talks_model.models.quantities import Count, FuzzyDuration, Quantity, QuantityQualifier
from tests import strategies

COUNT = TypeAdapter(Count)


def test_bare_integer_is_an_exact_count() -> None:
    q = COUNT.validate_python(37)
    assert q.value == 37
    assert q.qualifier is QuantityQualifier.exact
    assert q.bounds() == (37, 37)


def test_fraction_of_another_quantity() -> None:
    # "a little under half of the 14,000 U.S. troops"
    q = COUNT.validate_python(
        {
            "qualifier": "under",
            "fraction": 0.5,
            "of": {"value": 14000, "unit": "troops"},
            "unit": "troops",
            "text": "a little under half of the 14,000 U.S. troops",
        }
    )
    assert q.reference_value() == 7000
    assert q.bounds() == (None, 7000)


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ({"value": 5000, "qualifier": "about"}, (None, None)),
        ({"value": 8000, "qualifier": "more_than"}, (8000, None)),
        ({"value": 12, "qualifier": "at_least"}, (12, None)),
        ({"value": 1000, "qualifier": "up_to"}, (None, 1000)),
        ({"qualifier": "several"}, (2, None)),
        ({"qualifier": "several", "lower": 200000, "upper": 900000, "unit": "ballots"}, (200000, 900000)),
        ({"value": 5000, "qualifier": "about", "lower": 4500, "upper": 5500}, (4500, 5500)),
    ],
)
def test_bounds(value: dict[str, object], bounds: tuple[float | None, float | None]) -> None:
    assert COUNT.validate_python(value).bounds() == bounds


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("12", "count_type"),  # no silent coercion of "12" to 12
        (True, "count_type"),
        (-3, "count_negative"),  # reported at the count, not at a value the user never wrote
        ({"value": 5, "qualifier": "exact", "lower": 4, "upper": 6}, "quantity_qualifier_fits_bounds"),
        ({"value": 5, "qualifier": "more_than", "upper": 5}, "quantity_qualifier_fits_bounds"),
        ({"value": "12"}, "int_type"),
        ({"lower": 10, "upper": 5}, "quantity_bounds_ordered"),
        ({"value": 20, "lower": 1, "upper": 10}, "quantity_value_within_bounds"),
        ({}, "quantity_not_empty"),
        ({"qualifier": "about"}, "quantity_qualifier_has_number"),
        ({"qualifier": "several", "value": 3}, "quantity_vague_has_no_value"),
        ({"fraction": 0.5}, "quantity_fraction_has_base"),
        ({"value": 3, "unit": "troops", "units": "x"}, "extra_forbidden"),
    ],
)
def test_rejected(value: object, rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        COUNT.validate_python(value)
    assert rule in {e["type"] for e in info.value.errors()}


@given(strategies.quantity_dicts())
def test_valid_quantities_round_trip_with_ordered_bounds(data: dict[str, object]) -> None:
    q = COUNT.validate_python(data)
    low, high = q.bounds()
    if low is not None and high is not None:
        assert low <= high
    assert COUNT.validate_json(COUNT.dump_json(q)) == q
    assert Quantity.model_validate(q.model_dump()) == q


@given(strategies.numbers, strategies.numbers)
def test_reversed_bounds_always_rejected(a: float, b: float) -> None:
    if a == b:
        return
    with pytest.raises(ValidationError):
        COUNT.validate_python({"lower": max(a, b), "upper": min(a, b), "qualifier": "unknown"})


# --- schema 1.5: lengths of time, ratios between swap sides, amounts against their baseline -------------------

_UNITS = {"D": (1, 1), "W": (7, 7), "M": (28, 31), "Y": (336, 372)}


@given(
    st.integers(min_value=1, max_value=400),
    st.sampled_from("DWMY"),
    st.integers(min_value=1, max_value=400),
    st.sampled_from("DWMY"),
)
def test_a_duration_is_rejected_exactly_when_its_lower_bound_is_certainly_longer(
    low: int, low_unit: str, high: int, high_unit: str
) -> None:
    """Bounds are compared in days, a month 28 to 31 days and a year 12 months: only a certain reversal fails."""
    shortest_low = low * _UNITS[low_unit][0]
    longest_high = high * _UNITS[high_unit][1]
    duration = {"lower": f"P{low}{low_unit}", "upper": f"P{high}{high_unit}"}
    if shortest_low > longest_high:
        with pytest.raises(ValidationError, match="is longer than"):
            FuzzyDuration.model_validate(duration)
    else:
        FuzzyDuration.model_validate(duration)


def test_a_duration_needs_something_and_keeps_its_wording() -> None:
    assert FuzzyDuration.model_validate({"lower": "P2Y", "text": "years"}).text == "years"
    with pytest.raises(ValidationError, match="a duration needs a value, a bound or the source's wording"):
        FuzzyDuration.model_validate({"approximate": True})


def _swap(count: Any, other: Any, ratio: dict[str, Any]) -> dict[str, Any]:
    return {
        "record_type": "prisoner_swap",
        "id": "prisoner_swap:ratio-test",
        "schema_version": SCHEMA_VERSION,
        "sides": [
            {"key": "a", "count": count, "ratio": {"per_side": "b", **ratio}},
            {"key": "b", "count": other},
        ],
    }


@given(st.integers(min_value=1, max_value=50), st.integers(min_value=1, max_value=100), st.integers(0, 3))
def test_a_ratio_fits_counts_drawn_from_it_and_only_those(per: int, other: int, off: int) -> None:
    """Counts made from the ratio are accepted; an exact count that misses it is PT267; a hedged ratio is not
    checked."""
    validate_record(_swap(per * other, other, {"value": per}))
    validate_record(_swap({"value": per * other, "qualifier": "about"}, other, {"value": per}))
    if off:
        with pytest.raises(ValidationError, match="times the other"):
            validate_record(_swap(per * other + off, other, {"value": per}))
        validate_record(_swap(per * other + off, other, {"value": per, "approximate": True}))


def test_a_ratio_names_another_side_of_the_swap() -> None:
    with pytest.raises(ValidationError, match="side key 'c' is not one of this swap's sides"):
        validate_record(
            _swap(10, 1, {"value": 10})
            | {"sides": [{"key": "a", "ratio": {"per_side": "c", "value": 2}}, {"key": "b"}]}
        )
    with pytest.raises(ValidationError, match="gives a ratio to itself"):
        validate_record(
            _swap(10, 1, {"value": 10})
            | {"sides": [{"key": "a", "ratio": {"per_side": "a", "value": 2}}, {"key": "b"}]}
        )


@given(st.integers(min_value=0, max_value=20_000), st.integers(min_value=0, max_value=20_000))
def test_a_reduction_is_checked_against_its_baseline(amount: int, baseline: int) -> None:
    commitment = {"action": "reduce", "quantity": amount, "baseline": baseline, "quantity_kind": "level"}
    if amount > baseline:
        with pytest.raises(ValidationError, match="larger than the baseline"):
            Commitment.model_validate(commitment)
    else:
        Commitment.model_validate(commitment)
    # what is counted differs: nothing to compare; an action that does not reduce: no baseline rule
    Commitment.model_validate(
        commitment | {"quantity": {"value": amount, "unit": "bases"}, "baseline": {"value": baseline, "unit": "troops"}}
    )
    Commitment.model_validate(commitment | {"action": "establish"})
