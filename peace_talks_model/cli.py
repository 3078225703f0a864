"""The `peace-talks` command line: parses options into the library's `Options`, calls the library, prints the
rendered report and maps it to an exit code. All checking lives in the library.

Exit status: 0 all records valid (warnings allowed unless --strict); 1 at least one invalid record; 2 usage
error; 3 an input could not be read or parsed; 4 internal error (a short message; the traceback only with
--debug, never local variables).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from peace_talks_model._version import SCHEMA_VERSION, __version__

if TYPE_CHECKING:
    from peace_talks_model.grounding import Grounding
    from peace_talks_model.report import Report
    from peace_talks_model.validation import Input

EXIT_HELP = """
Exit status: 0 every record is valid (warnings allowed unless --strict); 1 at least one record is invalid;
2 usage error; 3 an input could not be read or parsed (the --texts directory too), or a split file could not be
written; 4 internal error.
"""

app = typer.Typer(
    name="peace-talks",
    help="Validate peace-process records (actors, negotiations, agreements, prisoner swaps, cease-fires).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    """Report formats of `validate`."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    github = "github"
    sarif = "sarif"


class Color(StrEnum):
    """When to colour text output."""

    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peace-talks {__version__} (record schema {SCHEMA_VERSION})")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Validate peace-process records and explain the findings."""


def _codes(values: list[str]) -> frozenset[str]:
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


def _jobs(value: str) -> int:
    if value == "auto":
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if not value.isdigit() or int(value) < 1:
        raise typer.BadParameter(f"expected a number of processes (1 or more) or 'auto', got '{value}'")
    return int(value)


def _use_color(choice: Color) -> bool:
    if choice is Color.always:
        return True
    if choice is Color.never or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


#: Inputs smaller than this get no progress bar (they take a second or two).
PROGRESS_MIN_BYTES = 4 << 20


@contextmanager
def progress_bar(what: str, total: int) -> Iterator[Callable[[int, int], None] | None]:
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
        TextColumn("{task.fields[records]:,} records, {task.fields[rate]:,.0f}/s"),
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


@app.command(epilog=EXIT_HELP)
def validate(
    paths: Annotated[
        list[str], typer.Argument(help="Record files (.json, .jsonl, .ndjson), directories, or '-' for stdin.")
    ],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = OutputFormat.text,
    glob: Annotated[str | None, typer.Option(help="In directories, only files matching this glob.")] = None,
    select: Annotated[list[str], typer.Option(help="Only report these codes (e.g. PT301,PT302).")] = [],  # noqa: B006
    ignore: Annotated[list[str], typer.Option(help="Never report these codes.")] = [],  # noqa: B006
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    allow_external_refs: Annotated[
        bool, typer.Option("--allow-external-refs", help="References to records not given are not findings.")
    ] = False,
    no_cross_checks: Annotated[bool, typer.Option("--no-cross-checks", help="Skip the checks across records.")] = False,
    jobs: Annotated[
        str,
        typer.Option(
            "--jobs",
            "-j",
            help="Validate in N worker processes ('auto': one per core); the report is the same as with 1.",
        ),
    ] = "1",
    max_errors: Annotated[
        int | None, typer.Option("--max-errors", min=1, help="Show at most N findings (all are still checked).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line (text format).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Pointers, expected/got and codes' help.")] = False,
    color: Annotated[Color, typer.Option(help="Colour the text output.")] = Color.auto,
    no_progress: Annotated[
        bool,
        typer.Option(
            "--no-progress", help="No progress bar (shown on a terminal's stderr for inputs over 4 MB otherwise)."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            metavar="DIR",
            help="Check every evidence quote against its source's text in DIR (<local part of the source id>.txt, "
            "or the file DIR/manifest.tsv lists); see docs/grounding.md.",
        ),
    ] = None,
    ground: Annotated[
        bool, typer.Option("--ground", help="Check quotes against the texts Source records declare (text_path).")
    ] = False,
    require_texts: Annotated[
        bool, typer.Option("--require-texts", help="A quote whose source has no text is an error (implies --ground).")
    ] = False,
    emit_valid: Annotated[
        Path | None, typer.Option("--emit-valid", metavar="FILE", help="Write the records that passed to FILE (JSONL).")
    ] = None,
    emit_invalid: Annotated[
        Path | None,
        typer.Option(
            "--emit-invalid", metavar="FILE", help="Write the other records, with their findings, to FILE (JSONL)."
        ),
    ] = None,
) -> None:
    """Validate every record in the given files, directories and standard input, then check that the records fit
    together (references resolve, ids are unique, dates agree) and, with --texts or --ground, that every evidence
    quote is in its source's text. --emit-valid/--emit-invalid split the records into those that passed and the
    rest (docs/grounding.md)."""
    options_select, options_ignore = _codes(select), _codes(ignore)
    workers = _jobs(jobs)
    grounding = _grounding(texts, ground, require_texts)
    try:
        from peace_talks_model.report import REPORTERS, RenderOptions
        from peace_talks_model.validation import Options, input_size, validate_paths, validate_run

        total = 0 if no_progress or not sys.stderr.isatty() else input_size(paths, glob)
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
            )
            inputs: list[Input] = []
            if emit_valid is None and emit_invalid is None:
                report = validate_paths(paths, options)
            else:  # the split reads the inputs again
                report, inputs = validate_run(paths, options)
        rendered = REPORTERS[output_format.value](
            report, RenderOptions(color=_use_color(color), quiet=quiet, verbose=verbose, limit=max_errors)
        )
    except Exception as exc:
        if debug:
            traceback.print_exc()
        typer.echo(f"peace-talks: internal error: {type(exc).__name__}: {exc}", err=True)
        if not debug:
            typer.echo("run again with --debug to see the traceback", err=True)
        raise typer.Exit(4) from None
    split = _split(inputs, report, emit_valid, emit_invalid)
    typer.echo(rendered, nl=False)
    if split:
        typer.echo(split, err=True)
    raise typer.Exit(report.exit_code)


