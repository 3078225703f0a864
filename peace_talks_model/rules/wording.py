"""Warnings on how a record keeps its source's wording, judged from the record alone: `FUZZY_DATE_HAS_WORDING`,
`UNNAMED_SPEAKER_HAS_REASON`, `OUTSIDE_KNOWLEDGE_CITED` and `OUTSIDE_BASIS_CITED`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from peace_talks_model.introspect import fields_holding, instances, reachable_models
from peace_talks_model.models import FuzzyDate, Place, Record, Source
from peace_talks_model.models.base import PeaceModel
from peace_talks_model.models.dates import RESOLVED_FROM_WORDING
from peace_talks_model.models.evidence import Evidence, UnnamedSpeaker
from peace_talks_model.models.vocabularies import Basis
from peace_talks_model.rules.base import EXAMPLE_SOURCE, Breach, Family, RecordRule, example_record, only_with, words

#: In a record's text: a resolution from wording ('last month'), or the key of a part of a month or year, a weekday
#: or a part of the day ('early September', 'on Monday', 'Thursday morning').
_FROM_WORDING = re.compile(
    rb'"(?:resolution"\s*:\s*"(?:'
    + b"|".join(sorted(r.encode() for r in RESOLVED_FROM_WORDING))
    + rb')|part|weekday|day_part)"'
)
#: The keys of a date's own fields that say it was resolved from wording: a text without any of them holds no date
#: the rule is about (a quick test, before the regular expressions).
_SIGN_KEYS = frozenset({b"resolution", b"part", b"weekday", b"day_part"})
#: A `text` key with a string value.
_WORDING = re.compile(rb'"text"\s*:\s*"')
#: The key of an unnamed speaker, and an `anonymity` key with a string value.
_DESCRIPTOR = re.compile(rb'"descriptor"\s*:')
_ANONYMITY = re.compile(rb'"anonymity"\s*:\s*"')
#: A bracket: where one is, an object starts or ends.
_BRACKET = re.compile(rb"[{}\[\]]")


def _all_marked(raw: bytes, sign: re.Pattern[bytes], mark: re.Pattern[bytes]) -> bool:
    """True when every match of `sign` in the JSON text `raw` lies in an object holding no object or array (as a
    date and an unnamed speaker are) that also matches `mark`: then no object the rule is about lacks what it asks
    for. False: look at the model (a sign elsewhere, or an object with a bracket in a string)."""
    end = -1
    for found in sign.finditer(raw):
        if found.start() < end:  # in the object just looked at
            continue
        start, end = raw.rfind(b"{", 0, found.start()), raw.find(b"}", found.end())
        if start < 0 or end < 0 or _BRACKET.search(raw, start + 1, end) or not mark.search(raw, start, end):
            return False
    return True


@cache
def _speaker_keys() -> frozenset[bytes]:
    """The keys of the fields an unnamed speaker can be held in (as `words` gives them)."""
    return frozenset(name.encode() for name in fields_holding(UnnamedSpeaker))


class FuzzyDateHasWording(RecordRule):
    """A date resolved from wording (relative, inferred, or with a part of a month, a weekday, a part of the day)
    keeps that wording in `text`."""

    name = "fuzzy_date_has_wording"
    needs = only_with(_SIGN_KEYS)
    family = Family.wording
    description = "A resolved or fuzzy date keeps the source's wording."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "event",
            "x",
            kind="attack",
            date={"edtf": "2019-11", "resolution": "relative_to_publication", "anchor": "source:s"},
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every date of the record resolved from wording it does not keep."""
        if raw is not None and _all_marked(raw, _FROM_WORDING, _WORDING):
            return
        for path, date in instances(record, FuzzyDate):
            if date.text is None and (
                date.resolution in RESOLVED_FROM_WORDING
                or date.part is not None
                or date.weekday is not None
                or date.day_part is not None
            ):
                yield Breach(
                    f"the date {date.edtf} was resolved from wording that is not kept; add 'text' (e.g. 'last month')",
                    path,
                )


