"""What a rule is: the base classes every rule object derives from, and what the engine gives them.

A rule is one object holding everything about it: its name (which `peace_talks_model.codes` maps to a code and a
severity), a one-line description, its scope, a small set of records that break it, and how it is checked. The
scope decides the hooks a rule fills in:

- `RecordRule` (scope `record`): judged from one valid record alone, as the record stage validates it.
- `SetRule` (scope `set`): needs other records. A run does not keep its records: each valid record leaves only
  the small facts the rule asks for (`lookup`, `facts`, `pool`), the rule picks its suspects from those facts
  (`suspects`, and `rescan` when the facts cannot narrow them), and only the suspects are read again and given
  to its precise `check`, which says exactly what is wrong and where.
- `FileRule` (scope `file`): judged per input file from its record count.

Every check yields `Breach`es; the engine (`peace_talks_model.rules.engine`) turns them into findings under the
rule's own name, so a finding of a rule can only come from that rule's object.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.codes import Severity, code_for
from peace_talks_model.introspect import Path, references, walk
from peace_talks_model.loader import LoadedRecord
from peace_talks_model.models import FuzzyDate, Record

L = TypeVar("L")
F = TypeVar("F")
P = TypeVar("P")
T = TypeVar("T")


class Scope(StrEnum):
    """What a rule needs to judge a record."""

    #: one valid record alone
    record = "record"
    #: other records of the run
    set = "set"
    #: one input file (its record count)
    file = "file"


class Family(StrEnum):
    """What a rule checks, by theme: `peace-talks explain --list` and the catalogue page (docs/rules.md) group the
    rules so. The families of meaning (lifecycle ... claims) are those of the consistency catalogue."""

    references = "references"
    kinds = "kinds"
    lifecycle = "lifecycle"
    dates = "dates"
    relative_times = "relative_times"
    durations = "durations"
    quantities = "quantities"
    relations = "relations"
    actors_over_time = "actors_over_time"
    claims = "claims"
    evidence = "evidence"
    wording = "wording"
    files = "files"


#: Each family's title and one-line description, in the order they are listed.
FAMILY_TITLES: Mapping[Family, tuple[str, str]] = {
    Family.references: ("References and ids", "Every reference names a record of the run; ids are unique."),
    Family.kinds: ("Kinds of referents", "A reference points to a record of a plausible kind."),
    Family.lifecycle: (
        "Life cycles",
        "Status histories follow the order their statuses mean; a life that ended resumes only explicitly.",
    ),
    Family.dates: (
        "Dates of records and their histories",
        "A record's date agrees with its defining step, and with the dates of the records it depends on.",
    ),
    Family.relative_times: (
        "Relative times",
        "Deadlines and times counted from an anchor fall where the anchor puts them; parts fall inside their whole.",
    ),
    Family.durations: ("Durations", "A stated duration and the dates it spans agree."),
    Family.quantities: ("Quantities", "Numbers that describe the same thing add up."),
    Family.relations: (
        "Relations",
        "Relations that are an order have no cycles, and read the same way from both ends.",
    ),
    Family.actors_over_time: (
        "Actors over time",
        "An actor does nothing after its death or dissolution, or before its birth or founding.",
    ),
    Family.claims: (
        "Claims and positions",
        "A claim's stance fits its factuality; links between claims and positions agree.",
    ),
    Family.evidence: ("Evidence", "Records cite their sources."),
    Family.wording: ("Wording", "Dates resolved from wording keep it; unnamed speakers say why."),
    Family.files: ("Files", "Input files hold records."),
}


@dataclass(frozen=True, slots=True)
class Needs:
    """Which records a hook of a rule can find something in; the engine calls the hook on no other record.

    A declaration only saves calls: a test calls every hook on every record of the examples and the speed golden
    set, without the text, and proves it finds nothing (None, nothing gathered, no breach) in the records its
    `Needs` exclude.
    """

    #: the record classes the hook reads (None: every class)
    types: tuple[type[Record], ...] | None = None
    #: groups of words (see `words`): a scannable text must hold one word of each group (a text that is not
    #: scannable is read through the model, so the hook is always called)
    words: tuple[frozenset[bytes], ...] = ()

    def admits(self, cls: type[Record]) -> bool:
        """True when the hook reads records of class `cls`."""
        return self.types is None or issubclass(cls, self.types)

    def passes(self, found: frozenset[bytes]) -> bool:
        """True when a text with the words `found` has a word of every group."""
        return all(not found.isdisjoint(group) for group in self.words)


def only_with(*groups: str | Iterable[str | bytes], types: tuple[type[Record], ...] | None = None) -> Needs:
    """`Needs` from word groups: a word alone, or a collection of words one of which must be there
    (`only_with("fraction", ("lower", "upper"))`: "fraction", and "lower" or "upper")."""
    words = tuple(
        frozenset(
            [group.encode()]
            if isinstance(group, str)
            else (word.encode() if isinstance(word, str) else word for word in group)
        )
        for group in groups
    )
    for group in words:
        if not group or not all(_WORD.fullmatch(b'"' + word + b'"') for word in group):
            raise ValueError(f"not a group of words that `words` finds: {sorted(group)}")
    return Needs(types, words)


#: Every record (no types, no words).
EVERY_RECORD = Needs()


@dataclass(frozen=True, slots=True)
class Breach:
    """One place where a rule is broken: the message, the path inside the record (empty for a file), a fix."""

    message: str
    path: Path = ()
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """A valid record of the run and where it was read from."""

    record: Record
    source: LoadedRecord
    #: the record's place in the run (see `record_key`)
    key: int = 0


def certainly_before(first: FuzzyDate, second: FuzzyDate) -> bool:
    """True when every day `first` can denote precedes every day `second` can (an uncertain date is judged only
    when every reading of it agrees)."""
    end, start = first.latest(), second.earliest()
    return end is not None and start is not None and end < start


def record_key(file_number: int, index: int) -> int:
    """A record's place in a run: its input's number and its index there, as one int."""
    return (file_number << 32) | index


def key_parts(key: int) -> tuple[int, int]:
    """The input number and index of a `record_key`."""
    return key >> 32, key & 0xFFFFFFFF


def escaped(raw: bytes) -> bool:
    """True when `raw` has `\\u` escapes, which could spell a key or an id that a scan of the text does not see."""
    return b"\\u" in raw


#: A JSON string of lowercase letters and underscores: a key ("status_history") or a word value ("mediator").
_WORD = re.compile(rb'"([a-z_]+)"')
#: The record text `words` scanned last, and its words (the engine gives every rule the same text of a record).
_scanned: list[Any] = [None, frozenset()]


def words(raw: bytes) -> frozenset[bytes]:
    """The JSON strings of a record's text made of lowercase letters and underscores, without their quotes: its
    keys and word values, found in one scan per record (remembered for the next rule). For such a word `x`,
    `x in words(raw)` says exactly what `b'"x"' in raw` says (outside strings JSON text has no quotes, and such a
    word has no backslash, so every `"x"` of the text is found, none is made up): rules ask it to pass over the
    records that cannot break them, at a set lookup each instead of a search of the whole text."""
    if _scanned[0] is not raw:
        _scanned[1] = frozenset(_WORD.findall(raw))
        _scanned[0] = raw
    found: frozenset[bytes] = _scanned[1]
    return found


def scannable(raw: bytes | None) -> bytes | None:
    """A record's JSON text as the rules get it: None when there is none, or when it is `escaped` (the rules then
    look at the model). In such a text a key or an id is written as it is, and a key is never inside a string
    (there its quotes would be escaped): a rule may scan it to pass over records that cannot break it."""
    return None if raw is None or escaped(raw) else raw


#: The source the records of the rules' examples cite.
EXAMPLE_SOURCE: Mapping[str, Any] = {"record_type": "source", "id": "source:s", "schema_version": SCHEMA_VERSION}


def example_record(record_type: str, local: str, **fields: Any) -> dict[str, Any]:
    """A record for a rule's `example`: id `record_type:local`, with evidence citing `EXAMPLE_SOURCE` (unless
    `fields` says otherwise)."""
    record: dict[str, Any] = {
        "record_type": record_type,
        "id": f"{record_type}:{local}",
        "schema_version": SCHEMA_VERSION,
    }
    record["evidence"] = [{"source": EXAMPLE_SOURCE["id"], "quote": "q"}]
    return record | fields


class Rule(ABC):
    """A rule of the validator beyond the schema: its subclass for its scope says how it is checked."""

    #: the rule's name, which `peace_talks_model.codes.code_for` maps to its code
    name: str
    #: one sentence, ending with a period
    description: str
    scope: Scope
    #: what the rule checks, by theme
    family: Family
    #: what the rule keeps of each record while a run reads its inputs, in one sentence (its memory per record)
    keeps: str
    #: records that break this rule and no other (as `validate_records` gets them): its test case
    example: tuple[Mapping[str, Any], ...]
    #: the rule is about references to records outside the run: it is off with `allow_external_refs`
    off_with_external_refs: bool = False

    @property
    def code(self) -> str:
        """The finding code of the rule ('PT301')."""
        return code_for(self.name).code

    @property
    def severity(self) -> Severity:
        """The severity of the rule's findings."""
        return code_for(self.name).severity

    def __repr__(self) -> str:
        return f"<rule {self.name} ({self.code}, {self.scope})>"


