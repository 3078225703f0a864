"""Export `Agreement` records as rows of the PA-X agreements table (PeaceRep, `pax.csv`): the inverse of
`peace_talks_model.interop.pax`.

`export_pax(records, index)` yields, for each agreement in input order, an `ExportProblem` (record id, field, value,
why) for everything the record holds that the row cannot carry, then the row: a dict keyed by the `COLUMNS` of the
table, in its column order, every value a string ('' for an empty cell). A value that cannot be written in PA-X's
vocabulary or form (a date less precise than a day, a status PA-X has no code for) leaves its cell empty and is
reported, never guessed. The peace process (`PP`, `PPName`, `Con`, `Contp`, `Reg`), the text's link
(`PDF_Hyperlink`) and the UCDP conflict ids (`UcdpCon`) come from the `Negotiation`, `Source` and `Conflict`
records an agreement refers to, and built party lists from the names of `Actor` records: `PaxIndex` keeps what is
needed of them (a few strings per record), so that `export_pax_files(paths)` can read the files twice, once for the
index and once for the agreements, and never hold the agreements in memory; `EXPORTER` is `peace-talks export pax`
(`interop.contract`). The mapping, column by column, and what is lossy are in `docs/import/pax.md` ("Export").
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from peace_talks_model.errors import ExitStatus
from peace_talks_model.interop.contract import Exporter, ExportOptions, ExportProblem, ExportResult, export_failures
from peace_talks_model.interop.pax import (
    SIGNED_STATUSES,
    STATUS,
    STATUS_PATHS,
    TABLE_SOURCE,
    ActorIndex,
    WordingPiece,
    split_wording,
)
from peace_talks_model.io import InvalidRecordsError, read_records, write_csv
from peace_talks_model.loader import discover
from peace_talks_model.models import Actor, Agreement, Conflict, Negotiation, Source
from peace_talks_model.models.agreement import AgreementStatus, AgreementStatusStep, SignatoryCapacity, ThirdParty
from peace_talks_model.models.dates import DatePrecision, FuzzyDate, parse_edtf
from peace_talks_model.models.ids import IdScheme
from peace_talks_model.models.places import Place
from peace_talks_model.models.record_base import DATA
from peace_talks_model.validation import record_adapter

#: The columns of a PA-X row the export writes (those the importer maps), in the published table's order. The
#: explorer's derived labels (`stage_label`, `agt_type`, `year`...) are not written.
COLUMNS: tuple[str, ...] = (
    "Con", "Contp", "PP", "PPName", "Reg", "AgtId", "Ver", "Agt", "Dat", "Status", "Lgt", "N_characters", "Agtp",
    "Stage", "StageSub", "Part", "ThrdPart", "OthAgr", "Loc1ISO", "Loc2ISO", "Loc1GWNO", "Loc2GWNO", "UcdpCon",
    "UcdpAgr", "PamAgr", "CowWar", "Interim", "description", "PAX_Hyperlink", "PDF_Hyperlink",
)  # fmt: skip

#: Identifier schemes written to a column of their own (`pax_agreement` gives `AgtId`, `Ver`, `PAX_Hyperlink`).
IDENTIFIER_COLUMNS: dict[IdScheme, str] = {
    IdScheme.ucdp_agreement: "UcdpAgr",
    IdScheme.ucdp_conflict: "UcdpCon",
    IdScheme.pam_agreement: "PamAgr",
    IdScheme.cow: "CowWar",
}

#: Agreement fields that go to the row (see docs/import/pax.md, "Export").
MAPPED_FIELDS = frozenset({
    "record_type", "id", "schema_version", "identifiers", "dataset_codes", "name", "date", "status_history",
    "notes", "versions", "pax_agreement_type", "pax_stage", "pax_substage", "parties_wording",
    "third_parties_wording", "party_mentions", "parties", "signatories", "mediators", "third_parties",
    "references_wording", "conflict_locations", "interim", "negotiations", "text_source", "conflicts",
})  # fmt: skip

#: Agreement fields the PA-X agreements table has no column for, and why: a record holding one is reported.
LOSSY_FIELDS: dict[str, str] = {
    "titles": "PA-X has one title (Agt, from `name`); other titles are not written",
    "type": "PA-X has no column for the kind of agreement in words (its Stage/StageSub codes come from pax_stage "
    "and pax_substage)",
    "place": "PA-X has no column for where an agreement was signed (Loc1/Loc2 are the conflict's locations)",
    "written": "PA-X has no column saying whether there is a written text",
    "annexes": "PA-X's agreements table has no column for annexes",
    "provisions": "PA-X codes provisions in other columns of its full dataset, not in the agreements table",
    "phases": "PA-X has no column for phases of implementation",
    "prisoner_swaps": "PA-X's agreements table has no column for the exchanges of detainees an agreement provides for",
    "relations": "PA-X keeps other agreements as wording (OthAgr, from references_wording), not as links",
    "related": "PA-X has no column for related records",
    "evidence": "PA-X has no column for evidence",
    "confidence": "PA-X has no column for the author's confidence",
    "characterizations": "PA-X has no column for characterizations",
}

_PAX_STATUS_NOTE = re.compile(r"^PA-X status: (.*)$", re.DOTALL)
_STATUS_BY_NOTE = {status.lower(): status for status in STATUS}
_STATUS_PATH_REASONS = frozenset(f"PA-X: {meaning}" for meaning in STATUS_PATHS.values())
_PROCESS_ID = re.compile(r"^negotiation:pax-pp-([0-9]+)$")
_PROCESS_NOTES = re.compile(
    r"^PA-X (?:conflict: (?P<Con>.*?))?(?:(?:; )?conflict type: (?P<Contp>.*?))?(?:(?:; )?region: (?P<Reg>.*))?$",
    re.DOTALL,
)
_PROCESS_COLUMNS = ("PP", "PPName", "Con", "Contp", "Reg")
#: Statuses that make an agreement (without a PA-X status note) 'Multiparty signed/agreed'.
_AGREED = (AgreementStatus.signed, AgreementStatus.adopted)
_NOT_AMONG_INPUTS = "the actor record is not among the inputs: its name cannot be written"
_THIRD_PARTY_CAPACITIES = (SignatoryCapacity.witness, SignatoryCapacity.guarantor, SignatoryCapacity.mediator)


@dataclass(frozen=True, slots=True)
class _Process:
    """What the export needs of a `Negotiation`: its kind, title, parent and PA-X codes (PP, PPName, Con...)."""

    kind: str
    title: str | None
    part_of: str | None
    codes: dict[str, str]


@dataclass(slots=True)
class PaxIndex:
    """The few strings an export needs of the records agreements refer to: each negotiation's kind, title,
    parent and PA-X codes, each source's URL, each actor's name, each conflict's UCDP ids. Build it with `add` (or
    `build`) in a first pass."""

    negotiations: dict[str, _Process] = field(default_factory=dict)
    sources: dict[str, str | None] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)
    conflicts: dict[str, list[str]] = field(default_factory=dict)

    def add(self, record: BaseModel) -> None:
        """Keep what the export needs of `record` (agreements and other record types are not kept)."""
        if isinstance(record, Negotiation):
            self.negotiations[record.id] = _Process(
                record.kind.value, record.title, record.part_of, _process_codes(record)
            )
        elif isinstance(record, Source):
            self.sources[record.id] = record.url
        elif isinstance(record, Actor):
            self.actors[record.id] = record.name
        elif isinstance(record, Conflict):
            self.conflicts[record.id] = [i.value for i in record.identifiers if i.scheme is IdScheme.ucdp_conflict]

    @classmethod
    def build(cls, records: Iterable[BaseModel]) -> PaxIndex:
        """The index of `records`."""
        index = cls()
        for record in records:
            index.add(record)
        return index


def _process_codes(negotiation: Negotiation) -> dict[str, str]:
    """PP, PPName, Con, Contp, Reg as a negotiation holds them: its PA-X dataset codes first, then what the importer
    writes (the id `negotiation:pax-pp-<PP>`, the title, and 'PA-X conflict: ...; conflict type: ...; region: ...'
    in the notes)."""
    codes: dict[str, str] = {}
    number = _PROCESS_ID.match(negotiation.id)
    if number:
        codes["PP"] = number.group(1)
        # the importer titles a process without a PPName 'PA-X peace process <PP>'
        if negotiation.title and negotiation.title != f"PA-X peace process {number.group(1)}":
            codes["PPName"] = negotiation.title
    elif negotiation.title:
        codes["PPName"] = negotiation.title
    context = _PROCESS_NOTES.match(negotiation.notes or "") if (negotiation.notes or "").startswith("PA-X ") else None
    if context:
        codes.update({k: v for k, v in context.groupdict().items() if v})
    for code in negotiation.dataset_codes:
        if code.dataset.value == "pax" and code.variable in _PROCESS_COLUMNS:
            codes[code.variable] = code.value
    return codes


class _Row:
    """One agreement's row being filled, with the problems found on the way."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self.cells: dict[str, str] = dict.fromkeys(COLUMNS, "")
        self.problems: list[ExportProblem] = []
        self.sources: dict[str, str] = {}  # column -> the field it was written from

    def set(self, column: str, value: str | int | None, source: str) -> None:
        if value is not None and value != "":
            self.cells[column] = str(value)
            self.sources[column] = source

    def problem(self, field_path: str, value: object, message: str) -> None:
        self.problems.append(ExportProblem(self.agreement.id, field_path, message, _show(value)))

    def known(self, field_path: str, value: object, message: str) -> None:
        """Something the row knowingly does not carry: the importer makes it again from the row."""
        self.problems.append(ExportProblem(self.agreement.id, field_path, message, _show(value), known=True))


