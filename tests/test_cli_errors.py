"""The command line's one exit-status contract: every command, made to fail inside the library, exits 4 with one line
on stderr and no traceback (the traceback only with --debug); the library's errors map to their exit statuses; no
command writes an exit status as a number."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.errors import ExitStatus, InputError, InternalError, InvalidRecords, UsageError
from peace_talks_model.report import EXIT_INPUT, EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from tests.conftest import ROOT

runner = CliRunner()
VALID = ROOT / "examples" / "valid" / "common"
SCHEMA = ROOT / "schemas" / "record.schema.json"


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command of the app, as the words that call it (groups walked)."""
    children = getattr(command, "commands", None)
    if children is None:
        yield path
        return
    for name, child in children.items():
        yield from _commands(child, (*path, name))


COMMANDS = sorted(_commands(typer.main.get_command(app)))


def _table(tmp: Path) -> Path:
    table = tmp / "table.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    return table


#: For every command: the library function it calls (module, name) and its arguments.
CASES: dict[tuple[str, ...], tuple[str, str, Callable[[Path], list[str]]]] = {
    ("validate",): ("peace_talks_model.validation", "validate_paths", lambda t: [str(VALID)]),
    ("explain",): ("peace_talks_model.codes", "lookup", lambda t: ["PT112"]),
    ("example",): ("peace_talks_model.starters", "starter_set", lambda t: ["actor"]),
    ("prompt",): ("peace_talks_model.prompt_kit", "field_guide", lambda t: ["actor"]),
    ("fix",): ("peace_talks_model.fix", "run_fix", lambda t: [str(VALID)]),
    ("timeline",): ("peace_talks_model.timeline", "write_timeline", lambda t: [str(VALID), "--out", str(t / "t.html")]),
    ("schema", "export"): ("peace_talks_model.schema_export", "schema_profile", lambda t: ["--out", str(t)]),
    ("schema", "release"): ("peace_talks_model.schema_export", "release", lambda t: ["--out", str(t)]),
    ("schema", "diff"): ("peace_talks_model.schema_diff", "diff_schemas", lambda t: [str(SCHEMA), str(SCHEMA)]),
    ("schema", "show"): ("peace_talks_model.schema_export", "schema_of", lambda t: []),
    ("docs", "build"): ("peace_talks_model.docs_gen", "write_pages", lambda t: ["--out", str(t / "reference")]),
    ("import", "pax"): (
        "peace_talks_model.interop.pax",
        "import_pax_file",
        lambda t: [str(_table(t)), "--out", str(t / "o.jsonl")],
    ),
    ("import", "paax"): (
        "peace_talks_model.interop.paax",
        "import_paax_file",
        lambda t: [str(_table(t)), "--out", str(t / "o.jsonl")],
    ),
    ("import", "eth-prio-cf"): (
        "peace_talks_model.interop.eth_prio",
        "import_eth_prio_cf_file",
        lambda t: [str(_table(t)), "--out", str(t / "o.jsonl")],
    ),
    ("export", "pax"): (
        "peace_talks_model.interop.pax_export",
        "export_pax_files",
        lambda t: [str(VALID), "--out", str(t / "o.csv")],
    ),
    ("export", "eth-prio-cf"): (
        "peace_talks_model.interop.eth_prio",
        "export_eth_prio_cf_files",
        lambda t: [str(VALID), "--out", str(t / "o.csv")],
    ),
    ("export", "table"): (
        "peace_talks_model.interop.tables",
        "export_tables",
        lambda t: [str(VALID), "--out", str(t / "tables")],
    ),
    ("export", "acled"): (
        "peace_talks_model.interop.acled",
        "export_acled",
        lambda t: [str(VALID), "--out", str(t / "o.csv")],
    ),
    ("serve",): ("peace_talks_model.serve.app", "create_app", lambda t: [str(VALID)]),
    ("merge",): ("peace_talks_model.merge", "run_merge", lambda t: [str(VALID), str(VALID), "--out", str(t / "o")]),
}


class _Boom:
    """Raises RuntimeError whatever is done with it: called, or asked for an item."""

    def __call__(self, *args: object, **kwargs: object) -> Any:
        raise RuntimeError("boom\nsecond line of the message")

    def get(self, *args: object) -> Any:
        return self()


