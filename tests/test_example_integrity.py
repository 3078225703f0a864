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


# -- the Afghan coverage table ---------------------------------------------------------------------------------

AFGHANISTAN = EXAMPLES / "valid" / "afghanistan-2019-2020"
_CELL_ID = re.compile(r"`(" + id_pattern(*RECORD_TYPES).strip("^$") + r")`")
_INDEXED_PATH = re.compile(r"`([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*)`")
_TYPED = re.compile(r"^(yes|partly: .+|not typed: .+)$")


def _coverage_tables() -> dict[str, list[list[str]]]:
    """The README's tables, by story ('seed-000'...): one [number, fact, record cell, typed] per row."""
    text = (AFGHANISTAN / "README.md").read_text(encoding="utf-8")
    tables: dict[str, list[list[str]]] = {}
    story = ""
    for line in text.splitlines():
        if heading := re.match(r"## (seed-00\d):", line):
            story = heading.group(1)
            tables[story] = []
        elif story and re.match(r"\| \d+ \|", line):
            tables[story].append(line[2:-2].split(" | ", 3))
    return tables


def _resolve(record: Any, path: str) -> bool:
    value = record
    for name, index in re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path):
        if not isinstance(value, dict) or name not in value:
            return False
        value = value[name]
        if index:
            if not isinstance(value, list) or int(index) >= len(value):
                return False
            value = value[int(index)]
    return True


def test_the_coverage_table_names_every_story_and_numbers_its_rows() -> None:
    tables = _coverage_tables()
    assert sorted(tables) == [f"seed-00{n}" for n in range(5)]
    for story, rows in tables.items():
        assert [int(row[0]) for row in rows] == list(range(1, len(rows) + 1)), story
        assert all(_TYPED.match(row[3]) for row in rows), [row[:2] for row in rows if not _TYPED.match(row[3])]


def test_the_coverage_table_points_at_records_and_fields_that_exist() -> None:
    """Every record id in the record column exists, every typed fact names one, and every indexed field path
    (`status_history[2]`, `provisions[0].commitments[1]`) resolves in the record named last before it."""
    records = {r["id"]: r for folder in FOLDERS for r in _records(folder)}
    missing: list[str] = []
    for story, rows in _coverage_tables().items():
        for number, _fact, cell, typed in rows:
            where = f"{story} row {number}"
            ids = _CELL_ID.findall(cell)
            if typed == "yes" and not ids:
                missing.append(f"{where}: no record id")
            current = None
            for token in re.finditer(_CELL_ID.pattern + "|" + _INDEXED_PATH.pattern, cell):
                if token.group(1):
                    current = records.get(token.group(1))
                    if current is None:
                        missing.append(f"{where}: no record {token.group(1)}")
                elif "[" in token.group(2) and current is not None and not _resolve(current, token.group(2)):
                    missing.append(f"{where}: {current['id']} has no {token.group(2)}")
    assert not missing, missing


def test_the_coverage_summary_counts_the_rows() -> None:
    text = (AFGHANISTAN / "README.md").read_text(encoding="utf-8")
    for story, rows in _coverage_tables().items():
        typed = sum(row[3] == "yes" for row in rows)
        partly = sum(row[3].startswith("partly") for row in rows)
        expected = f"| {story} | {len(rows)} | {typed} | {partly} | {len(rows) - typed - partly} |"
        assert expected in text, expected


#: "N records" in a process folder's README, and a row of its table of files: | `file.json` | N | ... |
_COUNT = re.compile(r"\b(\d+) records\b")
_ROW = re.compile(r"^\| `([^`]+\.json)` \| (\d+) \|", re.MULTILINE)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_readme_counts_the_records_its_folder_holds(folder: Path) -> None:
    """The counts a process folder's README gives (its record total, the records of each file in its table) are
    those of the files: they are kept by hand, and went stale before this test (Minsk said 83 for 85)."""
    readme = folder / "README.md"
    if not readme.exists():
        pytest.skip("no README")
    text = readme.read_text(encoding="utf-8")
    total = len(_records(folder))
    first = _COUNT.search(text.split("\n## ", 1)[0])
    if first is not None:
        # the folder's own records; a README may also count a shared record from common/ beside them
        assert int(first.group(1)) == total, f"{readme}: says {first.group(0)}, the folder holds {total}"
    rows = _ROW.findall(text)
    for name, count in rows:
        assert int(count) == len(_records_of(folder / name)), (
            f"{readme}: {name} holds {len(_records_of(folder / name))}"
        )
    if rows:
        assert sum(int(count) for _, count in rows) == total


def _records_of(path: Path) -> list[Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]