def _show(value: object) -> str:
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    return "" if value is None else str(value)


def _set_fields(model: BaseModel, *ignore: str) -> list[str]:
    """The fields of `model` that hold something other than their default, except `ignore`."""
    return [k for k in model.model_dump(exclude_defaults=True) if k not in ignore]


def _identifiers(row: _Row) -> None:
    agreement = row.agreement
    by_scheme: dict[IdScheme, list[int]] = {}
    for i, identifier in enumerate(agreement.identifiers):
        by_scheme.setdefault(identifier.scheme, []).append(i)
    for scheme, positions in by_scheme.items():
        if scheme is IdScheme.ucdp_conflict and agreement.conflicts:
            continue  # UcdpCon comes from the conflicts (`_conflicts`)
        column = "AgtId" if scheme is IdScheme.pax_agreement else IDENTIFIER_COLUMNS.get(scheme)
        if column is None:
            for i in positions:
                row.problem(f"identifiers[{i}]", agreement.identifiers[i], f"PA-X has no column for {scheme.value} ids")
            continue
        if len(positions) > 1:
            values = [agreement.identifiers[i].value for i in positions]
            row.problem("identifiers", values, f"PA-X has one {column}; {len(positions)} {scheme.value} ids given")
            continue
        i = positions[0]
        identifier = agreement.identifiers[i]
        row.set(column, identifier.value, f"identifiers[{i}]")
        if scheme is IdScheme.pax_agreement:
            if identifier.version is not None:
                if identifier.version.isascii() and identifier.version.isdigit():
                    row.set("Ver", str(int(identifier.version)), f"identifiers[{i}].version")
                else:
                    row.problem(f"identifiers[{i}].version", identifier.version, "PA-X's Ver is a whole number")
            row.set("PAX_Hyperlink", identifier.url, f"identifiers[{i}].url")
        else:
            extra = _set_fields(identifier, "scheme", "value")
            if extra:
                row.problem(f"identifiers[{i}]", identifier, f"PA-X's {column} has no room for {', '.join(extra)}")


