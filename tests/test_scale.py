"""Streaming, parallel and partitioned validation give the same report as one plain run."""

from __future__ import annotations

import importlib.util
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peace_talks_model import loader, validate_paths
from peace_talks_model.cli import app
from peace_talks_model.loader import LoadedRecord, LoadProblem, load_file, parse_record
from peace_talks_model.rules import RULE_NAMES as ALL_RULES
from peace_talks_model.validation import Options, combine, validate_partition
from tests.conftest import EXAMPLES, INVALID_EXAMPLE_ARGS

runner = CliRunner()


def _invoke(*args: str) -> tuple[int, Any]:
    result = runner.invoke(app, ["validate", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(
    "args",
    [
        (str(EXAMPLES / "valid"),),
        (str(EXAMPLES / "invalid"), *INVALID_EXAMPLE_ARGS),
        (str(EXAMPLES / "invalid"),),  # with the cross-record checks' findings on references
    ],
    ids=["valid", "invalid", "invalid-strict-refs"],
)
def test_jobs_give_the_same_report(args: tuple[str, ...]) -> None:
    one = _invoke(*args, "--jobs", "1")
    two = _invoke(*args, "--jobs", "2")
    assert one == two
    assert one[1]["summary"]["records"] > 50


def test_jobs_option_is_checked() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLES / "minimal"), "--jobs", "zero"])
    assert result.exit_code == 2
    assert "--jobs" in result.output or "number of processes" in result.output
    assert (
        runner.invoke(
            app, ["validate", str(EXAMPLES / "minimal"), "--jobs", "auto", "-q", "--allow-external-refs"]
        ).exit_code
        == 0
    )


def test_partitions_combine_into_the_report_of_one_run() -> None:
    files = sorted((EXAMPLES / "valid").rglob("*.json"))
    options = Options()
    # one partition per file, as a Dask bag of file names would make them, then a few files per partition
    for size in (1, 3):
        partials = [validate_partition(files[i : i + size], options) for i in range(0, len(files), size)]
        assert combine(partials, options) == validate_paths(files, options)


def test_partitions_find_references_and_duplicates_across_partitions(tmp_path: Path) -> None:
    source = {"record_type": "source", "id": "source:ap", "schema_version": "1.0", "title": "Talks"}
    actor = {
        "record_type": "actor",
        "id": "actor:x",
        "schema_version": "1.0",
        "name": "X",
        "kind": "person",
        "evidence": [{"source": "source:ap", "quote": "X"}],
    }
    first = tmp_path / "a.jsonl"
    second = tmp_path / "b.jsonl"
    first.write_text(json.dumps(source) + "\n", encoding="utf-8")
    second.write_text(
        json.dumps(actor) + "\n" + json.dumps({**actor, "evidence": [{"source": "source:apx", "quote": "X"}]}) + "\n",
        encoding="utf-8",
    )
    whole = validate_paths([first, second])
    parts = combine([validate_partition([first]), validate_partition([second])])
    assert parts == whole
    codes = sorted(f.rule for f in whole.findings)
    assert "ids_unique" in codes
    assert "reference_resolves" in codes  # source:apx, with a did-you-mean across partitions
    assert any(f.suggestion == "source:ap" for f in whole.findings)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(json_values, max_size=6), st.sampled_from([None, 2, "\t", 0]), st.integers(1, 7))
