"""The `peace-talks` command line: parses options into the library's `Options`, calls the library, prints the
rendered report and maps it to an exit code. All checking lives in the library.

Exit status: 0 all records valid (warnings allowed unless --strict); 1 at least one invalid record; 2 usage
error; 3 an input could not be read or parsed; 4 internal error (a short message; the traceback only with
--debug, never local variables).
"""

from __future__ import annotations

import csv
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
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


class Profile(StrEnum):
    """How the input records are written: the record format, or the LLM profile (normalised first)."""

    default = "default"
    llm = "llm"


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


def _table_size(table: Path, no_progress: bool) -> int:
    """The size a progress bar measures an import against: 0 (no bar) with --no-progress, off a terminal, or for a
    table that cannot be read (the import reports why)."""
    if no_progress or not sys.stderr.isatty():
        return 0
    try:
        return table.stat().st_size
    except OSError:
        return 0


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
    options_select, options_ignore = _codes(select), _codes(ignore)
    workers = _jobs(jobs)
    grounding = _grounding(texts, ground, require_texts)
    try:
        from peace_talks_model.report import REPORTERS, RenderOptions
        from peace_talks_model.validation import Options, input_size, inputs_of, validate_paths, validate_run

        found = inputs_of(paths, glob)  # searched once, for the progress total and the run
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
            )
            inputs: list[Input] = []
            if emit_valid is None and emit_invalid is None:
                report = validate_paths(found, options)
            else:  # the split reads the inputs again
                report, inputs = validate_run(found, options)
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
    from peace_talks_model.schema_export import REGENERATE, stale_files, write_schemas

    if profile is Profile.llm:
        from peace_talks_model.llm_schema import LLM_DIR, REGENERATE_LLM, stale_llm_files, write_llm_schemas

        out = out or Path(LLM_DIR)
        stale_files, write_schemas, REGENERATE = stale_llm_files, write_llm_schemas, REGENERATE_LLM  # noqa: N806
    out = out or Path("schemas")
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


@app.command("fix")
def fix(
    paths: Annotated[list[Path], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only print the patches (the default).")] = False,
    write: Annotated[bool, typer.Option("--write", help="Apply the patches in place, keeping a backup.")] = False,
    backup_suffix: Annotated[
        str, typer.Option("--backup-suffix", help="The backup is FILE+SUFFIX; an existing one is never overwritten.")
    ] = ".bak",
) -> None:
    """Fix what cannot change meaning (stray whitespace, an enum value's case or spelling with one close match,
    unpadded dates such as 2019-9-7) and report everything else (docs/fix.md). Prints one JSON object per file:
    {file, format, patch (RFC 6902), unfixed}. Exit status: 0 nothing left to fix, 1 findings not fixed safely
    (reported), 2 usage error, 3 a file that cannot be read or written (or whose backup exists)."""
    import json

    from peace_talks_model.fix import BackupExistsError, FixInputError, fix_paths, write_fixes

    if dry_run and write:
        raise typer.BadParameter("give --dry-run or --write, not both", param_hint="--write")
    if not backup_suffix or "/" in backup_suffix:
        raise typer.BadParameter("a non-empty suffix without '/'", param_hint="--backup-suffix")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"peace-talks: no such file or directory: {', '.join(missing)}", err=True)
        raise typer.Exit(3)
    failed = unfixed = False
    for result in fix_paths(paths):
        if isinstance(result, FixInputError):
            typer.echo(f"peace-talks: cannot fix {result}", err=True)
            failed = True
            continue
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        for left in result.unfixed:
            where = f"{result.file}:{left.line}" if left.line else str(result.file)
            typer.echo(
                f"{where} {left.pointer or '/'}: {left.code} {left.message} [not fixed: {left.reason}]", err=True
            )
        unfixed = unfixed or bool(result.unfixed)
        if write and result.changes:
            try:
                backup = write_fixes(result, backup_suffix)
            except (BackupExistsError, OSError) as exc:
                typer.echo(f"peace-talks: {result.file} not fixed: {exc}", err=True)
                failed = True
                continue
            typer.echo(f"{result.file}: {len(result.changes)} fix(es) written; the original is in {backup}", err=True)
    raise typer.Exit(3 if failed else 1 if unfixed else 0)


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