def _conflicts(row: _Row, index: PaxIndex) -> None:
    """UcdpCon from the UCDP ids (`ucdp_conflict` identifiers) of the conflicts the agreement names, each once,
    joined by ', ' (the importer reads them back). A conflict not among the inputs, or with no UCDP id or several,
    is reported and left out. The agreement's own `ucdp_conflict` identifiers (where imports before schema 1.5 kept
    the id; written by `_identifiers` when the agreement names no conflict) are reported unless among those ids."""
    agreement = row.agreement
    if not agreement.conflicts:
        return
    ids: list[str] = []
    for i, conflict in enumerate(agreement.conflicts):
        ucdp = index.conflicts.get(conflict)
        if ucdp is None:
            row.problem(f"conflicts[{i}]", conflict, "the conflict record is not among the inputs: its UCDP id "
                        "cannot be written (UcdpCon)")  # fmt: skip
        elif len(ucdp) != 1:
            has = f"{len(ucdp)} UCDP ids ({', '.join(ucdp)})" if ucdp else "no UCDP id (ucdp_conflict identifier)"
            row.problem(f"conflicts[{i}]", conflict, f"the conflict has {has}: not written to UcdpCon")
        elif ucdp[0] not in ids:
            ids.append(ucdp[0])
    for i, identifier in enumerate(agreement.identifiers):
        if identifier.scheme is IdScheme.ucdp_conflict and identifier.value not in ids:
            row.problem(f"identifiers[{i}]", identifier, "not written: UcdpCon is written from `conflicts`, whose "
                        "UCDP ids do not include it")  # fmt: skip
    row.set("UcdpCon", ", ".join(ids), "conflicts")