class RecordRule(Rule):
    """A rule judged from one valid record alone, while the record stage has it: nothing of it is kept."""

    scope = Scope.record
    keeps = "Nothing: each record is judged alone, while it is read."
    #: the records `check` can find a breach in
    needs: Needs = EVERY_RECORD

    @abstractmethod
    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Where `record` breaks the rule (`raw`: its JSON text, when `scannable`; a check may look there first
        to pass over, quickly, records that cannot break the rule)."""


class FileRule(Rule):
    """A rule judged per input file, from the number of valid and invalid records read from it."""

    scope = Scope.file
    keeps = "Nothing of a record: the number of records read from each input file."

    @abstractmethod
    def check(self, file: str, records: int) -> Iterator[Breach]:
        """What is wrong with input `file`, which held `records` records."""


class RunFacts(Protocol):
    """What a set rule sees of the whole run when it picks its suspects: the facts its hooks kept."""

    def first_key(self, record_id: str) -> int | None:
        """The key of the first valid record with this id (None: no record of the run has it)."""
        ...

    def duplicates(self) -> Iterable[tuple[int, str]]:
        """(key, id) of every valid record whose id an earlier record of the run already has."""
        ...

    def lookup(self, rule: SetRule[L, Any, Any], record_id: str) -> L | None:
        """What `rule.lookup` kept of the first record with this id."""
        ...

    def facts(self, rule: SetRule[Any, F, Any]) -> Iterable[tuple[int, str, F]]:
        """(key, id, facts) of every record `rule.facts` kept something of, in the run's order."""
        ...

    def pool(self, rule: SetRule[Any, Any, P]) -> Set[P]:
        """Everything `rule.pool` gathered over the run."""
        ...

    def unsure(self, record_id: str) -> bool:
        """True when no valid record has this id but an input seems to hold a record with it that could not be
        validated (an invalid record, or one in a file or line that could not be read as JSON): the findings of
        that record are the cause, and a reference to it is not reported again as missing."""
        ...


