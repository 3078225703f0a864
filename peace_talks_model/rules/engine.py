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
from peace_talks_model.spill import Known, Spill

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


#: Records whose facts a run's index keeps in memory; past them, it keeps them in a `Spill` (a temporary file and
#: database), so that the memory of a run does not grow with its records. A run that spills pays for pickling and
#: the database (on 20,611 generated records, spilling from 10,000 on took about 7% more CPU time), so runs of the
#: size of the speed benchmark stay in memory; spilling from 10,000 on instead of 25,000 lowered the peak RSS of
#: the CLI on 100 MB from 89.7 to 78.7 MB, and on 500 MB from 113 to 111 MB (chunks of 1,024 facts, 4,096 ids).
SPILL_AFTER = 25_000
#: Facts of one rule written to the temporary file at a time, and ids (with the rules' lookups of them) written
#: to the database at a time, once a run spills.
SPILL_CHUNK = 256
SPILL_IDS = 1024


@dataclass
class RuleFacts:
    """What one set rule keeps of a run: lookups of first records by id, facts in the run's order, its pool. Once
    the run spills (`CrossIndex.spill`), the lookups in memory are only the latest (the others are in the spill's
    database), and so are the facts: the others are in chunks in its file (`spilled`: where each chunk lies, in
    the run's order, followed by `facts`)."""

    lookup: dict[str, Any] = field(default_factory=dict)
    facts: list[tuple[int, str, Any]] = field(default_factory=list)
    pool: set[Any] = field(default_factory=set)
    spilled: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class CrossIndex:
    """The set rules' facts of every valid record of a run (or of a partition of it), merged in the run's order.
    Past `SPILL_AFTER` records, what it keeps goes to a `Spill` (`spill`), and only the latest ids, lookups and
    facts stay in memory (`first`, `RuleFacts`); a pickled index holds everything in memory, never the spill."""

    #: id -> key of the first valid record with it (once spilled: the latest only, see `first_key`)
    first: dict[str, int] = field(default_factory=dict)
    #: (key, id) of the records whose id an earlier record already has
    doubles: list[tuple[int, str]] = field(default_factory=list)
    #: rule name -> what the rule keeps
    rules: dict[str, RuleFacts] = field(default_factory=dict)
    #: ids of records present in the inputs that could not be validated (see `RunFacts.unsure`)
    unread: set[str] = field(default_factory=set)
    #: valid records added so far
    added: int = 0
    #: where the index keeps what it has of a large run (None until it has `SPILL_AFTER` records)
    spill: Spill | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if self.spill is not None:
            state["first"] = dict(self.known())
            state["rules"] = {
                name: RuleFacts(dict(self._lookups(name, table)), list(self._facts(table)), table.pool)
                for name, table in self.rules.items()
            }
            state["spill"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def _table(self, name: str) -> RuleFacts:
        table = self.rules.get(name)
        if table is None:
            table = self.rules[name] = RuleFacts()
        return table

    def _keep(self, table: RuleFacts, fact: tuple[int, str, Any]) -> None:
        table.facts.append(fact)
        if self.spill is not None and len(table.facts) >= SPILL_CHUNK:
            self._spill_facts(table)

    def _spill_facts(self, table: RuleFacts) -> None:
        assert self.spill is not None
        for start in range(0, len(table.facts), SPILL_CHUNK):
            table.spilled.append(self.spill.write(table.facts[start : start + SPILL_CHUNK]))
        table.facts = []

    def _counted(self) -> None:
        """Count one more record; spill what is kept in memory when it is time."""
        self.added += 1
        if self.spill is None:
            if self.added <= SPILL_AFTER:
                return
            self.spill = Spill()
            for table in self.rules.values():
                self._spill_facts(table)
        elif len(self.first) < SPILL_IDS:
            return
        self.spill.put_first(self.first.items())
        self.first = {}
        for name, table in self.rules.items():
            if table.lookup:
                self.spill.put_lookup(name, table.lookup.items())
                table.lookup = {}

    def _facts(self, table: RuleFacts) -> Iterator[tuple[int, str, Any]]:
        for offset, length in table.spilled:
            assert self.spill is not None
            yield from self.spill.read(offset, length)
        yield from table.facts

    def _lookups(self, name: str, table: RuleFacts) -> Iterator[tuple[str, Any]]:
        if self.spill is not None:
            yield from self.spill.lookups(name)
        yield from table.lookup.items()

    def known(self) -> Mapping[str, int]:
        """id -> key of the first valid record with it, for every id of the run (see `first_key`)."""
        return self.first if self.spill is None else Known(self.first, self.spill)

    def close(self) -> None:
        """Remove the spill of the index, if it has one (what is in it cannot be read after)."""
        if self.spill is not None:
            self.spill.close()

    def add(self, facts: Facts) -> None:
        """Add the facts of the next valid record of the run."""
        if self.first_key(facts.id) is None:
            self.first[facts.id] = facts.key
            if facts.lookup:
                for name, value in facts.lookup.items():
                    self._table(name).lookup[facts.id] = value
        else:
            self.doubles.append((facts.key, facts.id))
        if facts.facts:
            for name, value in facts.facts.items():
                self._keep(self._table(name), (facts.key, facts.id, value))
        self._counted()

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
            for record_id, value in other._lookups(name, theirs):
                if self.first_key(record_id) is None:  # the partition's first record with the id is the run's first
                    mine.lookup[record_id] = value
            for key, record_id, value in other._facts(theirs):
                self._keep(mine, (key + shift, record_id, value))
            mine.pool |= theirs.pool
        for record_id, key in other.known().items():
            if self.first_key(record_id) is not None:
                self.doubles.append((key + shift, record_id))
            else:
                self.first[record_id] = key + shift
                self._counted()
        self.doubles.extend((key + shift, record_id) for key, record_id in other.doubles)
        self.unread |= other.unread

    # -- what a set rule sees of the run (`peace_talks_model.rules.base.RunFacts`) --

    def first_key(self, record_id: str) -> int | None:
        """The key of the first valid record with this id."""
        key = self.first.get(record_id)
        if key is None and self.spill is not None:
            return self.spill.first(record_id)
        return key

    def duplicates(self) -> list[tuple[int, str]]:
        """(key, id) of every valid record whose id an earlier record already has."""
        return self.doubles

    def lookup(self, rule: SetRule[Any, Any, Any], record_id: str) -> Any:
        """What `rule.lookup` kept of the first record with this id."""
        table = self.rules.get(rule.name)
        if table is None:
            return None
        value = table.lookup.get(record_id)
        if value is None and self.spill is not None:
            return self.spill.lookup(rule.name, record_id)
        return value

    def facts(self, rule: SetRule[Any, Any, Any]) -> Iterable[tuple[int, str, Any]]:
        """(key, id, facts) of every record `rule.facts` kept something of, in the run's order."""
        table = self.rules.get(rule.name)
        if table is None:
            return []
        return self._facts(table) if table.spilled else table.facts

    def pool(self, rule: SetRule[Any, Any, Any]) -> set[Any]:
        """Everything `rule.pool` gathered over the run."""
        table = self.rules.get(rule.name)
        return table.pool if table is not None else set()

    def unsure(self, record_id: str) -> bool:
        """True when no valid record has this id but a record that could not be validated seems to have it."""
        return record_id in self.unread and self.first_key(record_id) is None


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