@app.command()
def prompt(
    record_types: Annotated[list[str], typer.Argument(help="Record types (agreement, prisoner_swap...), in order.")],
    max_chars: Annotated[
        int | None,
        typer.Option(
            "--max-chars",
            min=1,
            help="Cut optional detail until the guide fits in N characters (exit 1 if it cannot); by default it "
            "aims at about 8 KB per record type.",
        ),
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="The full guide, every description and meaning.")] = False,
) -> None:
    """Print a compact field guide of record types for an extraction prompt: fields, building blocks and
    vocabularies with the meaning of each value (docs/llm-profile.md). Its size goes to standard error."""
    from peace_talks_model.prompt_kit import DETAIL_LEVELS, GuideTooLongError, field_guide

    try:
        guide = field_guide([t.replace("-", "_") for t in record_types], max_chars, level=0 if full else None)
    except KeyError as exc:
        from peace_talks_model.models import RECORD_TYPES

        raise typer.BadParameter(
            f"unknown record type {exc}; choose from: {', '.join(RECORD_TYPES)}", param_hint="RECORD_TYPES"
        ) from None
    except GuideTooLongError as exc:
        typer.echo(f"peace-talks prompt: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(guide.text, nl=False)
    typer.echo(
        f"{guide.chars:,} characters, about {guide.tokens:,} tokens; detail level {guide.level} "
        f"(leaves out {DETAIL_LEVELS[guide.level]})",
        err=True,
    )


import_app = typer.Typer(help="Import the field's datasets as records.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def _run_import(
    table: Path, out: Path, no_progress: bool, items: Callable[[Callable[[int, int], None] | None], Iterable[Any]]
) -> tuple[int, list[Any], int]:
    """Write the records an importer yields (given the progress callback) to `out`, whole or not at all, listing
    its row problems and notes on stderr; return (records written, row problems, notes). An unreadable table
    exits 3."""
    from peace_talks_model.interop.csvfile import RowNote, RowProblem
    from peace_talks_model.interop.write import write_jsonl

    problems: list[RowProblem] = []
    notes = 0

    def records(progress: Callable[[int, int], None] | None) -> Iterator[dict[str, Any]]:
        nonlocal notes
        for item in items(progress):
            if isinstance(item, RowProblem):
                problems.append(item)
                typer.echo(f"{table}:{item.row}: {item}", err=True)
            elif isinstance(item, RowNote):
                notes += 1
                typer.echo(f"{table}:{item.row}: note: {item}", err=True)
            else:
                yield item

    try:
        with progress_bar("importing", _table_size(table, no_progress), unit="rows") as progress:
            count = write_jsonl(out, records(progress))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        typer.echo(f"peace-talks: cannot import {table}: {exc}", err=True)
        raise typer.Exit(3) from None
    return count, problems, notes


@import_app.command("pax")
def import_pax(
    table: Annotated[Path, typer.Argument(help="The PA-X agreements table (CSV, as PeaceRep publishes it).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The JSONL file to write the records to.")],
    actors: Annotated[
        Path | None,
        typer.Option(
            "--actors",
            help="Actor records (e.g. the output of 'import paax') to resolve the party mentions to, by name.",
        ),
    ] = None,
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help="No progress bar (shown on a terminal for tables over 4 MB).")
    ] = False,
) -> None:
    """Map every row of a PA-X table to Agreement, Source and Negotiation records (docs/import/pax.md). The
    parties' wordings are split into party mentions where the text allows; with --actors, a mention that is
    exactly one actor's name is resolved to it. Rows that cannot be mapped are listed (row, column, value, why)
    and left out; the output file is written whole or not at all. Exit status: 0 all rows imported, 1 some rows
    left out or invalid actor records, 3 the table or the actors file could not be read."""
    from peace_talks_model.interop.pax import ActorIndex, import_pax_file
    from peace_talks_model.interop.records import InvalidRecordsError

    index = None
    if actors is not None:
        if not actors.is_file():
            typer.echo(f"peace-talks: cannot read {actors}: no such file", err=True)
            raise typer.Exit(3)
        try:
            index = ActorIndex.from_file(actors)
        except InvalidRecordsError as exc:
            typer.echo(f"peace-talks: cannot use the actors of {actors}: {exc}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            typer.echo(f"peace-talks: cannot read {actors}: {exc}", err=True)
            raise typer.Exit(3) from None
    count, problems, _ = _run_import(
        table, out, no_progress, lambda progress: import_pax_file(table, actors=index, progress=progress)
    )
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


@import_app.command("eth-prio-cf")
def import_eth_prio_cf(
    table: Annotated[Path, typer.Argument(help="The ETH/PRIO cease-fire table (CSV, one row per declaring actor).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The JSONL file to write the records to.")],
    link_pax: Annotated[
        bool,
        typer.Option("--link-pax", help="Also point cease-fires at 'agreement:pax-<pax_id>' (import PA-X beside)."),
    ] = False,
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help="No progress bar (shown on a terminal for tables over 4 MB).")
    ] = False,
) -> None:
    """Map an ETH/PRIO cease-fire table to Ceasefire records (one per cf_id, a declaration per row), the
    declaring Actor records and the Source records of the quotes (docs/import/eth-prio-cf.md). Rows that cannot
    be mapped are listed (row, column, value, why) and left out with the rest of their cease-fire; the output
    file is written whole or not at all. Exit status: 0 all rows imported, 1 some rows or columns left out,
    3 the table could not be read or is not the ETH/PRIO table (nothing written)."""
    from peace_talks_model.interop.eth_prio import HeaderProblem, import_eth_prio_cf_file

    count, problems, _ = _run_import(
        table, out, no_progress, lambda progress: import_eth_prio_cf_file(table, link_pax=link_pax, progress=progress)
    )
    if any(isinstance(p, HeaderProblem) and p.fatal for p in problems):  # not the table: nothing written
        raise typer.Exit(3)
    rows = len({p.row for p in problems if p.row > 1})
    typer.echo(f"{table}: {count} record(s) written to {out}; {rows} row(s) left out")
    raise typer.Exit(1 if problems else 0)