def _grounding(texts: Path | None, ground: bool, require_texts: bool) -> Grounding | None:
    """The `Grounding` of the grounding flags (None: no grounding check); exit 3 for a texts directory that
    cannot be used."""
    if texts is None and not ground and not require_texts:
        return None
    from peace_talks_model.grounding import Grounding, TextsError

    grounding = Grounding(texts, require_texts)
    try:
        grounding.check()
    except TextsError as exc:
        typer.echo(f"peace-talks: {exc}", err=True)
        raise typer.Exit(3) from None
    return grounding


def _split(inputs: Sequence[Input], report: Report, valid: Path | None, invalid: Path | None) -> str:
    """Write the split files when asked to; the line saying what was written ('' when nothing was asked); exit 3
    when a file cannot be written."""
    if valid is None and invalid is None:
        return ""
    from peace_talks_model.split import write_split

    try:
        counts = write_split(inputs, report, valid, invalid)
    except OSError as exc:
        typer.echo(f"peace-talks: cannot write the split files: {exc}", err=True)
        raise typer.Exit(3) from None
    others = f", {counts.unparsed} text(s) that are not records" if counts.unparsed else ""
    others += f", {counts.file_problems} file problem(s)" if counts.file_problems else ""
    return (
        f"split: {counts.valid} record(s) passed ({valid or 'not written'}), {counts.invalid} did not"
        f"{others} ({invalid or 'not written'})"
    )


@app.command()
def explain(
    code: Annotated[str | None, typer.Argument(help="A code (PT112) or its name (unknown_field).")] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List every code with its summary.")] = False,
) -> None:
    """Explain what a finding code means, why it matters and how to fix it, with a good and a bad example."""
    from peace_talks_model.codes import CODES, lookup
    from peace_talks_model.explanations import EXPLANATIONS

    if list_all or code is None:
        for c in CODES:
            typer.echo(f"{c.code}  {c.severity.value:<7}  {c.name:<32} {c.summary}")
        return
    found = lookup(code)
    if found is None:
        typer.echo(f"unknown code '{code}'; see: peace-talks explain --list", err=True)
        raise typer.Exit(2)
    typer.echo(f"{found.code} {found.name} ({found.severity.value})\n\n{found.summary}\n")
    text = EXPLANATIONS.get(found.code)
    if text is not None:
        typer.echo(f"Why: {text.why}\n\nHow to fix: {text.fix}\n\nBad:\n{text.bad}\n\nGood:\n{text.good}")
    typer.echo(f"\nRules: {', '.join(found.rules)}")


schema_app = typer.Typer(help="Export, check and show the published JSON Schema.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("export")
def schema_export(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the schema files to.")] = Path("schemas"),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 and show a diff when the files are stale.")
    ] = False,
) -> None:
    """Write the JSON Schema files (draft 2020-12, portable profile) generated from the models."""
    from peace_talks_model.schema_export import REGENERATE, stale_files, write_schemas

    if check:
        stale = stale_files(out)
        for diff in stale.values():
            typer.echo(diff, nl=False)
        if stale:
            typer.echo(f"{len(stale)} schema file(s) in {out} are stale; run '{REGENERATE}' and commit them", err=True)
            raise typer.Exit(1)
        typer.echo(f"{out}: up to date")
        return
    changed = write_schemas(out)
    typer.echo(f"{out}: {len(changed)} file(s) written" + (f" ({', '.join(changed)})" if changed else ""))


