"""The rule engine: runs rule objects (those of `peace_talks_model.rules.RULES` a run keeps active) over a run
without keeping its records. It knows no rule by name: everything it does, it does for every rule of a scope.

1. The record stage (`RecordStage`, once per valid record, in worker processes with `--jobs`) runs the record
   rules' checks and gathers the set rules' facts of the record (a `Facts`, and each rule's pool per batch).
2. The facts are merged, in the run's order, into a `CrossIndex` (partitions of a run with `CrossIndex.merge`).
3. `find_suspects`: each set rule picks the records it may report from the facts alone, or asks for one more
   reading of every record's text when the facts cannot tell (`SetRule.rescan`).
4. `precise_findings`: the suspects, read again by the caller, go to the precise checks of the rules suspecting
   them; `file_findings`: the file rules, per input.

Reading inputs and placing findings in them (line, column) is the caller's: `peace_talks_model.validation`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from peace_talks_model.introspect import Path
from peace_talks_model.models import Record
from peace_talks_model.rules.base import Breach, Entry, FileRule, Index, RecordRule, Rule, SetRule, words

#: A set rule's test of a record's text (see `SetRule.rescan`).
Rescan = Callable[[bytes | None], bool]


@dataclass(frozen=True, slots=True)
class CrossFinding:
    """A finding of the rule named `rule`, located at `path` inside `entry` (or at a whole `file`)."""

    rule: str
    message: str
    entry: Entry | None
    path: Path = ()
    file: str = ""
    suggestion: str | None = None


def _finding(rule: Rule, breach: Breach, entry: Entry | None, file: str = "") -> CrossFinding:
    return CrossFinding(rule.name, breach.message, entry, breach.path, file, breach.suggestion)


@dataclass(slots=True)
class Facts:
    """What the set rules keep of one valid record, on its way from the record stage to the `CrossIndex`."""

    key: int
    id: str
    #: rule name -> what other records' checks may look up of this record
    lookup: dict[str, Any] | None = None
    #: rule name -> what judging this record itself needs
    facts: dict[str, Any] | None = None


@dataclass
class RuleFacts:
    """What one set rule keeps of a run: lookups of first records by id, facts in the run's order, its pool."""

    lookup: dict[str, Any] = field(default_factory=dict)
    facts: list[tuple[int, str, Any]] = field(default_factory=list)
    pool: set[Any] = field(default_factory=set)


@dataclass
class CrossIndex:
    """The set rules' facts of every valid record of a run (or of a partition of it), merged in the run's order."""

    #: id -> key of the first valid record with it
    first: dict[str, int] = field(default_factory=dict)
    #: (key, id) of the records whose id an earlier record already has
    doubles: list[tuple[int, str]] = field(default_factory=list)
    #: rule name -> what the rule keeps
    rules: dict[str, RuleFacts] = field(default_factory=dict)
    #: ids of records present in the inputs that could not be validated (see `RunFacts.unsure`)
    unread: set[str] = field(default_factory=set)

    def _table(self, name: str) -> RuleFacts:
        table = self.rules.get(name)
        if table is None:
            table = self.rules[name] = RuleFacts()
        return table

    def add(self, facts: Facts) -> None:
        """Add the facts of the next valid record of the run."""
        existing = self.first.get(facts.id)
        if existing is None:
            self.first[facts.id] = facts.key
            if facts.lookup:
                for name, value in facts.lookup.items():
                    self._table(name).lookup[facts.id] = value
        else:
            self.doubles.append((facts.key, facts.id))
        if facts.facts:
            for name, value in facts.facts.items():
                self._table(name).facts.append((facts.key, facts.id, value))

    def add_pools(self, pools: Mapping[str, set[Any]]) -> None:
        """Add what the rules gathered from some records (by rule name)."""
        for name, values in pools.items():
            if values:
                self._table(name).pool |= values

    def merge(self, other: CrossIndex, file_offset: int = 0) -> None:
        """Add the facts of a later partition whose input numbers start at `file_offset` here."""
        shift = file_offset << 32
        for name, theirs in other.rules.items():
            mine = self._table(name)
            for record_id, value in theirs.lookup.items():
                if record_id not in self.first:  # the partition's first record with the id is the run's first
                    mine.lookup[record_id] = value
            mine.facts.extend((key + shift, record_id, value) for key, record_id, value in theirs.facts)
            mine.pool |= theirs.pool
        for record_id, key in other.first.items():
            if record_id in self.first:
                self.doubles.append((key + shift, record_id))
            else:
                self.first[record_id] = key + shift
        self.doubles.extend((key + shift, record_id) for key, record_id in other.doubles)
        self.unread |= other.unread

    # -- what a set rule sees of the run (`peace_talks_model.rules.base.RunFacts`) --

    def first_key(self, record_id: str) -> int | None:
        """The key of the first valid record with this id."""
        return self.first.get(record_id)

    def duplicates(self) -> list[tuple[int, str]]:
        """(key, id) of every valid record whose id an earlier record already has."""
        return self.doubles

    def lookup(self, rule: SetRule[Any, Any, Any], record_id: str) -> Any:
        """What `rule.lookup` kept of the first record with this id."""
        table = self.rules.get(rule.name)
        return table.lookup.get(record_id) if table is not None else None

    def facts(self, rule: SetRule[Any, Any, Any]) -> list[tuple[int, str, Any]]:
        """(key, id, facts) of every record `rule.facts` kept something of, in the run's order."""
        table = self.rules.get(rule.name)
        return table.facts if table is not None else []

    def pool(self, rule: SetRule[Any, Any, Any]) -> set[Any]:
        """Everything `rule.pool` gathered over the run."""
        table = self.rules.get(rule.name)
        return table.pool if table is not None else set()

    def unsure(self, record_id: str) -> bool:
        """True when no valid record has this id but a record that could not be validated seems to have it."""
        return record_id not in self.first and record_id in self.unread