docs_app = typer.Typer(help="Generate the reference documentation (the mkdocs site's pages).", no_args_is_help=True)
app.add_typer(docs_app, name="docs")


@docs_app.command("build")
def docs_build(
    out: Annotated[
        Path, typer.Option("--out", help="The reference folder; the README's copy goes beside it (OUT/../index.md).")
    ] = Path("docs/reference"),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 and show a diff when pages are stale.")
    ] = False,
) -> None:
    """Generate the reference pages (record types, building blocks, finding codes) from the models and the
    published schema, and the site's home page from README.md. Exit status: 0 written or current, 1 stale pages
    (--check), 3 a file that cannot be read or written."""
    from peace_talks_model.docs_gen import REGENERATE, stale_pages, write_pages

    try:
        if check:
            stale = stale_pages(out)
            for diff in stale.values():
                typer.echo(diff, nl=False)
            for name in stale:
                typer.echo(f"stale: {out.parent / name}", err=True)
            if stale:
                typer.echo(f"{len(stale)} page(s) are stale; run '{REGENERATE}' and commit them", err=True)
                raise typer.Exit(1)
            typer.echo(f"{out}: up to date")
            return
        changed = write_pages(out)
    except (OSError, ValueError) as exc:  # a missing README/examples folder, an unreadable example file
        typer.echo(f"peace-talks: cannot build the docs: {exc}", err=True)
        raise typer.Exit(3) from None
    typer.echo(f"{out}: {len(changed)} page(s) written or removed" + (f" ({', '.join(changed)})" if changed else ""))


