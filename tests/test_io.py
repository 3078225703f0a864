"""The safe-write helper and the forgiving record reader (`peace_talks_model.io`): files written whole or not at
all with the permissions `open(path, "w")` would give, and every problem of the inputs found, not the first;
every command that writes, under umask 022 and 077: new files get `0666 & ~umask`, replaced files keep their mode,
`fix --write` keeps the file's mode and gives it to the backup."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from peace_talks_model.cli import app
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
from tests.test_import_paax import USA as PAAX_USA
from tests.test_import_paax import _csv as paax_csv

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


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() != 0, reason="only the superuser gives files away")
def test_replacing_a_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    target.write_text("old\n", encoding="utf-8")
    os.chown(target, 12345, 12346)
    target.chmod(0o664)
    write_text(target, "new\n")
    with atomic_text(target) as out:
        out.write("newer\n")
    done = target.stat()
    assert (done.st_uid, done.st_gid, _mode(target)) == (12345, 12346, 0o664)
    assert target.read_text(encoding="utf-8") == "newer\n"


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


# -- every command that writes ----------------------------------------------------------------------------------

runner = CliRunner()
EXAMPLES = ROOT / "examples"
INVALID_ACTOR = EXAMPLES / "invalid" / "actor" / "name-typo-nmae.json"


def _prepare_tables(inputs: Path) -> None:
    """The tables the imports read: a PA-X and an ETH/PRIO table exported from the examples, a PAA-X table."""
    inputs.mkdir()
    valid = str(EXAMPLES / "valid")
    runner.invoke(app, ["export", "pax", valid, "--out", str(inputs / "pax.csv")])  # exit 1: values not written
    runner.invoke(app, ["export", "eth-prio-cf", valid, "--synthetic-cf-ids", "1", "--out", str(inputs / "cf.csv")])
    assert (inputs / "pax.csv").is_file()
    assert (inputs / "cf.csv").is_file()
    (inputs / "paax.csv").write_text(paax_csv([PAAX_USA]), encoding="utf-8")


#: Every command that writes a file: its arguments (given the test's folder) and the files it writes there.
WRITING: dict[tuple[str, ...], tuple[Callable[[Path], list[str]], tuple[str, ...]]] = {
    ("import", "pax"): (lambda t: [str(t / "in" / "pax.csv"), "--out", str(t / "o.jsonl")], ("o.jsonl",)),
    ("import", "paax"): (lambda t: [str(t / "in" / "paax.csv"), "--out", str(t / "o.jsonl")], ("o.jsonl",)),
    ("import", "eth-prio-cf"): (lambda t: [str(t / "in" / "cf.csv"), "--out", str(t / "o.jsonl")], ("o.jsonl",)),
    ("export", "pax"): (lambda t: [str(EXAMPLES / "valid"), "--out", str(t / "o.csv")], ("o.csv",)),
    ("export", "eth-prio-cf"): (
        lambda t: [str(EXAMPLES / "valid"), "--synthetic-cf-ids", "1", "--out", str(t / "o.csv")],
        ("o.csv",),
    ),
    ("export", "acled"): (lambda t: [str(EXAMPLES / "valid"), "--out", str(t / "o.csv")], ("o.csv",)),
    ("export", "table"): (lambda t: [str(EXAMPLES / "valid" / "common"), "--out", str(t / "tables")], ("tables",)),
    ("timeline",): (lambda t: [str(EXAMPLES / "valid" / "shalit-2011"), "--out", str(t / "t.html")], ("t.html",)),
    ("schema", "export"): (lambda t: ["--out", str(t / "schemas")], ("schemas",)),
    ("schema", "export", "--profile", "llm"): (lambda t: ["--out", str(t / "llm")], ("llm",)),
    ("schema", "release"): (lambda t: ["--out", str(t / "schemas")], ("schemas",)),
    ("validate",): (
        lambda t: [
            str(EXAMPLES / "valid" / "common"),
            str(INVALID_ACTOR),
            "--allow-external-refs",
            "--emit-valid",
            str(t / "good.jsonl"),
            "--emit-invalid",
            str(t / "retry.jsonl"),
        ],
        ("good.jsonl", "retry.jsonl"),
    ),
    ("docs", "build"): (lambda t: ["--out", str(t / "docs" / "reference")], ("docs",)),
    ("merge",): (
        lambda t: [
            str(EXAMPLES / "extraction" / "tiers" / "negotiation.core.json"),
            str(EXAMPLES / "extraction" / "tiers" / "negotiation.enrichment-1.json"),
            "--core",
            str(EXAMPLES / "extraction" / "tiers" / "actor.core.json"),
            "--core",
            str(EXAMPLES / "extraction" / "tiers" / "source.core.json"),
            "--out",
            str(t / "merged.jsonl"),
        ],
        ("merged.jsonl",),
    ),
}


def _files(tmp: Path, outputs: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for name in outputs:
        path = tmp / name
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return found


def _run(command: tuple[str, ...], tmp: Path) -> None:
    arguments, _ = WRITING[command]
    result = runner.invoke(app, [*command, *arguments(tmp)])
    assert result.exit_code in (0, 1), result.output  # 1: invalid records found (validate), values not exported
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mask", [0o022, 0o077], ids=lambda m: f"umask {m:03o}")
@pytest.mark.parametrize("command", list(WRITING), ids=" ".join)
def test_every_writing_command_follows_the_umask_and_keeps_a_replaced_files_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mask: int, command: tuple[str, ...]
) -> None:
    if command[0] == "import":
        _prepare_tables(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    os.umask(mask)
    _run(command, tmp_path)
    written = _files(tmp_path, WRITING[command][1])
    assert written
    assert {p.name: _mode(p) for p in written} == {p.name: 0o666 & ~mask for p in written}
    folders = {p.parent for p in written} - {tmp_path}
    assert {str(d): _mode(d) for d in folders} == {str(d): 0o777 & ~mask for d in folders}
    if command == ("schema", "release"):
        return  # a release is never written again
    # written again over files whose mode the user changed (and whose content is stale): the mode is kept
    stale = {}
    for path in written:
        path.chmod(0o640)
        if path.name != "tables.json":  # the export's own dictionary, which says the folder is an export
            path.write_bytes(path.read_bytes() + b"\n")
            stale[path] = path.read_bytes()
    _run(command, tmp_path)
    assert all(path.read_bytes() != text for path, text in stale.items())  # really written again
    assert {p.name: _mode(p) for p in written} == {p.name: 0o640 for p in written}


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_fix_write_keeps_the_files_mode_and_gives_it_to_the_backup(tmp_path: Path, mask: int) -> None:
    target = tmp_path / "r.json"
    record = json.loads((EXAMPLES / "minimal" / "actor.json").read_text(encoding="utf-8"))
    target.write_text(json.dumps({**record, "kind": "Person"}), encoding="utf-8")
    target.chmod(0o664)
    os.umask(mask)
    result = runner.invoke(app, ["fix", str(target), "--write"])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["kind"] == "person"
    assert {p.name: _mode(p) for p in tmp_path.iterdir()} == {"r.json": 0o664, "r.json.bak": 0o664}
    target.chmod(0o600)  # a private file's backup is private too
    target.write_text(json.dumps({**record, "kind": "PERSON"}), encoding="utf-8")
    assert runner.invoke(app, ["fix", str(target), "--write"]).exit_code == 0
    assert {p.name: _mode(p) for p in tmp_path.iterdir()} == {
        "r.json": 0o600,
        "r.json.bak": 0o664,
        "r.json.bak.1": 0o600,
    }


def _writing_commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    children = getattr(command, "commands", None)
    if children is not None:
        for name, child in children.items():
            yield from _writing_commands(child, (*path, name))
    elif any(p.name in {"out", "emit_valid", "emit_invalid", "write"} for p in command.params):
        yield path


def test_every_command_that_writes_is_tested() -> None:
    tested = {c[: c.index("--profile")] if "--profile" in c else c for c in WRITING} | {("fix",)}
    assert set(_writing_commands(typer.main.get_command(app))) == tested
