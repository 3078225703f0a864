"""`peace-talks docs build`: the reference pages of the documentation site generated (or checked for staleness)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peace_talks_model.cli._common import fail
from peace_talks_model.errors import ExitStatus, InputError

docs_app = typer.Typer(help="Generate the reference documentation (the mkdocs site's pages).", no_args_is_help=True)


@docs_app.command("build")
def docs_build(
    out: Annotated[
        Path, typer.Option("--out", help="The reference folder; the README's copy goes beside it (OUT/../index.md).")
    ] = Path("docs/reference"),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 and show a diff when pages are stale.")
    ] = False,
) -> None:
    """Generate the reference pages (record types, building blocks, finding codes, the Python API, the command
    line) from the models, the published schema, the docstrings and the commands, and the site's home page from
    README.md. Exit status: 0 written or current, 1 stale pages
    (--check), 3 a file that cannot be read or written."""
    from peace_talks_model.cli.reference import reference_pages
    from peace_talks_model.docs_gen import REGENERATE, stale_pages, write_pages

    extra = reference_pages(out.name)
    try:
        if check:
            stale = stale_pages(out, extra)
        else:
            changed = write_pages(out, extra)
    except (OSError, ValueError) as exc:  # a missing README/examples folder, an unreadable example file
        raise InputError(f"cannot build the docs: {exc}") from exc
    if check:
        for diff in stale.values():
            typer.echo(diff, nl=False)
        for name in stale:
            typer.echo(f"stale: {out.parent / name}", err=True)
        if stale:
            fail(f"{len(stale)} page(s) are stale; run '{REGENERATE}' and commit them", ExitStatus.INVALID)
        typer.echo(f"{out}: up to date")
        return
    typer.echo(f"{out}: {len(changed)} page(s) written or removed" + (f" ({', '.join(changed)})" if changed else ""))
