"""Rules on record ids and references: `IDS_UNIQUE` (no two records share an id) and `REFERENCE_RESOLVES`
(every reference names a record of the run), with `reference_candidates`, the fast scan of a record's text for
strings that look like ids.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator

from peace_talks_model.introspect import planned_references
from peace_talks_model.models import RECORD_TYPES, Record
from peace_talks_model.rules.base import (
    EXAMPLE_SOURCE,
    Breach,
    Entry,
    Family,
    Index,
    RunFacts,
    SetRule,
    example_record,
)

_TYPES = b"|".join(t.encode() for t in RECORD_TYPES)
_CANDIDATE = re.compile(rb'"((?:' + _TYPES + rb'):[^"\\]*)"')
_DECLARED = re.compile(rb'"id"[ \t\r\n]*:[ \t\r\n]*"((?:' + _TYPES + rb'):[^"\\]*)"')


def reference_candidates(raw: bytes) -> list[bytes]:
    """Every JSON string of `raw` that looks like a record id: a superset of the record's references, unless the
    text writes an id with `\\u` escapes (see `peace_talks_model.rules.base.scannable`)."""
    return _CANDIDATE.findall(raw)


def declared_ids(raw: bytes) -> set[str]:
    """The ids that the text of records declares (`"id": "type:..."`), read without parsing it: how the ids of
    records that could not be read as JSON or validated are known (`peace_talks_model.rules.base.RunFacts.unsure`).
    A superset at worst (an object nested in a record may have an "id" key too); it only silences reports."""
    return {match.decode("utf-8", errors="replace") for match in _DECLARED.findall(raw)}


class IdsUnique(SetRule[None, None, None]):
    """No two valid records of a run share an id: every record after the first with an id is reported."""

    name = "ids_unique"
    family = Family.references
    keeps = "Nothing of its own: the run's table of ids (each record's id and place), which every set rule uses."
    description = "No two records share an id."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "a", name="A", kind="person"),
        example_record("actor", "a", name="A", kind="person"),
    )

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the records whose id an earlier record has."""
        for key, _ in run.duplicates():
            yield key, ()

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """The record's id, when an earlier record has it (named by its place in the run)."""
        first = index.first_key(entry.record.id)
        if first is not None and first != entry.key:
            yield Breach(f"id '{entry.record.id}' is already used by {index.where(first)}", ("id",))


class ReferenceResolves(SetRule[None, None, bytes]):
    """Every reference of a valid record names a valid record of the run (unless external references are allowed).

    A reference to a record that is present but invalid, or that sits in a file or line that could not be read
    as JSON, is not reported: that record's own findings are the cause, and reporting every reference to it
    again would bury them (`RunFacts.unsure`).

    Facts: every string of every record's text that looks like an id, but its own (one set for the run). The
    candidates that name no record of the run are the missing references; one more reading of the texts finds
    the records mentioning one, which are checked.
    """

    name = "reference_resolves"
    family = Family.references
    keeps = "The strings of each record's text that look like ids, but its own id, gathered into one set over the run."
    description = "Every reference names a record given in the run."
    off_with_external_refs = True
    example = (
        EXAMPLE_SOURCE,
        example_record("position", "p", holders=["actor:nobody"], kind="demand", topic="ceasefire"),
    )

    def pool(self, record: Record, raw: bytes | None) -> Iterable[bytes]:
        """The strings of the record's text that look like ids (its references, when the text cannot tell), but
        its own id: a valid record's id always names a record of the run, and leaving it out keeps the run's set
        to the ids referred to (it would otherwise hold every record's id a second time)."""
        found = (
            {target.encode() for _, target in planned_references(record)}
            if raw is None
            else set(reference_candidates(raw))
        )
        found.discard(record.id.encode())
        return found

    def rescan(self, run: RunFacts) -> Callable[[bytes | None], bool] | None:
        """The records whose text mentions a missing reference (or cannot be scanned for one)."""
        missing = {
            target
            for target in run.pool(self)
            if run.first_key(target.decode()) is None and not run.unsure(target.decode())
        }
        if not missing:
            return None
        return lambda raw: raw is None or not missing.isdisjoint(reference_candidates(raw))

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every reference of the record to an id no record of the run has, with the closest id of its type."""
        for path, target in index.refs_of(entry):
            if index.first_key(target) is not None or index.unsure(target):
                continue  # resolves, or names a record whose own findings are the cause
            by_type = index.cached(self, lambda: _ids_by_type(index.known))
            close = difflib.get_close_matches(target, by_type.get(target.split(":", 1)[0], []), n=1, cutoff=0.8)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            yield Breach(
                f"'{target}' is not among the records given{hint} (add the "
                "record, fix the id, or use --allow-external-refs)",
                path,
                close[0] if close else None,
            )


def _ids_by_type(known: Iterable[str]) -> dict[str, list[str]]:
    by_type: dict[str, list[str]] = {}
    for record_id in known:
        by_type.setdefault(record_id.split(":", 1)[0], []).append(record_id)
    return by_type


IDS_UNIQUE = IdsUnique()
REFERENCE_RESOLVES = ReferenceResolves()
