"""The one contract of every importer and every exporter, and the registries that name them.

An importer maps a dataset's table to records: `Importer.run(table, out, options, report, progress)` streams the
table into the JSONL file `out` (whole or not at all), hands every `RowProblem` (a row left out, a value kept only
verbatim, a header that is not the dataset's) to `report` as it is found, and returns an `ImportResult`. An
exporter writes records as a dataset's table: `Exporter.run(paths, out, options, report)` reads the record files
(every problem of the inputs found before anything is written), writes `out` whole or not at all, hands every
`ExportProblem` (what the table cannot carry) to `report`, and returns an `ExportResult`. Both results carry the
summary line of the run and its `ExitStatus`; an input that cannot be used raises `InvalidRecordsError` (1), an
input or output that cannot be read or written an `InputError` (3). `IMPORTERS` and `EXPORTERS` map each command
name to the module that defines its `IMPORTER` or `EXPORTER`, loaded on first use by `importer(name)` and
`exporter(name)`.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peace_talks_model.errors import ExitStatus, InputError
from peace_talks_model.io import InvalidRecordsError, write_jsonl

#: Called with (rows read, bytes of the table read); the bytes reach the file's size after the last row.
Progress = Callable[[int, int], None]


# -- problems ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A problem with one row of an imported table (the header is row 1): its column, value and why. A plain
    problem leaves the row out; a `note` keeps the row, with the value only verbatim (in `dataset_codes`); a
    `fatal` one (in the header) means the table is not the dataset's, and nothing is imported."""

    row: int
    column: str
    value: str
    message: str
    note: bool = False
    fatal: bool = False

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column} = {self.value[:60]!r}: {self.message}"


@dataclass(frozen=True, slots=True)
class ExportProblem:
    """Something of a record that an exported table does not carry: the record, the field and why, with the value
    when it is shown; `left_out` when the record (or a part that gives a row of its own) is not exported at all,
    else a value lost from the row written. `labelled` problems say which of the two in their text. A `known` one
    is not a problem: something the table knowingly does not carry because its importer makes it again from what
    is written (the actor link of a mention whose text is written); exporters count these in their summary
    instead of listing them, and they do not fail the export."""

    record: str
    field: str
    message: str
    value: str | None = None
    left_out: bool = False
    labelled: bool = False
    known: bool = False

    def __str__(self) -> str:
        label = ("not exported: " if self.left_out else "lossy: ") if self.labelled else ""
        shown = ""
        if self.value is not None:
            value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            shown = f" = {value!r}"
        return f"{self.record}: {label}{self.field}{shown}: {self.message}"


# -- options and results ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """The options of the importers (each reads those it has): PA-X's actor records to resolve party mentions
    with (`actors`), ETH/PRIO's links to PA-X agreements (`link_pax`), and the record file whose conflict records
    the output will be validated with, so they are named but not written again (`conflicts_from`; PA-X and
    ETH/PRIO)."""

    actors: Path | None = None
    link_pax: bool = False
    conflicts_from: Path | None = None


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """The options of the exporters (each reads those it has): ETH/PRIO's first synthetic cf_id
    (`synthetic_cf_ids`, None: cease-fires without one are left out) and the table export's file `formats`."""

    synthetic_cf_ids: int | None = None
    formats: tuple[str, ...] = ("csv",)