def _pax_date(date: FuzzyDate) -> tuple[str | None, str]:
    """`DD/MM/YYYY` for a single, exact day; otherwise None and why not."""
    parsed = parse_edtf(date.edtf)
    day = parsed.start
    if parsed.is_interval or day is None:
        return None, "this date is a range"
    if day.precision is not DatePrecision.day:
        return None, f"this date is known to the {day.precision.value} only"
    if day.approximate or day.uncertain:
        return None, "this day is approximate or uncertain"
    return f"{day.earliest.day:02d}/{day.earliest.month:02d}/{day.earliest.year:04d}", ""


def _status_and_date(row: _Row) -> str:
    """Status, Dat and description; returns the description (the notes without the PA-X status note)."""
    agreement = row.agreement
    paragraphs = (agreement.notes or "").split("\n\n") if agreement.notes else []
    note = _PAX_STATUS_NOTE.match(paragraphs[0]) if paragraphs else None
    status: str | None = None
    if note:
        status = _STATUS_BY_NOTE.get(note.group(1).strip().lower())
        if status is None:
            row.problem("notes", paragraphs[0], f"not a PA-X status ({', '.join(STATUS)})")
        paragraphs = paragraphs[1:]
    agreed = next((s for s in agreement.status_history if s.status in _AGREED), None)
    if status is None and not note:
        if agreed is not None:
            status = "Multiparty signed/agreed"
        else:
            row.problem(
                "status_history",
                [s.status.value for s in agreement.status_history],
                "no PA-X Status: PA-X codes documents signed or agreed by several parties, unilateral documents, "
                "agreements with a subsequent status and unclear ones; this agreement was never signed or adopted "
                "(a first paragraph 'PA-X status: status unclear' in its notes exports it as 'Status unclear')",
            )
    row.set("Status", status, "notes" if note else "status_history")
    # Dat: the agreement's date, else the date of its signing or adoption
    date, date_field = agreement.date, "date"
    if date is None and agreed is not None and agreed.date is not None:
        date, date_field = agreed.date, f"status_history[{agreement.status_history.index(agreed)}].date"
    if date is not None:
        written, why = _pax_date(date)
        if written is None:
            row.problem(date_field, date.edtf, f"PA-X's Dat is one exact day (DD/MM/YYYY); {why}")
        row.set("Dat", written, date_field)
        extra = _set_fields(date, "edtf")
        if extra:
            row.problem(
                date_field, date, f"only the day is written; PA-X has no column for the date's {', '.join(extra)}"
            )
    if status is not None or note:  # else the steps are already reported: no Status
        _status_history_loss(row, status, date)
    return "\n\n".join(paragraphs)


def _read_from_wording(agreement: Agreement, step: AgreementStatusStep) -> tuple[str, ...]:
    """The fields of a status step that say only how the importer read it from the parties' wording (its reason
    and quotes of that wording, as `status_path` writes them): written back with `Part`, so not lost."""
    reason = step.reason is None or step.reason in _STATUS_PATH_REASONS
    wording = agreement.parties_wording or ""
    quoted = all(e.source == TABLE_SOURCE and e.quote in wording for e in step.evidence)
    return ("reason", "evidence") if reason and quoted else ()


def _status_history_loss(row: _Row, status: str | None, date: FuzzyDate | None) -> None:
    """Report the status steps that Status and Dat do not say: more than the one step the importer writes."""
    steps = row.agreement.status_history
    if not steps:
        return
    expected = STATUS[status][0] if status in STATUS else None
    allowed: tuple[str | None, ...] = (expected,)
    if status in SIGNED_STATUSES:  # the importer reads these from the parties' wording too (`status_path`)
        allowed = (AgreementStatus.signed, AgreementStatus.adopted, AgreementStatus.initialled)
    step = steps[0]
    said = (
        len(steps) == 1
        and step.status in allowed
        and (step.date is None or (date is not None and step.date.edtf == date.edtf))
        and not _set_fields(step, "status", "date", *_read_from_wording(row.agreement, step))
    )
    if not said:
        shown = [f"{s.status.value} {s.date.edtf}" if s.date else s.status.value for s in steps]
        row.problem(
            "status_history", shown, "PA-X keeps one Status and one Dat per agreement; these steps are not written"
        )


