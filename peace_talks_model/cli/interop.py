"""`peace-talks import pax|paax|eth-prio-cf` and `peace-talks export pax|eth-prio-cf|table|acled`: each command
parses its options and hands them to its importer or exporter (`peace_talks_model.interop.contract`) through one
runner for imports and one for exports, which print the problems as they come, the summary line, and exit with
the result's status."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peace_talks_model.cli._common import progress_bar, table_size

if TYPE_CHECKING:
    from peace_talks_model.interop.contract import ExportOptions, ExportProblem, ImportOptions, RowProblem

import_app = typer.Typer(help="Import the field's datasets as records.", no_args_is_help=True)
export_app = typer.Typer(
    help="Export records as the field's tables (PA-X, ETH/PRIO, ACLED) and as linked tables for analysts.",
    no_args_is_help=True,
)

NO_PROGRESS_HELP = "No progress bar (shown on a terminal for tables over 4 MB)."
CONFLICTS_FROM_HELP = (
    "Records to be validated with the output (e.g. the other dataset's import): their conflict records are named, "
    "not written again."
)


def run_import(name: str, table: Path, out: Path, no_progress: bool, options: ImportOptions) -> None:
    """Run the importer `name`: its row problems and notes on stderr as they come, then the summary line; exit
    with the result's status."""
    from peace_talks_model.interop.contract import importer

    def report(problem: RowProblem) -> None:
        typer.echo(f"{table}:{problem.row}: {'note: ' if problem.note else ''}{problem}", err=True)

    with progress_bar("importing", table_size(table, no_progress), unit="rows") as progress:
        result = importer(name).run(table, out, options, report, progress)
    summary = result.summary()
    if summary is not None:
        typer.echo(summary)
    raise typer.Exit(result.exit_status)


def run_export(name: str, paths: list[Path], out: Path, options: ExportOptions) -> None:
    """Run the exporter `name`: what the table cannot carry on stderr as it comes, then the summary line; exit
    with the result's status."""
    from peace_talks_model.interop.contract import exporter

    def report(problem: ExportProblem) -> None:
        typer.echo(str(problem), err=True)

    result = exporter(name).run(paths, out, options, report)
    typer.echo(result.summary)
    raise typer.Exit(result.exit_status)


# -- imports ----------------------------------------------------------------------------------------------------


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
    conflicts_from: Annotated[Path | None, typer.Option("--conflicts-from", help=CONFLICTS_FROM_HELP)] = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help=NO_PROGRESS_HELP)] = False,
) -> None:
    """Map every row of a PA-X table to Agreement, Source and Negotiation records (docs/import/pax.md). The
    parties' wordings are split into party mentions where the text allows, and the third parties a label of
    ThrdPart gives a role ('Witnessed by:', 'Mediated by:') are read in that role; with --actors, a mention that
    is exactly one actor's name is resolved to it. Each UCDP conflict of UcdpCon becomes a conflict record, once
    (with --conflicts-from, not those already there). Rows that cannot be mapped are listed (row, column, value,
    why) and left out; the output file is written whole or not at all. Exit status: 0 all rows imported, 1 some
    rows left out or invalid records in --actors/--conflicts-from, 3 the table or one of those files could not be
    read."""
    from peace_talks_model.interop.contract import ImportOptions

    run_import("pax", table, out, no_progress, ImportOptions(actors=actors, conflicts_from=conflicts_from))


@import_app.command("eth-prio-cf")
def import_eth_prio_cf(
    table: Annotated[Path, typer.Argument(help="The ETH/PRIO cease-fire table (CSV, one row per declaring actor).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The JSONL file to write the records to.")],
    link_pax: Annotated[
        bool,
        typer.Option("--link-pax", help="Also point cease-fires at 'agreement:pax-<pax_id>' (import PA-X beside)."),
    ] = False,
    conflicts_from: Annotated[Path | None, typer.Option("--conflicts-from", help=CONFLICTS_FROM_HELP)] = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help=NO_PROGRESS_HELP)] = False,
) -> None:
    """Map an ETH/PRIO cease-fire table to Ceasefire records (one per cf_id, a declaration per row), the
    declaring Actor records, the Conflict records of ucdp_acd_id (with --conflicts-from, not those already there)
    and the Source records of the quotes (docs/import/eth-prio-cf.md). Rows that cannot be mapped are listed (row,
    column, value, why) and left out with the rest of their cease-fire; the output file is written whole or not
    at all. Exit status: 0 all rows imported, 1 some rows or columns left out or invalid records in
    --conflicts-from, 3 the table or that file could not be read, or the table is not the ETH/PRIO table (nothing
    written)."""
    from peace_talks_model.interop.contract import ImportOptions

    options = ImportOptions(link_pax=link_pax, conflicts_from=conflicts_from)
    run_import("eth-prio-cf", table, out, no_progress, options)


@import_app.command("paax")
def import_paax(
    table: Annotated[Path, typer.Argument(help="The PAA-X actors table (CSV, as PeaceRep publishes it).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The JSONL file to write the records to.")],
    no_progress: Annotated[bool, typer.Option("--no-progress", help=NO_PROGRESS_HELP)] = False,
) -> None:
    """Map every row of a PAA-X actors table to an Actor record, after a Source record for the table
    (docs/import/paax.md). Rows that cannot be mapped are listed (row, column, value, why) and left out; values
    kept only verbatim as dataset codes are listed as notes; the output file is written whole or not at all.
    Exit status: 0 all rows imported, 1 some rows left out, 3 the table could not be read."""
    from peace_talks_model.interop.contract import ImportOptions

    run_import("paax", table, out, no_progress, ImportOptions())


# -- exports ----------------------------------------------------------------------------------------------------
# Every export reads its records with peace_talks_model.io.read_records (every record validated, every problem
# listed; an invalid input stops the export before anything is written, exit 1) and writes through
# peace_talks_model.io (whole files or nothing). Exit status: 0 written, 1 invalid input or records that cannot be
# expressed in the target table (each reported), 3 an input or output that cannot be read/written.


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
    from peace_talks_model.interop.contract import ExportOptions

    run_export("pax", [Path(r) for r in records], out, ExportOptions())


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
    from peace_talks_model.interop.contract import ExportOptions

    run_export("eth-prio-cf", records, out, ExportOptions(synthetic_cf_ids=synthetic_cf_ids))


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
    from peace_talks_model.interop.contract import ExportOptions

    formats = ("csv", "parquet") if table_format is TableFormat.both else (table_format.value,)
    run_export("table", paths, out, ExportOptions(formats=formats))


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
    from peace_talks_model.interop.contract import ExportOptions

    if any(str(p) == "-" for p in paths):
        raise typer.BadParameter(
            "the ACLED export reads its input twice: give files or directories", param_hint="PATHS"
        )
    run_export("acled", paths, out, ExportOptions())