@dataclass(slots=True)
class ImportResult:
    """What one import wrote: the records written, the rows left out and the notes; its exit status is 3 when the
    table is not the dataset's (nothing written), else 1 when any row or column was left out, else 0."""

    table: Path
    out: Path
    records: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: int = 0
    show_notes: bool = False
    #: How many records took each path the importer counts (`Importer.tally`), under `tally_label`.
    tallies: dict[str, int] = field(default_factory=dict)
    tally_label: str = ""

    @property
    def not_the_table(self) -> bool:
        """True when the header says the table is not the dataset's (nothing was written)."""
        return any(p.fatal for p in self.problems)

    @property
    def rows_left_out(self) -> int:
        """How many rows (below the header) were left out."""
        return len({p.row for p in self.problems if p.row > 1})

    @property
    def exit_status(self) -> ExitStatus:
        """3 not the dataset's table, 1 rows or columns left out, 0 everything imported."""
        if self.not_the_table:
            return ExitStatus.INPUT
        return ExitStatus.INVALID if self.problems else ExitStatus.OK

    def summary(self) -> str | None:
        """The run's summary line; None when nothing was imported because the table is not the dataset's (its
        header problems say why)."""
        if self.not_the_table:
            return None
        notes = f"; {self.notes} note(s)" if self.show_notes else ""
        written = f"{self.records} record(s) written to {self.out}"
        ordered = sorted(self.tallies.items(), key=lambda item: (-item[1], item[0]))
        tallies = ", ".join(f"{name} {count:,}" for name, count in ordered)
        counted = f"; {self.tally_label}: {tallies}" if tallies else ""
        return f"{self.table}: {written}; {self.rows_left_out} row(s) left out{notes}{counted}"


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What one export wrote, as its summary line, and its exit status: 1 when something was not carried over
    (each reported), else 0."""

    summary: str
    exit_status: ExitStatus = ExitStatus.OK


def read_option_records(path: Path, what: str) -> list[Any]:
    """The records (typed models) of the record file `path` that an option names for `what` ('the actors'), read
    and validated whole before the import starts, so that a file that cannot be used stops it before anything is
    written.

    Raises:
        InputError: `path` is not a file or cannot be read.
        InvalidRecordsError: `path` holds invalid records (each problem named).
    """
    # imported here: reading records loads the validator, which importing a table alone does not need
    from peace_talks_model.io import read_records  # noqa: PLC0415

    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file")
    try:
        return list(read_records([path]).check().records)
    except InvalidRecordsError as exc:
        raise InvalidRecordsError(f"cannot use {what} of {path}: {exc}", exc.problems) from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def read_known_conflicts(options: ImportOptions) -> dict[str, list[str]]:
    """The conflict records of `options.conflicts_from` (none without it): each id with its UCDP conflict ids
    (identifiers of scheme `ucdp_conflict`). An import names these conflicts without writing them again.

    Raises:
        InputError, InvalidRecordsError: as `read_option_records`.
    """
    if options.conflicts_from is None:
        return {}
    records = read_option_records(options.conflicts_from, "the conflicts")
    return {
        record.id: [i.value for i in record.identifiers if i.scheme == "ucdp_conflict"]
        for record in records
        if record.record_type == "conflict"
    }


# -- the two contracts ------------------------------------------------------------------------------------------

#: Maps a table (and the options) to records and row problems, reporting progress.
RowMapper = Callable[[Path, ImportOptions, Progress | None], Iterable[Mapping[str, Any] | RowProblem]]


@dataclass(frozen=True)
class Importer:
    """An importer of one dataset's table (`name`, the command's): `rows` maps the table, `run` writes the records
    whole or not at all; `show_notes` when its summary counts notes; `tally` names the path a record took (None:
    not counted), and the summary counts the records of each path under `tally_label`."""

    name: str
    rows: RowMapper
    show_notes: bool = False
    tally: Callable[[Mapping[str, Any]], str | None] | None = None
    tally_label: str = ""

    def run(
        self,
        table: Path,
        out: Path,
        options: ImportOptions,
        report: Callable[[RowProblem], None],
        progress: Progress | None = None,
    ) -> ImportResult:
        """Import `table` into the JSONL file `out` (nothing written when no record is made).

        Raises:
            InputError: the table (or a file the options name) cannot be read; nothing written.
            InvalidRecordsError: a record file the options name holds invalid records; nothing written.
        """
        result = ImportResult(table, out, show_notes=self.show_notes, tally_label=self.tally_label)
        tally = self.tally

        def records(items: Iterable[Mapping[str, Any] | RowProblem]) -> Iterator[Mapping[str, Any]]:
            for item in items:
                if isinstance(item, RowProblem):
                    if item.note:
                        result.notes += 1
                    else:
                        result.problems.append(item)
                    report(item)
                else:
                    if tally is not None and (path := tally(item)) is not None:
                        result.tallies[path] = result.tallies.get(path, 0) + 1
                    yield item

        try:
            result.records = write_jsonl(out, records(self.rows(table, options, progress)))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"cannot import {table}: {exc}") from exc
        return result


#: Exports the records of the paths into `out` with the options, reporting each problem.
ExportRun = Callable[[Sequence[Path], Path, ExportOptions, Callable[[ExportProblem], None]], ExportResult]


@dataclass(frozen=True)
class Exporter:
    """An exporter of records as one dataset's table (`name`, the command's); `run` writes it whole or not at all
    after every input record was read and validated."""

    name: str
    run: ExportRun


@contextmanager
def export_failures(refused: str, unwritable: str) -> Iterator[None]:
    """Name the failures of an export in its own words: invalid inputs as `refused: <first problem>` (exit 1, every
    problem kept), inputs or outputs that cannot be read or written as `unwritable: <why>` (exit 3)."""
    try:
        yield
    except InvalidRecordsError as exc:
        raise InvalidRecordsError(f"{refused}: {exc}", exc.problems) from exc
    except (OSError, UnicodeDecodeError, InputError) as exc:
        raise InputError(f"{unwritable}: {exc}") from exc


# -- the registries ---------------------------------------------------------------------------------------------

#: The importers by command name: the module that defines each one's `IMPORTER`.
IMPORTERS: dict[str, str] = {
    "pax": "peace_talks_model.interop.pax",
    "paax": "peace_talks_model.interop.paax",
    "eth-prio-cf": "peace_talks_model.interop.eth_prio",
}

#: The exporters by command name: the module that defines each one's `EXPORTER`.
EXPORTERS: dict[str, str] = {
    "pax": "peace_talks_model.interop.pax_export",
    "eth-prio-cf": "peace_talks_model.interop.eth_prio",
    "table": "peace_talks_model.interop.tables",
    "acled": "peace_talks_model.interop.acled",
}


def importer(name: str) -> Importer:
    """The importer of a command name (a key of `IMPORTERS`)."""
    found = importlib.import_module(IMPORTERS[name]).IMPORTER
    if not isinstance(found, Importer):  # pragma: no cover - a registry mistake
        raise TypeError(f"{IMPORTERS[name]}.IMPORTER is not an Importer")
    return found


def exporter(name: str) -> Exporter:
    """The exporter of a command name (a key of `EXPORTERS`)."""
    found = importlib.import_module(EXPORTERS[name]).EXPORTER
    if not isinstance(found, Exporter):  # pragma: no cover - a registry mistake
        raise TypeError(f"{EXPORTERS[name]}.EXPORTER is not an Exporter")
    return found