def _versions(row: _Row) -> str | None:
    """Lgt and N_characters from the agreement's version (the only one, or the PA-X version `pax-v<Ver>`);
    returns that version's text source."""
    versions = row.agreement.versions
    if not versions:
        return None
    chosen = 0
    if len(versions) > 1:
        key = f"pax-v{row.cells['Ver']}" if row.cells["Ver"] else None
        match = [i for i, v in enumerate(versions) if v.key == key]
        if not match:
            row.problem("versions", [v.key for v in versions], "PA-X has one text length per agreement; several "
                        "versions and none is the PA-X version: no length written")  # fmt: skip
            return None
        chosen = match[0]
    version = versions[chosen]
    row.set("Lgt", version.pages, f"versions[{chosen}].pages")
    row.set("N_characters", version.characters, f"versions[{chosen}].characters")
    extra = _set_fields(version, "key", "pages", "characters", "text_source")
    if extra:
        row.problem(f"versions[{chosen}]", version, f"PA-X has no column for a version's {', '.join(extra)}")
    for i, other in enumerate(versions):
        if i != chosen:
            row.problem(f"versions[{i}]", other, "PA-X describes one version of the text; this one is not written")
    return version.text_source


class _Named(NamedTuple):
    """One name of a party list: the field it comes from, the actor (None for a third party known only by its
    `description`, the text written instead), whom it signed for, its capacity or role ('' for a party)."""

    field: str
    actor: str | None
    on_behalf_of: str | None = None
    capacity: str = ""
    description: str = ""


def _names(row: _Row, index: PaxIndex, actors: list[_Named]) -> str:
    """The names of `actors`, each once, joined by '; ' ('Name, for Party (witness)'; 'description (observer)');
    an actor not among the inputs is reported and left out."""
    names: list[str] = []
    for field_path, actor, behalf, capacity, description in actors:
        name = description if actor is None else index.actors.get(actor)
        if name is None:
            row.problem(field_path, actor, _NOT_AMONG_INPUTS)
            continue
        if behalf is not None:
            if behalf in index.actors:
                name += f", for {index.actors[behalf]}"
            else:
                row.problem(field_path.replace(".actor", ".on_behalf_of"), behalf, _NOT_AMONG_INPUTS)
        text = f"{name} ({capacity})" if capacity else name
        if text not in names:
            names.append(text)
    return "; ".join(names)


def _parties(row: _Row, index: PaxIndex) -> None:
    """Part and ThrdPart: the wording verbatim; without it, the mentions' texts joined by '; '; without them, the
    names of the parties (and of signatories for them), or of the mediators, the third parties (an unnamed one by
    its description) and the witnessing, guaranteeing or mediating signatories, their capacity or role in
    brackets. What the cells do not carry is reported."""
    agreement = row.agreement
    actors: dict[str, list[_Named]] = {
        "Part": [_Named("parties", a) for a in agreement.parties],
        "ThrdPart": [_Named("mediators", a, capacity="mediator") for a in agreement.mediators],
    }
    for i, third_party in enumerate(agreement.third_parties):
        where = f"third_parties[{i}]" + (".actor" if third_party.actor is not None else ".description")
        actors["ThrdPart"].append(
            _Named(where, third_party.actor, None, third_party.role.value, third_party.description or "")
        )
    for i, signatory in enumerate(agreement.signatories):
        third = signatory.capacity in _THIRD_PARTY_CAPACITIES
        actors["ThrdPart" if third else "Part"].append(
            _Named(
                f"signatories[{i}].actor",
                signatory.actor,
                signatory.on_behalf_of,
                signatory.capacity.value if third else "",
            )
        )
    origin: dict[str, str] = {}
    for column, wording, wording_field, role in (
        ("Part", agreement.parties_wording, "parties_wording", "party"),
        ("ThrdPart", agreement.third_parties_wording, "third_parties_wording", "third_party"),
    ):
        mentions = [m.text for m in agreement.party_mentions if m.role.value == role]
        if wording is not None:
            row.set(column, wording, wording_field)
            origin[column] = wording_field
        elif mentions:
            row.set(column, "; ".join(mentions), "party_mentions")
            origin[column] = "party_mentions"
        elif actors[column]:
            row.set(column, _names(row, index, actors[column]), actors[column][0].field)
            origin[column] = "actors"
    _mention_links(row, origin)
    not_written = "not written: {column} is written from {origin}"
    named_by_mentions = {m.actor for m in agreement.party_mentions if m.role.value == "party" and m.actor}
    for name, column in (("parties", "Part"), ("mediators", "ThrdPart")):
        if getattr(agreement, name) and origin.get(column) != "actors":
            value, why = getattr(agreement, name), not_written.format(column=column, origin=origin.get(column))
            # parties that are each the actor of a party mention written there come back with the links
            if name != "parties" or not set(agreement.parties) <= named_by_mentions:
                row.problem(name, value, why)
    for i, signatory in enumerate(agreement.signatories):
        column = "ThrdPart" if signatory.capacity in _THIRD_PARTY_CAPACITIES else "Part"
        if origin.get(column) != "actors":
            row.problem(f"signatories[{i}]", signatory, not_written.format(column=column, origin=origin.get(column)))
            continue
        extra = _set_fields(signatory, "actor", "capacity", "on_behalf_of")
        if extra:
            row.problem(f"signatories[{i}]", signatory, f"PA-X has no column for a signature's {', '.join(extra)}")
    _third_parties(row, index, origin.get("ThrdPart"))


