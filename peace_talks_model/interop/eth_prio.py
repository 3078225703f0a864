"""Import and export the ETH/PRIO Civil Conflict Ceasefire dataset (Clayton et al. 2022, one row per declaring actor).

`import_eth_prio_cf(rows)` maps the rows of the table (dicts, as `csv.DictReader` gives them) to one `Ceasefire`
record per `cf_id`, with one `Declaration` per row, the declaring `Actor` records and the `Conflict` records of the
UCDP conflicts (`ucdp_acd_id`; each once) and `Source` records for the Factiva documents the evidence quotes come
from; every row it cannot map is yielded as a `RowProblem` (row number, column, value, why) instead of a guess.
`import_eth_prio_cf_file(path)` streams a CSV file.

`export_eth_prio_cf(records)` writes cease-fire records back as rows of the dataset's (newer, October 2022) layout,
one row per declaration, the dataset's codes exactly as imported; what a record holds that the table cannot
express is reported as an `ExportProblem` (record id, field, why). `IMPORTER` and `EXPORTER` are the commands
`peace-talks import eth-prio-cf` and `export eth-prio-cf` (`interop.contract`). The mapping, column by column, the
vocabularies, what is lossy and what the public documentation leaves unclear are in `docs/import/eth-prio-cf.md`.

Round trip: every imported cease-fire is exported again while it is imported, and every cell the export would
not give back is kept verbatim as a dataset code (or the row is reported): import -> export gives back the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import ChainMap
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.errors import ExitStatus, InputError
from peace_talks_model.interop.contract import (
    Exporter,
    ExportOptions,
    ExportProblem,
    ExportResult,
    Importer,
    ImportOptions,
    export_failures,
    read_known_conflicts,
)
from peace_talks_model.interop.csvfile import Progress, RowProblem, open_table
from peace_talks_model.interop.csvfile import UnmappableError as _UnmappableError
from peace_talks_model.io import read_records
from peace_talks_model.models import Actor, Ceasefire, Conflict, Record, Source
from peace_talks_model.models.ceasefire import (
    CeasefireClass,
    CeasefireStatus,
    Declaration,
    DeclarationDate,
    Enforcement,
    Purpose,
    ScopeExtent,
)
from peace_talks_model.models.dates import FuzzyDate
from peace_talks_model.models.ids import IdScheme
from peace_talks_model.models.record_base import DATA
from peace_talks_model.models.vocabularies import Boolish, Dataset

# -- the columns ---------------------------------------------------------------------------------------------------

#: The columns a table must have: the cease-fire, the declaring actor and when it declared.
REQUIRED_COLUMNS = ("cf_id", "actor_name", "cf_dec_yr", "cf_dec_month", "cf_dec_day")
#: The three parts of each date of a declaration.
DATE_COLUMNS: dict[DeclarationDate, tuple[str, str, str]] = {
    DeclarationDate.declared: ("cf_dec_yr", "cf_dec_month", "cf_dec_day"),
    DeclarationDate.effective: ("cf_effect_yr", "cf_effect_month", "cf_effect_day"),
    DeclarationDate.end: ("end_yr", "end_month", "end_day"),
}
#: The purpose dummies of the newer layout and the purpose each stands for.
PURPOSE_COLUMNS: tuple[tuple[str, Purpose], ...] = (
    ("p_humanitarian", Purpose.humanitarian),
    ("p_peaceprocess", Purpose.peace_process),
    ("p_holiday", Purpose.holiday),
    ("p_election", Purpose.election),
    ("p_other", Purpose.other),
    ("p_unclear", Purpose.unclear),
)
#: The ids of linked cease-fires.
LINK_COLUMNS = tuple(f"link_id{n}" for n in range(1, 36))
#: The columns of the export, in order: the newer layout (October 2022 release).
EXPORT_COLUMNS: tuple[str, ...] = (
    "cf_id", "uniq_id", "cc", "location", "region", "ucdp_acd_id", "ucdp_dyad", "ucdp_actor_id", "actor_name",
    "side", "pax_id", *(c for parts in DATE_COLUMNS.values() for c in parts), "ended", "written", "partial",
    "geography", "fixed", "fixed_time", *(c for c, _ in PURPOSE_COLUMNS), "p_other_comment", "ceasefire_class",
    "timing", "implement", "enforcement", "ddr", "nsa_frac", "splinter", "truce", "cf_pp", "mediator_nego",
    "mediator_send", "link", *LINK_COLUMNS, "evidence_onset", "evidence_end", "factivia_source", "factivia_page",
    "comment", "coder", "recentadditions",
)  # fmt: skip
#: Columns of older releases only (read, kept as codes, and written back when a record carries them).
OLDER_COLUMNS = ("purpose_1", "purpose_2", "ceasefire_type")
KNOWN_COLUMNS = frozenset(EXPORT_COLUMNS + OLDER_COLUMNS)

#: Columns about the cease-fire as a whole: the rows of one cf_id must agree on them.
CEASEFIRE_COLUMNS = frozenset(
    {"cc", "location", "region", "written", "partial", "geography", "fixed", "fixed_time", "p_other_comment"}
    | {"ceasefire_class", "implement", "enforcement", "ddr", "mediator_nego", "purpose_1", "purpose_2"}
    | {c for c, _ in PURPOSE_COLUMNS}
)
#: Columns kept as codes only; on the cease-fire when all its rows agree, on each declaration otherwise.
FLEXIBLE_CODE_COLUMNS = (
    "ended", "timing", "nsa_frac", "splinter", "truce", "cf_pp", "link", *LINK_COLUMNS, "ceasefire_type",
    "mediator_send", "coder", "recentadditions",
)  # fmt: skip
#: Columns kept as codes of each declaration (they describe the row).
ROW_CODE_COLUMNS = ("uniq_id", "side")
#: Crosswalk columns: identifiers of the cease-fire, except the UCDP conflict ids, which are the identifiers of the
#: `Conflict` records the cease-fire names (`conflicts`); codes of each declaration when the rows differ.
IDENTIFIER_COLUMNS = (
    ("ucdp_acd_id", IdScheme.ucdp_conflict),
    ("ucdp_dyad", IdScheme.ucdp_dyad),
    ("pax_id", IdScheme.pax_agreement),
)
#: Columns read as whole numbers ('1.0' is read, and written back, as '1').
NUMBER_COLUMNS = frozenset(
    {"cf_id", "ucdp_actor_id", "ucdp_acd_id", "ucdp_dyad", "pax_id", "written", "partial", "fixed"}
    | {"ceasefire_class", "implement", "enforcement", "ddr", "purpose_1", "purpose_2"}
    | {c for parts in DATE_COLUMNS.values() for c in parts}
    | {c for c, _ in PURPOSE_COLUMNS}
    | set(LINK_COLUMNS)
)

UNCLEAR = "Unclear"
#: What the codes mean, where the codebook says ('-1' is 'Unclear' in every column).
LABELS: dict[str, dict[str, str]] = {
    "written": {"0": "No written agreement", "1": "Written agreement", "2": "Written agreement"},
    "ceasefire_type": {"1": "Definitive", "2": "Preliminary or Non-definitive"},
    "purpose_1": {"1": "Humanitarian", "2": "Peace Process", "3": "Holiday", "4": "Election", "5": "Other"},
    "purpose_2": {"0": "Not applicable", "1": "Humanitarian", "2": "Peace Process", "3": "Holiday"}
    | {"4": "Election", "5": "Other"},
    "enforcement": {"0": "No enforcement", "1": "External (state) enforcement"}
    | {"2": "Intl. organization / NGO enforcement", "3": UNCLEAR},
    "mediator_nego": {"0": "Non-mediated", "1": "Mediated"},
    "implement": {"0": "No mechanism", "1": "Mechanism agreed"},
    "ceasefire_class": {"1": "Cessation", "2": "Cessation w/ compliance", "3": "Definitive"},
}

BOOLISH = {"1": Boolish.yes, "0": Boolish.no, "-1": Boolish.unclear}
WRITTEN = {"1": Boolish.yes, "2": Boolish.yes, "0": Boolish.no, "-1": Boolish.unclear}
EXTENT = {"0": ScopeExtent.national, "1": ScopeExtent.partial, "-1": ScopeExtent.unclear}
CLASSES = {"1": CeasefireClass.cessation, "2": CeasefireClass.cessation_with_compliance, "3": CeasefireClass.definitive}
ENFORCEMENT = {
    "0": Enforcement.none,
    "1": Enforcement.external_state,
    "2": Enforcement.international_organization,
    "3": Enforcement.unclear,
    "-1": Enforcement.unclear,
}
OLDER_PURPOSES = {
    "1": Purpose.humanitarian,
    "2": Purpose.peace_process,
    "3": Purpose.holiday,
    "4": Purpose.election,
    "5": Purpose.other,
    "-1": Purpose.unclear,
}

#: The source every imported record can cite: the dataset table itself.
TABLE_SOURCE = "source:eth-prio-cf-table"
_TABLE_SOURCE_RECORD: dict[str, Any] = {
    "record_type": "source",
    "id": TABLE_SOURCE,
    "schema_version": SCHEMA_VERSION,
    "kind": "dataset",
    "title": "ETH/PRIO Civil Conflict Ceasefire Dataset",
    "notes": "Clayton et al. (2022), 'Introducing the ETH/PRIO Civil Conflict Ceasefire Dataset', Journal of "
    "Conflict Resolution, doi:10.1177/00220027221129195; one row per declaring actor.",
}
_FACTIVA_PREFIX = "source:eth-prio-factiva-"
#: The id of UCDP conflict <n> (the PA-X importer's too: the same conflict, whichever table names it).
_CONFLICT_PREFIX = "conflict:ucdp-"
_CEASEFIRE_PREFIX = "ceasefire:eth-prio-"

# -- problems ------------------------------------------------------------------------------------------------------


# -- cells ---------------------------------------------------------------------------------------------------------


def _number(raw: str) -> int | None:
    """A whole number written '12', '-1' or '12.0'; None for anything else."""
    text = raw.strip()
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"-?[0-9]+\.0*", text):
        return int(float(text))
    return None


class _Cells(dict[Any, Any]):
    """A row whose cells were read already (by `cell`)."""


def cell(row: Mapping[str, str | None], column: str) -> str:
    """A cell as the importer reads it: '' when blank; whole numbers in their plain form ('1.0' -> '1'); any
    other text verbatim."""
    if type(row) is _Cells:
        return row.get(column) or ""
    raw = row.get(column)
    if not raw or raw.isspace():
        return ""
    if column in NUMBER_COLUMNS:
        if (raw.isascii() and raw.isdigit() and (raw[0] != "0" or raw == "0")) or raw == "-1":  # plain already
            return raw
        number = _number(raw)
        return str(number) if number is not None else raw.strip()
    return raw


def _integer(row: Mapping[str, str | None], column: str) -> int | None:
    value = cell(row, column)
    if not value:
        return None
    number = _number(value)
    if number is None:
        raise _UnmappableError(column, value, "not a whole number")
    return number


def _code(row: Mapping[str, str | None], column: str, vocabulary: Mapping[str, Any]) -> Any:
    value = cell(row, column)
    if not value:
        return None
    if value not in vocabulary:
        raise _UnmappableError(column, value, f"not a code of this column ({', '.join(vocabulary)})")
    return vocabulary[value]


def _text(row: Mapping[str, str | None], column: str) -> str | None:
    """Free text, verbatim; '-1' (unclear) is not text (it is kept as a dataset code)."""
    value = cell(row, column)
    return value if value and value.strip() != "-1" else None


def _label(column: str, value: str) -> str | None:
    if value == "-1":
        return UNCLEAR
    return LABELS.get(column, {}).get(value)


def _dataset_code(column: str, value: str) -> dict[str, Any]:
    code: dict[str, Any] = {"dataset": "eth_prio_cf", "variable": column, "value": value}
    label = _label(column, value)
    if label is not None:
        code["label"] = label
    return code


def slug(text: str, limit: int = 80) -> str:
    """Lower-case ASCII words joined by '-' (accents dropped, other scripts left out); '' when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-")


