"""`RECORD_HAS_EVIDENCE` (a warning): every record cites evidence, has an external identifier, or is named by a
source record."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.introspect import objects_with, planned_references
from peace_talks_model.models import Record, Source
from peace_talks_model.rules.base import Breach, Entry, Family, Index, RunFacts, SetRule, only_with, words

_EVIDENCE = frozenset({"evidence"})


class RecordHasEvidence(SetRule[None, bool, str]):
    """Every record other than a source cites evidence somewhere, has an external identifier, or is named by a source
    (a publisher, a wire service, a contributor: the source attests it)."""

    name = "record_has_evidence"
    pool_needs = only_with(types=(Source,))
    family = Family.evidence
    keeps = (
        "A flag for each record without evidence or identifier, and the ids that sources name, as one set over the run."
    )
    description = "Every record cites evidence or an external identifier, or is named by a source."
    example = ({"record_type": "event", "id": "event:x", "schema_version": SCHEMA_VERSION, "kind": "attack"},)

    def facts(self, record: Record, raw: bytes | None) -> bool | None:
        """True for a record other than a source with no evidence anywhere and no identifier."""
        if record.record_type == "source" or record.identifiers or record.evidence:
            return None
        return True if _lacks_evidence(record, raw) else None

    def pool(self, record: Record, raw: bytes | None) -> Iterable[str]:
        """The records a source names (they count as attested by it)."""
        if record.record_type != "source":
            return ()
        return {sys.intern(target) for _, target in planned_references(record)}

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """Exactly the records without evidence that no source names."""
        named = run.pool(self)
        for key, record_id, _ in run.facts(self):
            if record_id not in named:
                yield key, ()

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """The record, when it cites no evidence and has no identifier (that no source names it, the suspects
        tell)."""
        if self.facts(entry.record, None):
            yield Breach("the record cites no evidence and no external identifier", ("evidence",))


def _lacks_evidence(record: Record, raw: bytes | None) -> bool:
    # the text tells quickly: no "evidence" key at all, or a non-empty evidence list as JSON writers format it
    if raw is not None:
        if b"evidence" not in words(raw):
            return True
        if b'"evidence": [{' in raw or b'"evidence":[{' in raw:
            return False
    return not any(getattr(o, "evidence", None) for _, o in objects_with(record, _EVIDENCE))


RECORD_HAS_EVIDENCE = RecordHasEvidence()