#: How the links an export knowingly leaves out are made again.
_RELINK = "'peace-talks import pax --actors' links them again"


def _mention_links(row: _Row, origin: Mapping[str, str]) -> None:
    """The actor links of party mentions: PA-X has no column for them. A mention whose text is written (in its
    wording's cell, or as the mentions' texts) is known not written, since the importer links it again from that
    text; a link of a mention whose text is not written is reported."""
    agreement = row.agreement
    wordings = {"party": agreement.parties_wording, "third_party": agreement.third_parties_wording}
    columns = {"party": "Part", "third_party": "ThrdPart"}
    for i, mention in enumerate(agreement.party_mentions):
        if mention.actor is None:
            continue
        where, wording = f"party_mentions[{i}].actor", wordings[mention.role.value]
        written = origin.get(columns[mention.role.value])
        if written == "party_mentions" or (wording is not None and mention.text in wording):
            row.known(where, mention.actor, f"PA-X has no column for the actor a mention names ({_RELINK})")
        else:
            row.problem(where, mention.actor, "PA-X has no column for the actor a mention names")


def _same_words(a: str, b: str) -> bool:
    """Whether two texts are the same words (case-insensitive, runs of whitespace as one space)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _third_parties(row: _Row, index: PaxIndex, origin: str | None) -> None:
    """Report what ThrdPart does not say of `third_parties`.

    Written from the actors, the cell says each third party's name (or description) and role; its `lead`,
    `evidence`, a `role_wording` other than the role's name and a description beside its actor's name are reported.
    Written from `third_parties_wording`, the cell says the third parties the wording implies (`_implied`: the
    importer reads them back from it, role and `role_wording` included); their `lead`, `evidence` and a
    description beside the actor are reported, and a third party the wording does not imply is reported not
    written. Written from the mentions (which carry no labels), no third party is written."""
    agreement = row.agreement
    if not agreement.third_parties:
        return
    labelled: list[tuple[WordingPiece, str | None]] = []
    if origin == "third_parties_wording":
        labelled = _labelled_mentions(agreement, index)
    for i, third_party in enumerate(agreement.third_parties):
        where = f"third_parties[{i}]"
        ignore = ["actor", "role"]
        if third_party.actor is None:
            ignore.append("description")
        if origin == "actors":
            if third_party.role_wording is not None and _same_words(third_party.role_wording, third_party.role.value):
                ignore.append("role_wording")
        elif origin == "third_parties_wording" and _implied(third_party, labelled):
            ignore.append("role_wording")
        else:
            row.problem(where, third_party, f"not written: ThrdPart is written from {origin}")
            continue
        extra = _set_fields(third_party, *ignore)
        if extra:
            why = f"PA-X has no column for a third party's {', '.join(extra)}"
            if "role_wording" in extra:
                why += f" (ThrdPart writes its role, {third_party.role.value!r})"
            row.problem(where, third_party, why)


def _labelled_mentions(agreement: Agreement, index: PaxIndex) -> list[tuple[WordingPiece, str | None]]:
    """The mentions of `third_parties_wording` that follow a label naming their role, as the importer splits it,
    each with the actor it resolves to by the names the record gives: the texts of its third-party mentions
    that name an actor (as the importer wrote them), and the names of its third parties' actors among the inputs."""
    names = ActorIndex()
    for mention in agreement.party_mentions:
        if mention.role.value == "third_party" and mention.actor is not None:
            names.add(mention.actor, [mention.text])
    for third_party in agreement.third_parties:
        if third_party.actor is not None and third_party.actor in index.actors:
            names.add(third_party.actor, [index.actors[third_party.actor]])
    pieces = split_wording(agreement.third_parties_wording or "", names)
    return [(p, names.resolve(p.text)) for p in pieces if p.kind == "mention" and p.role is not None]


def _implied(third_party: ThirdParty, labelled: list[tuple[WordingPiece, str | None]]) -> bool:
    """Whether the wording's labelled mentions imply `third_party`: one in its role (under its `role_wording`, when
    it has one) that names its actor, or, for a third party without an actor, whose text is its description."""
    for piece, actor in labelled:
        if piece.role != third_party.role:
            continue
        if third_party.role_wording is not None and third_party.role_wording != piece.role_wording:
            continue
        if third_party.actor is not None and actor == third_party.actor:
            return True
        if third_party.actor is None and third_party.description and _same_words(third_party.description, piece.text):
            return True
    return False


