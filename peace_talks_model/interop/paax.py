"""Import the PAA-X actors table (PeaceRep's PA-X actors, `paax_actors_*.csv`) as `Actor` records.

`import_paax(rows)` maps each row of the table (a dict per row, as `csv.DictReader` gives) to one `Actor` record,
after one `Source` record for the table itself, which every actor cites. A row that cannot be mapped yields a
`RowProblem` (row number, column, value, why) and is left out; something a row holds that has no typed field and
is kept only verbatim in `dataset_codes` (a country code that is not ISO 3166, an ACLED cell that is not one
actor name) yields a `RowProblem` marked as a `note` beside its record. `import_paax_file` streams a CSV file;
`IMPORTER` is `peace-talks import paax`. The mapping, column by column, the actor type -> kind table and what is
lossy are in `docs/import/paax.md`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.interop.contract import Importer, ImportOptions
from peace_talks_model.interop.csvfile import Progress, RowProblem, open_table
from peace_talks_model.interop.csvfile import UnmappableError as _UnmappableError
from peace_talks_model.interop.csvfile import stripped as _text
from peace_talks_model.models._countries import ISO_3166_1_ALPHA3
from peace_talks_model.models.ids import ID_LOCAL_PATTERN, ID_MAX_LENGTH, ID_SCHEME_FORMS, ID_SCHEME_PATTERNS, IdScheme
from peace_talks_model.models.scalars import Url, strip_space

__all__ = [
    "ACTOR_KINDS",
    "BLANK_CODE_COUNTRIES",
    "CODE_COLUMNS",
    "REQUIRED_COLUMNS",
    "TABLE_SOURCE",
    "RowProblem",
    "import_paax",
    "import_paax_file",
    "table_source",
]

#: The columns every row must have; the others are read when present.
REQUIRED_COLUMNS = ("id_paax", "actor_name", "actor_type")

#: The source every imported actor cites: the table itself.
TABLE_SOURCE = "source:paax-table"

#: PAA-X `actor_type` -> the record's `kind`. Two refinements follow (see `_kind`): a `Civil Society` actor of
#: `sub_type` "Communities and tribes" is a `group`; an `Intergovernmental Organization` of `un_type` "UN Mission"
#: is a `mission` (with `igo` among its `other_kinds`). The type itself is also kept verbatim as a dataset code,
#: since several types share a kind.
ACTOR_KINDS = {
    "Country/State": "state",
    "Government/state": "state_body",
    "Military": "military",
    "Armed Organization": "armed_group",
    "Political Party": "political_party",
    "Intergovernmental Organization": "igo",
    "Civil Society": "ngo",
    "Umbrella": "coalition",
    "State Coalition": "coalition",
    "Entity": "territory",
    "Other": "organization",
}

#: Rows whose `actor_iso3c` is blank or ' ' but whose `actor_country` names a state or territory with a code the
#: record format accepts (ISO 3166-1, the retired ISO 3166-3 codes, Kosovo's user-assigned XKX): the name -> code.
#: Other blank codes ('Northern Ireland', 'Kurdistan' in the table) leave `country` empty.
BLANK_CODE_COUNTRIES = {
    "Yugoslavia": "YUG",
    "Czechoslovakia": "CSK",
    "Kosovo": "XKX",
    "Western Sahara": "ESH",
    "Holy See": "VAT",
}

#: Columns kept verbatim as `dataset_codes` (dataset `paax`), with the codebook's meaning of a value where known.
CODE_COLUMNS: dict[str, dict[str, str]] = {
    "actor_id": {},
    "actor_type": {},
    "sub_type": {},
    "cs_type": {},
    "un_type": {
        "P5": "permanent member of the UN Security Council",
        "United Nations": "a body of the United Nations system",
        "UN Mission": "a mission led by the United Nations",
    },
    "international": {"1.0": "coded as an international actor"},
    "regional": {"1.0": "coded as a regional actor"},
    "domestic": {"1.0": "coded as a domestic actor"},
    "women": {"1.0": "coded as a women's organization or representation"},
    "actor_region": {},
    "actor_country": {},
}

_ID_PAAX = re.compile(ID_SCHEME_PATTERNS[IdScheme.paax_actor][0])
_ACLED = re.compile(ID_SCHEME_PATTERNS[IdScheme.acled_actor][0])
_LOCAL_ID = re.compile(ID_LOCAL_PATTERN)
_URL = TypeAdapter(Url)
_PREFIX = "actor:paax-"


def _number(row: Mapping[str, str | None], column: str, scheme: IdScheme) -> str | None:
    """A whole positive number written as '346' or '346.0' (the table writes ids as floats), as digits."""
    raw = _text(row, column)
    if raw is None:
        return None
    try:
        number = float(raw)
    except ValueError:
        raise _UnmappableError(column, raw, "not a number") from None
    if not number.is_integer() or number < 1:
        raise _UnmappableError(column, raw, "not a whole positive number")
    digits = str(int(number))
    if not re.match(ID_SCHEME_PATTERNS[scheme][0], digits):
        raise _UnmappableError(column, raw, f"out of range for a {scheme.value} identifier ({ID_SCHEME_FORMS[scheme]})")
    return digits


def _is_url(text: str) -> bool:
    try:
        _URL.validate_python(text)
    except ValidationError:
        return False
    return True


def _pieces(value: str | None) -> list[str]:
    """The non-blank pieces of a '|'-separated cell, each without the white space around it (`strip_space`), exact
    duplicates once."""
    seen: dict[str, None] = {}
    for piece in (value or "").split("|"):
        text = strip_space(piece)
        if text:
            seen.setdefault(text)
    return list(seen)


def _record_id(id_paax: str) -> str:
    record_id = _PREFIX + id_paax.lower().replace("_", "-")
    if not _LOCAL_ID.fullmatch(record_id.removeprefix("actor:")) or len(record_id) > ID_MAX_LENGTH:
        message = "cannot be made into a record id (letters and digits in words joined by '_' or '-')"
        raise _UnmappableError("id_paax", id_paax, message)
    return record_id


def _kind(row: Mapping[str, str | None]) -> tuple[str, list[str]]:
    actor_type = _text(row, "actor_type") or ""
    if actor_type not in ACTOR_KINDS:
        raise _UnmappableError("actor_type", actor_type, f"not a PAA-X actor type ({', '.join(ACTOR_KINDS)})")
    if actor_type == "Civil Society" and _text(row, "sub_type") == "Communities and tribes":
        return "group", []
    if actor_type == "Intergovernmental Organization" and _text(row, "un_type") == "UN Mission":
        return "mission", ["igo"]
    return ACTOR_KINDS[actor_type], []


def _identifiers(row: Mapping[str, str | None], id_paax: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The identifiers, and the ACLED pieces that are not one ACLED actor name (kept as dataset codes)."""
    identifiers: list[dict[str, Any]] = [{"scheme": "paax_actor", "value": id_paax}]
    gwno = _number(row, "actor_gwno", IdScheme.gwno)
    if gwno is not None:
        identifiers.append({"scheme": "gwno", "value": gwno})
    ucdp = _number(row, "ucdp_id", IdScheme.ucdp_actor)
    url = _text(row, "ucdp_url")
    if url is not None and (ucdp is None or not _is_url(url)):
        raise _UnmappableError("ucdp_url", url, "not an http(s) link, or given without ucdp_id")
    if ucdp is not None:
        identifiers.append({"scheme": "ucdp_actor", "value": ucdp, **({"url": url} if url else {})})
    not_names: list[str] = []
    acled = [n for n in [_text(row, "acled_name")] if n]
    for name in dict.fromkeys([*acled, *_pieces(row.get("acled_other"))]):
        if _ACLED.fullmatch(name):
            identifiers.append({"scheme": "acled_actor", "value": name})
        elif name in acled:
            raise _UnmappableError("acled_name", name, "not an ACLED actor name (one line, at most 200 characters)")
        else:
            not_names.append(name)
    return identifiers, not_names


