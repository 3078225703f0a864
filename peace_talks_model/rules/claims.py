"""Rules on claims and positions: `CONTRADICTION_LINKS_MUTUAL` (a claim that contradicts another is listed by it in
turn), `STANCE_FITS_FACTUALITY` (what the speaker does with a statement agrees with how certain of it the speaker
is) and `POSITION_HELD_WHEN_STATED` (a position is not stated after it stopped being held)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from peace_talks_model.models import Claim, Position, Record
from peace_talks_model.models.claim import Factuality, Stance
from peace_talks_model.rules.base import (
    EXAMPLE_SOURCE,
    Breach,
    Entry,
    Family,
    Index,
    RecordRule,
    RunFacts,
    SetRule,
    certainly_before,
    example_record,
    only_with,
)


class ContradictionLinksMutual(SetRule[tuple[str, ...], tuple[str, ...], None]):
    """When claim A lists claim B in `contradicts`, B lists A too (contradiction goes both ways)."""

    name = "contradiction_links_mutual"
    lookup_needs = only_with(types=(Claim,))
    facts_needs = only_with("contradicts", types=(Claim,))
    family = Family.claims
    keeps = "Of each claim, the ids of the claims it contradicts."
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


#: The factuality values (FactBank) each stance cannot have: a speaker who asserts, confirms or predicts a statement
#: cannot be certain it is false; one who denies or disputes it cannot be certain it is true; one who says it is
#: not known (questions) cannot be certain either way; an accusation holds its statement true.
_EXCLUDED: dict[Stance, tuple[Factuality, ...]] = {
    Stance.asserts: (Factuality.CT_minus,),
    Stance.confirms: (Factuality.CT_minus, Factuality.PR_minus, Factuality.PS_minus),
    Stance.predicts: (Factuality.CT_minus,),
    Stance.accuses: (Factuality.CT_minus,),
    Stance.denies: (Factuality.CT_plus,),
    Stance.disputes: (Factuality.CT_plus,),
    Stance.questions: (Factuality.CT_plus, Factuality.CT_minus),
}
#: What a factuality value cannot be, said of the speaker.
_NOT = {
    Factuality.CT_plus: "is not certain it is true",
    Factuality.CT_minus: "is not certain it is false",
    Factuality.PR_minus: "does not hold it probably false",
    Factuality.PS_minus: "does not hold it possibly false",
}
#: The speaker's act, for each stance.
_ACT = {
    Stance.asserts: "asserts a statement",
    Stance.confirms: "confirms a statement",
    Stance.predicts: "predicts something",
    Stance.accuses: "accuses someone of something",
    Stance.denies: "denies a statement",
    Stance.disputes: "disputes a statement",
    Stance.questions: "says it is not known whether a statement is true",
}


class StanceFitsFactuality(RecordRule):
    """A claim's `stance` and its `factuality` (FactBank) can both be true of the speaker (`_EXCLUDED`)."""

    name = "stance_fits_factuality"
    needs = only_with("factuality", types=(Claim,))
    family = Family.claims
    description = "A claim's stance agrees with its factuality (no 'confirms' with certain-false)."
    example = (
        EXAMPLE_SOURCE,
        example_record("claim", "a", statement="The talks will resume.", stance="confirms", factuality="CT-"),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """The factuality a claim's stance excludes."""
        if not isinstance(record, Claim) or record.factuality is None:
            return
        if record.factuality in _EXCLUDED.get(record.stance, ()):
            yield Breach(
                f"stance '{record.stance}' and factuality '{record.factuality}' contradict each other: a speaker who "
                f"{_ACT[record.stance]} {_NOT[record.factuality]}",
                ("factuality",),
            )


STANCE_FITS_FACTUALITY = StanceFitsFactuality()


class PositionHeldWhenStated(RecordRule):
    """A position is not stated certainly after the day it stopped being held (`held_until`): what a holder states
    is a position it holds then."""

    name = "position_held_when_stated"
    needs = only_with("held_until", "stated", types=(Position,))
    family = Family.claims
    description = "A position is not stated after it stopped being held."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "taliban", name="Taliban", kind="armed_group"),
        example_record(
            "position",
            "p",
            holders=["actor:taliban"],
            kind="demand",
            topic="ceasefire",
            stated="2019-09-09",
            held_until="2019-06",
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """The `held_until` that ends certainly before the statement."""
        if not isinstance(record, Position) or record.held_until is None or record.stated is None:
            return
        if certainly_before(record.held_until, record.stated):
            yield Breach(
                f"held until {record.held_until.edtf}, but stated {record.stated.edtf}: a position is stated while "
                "it is held",
                ("held_until",),
            )


POSITION_HELD_WHEN_STATED = PositionHeldWhenStated()
