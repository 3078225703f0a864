"""What every command of `peace-talks` shares: the one error wrapper (`GuardedGroup`: a library error -> its exit
status and a one-line message, any other exception -> exit 4, the traceback only with --debug), `fail`, the
option parsers (codes, --jobs, --color, --profile), the exit-status help text and the progress bar.

The library is imported inside the commands, so that `--help` and `--version` stay fast.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from peace_talks_model.errors import ExitStatus, PeaceTalksError

if TYPE_CHECKING:  # the context class Typer's groups are invoked with (typer.Context derives from it)
    from typer._click.core import Context

#: The program's name, the prefix of its messages.
PROG = "peace-talks"

#: Where a command's own --debug flag is noted (`Context.meta` is shared by every nested context).
DEBUG_META = "peace_talks_model.debug"

EXIT_HELP = """
Exit status: 0 every record is valid (warnings allowed unless --strict); 1 at least one record is invalid;
2 usage error; 3 an input could not be read or parsed (the --texts directory too), or a split file could not be
written; 4 internal error; 141 the output's reader went away (| head).
"""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def report_error(exc: PeaceTalksError) -> None:
    """Print a library error on stderr: the lines that say more (`details`), then `peace-talks: <message>`."""
    for line in exc.details:
        typer.echo(line, err=True)
    typer.echo(f"{PROG}: {_one_line(str(exc))}", err=True)


def fail(message: str, status: ExitStatus, details: Sequence[str] = ()) -> NoReturn:
    """End the command with `status` after printing `details` and `message` (one line) on stderr."""
    for line in details:
        typer.echo(line, err=True)
    typer.echo(message, err=True)
    raise typer.Exit(status)


class GuardedGroup(TyperGroup):
    """The root command group: every command runs inside its `invoke`, so that every library error ends the run
    with its own exit status and every other exception with `ExitStatus.INTERNAL`, as one line on stderr."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):
            raise  # Typer's own: an exit status given, or a usage error (2)
        except BrokenPipeError:  # the reader of the output went away (`| head`): stop quietly
            _silence_stdout()
            raise typer.Exit(ExitStatus.PIPE_CLOSED) from None
        except PeaceTalksError as exc:
            if _debug(ctx):
                traceback.print_exc()
            report_error(exc)
            raise typer.Exit(exc.exit_status) from None
        except Exception as exc:
            debug = _debug(ctx)
            if debug:
                traceback.print_exc()
            hint = "" if debug else " (run with --debug for the traceback)"
            message = f"{PROG}: internal error: {type(exc).__name__}: {_one_line(str(exc))}{hint}"
            typer.echo(message, err=True)
            raise typer.Exit(ExitStatus.INTERNAL) from None


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit does not fail again on the closed
    pipe (the recipe of the Python documentation for SIGPIPE)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):  # an output without a file descriptor (a test runner's): nothing to flush there
        pass


def _debug(ctx: Context) -> bool:
    return bool(ctx.params.get("debug") or ctx.meta.get(DEBUG_META))


# -- options ----------------------------------------------------------------------------------------------------


class Profile(StrEnum):
    """How the input records are written: the record format, or the LLM profile (normalised first)."""

    default = "default"
    llm = "llm"


class Color(StrEnum):
    """When to colour text output."""

    auto = "auto"
    always = "always"
    never = "never"


def parse_codes(values: list[str]) -> frozenset[str]:
    """The codes of --select/--ignore values (codes or names, comma-separated); a usage error for an unknown one."""
    from peace_talks_model.codes import lookup

    out = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()  # noqa: PLW2901
            if not part:
                continue
            code = lookup(part)
            if code is None:
                raise typer.BadParameter(f"unknown code '{part}' (see: peace-talks explain --list)")
            out.add(code.code)
    return frozenset(out)


def parse_jobs(value: str) -> int:
    """The number of worker processes of --jobs (a number, or 'auto': one per core)."""
    if value == "auto":
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if not value.isdigit() or int(value) < 1:
        raise typer.BadParameter(f"expected a number of processes (1 or more) or 'auto', got '{value}'")
    return int(value)


def use_color(choice: Color) -> bool:
    """Whether to colour: always, never (or NO_COLOR set), or when stdout is a terminal."""
    if choice is Color.always:
        return True
    if choice is Color.never or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


# -- the progress bar -------------------------------------------------------------------------------------------

#: Inputs smaller than this get no progress bar (they take a second or two).
PROGRESS_MIN_BYTES = 4 << 20


@contextmanager
def progress_bar(what: str, total: int, unit: str = "records") -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr (records, records/s, ETA) fed with (records done, bytes done), for `total` bytes of
    input; None (no bar) when `total` is under PROGRESS_MIN_BYTES. The caller decides whether stderr is a terminal.
    Refreshed by the callback, at most ten times a second, so that no thread is started."""
    if total < PROGRESS_MIN_BYTES:
        yield None
        return
    import time

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[records]:,} " + unit + ", {task.fields[rate]:,.0f}/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        auto_refresh=False,
        transient=True,
    )
    task = bar.add_task(what, total=total, records=0, rate=0.0)
    start = last = time.monotonic()

    def update(records: int, done: int) -> None:
        nonlocal last
        now = time.monotonic()
        bar.update(task, completed=min(done, total), records=records, rate=records / max(now - start, 1e-6))
        if now - last >= 0.1 or done >= total:
            last = now
            bar.refresh()

    with bar:
        yield update


def table_size(table: Path, no_progress: bool) -> int:
    """The size a progress bar measures an import against: 0 (no bar) with --no-progress, off a terminal, or for a
    table that cannot be read (the import reports why)."""
    if no_progress or not sys.stderr.isatty():
        return 0
    try:
        return table.stat().st_size
    except OSError:
        return 0