@import_app.command("paax")
def import_paax(
    table: Annotated[Path, typer.Argument(help="The PAA-X actors table (CSV, as PeaceRep publishes it).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The JSONL file to write the records to.")],
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help="No progress bar (shown on a terminal for tables over 4 MB).")
    ] = False,
) -> None:
    """Map every row of a PAA-X actors table to an Actor record, after a Source record for the table
    (docs/import/paax.md). Rows that cannot be mapped are listed (row, column, value, why) and left out; values
    kept only verbatim as dataset codes are listed as notes; the output file is written whole or not at all.
    Exit status: 0 all rows imported, 1 some rows left out, 3 the table could not be read."""
    from peace_talks_model.interop.paax import import_paax_file

    count, problems, notes = _run_import(
        table, out, no_progress, lambda progress: import_paax_file(table, progress=progress)
    )
    if problems and problems[0].row == 1:  # not a PAA-X table: nothing written
        raise typer.Exit(3)
    typer.echo(f"{table}: {count} record(s) written to {out}; {len(problems)} row(s) left out; {notes} note(s)")
    raise typer.Exit(1 if problems else 0)


export_app = typer.Typer(
    help="Export records as the field's tables (PA-X, ETH/PRIO, ACLED) and as linked tables for analysts.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")


@export_app.command("pax")
def export_pax(
    records: Annotated[list[str], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The CSV file to write the PA-X table to.")],
) -> None:
    """Write every Agreement of RECORDS as a row of the PA-X agreements table (docs/import/pax.md, "Export"),
    reading the Negotiation, Source and Actor records they refer to. What a row cannot carry is listed (record,
    field, value, why) and its cell left empty; the file is written whole or not at all. Exit status: 0 every
    agreement written in full, 1 an invalid input (nothing written) or values not written, 3 an input or the
    output could not be read or written."""
    from peace_talks_model.interop.pax_export import COLUMNS, ExportProblem, export_pax_files
    from peace_talks_model.interop.records import InvalidRecordsError
    from peace_talks_model.interop.write import write_csv

    problems: set[str] = set()

    def rows() -> Iterator[dict[str, str]]:
        for item in export_pax_files(records):
            if isinstance(item, ExportProblem):
                problems.add(item.record)
                typer.echo(str(item), err=True)
            else:
                yield item

    try:
        count = write_csv(out, COLUMNS, rows())
    except InvalidRecordsError as exc:
        typer.echo(f"peace-talks: nothing exported: {exc}", err=True)
        raise typer.Exit(1) from None
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"peace-talks: cannot export to {out}: {exc}", err=True)
        raise typer.Exit(3) from None
    listed = " (listed above)" if problems else ""
    typer.echo(f"{out}: {count} agreement(s) written; {len(problems)} with values not written{listed}")
    raise typer.Exit(1 if problems else 0)


# Export commands read records with peace_talks_model.interop.records.read_records (every record validated; an
# invalid input stops the export before anything is written, exit 1) and write through
# peace_talks_model.interop.write (whole files or nothing). Exit status: 0 written, 1 invalid input or records
# that cannot be expressed in the target table (each reported), 3 an input or output that cannot be read/written.


