"""The `peace-talks` command line: `app` (every command, registered here in help order), `main` (the console
script) and the root options `--version` and `--debug`. Each command parses its options, calls the library and
prints what it returns; every command runs inside `_common.GuardedGroup`, which maps a library error
(`peace_talks_model.errors`) to its exit status and any other exception to exit 4, with a one-line message.

Exit status: 0 all records valid (warnings allowed unless --strict); 1 at least one invalid record; 2 usage
error; 3 an input could not be read or parsed, or an output could not be written; 4 internal error (a one-line
message; the traceback only with --debug, never local variables); 141 the output's reader went away (`| head`),
quietly.
"""

from __future__ import annotations

from typing import Annotated

import typer

from peace_talks_model._version import SCHEMA_VERSION, __version__
from peace_talks_model.cli import tools
from peace_talks_model.cli._common import EXIT_HELP, PROGRESS_MIN_BYTES, GuardedGroup
from peace_talks_model.cli.docs import docs_app
from peace_talks_model.cli.interop import export_app, import_app
from peace_talks_model.cli.merge import merge
from peace_talks_model.cli.schema import schema_app
from peace_talks_model.cli.serve import serve
from peace_talks_model.cli.validate import validate

__all__ = ["PROGRESS_MIN_BYTES", "app", "main"]

app = typer.Typer(
    name="peace-talks",
    cls=GuardedGroup,
    help="Validate peace-process records (actors, negotiations, agreements, prisoner swaps, cease-fires).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peace-talks {__version__} (record schema {SCHEMA_VERSION})")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error (any command).")
    ] = False,
) -> None:
    """Validate peace-process records and explain the findings."""


app.command(epilog=EXIT_HELP)(validate)
app.command()(tools.explain)
app.add_typer(schema_app, name="schema")
app.command("fix")(tools.fix)
app.command()(tools.example)
app.command()(tools.prompt)
app.command("merge", epilog=EXIT_HELP)(merge)
app.add_typer(import_app, name="import")
app.command("timeline")(tools.timeline)
app.add_typer(docs_app, name="docs")
app.add_typer(export_app, name="export")
app.command("serve")(serve)


def main() -> None:
    """Console-script entry point."""
    app()