def _place(row: _Row, i: int, place: Place) -> None:
    number = i + 1
    row.set(f"Loc{number}ISO", place.country, f"conflict_locations[{i}].country")
    gwno = [j for j, identifier in enumerate(place.identifiers) if identifier.scheme is IdScheme.gwno]
    if len(gwno) > 1:
        values = [place.identifiers[j].value for j in gwno]
        row.problem(f"conflict_locations[{i}].identifiers", values, f"PA-X has one Loc{number}GWNO")
    elif gwno:
        identifier = place.identifiers[gwno[0]]
        row.set(f"Loc{number}GWNO", identifier.value, f"conflict_locations[{i}].identifiers[{gwno[0]}]")
        if _set_fields(identifier, "scheme", "value"):
            row.problem(f"conflict_locations[{i}].identifiers[{gwno[0]}]", identifier, "only the number is written")
    for j, identifier in enumerate(place.identifiers):
        if identifier.scheme is not IdScheme.gwno:
            row.problem(f"conflict_locations[{i}].identifiers[{j}]", identifier, "PA-X locations are a country and "
                        "its GWNO code; other ids are not written")  # fmt: skip
    extra = _set_fields(place, "country", "identifiers")
    if extra:
        row.problem(f"conflict_locations[{i}]", place, f"PA-X has no column for a location's {', '.join(extra)}")


def _locations(row: _Row) -> None:
    for i, place in enumerate(row.agreement.conflict_locations):
        if i < 2:
            _place(row, i, place)
        else:
            row.problem(f"conflict_locations[{i}]", place, "PA-X has two conflict locations (Loc1, Loc2)")


def _process(row: _Row, index: PaxIndex) -> None:
    """PP, PPName, Con, Contp, Reg from the one peace process (the outermost track) the agreement belongs to."""
    tops: dict[str, str] = {}  # top-level negotiation -> the field that led to it
    for i, negotiation in enumerate(row.agreement.negotiations):
        top, seen = negotiation, {negotiation}
        while top in index.negotiations and index.negotiations[top].part_of not in (None, *seen):
            top = index.negotiations[top].part_of or top
            seen.add(top)
        if top not in index.negotiations and not _PROCESS_ID.match(top):
            row.problem(f"negotiations[{i}]", top, "the negotiation record is not among the inputs: its peace "
                        "process cannot be written")  # fmt: skip
            continue
        tops.setdefault(top, f"negotiations[{i}]")
    if len(tops) > 1:
        row.problem("negotiations", list(tops), "PA-X has one peace process per agreement; these negotiations belong "
                    "to several (the outermost tracks differ): none is written")  # fmt: skip
        return
    for top, field_path in tops.items():
        process = index.negotiations.get(top)
        if process is not None and process.kind != "track" and not _PROCESS_ID.match(top):
            row.problem(field_path, top, f"a {process.kind}, not a track (a peace process): PP/PPName not written")
            return
        codes = process.codes if process is not None else {"PP": _PROCESS_ID.match(top).group(1)}  # type: ignore[union-attr]
        own = {c.variable for c in row.agreement.dataset_codes if c.dataset.value == "pax"}
        for column in _PROCESS_COLUMNS:
            if column not in own:  # the agreement's own code (written by `_dataset_codes`) comes first
                row.set(column, codes.get(column), f"{field_path} ({top})")


def _text_source(row: _Row, index: PaxIndex, version_source: str | None) -> None:
    source = row.agreement.text_source or version_source
    if source is None:
        return
    if source not in index.sources:
        row.problem("text_source", source, "the source record is not among the inputs: PDF_Hyperlink not written")
        return
    row.set("PDF_Hyperlink", index.sources[source], "text_source")


def _dataset_codes(row: _Row) -> None:
    """A PA-X code for a column fills the column when the typed fields left it empty; any other code is reported."""
    for i, code in enumerate(row.agreement.dataset_codes):
        where = f"dataset_codes[{i}]"
        if code.dataset.value != "pax" or code.variable not in COLUMNS:
            row.problem(where, code, "PA-X's agreements table has no column for this code")
        elif not row.cells[code.variable]:
            row.set(code.variable, code.value, where)
        elif row.cells[code.variable] != code.value:
            row.problem(where, code.value, f"{code.variable} is written from {row.sources[code.variable]} as "
                        f"{row.cells[code.variable]!r}; this code differs and is not written")  # fmt: skip


