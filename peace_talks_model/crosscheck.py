"""Rules JSON Schema cannot express: checks over all the records of one run, and SHOULD-level warnings.

`CHECKS` is a tuple of small named functions, each with its rule name (which `peace_talks_model.codes` maps to
a code) and a one-line description; applied to an `Index` of records, each yields `CrossFinding`s that point at
the offending field (the reference, the date) of a record. A run does not keep its records: each leaves its
`Facts` in a `CrossIndex`, whose `suspects` are the only records read again and given to the checks.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from peace_talks_model.introspect import (
    Path,
    fields_named,
    objects_with,
    planned_references,
    reaches,
    ref_fields,
    references,
    walk,
)
from peace_talks_model.loader import LoadedRecord
from peace_talks_model.models import (
    Actor,
    Agreement,
    Claim,
    Negotiation,
    Position,
    PrisonerSwap,
    Record,
)
from peace_talks_model.models.dates import DateResolution, FuzzyDate
from peace_talks_model.models.evidence import UnnamedSpeaker
from peace_talks_model.models.ids import RECORD_TYPES


@dataclass(frozen=True, slots=True)
class Entry:
    """A valid record of the run and where it was read from."""

    record: Record
    source: LoadedRecord
    #: the record's place in the run (see `record_key`)
    key: int = 0


@dataclass(frozen=True, slots=True)
class CrossFinding:
    """A finding of a cross-record check or warning, located at `path` inside `entry` (or at a whole file)."""

    rule: str
    message: str
    entry: Entry | None
    path: Path = ()
    file: str = ""
    suggestion: str | None = None


# -- references ---------------------------------------------------------------------------------------------

# -- the run's index ----------------------------------------------------------------------------------------


@dataclass
class Index:
    """The records of a run by id, with their references computed once."""

    entries: list[Entry]
    record_counts: Mapping[str, int]
    allow_external_refs: bool
    #: the ids of all the valid records of the run (by default, those of `entries`)
    known: Mapping[str, object] | None = None
    #: records the checks may look up besides `entries` (first occurrences of their ids)
    lookups: Mapping[str, Entry] = field(default_factory=dict)
    by_id: dict[str, Entry] = field(default_factory=dict)
    refs: dict[int, list[tuple[Path, str]]] = field(default_factory=dict)
    objects: dict[int, list[tuple[Path, BaseModel]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id.update(self.lookups)
        for entry in self.entries:
            self.by_id.setdefault(entry.record.id, entry)
        if self.known is None:
            self.known = self.by_id

    def objects_of(self, entry: Entry) -> list[tuple[Path, BaseModel]]:
        """Every model object of a record with its path, walked once per run."""
        key = id(entry)
        if key not in self.objects:
            self.objects[key] = list(walk(entry.record))
        return self.objects[key]

    def refs_of(self, entry: Entry) -> list[tuple[Path, str]]:
        key = id(entry)
        if key not in self.refs:
            self.refs[key] = list(references(entry.record, self.objects_of(entry)))
        return self.refs[key]

    def get(self, record_id: str) -> Record | None:
        entry = self.by_id.get(record_id)
        return entry.record if entry else None


def _where(entry: Entry) -> str:
    return f"record {entry.source.index} of {entry.source.file}"


# -- the checks ---------------------------------------------------------------------------------------------


def ids_unique(index: Index) -> Iterator[CrossFinding]:
    for entry in index.entries:
        first = index.by_id[entry.record.id]
        if first is not entry:
            yield CrossFinding(
                "ids_unique", f"id '{entry.record.id}' is already used by {_where(first)}", entry, ("id",)
            )


def reference_resolves(index: Index) -> Iterator[CrossFinding]:
    if index.allow_external_refs:
        return
    known_ids = index.known if index.known is not None else index.by_id
    by_type: dict[str, list[str]] = {}
    for entry in index.entries:
        for path, target in index.refs_of(entry):
            if target not in known_ids:
                if not by_type:
                    for known in known_ids:
                        by_type.setdefault(known.split(":", 1)[0], []).append(known)
                close = difflib.get_close_matches(target, by_type.get(target.split(":", 1)[0], []), n=1, cutoff=0.8)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                yield CrossFinding(
                    "reference_resolves",
                    f"'{target}' is not among the records given{hint} (add the "
                    "record, fix the id, or use --allow-external-refs)",
                    entry,
                    path,
                    suggestion=close[0] if close else None,
                )


_PERSON_RELATIONS = {"child_of", "parent_of", "sibling_of", "younger_sibling_of", "older_sibling_of", "spouse_of"}


def referent_kind_plausible(index: Index) -> Iterator[CrossFinding]:
    for entry in index.entries:
        for path, target in index.refs_of(entry):
            referent = index.get(target)
            if not isinstance(referent, Actor):
                continue
            if _names(path)[-2:] == ["signatories", "actor"] and referent.kind in _NOT_SIGNATORIES:
                yield CrossFinding(
                    "referent_kind_plausible",
                    f"'{target}' is {_article(referent.kind.value)} "
                    f"{referent.kind.value.replace('_', ' ')}, which does not sign agreements",
                    entry,
                    path,
                )
                continue
            wants_person = _wants_person(entry.record, path)
            if wants_person is True and referent.kind != "person":
                yield CrossFinding(
                    "referent_kind_plausible",
                    f"'{target}' is a {referent.kind.value}, but {_field_name(path)} must be a person",
                    entry,
                    path,
                )
            elif wants_person is False and referent.kind == "person":
                yield CrossFinding(
                    "referent_kind_plausible",
                    f"'{target}' is a person, but {_field_name(path)} must be an organization, state or group",
                    entry,
                    path,
                )


_NOT_SIGNATORIES = {"media", "group"}


def _names(path: Path) -> list[str]:
    return [p for p in path if isinstance(p, str)]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _field_name(path: Path) -> str:
    return ".".join(str(p) for p in path if isinstance(p, str))


def _wants_person(record: BaseModel, path: Path) -> bool | None:
    names = [p for p in path if isinstance(p, str)]
    if isinstance(record, PrisonerSwap) and "detainees" in names[-2:]:
        return True
    if isinstance(record, Negotiation) and names[-2:] == ["participants", "actor"]:
        participant = record.participants[int(str(path[1]))]
        return True if participant.role in ("delegation_head", "delegation_member") else None
    if isinstance(record, Actor) and names[-2:] == ["posts", "organization"]:
        return False
    if isinstance(record, Actor) and names[-2:] == ["relations", "target"]:
        relation = record.relations[int(str(path[1]))]
        return True if relation.type in _PERSON_RELATIONS else None
    return None


def _date_of(record: Record | None) -> FuzzyDate | None:
    # the date something happened; a claim's date is when it was said, not when what it says happened
    if isinstance(record, Claim | Position):
        return None
    date = getattr(record, "date", None)
    return date if isinstance(date, FuzzyDate) else None


def dates_agree_across_records(index: Index) -> Iterator[CrossFinding]:
    for entry in index.entries:
        record = entry.record
        # a step (or event) is not dated before the record that caused it
        for path, obj in index.objects_of(entry):
            caused_by = getattr(obj, "caused_by", None)
            own = getattr(obj, "date", None)
            if not isinstance(caused_by, list) or not isinstance(own, FuzzyDate):
                continue
            latest = own.latest()
            for position, cause_id in enumerate(caused_by):
                cause = _date_of(index.get(cause_id))
                earliest = cause.earliest() if cause else None
                if latest is not None and earliest is not None and latest < earliest:
                    yield CrossFinding(
                        "dates_agree_across_records",
                        f"dated {own.edtf}, before its cause '{cause_id}' ({cause.edtf if cause else ''})",
                        entry,
                        (*path, "caused_by", position),
                    )
        # a position is not stated after its holder died
        if isinstance(record, Position) and record.stated is not None:
            for position, holder_id in enumerate(record.holders):
                holder = index.get(holder_id)
                died = holder.died if isinstance(holder, Actor) else None
                if died is not None and _before(died, record.stated):
                    yield CrossFinding(
                        "dates_agree_across_records",
                        f"stated {record.stated.edtf}, after '{holder_id}' died ({died.edtf})",
                        entry,
                        ("holders", position),
                    )
        # an exchange is not executed before the agreement providing for it existed
        if isinstance(record, PrisonerSwap) and record.agreement is not None:
            agreement = index.get(record.agreement)
            first = _first_dated_step(agreement)
            for position, step in enumerate(record.status_history):
                if (
                    step.status == "executed"
                    and step.date is not None
                    and first is not None
                    and _before(step.date, first)
                ):
                    yield CrossFinding(
                        "dates_agree_across_records",
                        f"executed {step.date.edtf}, before '{record.agreement}' was first recorded ({first.edtf})",
                        entry,
                        ("status_history", position, "date"),
                    )


def _before(first: FuzzyDate, second: FuzzyDate) -> bool:
    """True when `first` certainly ends before `second` starts."""
    end, start = first.latest(), second.earliest()
    return end is not None and start is not None and end < start


def _first_dated_step(record: Record | None) -> FuzzyDate | None:
    if not isinstance(record, Agreement):
        return None
    return next((s.date for s in record.status_history if s.date is not None), None)


def contradiction_links_mutual(index: Index) -> Iterator[CrossFinding]:
    for entry in index.entries:
        claim = entry.record
        if not isinstance(claim, Claim):
            continue
        for position, other_id in enumerate(claim.contradicts):
            other = index.get(other_id)
            if isinstance(other, Claim) and claim.id not in other.contradicts:
                yield CrossFinding(
                    "contradiction_links_mutual",
                    f"'{other_id}' does not list '{claim.id}' in its 'contradicts'; contradiction goes both ways",
                    entry,
                    ("contradicts", position),
                )


# -- warnings -----------------------------------------------------------------------------------------------


def record_has_evidence(index: Index) -> Iterator[CrossFinding]:
    # a record a source names (its publisher, a wire service, a contributor) is attested by that source
    named_by_sources = {
        target for e in index.entries if e.record.record_type == "source" for _, target in index.refs_of(e)
    }
    for entry in index.entries:
        record = entry.record
        if record.record_type == "source" or record.identifiers or record.id in named_by_sources:
            continue
        if not any(getattr(obj, "evidence", None) for _, obj in index.objects_of(entry)):
            yield CrossFinding(
                "record_has_evidence", "the record cites no evidence and no external identifier", entry, ("evidence",)
            )


_RESOLVED = {DateResolution.relative_to_publication, DateResolution.relative_to_event, DateResolution.inferred}


def fuzzy_date_has_wording(index: Index) -> Iterator[CrossFinding]:
    for entry in index.entries:
        for path, obj in index.objects_of(entry):
            if (
                isinstance(obj, FuzzyDate)
                and obj.text is None
                and (
                    obj.resolution in _RESOLVED
                    or obj.part is not None
                    or obj.weekday is not None
                    or obj.day_part is not None
                )
            ):
                yield CrossFinding(
                    "fuzzy_date_has_wording",
                    f"the date {obj.edtf} was resolved from wording that is not kept; add 'text' (e.g. 'last month')",
                    entry,
                    path,
                )


def unnamed_speaker_has_reason(index: Index) -> Iterator[CrossFinding]:
    for entry in index.entries:
        for path, obj in index.objects_of(entry):
            if isinstance(obj, UnnamedSpeaker) and obj.anonymity is None:
                yield CrossFinding(
                    "unnamed_speaker_has_reason",
                    f"unnamed speaker '{obj.descriptor}' has no "
                    "'anonymity' reason (use 'unspecified' when the source gives none)",
                    entry,
                    path,
                )


def file_has_records(index: Index) -> Iterator[CrossFinding]:
    for file, count in index.record_counts.items():
        if count == 0:
            yield CrossFinding("file_has_records", "the file holds no records", None, file=file)


@dataclass(frozen=True, slots=True)
class Check:
    """A cross-record rule or warning: its rule name, one-line description and function."""

    rule: str
    description: str
    function: Callable[[Index], Iterable[CrossFinding]]


#: The cross-record checks and warnings, in the order they run.
CHECKS: tuple[Check, ...] = (
    Check("ids_unique", "No two records share an id.", ids_unique),
    Check("reference_resolves", "Every reference names a record given in the run.", reference_resolves),
    Check(
        "referent_kind_plausible",
        "Detainees, delegates and relatives are persons; organizations are not.",
        referent_kind_plausible,
    ),
    Check(
        "dates_agree_across_records",
        "Steps follow their causes; positions end with their holders; swaps follow the agreements providing for them.",
        dates_agree_across_records,
    ),
    Check(
        "contradiction_links_mutual", "A claim contradicting another is listed by it too.", contradiction_links_mutual
    ),
    Check(
        "record_has_evidence",
        "Every record cites evidence or an external identifier, or is named by a source.",
        record_has_evidence,
    ),
    Check("fuzzy_date_has_wording", "A resolved or fuzzy date keeps the source's wording.", fuzzy_date_has_wording),
    Check("unnamed_speaker_has_reason", "An unnamed speaker has a stated reason.", unnamed_speaker_has_reason),
    Check("file_has_records", "Every file holds at least one record.", file_has_records),
)


# -- facts: what the checks need of each record, small enough to keep for millions of records ----------------
#
# A run does not keep its records: each valid record leaves a `Facts` (its id, type, the dates and kinds other
# records' checks look up, and the few references whose kind or date matters) in a `CrossIndex`, and every JSON
# string of its text that looks like a record id in the index's `targets`. `CrossIndex.suspects` then finds,
# from the facts alone, every record a check could report (a superset); only those records are read again and
# given to the checks above, which say exactly what is wrong and where.

_CANDIDATE = re.compile(rb'"((?:' + b"|".join(t.encode() for t in RECORD_TYPES) + rb'):[^"\\]*)"')
#: Fields whose references must point at actors of a fitting kind (see `referent_kind_plausible`).
_KIND_FIELDS = frozenset({"signatories", "detainees", "participants", "posts", "relations"})
#: The precise checks run on the records `CrossIndex.suspects` picks out.
PRECISE_RULES = frozenset(
    {"reference_resolves", "referent_kind_plausible", "dates_agree_across_records", "contradiction_links_mutual"}
)


def reference_candidates(raw: bytes) -> list[bytes]:
    """Every JSON string of `raw` that looks like a record id: a superset of the record's references, unless the
    text writes an id with `\\u` escapes (`escaped` tells; such records are walked instead)."""
    return _CANDIDATE.findall(raw)


def escaped(raw: bytes) -> bool:
    """True when `raw` has `\\u` escapes, which could spell a reference the candidate scan does not see."""
    return b"\\u" in raw


def record_key(file_number: int, index: int) -> int:
    """A record's place in a run: its input's number and its index there, as one int."""
    return (file_number << 32) | index


def key_parts(key: int) -> tuple[int, int]:
    """The input number and index of a `record_key`."""
    return key >> 32, key & 0xFFFFFFFF


def _kind_refs(record: Record) -> Iterator[tuple[Path, str]]:
    """The references of a record held in (or directly under) the fields of `_KIND_FIELDS`."""
    for path, obj in objects_with(record, _KIND_FIELDS):
        for name in fields_named(type(obj), _KIND_FIELDS):
            value = getattr(obj, name)
            items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for position, item in items:
                at = (*path, name) if position is None else (*path, name, position)
                if isinstance(item, str):
                    yield at, item
                elif isinstance(item, BaseModel):
                    for ref_name, (_, is_list) in ref_fields(type(item)).items():
                        ref = getattr(item, ref_name)
                        if is_list and isinstance(ref, list):
                            yield from (((*at, ref_name, k), r) for k, r in enumerate(ref))
                        elif isinstance(ref, str):
                            yield (*at, ref_name), ref


_CAUSED_BY = frozenset({"caused_by"})
_EVIDENCE = frozenset({"evidence"})


@dataclass(slots=True)
class Facts:
    """What the cross-record checks need of one valid record (dates as the bounds the checks compare)."""

    key: int
    id: str
    record_type: str
    #: earliest day of the record's own date (not for claims and positions)
    date: dt.date | None = None
    #: an actor's kind, and the last day it may have died
    kind: str | None = None
    died: dt.date | None = None
    #: an agreement's first dated status step, earliest day
    first_step: dt.date | None = None
    #: a claim's contradicted claims
    contradicts: tuple[str, ...] = ()
    #: references whose referent must be a signatory ('signatory'), a person or not a person
    expects: tuple[tuple[str, str], ...] = ()
    #: (latest day of a dated step or event, the record it names as its cause)
    causes: tuple[tuple[dt.date, str], ...] = ()
    #: a position's statement date (earliest day) and holders
    stated: dt.date | None = None
    holders: tuple[str, ...] = ()
    #: a swap's agreement and the latest days of its executed steps
    agreement: str | None = None
    executed: tuple[dt.date, ...] = ()
    #: the record cites no evidence anywhere and has no identifier (warning unless a source names it)
    lacks_evidence: bool = False
    #: what a source record refers to (those records count as attested by it)
    names: tuple[str, ...] = ()

    def looked_up(self) -> bool:
        """True when another record's check may look these facts up (a date, a kind, a claim's links)."""
        return (
            self.date is not None
            or self.kind is not None
            or self.died is not None
            or self.first_step is not None
            or self.record_type == "claim"
        )

    def checked(self) -> bool:
        """True when a check may report this record itself."""
        return bool(
            self.contradicts or self.expects or self.causes or self.holders or self.executed or self.lacks_evidence
        )


#: Every cross-record rule and warning.
ALL_RULES = frozenset(check.rule for check in CHECKS)
_DATES = "dates_agree_across_records"
_KINDS = "referent_kind_plausible"


def facts_of(record: Record, key: int, raw: bytes | None = None, rules: frozenset[str] = ALL_RULES) -> Facts:
    """The `Facts` of a valid record that the active `rules` need (`raw`: its JSON text, which lets a record
    without the word 'evidence' skip the search for evidence). Strings are interned: the same ids recur in
    many records' facts."""
    facts = Facts(key, record.id, sys.intern(record.record_type))
    dates = _DATES in rules
    if dates and "date" in type(record).model_fields:
        own = _date_of(record)
        if own is not None:
            facts.date = own.earliest()
    if isinstance(record, Actor):
        facts.kind = sys.intern(record.kind.value) if _KINDS in rules else None
        facts.died = record.died.latest() if dates and record.died is not None else None
    elif isinstance(record, Agreement):
        first = _first_dated_step(record) if dates else None
        facts.first_step = first.earliest() if first is not None else None
    elif isinstance(record, Claim):
        if "contradiction_links_mutual" in rules:
            facts.contradicts = tuple(sys.intern(c) for c in record.contradicts)
    elif isinstance(record, Position) and dates and record.stated is not None and record.holders:
        facts.stated = record.stated.earliest()
        facts.holders = tuple(sys.intern(h) for h in record.holders)
    elif isinstance(record, PrisonerSwap) and dates and record.agreement is not None:
        executed = [
            step.date.latest() for step in record.status_history if step.status == "executed" and step.date is not None
        ]
        facts.agreement = sys.intern(record.agreement)
        facts.executed = tuple(d for d in executed if d is not None)
    if _KINDS in rules and isinstance(record, Actor | Agreement | Negotiation | PrisonerSwap):
        facts.expects = tuple(_expects(record))
    if dates and reaches(type(record), _CAUSED_BY):
        causes: list[tuple[dt.date, str]] = []
        for _, obj in objects_with(record, _CAUSED_BY):
            caused_by, date = getattr(obj, "caused_by", None), getattr(obj, "date", None)
            latest = date.latest() if isinstance(date, FuzzyDate) else None
            if caused_by and latest is not None:
                causes.extend((latest, sys.intern(cause)) for cause in caused_by)
        facts.causes = tuple(causes)
    if "record_has_evidence" in rules:
        if record.record_type == "source":
            facts.names = tuple({sys.intern(target) for _, target in planned_references(record)})
        elif not record.identifiers and not record.evidence:
            facts.lacks_evidence = _lacks_evidence(record, raw)
    return facts


