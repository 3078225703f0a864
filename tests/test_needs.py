"""The rules' `Needs` only save calls: wherever the record stage passes over a hook of a rule for a record (its
class is not among the hook's types, or its text lacks a word the hook needs), the hook, called on that record
through the model (without the text), finds nothing. Proven on every record of the examples, the consistency
cases and the stored speed golden set, as the record stage meets them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from peace_talks_model import validate_paths
from peace_talks_model.models import Record
from peace_talks_model.rules import RULES
from peace_talks_model.rules.base import Needs, RecordRule, SetRule, only_with, words
from peace_talks_model.rules.engine import RecordStage
from tests.speed_golden import unpack

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "examples": [ROOT / "examples" / "valid", ROOT / "examples" / "invalid"],
    "consistency": [ROOT / "tests" / "consistency"],
    "speed golden": [],
}


def _passes_over(needs: Needs, record: Record, found: frozenset[bytes] | None) -> bool:
    """True when the record stage does not call a hook with these needs on this record."""
    if not needs.admits(type(record)):
        return True
    return found is not None and bool(needs.words) and not needs.passes(found)


def _hooks(rule: Any) -> list[tuple[str, Needs]]:
    if isinstance(rule, RecordRule):
        return [("check", rule.needs)]
    if not isinstance(rule, SetRule):
        return []  # a file rule reads no record
    return [("lookup", rule.lookup_needs), ("facts", rule.facts_needs), ("pool", rule.pool_needs)]


def _found_something(rule: Any, hook: str, record: Record) -> bool:
    if hook == "lookup":
        return rule.lookup(record) is not None
    if hook == "facts":
        return rule.facts(record, None) is not None
    if hook == "pool":
        return bool(set(rule.pool(record, None)))
    return bool(list(rule.check(record, None)))


@pytest.mark.parametrize("name", list(SETS))
def test_a_hook_passed_over_finds_nothing(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = SETS[name]
    if not paths:
        unpack(tmp_path)
        paths = [tmp_path]
    passed_over: Counter[tuple[str, str]] = Counter()
    wrong: list[str] = []
    real = RecordStage.facts

    def facts(self: RecordStage, record: Record, key: int, raw: bytes | None) -> Any:
        found = words(raw) if raw is not None else None
        for rule in RULES:
            for hook, needs in _hooks(rule):
                if _passes_over(needs, record, found):
                    passed_over[rule.name, hook] += 1
                    if _found_something(rule, hook, record):
                        wrong.append(f"{rule.name}.{hook} finds something in {record.id}, which its needs pass over")
        return real(self, record, key, raw)

    monkeypatch.setattr(RecordStage, "facts", facts)
    validate_paths(paths)
    assert not wrong, wrong[:10]
    assert sum(passed_over.values()) > 1000  # the test saw the declarations at work


def test_needs_are_written_as_words_that_the_scan_finds() -> None:
    assert only_with("fraction", ("lower", "upper")).passes(frozenset({b"fraction", b"upper"}))
    assert not only_with("fraction", ("lower", "upper")).passes(frozenset({b"fraction"}))
    with pytest.raises(ValueError, match="not a group of words"):
        only_with("start_relative:")
    with pytest.raises(ValueError, match="not a group of words"):
        only_with(())