def _agreement_row(agreement: Agreement, index: PaxIndex) -> _Row:
    row = _Row(agreement)
    _identifiers(row)
    _conflicts(row, index)
    row.set("Agt", agreement.name, "name")
    description = _status_and_date(row)
    row.set("description", description, "notes")
    version_source = _versions(row)
    for column, value, name in (
        ("Agtp", agreement.pax_agreement_type, "pax_agreement_type"),
        ("Stage", agreement.pax_stage, "pax_stage"),
        ("StageSub", agreement.pax_substage, "pax_substage"),
    ):
        row.set(column, value.value if value is not None else None, name)
    if agreement.interim is not None:
        row.set("Interim", "Yes" if agreement.interim else "No", "interim")
    _parties(row, index)
    row.set("OthAgr", "\n\n".join(agreement.references_wording), "references_wording")
    _locations(row)
    _process(row, index)
    _text_source(row, index, version_source)
    _dataset_codes(row)
    for name, why in LOSSY_FIELDS.items():
        value = getattr(agreement, name)
        if value not in (None, []):
            row.problem(name, value, why)
    if not row.cells["AgtId"]:
        row.problem("identifiers", "", "no pax_agreement identifier: AgtId left empty (the agreement is not in PA-X, "
                    "or its PA-X id is not recorded)")  # fmt: skip
    return row


def export_pax(
    records: Iterable[BaseModel | Mapping[str, Any]], index: PaxIndex | None = None
) -> Iterator[dict[str, str] | ExportProblem]:
    """For each agreement of `records`, in order, the `ExportProblem`s of what its row cannot carry (and the `known`
    ones it knowingly leaves out), then the row
    (a dict of every column of `COLUMNS`). Records of other types only feed the index (`index`, or, when it is not
    given, one built from `records`, which are then held in memory: pass an index to stream). Records given as
    dicts are validated first.

    Raises:
        InvalidRecordsError: a record given as a dict is not valid.
    """
    if index is None:
        held = [_record(r) for r in records]
        index, records = PaxIndex.build(held), held
    written: dict[str, str] = {}  # AgtId -> the agreement written with it
    for item in records:
        record = _record(item)
        if not isinstance(record, Agreement):
            continue
        row = _agreement_row(record, index)
        agt_id = row.cells["AgtId"]
        if agt_id and agt_id in written:
            row.problem("identifiers", agt_id, f"AgtId {agt_id} is already written for {written[agt_id]}")
        elif agt_id:
            written[agt_id] = record.id
        yield from row.problems
        yield row.cells


def _record(item: BaseModel | Mapping[str, Any]) -> BaseModel:
    if isinstance(item, BaseModel):
        return item
    try:
        return record_adapter().validate_python(item, context=DATA)
    except ValidationError as exc:
        raise InvalidRecordsError(
            f"{item.get('id', 'a record')}: not a valid record ({exc.errors()[0]['msg']})"
        ) from None


def export_pax_files(paths: Iterable[str | Path]) -> Iterator[dict[str, str] | ExportProblem]:
    """`export_pax` over record files (read with `peace_talks_model.io.read_records`, every problem found before
    any row is made; then twice: once for the index, once for the rows).

    Raises:
        FileNotFoundError: a path does not exist.
        InvalidRecordsError: a file cannot be read as records, or a record is not valid (naming every problem).
    """
    paths = list(paths)
    for path in discover(paths):
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    records = read_records(paths).check().records
    index = PaxIndex.build(records)
    yield from export_pax(records, index)


def _export(
    paths: Sequence[Path], out: Path, options: ExportOptions, report: Callable[[ExportProblem], None]
) -> ExportResult:
    """`export_pax_files` into the CSV file `out`, whole or not at all."""
    problems: set[str] = set()
    known = 0

    def rows() -> Iterator[dict[str, str]]:
        nonlocal known
        for item in export_pax_files(paths):
            if isinstance(item, ExportProblem) and item.known:
                known += 1
            elif isinstance(item, ExportProblem):
                problems.add(item.record)
                report(item)
            else:
                yield item

    with export_failures("nothing exported", f"cannot export to {out}"):
        count = write_csv(out, COLUMNS, rows())
    listed = " (listed above)" if problems else ""
    summary = f"{out}: {count} agreement(s) written; {len(problems)} with values not written{listed}"
    if known:
        summary += f"; {known:,} actor link(s) of written names left out (PA-X has no column; {_RELINK})"
    return ExportResult(summary, ExitStatus.INVALID if problems else ExitStatus.OK)


#: `peace-talks export pax`.
EXPORTER = Exporter("pax", _export)