@dataclass
class Index:
    """What a set rule's precise checks see: the suspects read again, and the first record of every id looked up."""

    entries: list[Entry]
    #: id -> key of the first valid record with it, for every valid record of the run
    known: Mapping[str, int]
    #: the first records of the ids the suspects look up, read again
    lookups: Mapping[str, Entry] = field(default_factory=dict)
    #: the names of the run's inputs, by input number
    names: Sequence[str] = ()
    #: values computed once per run by the checks (see `cached`), shared by the chunks of a run
    memo: dict[object, Any] = field(default_factory=dict)
    by_id: dict[str, Entry] = field(default_factory=dict)
    refs: dict[int, list[tuple[Path, str]]] = field(default_factory=dict)
    objects: dict[int, list[tuple[Path, BaseModel]]] = field(default_factory=dict)
    #: ids of records that are present but were not validated (see `RunFacts.unsure`)
    unread: Set[str] = frozenset()

    def __post_init__(self) -> None:
        self.by_id.update(self.lookups)
        for entry in self.entries:  # a record is looked up by its id: the first record with that id
            if self.known.get(entry.record.id) == entry.key:
                self.by_id.setdefault(entry.record.id, entry)

    def get(self, record_id: str) -> Record | None:
        """The first record with this id, when it was read again (a suspect, or looked up by one)."""
        entry = self.by_id.get(record_id)
        return entry.record if entry else None

    def first_key(self, record_id: str) -> int | None:
        """The key of the first valid record of the run with this id (None: no record has it)."""
        return self.known.get(record_id)

    def unsure(self, record_id: str) -> bool:
        """True when no valid record has this id but a record that could not be validated seems to have it."""
        return record_id not in self.known and record_id in self.unread

    def where(self, key: int) -> str:
        """A record's place in words: 'record 3 of data/actors.jsonl'."""
        number, position = key_parts(key)
        return f"record {position} of {self.names[number]}"

    def objects_of(self, entry: Entry) -> list[tuple[Path, BaseModel]]:
        """Every model object of a record with its path (walked once)."""
        key = id(entry)
        if key not in self.objects:
            self.objects[key] = list(walk(entry.record))
        return self.objects[key]

    def refs_of(self, entry: Entry) -> list[tuple[Path, str]]:
        """Every reference of a record with its path (found once)."""
        key = id(entry)
        if key not in self.refs:
            self.refs[key] = list(references(entry.record, self.objects_of(entry)))
        return self.refs[key]

    def cached(self, owner: object, make: Callable[[], T]) -> T:
        """`make()`, computed once per run for `owner` (a rule)."""
        if owner not in self.memo:
            self.memo[owner] = make()
        value: T = self.memo[owner]
        return value


