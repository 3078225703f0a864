"""`peace-talks validate`: its options parsed into the library's `Options`, the report rendered by the reporter
`--format` names, and the exit status the report gives; with --emit-valid/--emit-invalid, the split files."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peace_talks_model.cli._common import (
    DEBUG_META,
    Color,
    Profile,
    parse_codes,
    parse_jobs,
    progress_bar,
    use_color,
)
from peace_talks_model.errors import InputError
from peace_talks_model.report import REPORTERS, counted

if TYPE_CHECKING:
    from peace_talks_model.grounding import Grounding
    from peace_talks_model.report import Report
    from peace_talks_model.validation import Input

if TYPE_CHECKING:
    OutputFormat = StrEnum
else:
    #: The report formats of --format: the names of the reporters (`report.REPORTERS`).
    OutputFormat = StrEnum("OutputFormat", {name: name for name in REPORTERS})
#: The default report format.
TEXT = OutputFormat("text")

# Options that validate shares with merge, which validates the records it writes.
AllowExternalRefs = Annotated[
    bool, typer.Option("--allow-external-refs", help="References to records not given are not findings.")
]
Strict = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line (text format).")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Pointers, expected/got and codes' help.")]
Texts = Annotated[
    Path | None,
    typer.Option(
        "--texts",
        metavar="DIR",
        help="Check every evidence quote against its source's text in DIR (<local part of the source id>.txt, "
        "or the file DIR/manifest.tsv lists); see docs/grounding.md.",
    ),
]
Ground = Annotated[
    bool, typer.Option("--ground", help="Check quotes against the texts Source records declare (text_path).")
]
RequireTexts = Annotated[
    bool, typer.Option("--require-texts", help="A quote whose source has no text is an error (implies --ground).")
]


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Record files (.json, .jsonl, .ndjson), directories, or '-' for stdin."),
    ],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = TEXT,
    glob: Annotated[
        str | None, typer.Option(metavar="GLOB", help="In directories, only files matching this glob.")
    ] = None,
    select: Annotated[
        list[str], typer.Option(metavar="CODES", help="Only report these codes (e.g. PT301,PT302).")
    ] = [],  # noqa: B006
    ignore: Annotated[list[str], typer.Option(metavar="CODES", help="Never report these codes.")] = [],  # noqa: B006
    strict: Strict = False,
    allow_external_refs: AllowExternalRefs = False,
    no_cross_checks: Annotated[bool, typer.Option("--no-cross-checks", help="Skip the checks across records.")] = False,
    jobs: Annotated[
        str,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N|auto",
            help="Validate in N worker processes ('auto': one per core); the report is the same as with 1.",
        ),
    ] = "1",
    max_errors: Annotated[
        int | None,
        typer.Option("--max-errors", min=1, metavar="N", help="Show at most N findings (all are still checked)."),
    ] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
    color: Annotated[Color, typer.Option(help="Colour the text output.")] = Color.auto,
    no_progress: Annotated[
        bool,
        typer.Option(
            "--no-progress", help="No progress bar (shown on a terminal's stderr for inputs over 4 MB otherwise)."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
    texts: Texts = None,
    ground: Ground = False,
    require_texts: RequireTexts = False,
    emit_valid: Annotated[
        Path | None, typer.Option("--emit-valid", metavar="FILE", help="Write the records that passed to FILE (JSONL).")
    ] = None,
    emit_invalid: Annotated[
        Path | None,
        typer.Option(
            "--emit-invalid", metavar="FILE", help="Write the other records, with their findings, to FILE (JSONL)."
        ),
    ] = None,
    max_document_size: Annotated[
        str,
        typer.Option(
            "--max-document-size",
            metavar="SIZE",
            help="The most bytes one JSON document, one JSONL line or one array element may have, and standard "
            "input as a whole (e.g. 1GiB; K, M, G are powers of 1024); a larger one is an input problem (exit 3).",
        ),
    ] = "256MiB",
    profile: Annotated[
        Profile,
        typer.Option(
            help="'llm': the records are LLM-profile output (docs/llm-profile.md): null members are dropped and an "
            "extraction result {document, records} is read as its records, before validating."
        ),
    ] = Profile.default,
) -> None:
    """Validate every record in the given files, directories and standard input, then check that the records fit
    together (references resolve, ids are unique, dates agree) and, with --texts or --ground, that every evidence
    quote is in its source's text. --emit-valid/--emit-invalid split the records into those that passed and the
    rest (docs/grounding.md)."""
    if debug:
        ctx.meta[DEBUG_META] = True
    options_select, options_ignore = parse_codes(select), parse_codes(ignore)
    workers = parse_jobs(jobs)
    max_size = parse_size(max_document_size)
    grounding = _grounding(texts, ground, require_texts)
    from peace_talks_model.report import RenderOptions
    from peace_talks_model.validation import Options, input_size, inputs_of, validate_paths, validate_run

    found = inputs_of(paths, glob, max_size)  # searched once, for the progress total and the run
    total = 0 if no_progress or not sys.stderr.isatty() else input_size(found)
    with progress_bar("validating", total) as progress:
        options = Options(
            cross_checks=not no_cross_checks,
            allow_external_refs=allow_external_refs,
            select=options_select,
            ignore=options_ignore,
            strict=strict,
            glob=glob,
            jobs=workers,
            progress=progress,
            grounding=grounding,
            profile=None if profile is Profile.default else profile.value,
            max_document_size=max_size,
        )
        inputs: list[Input] = []
        if emit_valid is None and emit_invalid is None:
            report = validate_paths(found, options)
        else:  # the split reads the inputs again
            report, inputs = validate_run(found, options)
    rendered = REPORTERS[output_format.value](
        report, RenderOptions(color=use_color(color), quiet=quiet, verbose=verbose, limit=max_errors)
    )
    split = _split(inputs, report, emit_valid, emit_invalid)
    typer.echo(rendered, nl=False)
    if split:
        typer.echo(split, err=True)
    raise typer.Exit(report.exit_code)


_SIZE = re.compile(r"(\d+)\s*(?:([KMGT])(?:i?B)?|B)?", re.IGNORECASE)


def parse_size(value: str) -> int:
    """The bytes of --max-document-size: a number, with K, M, G or T (powers of 1024; KB, KiB and K are the
    same) or B."""
    match = _SIZE.fullmatch(value.strip())
    if match is None or int(match.group(1)) < 1:
        raise typer.BadParameter(f"expected a size such as 1048576, 512K, 256MiB or 1G, got '{value}'")
    unit = (match.group(2) or "").upper()
    return int(match.group(1)) << (10 * " KMGT".index(unit) if unit else 0)


def _grounding(texts: Path | None, ground: bool, require_texts: bool) -> Grounding | None:
    """The `Grounding` of the grounding flags (None: no grounding check); an `InputError` (exit 3) for a texts
    directory that cannot be used."""
    if texts is None and not ground and not require_texts:
        return None
    from peace_talks_model.grounding import Grounding, TextsError

    grounding = Grounding(texts, require_texts)
    try:
        grounding.check()
    except TextsError as exc:
        raise InputError(str(exc)) from exc
    return grounding


def _split(inputs: Sequence[Input], report: Report, valid: Path | None, invalid: Path | None) -> str:
    """Write the split files when asked to; the line saying what was written ('' when nothing was asked); an
    `InputError` (exit 3) when a file cannot be written."""
    if valid is None and invalid is None:
        return ""
    from peace_talks_model.split import write_split

    try:
        counts = write_split(inputs, report, valid, invalid)
    except OSError as exc:
        raise InputError(f"cannot write the split files: {exc}") from exc
    others = f", {counted(counts.unparsed, 'text')} that cannot be read as records" if counts.unparsed else ""
    others += f", {counted(counts.file_problems, 'file problem')}" if counts.file_problems else ""
    return (
        f"split: {counted(counts.valid, 'record')} passed ({valid or 'not written'}), {counts.invalid} did not"
        f"{others} ({invalid or 'not written'})"
    )