def _digest(*parts: str, length: int = 12) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


# -- dates ---------------------------------------------------------------------------------------------------------


def _date(row: Mapping[str, str | None], kind: DeclarationDate) -> tuple[str | None, bool]:
    """The EDTF date of a declaration from its year, month and day columns, and whether it is unclear (year -1).
    A month or day of -1 becomes EDTF 'X' digits; a part that is empty or 0 is not recorded."""
    year_column, month_column, day_column = DATE_COLUMNS[kind]
    year, month, day = (_integer(row, c) if c in row else None for c in DATE_COLUMNS[kind])
    if year in (None, 0):
        return None, False
    if year == -1:
        return None, True
    assert year is not None
    if not 1000 <= year <= 9999:
        raise _UnmappableError(year_column, cell(row, year_column), "not a year (YYYY; -1 unclear; 0 or empty none)")
    for column, value, top in ((month_column, month, 12), (day_column, day, 31)):
        if value is not None and value not in (-1, 0) and not 1 <= value <= top:
            raise _UnmappableError(column, cell(row, column), f"not a {column.split('_')[-1]} (1-{top}, -1, 0)")
    if month in (None, 0):
        return f"{year:04d}", False
    if month == -1:
        return (f"{year:04d}-XX-XX" if day == -1 else f"{year:04d}-XX"), False
    if day in (None, 0):
        return f"{year:04d}-{month:02d}", False
    if day == -1:
        return f"{year:04d}-{month:02d}-XX", False
    try:
        dt.date(year, month, day)
    except ValueError:
        raise _UnmappableError(day_column, cell(row, day_column), f"no such day in {year:04d}-{month:02d}") from None
    return f"{year:04d}-{month:02d}-{day:02d}", False


