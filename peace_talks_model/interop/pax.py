"""Import the PA-X peace agreements table (PeaceRep, `pax.csv`) as `Agreement`, `Source` and `Negotiation` records.

`import_pax(rows)` maps each row of the table (a dict per row, as `csv.DictReader` gives) to records, and yields a
`RowProblem` (row number, column, value, why) for every row it cannot map, instead of guessing; `import_pax_file`
streams a CSV file. The mapping, column by column, and what is lossy are in `docs/import/pax.md`. Codebook: PA-X
Peace Agreements Database and Access Tool, codebook version 8 (Bell et al., University of Edinburgh / PeaceRep).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.models.agreement import PaxAgreementType, PaxStage, PaxSubStage

#: The codebook's columns every row must have (the published table adds derived labels, which are not needed).
REQUIRED_COLUMNS = ("AgtId", "Ver", "Agt", "Dat", "Status", "Agtp", "Stage", "StageSub", "Part", "ThrdPart")

#: PA-X `Status` -> the status of the agreement's first step (None: no step) and a note kept with the record.
STATUS = {
    "Multiparty signed/agreed": ("signed", None),
    "Unilateral document": ("adopted", "PA-X status: unilateral document"),
    "Status unclear": (None, "PA-X status: status unclear"),
    "Agreement with subsequent status": ("signed", "PA-X status: agreement with subsequent status"),
}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that could not be mapped: its number in the file (the header is row 1), the column, value and why."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column} = {self.value[:60]!r}: {self.message}"


class _UnmappableError(ValueError):
    def __init__(self, column: str, value: str, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def _text(row: Mapping[str, str], column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return value or None


def _integer(row: Mapping[str, str], column: str) -> int | None:
    """A whole number written as '289' or '289.0' (the published table writes ids as floats)."""
    raw = _text(row, column)
    if raw is None:
        return None
    try:
        number = float(raw)
    except ValueError:
        raise _UnmappableError(column, raw, "not a number") from None
    if not number.is_integer() or number < 0:
        raise _UnmappableError(column, raw, "not a whole non-negative number")
    return int(number)


def _code(row: Mapping[str, str], column: str, allowed: type[Any]) -> str | None:
    raw = _text(row, column)
    if raw is None:
        return None
    values = [member.value for member in allowed]
    if raw not in values:
        raise _UnmappableError(column, raw, f"not a code of the codebook ({', '.join(values)})")
    return raw


def _date(row: Mapping[str, str]) -> str | None:
    raw = _text(row, "Dat")
    if raw is None:
        return None
    try:
        return dt.datetime.strptime(raw, "%d/%m/%Y").date().isoformat()
    except ValueError:
        raise _UnmappableError("Dat", raw, "not a date in the form DD/MM/YYYY") from None


#: The source every imported peace-process record cites: the table itself.
TABLE_SOURCE = "source:pax-table"
_IDENTIFIER_COLUMNS = (
    ("UcdpAgr", "ucdp_agreement"),
    ("UcdpCon", "ucdp_conflict"),
    ("PamAgr", "pam_agreement"),
    ("CowWar", "cow"),
)
_PROCESS_CONTEXT = (("conflict", "Con"), ("conflict type", "Contp"), ("region", "Reg"))


def _identifiers(row: Mapping[str, str], agt_id: int) -> list[dict[str, Any]]:
    identifier: dict[str, Any] = {"scheme": "pax_agreement", "value": str(agt_id)}
    version = _integer(row, "Ver")
    if version is not None:
        identifier["version"] = str(version)
    if _text(row, "PAX_Hyperlink"):
        identifier["url"] = _text(row, "PAX_Hyperlink")
    identifiers = [identifier]
    for column, scheme in _IDENTIFIER_COLUMNS:
        number = _integer(row, column)
        if number is not None:
            identifiers.append({"scheme": scheme, "value": str(number)})
    return identifiers


def _locations(row: Mapping[str, str]) -> list[dict[str, Any]]:
    locations = []
    for iso_column, gwno_column in (("Loc1ISO", "Loc1GWNO"), ("Loc2ISO", "Loc2GWNO")):
        iso, gwno = _text(row, iso_column), _integer(row, gwno_column)
        place: dict[str, Any] = {"country": iso} if iso else {}
        if gwno is not None:
            place["identifiers"] = [{"scheme": "gwno", "value": str(gwno)}]
        if place:
            locations.append(place)
    return locations


def _text_version(row: Mapping[str, str], source_id: str) -> dict[str, Any]:
    version = _integer(row, "Ver")
    text_version: dict[str, Any] = {"key": f"pax-v{version if version is not None else 1}", "text_source": source_id}
    for column, field in (("Lgt", "pages"), ("N_characters", "characters")):
        number = _integer(row, column)
        if number is not None:
            text_version[field] = number
    return text_version


def _process(row: Mapping[str, str], process: int) -> dict[str, Any]:
    title = _text(row, "PPName") or f"PA-X peace process {process}"
    negotiation: dict[str, Any] = {
        "record_type": "negotiation",
        "id": f"negotiation:pax-pp-{process}",
        "schema_version": SCHEMA_VERSION,
        "kind": "track",
        "title": title,
        "evidence": [{"source": TABLE_SOURCE, "quote": title}],
    }
    context = [f"{label}: {_text(row, column)}" for label, column in _PROCESS_CONTEXT if _text(row, column)]
    if context:
        negotiation["notes"] = "PA-X " + "; ".join(context)
    return negotiation


def _agreement(row: Mapping[str, str]) -> dict[str, Any]:
    agt_id = _integer(row, "AgtId")
    if agt_id is None:
        raise _UnmappableError("AgtId", "", "missing: every PA-X row has an agreement id")
    name = _text(row, "Agt")
    if name is None:
        raise _UnmappableError("Agt", "", "missing: every PA-X row has a title")
    status_raw = _text(row, "Status") or ""
    if status_raw not in STATUS:
        raise _UnmappableError("Status", status_raw, f"not a PA-X status ({', '.join(STATUS)})")
    status, status_note = STATUS[status_raw]
    date = _date(row)
    source_id = f"source:pax-{agt_id}"
    record: dict[str, Any] = {
        "record_type": "agreement",
        "id": f"agreement:pax-{agt_id}",
        "schema_version": SCHEMA_VERSION,
        "identifiers": _identifiers(row, agt_id),
        "name": name,
        "pax_stage": _code(row, "Stage", PaxStage),
        "pax_substage": _code(row, "StageSub", PaxSubStage),
        "pax_agreement_type": _code(row, "Agtp", PaxAgreementType),
        "date": date,
        "parties_wording": _text(row, "Part"),
        "third_parties_wording": _text(row, "ThrdPart"),
        "references_wording": [t for t in [_text(row, "OthAgr")] if t],
        "conflict_locations": _locations(row),
        "versions": [_text_version(row, source_id)],
        "text_source": source_id,
    }
    interim = _text(row, "Interim")
    if interim is not None:
        if interim not in ("Yes", "No"):
            raise _UnmappableError("Interim", interim, "not 'Yes' or 'No'")
        record["interim"] = interim == "Yes"
    if status is not None:
        record["status_history"] = [{"status": status, **({"date": date} if date else {})}]
    notes = [n for n in (status_note, _text(row, "description")) if n]
    if notes:
        record["notes"] = "\n\n".join(notes)
    return {k: v for k, v in record.items() if v not in (None, [])}


def _row_records(row: Mapping[str, str], processes: set[str]) -> list[dict[str, Any]]:
    agreement = _agreement(row)
    records = []
    process = _integer(row, "PP")
    if process is not None:
        negotiation = _process(row, process)
        agreement["negotiations"] = [negotiation["id"]]
        if negotiation["id"] not in processes:
            processes.add(negotiation["id"])
            records.append(negotiation)
    source: dict[str, Any] = {
        "record_type": "source",
        "id": agreement["text_source"],
        "schema_version": SCHEMA_VERSION,
        "kind": "agreement_text",
        "title": agreement["name"],
    }
    if _text(row, "PDF_Hyperlink"):
        source["url"] = _text(row, "PDF_Hyperlink")
    return [*records, source, agreement]


def import_pax(rows: Iterable[Mapping[str, str]], first_row: int = 2) -> Iterator[dict[str, Any] | RowProblem]:
    """Map PA-X rows to records (a peace process's `Negotiation` once, before its first agreement; each
    agreement's `Source`, then the `Agreement`), or a `RowProblem` for a row that cannot be mapped."""
    yield {
        "record_type": "source",
        "id": TABLE_SOURCE,
        "schema_version": SCHEMA_VERSION,
        "kind": "dataset",
        "title": "PA-X Peace Agreements Database, agreements table",
        "url": "https://www.peaceagreements.org/",
    }
    processes: set[str] = set()
    for number, row in enumerate(rows, start=first_row):
        try:
            yield from _row_records(row, processes)
        except _UnmappableError as problem:
            yield RowProblem(number, problem.column, problem.value, problem.message)


def import_pax_file(path: Path) -> Iterator[dict[str, Any] | RowProblem]:
    """Stream a PA-X CSV file (UTF-8, with or without a byte-order mark)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            yield RowProblem(1, ", ".join(missing), "", "the header lacks these PA-X columns: is this a PA-X table?")
            return
        yield from import_pax(reader)
