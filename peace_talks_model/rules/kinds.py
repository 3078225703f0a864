"""`REFERENT_KIND_PLAUSIBLE`: references whose referent must be an actor of a fitting kind (a detainee, a
delegate or a relative is a person; an organization a person holds a post in is not, nor is a side of a conflict;
media and groups do not sign agreements).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from peace_talks_model.introspect import Path, fields_named, objects_with, ref_fields
from peace_talks_model.models import Actor, Agreement, Conflict, Negotiation, PrisonerSwap, Record
from peace_talks_model.rules.base import (
    EXAMPLE_SOURCE,
    Breach,
    Entry,
    Family,
    Index,
    RunFacts,
    SetRule,
    example_record,
    only_with,
)

#: Fields whose references must point at actors of a fitting kind.
_CONFLICT_SIDES = frozenset({"side_a", "side_a_secondary", "side_b", "side_b_secondary"})
_KIND_FIELDS = frozenset({"signatories", "detainees", "participants", "posts", "relations"}) | _CONFLICT_SIDES
_PERSON_RELATIONS = {"child_of", "parent_of", "sibling_of", "younger_sibling_of", "older_sibling_of", "spouse_of"}
_NOT_SIGNATORIES = {"media", "group"}

#: What a reference expects of its referent: to be a 'signatory', a 'person' or 'not_person'.
Expectation = str


class ReferentKindPlausible(SetRule[str, tuple[tuple[str, Expectation], ...], None]):
    """Every reference that expects an actor of some kind (a person, a signatory) names one of that kind.

    Facts: an actor's kind (looked up), and a record's references that expect a kind, with what they expect.
    """

    name = "referent_kind_plausible"
    lookup_needs = only_with(types=(Actor,))
    facts_needs = only_with(types=(Actor, Agreement, Negotiation, PrisonerSwap, Conflict))
    family = Family.kinds
    keeps = "An actor's kind; of other records, each reference that expects a kind of actor, with what it expects."
    description = "Detainees, delegates and relatives are persons; organizations are not."
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "usa", name="USA", kind="state"),
        example_record(
            "prisoner_swap", "x", sides=[{"key": "a", "detainees": [{"person": "actor:usa"}]}, {"key": "b"}]
        ),
    )

    def lookup(self, record: Record) -> str | None:
        """An actor's kind."""
        return sys.intern(record.kind.value) if isinstance(record, Actor) else None

    def facts(self, record: Record, raw: bytes | None) -> tuple[tuple[str, Expectation], ...] | None:
        """The references of the record that expect a kind of actor: (id, expectation)."""
        if not isinstance(record, Actor | Agreement | Negotiation | PrisonerSwap | Conflict):
            return None
        return tuple(_expectations(record)) or None

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The records with a reference to an actor whose kind is not the one expected."""
        for key, _, expects in run.facts(self):
            wrong = [target for target, wants in expects if _implausible(wants, run.lookup(self, target))]
            if wrong:
                yield key, wrong

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every reference to an actor of a kind other than the one its place expects."""
        for path, target in index.refs_of(entry):
            referent = index.get(target)
            if not isinstance(referent, Actor):
                continue
            wants = _expectation(entry.record, path)
            kind = referent.kind.value
            if wants is None or not _implausible(wants, kind):
                continue
            if wants == "signatory":
                message = f"'{target}' is {_article(kind)} {kind.replace('_', ' ')}, which does not sign agreements"
            elif wants == "person":
                message = f"'{target}' is a {kind}, but {_field_name(path)} must be a person"
            else:
                message = f"'{target}' is a person, but {_field_name(path)} must be an organization, state or group"
            yield Breach(message, path)


def _implausible(wants: Expectation, kind: str | None) -> bool:
    """True when an actor of `kind` (None: not an actor, or not known) cannot be what a reference expects."""
    if kind is None:
        return False
    if wants == "signatory":
        return kind in _NOT_SIGNATORIES
    return (kind != "person") if wants == "person" else (kind == "person")


def _expectation(record: BaseModel, path: Path) -> Expectation | None:
    """What the reference at `path` in `record` expects of its referent (None: nothing)."""
    names = _names(path)
    if names[-2:] == ["signatories", "actor"]:
        return "signatory"
    wants = _wants_person(record, path, names)
    return None if wants is None else "person" if wants else "not_person"


def _expectations(record: Record) -> Iterator[tuple[str, Expectation]]:
    for path, target in _kind_refs(record):
        wants = _expectation(record, path)
        if wants is not None:
            yield sys.intern(target), wants


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


def _wants_person(record: BaseModel, path: Path, names: list[str]) -> bool | None:
    if isinstance(record, PrisonerSwap) and "detainees" in names[-2:]:
        return True
    if isinstance(record, Negotiation) and names[-2:] == ["participants", "actor"]:
        participant = record.participants[int(str(path[1]))]
        return True if participant.role in ("delegation_head", "delegation_member") else None
    if isinstance(record, Actor) and names[-2:] == ["posts", "organization"]:
        return False
    if isinstance(record, Conflict) and names[-1:] and names[-1] in _CONFLICT_SIDES:
        return False  # UCDP/PRIO: the sides of a conflict are governments, states and organizations
    if isinstance(record, Actor) and names[-2:] == ["relations", "target"]:
        relation = record.relations[int(str(path[1]))]
        return True if relation.type in _PERSON_RELATIONS else None
    return None


def _names(path: Path) -> list[str]:
    return [p for p in path if isinstance(p, str)]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _field_name(path: Path) -> str:
    return ".".join(str(p) for p in path if isinstance(p, str))


REFERENT_KIND_PLAUSIBLE = ReferentKindPlausible()