def _date_parts(date: FuzzyDate) -> tuple[tuple[str, str, str], str | None]:
    """The year, month and day cells of a date, and why the date could not be written exactly (or None)."""
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2}|XX)(?:-([0-9]{2}|XX))?)?([?~%]?)", date.edtf)
    if match is None or (match.group(2) not in (None, "XX") and int(match.group(2)) > 12):
        return ("", "", ""), f"'{date.edtf}' has no year/month/day form (an interval, decade or season)"
    year, month, day, qualifier = match.groups()
    parts = tuple("" if p is None else "-1" if p == "XX" else str(int(p)) for p in (year, month, day))
    extras = [name for name in ("part", "weekday", "day_part", "time", "text", "resolution", "anchor") if
              getattr(date, name) is not None]  # fmt: skip
    why = f"the qualifier '{qualifier}' is not written" if qualifier else None
    if extras:
        why = f"{', '.join(extras)} of the date not written"
    return (parts[0], parts[1], parts[2]), why


def _earliest(edtf: str | None) -> dt.date | None:
    return FuzzyDate(edtf=edtf).earliest() if edtf else None


# -- fixed time ----------------------------------------------------------------------------------------------------

_NUMBER_WORDS = dict(
    zip(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
        range(1, 13), strict=True)
)  # fmt: skip
_FIXED_TIME = re.compile(
    r"\s*(?P<n>[0-9]+|" + "|".join(_NUMBER_WORDS) + r")[\s-]*(?P<unit>hour|day|week|month|year)s?\s*", re.IGNORECASE
)
_UNIT = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y"}
_UNIT_WORD = {v: k for k, v in _UNIT.items()}


def fixed_duration(wording: str) -> str | None:
    """The ISO 8601 duration of a fixed time such as '3 days', 'one week', '72 hours', '30-day'; None unless the
    wording is exactly one number and one unit."""
    match = _FIXED_TIME.fullmatch(wording)
    if match is None:
        return None
    raw = match.group("n").lower()
    number = _NUMBER_WORDS.get(raw) or int(raw)
    if number <= 0:
        return None
    unit = _UNIT[match.group("unit").lower()]
    return f"PT{number}H" if unit == "H" else f"P{number}{unit}"


def _duration_wording(duration: str) -> str:
    match = re.fullmatch(r"PT?([0-9]+)([HDWMY])", duration)
    if match is None:
        return duration
    number, unit = int(match.group(1)), _UNIT_WORD[match.group(2)]
    return f"{number} {unit}{'' if number == 1 else 's'}"


# -- the export (also run while importing, to check the round trip) --------------------------------------------------


@dataclass(slots=True)
class ExportIndex:
    """What the export needs of records other than cease-fires: each actor's name and UCDP id, each source's
    title (or address) and Factiva page, each conflict's UCDP ids, and the code variables the cease-fires carry
    beyond the layout."""

    actors: MutableMapping[str, tuple[str, str | None]]
    sources: MutableMapping[str, tuple[str | None, str | None]]
    extra_columns: list[str]
    conflicts: MutableMapping[str, list[str]] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        """Index one record (actors, sources and conflicts; cease-fires for their code variables)."""
        if isinstance(record, Actor):
            ucdp = next((i.value for i in record.identifiers if i.scheme is IdScheme.ucdp_actor), None)
            self.actors[record.id] = (record.name, ucdp)
        elif isinstance(record, Source):
            page = _codes(record.dataset_codes).get("factivia_page")
            self.sources[record.id] = (record.title or record.url, page)
        elif isinstance(record, Conflict):
            self.conflicts[record.id] = [i.value for i in record.identifiers if i.scheme is IdScheme.ucdp_conflict]
        elif isinstance(record, Ceasefire):
            for code in [*record.dataset_codes, *(c for d in record.declarations for c in d.dataset_codes)]:
                new = code.variable not in EXPORT_COLUMNS and code.variable not in self.extra_columns
                if code.dataset is Dataset.eth_prio_cf and new:
                    self.extra_columns.append(code.variable)

    def columns(self) -> list[str]:
        """The columns of the table: the newer layout, then the older columns and any others the codes name."""
        order = {c: n for n, c in enumerate(OLDER_COLUMNS)}
        return [*EXPORT_COLUMNS, *sorted(self.extra_columns, key=lambda c: (order.get(c, len(order)), c))]


def _codes(codes: Iterable[Any]) -> dict[str, str]:
    return {c.variable: c.value for c in codes if c.dataset is Dataset.eth_prio_cf}


_BOOLISH_CODE = {Boolish.yes: "1", Boolish.no: "0", Boolish.unclear: "-1"}
_EXTENT_CODE = {ScopeExtent.national: "0", ScopeExtent.partial: "1", ScopeExtent.unclear: "-1"}
_CLASS_CODE = {v: k for k, v in CLASSES.items()}
_ENFORCEMENT_CODE = {
    Enforcement.none: "0",
    Enforcement.external_state: "1",
    Enforcement.international_organization: "2",
    Enforcement.unclear: "-1",
}


