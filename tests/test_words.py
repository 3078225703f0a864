"""`rules.base.words`: one scan of a record's text answers every rule's question "does the text hold the JSON
string "x"?" exactly as a search of the text for `"x"` does."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from peace_talks_model.rules.base import words

#: Words the rules ask about, and text that makes a scan go wrong if it tokenises badly.
WORDS = ["status_history", "by", "mediator", "relations", "part", "x", "start", "end_relative"]
TEXT = st.lists(st.sampled_from([*WORDS, '"', "\\", " ", ":", ",", "{", "]", "é", "\u2028", "a_b", "X"])).map("".join)


def _json() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(WORDS), TEXT)
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(WORDS), TEXT), inner, max_size=4),
        ),
        max_leaves=12,
    )


@settings(max_examples=400)
@given(_json(), st.booleans(), st.sampled_from([None, 1, 2]))
def test_words_says_what_a_search_for_the_quoted_word_says(value: Any, ascii_only: bool, indent: int | None) -> None:
    raw = json.dumps(value, ensure_ascii=ascii_only, indent=indent).encode("utf-8")
    found = words(raw)
    for word in [*WORDS, "a_b"]:
        assert (word.encode() in found) == (f'"{word}"'.encode() in raw), (word, raw)


def test_the_last_text_is_remembered_and_a_new_text_scanned() -> None:
    first = b'{"status_history": [], "role": "mediator"}'
    assert words(first) == {b"status_history", b"role", b"mediator"}
    assert words(first) is words(first)
    second = b'{"note": "say \\"by\\" twice"}'  # an escaped quote: '"by\\' is no word, as a search of '"by"' fails
    assert words(second) == {b"note"}
    assert b'"by"' not in second
