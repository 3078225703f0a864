"""Folding the answers of the LLM profile's tiers (`peace_talks_model.llm_tiers`) into records: what
`peace-talks merge` runs.

A *core answer* holds records with their core fields (`{"records": [...]}`, or an extraction result, or any file
of records); an *enrichment answer* holds more fields of one record, named by its `record_type` and `id`.
`merge_answers(core, enrichments)` folds each enrichment answer into the core record with its id, field by field:

- a field the record does not have yet (absent, null, `[]`, or the model's default) takes the answer's value;
- a field with the same value already is left as it is, so merging an answer twice changes nothing;
- a field with another value is a conflict (PT320): nothing is chosen, and the record is held back from the
  merged records, the finding giving both values and where each was written;
- an answer naming an id no core record has (PT321), or a record of another type (PT322), folds into nothing.

Answers are read as `validate --profile llm` reads them (nulls dropped, positions kept), so every finding gives
the file, line and column of the value in the answer the model wrote. `run_merge` then writes the merged
records and validates them like any extraction result (grounding included): one `Report` of both.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic_core import PydanticUndefined

from peace_talks_model.codes import code_for
from peace_talks_model.io import write_jsonl
from peace_talks_model.llm_profile import from_profile, read_llm
from peace_talks_model.llm_schema import TRAILING_BASE_FIELDS
from peace_talks_model.loader import MAX_DOCUMENT_SIZE, LoadedRecord, LoadProblem, parse_record
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.report import INPUT_FAILURES, Finding, Report
from peace_talks_model.validation import Input, Options, _Positions, _problem_finding, validate_paths

#: The fields that name a record in an answer; they are matched, not merged.
NAMING = ("record_type", "id")
#: The rules of the merge's findings.
CONFLICT = "merge_conflict"
UNKNOWN = "merge_unknown_record"
WRONG_TYPE = "merge_wrong_record_type"
#: The most characters of a value quoted in a finding.
SHOWN = 80


@dataclass
class MergeResult:
    """What a merge made: the merged records (core order, records held back left out), its findings, the ids of
    the records held back for a conflict, how many enrichment answers and fields were folded in, and how many
    inputs could not be read."""

    records: list[Any] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    answers: int = 0
    folded: int = 0
    inputs_failed: int = 0
    #: records read from the core answers
    core_records: int = 0
    #: for each merged record, the answer each of its fields was read from (`written_at` locates a value there)
    sources: list[dict[str, LoadedRecord]] = field(default_factory=list)

    def written_at(self, record: int, path: str, positions: _Positions | None = None) -> str | None:
        """`file:line:column` of the value at `path` (`agenda[0].evidence[0].quote`) of merged record number
        `record`, in the answer it was read from; None when that answer was given in memory. `positions` keeps the
        source maps of the answers between calls."""
        parts = _parts(path)
        sources = self.sources[record] if 0 <= record < len(self.sources) else {}
        item = sources.get(str(parts[0])) if parts else None
        item = item if item is not None else sources.get("")
        if item is None or item.line is None:
            return None
        _, line, column = (positions or _Positions()).locate(item, parts, False)
        return f"{item.file}:{line}:{column}"


@cache
def _default(record_type: str, key: str) -> Any:
    """The model's default of a field (PydanticUndefined for a required or unknown field)."""
    model = MODEL_BY_TYPE.get(record_type)
    info = model.model_fields.get(key) if model is not None else None
    if info is None or info.is_required():
        return PydanticUndefined
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    default = info.default
    return getattr(default, "value", default)  # an enum member: its JSON value


def _unset(value: Any, record_type: str, key: str) -> bool:
    """Whether a value says nothing: absent, null, an empty list or object, or the field's default."""
    return value is None or value in ([], {}) or value == _default(record_type, key)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