class _Export:
    """The rows of one cease-fire and what of it the rows cannot hold."""

    def __init__(self, record: Ceasefire, cf_id: str, index: ExportIndex) -> None:
        self.record, self.cf_id, self.index = record, cf_id, index
        self.problems: list[ExportProblem] = []
        self.used_steps: set[int] = set()

    def lost(self, field: str, message: str) -> None:
        self.problems.append(ExportProblem(self.record.id, field, message))

    def rows(self) -> list[dict[str, str]]:
        base = {**self._identifiers(), **self._substance(), **_codes(self.record.dataset_codes)}
        base["cf_id"] = self.cf_id
        rows = [self._row(base, n, d) for n, d in enumerate(self.record.declarations)]
        if not rows:
            self.lost("declarations", "no declarations: the table has one row per declaring actor")
        self._check_unwritten()
        return rows

    def _identifiers(self) -> dict[str, str]:
        row: dict[str, str] = {}
        written = {IdScheme.eth_prio_ceasefire}
        for column, scheme in IDENTIFIER_COLUMNS:
            values = [i.value for i in self.record.identifiers if i.scheme is scheme]
            written.add(scheme)
            if scheme is IdScheme.ucdp_conflict:
                values = list(dict.fromkeys([*self._conflict_ids(), *values]))
            if scheme is IdScheme.pax_agreement and not values and self.record.agreement:
                match = re.fullmatch(r"agreement:pax-([1-9][0-9]*)", self.record.agreement)
                values = [match.group(1)] if match else []
            per_row = any(column in _codes(d.dataset_codes) for d in self.record.declarations)
            if values and not per_row:  # the rows differ: each declaration has its code
                row[column] = values[0]
            if len(values) > 1 and not per_row:
                where = "conflicts" if scheme is IdScheme.ucdp_conflict and self.record.conflicts else "identifiers"
                self.lost(where, f"several {scheme.value} ids; {column} holds the first")
        for position, identifier in enumerate(self.record.identifiers):
            if identifier.scheme not in written:
                self.lost(f"identifiers[{position}]", f"no column for a {identifier.scheme.value} identifier")
        agreement = self.record.agreement
        if agreement and not re.fullmatch(rf"agreement:pax-{row.get('pax_id', '')}", agreement):
            self.lost("agreement", f"'{agreement}' is not the PA-X agreement in pax_id")
        return row

    def _conflict_ids(self) -> list[str]:
        """The UCDP ids of the conflicts the cease-fire names (a conflict not among the records given, or with no
        UCDP id or several, is reported); the cease-fire's own ucdp_conflict identifiers, where imports before
        schema 1.5 kept them, follow."""
        ids: list[str] = []
        for position, conflict in enumerate(self.record.conflicts):
            ucdp = self.index.conflicts.get(conflict)
            if ucdp is None:
                self.lost(f"conflicts[{position}]", f"'{conflict}' is not among the records given (ucdp_acd_id)")
            elif len(ucdp) != 1:
                has = f"{len(ucdp)} UCDP ids" if ucdp else "no UCDP id (ucdp_conflict identifier)"
                self.lost(f"conflicts[{position}]", f"'{conflict}' has {has}: not written (ucdp_acd_id)")
            else:
                ids.append(ucdp[0])
        return ids

    def _substance(self) -> dict[str, str]:
        record, row = self.record, {}
        if record.written is not None:
            row["written"] = _BOOLISH_CODE[record.written]
        if record.scope is not None:
            row["partial"] = _EXTENT_CODE[record.scope.extent]
            row["geography"] = record.scope.description or ""
            if record.scope.places:
                self.lost("scope.places", "the table names the area only in words (geography)")
        if record.fixed_term is not None:
            row["fixed"] = _BOOLISH_CODE[record.fixed_term]
        wording = record.fixed_duration_wording
        if wording is None and record.fixed_duration is not None:
            wording = _duration_wording(record.fixed_duration)
        elif record.fixed_duration is not None and fixed_duration(wording or "") != record.fixed_duration:
            self.lost("fixed_duration", f"'{record.fixed_duration}' is not written; fixed_time has the wording")
        row["fixed_time"] = wording or ""
        if record.purposes:
            row.update({c: "1" if p in record.purposes else "0" for c, p in PURPOSE_COLUMNS})
        row["p_other_comment"] = record.purpose_wording or ""
        if record.ceasefire_class is not None:
            row["ceasefire_class"] = _CLASS_CODE[record.ceasefire_class]
        for column, value in (("implement", record.implementation_mechanism), ("ddr", record.ddr)):
            if value is not None:
                row[column] = _BOOLISH_CODE[value]
        if record.enforcement is not None:
            row["enforcement"] = _ENFORCEMENT_CODE[record.enforcement]
        if record.mediators:
            row["mediator_nego"] = ", ".join(self.index.actors.get(m, (m, None))[0] for m in record.mediators)
        elif record.mediated is not None:
            row["mediator_nego"] = _BOOLISH_CODE[record.mediated]
        row["comment"] = record.notes or ""
        related = [r.removeprefix(_CEASEFIRE_PREFIX) for r in record.related if r.startswith(_CEASEFIRE_PREFIX)]
        all_codes = [*record.dataset_codes, *(c for d in record.declarations for c in d.dataset_codes)]
        if not any(c.variable in LINK_COLUMNS for c in all_codes):  # imported links are codes, exactly placed
            row.update(zip(LINK_COLUMNS, related, strict=False))
        for position, target in enumerate(record.related):
            if not re.fullmatch(rf"{_CEASEFIRE_PREFIX}[1-9][0-9]*", target):
                self.lost(f"related[{position}]", f"'{target}' is not an ETH/PRIO cease-fire (link_id columns)")
        return row

    def _row(self, base: dict[str, str], number: int, declaration: Declaration) -> dict[str, str]:
        row = dict(base)
        where = f"declarations[{number}]"
        actor = self.index.actors.get(declaration.declarer)
        if actor is None:
            self.lost(f"{where}.declarer", f"'{declaration.declarer}' is not among the records given (actor_name)")
        row["actor_name"], row["ucdp_actor_id"] = (actor[0], actor[1] or "") if actor else ("", "")
        for kind, columns in DATE_COLUMNS.items():
            date: FuzzyDate | None = getattr(declaration, kind.value)
            parts: tuple[str, str, str] = ("", "", "")
            if date is not None:
                parts, why = _date_parts(date)
                if why:
                    self.lost(f"{where}.{kind.value}", why)
            elif kind in declaration.unclear_dates:
                parts = ("-1", "", "")
            row.update(zip(columns, parts, strict=True))
        onset = declaration.evidence[0] if declaration.evidence else None
        end = self._end_evidence(declaration)
        row["evidence_onset"] = onset.quote if onset else ""
        row["evidence_end"] = end.quote if end else ""
        cited = onset or end
        if cited is not None and cited.source != TABLE_SOURCE:
            title, page = self.index.sources.get(cited.source, (None, None))
            if cited.source not in self.index.sources:
                self.lost(f"{where}.evidence", f"'{cited.source}' is not among the records given (factivia_source)")
            row["factivia_source"], row["factivia_page"] = title or "", page or ""
        for position in range(1, len(declaration.evidence)):
            self.lost(f"{where}.evidence[{position}]", "the table holds one quote per declaration (evidence_onset)")
        for name in ("channel", "side"):
            if getattr(declaration, name) is not None:
                self.lost(f"{where}.{name}", "no column for it")
        for name in ("reciprocating", "conditional"):
            if getattr(declaration, name):
                self.lost(f"{where}.{name}", "no column for it")
        for code in declaration.dataset_codes:
            if code.dataset is not Dataset.eth_prio_cf:
                self.lost(f"{where}.dataset_codes", f"a code of {code.dataset.value}, not of ETH/PRIO")
        row.update(_codes(declaration.dataset_codes))
        return row

    def _end_evidence(self, declaration: Declaration) -> Any:
        """The quote of the 'ended' step by this declarer alone (the one dated like its end, else the first)."""
        steps = [
            (n, s)
            for n, s in enumerate(self.record.status_history)
            if n not in self.used_steps and s.status is CeasefireStatus.ended and s.by == [declaration.declarer]
        ]
        if not steps:
            return None
        end = declaration.end.edtf if declaration.end else None
        number, step = next(((n, s) for n, s in steps if (s.date.edtf if s.date else None) == end), steps[0])
        self.used_steps.add(number)
        return step.evidence[0] if step.evidence else None

    def _check_unwritten(self) -> None:
        record = self.record
        for position, step in enumerate(record.status_history):
            if position not in self.used_steps or len(step.evidence) > 1:
                self.lost(f"status_history[{position}]", "only each declarer's 'ended' quote is written (evidence_end)")
        for name in ("title", "end_reason", "precedent", "restores", "negotiation", "confidence"):
            if getattr(record, name) is not None:
                self.lost(name, "no column for it")
        for name in ("extensions", "violations", "monitors", "evidence", "characterizations"):
            if getattr(record, name):
                self.lost(name, "no column for it")
        if record.first_ever:
            self.lost("first_ever", "no column for it")
        if record.kind.value != "ceasefire":
            self.lost("kind", f"'{record.kind.value}': the dataset holds cease-fires only")
        if record.mediators and "mediator_nego" in _codes(record.dataset_codes):
            self.lost("mediators", "mediator_nego holds the dataset's code instead")
        for code in record.dataset_codes:
            if code.dataset is not Dataset.eth_prio_cf:
                self.lost("dataset_codes", f"a code of {code.dataset.value}, not of ETH/PRIO")