def _fills(rule: SetRule[Any, Any, Any], hook: str) -> bool:
    """True when `rule` has a hook of its own (the base class's keeps nothing)."""
    return getattr(type(rule), hook) is not getattr(SetRule, hook)


@dataclass(slots=True)
class _Calls:
    """The hooks of the active rules to call on a record of one class whose text holds certain words."""

    checks: list[RecordRule]
    lookups: list[tuple[str, SetRule[Any, Any, Any]]]
    facts: list[tuple[str, SetRule[Any, Any, Any]]]
    pools: list[SetRule[Any, Any, Any]]


#: How many sets of words a plan keeps the calls of, at most (real records use a few dozen per class).
_KEPT_CALLS = 4096


class _Plan:
    """The hooks of the active rules that read records of one class, and the calls they make for each set of
    the words they need that a record's text holds."""

    def __init__(self, cls: type[Record], record_rules: list[RecordRule], sets: list[SetRule[Any, Any, Any]]) -> None:
        self.checks = [rule for rule in record_rules if rule.needs.admits(cls)]
        self.lookups = [(r.name, r) for r in sets if _fills(r, "lookup") and r.lookup_needs.admits(cls)]
        self.facts = [(r.name, r) for r in sets if _fills(r, "facts") and r.facts_needs.admits(cls)]
        self.pools = [r for r in sets if _fills(r, "pool") and r.pool_needs.admits(cls)]
        groups = [r.needs.words for r in self.checks]
        groups += [r.facts_needs.words for _, r in self.facts] + [r.pool_needs.words for r in self.pools]
        #: every word some hook needs (a record's words beyond these change nothing)
        self.needed = frozenset(word for words in groups for group in words for word in group)
        #: the words a text holds among `needed` (None: a text that is not scannable) -> the calls
        self.calls: dict[frozenset[bytes] | None, _Calls] = {}

    def calls_for(self, raw: bytes | None) -> _Calls:
        """The hooks to call on a record of the class with this text (see `scannable`)."""
        present = None if raw is None else words(raw) & self.needed
        calls = self.calls.get(present)
        if calls is None:
            calls = _Calls(
                [r for r in self.checks if present is None or r.needs.passes(present)],
                self.lookups,
                [(n, r) for n, r in self.facts if present is None or r.facts_needs.passes(present)],
                [r for r in self.pools if present is None or r.pool_needs.passes(present)],
            )
            if len(self.calls) < _KEPT_CALLS:
                self.calls[present] = calls
        return calls


#: the active rules (record rules, then set rules) -> their plan for each class of record
_PLANS: dict[tuple[Rule, ...], dict[type[Record], _Plan]] = {}


