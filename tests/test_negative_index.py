"""`negative_fact_holds` finds, for each negative event, the first record contradicting it through an index by
kind and pivot actor (`first_contradictions`); it must find exactly what trying every negative event against
every record finds."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peace_talks_model.rules import facts
from peace_talks_model.rules.facts import Happening, Negative, contradiction, first_contradictions

KINDS = ["signing", "ceasefire_declared", "attack"]
ACTORS = ["actor:a", "actor:b", "actor:c", "actor:d"]
PLACES = [None, "abyei"]

happenings = st.builds(
    lambda kind, actors, first, length, place: Happening(kind, tuple(actors), first, first + length, place),
    st.sampled_from(KINDS),
    st.lists(st.sampled_from(ACTORS), max_size=3, unique=True),
    st.integers(0, 40),
    st.integers(0, 5),
    st.sampled_from(PLACES),
)
negatives = st.builds(
    lambda kind, actors, first, length, place: Negative(kind, frozenset(actors), first, first + length, place),
    st.sampled_from(KINDS),
    st.lists(st.sampled_from(ACTORS), max_size=2, unique=True),
    st.integers(0, 30),
    st.integers(0, 20),
    st.sampled_from(PLACES),
)


def brute_force(
    found: list[tuple[int, Negative]], records: Iterable[tuple[str, tuple[Happening, ...]]]
) -> list[tuple[int, tuple[str]]]:
    first: dict[int, str] = {}
    for record_id, happened in records:
        for key, negative in found:
            if key not in first and contradiction(negative, happened) is not None:
                first[key] = record_id
    return [(key, (record_id,)) for key, record_id in sorted(first.items())]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(negatives, max_size=8),
    st.lists(st.lists(happenings, min_size=1, max_size=4).map(tuple), max_size=25),
)
def test_the_index_finds_what_trying_every_pair_finds(
    found: list[Negative], records: list[tuple[Happening, ...]]
) -> None:
    keyed = list(enumerate(found))
    named = [(f"event:r{i}", happened) for i, happened in enumerate(records)]
    assert list(first_contradictions(keyed, named)) == brute_force(keyed, named)


def test_a_negative_event_is_looked_for_only_among_records_of_its_pivot_actor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    negative = Negative("signing", frozenset({"actor:a", "actor:b"}), 0, 100)
    others = [(f"event:{i}", (Happening("signing", ("actor:c",), 5, 5),)) for i in range(1000)]
    hit = ("event:hit", (Happening("signing", ("actor:a", "actor:b"), 5, 6),))

    real = facts.contradiction

    def counted(n: Negative, h: Iterable[Happening]) -> Happening | None:
        nonlocal calls
        calls += 1
        return real(n, h)

    monkeypatch.setattr(facts, "contradiction", counted)
    found = first_contradictions([(7, negative), (9, negative)], [*others, hit, hit])
    assert list(found) == [(7, ("event:hit",)), (9, ("event:hit",))]
    assert calls == 1  # not 1,000 records tried, not twice for two alike, and not again once found
