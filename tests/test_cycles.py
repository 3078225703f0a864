"""`relations.cycles` reads the run's links twice (the graph of ids first, then the links inside its cycles) so
that a run's links are not all held at once; it must give what building every list at once gave: the reference
below is that earlier implementation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from peace_talks_model.rules.relations import Cycle, Held, Link, Order, Time, _components, _path_back, cycles

NODES = [f"actor:{c}" for c in "abcdef"]


def reference(held: Iterable[Held]) -> Iterator[Cycle]:
    by_order: dict[Order, list[Held]] = {}
    for item in held:
        by_order.setdefault(item.link.order, []).append(item)
    for order in sorted(by_order):
        items = by_order[order]
        adjacency: dict[str, list[str]] = {}
        for item in items:
            adjacency.setdefault(item.link.before, []).append(item.link.after)
            adjacency.setdefault(item.link.after, [])
        for successors in adjacency.values():
            successors.sort()
        for component in _components(adjacency):
            members = frozenset(component)
            inner = [i for i in items if i.link.before in members and i.link.after in members]
            closing = max(inner, key=lambda i: (i.key, i.link.slot))
            yield Cycle((closing, *_path_back(inner, closing.link.after, closing.link.before)), members)


links = st.tuples(
    st.sampled_from([Order.precedence, Order.containment, Order.descent]),
    st.sampled_from(NODES),
    st.sampled_from(NODES),
).filter(lambda t: t[1] != t[2])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(links, min_size=1, max_size=3), max_size=12))
def test_two_readings_give_the_cycles_of_one(records: list[list[tuple[Order, str, str]]]) -> None:
    held = [
        Held(key, Link(order, before, after, Time.none, slot, None, None))
        for key, found in enumerate(records)
        for slot, (order, before, after) in enumerate(found)
    ]
    assert list(cycles(lambda: iter(held))) == list(reference(held))


def test_a_cycle_is_found() -> None:
    held = [
        Held(1, Link(Order.precedence, "actor:a", "actor:b", Time.none, 0, None, None)),
        Held(2, Link(Order.precedence, "actor:b", "actor:a", Time.none, 0, None, None)),
    ]
    (cycle,) = cycles(lambda: held)
    assert cycle.component == {"actor:a", "actor:b"}
    assert cycle.links[0].key == 2  # the link held last closes it
