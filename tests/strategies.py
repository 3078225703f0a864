"""Hypothesis strategies for the shared building blocks (kept in one module, as attrs does)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from peace_talks_model.models.dates import DatePart
from peace_talks_model.models.quantities import QuantityQualifier

days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
qualifiers = st.sampled_from(["", "~", "?", "%"])


@st.composite
def edtf_single(draw: st.DrawFn) -> str:
    """A well-formed single EDTF date of any supported precision."""
    day = draw(days)
    form = draw(st.sampled_from(["day", "month", "year", "season", "decade", "month_x", "day_x"]))
    text = {
        "day": day.isoformat(),
        "month": f"{day.year:04d}-{day.month:02d}",
        "year": f"{day.year:04d}",
        "season": f"{day.year:04d}-{draw(st.integers(21, 24))}",
        "decade": f"{day.year:04d}"[:3] + "X",
        "month_x": f"{day.year:04d}-XX",
        "day_x": f"{day.year:04d}-{day.month:02d}-XX",
    }[form]
    if form == "decade" and text.startswith("000"):
        text = "001X"
    if form == "season" and day.year == 9999 and text.endswith("24"):
        text = text[:-2] + "23"
    return text + draw(qualifiers)


@st.composite
def edtf_interval(draw: st.DrawFn) -> str:
    """A well-formed, ordered EDTF interval (ends may be open or unknown, not both)."""
    a, b = sorted([draw(days), draw(days)])
    start = draw(st.sampled_from([a.isoformat(), f"{a.year:04d}-{a.month:02d}", "..", ""]))
    end = draw(st.sampled_from([b.isoformat(), f"{b.year:04d}", "..", ""]))
    if start in ("..", "") and end in ("..", ""):
        end = b.isoformat()
    return f"{start}/{end}"


date_parts = st.sampled_from(list(DatePart))
numbers = st.one_of(st.integers(0, 10**9), st.floats(0, 1e9, allow_nan=False, allow_infinity=False))


@st.composite
def quantity_dicts(draw: st.DrawFn) -> dict[str, object]:
    """A valid quantity object: bounds ordered and around the value."""
    value = draw(numbers)
    low = draw(st.one_of(st.none(), st.floats(0, 1, allow_nan=False).map(lambda f: value * f)))
    high = draw(st.one_of(st.none(), st.floats(1, 10, allow_nan=False).map(lambda f: value * f)))
    qualifier = draw(
        st.sampled_from([q for q in QuantityQualifier if q.value not in ("several", "many", "all", "unknown")])
    )
    result: dict[str, object] = {"value": value, "qualifier": qualifier.value}
    exclusive = qualifier in (QuantityQualifier.more_than, QuantityQualifier.under)
    if qualifier is not QuantityQualifier.exact:
        if low is not None and (low < value or (low == value and qualifier is not QuantityQualifier.under)):
            result["lower"] = low
        if high is not None and (high > value or (high == value and not exclusive)):
            result["upper"] = high
    if draw(st.booleans()):
        result["unit"] = draw(st.sampled_from(["troops", "prisoners", "civilians", "ballots"]))
    return result
