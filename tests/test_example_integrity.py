"""The worked examples hold together: every reference resolves inside its folder, ids are unique, and every
evidence quote sits exactly at its offsets in the stored source text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peace_talks_model.models.common import RECORD_TYPES, id_pattern
from tests.conftest import EXAMPLES, example_files

REF = re.compile(id_pattern(*RECORD_TYPES))
FOLDERS = sorted({p.parent for p in example_files("valid")} - {EXAMPLES / "valid" / "minimal"})


def _records(folder: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        records.extend(data if isinstance(data, list) else [data])
    return records


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


def _evidence(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "source" in value and "quote" in value:
            yield value
        for v in value.values():
            yield from _evidence(v)
    elif isinstance(value, list):
        for v in value:
            yield from _evidence(v)


def test_there_are_example_folders() -> None:
    assert len(FOLDERS) >= 4


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_ids_unique_and_references_resolve(folder: Path) -> None:
    records = _records(folder)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    known = set(ids)
    dangling = sorted(
        {
            value
            for r in records
            for key, value in _strings(r)
            if key not in ("id", "quote", "text", "statement", "description", "notes")
            and REF.match(value)
            and value not in known
        }
    )
    assert not dangling, f"references to records not in {folder.name}: {dangling}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_quotes_sit_at_their_offsets(folder: Path) -> None:
    records = _records(folder)
    texts = {
        r["id"]: (folder / r["text_path"]).read_text(encoding="utf-8")
        for r in records
        if r["record_type"] == "source" and "text_path" in r
    }
    checked = 0
    problems = []
    for record in records:
        for evidence in _evidence(record):
            text = texts.get(evidence["source"])
            if text is None:
                continue
            quote = evidence["quote"]
            if "start" in evidence:
                if text[evidence["start"] : evidence["end"]] != quote:
                    problems.append(f"{record['id']}: offsets {evidence['start']}-{evidence['end']} miss {quote!r}")
            elif quote not in text:
                problems.append(f"{record['id']}: quote not in the text: {quote!r}")
            checked += 1
    assert not problems, "\n".join(problems[:20])
    if texts:
        assert checked > 0