def _names(row: Mapping[str, str | None]) -> list[dict[str, Any]]:
    names: list[dict[str, Any]] = []
    abbreviation = _text(row, "abbreviation")
    if abbreviation is not None:
        names.append({"text": abbreviation, "kind": "abbreviation", "dataset": "PAA-X abbreviation"})
    ucdp_name = _text(row, "ucdp_name")
    if ucdp_name is not None:
        names.append({"text": ucdp_name, "kind": "alias", "dataset": "PAA-X ucdp_name"})
    names.extend(
        {"text": alias, "kind": "alias", "dataset": "PAA-X alternative_names"}
        for alias in _pieces(row.get("alternative_names"))
    )
    return names


def _country(row: Mapping[str, str | None], number: int) -> tuple[str | None, list[RowProblem]]:
    raw = row.get("actor_iso3c") or ""
    code, name = raw.strip(), _text(row, "actor_country")
    if code in ISO_3166_1_ALPHA3:
        return code, []
    if code:
        message = "not an ISO 3166-1 alpha-3 code: 'country' left empty, the code kept as a dataset code"
        return None, [RowProblem(number, "actor_iso3c", raw, message, note=True)]
    if name in BLANK_CODE_COUNTRIES:
        return BLANK_CODE_COUNTRIES[name], []
    if raw or name:
        message = f"no country code for {name!r}: 'country' left empty, the name kept as a dataset code"
        return None, [RowProblem(number, "actor_iso3c", raw, message, note=True)]
    return None, []


