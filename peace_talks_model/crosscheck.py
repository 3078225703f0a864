"""Rules JSON Schema cannot express: checks over all the records of one run, and SHOULD-level warnings.

`CHECKS` is a tuple of small named functions, each with its rule name (which `peace_talks_model.codes` maps to
a code) and a one-line description. `run_checks(entries, ...)` applies them to the valid records of a run and
yields `CrossFinding`s that point at the offending field (the reference, the date) of a record.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

from peace_talks_model.loader import LoadedRecord
from peace_talks_model.models import Actor, Agreement, Claim, Negotiation, Position, PrisonerSwap, Record
from peace_talks_model.models.common import DateResolution, FuzzyDate, RecordBase, UnnamedSpeaker

Path = tuple[int | str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """A valid record of the run and where it was read from."""

    record: Record
    source: LoadedRecord


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

_ID_PATTERN = re.compile(r"^\^(?:\(\?:)?([a-z_|]+)\)?:")


def _union_members(annotation: Any) -> list[Any]:
    """The members of a union (Optional included), keeping their `Annotated` metadata."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _union_members(arg)]
    return [annotation]


def _ref_types(annotation: Any, metadata: Iterable[Any] = ()) -> tuple[frozenset[str], bool] | None:
    """The record types a field refers to, and whether it is a list, or None for a field that is no reference."""
    patterns = [getattr(m, "pattern", None) for m in metadata]
    is_list = False
    for member in _union_members(annotation):
        if typing.get_origin(member) is list:
            is_list = True
            member = typing.get_args(member)[0]  # noqa: PLW2901
        if typing.get_origin(member) is typing.Annotated:
            patterns += [getattr(m, "pattern", None) for m in typing.get_args(member)[1:]]
    for pattern in patterns:
        match = _ID_PATTERN.match(pattern or "")
        if match:
            return frozenset(match.group(1).split("|")), is_list
    return None


@cache
def _ref_fields(model: type[BaseModel]) -> dict[str, tuple[frozenset[str], bool]]:
    fields = {}
    for name, info in model.model_fields.items():
        if name == "id" and issubclass(model, RecordBase):
            continue
        found = _ref_types(info.annotation, info.metadata)
        if found:
            fields[name] = found
    return fields


def walk(obj: BaseModel, path: Path = ()) -> Iterator[tuple[Path, BaseModel]]:
    """Every model object inside `obj` (itself first, then depth-first in field order), with its path."""
    stack: list[tuple[Path, BaseModel]] = [(path, obj)]
    while stack:
        here, current = stack.pop()
        yield here, current
        children: list[tuple[Path, BaseModel]] = []
        # a model's field values are its __dict__ (faster than getattr over model_fields)
        for name, value in current.__dict__.items():
            if isinstance(value, BaseModel):
                children.append(((*here, name), value))
            elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
                children.extend(((*here, name, index), item) for index, item in enumerate(value))
        stack.extend(reversed(children))


def references(record: BaseModel, objects: list[tuple[Path, BaseModel]] | None = None) -> Iterator[tuple[Path, str]]:
    """Every reference a record makes to another record, with its path (`objects`: the record's walk, if known)."""
    for path, obj in objects if objects is not None else walk(record):
        for name, (_, is_list) in _ref_fields(type(obj)).items():
            value = getattr(obj, name)
            if is_list and isinstance(value, list):
                for index, item in enumerate(value):
                    yield (*path, name, index), item
            elif isinstance(value, str):
                yield (*path, name), value


# -- the run's index ----------------------------------------------------------------------------------------


@dataclass
class Index:
    """The records of a run by id, with their references computed once."""

    entries: list[Entry]
    record_counts: Mapping[str, int]
    allow_external_refs: bool
    by_id: dict[str, Entry] = field(default_factory=dict)
    refs: dict[int, list[tuple[Path, str]]] = field(default_factory=dict)
    objects: dict[int, list[tuple[Path, BaseModel]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self.by_id.setdefault(entry.record.id, entry)

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
    by_type: dict[str, list[str]] = {}
    for known in index.by_id:
        by_type.setdefault(known.split(":", 1)[0], []).append(known)
    for entry in index.entries:
        for path, target in index.refs_of(entry):
            if target not in index.by_id:
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


def run_checks(
    entries: list[Entry], record_counts: Mapping[str, int], allow_external_refs: bool = False
) -> Iterator[CrossFinding]:
    """Apply every check to the valid records of a run."""
    index = Index(entries, record_counts, allow_external_refs)
    for check in CHECKS:
        yield from check.function(index)
