"""The worked examples hold together as one dataset: ids are unique across all process folders (an entity shared
by two processes, such as a state, lives once, in `common/`), every reference resolves, and every evidence quote
sits exactly at its offsets in the stored source text. `minimal/` holds standalone illustrations and is left out,
except that its ids may not collide with the dataset's."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peace_talks_model.models.ids import RECORD_TYPES, id_pattern
from tests.conftest import EXAMPLES, example_files

REF = re.compile(id_pattern(*RECORD_TYPES))
MINIMAL = EXAMPLES / "minimal"
FOLDERS = sorted({p.parent for p in example_files("valid")} - {MINIMAL})


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


def test_ids_unique_across_the_dataset() -> None:
    ids = [r["id"] for folder in [*FOLDERS, MINIMAL] for r in _records(folder)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("folder", [*FOLDERS, MINIMAL], ids=lambda p: p.name)
def test_references_resolve(folder: Path) -> None:
    known = {r["id"] for f in [*FOLDERS, MINIMAL] for r in _records(f)}
    ignored = ("id", "quote", "text", "statement", "description", "notes")
    dangling = sorted(
        {
            value
            for r in _records(folder)
            for key, value in _strings(r)
            if key not in ignored and REF.match(value) and value not in known
        }
    )
    assert not dangling, f"references from {folder.name} to records that exist nowhere: {dangling}"


def _texts() -> dict[str, str]:
    return {
        r["id"]: (folder / r["text_path"]).read_text(encoding="utf-8")
        for folder in FOLDERS
        for r in _records(folder)
        if r["record_type"] == "source" and "text_path" in r
    }


TEXTS = _texts()


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_quotes_sit_at_their_offsets(folder: Path) -> None:
    records = _records(folder)
    texts = TEXTS
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
    if any(r["record_type"] == "source" and "text_path" in r for r in records):
        assert checked > 0