def test_streamed_array_matches_a_whole_parse(
    tmp_path_factory: pytest.TempPathFactory, items: list[Any], indent: int | str | None, chunk: int
) -> None:
    # a tiny read size makes every element cross chunk boundaries
    path = tmp_path_factory.mktemp("arrays") / "records.json"
    text = json.dumps(items, indent=indent, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    original = loader.CHUNK
    loader.CHUNK = chunk
    try:
        read = list(load_file(path))
    finally:
        loader.CHUNK = original
    assert all(isinstance(r, LoadedRecord) for r in read)
    records = [r for r in read if isinstance(r, LoadedRecord)]
    assert [parse_record(r) for r in records] == items
    lines = text.split("\n")
    for record in records:
        # the element's text starts at its line and column in the file
        assert record.line is not None
        start = sum(len(line) + 1 for line in lines[: record.line - 1]) + record.column - 1
        assert text[start : start + len(record.source())] == record.source()
        assert record.pointer == f"/{record.index}"


@pytest.mark.parametrize(
    ("content", "message", "line", "column"),
    [
        (b'[{"a": 1},\n {"a": 2},]', "trailing comma", 2, 10),
        (b'[{"a": 1}\n {"a": 2}]', "expected ',' or ']'", 2, 2),
        (b'[{"a": 1},\n {"a": 2}', "not closed", 2, 10),
        (b'[{"a": 1}] []', "extra data", 1, 12),
        (b'[{"a": 1},\n {"a": "\xff"}]', "not UTF-8", 2, 9),
    ],
)
def test_streamed_array_problems_keep_the_records_before_them(
    tmp_path: Path, content: bytes, message: str, line: int, column: int
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    read = list(load_file(path))
    problems = [r for r in read if isinstance(r, LoadProblem)]
    assert len(problems) == 1
    assert message in problems[0].message
    assert (problems[0].line, problems[0].column) == (line, column)
    if "UTF-8" not in message:
        assert next(parse_record(r) for r in read if isinstance(r, LoadedRecord)) == {"a": 1}


def test_numbers_beyond_a_double_are_reported_not_read_as_infinity(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    record = {"record_type": "claim", "id": "claim:x", "schema_version": "1.0"}
    path.write_text(json.dumps(record)[:-1] + ', "confidence": {"level": "high", "score": 1e400}}\n', encoding="utf-8")
    report = validate_paths([path])
    assert [f.rule for f in report.findings] == ["number_out_of_range"]
    assert "beyond the range" in report.findings[0].message
    assert report.exit_code == 3


def _dask_example() -> Any:
    spec = importlib.util.spec_from_file_location("validate_dask", EXAMPLES / "scale" / "validate_dask.py")
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    return example


def _jsonl_directory(directory: Path) -> Path:
    """A JSONL directory: the Afghan example records, one file per record type, and one broken line."""
    for path in sorted((EXAMPLES / "valid" / "afghanistan-2019-2020").glob("*.json")):
        records = json.loads(path.read_text(encoding="utf-8"))
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        (directory / f"{path.stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (directory / "actors.jsonl").open("a", encoding="utf-8") as out:
        out.write('{"record_type": "actor", "id": "actor:broken",\n')
    return directory


def test_dask_example_gives_the_report_of_one_run(tmp_path: Path) -> None:
    pytest.importorskip("dask")
    example = _dask_example()
    directory = _jsonl_directory(tmp_path)
    options = Options(allow_external_refs=False)
    report = example.validate_directory(directory, options, workers=2)
    assert report == validate_paths([directory], options)
    assert report.records > 100
    assert any(f.rule == "json_syntax" for f in report.findings)
    assert example.main([str(directory), "--format", "json"]) == report.exit_code


def test_dask_example_on_a_local_cluster_gives_the_report_of_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("dask.distributed")
    example = _dask_example()
    directory = _jsonl_directory(tmp_path)
    # the JSON report, byte for byte, of a LocalCluster of two worker processes and of the CLI
    status = example.main([str(directory), "--format", "json", "--cluster", "local", "--workers", "2"])
    printed = capsys.readouterr().out
    result = runner.invoke(app, ["validate", "--format", "json", str(directory)])
    assert (status, printed) == (result.exit_code, result.stdout)
    assert '"json_syntax"' in printed


@pytest.mark.parametrize("rule", sorted(ALL_RULES))
def test_a_run_limited_to_one_rule_finds_what_the_full_run_finds(rule: str) -> None:
    # rules left out of a run are not computed at all (their facts are not even gathered): what remains must be
    # exactly the full run's findings of the rule kept
    inputs = [EXAMPLES / "invalid", Path(__file__).parent / "error_quality"]
    full = validate_paths(inputs, Options())
    only = validate_paths(inputs, Options(select=frozenset({rule})))
    assert only.findings == [f for f in full.findings if f.rule == rule]
    assert only.findings, f"the examples exercise {rule}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_read_once(tmp_path: Path) -> None:
    # the cross-record checks read reported records again: a pipe cannot be, so it is kept in memory
    fifo = tmp_path / "records.jsonl"
    os.mkfifo(fifo)
    source = {"record_type": "source", "id": "source:ap", "schema_version": "1.0", "title": "Talks"}
    lines = (json.dumps(source) + "\n") * 2  # a duplicate id: its finding needs the record again

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as out:
            out.write(lines)

    writer = threading.Thread(target=write)
    writer.start()
    report = validate_paths([fifo])
    writer.join(timeout=10)
    assert [(f.rule, f.line) for f in report.findings] == [("ids_unique", 2)]