def export_ceasefire(
    record: Ceasefire, index: ExportIndex, cf_id: str | None = None
) -> tuple[list[dict[str, str]], list[ExportProblem]]:
    """The rows of one cease-fire (cf_id from its eth_prio_ceasefire identifier unless given) and what of it the
    rows cannot hold."""
    ids = [i.value for i in record.identifiers if i.scheme is IdScheme.eth_prio_ceasefire]
    export = _Export(record, cf_id or (ids[0] if ids else ""), index)
    rows = export.rows()
    if len(ids) > 1:
        export.lost("identifiers", f"several eth_prio_ceasefire identifiers; cf_id is {export.cf_id}")
    return rows, export.problems


@dataclass(slots=True)
class EthPrioTable:
    """An export: the columns (known after the first pass over the records) and the rows, made by the second
    pass, with an `ExportProblem` for each thing left out."""

    columns: list[str]
    rows: Iterator[dict[str, str] | ExportProblem]


def export_eth_prio_cf(
    records: Callable[[], Iterable[Record]] | Sequence[Record], synthetic_from: int | None = None
) -> EthPrioTable:
    """Export the cease-fire records among `records` as ETH/PRIO rows (other records are read for the names of
    the declaring actors and the sources of the quotes, and otherwise skipped).

    `records` is read twice (a sequence, or a function returning a fresh iterable, such as
    `lambda: read_records(paths).records`): first to index actors and sources and find the columns, then to write the
    rows, so that memory does not grow with the cease-fires. A cease-fire without an `eth_prio_ceasefire`
    identifier is left out and reported, unless `synthetic_from` is given: such cease-fires are then numbered
    from it in input order.
    """

    def read() -> Iterable[Record]:
        return records() if callable(records) else records

    index = ExportIndex({}, {}, [])
    for record in read():
        index.add(record)
    return EthPrioTable(index.columns(), _export_rows(read, index, synthetic_from))


def _export_rows(
    read: Callable[[], Iterable[Record]], index: ExportIndex, synthetic_from: int | None
) -> Iterator[dict[str, str] | ExportProblem]:
    next_id = synthetic_from
    for record in read():
        if not isinstance(record, Ceasefire):
            continue
        cf_id = None
        if not any(i.scheme is IdScheme.eth_prio_ceasefire for i in record.identifiers):
            if next_id is None:
                yield ExportProblem(
                    record.id, "identifiers", "no eth_prio_ceasefire identifier, so no cf_id: left out", left_out=True
                )
                continue
            cf_id, next_id = str(next_id), next_id + 1
        rows, problems = export_ceasefire(record, index, cf_id)
        yield from problems
        yield from rows


def export_eth_prio_cf_files(paths: Sequence[str | Path], synthetic_from: int | None = None) -> EthPrioTable:
    """`export_eth_prio_cf` over record files and directories (read with `peace_talks_model.io.read_records`,
    every record validated; raises `InvalidRecordsError` naming every file or record that is not valid, before any
    row is made)."""
    records = read_records(paths).check().records
    return export_eth_prio_cf(lambda: records, synthetic_from)


# -- the import ----------------------------------------------------------------------------------------------------


def check_header(columns: Sequence[str]) -> list[RowProblem]:
    """Problems with the header: required columns missing or a column named twice (fatal: this is not the
    table), and every column this importer does not know (reported once; its cells are not imported)."""
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        why = "the header lacks these ETH/PRIO cease-fire columns: is this the ETH/PRIO cease-fire table?"
        problems.append(RowProblem(1, ", ".join(missing), "", why, fatal=True))
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        problems.append(RowProblem(1, ", ".join(twice), "", "these columns are named twice", fatal=True))
    for column in columns:
        if column not in KNOWN_COLUMNS:
            why = "not a column of the ETH/PRIO cease-fire dataset known to this importer: its cells are not imported"
            problems.append(RowProblem(1, column, "", why))
    return problems


@dataclass(slots=True)
class _State:
    """What the import remembers across cease-fires: ids already written and where each cf_id was seen."""

    index: ExportIndex
    slugs: dict[str, str]
    seen: dict[int, int]
    table_written: bool = False


