"""Hostile input (tests/hostile/corpus.py): every bad input gets a clear finding and the documented exit status,
never a traceback; the input is left as it was; the other inputs of the run are still validated; large inputs
stay within time and memory bounds."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.models.ids import ExternalId
from peace_talks_model.validation import Options
from tests.conftest import AJV, ajv_node
from tests.fuzz_validate import check as fuzz_check
from tests.fuzz_validate import mutate, seeds
from tests.hostile.corpus import CASES, GOOD, Case

runner = CliRunner()
SMALL = [c for c in CASES if not c.large]
LARGE = [c for c in CASES if c.large]
#: bounds for every case: peak memory of the process, and wall time
MAX_RSS_MB = 1024
MAX_SECONDS = 120


def _write(case: Case, folder: Path) -> Path:
    path = folder / case.file
    if callable(case.content):
        case.content(path)
    else:
        path.write_bytes(case.content)
    return path


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _good(folder: Path) -> Path:
    # a valid record with one warning (no evidence): the warning proves the file was read and validated
    good = folder / "good.jsonl"
    record = json.loads(GOOD.replace("actor:x", "actor:good"))
    del record["identifiers"]
    good.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return good


def _check(case: Case, report: dict[str, Any], exit_code: int, output: str, *, path: Path, good: Path) -> None:
    assert "Traceback" not in output, output[-2000:]
    assert exit_code == case.exit, (exit_code, output[-2000:])
    mine = [f for f in report["findings"] if f["file"] == str(path) and f["severity"] == "error"]
    if case.code is None:
        assert not mine, mine
    else:
        assert mine, f"no finding for {case.name}"
        assert mine[0]["code"] == case.code, mine[0]
        assert any(case.message in f["message"] for f in mine), [f["message"] for f in mine]
        assert mine[0]["line"] is None or mine[0]["line"] >= 1
    # the good file of the same run was still read and validated: its one warning, nothing else
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    assert len({c.file for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", SMALL, ids=lambda c: c.name)
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    path = _write(case, tmp_path)
    good = _good(tmp_path)
    before = _digest(path)
    result = runner.invoke(app, ["validate", str(path), str(good), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    _check(case, json.loads(result.stdout), result.exit_code, result.output, path=path, good=good)
    assert _digest(path) == before, "the input was changed"


@pytest.mark.parametrize("case", LARGE, ids=lambda c: c.name)
def test_large_hostile_input_is_bounded(case: Case, tmp_path: Path) -> None:
    path = _write(case, tmp_path)
    good = _good(tmp_path)
    before = _digest(path)
    cli = Path(sys.executable).parent / "peace-talks"
    wrapper = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode); "
        "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, str(cli), "validate", str(path), str(good), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=MAX_SECONDS * 2,
    )
    seconds = time.perf_counter() - start
    first, _, rest = done.stdout.partition("\n")
    rss_kb, exit_code = (int(v) for v in first.split())
    _check(case, json.loads(rest), exit_code, rest + done.stderr, path=path, good=good)
    assert rss_kb / 1024 < MAX_RSS_MB, f"{case.name}: peak RSS {rss_kb / 1024:.0f} MB"
    assert seconds < MAX_SECONDS, f"{case.name}: {seconds:.0f} s"
    assert _digest(path) == before, "the input was changed"


# -- paths and standard input ---------------------------------------------------------------------------------


def test_missing_path_is_an_input_failure(tmp_path: Path) -> None:
    good = _good(tmp_path)
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.json"), str(good), "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 3
    assert [(f["code"], f["message"]) for f in report["findings"] if "nope" in f["file"]] == [
        ("PT100", "no such file or directory")
    ]
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]


def test_directory_with_a_symlink_loop_is_searched_once(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a", target_is_directory=True)
    good = _good(tmp_path / "a")
    start = time.perf_counter()
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert time.perf_counter() - start < 20
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["summary"]["files"] == 1
    assert [f["file"] for f in report["findings"]] == [str(good)]


def test_unreadable_file_is_an_input_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (a permission bit is no test when the tests run as root: the open itself is made to fail)
    locked = tmp_path / "locked.json"
    locked.write_text(GOOD, encoding="utf-8")
    good = _good(tmp_path)
    real_open = Path.open

    def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "locked.json":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    result = runner.invoke(app, ["validate", str(locked), str(good), "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 3
    assert [(f["code"], f["message"]) for f in report["findings"] if f["file"] == str(locked)] == [
        ("PT100", "cannot read the file: Permission denied")
    ]
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]


def test_empty_standard_input() -> None:
    result = runner.invoke(app, ["validate", "-", "--format", "json"], input="")
    assert result.exit_code == 3
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["PT104"]


def test_closed_standard_input() -> None:
    cli = Path(sys.executable).parent / "peace-talks"
    done = subprocess.run(["/bin/sh", "-c", f"'{cli}' validate - <&-"], capture_output=True, text=True, check=False)
    assert done.returncode == 3
    assert "cannot read standard input" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# -- fuzzing ----------------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, True, False]))
def test_arbitrary_bytes_give_findings_not_exceptions(data: bytes, jsonl: bool | None) -> None:
    fuzz_check(data, jsonl, Options())


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 4))
def test_mutated_records_give_findings_not_exceptions(rng: random.Random, rounds: int) -> None:
    corpus = _SEEDS
    data = rng.choice(corpus)
    for _ in range(rounds):
        data = mutate(rng, data, corpus)
    fuzz_check(data, rng.choice([None, True, False]), Options())


_SEEDS = seeds()


# -- safe writes ------------------------------------------------------------------------------------------------


def test_a_failing_schema_export_leaves_the_old_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "export", "--out", str(out)]).exit_code == 0
    target = out / "record.schema.json"
    target.write_text('{"old": true}', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_fdopen = os.fdopen

    class Failing:
        """A file that takes half of what is written, then fails (a full disk, a kill)."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r": Failing(real_fdopen(fd, mode)))
    result = runner.invoke(app, ["schema", "export", "--out", str(out)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing changed, no temporary left


# -- JavaScript consumers -------------------------------------------------------------------------------------


def test_proto_and_constructor_keys_are_rejected_by_ajv_and_pollute_nothing(tmp_path: Path) -> None:
    node = ajv_node()
    documents = []
    for case in CASES:
        if case.name in ("proto-key", "constructor-key") and isinstance(case.content, bytes):
            documents.append(tmp_path / case.file)
            documents[-1].write_bytes(case.content)
    good = tmp_path / "good.json"
    good.write_text(GOOD, encoding="utf-8")
    schemas = Path(__file__).parent.parent / "schemas"
    done = subprocess.run(  # the arguments are ours
        [node, str(AJV / "check.mjs"), str(schemas), str(good), *map(str, documents)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["verdicts"] == {str(good): True, **{str(d): False for d in documents}}
    assert result["polluted"] is False


def test_an_external_id_with_a_trailing_newline_is_rejected_as_the_schema_rejects_it() -> None:
    # Python's '$' also matches before a final newline; JSON Schema's (ECMA-262) does not: the model agrees with
    # the published schema (found by the PAA-X importer's review)
    with pytest.raises(pydantic.ValidationError):
        ExternalId(scheme="acled_actor", value="Taliban\n")
    assert ExternalId(scheme="acled_actor", value="Taliban").value == "Taliban"
