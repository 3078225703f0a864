"""A large run keeps the facts of the rules across records in a temporary file and database
(`peace_talks_model.spill`) instead of memory, and its report is the same: here every run spills from its first
record, in tiny chunks, on the stored set of generated records (every kind of verdict)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from peace_talks_model import validation
from peace_talks_model.report import Report
from peace_talks_model.rules import engine
from peace_talks_model.rules.engine import CrossIndex, Facts
from peace_talks_model.validation import Options, combine, validate_partition, validate_paths
from tests.speed_golden import unpack


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spill")
    unpack(folder)
    return folder / "records.jsonl"


@pytest.fixture(scope="module")
def unspilled(records: Path) -> Report:
    return validate_paths([records])


@pytest.fixture
def spill_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "SPILL_AFTER", 0)
    monkeypatch.setattr(engine, "SPILL_CHUNK", 3)
    monkeypatch.setattr(engine, "SPILL_IDS", 7)
    monkeypatch.setattr(validation, "SPANS_KEPT", 5)


def _same(one: Report, other: Report) -> None:
    assert (one.records, one.valid_records, one.files) == (other.records, other.valid_records, other.files)
    assert one.findings == other.findings


@pytest.mark.usefixtures("spill_at_once")
def test_a_run_that_spills_reports_the_same(records: Path, unspilled: Report) -> None:
    assert unspilled.records > 900
    assert any(f.rule for f in unspilled.findings), "the set has findings of rules across records"
    _same(validate_paths([records]), unspilled)
    _same(validate_paths([records], Options(jobs=2)), unspilled)


@pytest.mark.usefixtures("spill_at_once")
def test_spilled_partitions_combine_and_pickle_to_the_same_report(tmp_path: Path, records: Path) -> None:
    lines = records.read_bytes().splitlines(keepends=True)
    halves = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    halves[0].write_bytes(b"".join(lines[: len(lines) // 2]))
    halves[1].write_bytes(b"".join(lines[len(lines) // 2 :]))
    whole = validate_paths(halves)
    parts = [validate_partition([half]) for half in halves]
    assert all(part.cross.spill is not None for part in parts)
    assert all(spans.stored for part in parts for spans in part.spans.values())
    _same(combine([pickle.loads(pickle.dumps(part)) for part in parts]), whole)
    _same(combine(parts), whole)
    monkeypatch_off = pytest.MonkeyPatch()
    monkeypatch_off.setattr(engine, "SPILL_AFTER", 10**9)
    try:
        _same(validate_paths(halves), whole)
    finally:
        monkeypatch_off.undo()


@pytest.mark.usefixtures("spill_at_once")
def test_a_spilled_index_answers_as_one_in_memory() -> None:
    spilled, kept = CrossIndex(), CrossIndex()
    kept.added = -(10**9)  # never spills
    for number in range(40):
        facts = Facts(number, f"a:{number % 30}", {"r": number} if number % 2 else None, {"f": number})
        spilled.add(facts)
        kept.add(facts)
    assert spilled.spill is not None
    assert kept.spill is None
    assert dict(spilled.known()) == kept.first
    assert spilled.doubles == kept.doubles
    for number in range(32):
        assert spilled.first_key(f"a:{number}") == kept.first_key(f"a:{number}")
    for rule in ("r", "f"):
        table = kept.rules[rule]
        assert list(spilled._facts(spilled.rules[rule])) == table.facts
        assert dict(spilled._lookups(rule, spilled.rules[rule])) == table.lookup
    restored = pickle.loads(pickle.dumps(spilled))
    assert restored.spill is None
    assert restored.first == kept.first
    assert restored.rules["f"].facts == kept.rules["f"].facts
    spilled.close()
    assert spilled.spill.file.closed
