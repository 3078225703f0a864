"""Quantities: short form, qualifiers, fractions of other quantities, ordered bounds."""

from __future__ import annotations

import pytest
from hypothesis import given
from pydantic import TypeAdapter, ValidationError

from peace_talks_model.models.quantities import Count, Quantity, QuantityQualifier
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
