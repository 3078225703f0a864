"""Checking a record being edited in the context of its whole directory, as `peace-talks validate DIR` would.

`check_in_context(store, file, where, record)` validates every record file of the store with one record replaced
(or added) in memory: model rules, rules across records (references, duplicate ids, dates), consistency rules and,
when a `Grounding` is given, quotes against their texts. It returns the findings about that record, the very
`Finding`s the CLI prints (same codes and messages), each with the form field it belongs to (`field_of`).
`summary(store)` is the verdict of the whole directory, as `validate` prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peace_talks_model.grounding import Grounding
from peace_talks_model.loader import JSONL_SUFFIXES
from peace_talks_model.report import Finding, Report
from peace_talks_model.serve.store import Store, StoredRecord, append_record, new_file_bytes, replace_record
from peace_talks_model.validation import Input, Options, validate_run

_INDEX = re.compile(r"\[(\d+)\]")


def field_of(finding: Finding) -> str:
    """The form path of a finding's value (`names[0].text` -> `names.0.text`); "" for the record as a whole."""
    return _INDEX.sub(r".\1", finding.path).lstrip(".")


@dataclass(frozen=True, slots=True)
class Checked:
    """The findings about one record, and whether any is an error."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.value == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def options_for(grounding: Grounding | None) -> Options:
    """The options of a check: those of `peace-talks validate` (with `--texts` when texts are served)."""
    return Options(grounding=grounding)


def _inputs(store: Store, replaced: dict[str, bytes]) -> list[Input]:
    inputs = []
    for relative in store.files():
        path = store.root / relative
        if relative in replaced:
            inputs.append(Input(str(path), raw=replaced[relative], jsonl=path.suffix in JSONL_SUFFIXES))
        else:
            inputs.append(Input(str(path), path=str(path)))
    for relative, raw in replaced.items():  # a new file
        if relative not in store.files():
            path = store.root / relative
            inputs.append(Input(str(path), raw=raw, jsonl=path.suffix in JSONL_SUFFIXES))
    return inputs


def check_in_context(
    store: Store, file: str, record: StoredRecord | None, data: dict[str, Any], grounding: Grounding | None = None
) -> Checked:
    """The findings about `data` put in place of `record` in `file` (or added at the end of `file` when `record` is
    None), with every other file of the store as it is on disk."""
    path = store.path(file)
    jsonl = path.suffix in JSONL_SUFFIXES
    if record is not None:
        raw = replace_record(path.read_bytes(), jsonl, record, data)
        index = record.index
    elif path.exists():
        raw = append_record(path.read_bytes(), jsonl, data)
        index = len(store.read_file(file).records)
    else:
        raw = new_file_bytes(path, data)
        index = 0
    report, _ = validate_run(_inputs(store, {file: raw}), options_for(grounding))
    name = str(path)
    # the record's findings, and those of its file that are about no record (the file could not be read)
    return Checked([f for f in report.findings if f.file == name and f.record_index in (index, None)])


def summary(store: Store, grounding: Grounding | None = None) -> Report:
    """The report of the whole directory, as `peace-talks validate DIR` makes it (file names absolute)."""
    report, _ = validate_run(
        [Input(str(store.root / r), path=str(store.root / r)) for r in store.files()], options_for(grounding)
    )
    return report


def relative_file(store: Store, finding_file: str) -> str:
    """A finding's file as the store names it (relative), or as given when outside the root."""
    try:
        return Path(finding_file).relative_to(store.root).as_posix()
    except ValueError:
        return finding_file