@schema_app.command("release")
def schema_release(
    out: Annotated[Path, typer.Option("--out", help="The schemas directory.")] = Path("schemas"),
) -> None:
    """Keep the current union schema as the released snapshot of the current contract version."""
    from peace_talks_model.schema_export import release

    try:
        typer.echo(f"released: {release(out)}")
    except FileExistsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


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


@app.command()
def example(
    record_type: Annotated[str, typer.Argument(help="A record type (actor, prisoner_swap...).")],
) -> None:
    """Print a valid starter record of a record type, to copy and fill in."""
    import json

    from peace_talks_model.starters import STARTERS

    starter = STARTERS.get(record_type.replace("-", "_"))
    if starter is None:
        raise typer.BadParameter(f"choose one of: {', '.join(STARTERS)}", param_hint="RECORD_TYPE")
    typer.echo(json.dumps(starter, indent=2, ensure_ascii=False))


import_app = typer.Typer(help="Import the field's datasets as records.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("pax")
def import_pax(
    table: Annotated[Path, typer.Argument(help="The PA-X agreements table (CSV, as PeaceRep publishes it).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The JSONL file to write the records to.")],
) -> None:
    """Map every row of a PA-X table to Agreement, Source and Negotiation records (docs/import/pax.md). Rows
    that cannot be mapped are listed (row, column, value, why) and left out; the output file is written whole
    or not at all. Exit status: 0 all rows imported, 1 some rows left out, 3 the table could not be read."""
    from peace_talks_model.interop.pax import RowProblem, import_pax_file
    from peace_talks_model.interop.write import write_jsonl

    problems: list[RowProblem] = []

    def records() -> Iterator[dict[str, Any]]:
        for item in import_pax_file(table):
            if isinstance(item, RowProblem):
                problems.append(item)
                typer.echo(f"{table}:{item.row}: {item}", err=True)
            else:
                yield item

    try:
        count = write_jsonl(out, records())
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"peace-talks: cannot import {table}: {exc}", err=True)
        raise typer.Exit(3) from None
    if problems and problems[0].row == 1:  # not a PA-X table: nothing written
        raise typer.Exit(3)
    typer.echo(f"{table}: {count} record(s) written to {out}; {len(problems)} row(s) left out")
    raise typer.Exit(1 if problems else 0)


@app.command("timeline")
def timeline(
    paths: Annotated[list[str], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    process: Annotated[
        str | None, typer.Option("--process", help="Only the records linked to this negotiation (process) id.")
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only the records that refer to this actor id.")] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Only marks reaching this EDTF date or later (e.g. 2019-09).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Only marks starting by this EDTF date (e.g. 2020-03).")
    ] = None,
    linear: Annotated[
        bool, typer.Option("--linear", help="An even time axis (by default busy months are drawn wider).")
    ] = False,
) -> None:
    """Draw the records as one self-contained HTML page with an SVG timeline: a lane per negotiation track or set
    of parties; negotiations, agreements, cease-fires, prisoner swaps, events and positions with their status
    changes; fuzzy dates as ranges; hover a mark for its record, date wording and quotes (docs/timeline.md).
    Exit status: 0 written; 1 invalid records, unknown --process record or nothing to draw (nothing written);
    2 usage error; 3 an input that cannot be read or an output that cannot be written; 4 internal error."""
    from peace_talks_model.timeline import Filters, TimelineError, date_option, write_timeline

    for name, value, which in (("--from", date_from, "from"), ("--to", date_to, "to")):
        if value is not None:
            try:
                date_option(value, which)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint=name) from None
    try:
        written = write_timeline(paths, out, Filters(process, actor, date_from, date_to), dense=not linear)
    except TimelineError as exc:
        typer.echo(f"peace-talks timeline: {exc}; nothing written", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"peace-talks timeline: {exc}; nothing written", err=True)
        raise typer.Exit(3) from None
    except Exception as exc:
        typer.echo(f"peace-talks timeline: internal error: {type(exc).__name__}: {exc}; nothing written", err=True)
        raise typer.Exit(4) from None
    typer.echo(
        f"{out}: {written.records} record(s), {written.marks} mark(s) in {written.lanes} lane(s); "
        f"{written.left_out} item(s) not drawn (listed on the page)"
    )


export_app = typer.Typer(
    help="Export records as the field's tables (PA-X, ETH/PRIO, ACLED) and as linked tables for analysts.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

# Export commands read records with peace_talks_model.interop.records.read_records (every record validated; an
# invalid input stops the export before anything is written, exit 1) and write through
# peace_talks_model.interop.write (whole files or nothing). Exit status: 0 written, 1 invalid input or records
# that cannot be expressed in the target table (each reported), 3 an input or output that cannot be read/written.


def main() -> None:
    """Console-script entry point."""
    app()
