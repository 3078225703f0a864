"""`peace-talks merge`: the answers of the LLM profile's tiers folded into records (`peace_talks_model.merge`),
written to a file and validated; the report rendered by the reporter `--format` names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peace_talks_model.cli._common import Color, use_color
from peace_talks_model.cli.validate import (
    TEXT,
    AllowExternalRefs,
    Ground,
    OutputFormat,
    Quiet,
    RequireTexts,
    Strict,
    Texts,
    Verbose,
    _grounding,
)
from peace_talks_model.report import REPORTERS, counted


def merge(
    core: Annotated[
        Path,
        typer.Argument(
            metavar="CORE",
            help='A core answer ({"records": [...]}), an extraction result, or any file of records.',
        ),
    ],
    enrichments: Annotated[
        list[Path],
        typer.Argument(
            metavar="ENRICHMENT...",
            help='Enrichment answers ({"record_type", "id", fields...}): one per file, or a JSON array or JSONL '
            "file of them.",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="RECORDS", help="Write the merged records here (JSONL).")],
    more_core: Annotated[
        list[Path],
        typer.Option(
            "--core",
            metavar="FILE",
            help="Another core answer (the actors, the document) whose records are merged and checked too; repeatable.",
        ),
    ] = [],  # noqa: B006
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = TEXT,
    allow_external_refs: AllowExternalRefs = False,
    strict: Strict = False,
    texts: Texts = None,
    ground: Ground = False,
    require_texts: RequireTexts = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    color: Annotated[Color, typer.Option(help="Colour the text output.")] = Color.auto,
) -> None:
    """Fold enrichment answers into their core records by id (docs/llm-profile.md, "Tiers"), write the merged
    records to --out and validate them like an extraction result. Two answers giving one field different values
    are a finding (PT320), and the record is held back; an answer for an id no core answer holds is a finding
    (PT321). Exit status as for validate: 0 valid, 1 findings, 3 an input could not be read."""
    from peace_talks_model.merge import run_merge
    from peace_talks_model.report import RenderOptions
    from peace_talks_model.validation import Options

    options = Options(
        allow_external_refs=allow_external_refs,
        strict=strict,
        grounding=_grounding(texts, ground, require_texts),
    )
    result, report = run_merge([core, *more_core], enrichments, out, options)
    rendered = REPORTERS[output_format.value](
        report, RenderOptions(color=use_color(color), quiet=quiet, verbose=verbose)
    )
    typer.echo(rendered, nl=False)
    if result.inputs_failed:
        written = "nothing written (an input could not be read)"
    elif not result.records:
        written = "nothing written (no record to write)"
    else:
        written = f"{counted(len(result.records), 'record')} written to {out}"
    held = f", {counted(len(result.held), 'record')} held back (PT320)" if result.held else ""
    typer.echo(
        f"merge: {counted(result.core_records, 'core record')}, {counted(result.answers, 'enrichment answer')} "
        f"({counted(result.folded, 'field')} filled); {written}{held}",
        err=True,
    )
    raise typer.Exit(report.exit_code)