class _Merger:
    def __init__(self) -> None:
        self.positions = _Positions()
        self.result = MergeResult()
        self.items: list[LoadedRecord | None] = []
        self.by_id: dict[str, int] = {}
        #: record number -> field -> the answer its value came from
        self.origin: dict[int, dict[str, LoadedRecord]] = {}
        self.held: dict[int, None] = {}

    def _data(self, item: LoadedRecord | LoadProblem) -> tuple[LoadedRecord, Any] | None:
        if isinstance(item, LoadProblem):
            self._problem(item)
            return None
        data = parse_record(item)
        if isinstance(data, LoadProblem):
            self._problem(data)
            return None
        return item, data  # read_llm has dropped the nulls

    def _problem(self, problem: LoadProblem) -> None:
        self.result.findings.append(_problem_finding(problem))
        if problem.code in INPUT_FAILURES:
            self.result.inputs_failed += 1

    def core(self, items: Iterable[LoadedRecord | LoadProblem]) -> None:
        for item in items:
            read = self._data(item)
            if read is None:
                continue
            source, data = read
            self.result.records.append(data)
            self.items.append(source)
            self.result.core_records += 1
            key = data.get("id") if isinstance(data, dict) else None
            if isinstance(key, str) and key not in self.by_id:  # a duplicate id: validation reports it
                self.by_id[key] = len(self.result.records) - 1

    def _where(self, item: LoadedRecord | None, key: str) -> str:
        if item is None:
            return "the core answer"
        _, line, column = self.positions.locate(item, (key,), True)
        return f"{item.file}:{line}:{column}"

    def _finding(
        self, item: LoadedRecord, data: Mapping[str, Any], key: str, rule: str, message: str, **more: Any
    ) -> None:
        pointer, line, column = self.positions.locate(item, (key,), True)
        record_id = data.get("id")
        self.result.findings.append(
            Finding(
                item.file,
                code_for(rule).code,
                message,
                path=key,
                record_index=item.index,
                record_id=record_id if isinstance(record_id, str) else None,
                line=line,
                column=column,
                pointer=pointer,
                rule=rule,
                **more,
            )
        )

    def enrichment(self, items: Iterable[LoadedRecord | LoadProblem]) -> None:
        for item in items:
            read = self._data(item)
            if read is None:
                continue
            source, data = read
            if not isinstance(data, dict) or not isinstance(data.get("id"), str):
                message = "an enrichment answer is an object naming its record by 'record_type' and 'id'"
                self._finding(source, data if isinstance(data, dict) else {}, "id", UNKNOWN, message)
                continue
            self.result.answers += 1
            self._fold(source, data)

    def _fold(self, source: LoadedRecord, data: dict[str, Any]) -> None:
        record_id = data["id"]
        number = self.by_id.get(record_id)
        if number is None:
            close = difflib.get_close_matches(record_id, list(self.by_id), n=1, cutoff=0.8)
            message = f"no core answer has a record with id '{record_id}'; the answer is not merged"
            if close:
                message += f" (did you mean '{close[0]}'?)"
            self._finding(source, data, "id", UNKNOWN, message, got=record_id, suggestion=close[0] if close else None)
            return
        target = self.result.records[number]
        record_type = target.get("record_type")
        if data.get("record_type") != record_type:
            message = (
                f"the answer is for record type '{data.get('record_type')}', but {record_id} is a '{record_type}' "
                "record; the answer is not merged"
            )
            self._finding(source, data, "record_type", WRONG_TYPE, message, expected=str(record_type))
            return
        for key, value in data.items():
            if key in NAMING or _unset(value, record_type, key):
                continue
            current = target.get(key)
            if _unset(current, record_type, key):
                target[key] = value
                self.origin.setdefault(number, {})[key] = source
                self.result.folded += 1
            elif current != value:
                other = self._where(self.origin.get(number, {}).get(key, self.items[number]), key)
                message = (
                    f"'{key}' of {record_id} is {_shown(value)} here but {_shown(current)} at {other}; the record "
                    "is held back from the merged records until one answer is corrected"
                )
                self._finding(source, data, key, CONFLICT, message, expected=_shown(current), got=_shown(value))
                self.held[number] = None

    def finish(self) -> MergeResult:
        result = self.result
        result.held = [str(result.records[n].get("id")) for n in self.held]
        kept = [n for n in range(len(result.records)) if n not in self.held]
        for n in kept:
            core = self.items[n]
            sources = self.origin.get(n, {})
            result.sources.append({"": core, **sources} if core is not None else sources)
        result.records = [_in_model_order(result.records[n]) for n in kept]
        return result


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parts(path: str) -> tuple[int | str, ...]:
    """The keys and indexes of a dotted path (`agenda[0].evidence[0].quote`)."""
    return tuple(int(index) if index else key for key, index in _PART.findall(path))


