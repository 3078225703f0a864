"""The JSON position scanner: every pointer maps to the offset where its value (and key) is written."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from peace_talks_model.positions import LineIndex, locate_path, pointer, source_map

DECODER = json.JSONDecoder()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=25,
)
layouts = st.sampled_from([{}, {"indent": 2}, {"indent": "\t"}, {"separators": (",", ":")}, {"indent": 0}])


def _walk(value: Any, path: tuple[int | str, ...] = ()) -> list[tuple[tuple[int | str, ...], Any]]:
    out = [(path, value)]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_walk(v, (*path, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_walk(v, (*path, i)))
    return out


@given(values, layouts, st.booleans())
def test_every_pointer_points_at_its_value(value: Any, layout: dict[str, Any], ascii_only: bool) -> None:
    text = "  \n" + json.dumps(value, ensure_ascii=ascii_only, **layout)
    spans = source_map(text)
    walked = _walk(value)
    assert set(spans) == {pointer(path) for path, _ in walked}
    for path, expected in walked:
        span = spans[pointer(path)]
        assert DECODER.raw_decode(text, span.value)[0] == expected
        if path and isinstance(path[-1], str):
            assert span.key is not None
            assert DECODER.raw_decode(text, span.key)[0] == path[-1]
        else:
            assert span.key is None


@given(values, layouts, st.lists(st.one_of(st.integers(0, 5), st.text(max_size=6)), max_size=4))
def test_locate_path_agrees_with_the_source_map(value: Any, layout: dict[str, Any], path: list[int | str]) -> None:
    # every existing path, and paths that go astray (the nearest existing ancestor is found)
    text = " \n" + json.dumps(value, **layout)
    spans = source_map(text)
    for wanted in [p for p, _ in _walk(value)] + [tuple(path)]:
        span, found = locate_path(text, wanted)
        deepest = next(n for n in range(len(wanted), -1, -1) if pointer(wanted[:n]) in spans)
        assert found == deepest
        assert span == spans[pointer(wanted[:deepest])]


def test_escaped_keys_and_nested_positions() -> None:
    text = '{\n  "a\\"b": [1, {"c/d": "é"}],\n  "e~": null\n}'
    spans = source_map(text)
    lines = LineIndex(text)
    assert lines.locate(spans['/a"b'].key or 0) == (2, 3)
    assert lines.locate(spans['/a"b/1/c~1d'].value) == (2, 23)
    assert lines.locate(spans["/e~0"].value) == (3, 9)


def test_map_starts_at_an_offset() -> None:
    text = '[{"x": 1}, {"y": [true]}]'
    assert source_map(text, 11)["/y/0"].value == text.index("true")


def test_line_index() -> None:
    index = LineIndex("ab\ncd\r\n\nz")
    assert index.locate(0) == (1, 1)
    assert index.locate(3) == (2, 1)
    assert index.locate(4) == (2, 2)
    assert index.locate(8) == (4, 1)


def test_locate_path_takes_only_ascii_digits_as_indexes() -> None:
    # '²' is a digit to str.isdigit but no index
    assert locate_path("[1, 2]", ("²",)) == locate_path("[1, 2]", ())
    assert locate_path("[1, 2]", ("01",))[1] == 0
    assert locate_path("[1, 2]", ("1",))[1] == 1