class UnnamedSpeakerHasReason(RecordRule):
    """An unnamed speaker states why the source does not name them (`anonymity`, 'unspecified' when it does not
    say)."""

    name = "unnamed_speaker_has_reason"
    #: an unnamed speaker always has a descriptor (a required field): a text without the key holds none
    needs = only_with("descriptor")
    family = Family.wording
    description = "An unnamed speaker has a stated reason."
    example = (
        EXAMPLE_SOURCE,
        example_record("claim", "x", statement="s", attribution={"unnamed": {"descriptor": "an official"}}),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every unnamed speaker of the record without an anonymity reason."""
        if raw is not None and (
            words(raw).isdisjoint(_speaker_keys())  # no key an unnamed speaker can be under
            or _all_marked(raw, _DESCRIPTOR, _ANONYMITY)  # a speaker always has a descriptor
        ):
            return
        for path, speaker in instances(record, UnnamedSpeaker):
            if speaker.anonymity is None:
                yield Breach(
                    f"unnamed speaker '{speaker.descriptor}' has no "
                    "'anonymity' reason (use 'unspecified' when the source gives none)",
                    path,
                )


class OutsideKnowledgeCited(RecordRule):
    """A date taken from outside the record's sources (`resolution: outside_knowledge`) names the source it comes
    from in `anchor`, and the record cites that source in its evidence."""

    name = "outside_knowledge_cited"
    needs = only_with("resolution")
    family = Family.wording
    description = "A date taken from outside knowledge names its source and cites it."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "event",
            "x",
            kind="attack",
            date={"edtf": "2019-09-05", "text": "last month", "resolution": "outside_knowledge"},
            evidence=[{"source": "source:s", "quote": "an attack in Kabul last month"}],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every date of the record resolved from outside knowledge without a cited source."""
        if raw is not None and b"outside_knowledge" not in raw:
            return
        dates = [(path, date) for path, date in instances(record, FuzzyDate) if date.resolution == "outside_knowledge"]
        if not dates:
            return
        cited = {e.source for _, e in instances(record, Evidence)}
        for path, date in dates:
            if date.anchor is None or not date.anchor.startswith("source:"):
                yield Breach(
                    f"the date {date.edtf} is taken from outside knowledge but names no source: put the source it "
                    "comes from (a source record with its URL) in 'anchor', and cite it in the record's evidence",
                    (*path, "anchor"),
                )
            elif date.anchor not in cited:
                yield Breach(
                    f"the date {date.edtf} is taken from {date.anchor}, which the record does not cite: add "
                    "evidence quoting it",
                    (*path, "anchor"),
                )


@cache
def _with_basis() -> tuple[type[PeaceModel], ...]:
    """Every model a record can hold that has a `basis` (how the fact is known) and its own `evidence` list."""
    return tuple(
        model
        for model in reachable_models()
        if issubclass(model, PeaceModel) and "basis" in model.model_fields and "evidence" in model.model_fields
    )


class OutsideBasisCited(RecordRule):
    """A fact known from outside the record's sources (`basis: outside_knowledge`) cites the source it comes from:
    in its own evidence, in a place's `source` (cited by the record), in a publication date's `anchor`."""

    name = "outside_basis_cited"
    needs = only_with("outside_knowledge")
    family = Family.wording
    description = "A fact known from outside knowledge cites the source it comes from."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "event",
            "x",
            kind="attack",
            date="2019-09-05",
            place={"name": "Kabul", "country": "AFG", "basis": "outside_knowledge"},
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Every fact of the record known from outside knowledge that cites no source."""
        if raw is not None and b"outside_knowledge" not in raw:
            return
        outside = Basis.outside_knowledge
        if isinstance(record, Source) and record.published_basis == "outside_knowledge":
            published = record.published
            # a date resolved from outside knowledge is PT916's (one defect, one finding)
            if (
                published is not None
                and published.resolution != "outside_knowledge"
                and (published.anchor is None or not published.anchor.startswith("source:"))
            ):
                yield Breach(
                    "the publication date is known from outside the document but names no source: put the "
                    "source it comes from (a source record with its URL) in the date's 'anchor'",
                    ("published",),
                )
        evidence = list(instances(record, Evidence))
        cited = {e.source for _, e in evidence}
        for path, place in instances(record, Place):
            if place.basis != outside:
                continue
            what = f"the place '{place.name}'" if place.name else "the place"
            if place.source is None:
                yield Breach(
                    f"{what} is known from outside knowledge but names no source: put the source it comes from "
                    "(a source record with its URL) in 'source', and cite it in the record's evidence",
                    (*path, "source"),
                )
            elif evidence and place.source not in cited:
                yield Breach(
                    f"{what} is taken from {place.source}, which the record does not cite: add evidence quoting it",
                    (*path, "source"),
                )
        for model in _with_basis():
            for path, fact in instances(record, model):
                if getattr(fact, "basis", None) == outside and not getattr(fact, "evidence", None):
                    yield Breach(
                        f"this {_words_of(model)} is known from outside knowledge but cites no source: add evidence "
                        "quoting the source it comes from (a source record with its URL)",
                        (*path, "evidence"),
                    )


def _words_of(model: type[PeaceModel]) -> str:
    """A model's name in lower-case words ('ActorRelation' -> 'actor relation')."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


FUZZY_DATE_HAS_WORDING = FuzzyDateHasWording()
OUTSIDE_BASIS_CITED = OutsideBasisCited()
OUTSIDE_KNOWLEDGE_CITED = OutsideKnowledgeCited()
UNNAMED_SPEAKER_HAS_REASON = UnnamedSpeakerHasReason()