def _expects(record: Record) -> Iterator[tuple[str, str]]:
    for path, target in _kind_refs(record):
        if _names(path)[-2:] == ["signatories", "actor"]:
            yield sys.intern(target), "signatory"
            continue
        wants = _wants_person(record, path)
        if wants is not None:
            yield sys.intern(target), "person" if wants else "not_person"


def _lacks_evidence(record: Record, raw: bytes | None) -> bool:
    # the text tells quickly: no "evidence" key at all, or a non-empty evidence list as JSON writers format it
    # (a key is never inside a string: there its quotes would be escaped)
    if raw is not None and not escaped(raw):
        if b'"evidence"' not in raw:
            return True
        if b'"evidence": [{' in raw or b'"evidence":[{' in raw:
            return False
    return not any(getattr(o, "evidence", None) for _, o in objects_with(record, _EVIDENCE))


@dataclass
class Suspects:
    """The records a run's cross-record checks may report, found from the facts alone."""

    #: record key -> the precise rules to run on it
    rules: dict[int, set[str]] = field(default_factory=dict)
    #: ids of records the precise checks look up (an actor's kind, a cause's date)
    lookups: set[str] = field(default_factory=set)
    #: references that name no record of the run: every record mentioning one is a suspect
    missing: set[bytes] = field(default_factory=set)
    #: (duplicate, key of the first) pairs of records sharing an id
    duplicates: list[tuple[Facts, int]] = field(default_factory=list)
    #: records citing no evidence that no source names
    unattested: list[Facts] = field(default_factory=list)

    def add(self, key: int, rule: str, *lookups: str) -> None:
        self.rules.setdefault(key, set()).add(rule)
        self.lookups.update(lookups)

    def keys(self) -> set[int]:
        """Every record to read again (suspects, duplicates and their first occurrences, unattested)."""
        keys = set(self.rules)
        keys.update(k for duplicate, first in self.duplicates for k in (duplicate.key, first))
        keys.update(f.key for f in self.unattested)
        return keys