class _Group:
    """The rows of one cf_id, mapped together to a cease-fire record and the actors and sources it needs."""

    def __init__(self, cf_id: int, rows: list[tuple[int, Mapping[str, str | None]]], state: _State) -> None:
        # each cell read once: blank -> '', whole numbers plain; a missing cell (short row) stays None
        self.rows: list[tuple[int, Mapping[str, str | None]]] = [
            (n, _Cells({c: v if v is None or c is None else cell(row, c) for c, v in row.items()})) for n, row in rows
        ]
        self.cf_id, self.state = cf_id, state
        self.actors: dict[str, tuple[str, str | None]] = {}
        self.sources: dict[str, tuple[str | None, str | None]] = {}
        self.conflicts: dict[str, list[str]] = {}
        self.new_records: list[dict[str, Any]] = []
        self.slugs: dict[str, str] = {}

    def records(self, linkable: Callable[[int], bool], link_pax: bool) -> list[dict[str, Any]]:
        self._check_agreement()
        declarations = [self._declaration(number, row) for number, row in self.rows]
        record = self._ceasefire(declarations, linkable, link_pax)
        record = self._round_trip(record)
        for new in self.new_records:
            _validate(new, self.rows[0][0])
        return [*self.new_records, record]

    def commit(self) -> None:
        self.state.index.actors.update(self.actors)
        self.state.index.sources.update(self.sources)
        self.state.index.conflicts.update(self.conflicts)
        self.state.slugs.update(self.slugs)

    # the cease-fire ----------------------------------------------------------------------------------------------

    def _check_agreement(self) -> None:
        first_number, first = self.rows[0]
        for column in sorted(CEASEFIRE_COLUMNS & set(first)):
            for number, row in self.rows[1:]:
                if cell(row, column) != cell(first, column):
                    why = (f"differs from row {first_number} ({cell(first, column)!r}) of the same cease-fire "
                           f"{self.cf_id}; the rows of a cease-fire must agree on {column}")  # fmt: skip
                    raise _UnmappableError(column, cell(row, column), why, number)

    def _ceasefire(self, declarations: list[dict[str, Any]], linkable: Callable[[int], bool], link_pax: bool) -> Any:
        number, first = self.rows[0]
        try:
            record: dict[str, Any] = {
                "record_type": "ceasefire",
                "id": f"{_CEASEFIRE_PREFIX}{self.cf_id}",
                "schema_version": SCHEMA_VERSION,
                "identifiers": [{"scheme": "eth_prio_ceasefire", "value": str(self.cf_id)}],
                "declarations": declarations,
                **self._substance(first),
            }
            self._flexible(record, linkable, link_pax)
        except _UnmappableError as problem:
            problem.row = problem.row or number
            raise
        sides = {d["declarer"] for d in declarations}
        record["arrangement"] = ["unilateral", "bilateral"][len(sides) - 1] if len(sides) < 3 else "multilateral"
        declarers = [d["declarer"] for d in declarations]
        steps = []
        for declaration in declarations:
            for step in declaration.pop("_end_steps", []):
                if declarers.count(declaration["declarer"]) == 1:
                    steps.append(step)
                else:  # an actor declaring twice: a step could not tell which declaration it ends
                    quote = step["evidence"][0]["quote"]
                    declaration.setdefault("dataset_codes", []).append(_dataset_code("evidence_end", quote))
        steps.sort(key=lambda s: (_earliest(s.get("date")) is None, _earliest(s.get("date")) or dt.date.min))
        if steps:
            record["status_history"] = steps
        return record

    def _substance(self, row: Mapping[str, str | None]) -> dict[str, Any]:
        record: dict[str, Any] = {
            "written": _code(row, "written", WRITTEN),
            "fixed_term": _code(row, "fixed", BOOLISH),
            "fixed_duration_wording": _text(row, "fixed_time"),
            "purpose_wording": _text(row, "p_other_comment"),
            "ceasefire_class": _code(row, "ceasefire_class", {**CLASSES, "-1": None}),
            "implementation_mechanism": _code(row, "implement", BOOLISH),
            "enforcement": _code(row, "enforcement", ENFORCEMENT),
            "ddr": _code(row, "ddr", BOOLISH),
            "dataset_codes": [],
        }
        if record["fixed_duration_wording"]:
            record["fixed_duration"] = fixed_duration(record["fixed_duration_wording"])
        extent = _code(row, "partial", EXTENT)
        if extent is not None:
            record["scope"] = {"extent": extent, "description": _text(row, "geography")}
        record["purposes"] = self._purposes(row, record["dataset_codes"])
        mediation = cell(row, "mediator_nego")
        if mediation:
            number = _number(mediation)
            if number is not None and str(number) in BOOLISH:
                record["mediated"] = BOOLISH[str(number)]
            elif mediation.strip() and number is None:
                record["mediated"] = Boolish.yes  # the newer releases name the mediators
                record["dataset_codes"].append(_dataset_code("mediator_nego", mediation))
            else:
                raise _UnmappableError("mediator_nego", mediation, "not 0, 1, -1 or the mediators' names")
        for column in ("cc", "location", "region"):
            if cell(row, column):
                record["dataset_codes"].append(_dataset_code(column, cell(row, column)))
        return record

    def _purposes(self, row: Mapping[str, str | None], codes: list[dict[str, Any]]) -> list[Purpose]:
        purposes: list[Purpose] = []
        dummies = {"1": True, "0": False, "-1": None}
        for column, purpose in PURPOSE_COLUMNS:
            if _code(row, column, dummies):
                purposes.append(purpose)
        for column, vocabulary in (("purpose_1", OLDER_PURPOSES), ("purpose_2", {"0": None, **OLDER_PURPOSES})):
            if cell(row, column):
                purpose = _code(row, column, vocabulary)
                codes.append(_dataset_code(column, cell(row, column)))
                if purpose is not None and purpose not in purposes:
                    purposes.append(purpose)
        return purposes

    def _flexible(self, record: dict[str, Any], linkable: Callable[[int], bool], link_pax: bool) -> None:
        """Codes and crosswalks whose level the codebook does not fix: on the cease-fire when every row agrees,
        on each declaration otherwise."""
        for column in FLEXIBLE_CODE_COLUMNS:
            self._spread(record, column)
        self._spread(record, "comment", as_notes=True)
        for column in [c for c, _ in IDENTIFIER_COLUMNS] + list(LINK_COLUMNS):
            for number, row in self.rows:
                if cell(row, column) and _number(cell(row, column)) is None:
                    raise _UnmappableError(column, cell(row, column), "not a whole number (an id)", number)
        for column, scheme in IDENTIFIER_COLUMNS:
            values = [cell(row, column) for _, row in self.rows]
            valid = list(dict.fromkeys(v for v in values if int(v or 0) > 0))
            if scheme is IdScheme.ucdp_conflict:
                record["conflicts"] = [self._conflict(v) for v in valid]
            else:
                record["identifiers"] += [{"scheme": scheme.value, "value": v} for v in valid]
            if link_pax and scheme is IdScheme.pax_agreement and len(valid) == 1 and len(set(values)) == 1:
                record["agreement"] = f"agreement:pax-{valid[0]}"
            if len(set(values)) > 1 or (values[0] and values[0] not in valid):
                self._spread(record, column)
        links = [cell(row, c) for _, row in self.rows for c in LINK_COLUMNS]
        targets = dict.fromkeys(int(v) for v in links if v and int(v) > 0 and int(v) != self.cf_id and linkable(int(v)))
        record["related"] = [f"{_CEASEFIRE_PREFIX}{t}" for t in targets]

    def _spread(self, record: dict[str, Any], column: str, *, as_notes: bool = False) -> None:
        """A column kept once on the cease-fire when its rows agree (as notes, or a code: '-1' is always a
        code), else as a code of each declaration."""
        values = [cell(row, column) for _, row in self.rows]
        if len(set(values)) == 1:
            value = values[0]
            if as_notes and value and value.strip() != "-1":
                record["notes"] = value
            elif value:
                record["dataset_codes"].append(_dataset_code(column, value))
            return
        for declaration, value in zip(record["declarations"], values, strict=True):
            if value:
                declaration.setdefault("dataset_codes", []).append(_dataset_code(column, value))

    def _conflict(self, ucdp: str) -> str:
        """The id of the `Conflict` record of UCDP conflict `ucdp`, the record written once, before the first
        cease-fire naming it; the table names no conflict, so its name is 'UCDP conflict <id>'."""
        conflict_id = f"{_CONFLICT_PREFIX}{ucdp}"
        if conflict_id not in self.conflicts and conflict_id not in self.state.index.conflicts:
            self.conflicts[conflict_id] = [ucdp]
            self.new_records.append(
                {
                    "record_type": "conflict",
                    "id": conflict_id,
                    "schema_version": SCHEMA_VERSION,
                    "identifiers": [{"scheme": "ucdp_conflict", "value": ucdp}],
                    "name": f"UCDP conflict {ucdp}",
                }
            )
        return conflict_id

    # the declarations --------------------------------------------------------------------------------------------

    def _declaration(self, number: int, row: Mapping[str, str | None]) -> dict[str, Any]:
        try:
            return self._declaration_of(row)
        except _UnmappableError as problem:
            problem.row = number
            raise

    def _declaration_of(self, row: Mapping[str, str | None]) -> dict[str, Any]:
        cells: Mapping[Any, Any] = row
        if None in cells:  # csv.DictReader puts the cells beyond the header under None
            raise _UnmappableError("(beyond the header)", str(cells[None]), "the row has more cells than the header")
        short = [c for c, v in row.items() if v is None]
        if short:
            raise _UnmappableError(short[0], "", "the row has fewer cells than the header")
        declarer = self._declarer(row)
        declaration: dict[str, Any] = {"declarer": declarer, "unclear_dates": [], "dataset_codes": []}
        for kind in DATE_COLUMNS:
            edtf, unclear = _date(row, kind)
            if edtf is not None:
                declaration[kind.value] = edtf
            if unclear:
                declaration["unclear_dates"].append(kind.value)
        for column in ROW_CODE_COLUMNS:
            if cell(row, column):
                declaration["dataset_codes"].append(_dataset_code(column, cell(row, column)))
        source = self._source(row)
        onset, end = _text(row, "evidence_onset"), _text(row, "evidence_end")
        if onset:
            declaration["evidence"] = [{"source": source, "quote": onset}]
        if end:
            step: dict[str, Any] = {"status": "ended", "by": [declarer], "evidence": [{"source": source, "quote": end}]}
            if "end" in declaration:
                step["date"] = declaration["end"]
            declaration["_end_steps"] = [step]
        return declaration

    def _declarer(self, row: Mapping[str, str | None]) -> str:
        name = _text(row, "actor_name")
        if name is None:
            why = "missing: every row names its declaring actor"
            raise _UnmappableError("actor_name", cell(row, "actor_name"), why)
        ucdp = _integer(row, "ucdp_actor_id")
        if ucdp is not None and ucdp > 0:
            actor_id = f"actor:ucdp-{ucdp}"
        else:
            key = slug(name) or _digest(name, length=10)
            known = self.slugs.get(key) or self.state.slugs.get(key)
            if known is not None and known != name:
                key = f"{key}-{_digest(name, length=8)}"
            self.slugs.setdefault(key, name)
            actor_id = f"actor:eth-prio-{key}"
        if actor_id in self.actors or actor_id in self.state.index.actors:
            return actor_id
        government = name.strip().lower().startswith("government of")
        actor: dict[str, Any] = {
            "record_type": "actor",
            "id": actor_id,
            "schema_version": SCHEMA_VERSION,
            "name": name,
            "kind": "state_body" if government else "armed_group",
            "evidence": [{"source": TABLE_SOURCE, "quote": name}],
        }
        if ucdp is not None and ucdp > 0:
            actor["identifiers"] = [{"scheme": "ucdp_actor", "value": str(ucdp)}]
        self.actors[actor_id] = (name, str(ucdp) if ucdp and ucdp > 0 else None)
        self.new_records.append(actor)
        return actor_id

    def _source(self, row: Mapping[str, str | None]) -> str:
        title = _text(row, "factivia_source")
        if title is None or not (_text(row, "evidence_onset") or _text(row, "evidence_end")):
            return TABLE_SOURCE
        page = cell(row, "factivia_page") or None
        source_id = f"{_FACTIVA_PREFIX}{_digest(title, page or '')}"
        if source_id not in self.sources and source_id not in self.state.index.sources:
            source: dict[str, Any] = {
                "record_type": "source",
                "id": source_id,
                "schema_version": SCHEMA_VERSION,
                "kind": "news_article",
                "title": title,
                "notes": "A document found through Factiva by the ETH/PRIO coders (factivia_source, factivia_page).",
            }
            if page:
                source["dataset_codes"] = [_dataset_code("factivia_page", page)]
            self.sources[source_id] = (title, page)
            self.new_records.append(source)
        return source_id

    # the round trip ----------------------------------------------------------------------------------------------

    def _round_trip(self, record: dict[str, Any]) -> dict[str, Any]:
        """Export the record again and keep, as dataset codes, every cell the export would not give back; a cell
        that is empty where the export writes something cannot be kept and is reported."""
        index = ExportIndex(
            ChainMap(self.actors, self.state.index.actors),
            ChainMap(self.sources, self.state.index.sources),
            [],
            ChainMap(self.conflicts, self.state.index.conflicts),
        )
        record = _compact(record)
        for attempt in range(2):
            model = _validate(record, self.rows[0][0], self.rows)
            rows, problems = export_ceasefire(model, index)
            if problems:
                raise _UnmappableError("cf_id", str(self.cf_id), f"cannot be written back: {problems[0]}")
            differences = [
                (n, c, cell(row, c), exported.get(c, ""))
                for n, ((_, row), exported) in enumerate(zip(self.rows, rows, strict=True))
                for c in row
                if c in KNOWN_COLUMNS and cell(row, c) != exported.get(c, "")
            ]
            if not differences:
                return record
            for n, column, value, exported in differences:
                if not value or attempt:
                    why = f"cannot be written back exactly (the export would write {exported!r})"
                    raise _UnmappableError(column, value, why, self.rows[n][0])
                target = record if column in CEASEFIRE_COLUMNS else record["declarations"][n]
                codes = target.setdefault("dataset_codes", [])
                if not any(c["variable"] == column for c in codes):
                    codes.append(_dataset_code(column, value))
        raise AssertionError("unreachable")  # pragma: no cover


