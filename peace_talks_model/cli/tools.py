"""`peace-talks explain|example|prompt|fix|timeline`: the commands that help write and look at records (what a
code means, a starter record, an extraction prompt's field guide, safe fixes, the timeline page)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peace_talks_model.cli._common import PROG, fail
from peace_talks_model.errors import ExitStatus, PeaceTalksError


def explain(
    code: Annotated[str | None, typer.Argument(help="A code (PT112) or its name (unknown_field).")] = None,
    list_all: Annotated[
        bool, typer.Option("--list", help="List every code with its summary, grouped by what it checks.")
    ] = False,
) -> None:
    """Explain what a finding code means, why it matters and how to fix it, with a good and a bad example."""
    from peace_talks_model.codes import lookup
    from peace_talks_model.explanations import EXPLANATIONS

    if list_all or code is None:
        from peace_talks_model.codes import CODES
        from peace_talks_model.rules.catalogue import catalogue

        width = max(len(c.name) for c in CODES)
        for number, section in enumerate(catalogue()):
            typer.echo(f"{'' if number == 0 else chr(10)}{section.title}: {section.description}")
            for c in section.codes:
                typer.echo(f"  {c.code}  {c.severity.value:<7}  {c.name:<{width}}  {c.summary}")
        return
    found = lookup(code)
    if found is None:
        fail(f"unknown code '{code}'; see: peace-talks explain --list", ExitStatus.USAGE)
    typer.echo(f"{found.code} {found.name} ({found.severity.value})\n\n{found.summary}\n")
    text = EXPLANATIONS.get(found.code)
    if text is not None:
        typer.echo(f"Why: {text.why}\n\nHow to fix: {text.fix}\n\nBad:\n{text.bad}\n\nGood:\n{text.good}")
    typer.echo(f"\nRules: {', '.join(found.rules)}")


def example(
    record_type: Annotated[str, typer.Argument(help="A record type (actor, prisoner_swap...).")],
) -> None:
    """Print a valid starter record of a record type, to copy and fill in (with the records of the actors it
    names, as a JSON array, when it names any: the output validates as printed)."""
    import json

    from peace_talks_model.starters import STARTERS, starter_set

    chosen = record_type.replace("-", "_")
    if chosen not in STARTERS:
        raise typer.BadParameter(f"choose one of: {', '.join(STARTERS)}", param_hint="RECORD_TYPE")
    typer.echo(json.dumps(starter_set(chosen), indent=2, ensure_ascii=False))


def prompt(
    record_types: Annotated[
        list[str] | None, typer.Argument(help="Record types (agreement, prisoner_swap...), in order.")
    ] = None,
    plan: Annotated[
        bool,
        typer.Option(
            "--plan",
            help="Print the calls that extract the record types with the tiers of the LLM profile (core first, then "
            "the enrichments), each with its schema file and field guide.",
        ),
    ] = False,
    tier: Annotated[
        str | None,
        typer.Option(
            "--tier",
            metavar="FILE",
            help="Print the field guide of one tier file of schemas/llm (e.g. agreement.core.schema.json).",
        ),
    ] = None,
    plan_format: Annotated[
        str,
        typer.Option("--format", metavar="text|json", help="With --plan: text, or JSON with each call's guide."),
    ] = "text",
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
    vocabularies with the meaning of each value (docs/llm-profile.md). Its size goes to standard error. With
    --plan, the sequence of calls that extracts them in strict mode with any provider (the tiers); with --tier,
    the guide of one tier file."""
    from peace_talks_model.prompt_kit import DETAIL_LEVELS, GuideTooLongError, field_guide

    if plan_format not in ("text", "json"):
        raise typer.BadParameter("text or json", param_hint="--format")
    if tier is not None:
        if record_types or plan:
            raise typer.BadParameter("give --tier alone, without record types or --plan", param_hint="--tier")
        _tier_guide(tier)
        return
    if not record_types:
        raise typer.BadParameter("name at least one record type", param_hint="RECORD_TYPES")
    if plan:
        _plan([t.replace("-", "_") for t in record_types], plan_format)
        return
    try:
        guide = field_guide([t.replace("-", "_") for t in record_types], max_chars, level=0 if full else None)
    except KeyError as exc:
        from peace_talks_model.models import RECORD_TYPES

        raise typer.BadParameter(
            f"unknown record type {exc}; choose from: {', '.join(RECORD_TYPES)}", param_hint="RECORD_TYPES"
        ) from None
    except GuideTooLongError as exc:
        fail(f"{PROG} prompt: {exc}", ExitStatus.INVALID)
    typer.echo(guide.text, nl=False)
    typer.echo(
        f"{guide.chars:,} characters, about {guide.tokens:,} tokens; detail level {guide.level} "
        f"(leaves out {DETAIL_LEVELS[guide.level]})",
        err=True,
    )


def _tier_guide(name: str) -> None:
    from peace_talks_model.llm_schema import tier_files
    from peace_talks_model.prompt_kit import tier_guide

    name = name.rsplit("/", 1)[-1]
    try:
        guide = tier_guide(name)
    except KeyError:
        tiers = ", ".join(tier_files())
        raise typer.BadParameter(f"no tier file '{name}'; choose from: {tiers}", param_hint="--tier") from None
    typer.echo(guide.text, nl=False)
    typer.echo(f"{guide.chars:,} characters, about {guide.tokens:,} tokens", err=True)


