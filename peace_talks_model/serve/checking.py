"""Checking a record being edited in the context of its whole directory, as `peace-talks validate DIR` would.

`check_in_context(store, file, where, record)` validates every record file of the store with one record replaced
(or added) in memory: model rules, rules across records (references, duplicate ids, dates), consistency rules and,
when a `Grounding` is given, quotes against their texts. It returns the findings about that record, the very
`Finding`s the CLI prints (same codes and messages), each with the form field it belongs to (`field_of`).
`summary(store)` is the verdict of the whole directory, as `validate` prints it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peace_talks_model.grounding import Grounding
from peace_talks_model.loader import JSONL_SUFFIXES
from peace_talks_model.report import Finding, Report
from peace_talks_model.serve.store import (
    Store,
    StoredRecord,
    append_record,
    etag_of,
    new_file_bytes,
    replace_record,
)
from peace_talks_model.validation import Input, Options, Partial, combine, validate_partition, validate_run

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
    raw, index = _placed(store, file, record, data)
    path = store.path(file)
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


class Checker:
    """`check_in_context` and `summary` with each unchanged file validated once: a file's validation (its records'
    findings and the facts the rules across records need, a `Partial`) is kept while the file's bytes stay the
    same, and every check merges the kept ones with a fresh validation of the edited file (`combine`: the same
    report as one run over every file)."""

    def __init__(self, store: Store, grounding: Grounding | None = None) -> None:
        self.store = store
        self.options = options_for(grounding)
        self._kept: dict[str, tuple[str, Partial]] = {}
        self._lock = threading.Lock()

    def _validated(self, relative: str, raw: bytes) -> Partial:
        path = self.store.root / relative
        return validate_partition([Input(str(path), raw=raw, jsonl=path.suffix in JSONL_SUFFIXES)], self.options)

    def _partial(self, relative: str) -> Partial | None:
        try:
            raw = (self.store.root / relative).read_bytes()
        except OSError:
            return None
        key = etag_of(raw)
        with self._lock:
            kept = self._kept.get(relative)
        if kept is not None and kept[0] == key:
            return kept[1]
        partial = self._validated(relative, raw)
        with self._lock:
            self._kept[relative] = (key, partial)
        return partial

    def report(self, replaced: dict[str, bytes] | None = None) -> Report:
        """The report of the directory, with the files of `replaced` (relative name -> bytes) as given."""
        replaced = replaced or {}
        files = self.store.files()
        partials = []
        for relative in files:
            if relative in replaced:
                partials.append(self._validated(relative, replaced[relative]))
            else:
                found = self._partial(relative)
                if found is not None:
                    partials.append(found)
        partials += [self._validated(r, raw) for r, raw in replaced.items() if r not in files]
        with self._lock:
            for gone in set(self._kept) - set(files):
                del self._kept[gone]
        if len(partials) == 1 and not replaced:
            # `combine` works in place on a single partition: a kept one is validated afresh instead
            partials = [self._validated(files[0], self.store.path(files[0]).read_bytes())]
        return combine(partials, self.options)

    def check(self, file: str, record: StoredRecord | None, data: dict[str, Any]) -> Checked:
        """As `check_in_context`."""
        raw, index = _placed(self.store, file, record, data)
        report = self.report({file: raw})
        name = str(self.store.path(file))
        return Checked([f for f in report.findings if f.file == name and f.record_index in (index, None)])


def _placed(store: Store, file: str, record: StoredRecord | None, data: dict[str, Any]) -> tuple[bytes, int]:
    """The bytes of `file` with `data` in place of `record` (or added), and the record's index there."""
    path = store.path(file)
    jsonl = path.suffix in JSONL_SUFFIXES
    if record is not None:
        return replace_record(path.read_bytes(), jsonl, record, data), record.index
    if path.exists():
        return append_record(path.read_bytes(), jsonl, data), len(store.read_file(file).records)
    return new_file_bytes(path, data), 0


def relative_file(store: Store, finding_file: str) -> str:
    """A finding's file as the store names it (relative), or as given when outside the root."""
    try:
        return Path(finding_file).relative_to(store.root).as_posix()
    except ValueError:
        return finding_file