_CEASEFIRE_ORDER = (
    "record_type", "id", "schema_version", "identifiers", "arrangement", "declarations", "purposes",
    "purpose_wording", "ceasefire_class", "written", "mediated", "scope", "fixed_term", "fixed_duration",
    "fixed_duration_wording", "implementation_mechanism", "enforcement", "ddr", "status_history", "related",
    "agreement", "conflicts", "dataset_codes", "notes",
)  # fmt: skip
_DECLARATION_ORDER = ("declarer", "declared", "effective", "end", "unclear_dates", "evidence", "dataset_codes")


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    """The record without empty fields (None, '', []), its fields in a readable order."""
    result = {k: record[k] for k in _CEASEFIRE_ORDER if record.get(k) not in (None, "", [])}
    if "scope" in result:
        result["scope"] = {k: v for k, v in result["scope"].items() if v is not None}
    result["declarations"] = [
        {k: d[k] for k in _DECLARATION_ORDER if d.get(k) not in (None, [])} for d in result["declarations"]
    ]
    return result


_COLUMN_OF_FIELD = {
    "declared": "cf_dec_yr",
    "effective": "cf_effect_yr",
    "end": "end_yr",
    "written": "written",
    "scope": "partial",
    "fixed_duration": "fixed_time",
}


def _validate(record: dict[str, Any], first_row: int, rows: Sequence[tuple[int, Mapping[str, str | None]]] = ()) -> Any:
    """The record as its model; a record the models refuse is reported at the row (and column) it came from."""
    models: dict[str, type[Ceasefire] | type[Actor] | type[Source] | type[Conflict]] = {
        "ceasefire": Ceasefire,
        "actor": Actor,
        "source": Source,
        "conflict": Conflict,
    }
    model = models[record["record_type"]]
    try:
        return model.model_validate(record, context=DATA)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = [str(part) for part in error["loc"]]
        row = first_row
        if location[:1] == ["declarations"] and len(location) > 1 and location[1].isdigit() and rows:
            row = rows[int(location[1])][0]
        fields = [part for part in location if part in _COLUMN_OF_FIELD]
        column = _COLUMN_OF_FIELD[fields[-1]] if fields else ".".join(location) or "cf_dec_yr, cf_effect_yr, end_yr"
        value = ""
        if error["type"] == "date_range_ordered" and location[:1] == ["declarations"] and len(location) > 1:
            column = "cf_dec_yr, cf_effect_yr, end_yr"
            declaration = record["declarations"][int(location[1])]
            value = ", ".join(f"{k} {declaration[k]}" for k in ("declared", "effective", "end") if k in declaration)
        raise _UnmappableError(column, value, f"the record would not be valid: {error['msg']}", row) from None