def test_every_command_is_covered() -> None:
    assert sorted(CASES) == COMMANDS, "a command was added or removed: give it a case in CASES"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_exception_inside_any_command_exits_4_with_one_line(
    command: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module, name, arguments = CASES[command]
    monkeypatch.setattr(f"{module}.{name}", _Boom())
    args = [*command, *arguments(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == ExitStatus.INTERNAL, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == (
        "peace-talks: internal error: RuntimeError: boom second line of the message "
        "(run with --debug for the traceback)"
    )
    assert "Traceback" not in result.output
    debug = runner.invoke(app, ["--debug", *args])
    assert debug.exit_code == ExitStatus.INTERNAL
    assert "Traceback" in debug.stderr
    assert debug.stderr.splitlines()[-1] == "peace-talks: internal error: RuntimeError: boom second line of the message"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (UsageError("the request does not fit"), 2),
        (InputError("cannot read x.json"), 3),
        (InvalidRecords("x.json:2: not a valid record"), 1),
        (InternalError("an invariant broke"), 4),
    ],
)
def test_library_errors_map_to_their_exit_status(
    error: Exception, status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("peace_talks_model.validation.validate_paths", fail)
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == status
    assert result.stderr == f"peace-talks: {error}\n"


def test_usage_errors_of_the_command_line_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(tmp_path), "--jobs", "none"]).exit_code == ExitStatus.USAGE
    assert runner.invoke(app, ["no-such-command"]).exit_code == ExitStatus.USAGE
    assert runner.invoke(app, ["export", "pax", str(tmp_path)]).exit_code == ExitStatus.USAGE  # --out missing
    assert runner.invoke(app, ["fix", str(tmp_path), "--write", "--dry-run"]).exit_code == ExitStatus.USAGE


def test_an_unreadable_input_or_unwritable_output_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "paax", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")])
    assert result.exit_code == ExitStatus.INPUT
    assert result.stderr.startswith(f"peace-talks: cannot import {tmp_path / 'missing.csv'}")
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["schema", "export", "--out", str(tmp_path / "file")])
    assert result.exit_code == ExitStatus.INPUT
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_an_invalid_input_lists_every_problem_then_one_line(tmp_path: Path) -> None:
    actor = '{"record_type": "actor", "id": "actor:a", "schema_version": "1.0", "name": "A", "kind": "person"}'
    bad = tmp_path / "bad.jsonl"
    bad.write_text(f"{actor}\n{actor.replace('actor:a', 'A')}\n{actor.replace('person', 'planet')}\n", "utf-8")
    result = runner.invoke(app, ["export", "table", str(bad), "--out", str(tmp_path / "tables")])
    assert result.exit_code == ExitStatus.INVALID
    lines = result.stderr.splitlines()
    assert [line.split(": error ")[0] for line in lines[:2]] == [f"{bad}:2:32", f"{bad}:3:89"]
    assert lines[2].startswith(f"peace-talks: nothing written: {bad}:2: not a valid record (id: ")
    assert lines[2].endswith("; 2 problems in all")
    assert len(lines) == 3


def test_the_exit_statuses_are_one_enum() -> None:
    assert [int(s) for s in ExitStatus] == [0, 1, 2, 3, 4, 141]
    assert tuple(ExitStatus)[:5] == (EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INPUT, EXIT_INTERNAL)


def test_no_command_writes_an_exit_status_as_a_number() -> None:
    sources = sorted((ROOT / "peace_talks_model" / "cli").glob("*.py"))
    assert sources
    literal = re.compile(r"Exit\(\s*\d|exit_code\s*=\s*\d|sys\.exit\(\s*\d")
    found = [
        f"{p.name}: {line.strip()}"
        for p in sources
        for line in p.read_text("utf-8").splitlines()
        if literal.search(line)
    ]
    assert found == []


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pipe")
@pytest.mark.parametrize("args", [["explain", "--list"], ["schema", "show"], ["prompt", "agreement"]])
def test_a_closed_output_pipe_ends_the_command_quietly(args: list[str]) -> None:
    """`peace-talks explain --list | head -3`: the reader goes away; no 'internal error', no traceback, status 141
    (what a shell reports for `cat` there). The pipe's reading end is closed before the command starts, so every
    write fails, whatever the timing."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "peace_talks_model", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == int(ExitStatus.PIPE_CLOSED)
    assert done.returncode == 141
    assert done.stderr == ""
