"""`CONTRADICTION_LINKS_MUTUAL`: a claim that contradicts another is listed by it in turn."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from peace_talks_model.models import Claim, Record
from peace_talks_model.rules.base import EXAMPLE_SOURCE, Breach, Entry, Index, RunFacts, SetRule, example_record


class ContradictionLinksMutual(SetRule[tuple[str, ...], tuple[str, ...], None]):
    """When claim A lists claim B in `contradicts`, B lists A too (contradiction goes both ways)."""

    name = "contradiction_links_mutual"
    description = "A claim contradicting another is listed by it too."
    example = (
        EXAMPLE_SOURCE,
        example_record("claim", "a", statement="a", contradicts=["claim:b"]),
        example_record("claim", "b", statement="b"),
    )

    def lookup(self, record: Record) -> tuple[str, ...] | None:
        """A claim's contradicted claims (every claim has them, possibly none)."""
        return tuple(sys.intern(c) for c in record.contradicts) if isinstance(record, Claim) else None

    def facts(self, record: Record, raw: bytes | None) -> tuple[str, ...] | None:
        """A claim's contradicted claims, when it has any."""
        if isinstance(record, Claim) and record.contradicts:
            return tuple(sys.intern(c) for c in record.contradicts)
        return None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the claims contradicting a claim that does not list them."""
        for key, claim_id, contradicts in run.facts(self):
            one_way = [other for other in contradicts if _one_way(claim_id, run.lookup(self, other))]
            if one_way:
                yield key, one_way

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every claim the record contradicts that does not contradict it back."""
        claim = entry.record
        if not isinstance(claim, Claim):
            return
        for position, other_id in enumerate(claim.contradicts):
            other = index.get(other_id)
            if isinstance(other, Claim) and claim.id not in other.contradicts:
                yield Breach(
                    f"'{other_id}' does not list '{claim.id}' in its 'contradicts'; contradiction goes both ways",
                    ("contradicts", position),
                )


def _one_way(claim_id: str, other: tuple[str, ...] | None) -> bool:
    """True when the claim whose contradicted claims are `other` (None: not a claim) does not list `claim_id`."""
    return other is not None and claim_id not in other


CONTRADICTION_LINKS_MUTUAL = ContradictionLinksMutual()
