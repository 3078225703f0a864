"""The `peace-talks` command line: parses options and calls the library; all logic lives in the library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peace_talks_model import __version__

app = typer.Typer(
    name="peace-talks",
    help="Validate peace-process records (actors, negotiations, agreements, prisoner swaps, cease-fires).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        from peace_talks_model.models.common import SCHEMA_VERSION

        typer.echo(f"peace-talks {__version__} (record schema {SCHEMA_VERSION})")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Validate peace-process records and publish their JSON Schema."""


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    output_format: Annotated[str, typer.Option("--format", help="Output format: text or json.")] = "text",
) -> None:
    """Validate every record in the given files and directories.

    Exit status: 0 when every record is valid, 1 when any record or file is invalid, 2 on a usage error.
    """
    from peace_talks_model.report import REPORTERS
    from peace_talks_model.validation import validate_paths

    if output_format not in REPORTERS:
        raise typer.BadParameter(f"choose one of: {', '.join(REPORTERS)}", param_hint="--format")
    report = validate_paths(paths)
    typer.echo(REPORTERS[output_format](report), nl=False)
    raise typer.Exit(report.exit_code)


def main() -> None:
    """Console-script entry point."""
    app()