@dataclass
class CrossIndex:
    """The facts of every valid record of a run (or of a partition of it), merged in the run's order."""

    #: id -> the facts of its first record, or only its key when nothing can look the record up
    first: dict[str, Facts | int] = field(default_factory=dict)
    #: (a record whose id was already used, the key of the first record with it)
    duplicates: list[tuple[Facts, int]] = field(default_factory=list)
    checked: list[Facts] = field(default_factory=list)
    targets: set[bytes] = field(default_factory=set)
    named: set[str] = field(default_factory=set)

    def add(self, facts: Facts) -> None:
        existing = self.first.get(facts.id)
        if existing is None:
            self.first[facts.id] = facts if facts.looked_up() or facts.checked() else facts.key
        else:
            self.duplicates.append((facts, existing if isinstance(existing, int) else existing.key))
        if facts.checked():
            self.checked.append(facts)
        if facts.names:
            self.named.update(facts.names)

    def merge(self, other: CrossIndex, file_offset: int = 0) -> None:
        """Add the facts of a later partition whose input numbers start at `file_offset` here."""
        shift = file_offset << 32
        items: list[tuple[int, str, Facts | None]] = []
        for record_id, value in other.first.items():
            if isinstance(value, int):
                items.append((value + shift, record_id, None))
            else:
                value.key += shift
                items.append((value.key, record_id, value))
        for duplicate, _ in other.duplicates:
            duplicate.key += shift
            items.append((duplicate.key, duplicate.id, duplicate))
        for key, record_id, facts in sorted(items, key=lambda item: item[0]):
            if facts is not None:
                self.add(facts)
            elif record_id in self.first:
                self.add(Facts(key, record_id, ""))
            else:
                self.first[record_id] = key
        self.targets |= other.targets
        self.named |= other.named

    def facts(self, record_id: str) -> Facts | None:
        """The facts of the first record with this id, when anything can look them up."""
        value = self.first.get(record_id)
        return value if isinstance(value, Facts) else None

    def key_of(self, record_id: str) -> int | None:
        """The key of the first record with this id."""
        value = self.first.get(record_id)
        return value if isinstance(value, int) or value is None else value.key

    def kind(self, record_id: str) -> str | None:
        facts = self.facts(record_id)
        return facts.kind if facts else None

    def suspects(self, allow_external_refs: bool) -> Suspects:
        """Every record a check may report: exact for duplicates, a superset for the precise rules."""
        found = Suspects(duplicates=list(self.duplicates))
        if not allow_external_refs:
            found.missing = {t for t in self.targets if t.decode() not in self.first}
        for facts in self.checked:
            self._suspect(facts, found)
            if facts.lacks_evidence and facts.id not in self.named:
                found.unattested.append(facts)
        return found

    def _suspect(self, facts: Facts, found: Suspects) -> None:
        first = self
        for target, wants in facts.expects:
            kind = self.kind(target)
            if kind is None:
                continue
            if (
                (wants == "signatory" and kind in _NOT_SIGNATORIES)
                or (wants == "person" and kind != "person")
                or (wants == "not_person" and kind == "person")
            ):
                found.add(facts.key, "referent_kind_plausible", target)
        for latest, cause_id in facts.causes:
            cause = first.facts(cause_id)
            if cause is not None and cause.date is not None and latest < cause.date:
                found.add(facts.key, "dates_agree_across_records", cause_id)
        for holder_id in facts.holders:
            holder = first.facts(holder_id)
            if (
                holder is not None
                and holder.died is not None
                and facts.stated is not None
                and holder.died < facts.stated
            ):
                found.add(facts.key, "dates_agree_across_records", holder_id)
        if facts.agreement is not None:
            agreement = first.facts(facts.agreement)
            start = agreement.first_step if agreement is not None else None
            if start is not None and any(day < start for day in facts.executed):
                found.add(facts.key, "dates_agree_across_records", facts.agreement)
        for other_id in facts.contradicts:
            other = first.facts(other_id)
            if other is not None and other.record_type == "claim" and facts.id not in other.contradicts:
                found.add(facts.key, "contradiction_links_mutual", other_id)


def precise_findings(index: Index, suspects: Suspects) -> Iterator[CrossFinding]:
    """Run the precise checks on the records read again, keeping only what the suspects call for."""
    for check in CHECKS:
        if check.rule not in PRECISE_RULES:
            continue
        for finding in check.function(index):
            if finding.entry is not None and finding.rule in suspects.rules.get(finding.entry.key, ()):
                yield finding