def _plan(record_types: list[str], output_format: str) -> None:
    import json
    from dataclasses import asdict

    from peace_talks_model.prompt_kit import extraction_plan, render_plan

    try:
        calls = extraction_plan(record_types)
    except KeyError as exc:
        from peace_talks_model.models import RECORD_TYPES

        raise typer.BadParameter(
            f"unknown record type {exc}; choose from: {', '.join(RECORD_TYPES)}", param_hint="RECORD_TYPES"
        ) from None
    if output_format == "json":
        items = [{**asdict(c), "guide": c.guide.text} for c in calls]
        typer.echo(json.dumps({"calls": items}, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_plan(calls), nl=False)


def fix(
    paths: Annotated[list[Path], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only print the patches (the default).")] = False,
    write: Annotated[bool, typer.Option("--write", help="Apply the patches in place, keeping a backup.")] = False,
    backup_suffix: Annotated[
        str,
        typer.Option(
            "--backup-suffix",
            help="The backup is FILE+SUFFIX, or FILE+SUFFIX.1, .2... when that exists (none is ever overwritten).",
        ),
    ] = ".bak",
) -> None:
    """Fix what cannot change meaning (stray whitespace, an enum value's case or spelling with one close match,
    unpadded dates such as 2019-9-7) and report everything else (docs/fix.md). Prints one JSON object per file:
    {file, format, patch (RFC 6902), unfixed}. Exit status: 0 nothing left to fix, 1 findings not fixed safely
    (reported), 2 usage error, 3 a file that cannot be read or written."""
    import json

    from peace_talks_model.fix import run_fix

    if dry_run and write:
        raise typer.BadParameter("give --dry-run or --write, not both", param_hint="--write")
    if not backup_suffix or "/" in backup_suffix:
        raise typer.BadParameter("a non-empty suffix without '/'", param_hint="--backup-suffix")
    run = run_fix(paths, write=write, backup_suffix=backup_suffix)
    for outcome in run.files:
        if outcome.error is not None:
            typer.echo(f"{PROG}: cannot fix {outcome.error}", err=True)
            continue
        result = outcome.fix
        if result is None:  # pragma: no cover - a file is either read or not
            continue
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        for left in result.unfixed:
            where = f"{result.file}:{left.line}" if left.line else str(result.file)
            typer.echo(
                f"{where} {left.pointer or '/'}: {left.code} {left.message} [not fixed: {left.reason}]", err=True
            )
        if outcome.write_error is not None:
            typer.echo(f"{PROG}: {result.file} not fixed: {outcome.write_error}", err=True)
        elif outcome.backup is not None:
            typer.echo(
                f"{result.file}: {len(result.changes)} fix(es) written; the original is in {outcome.backup}", err=True
            )
    raise typer.Exit(run.exit_status)


def timeline(
    paths: Annotated[list[str], typer.Argument(help="Record files (.json, .jsonl, .ndjson) or directories.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The HTML file to write (with --by-process: the directory).")
    ],
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
    by_process: Annotated[
        bool,
        typer.Option(
            "--by-process",
            help="Write into the directory --out one page per process and index.html linking them (for large inputs).",
        ),
    ] = False,
) -> None:
    """Draw the records as one self-contained HTML page with an SVG timeline: a lane per negotiation track or set
    of parties; negotiations, agreements, cease-fires, prisoner swaps, events and positions with their status
    changes; fuzzy dates as ranges; hover a mark for its record, date wording and quotes (docs/timeline.md).
    With --by-process, one page per process (a negotiation that is part of no other) and an index page.
    Exit status: 0 written; 1 invalid records, unknown --process record or nothing to draw (nothing written);
    2 usage error; 3 an input that cannot be read or an output that cannot be written; 4 internal error."""
    from peace_talks_model.timeline import LARGE_TIMELINE, Filters, date_option, write_timeline, write_timeline_pages

    for name, value, which in (("--from", date_from, "from"), ("--to", date_to, "to")):
        if value is not None:
            try:
                date_option(value, which)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint=name) from None
    if by_process and process:
        message = "--process draws one process; --by-process draws each on its own page"
        raise typer.BadParameter(message, param_hint="--process")
    filters = Filters(process, actor, date_from, date_to)
    if by_process:
        try:
            index = write_timeline_pages(paths, out, filters, dense=not linear)
        except PeaceTalksError as exc:
            fail(f"{PROG} timeline: {exc}; nothing written", exc.exit_status, exc.details)
        processes = sum(p.process is not None for p in index.pages)
        rest = sum(p.records for p in index.pages if p.process is None)
        others = f"one page of {rest} record(s) linked to no process" if rest else "no record linked to no process"
        typer.echo(f"{index.index}: the index of {processes} process page(s) in {out}; {others}")
        return
    try:
        written = write_timeline(paths, out, filters, dense=not linear)
    except PeaceTalksError as exc:
        fail(f"{PROG} timeline: {exc}; nothing written", exc.exit_status, exc.details)
    typer.echo(
        f"{out}: {written.records} record(s), {written.marks} mark(s) in {written.lanes} lane(s); "
        f"{written.left_out} item(s) not drawn (listed on the page)"
    )
    if written.records > LARGE_TIMELINE and process is None:
        typer.echo(
            f"note: {written.records} records on one page; --by-process writes one page per process and an index",
            err=True,
        )