def _codes(row: Mapping[str, str | None]) -> list[dict[str, Any]]:
    codes = []
    for column, labels in CODE_COLUMNS.items():
        value = _text(row, column)
        if value is not None:
            code = {"dataset": "paax", "variable": column, "value": value}
            if value in labels:
                code["label"] = labels[value]
            codes.append(code)
    return codes


def _actor(row: Mapping[str, str | None], number: int, seen: set[str]) -> tuple[dict[str, Any], list[RowProblem]]:
    id_paax = _text(row, "id_paax")
    if id_paax is None:
        raise _UnmappableError("id_paax", "", "missing: every PAA-X row has an actor id")
    if not _ID_PAAX.fullmatch(id_paax):
        raise _UnmappableError("id_paax", id_paax, "not a PAA-X actor id (letters, digits, '_' and '-')")
    record_id = _record_id(id_paax)
    if record_id in seen:
        raise _UnmappableError("id_paax", id_paax, "the same actor id as an earlier row")
    name = _text(row, "actor_name")
    if name is None:
        raise _UnmappableError("actor_name", "", "missing: every PAA-X row has an actor name")
    kind, other_kinds = _kind(row)
    identifiers, not_acled_names = _identifiers(row, id_paax)
    country, notes = _country(row, number)
    codes = _codes(row)
    if notes and (code := _text(row, "actor_iso3c")) is not None:
        codes.append({"dataset": "paax", "variable": "actor_iso3c", "value": code})
    for piece in not_acled_names:
        codes.append({"dataset": "paax", "variable": "acled_other", "value": piece})
        message = "not one ACLED actor name (several run together, or over 200 characters): kept as a dataset code"
        notes.append(RowProblem(number, "acled_other", piece, message, note=True))
    record: dict[str, Any] = {
        "record_type": "actor",
        "id": record_id,
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "kind": kind,
        "other_kinds": other_kinds,
        "names": _names(row),
        "country": country,
        "identifiers": identifiers,
        "dataset_codes": codes,
        "evidence": [{"source": TABLE_SOURCE, "quote": name}],
        "notes": _text(row, "actor_desc"),
    }
    seen.add(record_id)
    return {k: v for k, v in record.items() if v not in (None, [])}, notes


def table_source() -> dict[str, Any]:
    """The `Source` record of the PAA-X table, which every imported actor cites."""
    return {
        "record_type": "source",
        "id": TABLE_SOURCE,
        "schema_version": SCHEMA_VERSION,
        "kind": "dataset",
        "title": "PAA-X, the PA-X actors table (PeaceRep, University of Edinburgh)",
    }


def import_paax(rows: Iterable[Mapping[str, str | None]], first_row: int = 2) -> Iterator[dict[str, Any] | RowProblem]:
    """Map PAA-X rows to records: the table's `Source` first, then an `Actor` per row (preceded by the row's
    `RowNote`s, if any), or a `RowProblem` for a row that cannot be mapped (which is left out)."""
    yield table_source()
    seen: set[str] = set()
    for number, row in enumerate(rows, start=first_row):
        try:
            record, notes = _actor(row, number, seen)
        except _UnmappableError as problem:
            yield RowProblem(number, problem.column, problem.value, problem.message)
            continue
        yield from notes
        yield record


def import_paax_file(path: Path, progress: Progress | None = None) -> Iterator[dict[str, Any] | RowProblem]:
    """Stream a PAA-X actors CSV file (UTF-8, with or without a byte-order mark); `progress` is called with
    (lines, bytes) read."""
    with open_table(path, progress) as reader:
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            message = "the header lacks these PAA-X columns: is this a PAA-X actors table?"
            yield RowProblem(1, ", ".join(missing), "", message, fatal=True)
            return
        yield from import_paax(reader)


def _rows(table: Path, options: ImportOptions, progress: Progress | None) -> Iterator[dict[str, Any] | RowProblem]:
    return import_paax_file(table, progress=progress)


#: `peace-talks import paax` (its summary counts the notes: values kept only verbatim).
IMPORTER = Importer("paax", _rows, show_notes=True)