class SetRule(Rule, Generic[L, F, P]):
    """A rule judged over all the valid records of a run, from small facts kept per record, precisely on suspects.

    `L`: what the rule looks up of other records by their ids, `F`: what judging a record itself needs, `P`: the
    values it gathers over the whole run. Facts are kept for millions of records: keep them small (a date, a
    tuple of ids), and None whenever the record has nothing for the rule.
    """

    scope = Scope.set
    #: the records `lookup`, `facts` and `pool` can find something in
    lookup_needs: Needs = EVERY_RECORD
    facts_needs: Needs = EVERY_RECORD
    pool_needs: Needs = EVERY_RECORD

    def lookup(self, record: Record) -> L | None:
        """What the checks of other records may look up of `record` by its id (only the first record with an id
        is looked up); None: nothing."""
        return None

    def facts(self, record: Record, raw: bytes | None) -> F | None:
        """What judging `record` itself needs (`raw`: its JSON text, when `scannable`); None: `record` cannot
        break the rule."""
        return None

    def pool(self, record: Record, raw: bytes | None) -> Iterable[P]:
        """Values of `record` the rule gathers over the whole run, kept as one set (`raw`: its JSON text, when
        `scannable`)."""
        return ()

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The records the rule may report, found from the facts alone (exactly, or a superset), each with the
        ids of the records its check looks up: (key, ids)."""
        return iter(())

    def rescan(self, run: RunFacts) -> Callable[[bytes | None], bool] | None:
        """When the facts cannot narrow the suspects: a test of a record's JSON text (when `scannable`, else
        None) marking the records to check, which the engine applies to every record of the run in one more
        reading of the inputs; None: no such reading is needed."""
        return None

    @abstractmethod
    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Where the suspect `entry` breaks the rule (`index`: the records it may look up)."""
