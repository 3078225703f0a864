"""The progress display: fed by the library as the record stage advances, shown only on a terminal for large
inputs, and never part of what the report says."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.cli import PROGRESS_MIN_BYTES, app
from peace_talks_model.interop.eth_prio import import_eth_prio_cf_file
from peace_talks_model.interop.paax import import_paax_file
from peace_talks_model.interop.pax import import_pax_file
from peace_talks_model.validation import Options, input_size, validate_paths
from tests import test_import_eth_prio, test_import_paax, test_import_pax


def _big_file(path: Path, size: int) -> int:
    """Write valid actor records until the file holds `size` bytes; return how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < size:
            record = {
                "record_type": "actor",
                "id": f"actor:a-{count}",
                "schema_version": SCHEMA_VERSION,
                "name": f"Actor {count}",
                "kind": "person",
                "notes": "x" * 200,
            }
            out.write(json.dumps(record) + "\n")
            count += 1
    return count


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_library_reports_records_and_bytes_done_up_to_the_input_size(tmp_path: Path, jobs: int) -> None:
    big, small = tmp_path / "a.jsonl", tmp_path / "b.json"
    count = _big_file(big, 300_000)
    small.write_text(
        json.dumps(
            {"record_type": "actor", "id": "actor:b", "schema_version": SCHEMA_VERSION, "name": "B", "kind": "person"}
        ),
        encoding="utf-8",
    )
    ticks: list[tuple[int, int]] = []
    report = validate_paths([tmp_path], Options(jobs=jobs, progress=lambda r, b: ticks.append((r, b))))
    assert report.records == count + 1
    assert len(ticks) > 2
    assert ticks == sorted(ticks), "records and bytes done only grow"
    assert ticks[-1] == (count + 1, input_size([tmp_path]))


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    _big_file(big, PROGRESS_MIN_BYTES + 1000)
    result = CliRunner().invoke(app, ["validate", str(big), "-q", "--ignore", "PT901"])
    assert result.exit_code == 0, result.output
    assert "validating" not in result.output


def _run_on_terminal(args: list[str]) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal; return its exit status and what reached the terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "peace_talks_model", *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "120"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", errors="replace")


def test_a_bar_with_records_and_rate_on_a_terminal_for_a_large_input(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    count = _big_file(big, PROGRESS_MIN_BYTES + 1000)
    status, seen = _run_on_terminal(["validate", str(big), "-q", "--ignore", "PT901"])
    assert status == 0
    assert "validating" in seen
    assert f"{count:,} records" in seen
    assert "/s" in seen


def test_no_bar_with_no_progress_or_for_a_small_input(tmp_path: Path) -> None:
    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    _big_file(big, PROGRESS_MIN_BYTES + 1000)
    _big_file(small, 10_000)
    for args in (["validate", str(big), "-q", "--no-progress"], ["validate", str(small), "-q"]):
        status, seen = _run_on_terminal([*args, "--ignore", "PT901"])
        assert status == 0
        assert "validating" not in seen


def _record_progress() -> tuple[list[tuple[int, int]], Any]:
    ticks: list[tuple[int, int]] = []
    return ticks, lambda rows, done: ticks.append((rows, done))


def test_importers_report_rows_and_bytes_up_to_the_table_size(tmp_path: Path) -> None:
    pax_rows = test_import_pax._rows() * 40  # more than one progress step
    cases: list[tuple[str, list[dict[str, str]], Any, int]] = [
        (test_import_pax._csv(pax_rows), pax_rows, import_pax_file, 1),
        (test_import_paax._csv(test_import_paax._rows()), test_import_paax._rows(), import_paax_file, 1),
        (test_import_eth_prio._csv(test_import_eth_prio.GOOD), test_import_eth_prio.GOOD, import_eth_prio_cf_file, 2),
    ]
    for number, (text, rows, importer, passes) in enumerate(cases):
        table = tmp_path / f"t{number}.csv"
        table.write_text(text, encoding="utf-8")
        ticks, callback = _record_progress()
        list(importer(table, progress=callback))
        assert ticks == sorted(ticks, key=lambda t: t[1]), "bytes done only grow"
        assert ticks[-1] == (len(rows), passes * table.stat().st_size), importer.__name__


def test_an_import_shows_a_bar_on_a_terminal_for_a_large_table(tmp_path: Path) -> None:
    rows = []
    for copy in range(1 + PROGRESS_MIN_BYTES // len(test_import_pax._csv(test_import_pax._rows()))):
        rows += [{**row, "AgtId": str(int(row["AgtId"]) + 100_000 * copy)} for row in test_import_pax._rows()]
    table = tmp_path / "pax.csv"
    table.write_text(test_import_pax._csv(rows), encoding="utf-8")
    status, seen = _run_on_terminal(["import", "pax", str(table), "--out", str(tmp_path / "out.jsonl")])
    assert status == 0
    assert "importing" in seen
    assert f"{len(rows):,} rows" in seen
    status, seen = _run_on_terminal(["import", "pax", str(table), "--out", str(tmp_path / "o.jsonl"), "--no-progress"])
    assert status == 0
    assert "importing" not in seen
