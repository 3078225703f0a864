"""The safe-write helper and the forgiving record reader (`peace_talks_model.io`): files written whole or not at
all with the permissions `open(path, "w")` would give, and every problem of the inputs found, not the first."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from peace_talks_model.errors import ExitStatus, InputError
from peace_talks_model.io import (
    InvalidRecordsError,
    WriteError,
    atomic_text,
    read_records,
    write_bytes,
    write_csv,
    write_jsonl,
    write_text,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


WRITERS: dict[str, Callable[[Path], object]] = {
    "write_bytes": lambda path: write_bytes(path, b"x"),
    "write_text": lambda path: write_text(path, "x"),
    "write_jsonl": lambda path: write_jsonl(path, [{"a": 1}]),
    "write_csv": lambda path: write_csv(path, ["a"], [{"a": "1"}]),
}


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mask", [0o022, 0o077])
@pytest.mark.parametrize("writer", ["write_bytes", "write_text", "write_jsonl", "write_csv"])
def test_a_new_file_gets_the_umask_permissions(tmp_path: Path, mask: int, writer: str) -> None:
    os.umask(mask)
    target = tmp_path / "out.txt"
    WRITERS[writer](target)
    assert _mode(target) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_atomic_text_gives_a_new_file_the_umask_permissions(tmp_path: Path, mask: int) -> None:
    os.umask(mask)
    target = tmp_path / "page.html"
    with atomic_text(target) as out:
        out.write("<p>")
    assert _mode(target) == 0o666 & ~mask
    assert target.read_text(encoding="utf-8") == "<p>"


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_replacing_a_file_keeps_its_mode(tmp_path: Path, mask: int) -> None:
    os.umask(mask)
    target = tmp_path / "records.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_text(target, "new\n")
    assert _mode(target) == 0o640
    assert target.read_text(encoding="utf-8") == "new\n"
    with atomic_text(target) as out:
        out.write("newer\n")
    assert _mode(target) == 0o640


def test_a_failing_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def interrupted() -> None:
        with atomic_text(target) as out:
            out.write("half")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_an_unwritable_target_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(WriteError) as caught:
        write_text(tmp_path / "file" / "out.txt", "x")
    assert isinstance(caught.value, OSError)
    assert isinstance(caught.value, InputError)
    assert caught.value.exit_status is ExitStatus.INPUT
    directory = tmp_path / "a-directory"
    directory.mkdir()
    with pytest.raises(WriteError):
        write_text(directory, "x")
    assert directory.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-directory", "file"]


# -- reading ----------------------------------------------------------------------------------------------------

VALID = ROOT / "examples" / "valid" / "common"


def test_read_records_reads_the_valid_records_again_and_again() -> None:
    result = read_records([VALID])
    assert result.ok
    first = [r.id for r in result.records]
    assert first
    assert [r.id for r in result.records] == first
    assert result.check() is result


def test_read_records_finds_every_problem_and_keeps_the_valid_records(tmp_path: Path) -> None:
    actor = {"record_type": "actor", "id": "actor:a", "schema_version": "1.0", "name": "A", "kind": "person"}
    lines = [actor, {**actor, "id": "Not An Id"}, {**actor, "id": "actor:b"}, {**actor, "kind": "planet"}]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = read_records([bad, broken])
    assert not result.ok
    assert [r.id for r in result.records] == ["actor:a", "actor:b"]
    assert [(p.file, p.line) for p in result.problems] == [(str(bad), 2), (str(bad), 4), (str(broken), 1)]
    assert all(p.code.startswith("PT") and p.message for p in result.problems)
    with pytest.raises(InvalidRecordsError) as caught:
        result.check()
    error = caught.value
    assert str(error).startswith(f"{bad}:2: not a valid record (id: ")
    assert str(error).endswith("; 3 problems in all")
    assert len(error.problems) == 3
    assert error.details[0].startswith(f"{bad}:2:")  # as `validate` reports it
    assert " error PT" in error.details[0]
    assert error.exit_status is ExitStatus.INVALID


def test_a_missing_input_is_a_problem(tmp_path: Path) -> None:
    result = read_records([tmp_path / "missing.json"])
    assert [p.message for p in result.problems] == ["no such file or directory"]
    assert list(result.records) == []