@export_app.command("eth-prio-cf")
def export_eth_prio_cf(
    records: Annotated[list[Path], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The CSV file to write.")],
    synthetic_cf_ids: Annotated[
        int | None,
        typer.Option(
            "--synthetic-cf-ids",
            min=1,
            help="Number cease-fires without an eth_prio_ceasefire identifier from N (default: leave them out).",
        ),
    ] = None,
) -> None:
    """Write the cease-fire records as the ETH/PRIO table (newer layout, one row per declaration, the dataset's
    codes as imported; docs/import/eth-prio-cf.md). What a record holds that the table cannot express is listed
    (record, field, why). Exit status: 0 written, 1 invalid records (nothing written) or something not
    expressible (listed; the table is written), 3 an input or the output cannot be read or written."""
    from peace_talks_model.interop.eth_prio import ExportProblem, export_eth_prio_cf_files
    from peace_talks_model.interop.records import InvalidRecordsError
    from peace_talks_model.interop.write import write_csv

    missing = [str(p) for p in records if not p.exists()]
    if missing:
        typer.echo(f"peace-talks: no such file or directory: {', '.join(missing)}", err=True)
        raise typer.Exit(3)
    problems: list[ExportProblem] = []

    def rows(items: Iterator[dict[str, str] | ExportProblem]) -> Iterator[dict[str, str]]:
        for item in items:
            if isinstance(item, ExportProblem):
                problems.append(item)
                typer.echo(f"{item}", err=True)
            else:
                yield item

    try:
        table = export_eth_prio_cf_files(records, synthetic_cf_ids)
        count = write_csv(out, table.columns, rows(table.rows))
    except InvalidRecordsError as exc:
        typer.echo(f"peace-talks: nothing exported: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"peace-talks: cannot export to {out}: {exc}", err=True)
        raise typer.Exit(3) from None
    typer.echo(f"{out}: {count} row(s) written; {len(problems)} thing(s) not expressible in the table")
    raise typer.Exit(1 if problems else 0)


class TableFormat(StrEnum):
    """File formats of `export table`."""

    csv = "csv"
    parquet = "parquet"
    both = "both"


@export_app.command("table")
def export_table(
    paths: Annotated[list[Path], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The directory to write the tables to.")],
    table_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="csv, parquet (needs pyarrow) or both.")
    ] = TableFormat.csv,
) -> None:
    """Export records as linked tables for analysts (docs/export/tables.md): one table per record type, one per
    nested list, keyed by record id and list positions, with tables.json and README.md as the data dictionary.
    The directory is written whole or not at all; a non-empty directory not written by this command is refused.
    Exit status: 0 written, 1 invalid input (nothing written), 3 the directory cannot be written or Parquet
    needs pyarrow."""
    from peace_talks_model.interop.records import InvalidRecordsError
    from peace_talks_model.interop.tables import ParquetUnavailableError, export_tables

    formats = ("csv", "parquet") if table_format is TableFormat.both else (table_format.value,)
    try:
        summary = export_tables(paths, out, formats)
    except InvalidRecordsError as exc:
        typer.echo(f"peace-talks: nothing written: {exc}", err=True)
        raise typer.Exit(1) from None
    except (ParquetUnavailableError, OSError) as exc:
        typer.echo(f"peace-talks: nothing written: {exc}", err=True)
        raise typer.Exit(3) from None
    records = sum(summary.records.values())
    rows = sum(summary.rows.values())
    typer.echo(
        f"{out}: {records} record(s) -> {len(summary.rows)} tables, {rows} row(s) ({', '.join(summary.formats)}); "
        f"data dictionary in {out / 'tables.json'}"
    )


@export_app.command("acled")
def export_acled(
    paths: Annotated[list[Path], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The CSV file to write the ACLED rows to.")],
) -> None:
    """Export agreements, cease-fire declarations, prisoner swaps and ACLED-typed events as rows of ACLED's event
    table (docs/export/acled.md). Records that cannot be expressed (a date known only to the year, an event kind
    ACLED does not code) are listed and left out; values a row loses are listed as lossy. The file is written
    whole or not at all. Exit status: 0 every exportable record written, 1 some left out or invalid input
    (nothing written), 3 the file cannot be written."""
    from peace_talks_model.interop.acled import export_acled as run
    from peace_talks_model.interop.records import InvalidRecordsError

    if any(str(p) == "-" for p in paths):
        raise typer.BadParameter(
            "the ACLED export reads its input twice: give files or directories", param_hint="PATHS"
        )
    try:
        summary = run(paths, out, on_problem=lambda problem: typer.echo(str(problem), err=True))
    except InvalidRecordsError as exc:
        typer.echo(f"peace-talks: nothing written: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"peace-talks: nothing written: {exc}", err=True)
        raise typer.Exit(3) from None
    rows = sum(summary.rows.values())
    per_type = ", ".join(f"{n} {t}" for t, n in sorted(summary.rows.items()))
    typer.echo(
        f"{out}: {rows} row(s) written ({per_type or 'none'}); {summary.left_out} record(s) or declaration(s) "
        f"left out, {summary.lossy} lossy value(s) (listed above)"
    )
    raise typer.Exit(1 if summary.left_out else 0)


def main() -> None:
    """Console-script entry point."""
    app()