def _in_model_order(record: Any) -> Any:
    """A record with its fields in the order of the LLM profile (the record's own fields, then evidence, notes and
    the other shared fields; unknown keys last), as a person would write it."""
    model = MODEL_BY_TYPE.get(str(record.get("record_type"))) if isinstance(record, dict) else None
    if model is None:
        return record
    own = [n for n in model.model_fields if n not in TRAILING_BASE_FIELDS]
    order = {name: n for n, name in enumerate([*own, *TRAILING_BASE_FIELDS])}
    return dict(sorted(record.items(), key=lambda item: order.get(item[0], len(order))))


def merge_answers(
    core: Iterable[LoadedRecord | LoadProblem], enrichments: Iterable[LoadedRecord | LoadProblem]
) -> MergeResult:
    """Fold enrichment answers into the core records by id (see the module's docstring). Both are read records,
    as `read_answers` gives them."""
    merger = _Merger()
    merger.core(core)
    merger.enrichment(enrichments)
    return merger.finish()


def _in_memory(name: str, records: Iterable[Any]) -> Iterator[LoadedRecord]:
    for index, record in enumerate(records):
        yield LoadedRecord(name, index, None, from_profile(record))


def merge_records(core: Iterable[Any], enrichments: Iterable[Any]) -> MergeResult:
    """`merge_answers` for records and answers in memory (dicts, profile output or not)."""
    return merge_answers(_in_memory("<core>", core), _in_memory("<enrichments>", enrichments))


def read_answers(
    paths: Iterable[str | Path], max_size: int = MAX_DOCUMENT_SIZE
) -> Iterator[LoadedRecord | LoadProblem]:
    """The answers in files, read as `validate --profile llm` reads them: an extraction result or core answer as
    its records, a JSON array or JSONL file as its elements, one object as itself."""
    for path in paths:
        yield from Input(str(path), path=str(path), decoder=read_llm, max_size=max_size).read()


def _traced(result: MergeResult, finding: Finding, out: str, positions: _Positions) -> Finding:
    """A finding on a merged record, its message ending with where the answer wrote the value."""
    if finding.file != out or finding.record_index is None or not finding.path:
        return finding
    where = result.written_at(finding.record_index, finding.path, positions)
    return finding if where is None else replace(finding, message=f"{finding.message} [written at {where}]")


def run_merge(
    core: Sequence[str | Path],
    enrichments: Sequence[str | Path],
    out: Path,
    options: Options | None = None,
) -> tuple[MergeResult, Report]:
    """Merge the answers, write the merged records to `out` (JSONL) and validate `out` with `options`; the merge's
    findings and the validation's in one report. Nothing is written when an input cannot be read (exit status 3),
    or when no record is left to write."""
    options = options or Options()
    result = merge_answers(
        read_answers(core, options.max_document_size), read_answers(enrichments, options.max_document_size)
    )
    report = Report(findings=list(result.findings), inputs_failed=result.inputs_failed)
    if result.inputs_failed or not result.records:
        report.records = result.core_records
        return result, report
    write_jsonl(out, result.records)
    checked = validate_paths([out], options)
    positions = _Positions()
    report.findings.extend(_traced(result, finding, str(out), positions) for finding in checked.findings)
    report.files = checked.files
    report.records = checked.records + len(result.held)
    report.valid_records = checked.valid_records
    report.inputs_failed += checked.inputs_failed
    report.record_counts = checked.record_counts
    return result, report
