"""The rule registry drives the engine: every registered rule is reached, every rule finding comes from a
registered rule object, and a rule's quick look at a record's text never hides what its model shows."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peace_talks_model import validate_record, validation
from peace_talks_model.codes import CODES, FALLBACK, code_for
from peace_talks_model.introspect import fields_holding, instances, walk
from peace_talks_model.loader import LoadedRecord, LoadProblem, discover
from peace_talks_model.models import FuzzyDate
from peace_talks_model.models.evidence import UnnamedSpeaker
from peace_talks_model.report import Finding
from peace_talks_model.rules import RULE_NAMES, RULES, FileRule, RecordRule, Rule, Scope, SetRule, rule_named
from peace_talks_model.rules.base import FAMILY_TITLES, Family, scannable
from peace_talks_model.rules.catalogue import MODEL_FAMILIES, catalogue, rule_for
from peace_talks_model.rules.evidence import RECORD_HAS_EVIDENCE
from peace_talks_model.rules.references import IDS_UNIQUE
from peace_talks_model.validation import (
    Input,
    Options,
    input_size,
    inputs_of,
    validate_bytes,
    validate_paths,
    validate_records,
)
from tests.conftest import EXAMPLES, ROOT

#: Every example and test record folder: together they exercise every rule.
ALL_INPUTS = [EXAMPLES / "valid", EXAMPLES / "invalid", EXAMPLES / "minimal", ROOT / "tests" / "error_quality"]


def _jsonl(records: tuple[Any, ...], ascii_only: bool = False) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in records).encode()


def _nothing(*_: Any) -> Iterator[Any]:
    return iter(())


def _rule_codes() -> set[str]:
    """The codes of the rules beyond one record's schema: across records (PT30x), of meaning (PT4xx) and
    warnings (PT9xx)."""
    return {c.code for c in CODES if c.code.startswith(("PT30", "PT4", "PT9"))}


def test_the_registry_names_every_rule_once_and_each_has_its_code() -> None:
    assert len(RULE_NAMES) == len(RULES)
    for rule in RULES:
        assert rule_named(rule.name) is rule
        assert code_for(rule.name) is not FALLBACK, rule.name
        assert rule.code == code_for(rule.name).code
        assert rule.description.endswith("."), rule.name
        assert isinstance(rule, {Scope.record: RecordRule, Scope.set: SetRule, Scope.file: FileRule}[rule.scope])
    # every code of a rule across records or of a warning is served by a registered rule, and only by one
    served = {rule for c in CODES if c.code in _rule_codes() for rule in c.rules}
    assert served == RULE_NAMES


def test_every_rule_names_its_family_and_what_it_keeps_of_a_record() -> None:
    for rule in RULES:
        assert isinstance(rule.family, Family), rule.name
        assert rule.family in FAMILY_TITLES, rule.name
        assert rule.keeps.endswith("."), rule.name
        if rule.scope is Scope.set:  # a set rule states its own memory, not the default of its base class
            assert "keeps" in type(rule).__dict__, rule.name


def test_the_catalogue_holds_every_code_once_and_explain_lists_it_so() -> None:
    sections = catalogue()
    listed = [c.code for s in sections for c in s.codes]
    assert sorted(listed) == sorted(c.code for c in CODES)
    assert len(listed) == len(set(listed))
    for section in sections:
        for rule in section.rules:
            assert rule.family.value == section.key
    for code, family in MODEL_FAMILIES.items():
        assert rule_for(next(c for c in CODES if c.code == code)) is None, code
        assert any(s.key == family.value and code in [c.code for c in s.codes] for s in sections)
    output = subprocess.run(
        [sys.executable, "-m", "peace_talks_model", "explain", "--list"], capture_output=True, text=True, check=True
    ).stdout
    headers = [line for line in output.splitlines() if line and not line.startswith(" ")]
    assert headers == [f"{s.title}: {s.description}" for s in sections]
    assert [line.split()[0] for line in output.splitlines() if line.startswith("  ")] == listed


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_rule_is_reached_by_its_example(rule: Rule, monkeypatch: pytest.MonkeyPatch) -> None:
    report = validate_records(rule.example)
    assert {f.rule for f in report.findings} == {rule.name}, "the example breaks its rule and no other"
    assert {f.code for f in report.findings} == {rule.code}
    if rule.example:  # read from text too: the rules look at the text before the model
        for ascii_only in (False, True):
            from_text = validate_bytes(_jsonl(rule.example, ascii_only), jsonl=True)
            assert [(f.rule, f.path) for f in from_text.findings] == [(f.rule, f.path) for f in report.findings]
    # the finding comes from this rule object: without its check, it is gone
    monkeypatch.setattr(rule, "check", _nothing)
    assert validate_records(rule.example).findings == []


def test_duplicate_ids_and_missing_evidence_are_found_by_their_rule_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    # once computed inline by the engine beside unused functions: now their rule objects find them
    source = {"record_type": "source", "id": "source:s", "schema_version": "1.0"}
    actor = {
        "record_type": "actor",
        "id": "actor:a",
        "schema_version": "1.0",
        "name": "A",
        "kind": "person",
        "evidence": [{"source": "source:s", "quote": "q"}],
    }
    bare = {"record_type": "event", "id": "event:x", "schema_version": "1.0", "kind": "attack"}
    records: list[dict[str, Any]] = [source, actor, actor, bare]

    def found() -> list[tuple[str, str, int | None]]:
        return sorted((f.rule, f.path, f.record_index) for f in validate_records(records).findings)

    assert found() == [("ids_unique", "id", 2), ("record_has_evidence", "evidence", 3)]
    with monkeypatch.context() as patch:
        patch.setattr(IDS_UNIQUE, "check", _nothing)
        assert found() == [("record_has_evidence", "evidence", 3)]
    monkeypatch.setattr(RECORD_HAS_EVIDENCE, "check", _nothing)
    assert found() == [("ids_unique", "id", 2)]


def _rule_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code in _rule_codes()]


def test_no_rule_finding_comes_from_outside_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    examples = [record for rule in RULES for record in rule.example]
    reports = [validate_paths(ALL_INPUTS), validate_records(examples), validate_records([])]
    findings = [f for report in reports for f in report.findings]
    assert {f.rule for f in _rule_findings(findings)} == RULE_NAMES
    # every finding is a rule's, or one of a single record's schema or model, or of reading an input
    assert all(f.rule in RULE_NAMES or f.code[:3] in ("PT1", "PT2") for f in findings)
    # with every registered check silenced, nothing is left that a rule across records or a warning reports
    for rule in RULES:
        monkeypatch.setattr(rule, "check", _nothing)
    reports = [validate_paths(ALL_INPUTS), validate_records(examples), validate_records([])]
    assert [f for report in reports for f in _rule_findings(report.findings)] == []
    assert [f for report in reports for f in report.findings] == [f for f in findings if f.rule not in RULE_NAMES]


def _example_records() -> Iterator[dict[str, Any]]:
    for path in sorted((EXAMPLES / "valid").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        yield from data if isinstance(data, list) else [data]


def test_a_look_at_the_text_never_hides_what_the_model_shows() -> None:
    # the record stage gives the rules each record's text when a scan can trust it, which they may look at first:
    # on every example record, written as JSON writers write it, they must find what the model alone shows
    count = 0
    for data in [*_example_records(), *(r for rule in RULES for r in rule.example)]:
        record = validate_record(data)
        texts = [
            json.dumps(data, ensure_ascii=False),
            json.dumps(data, ensure_ascii=False, indent=1),
            json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            json.dumps(data),  # with \\u escapes where the data is not ASCII: not scanned
        ]
        for raw in (scannable(text.encode()) for text in texts):
            for rule in RULES:
                if isinstance(rule, RecordRule):
                    assert list(rule.check(record, raw)) == list(rule.check(record, None)), (rule.name, record.id)
                elif isinstance(rule, SetRule):
                    assert rule.facts(record, raw) == rule.facts(record, None), (rule.name, record.id)
                    assert set(rule.pool(record, None)) <= set(rule.pool(record, raw)), (rule.name, record.id)
        count += 1
    assert count > 400


def test_typed_walks_find_what_the_full_walk_finds() -> None:
    for data in _example_records():
        record = validate_record(data)
        for target in (FuzzyDate, UnnamedSpeaker):
            full = [(p, o) for p, o in walk(record) if isinstance(o, target)]
            assert list(instances(record, target)) == full, (record.id, target)
            # every such object sits under a key `fields_holding` names (the wording rules' quick test)
            keys = fields_holding(target)
            for path, _ in full:
                assert [part for part in path if isinstance(part, str)][-1] in keys, (record.id, path)


def test_validation_does_not_load_the_llm_profile() -> None:
    code = (
        "import sys, peace_talks_model.validation; "
        "print(sorted(m for m in sys.modules if 'llm' in m or 'schema_export' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_the_llm_profile_is_resolved_when_a_run_needs_it(tmp_path: Path) -> None:
    # a model's answer in the profile: an extraction result, its document and the records found in it
    document = {"record_type": "source", "id": "source:s", "schema_version": "1.0"}
    actor = {**IDS_UNIQUE.example[1], "country": None}
    path = tmp_path / "answer.json"
    path.write_text(json.dumps({"document": document, "records": [actor]}), encoding="utf-8")
    assert "envelope_keys" in {f.rule for f in validate_paths([path]).findings}  # not the record format
    report = validate_paths([path], Options(profile="llm"))
    assert (report.records, report.findings) == (2, [])


def test_a_decoder_can_be_passed_in(tmp_path: Path) -> None:
    path = tmp_path / "records.txt"
    path.write_text("source:a\nsource:b\n", encoding="utf-8")
    calls: list[str] = []

    def ids_per_line(
        name: str, where: str | None, raw: bytes | None, read: Any
    ) -> Iterator[LoadedRecord | LoadProblem]:
        calls.append(name)
        for index, line in enumerate(Path(where or name).read_text(encoding="utf-8").split()):
            yield LoadedRecord(name, index, index + 1, {"record_type": "source", "id": line, "schema_version": "1.0"})

    report = validate_paths([path], Options(decoder=ids_per_line))
    assert (report.records, report.valid_records, report.findings) == (2, 2, [])
    assert calls == [str(path)]  # no record is suspect: the input is read once


def test_paths_are_searched_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    searched: list[object] = []

    def counting(paths: Any, glob: str | None = None) -> Iterator[Path]:
        searched.append(paths)
        return discover(paths, glob)

    monkeypatch.setattr(validation, "discover", counting)
    folder = EXAMPLES / "minimal"
    # what `peace-talks validate` does: the inputs found once give the progress total and are validated
    found = inputs_of([folder])
    assert all(isinstance(i, Input) for i in found)
    assert input_size(found) == input_size([folder]) > 0
    searched.clear()
    report = validate_paths(found)
    assert searched == []
    assert report == validate_paths([folder])
    assert len(searched) == 1
