"""`peace-talks schema export|release|diff|show`: the published JSON Schema (and the LLM profile's) written,
checked for staleness, released, compared and shown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peace_talks_model.cli._common import Profile, fail
from peace_talks_model.errors import ExitStatus

schema_app = typer.Typer(help="Export, check and show the published JSON Schema.", no_args_is_help=True)


@schema_app.command("export")
def schema_export(
    out: Annotated[
        Path | None, typer.Option("--out", help="Directory to write the schema files to (schemas, schemas/llm).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 and show a diff when the files are stale.")
    ] = False,
    profile: Annotated[
        Profile,
        typer.Option(help="'llm': the strict structured-output profile for language models (docs/llm-profile.md)."),
    ] = Profile.default,
) -> None:
    """Write the JSON Schema files (draft 2020-12, portable profile) generated from the models."""
    from peace_talks_model.schema_export import schema_profile

    chosen = schema_profile(profile.value)
    out = out or Path(chosen.directory)
    if check:
        stale = chosen.stale(out)
        for diff in stale.values():
            typer.echo(diff, nl=False)
        if stale:
            fail(
                f"{len(stale)} schema file(s) in {out} are stale; run '{chosen.regenerate}' and commit them",
                ExitStatus.INVALID,
            )
        typer.echo(f"{out}: up to date")
        return
    changed = chosen.write(out)
    typer.echo(f"{out}: {len(changed)} file(s) written" + (f" ({', '.join(changed)})" if changed else ""))


@schema_app.command("release")
def schema_release(
    out: Annotated[Path, typer.Option("--out", help="The schemas directory.")] = Path("schemas"),
) -> None:
    """Keep the current union schema as the released snapshot of the current contract version."""
    from peace_talks_model.schema_export import release

    try:
        released = release(out)
    except FileExistsError as exc:
        fail(str(exc), ExitStatus.INVALID)
    typer.echo(f"released: {released}")


@schema_app.command("diff")
def schema_diff(
    old: Annotated[Path, typer.Argument(help="The old schema file (or a directory holding record.schema.json).")],
    new: Annotated[Path, typer.Argument(help="The new schema file (or directory).")],
) -> None:
    """Classify every change from OLD to NEW as major (a valid record may become invalid), minor (additive) or
    patch (annotations), and say which version bump they need."""
    import json

    from peace_talks_model.schema_diff import classify, diff_schemas

    def load(path: Path) -> object:
        file = path / "record.schema.json" if path.is_dir() else path
        try:
            return json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise typer.BadParameter(f"cannot read {file}: {exc}") from None

    changes = diff_schemas(load(old), load(new))
    for change in changes:
        typer.echo(f"{change.level.name:<5} {change.pointer}: {change.what}")
    level = classify(changes)
    typer.echo(f"{len(changes)} change(s); " + (f"needs a {level.name} version bump" if level else "no change"))


@schema_app.command("show")
def schema_show(
    record_type: Annotated[
        str | None, typer.Argument(help="A record type (actor, prisoner_swap...); none: the union.")
    ] = None,
) -> None:
    """Print the published schema of one record type (or of the union of all)."""
    import json

    from peace_talks_model.models import RECORD_TYPES
    from peace_talks_model.schema_export import schema_of

    if record_type is not None and record_type.replace("-", "_") not in RECORD_TYPES:
        raise typer.BadParameter(f"choose one of: {', '.join(RECORD_TYPES)}", param_hint="RECORD_TYPE")
    schema = schema_of(record_type.replace("-", "_") if record_type else None)
    typer.echo(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True))