class RecordStage:
    """The active rules as the record stage applies them to every valid record of a batch: for each class of
    record, only the hooks whose `Needs` admit it, and of those only the ones whose words the record's text has."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.record_rules = [rule for rule in rules if isinstance(rule, RecordRule)]
        self.set_rules = [rule for rule in rules if isinstance(rule, SetRule)]
        self.keeps_facts = bool(self.set_rules)
        #: rule name -> what the rule gathered of the records given to `facts` (`SetRule.pool`)
        self.pools: dict[str, set[Any]] = {rule.name: set() for rule in self.set_rules if _fills(rule, "pool")}
        # the plans live as long as the rules (a run makes a stage per batch)
        self._plans = _PLANS.setdefault((*self.record_rules, *self.set_rules), {})
        self._last: tuple[Record, bytes | None, _Calls] | None = None

    def _calls(self, record: Record, raw: bytes | None) -> _Calls:
        last = self._last
        if last is not None and last[0] is record and last[1] is raw:
            return last[2]  # `facts`, then `findings`, ask about the same record
        cls = type(record)
        plan = self._plans.get(cls)
        if plan is None:
            plan = self._plans[cls] = _Plan(cls, self.record_rules, self.set_rules)
        calls = plan.calls_for(raw)
        self._last = (record, raw, calls)
        return calls

    def findings(self, record: Record, raw: bytes | None, entry: Callable[[], Entry]) -> Iterator[CrossFinding]:
        """The findings of the record rules on `record` (`raw`: see `scannable`; `entry()` makes the record's
        `Entry`, only when something is found)."""
        made: Entry | None = None
        for rule in self._calls(record, raw).checks:
            for breach in rule.check(record, raw):
                made = made or entry()
                yield _finding(rule, breach, made)

    def facts(self, record: Record, key: int, raw: bytes | None) -> Facts | None:
        """The set rules' `Facts` of a valid record (None without set rules; `raw`: see `scannable`); what they
        gather goes to `pools`."""
        if not self.keeps_facts:
            return None
        calls = self._calls(record, raw)
        shown = {name: value for name, rule in calls.lookups if (value := rule.lookup(record)) is not None}
        own = {name: value for name, rule in calls.facts if (value := rule.facts(record, raw)) is not None}
        for rule in calls.pools:
            self.pools[rule.name].update(rule.pool(record, raw))
        return Facts(key, record.id, shown or None, own or None)


@dataclass
class Suspects:
    """The records a run's set rules may report, found from the facts alone, and what their checks look up."""

    #: record key -> names of the rules to check it with
    rules: dict[int, set[str]] = field(default_factory=dict)
    #: ids of the records the checks look up (their first records are read again too)
    lookups: set[str] = field(default_factory=set)

    def add(self, key: int, rule: str, lookups: Iterable[str] = ()) -> None:
        """Mark record `key` for the check of `rule`, which looks up the records `lookups`."""
        self.rules.setdefault(key, set()).add(rule)
        self.lookups.update(lookups)

    def keys(self) -> set[int]:
        """Every record to read again and check."""
        return set(self.rules)


def find_suspects(cross: CrossIndex, rules: Iterable[Rule]) -> tuple[Suspects, list[tuple[str, Rescan]]]:
    """The suspects of the set rules among `rules`, and the tests of the rules that need every record's text read
    again (rule name, test; see `SetRule.rescan`), for the caller to apply with `Suspects.add`."""
    found = Suspects()
    rescans: list[tuple[str, Rescan]] = []
    for rule in rules:
        if not isinstance(rule, SetRule):
            continue
        for key, lookups in rule.suspects(cross):
            found.add(key, rule.name, lookups)
        test = rule.rescan(cross)
        if test is not None:
            rescans.append((rule.name, test))
    return found, rescans


def precise_findings(index: Index, suspects: Suspects, rules: Iterable[Rule]) -> Iterator[CrossFinding]:
    """The precise checks of the set rules among `rules` on the records of `index` that they suspect."""
    for rule in rules:
        if not isinstance(rule, SetRule):
            continue
        for entry in index.entries:
            if rule.name in suspects.rules.get(entry.key, ()):
                for breach in rule.check(entry, index):
                    yield _finding(rule, breach, entry)


def file_findings(rules: Iterable[Rule], record_counts: Mapping[str, int]) -> Iterator[CrossFinding]:
    """The findings of the file rules among `rules` on every input (name -> records read from it)."""
    for rule in rules:
        if isinstance(rule, FileRule):
            for file, count in record_counts.items():
                for breach in rule.check(file, count):
                    yield _finding(rule, breach, None, file)