def import_eth_prio_cf(
    rows: Iterable[Mapping[str, str | None]],
    first_row: int = 2,
    *,
    columns: Sequence[str] | None = None,
    linkable: Container[int] | None = None,
    link_pax: bool = False,
    known_conflicts: Mapping[str, list[str]] | None = None,
) -> Iterator[dict[str, Any] | RowProblem]:
    """Map ETH/PRIO rows to records: per cf_id, the Source records of its quotes, the Actor records of its
    declarers and the Conflict records of its UCDP conflicts not yet written, then its Ceasefire; or a `RowProblem`
    for each row left out.

    The rows of a cf_id must be consecutive (the dataset is sorted by cf_id); a cease-fire is imported whole
    or not at all, so one row that cannot be mapped leaves out the other rows of its cease-fire (each is
    reported). `columns` is the header (default: the keys of the first row); header problems come first.
    Linked cease-fires (link_id1..35) become `related` references when `linkable` says they are in the output
    (default: those already imported); the links are always kept as codes too. With `link_pax`, a cease-fire
    whose rows agree on a PA-X id also gets `agreement: agreement:pax-<id>`, the PA-X importer's id. The
    conflicts of `known_conflicts` (records the output will be validated with: each id with its UCDP ids) are named
    but not written.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    header = list(columns) if columns is not None else list(first or {})
    problems = check_header([c for c in header if c is not None])
    yield from problems
    if first is None or any(p.fatal for p in problems):
        return
    state = _State(ExportIndex({}, {}, [], dict(known_conflicts or {})), {}, {})
    emitted: set[int] = set()

    def can_link(cf_id: int) -> bool:
        return cf_id in linkable if linkable is not None else cf_id in emitted

    group: list[tuple[int, Mapping[str, str | None]]] = []
    current: int | None = None
    numbered = enumerate(_chain(first, iterator), start=first_row)
    for number, row in numbered:
        try:
            cf_id = _cf_id(row)
        except _UnmappableError as problem:
            yield RowProblem(number, problem.column, problem.value, problem.message)
            continue
        if cf_id != current and group and current is not None:
            yield from _flush(current, group, state, can_link, link_pax=link_pax, emitted=emitted)
            group = []
        if cf_id != current and cf_id in state.seen:
            why = (f"cease-fire {cf_id} already appeared at row {state.seen[cf_id]}: the rows of a cease-fire must "
                   "be consecutive (sort the table by cf_id)")  # fmt: skip
            yield RowProblem(number, "cf_id", str(cf_id), why)
            current = None
            continue
        if cf_id != current:
            state.seen[cf_id] = number
            current = cf_id
        group.append((number, row))
    if group and current is not None:
        yield from _flush(current, group, state, can_link, link_pax=link_pax, emitted=emitted)


def _chain(first: Mapping[str, str | None], rest: Iterator[Mapping[str, str | None]]) -> Iterator[Any]:
    yield first
    yield from rest


def _cf_id(row: Mapping[str, str | None]) -> int:
    value = cell(row, "cf_id")
    number = _number(value) if value else None
    if number is None or number <= 0:
        raise _UnmappableError("cf_id", value, "missing or not a whole number above 0: every row names its cease-fire")
    return number


def _flush(
    cf_id: int,
    rows: list[tuple[int, Mapping[str, str | None]]],
    state: _State,
    can_link: Callable[[int], bool],
    *,
    link_pax: bool,
    emitted: set[int],
) -> Iterator[dict[str, Any] | RowProblem]:
    group = _Group(cf_id, rows, state)
    try:
        records = group.records(can_link, link_pax)
    except _UnmappableError as problem:
        failed = problem.row or rows[0][0]
        for number, _ in rows:
            if number == failed:
                yield RowProblem(number, problem.column, problem.value, problem.message)
            else:
                why = f"left out with the rest of cease-fire {cf_id}: row {failed} could not be mapped"
                yield RowProblem(number, "cf_id", str(cf_id), why)
        return
    group.commit()
    emitted.add(cf_id)
    if not state.table_written:
        state.table_written = True
        yield dict(_TABLE_SOURCE_RECORD)
    yield from records


def import_eth_prio_cf_file(
    path: Path,
    *,
    link_pax: bool = False,
    progress: Progress | None = None,
    known_conflicts: Mapping[str, list[str]] | None = None,
) -> Iterator[dict[str, Any] | RowProblem]:
    """Stream an ETH/PRIO cease-fire CSV file (UTF-8, with or without a byte-order mark). The file is read twice:
    first to learn which cease-fires import (so that links to later ones become `related` references), then to
    map it (`link_pax` and `known_conflicts` as `import_eth_prio_cf`). `progress` is called with (lines, bytes) read
    over both passes (twice the file's size in all)."""
    size = path.stat().st_size
    with open_table(path, progress) as reader:
        header = list(reader.fieldnames or [])
        if any(p.fatal for p in check_header(header)):
            yield from check_header(header)
            return
        imported = {
            int(r["id"].removeprefix(_CEASEFIRE_PREFIX))
            for r in import_eth_prio_cf(reader, columns=header)
            if isinstance(r, dict) and r["record_type"] == "ceasefire"
        }
    with open_table(path, progress, offset=size) as reader:
        yield from import_eth_prio_cf(
            reader, columns=header, linkable=imported, link_pax=link_pax, known_conflicts=known_conflicts
        )


def _rows(table: Path, options: ImportOptions, progress: Progress | None) -> Iterator[dict[str, Any] | RowProblem]:
    """`import_eth_prio_cf_file` with the options, the conflicts of `options.conflicts_from` read first (a file
    that cannot be used stops the import before anything is written)."""
    known = read_known_conflicts(options)
    return import_eth_prio_cf_file(table, link_pax=options.link_pax, progress=progress, known_conflicts=known)


#: `peace-talks import eth-prio-cf`.
IMPORTER = Importer("eth-prio-cf", _rows)


def _export(
    paths: Sequence[Path], out: Path, options: ExportOptions, report: Callable[[ExportProblem], None]
) -> ExportResult:
    """`export_eth_prio_cf_files` into the CSV file `out`, whole or not at all."""
    from peace_talks_model.io import write_csv  # noqa: PLC0415

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or directory: {', '.join(missing)}")
    problems = 0

    def rows(items: Iterator[dict[str, str] | ExportProblem]) -> Iterator[dict[str, str]]:
        nonlocal problems
        for item in items:
            if isinstance(item, ExportProblem):
                problems += 1
                report(item)
            else:
                yield item

    with export_failures("nothing exported", f"cannot export to {out}"):
        table = export_eth_prio_cf_files(paths, options.synthetic_cf_ids)
        count = write_csv(out, table.columns, rows(table.rows))
    summary = f"{out}: {count} row(s) written; {problems} thing(s) not expressible in the table"
    return ExportResult(summary, ExitStatus.INVALID if problems else ExitStatus.OK)


#: `peace-talks export eth-prio-cf`.
EXPORTER = Exporter("eth-prio-cf", _export)
