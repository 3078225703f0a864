"""Import the PA-X peace agreements table (PeaceRep, `pax.csv`) as `Agreement`, `Source`, `Negotiation` and
`Conflict` records.

`import_pax(rows)` maps each row of the table (a dict per row, as `csv.DictReader` gives) to records, and yields a
`RowProblem` (row number, column, value, why) for every row it cannot map, instead of guessing; `import_pax_file`
streams a CSV file, and `IMPORTER` is `peace-talks import pax` (`interop.contract`). The mapping, column by
column, and what is lossy are in `docs/import/pax.md`. Codebook: PA-X Peace Agreements Database and Access Tool,
codebook version 8 (Bell et al., University of Edinburgh / PeaceRep).

The parties' and third parties' wordings (`Part`, `ThrdPart`) are kept verbatim and also split into
`party_mentions` by `split_wording`, where the text allows (separators, labels such as 'Signed:' or 'Witnessed
by:', signature annotations); a wording that does not split cleanly stays one mention. Given an `ActorIndex` (the
names of actor records, e.g. the output of the PAA-X import), a mention whose text is exactly one actor's name
resolves to that actor. The mentions of `ThrdPart` that follow a label naming their role ('Witnessed by:',
'Mediated by:', 'Guarantors:'...: `THIRD_PARTY_ROLES`) are also `third_parties` in that role; the others stay
mentions only, since PA-X does not say their role.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.interop.contract import Importer, ImportOptions, read_known_conflicts, read_option_records
from peace_talks_model.interop.csvfile import Progress, RowProblem, open_table
from peace_talks_model.interop.csvfile import UnmappableError as _UnmappableError
from peace_talks_model.interop.csvfile import stripped as _text
from peace_talks_model.interop.linking import RULES, ActorMatcher, Link
from peace_talks_model.models.agreement import PaxAgreementType, PaxStage, PaxSubStage, ThirdPartyRole

#: The codebook's columns every row must have (the published table adds derived labels, which are not needed).
REQUIRED_COLUMNS = ("AgtId", "Ver", "Agt", "Dat", "Status", "Agtp", "Stage", "StageSub", "Part", "ThrdPart")

#: PA-X `Status` -> the status of the agreement's first step (None: no step) and a note kept with the record.
STATUS = {
    "Multiparty signed/agreed": ("signed", None),
    "Unilateral document": ("adopted", "PA-X status: unilateral document"),
    "Status unclear": (None, "PA-X status: status unclear"),
    "Agreement with subsequent status": ("signed", "PA-X status: agreement with subsequent status"),
}


class StatusPath(NamedTuple):
    """How an agreement's first status step was read from its row: the `path` taken (a key of `STATUS_PATHS`),
    the status it gives (None: no step), and the words of the parties' wording it rests on (`quote`; None when the
    table's `Status` alone decides)."""

    path: str
    status: str | None
    quote: str | None = None


#: The ways the first status step is read, each with what it means. PA-X's `Status` says "Multiparty
#: signed/agreed" of texts signed and of texts agreed without signatures alike; its parties' wording (`Part`) often
#: says which ("Agreement not signed, but parties understood to be ..."). For the two statuses that say signed
#: (Multiparty signed/agreed, Agreement with subsequent status) the wording's own statement wins.
STATUS_PATHS: dict[str, str] = {
    "table": "the table's Status alone",
    "not signed": "the parties' wording says the text is not signed: adopted (agreed without signatures)",
    "initialled": "the parties' wording says the text is initialled, not signed: initialled",
    "agreed": "the parties' wording says the text is agreed, and nothing of signing: adopted",
}
#: The statuses whose step the parties' wording may correct (both would be `signed`).
SIGNED_STATUSES = ("Multiparty signed/agreed", "Agreement with subsequent status")
_NOT_SIGNED = re.compile(
    r"(?i:\b(?:not\s+(?:been\s+)?signed|unsigned|no\s+signatures?|no\s+signatories|without\s+signatures?)\b)"
)
#: "Note: Document has not been signed", anywhere in the wording: the text, not one signatory, is unsigned.
_TEXT_NOT_SIGNED = re.compile(
    r"(?i:\b(?:document|agreement|copy|text)\b(?:\s+(?:is|has|was))?\s+(?:not\s+(?:been\s+)?signed|unsigned)\b)"
)
_INITIALLED = re.compile(r"(?i:\binitial(?:l)?ed\b)")
_AGREED = re.compile(r"(?i:\bagreed\b)")
_SIGNED = re.compile(r"(?i:(?<!not )(?<!un)\bsign(?:ed|atures?|atories|atory)\b)")
#: The opening of a wording: up to its first colon or line break (where a list of signatories begins).
_OPENING_END = re.compile(r"[:\n]")
#: The bounds of the sentence a quote is taken from.
_SENTENCE_END = re.compile(r"[.;:\n\[\]]")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of `text` around [start, end): between the nearest bounds ('.', ';', ':', a line break, a
    bracket), without surrounding whitespace; a substring of `text`."""
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return text[before : after.start() if after else len(text)].strip()


def status_path(row: Mapping[str, str]) -> StatusPath:
    """The first status step of a row: from `Status` (`STATUS`), unless `Status` says signed and the parties'
    wording says otherwise in its opening (before its first colon or line break) or in a statement about the text
    ("Note: Document has not been signed"): not signed (adopted, or initialled when it says the text was
    initialled), initialled, or agreed with no word of signing (adopted). A signatory's own annotation ("For the
    Republic of Moldova [unsigned]") says nothing of the text and is not read.

    Raises:
        UnmappableError: `Status` is not one of PA-X's statuses.
    """
    raw = _text(row, "Status") or ""
    if raw not in STATUS:
        raise _UnmappableError("Status", raw, f"not a PA-X status ({', '.join(STATUS)})")
    status = STATUS[raw][0]
    wording = (row.get("Part") or "").strip().lstrip("\ufeff").strip()
    if raw not in SIGNED_STATUSES or not wording:
        return StatusPath("table", status)
    ending = _OPENING_END.search(wording)
    opening = wording[: ending.start()] if ending else wording
    found = _NOT_SIGNED.search(opening) or _TEXT_NOT_SIGNED.search(wording)
    if found is not None:
        initialled = _INITIALLED.search(opening)
        quote = _sentence(wording, found.start(), found.end())
        if initialled:
            return StatusPath("initialled", "initialled", quote)
        return StatusPath("not signed", "adopted", quote)
    for path, pattern, read in (("initialled", _INITIALLED, "initialled"), ("agreed", _AGREED, "adopted")):
        found = pattern.search(opening)
        if found is not None and _SIGNED.search(opening) is None:
            return StatusPath(path, read, _sentence(wording, found.start(), found.end()))
    return StatusPath("table", status)


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


#: One id of a `UcdpCon` cell: a whole number above 0, written '333' or '333.0'.
_CONFLICT_ID = re.compile(r"([1-9][0-9]*)(?:\.0+)?")
#: Between two ids: ',' or ';', with or without spaces.
_CONFLICT_SEPARATOR = re.compile(r"\s*[,;]\s*")
#: A bare ',' before three digits ('11,342'): two ids, or one id with a thousands separator.
_THOUSANDS = re.compile(r"[0-9],[0-9]{3}(?:\.0+)?(?![0-9.])")


def conflict_ids(row: Mapping[str, str]) -> list[int]:
    """The UCDP conflict ids of a row's `UcdpCon`, in the cell's order: one id ('333', or '333.0' as the published
    table writes it), or several separated by ',' or ';' ('333, 289'). Anything else is reported, never guessed:
    a part that is not a whole number above 0, an empty part, an id given twice, and a bare ',' before three digits
    ('11,342', which may be one id with a thousands separator)."""
    raw = _text(row, "UcdpCon")
    if raw is None:
        return []
    if _THOUSANDS.search(raw):
        why = "ambiguous: two ids, or one with a thousands separator? (write ', ' between ids)"
        raise _UnmappableError("UcdpCon", raw, why)
    ids: list[int] = []
    for part in _CONFLICT_SEPARATOR.split(raw):
        match = _CONFLICT_ID.fullmatch(part)
        if not part:
            raise _UnmappableError("UcdpCon", raw, "an id is missing before or after a separator (',' or ';')")
        if match is None:
            why = f"{part!r} is not a UCDP conflict id (a whole number above 0; several separated by ',' or ';')"
            raise _UnmappableError("UcdpCon", raw, why)
        number = int(match.group(1))
        if number in ids:
            raise _UnmappableError("UcdpCon", raw, f"names UCDP conflict {number} twice")
        ids.append(number)
    return ids


def _conflict(row: Mapping[str, str], number: int, ids: list[int]) -> dict[str, Any]:
    """The `Conflict` record of UCDP conflict `number`, named by the row's `Con` when the row names this one
    conflict only (`Con` then names it; with several ids it names them together), else 'UCDP conflict <id>'."""
    name = _text(row, "Con") if ids == [number] else None
    conflict: dict[str, Any] = {
        "record_type": "conflict",
        "id": f"conflict:ucdp-{number}",
        "schema_version": SCHEMA_VERSION,
        "identifiers": [{"scheme": "ucdp_conflict", "value": str(number)}],
        "name": name or f"UCDP conflict {number}",
    }
    if name:
        conflict["evidence"] = [{"source": TABLE_SOURCE, "quote": name}]
    return conflict


def _agreement(row: Mapping[str, str], actors: ActorIndex | None = None) -> dict[str, Any]:
    agt_id = _integer(row, "AgtId")
    if agt_id is None:
        raise _UnmappableError("AgtId", "", "missing: every PA-X row has an agreement id")
    name = _text(row, "Agt")
    if name is None:
        raise _UnmappableError("Agt", "", "missing: every PA-X row has a title")
    path = status_path(row)
    status_raw = _text(row, "Status") or ""
    status, status_note = path.status, STATUS[status_raw][1]
    if path.quote is not None:  # the step differs from what Status alone gives: keep Status in the note
        status_note = f"PA-X status: {status_raw.lower()}"
    date = _date(row)
    source_id = f"source:pax-{agt_id}"
    mentions, parties, third_parties = _mentions(row, actors)
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
        "parties": parties,
        "parties_wording": _text(row, "Part"),
        "third_parties_wording": _text(row, "ThrdPart"),
        "party_mentions": mentions,
        "third_parties": third_parties,
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
        step: dict[str, Any] = {"status": status, **({"date": date} if date else {})}
        if path.quote is not None:
            step["reason"] = f"PA-X: {STATUS_PATHS[path.path]}"
            step["evidence"] = [{"source": TABLE_SOURCE, "quote": path.quote}]
        record["status_history"] = [step]
    notes = [n for n in (status_note, _text(row, "description")) if n]
    if notes:
        record["notes"] = "\n\n".join(notes)
    # the row's own conflict, conflict type and region: rows of one process differ in them (529 of the table's)
    record["dataset_codes"] = [
        {"dataset": "pax", "variable": column, "value": value, "label": label}
        for label, column in _PROCESS_CONTEXT
        if (value := _text(row, column))
    ]
    return {k: v for k, v in record.items() if v not in (None, [])}


# --------------------------------------------------------------------------------------------------
# Party mentions: the parties' and third parties' wordings split where the text allows, resolved by name
# --------------------------------------------------------------------------------------------------


def _words(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


#: Labels that open a piece of a wording and end with a colon (or the end of the piece): signing ...
SIGNING_LABELS = ("signed", "signatories", "signatory", "signatory parties", "signatures", "parties", "the parties")
#: ... and third parties' roles: a mention after one of these in `Part` is not added to `parties`.
THIRD_PARTY_LABELS = (
    "witnesses", "witness", "as witnesses", "as witness", "signed as witnesses", "signed as witness",
    "signatories/witnesses", "signed by the following witnesses", "guarantors", "guarantor", "guarantor countries",
    "observers", "observer", "as observers", "mediators", "mediator", "the mediators", "facilitators",
    "facilitator", "accompanying persons", "permanent accompanying partners", "permanent companions",
    "permanent accompaniers", "ont signé comme témoins", "témoins", "testigos",
)  # fmt: skip
#: Labels ending in 'by'/'of' whose colon is optional: signing ...
SIGNING_BY_LABELS = ("signed by",)
#: ... and third parties'.
THIRD_PARTY_BY_LABELS = (
    "witnessed by", "agreement witnessed by", "attested by", "in the presence of", "signed in the presence of",
    "mediated by", "facilitated by", "guaranteed by", "observed by", "hosted by",
)  # fmt: skip
#: The role each third parties' label gives the third parties it opens (compared case-insensitively, runs of
#: whitespace as one space). A label not here ('Signatories/Witnesses:') says no one role: what follows it is a
#: third party's mention only.
THIRD_PARTY_ROLES: dict[str, ThirdPartyRole] = {
    **dict.fromkeys(
        ("witnesses", "witness", "as witnesses", "as witness", "signed as witnesses", "signed as witness",
         "signed by the following witnesses", "ont signé comme témoins", "témoins", "testigos", "witnessed by",
         "agreement witnessed by", "attested by", "in the presence of", "signed in the presence of"),
        ThirdPartyRole.witness,
    ),
    **dict.fromkeys(("guarantors", "guarantor", "guarantor countries", "guaranteed by"), ThirdPartyRole.guarantor),
    **dict.fromkeys(("observers", "observer", "as observers", "observed by"), ThirdPartyRole.observer),
    **dict.fromkeys(("mediators", "mediator", "the mediators", "mediated by"), ThirdPartyRole.mediator),
    **dict.fromkeys(("facilitators", "facilitator", "facilitated by"), ThirdPartyRole.facilitator),
    **dict.fromkeys(
        ("accompanying persons", "permanent accompanying partners", "permanent companions", "permanent accompaniers"),
        ThirdPartyRole.accompanying,
    ),
    "hosted by": ThirdPartyRole.host,
}  # fmt: skip
#: 'For the X: Name' and its like: the words before the body a signatory signs for.
FOR_LABELS = ("for and on behalf of", "on behalf of", "for", "pour", "por", "au nom de", "en nombre de")

_COLON_LABEL = re.compile(rf"(?i:(?P<third>{_words(THIRD_PARTY_LABELS)})|{_words(SIGNING_LABELS)})\s*(?::\s*|$)")
_BY_LABEL = re.compile(rf"(?i:(?P<third>{_words(THIRD_PARTY_BY_LABELS)})|{_words(SIGNING_BY_LABELS)})(?:\s*:\s*|\s+|$)")
_FOR_LABEL = re.compile(rf"(?i:{_words(FOR_LABELS)})\s+(?i:(?:the|la|le|les|el|los|las)\s+|l['’])?(?=[A-Z0-9\"'“‘(\[])")
_FOR_WORDS = re.compile(rf"(?i:{_words(FOR_LABELS)})\b")
_BULLET = re.compile(r"(?:[•·▪◦*\-–—]+\s*|\(?(?:[0-9]{1,3}|[ivx]{1,5}|[a-z])[.)]\s+)")
_ANNOTATION = (
    r"[\[(]\s*(?:\.{3}|…|[^\[\]()]{0,40}?\b(?i:sign(?:ed|ature|atures)?|unsigned|illegible|unintelligible|stamp|seal)"
    r"\b[^\[\]()]{0,40}?)\s*[\])]"
)
_LEADING_ANNOTATION = re.compile(_ANNOTATION + r"\s*")
_END_PUNCTUATION = re.compile(r"[\s:;,]+$")
_END_ANNOTATION = re.compile(_ANNOTATION + "$")
_FOR_COLON = re.compile(r"([^:]*\S)(\s*:\s*)(\S[^:]*)", re.DOTALL)
_BREAK = re.compile(r"\s*[;\r\n][;\s]*")
_AND = re.compile(r"\s+and\s+(?:the\s+)?")
#: A wording that opens like this is prose about the parties, not a list of them: it stays one mention.
_PROSE = re.compile(
    r"\s*(?i:not signed|unsigned|agreement unsigned|agreement not signed|document not signed|document unsigned"
    r"|copy of|done at|\[uploaded|\[note)"
)
_MAX_WORDS = 30
#: A lower-case Arabic article that may open a name ('al-Hamza Division').
_ARTICLE = re.compile(r"(?:al|el|ad|ash|as|at|an|ar|az)-")


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class ActorIndex:
    """Actors by name: every actor record's display name and further names, compared case-insensitively with
    runs of whitespace as one space (`resolve`: a name two actors share resolves to neither), and the linker of
    mentions to them (`link`, `peace_talks_model.interop.linking`)."""

    def __init__(self) -> None:
        self.ids: dict[str, set[str]] = {}
        self.matcher = ActorMatcher()

    def add(self, actor_id: str, names: Iterable[str]) -> None:
        """Index an actor under each of its names (the first is its display name)."""
        names = list(names)
        for name in names:
            self.ids.setdefault(_normal(name), set()).add(actor_id)
        if names:
            self.matcher.add(actor_id, names[0], names=names[1:])

    def link(self, text: str, countries: Collection[str] = ()) -> Link | None:
        """The one actor a mention names, with the rule and confidence of the link (`ActorMatcher.link`)."""
        return self.matcher.link(text, countries)

    def resolve(self, text: str) -> str | None:
        """The one actor whose name `text` is, or None (no actor, or several)."""
        found = self.ids.get(_normal(text), set())
        return next(iter(found)) if len(found) == 1 else None

    def known(self, text: str) -> bool:
        """Whether `text` is the name of any actor (of several, too)."""
        return _normal(text) in self.ids

    @classmethod
    def from_records(cls, records: Iterable[Any]) -> ActorIndex:
        """The index of the `Actor` records among `records` (typed models); other records are skipped."""
        records = list(records)
        index = cls()
        for record in records:
            if getattr(record, "record_type", None) == "actor":
                for name in [record.name, *(name.text for name in record.names)]:
                    index.ids.setdefault(_normal(name), set()).add(record.id)
        index.matcher = ActorMatcher.from_records(records)
        return index


class WordingPiece(NamedTuple):
    """A piece of a wording: a `mention` of an actor, a `label` ('Signed:', 'Witnessed by:', '(Signed)', a
    bullet), a `separator` (whitespace, ';', ':', ',', line breaks) or a `conjunction` (' and ' between two
    actors' names). `third_party` marks a piece after a third parties' label ('Witnesses:'); `role` is the role
    the last such label names (`THIRD_PARTY_ROLES`) and `role_wording` that label as written ('Witnessed by'),
    until a label of another role, of no one role, or a signing label."""

    kind: Literal["mention", "label", "separator", "conjunction"]
    text: str
    third_party: bool = False
    role: ThirdPartyRole | None = None
    role_wording: str | None = None


class _Group(NamedTuple):
    """What the labels read so far say of the pieces that follow: third parties, in which role, so labelled."""

    third: bool = False
    role: ThirdPartyRole | None = None
    role_wording: str | None = None

    def piece(self, kind: Literal["mention", "label", "separator", "conjunction"], text: str) -> WordingPiece:
        return WordingPiece(kind, text, self.third, self.role, self.role_wording)


def _labelled(group: _Group, match: re.Match[str]) -> _Group:
    """The group after a colon or 'by' label: a third parties' label sets the role it names (or none), a signing
    label ends the role (the pieces after a third parties' label stay third parties' pieces, as before roles)."""
    label = match.group("third")
    if label is None:
        return _Group(group.third)
    role = THIRD_PARTY_ROLES.get(_normal(label))
    return _Group(True, role, label if role is not None else None)


def _segment(text: str, group: _Group) -> tuple[list[WordingPiece], _Group] | None:
    """Split one piece of a wording between separators (no surrounding whitespace), or None when it is not clean."""
    head: list[WordingPiece] = []
    position, for_label = 0, False
    while position < len(text):
        for pattern in (_BY_LABEL, _COLON_LABEL, _FOR_LABEL, _LEADING_ANNOTATION, _BULLET):
            match = pattern.match(text, position)
            if match and match.end() > position:
                if pattern is _BY_LABEL or pattern is _COLON_LABEL:
                    group = _labelled(group, match)
                for_label = pattern is _FOR_LABEL
                head.append(group.piece("label", match.group()))
                position = match.end()
                break
        else:
            break
    tail: list[WordingPiece] = []
    end = len(text)
    while end > position:
        punctuation = _END_PUNCTUATION.search(text, position, end)
        annotation = None if punctuation else _END_ANNOTATION.search(text, position, end)
        found = punctuation or annotation
        if found is None:
            break
        tail.insert(0, group.piece("separator" if punctuation else "label", found.group()))
        end = found.start()
    core = text[position:end]
    if not core:
        return [*head, *tail], group
    cores = [core]
    body_and_name = _FOR_COLON.fullmatch(core) if for_label else None
    if body_and_name:
        cores = list(body_and_name.groups())
    for index, piece in enumerate(cores):
        if index % 2 == 0 and not _clean(piece):
            return None
    body = [group.piece("mention" if i % 2 == 0 else "separator", p) for i, p in enumerate(cores)]
    return [*head, *body, *tail], group


def _clean(core: str) -> bool:
    return (
        (not core[0].islower() or _ARTICLE.match(core) is not None)
        and len(core.split()) <= _MAX_WORDS
        and core.count("(") == core.count(")")
        and core.count("[") == core.count("]")
    )


def _split_and(pieces: list[WordingPiece], actors: ActorIndex) -> list[WordingPiece]:
    """Split mentions 'A and B' where A and B are each exactly one actor's name and 'A and B' is no actor's."""
    out: list[WordingPiece] = []
    for piece in pieces:
        parts = _AND.split(piece.text)
        if piece.kind != "mention" or len(parts) < 2 or actors.known(piece.text):
            out.append(piece)
            continue
        if not all(actors.resolve(part) for part in parts):
            out.append(piece)
            continue
        conjunctions = _AND.findall(piece.text)
        for index, part in enumerate(parts):
            if index:
                out.append(piece._replace(kind="conjunction", text=conjunctions[index - 1]))
            out.append(piece._replace(text=part))
    return out


def split_wording(wording: str, actors: ActorIndex | None = None) -> list[WordingPiece]:
    """Split a parties' or third parties' wording into pieces whose texts, joined, give back the wording exactly.

    Pieces are separated by ';' and line breaks; a piece may open with labels ('Signed:', 'Witnessed by:', 'For
    the', a bullet, '(Signed)') and close with signature annotations ('[signature]') and punctuation. 'For the X:
    Name' gives two mentions. With `actors`, a mention 'A and B' is split when A and B are each one actor's name.
    The pieces after a third parties' label carry the role it names ('Mediated by:' -> mediator) and the label.
    When the wording reads as prose ('Not signed, but ...') or a piece is not clean (it starts in lower case, runs
    over 30 words or leaves a bracket open), the whole wording, without its surrounding whitespace, is ONE mention.
    """
    stripped = wording.strip()
    if not stripped:
        return [WordingPiece("separator", wording)] if wording else []
    lead, trail = wording[: len(wording) - len(wording.lstrip())], wording[len(wording.rstrip()) :]
    edges = ([WordingPiece("separator", lead)] if lead else [], [WordingPiece("separator", trail)] if trail else [])
    whole = [*edges[0], WordingPiece("mention", stripped), *edges[1]]
    if _PROSE.match(stripped):
        return whole
    pieces: list[WordingPiece] = []
    group, position = _Group(), 0
    for match in [*_BREAK.finditer(stripped), None]:
        end = match.start() if match else len(stripped)
        segment = _segment(stripped[position:end], group)
        if segment is None:
            return whole
        segment_pieces, group = segment
        pieces.extend(segment_pieces)
        if match:
            pieces.append(group.piece("separator", match.group()))
            position = match.end()
    if not any(piece.kind == "mention" for piece in pieces):
        return [*edges[0], *pieces, *edges[1]]
    if actors is not None:
        pieces = _split_and(pieces, actors)
    return [*edges[0], *pieces, *edges[1]]


#: A mention that opens a block of signatories: what follows it, up to the next such mention or a blank line after
#: the block's first signatory, signs for the actor it names ('Delegation of the Government of the Republic of
#: Colombia:' then one signatory per line). It follows a 'For the' label, ends with a colon, or opens so.
_HEADING = re.compile(
    r"(?i:delegation\s+of|signed\s+(?:for\s+and\s+)?on\s+behalf\s+of|(?:for\s+and\s+)?on\s+behalf\s+of|"
    r"au\s+nom\s+d|en\s+nombre\s+de|en\s+representación\s+de|representing|représentant|representando)\b"
)
#: A signatory has a name: at least one word starting with a capital ('(in alphabetical order)' has none).
_NAMED = re.compile(r"(?:^|[\s(\[\"'“‘-])[A-ZÀ-ÖØ-Þ]")


def link_mentions(pieces: list[WordingPiece], actors: ActorIndex, countries: Collection[str] = ()) -> list[Link | None]:
    """The link of each mention among `pieces`, in order (None: not linked): its own (`ActorIndex.link`), or, for a
    signatory the linker cannot place, the link of the heading of its block (rule `heading`): a mention that
    follows a 'For the' label, is followed by a colon, or opens with 'Delegation of', 'On behalf of' and their
    like. A block ends at the next heading, where a third parties' label changes the group, and at a signatory that
    names another actor; a piece without a capitalised word ('(in alphabetical order)') is no signatory."""
    links: list[Link | None] = []
    heading: Link | None = None
    members, group = 0, None
    for index, piece in enumerate(pieces):
        if piece.kind != "mention":
            continue
        if (piece.third_party, piece.role) != group:
            heading, group = None, (piece.third_party, piece.role)
        link = actors.link(piece.text, countries)
        before = pieces[index - 1] if index else None
        after = next((p for p in pieces[index + 1 :] if p.kind != "separator" or p.text.strip()), None)
        opens = (before is not None and before.kind == "label" and _FOR_WORDS.match(before.text) is not None) or (
            after is not None and after.kind == "separator" and after.text.lstrip().startswith(":")
        )
        if opens or _HEADING.match(piece.text):
            heading, members = link, 0
        elif (
            link is None
            and heading is not None
            and _NAMED.search(piece.text)
            and not actors.matcher.names_a_faction(piece.text)
        ):
            link = Link(heading.actor, "heading", RULES["heading"][0], heading.matched)
            members += 1
        else:
            members += 1
            if link is not None and heading is not None and link.actor != heading.actor:
                heading = None  # a signatory of another actor: the block has ended
        links.append(link)
    return links


def _third_parties(pieces: Iterable[WordingPiece], links: Mapping[int, str] | None) -> list[dict[str, Any]]:
    """The third parties of a wording's pieces, each once, in order: each mention following a label that names a
    role ('Witnessed by:', 'Mediated by:', 'Guarantors:'), in that role, with the label as written in
    `role_wording`; its `actor` when the mention is linked (`links`: id of the piece -> actor), else its text as
    `description`. Mentions
    before any such label, or after a signing label or 'Signatories/Witnesses:', give none: the wording does not
    say their role."""
    third_parties: list[dict[str, Any]] = []
    for piece in pieces:
        if piece.kind != "mention" or piece.role is None:
            continue
        actor = links.get(id(piece)) if links is not None else None
        third_party = {
            **({"actor": actor} if actor is not None else {"description": piece.text}),
            "role": piece.role.value,
            "role_wording": piece.role_wording,
        }
        if third_party not in third_parties:
            third_parties.append(third_party)
    return third_parties


def _mentions(
    row: Mapping[str, str], actors: ActorIndex | None
) -> tuple[list[dict[str, Any]], list[str], list[dict[str, Any]]]:
    """The party mentions of a row's `Part` and `ThrdPart`, the resolved actors of `Part` to add to `parties`
    (those not after a third parties' label), and the third parties `ThrdPart` labels with their role."""
    mentions: list[dict[str, Any]] = []
    parties: dict[str, None] = {}
    third_parties: list[dict[str, Any]] = []
    countries = [c for c in (_text(row, "Loc1ISO"), _text(row, "Loc2ISO")) if c]
    for column, role in (("Part", "party"), ("ThrdPart", "third_party")):
        pieces = split_wording(row.get(column) or "", actors)
        said = [p for p in pieces if p.kind == "mention"]
        links = link_mentions(pieces, actors, countries) if actors is not None else [None] * len(said)
        for piece, link in zip(said, links, strict=True):
            mention: dict[str, Any] = {"text": piece.text, "role": role}
            if link is not None:
                mention["actor"] = link.actor
                mention["link"] = {"rule": link.rule, "confidence": link.confidence, "matched": link.matched}
                if role == "party" and not piece.third_party:
                    parties.setdefault(link.actor)
            mentions.append(mention)
        if role == "third_party":
            linked = {id(p): link.actor for p, link in zip(said, links, strict=True) if link is not None}
            third_parties = _third_parties(pieces, linked if actors is not None else None)
    return mentions, list(parties), third_parties


def _row_records(
    row: Mapping[str, str], processes: set[str], actors: ActorIndex | None, conflicts: set[str]
) -> list[dict[str, Any]]:
    agreement = _agreement(row, actors)
    ids = conflict_ids(row)
    records = []
    process = _integer(row, "PP")
    if process is not None:
        negotiation = _process(row, process)
        agreement["negotiations"] = [negotiation["id"]]
        if negotiation["id"] not in processes:
            processes.add(negotiation["id"])
            records.append(negotiation)
    for number in ids:
        conflict = _conflict(row, number, ids)
        agreement.setdefault("conflicts", []).append(conflict["id"])
        if conflict["id"] not in conflicts:
            conflicts.add(conflict["id"])
            records.append(conflict)
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


def import_pax(
    rows: Iterable[Mapping[str, str]],
    first_row: int = 2,
    actors: ActorIndex | None = None,
    known_conflicts: Collection[str] = (),
) -> Iterator[dict[str, Any] | RowProblem]:
    """Map PA-X rows to records (a peace process's `Negotiation` and each UCDP conflict's `Conflict` once, before
    the first agreement naming them; each agreement's `Source`, then the `Agreement`), or a `RowProblem` for a row
    that cannot be mapped. With `actors`,
    party mentions are resolved to actors by name, and the actors the parties' wording names as signing parties
    are added to `parties`. The conflicts of `known_conflicts` (ids of records the output will be validated with)
    are named but not written."""
    yield {
        "record_type": "source",
        "id": TABLE_SOURCE,
        "schema_version": SCHEMA_VERSION,
        "kind": "dataset",
        "title": "PA-X Peace Agreements Database, agreements table",
        "url": "https://www.peaceagreements.org/",
    }
    processes: set[str] = set()
    conflicts: set[str] = set(known_conflicts)
    for number, row in enumerate(rows, start=first_row):
        try:
            yield from _row_records(row, processes, actors, conflicts)
        except _UnmappableError as problem:
            yield RowProblem(number, problem.column, problem.value, problem.message)


def import_pax_file(
    path: Path,
    actors: ActorIndex | None = None,
    progress: Progress | None = None,
    known_conflicts: Collection[str] = (),
) -> Iterator[dict[str, Any] | RowProblem]:
    """Stream a PA-X CSV file (UTF-8, with or without a byte-order mark), resolving party mentions with `actors`
    and naming the conflicts of `known_conflicts` without writing them (as `import_pax`); `progress` is called
    with (lines, bytes) read."""
    with open_table(path, progress) as reader:
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            why = "the header lacks these PA-X columns: is this a PA-X table?"
            yield RowProblem(1, ", ".join(missing), "", why, fatal=True)
            return
        yield from import_pax(reader, actors=actors, known_conflicts=known_conflicts)


def _rows(table: Path, options: ImportOptions, progress: Progress | None) -> Iterator[dict[str, Any] | RowProblem]:
    """`import_pax_file` with the actors of `options.actors` and the conflicts of `options.conflicts_from` (each
    file read first: a file that cannot be used stops the import before anything is written)."""
    index = None
    if options.actors is not None:
        index = ActorIndex.from_records(read_option_records(options.actors, "the actors"))
    known = read_known_conflicts(options)
    return import_pax_file(table, actors=index, progress=progress, known_conflicts=known)


_PATH_BY_REASON = {f"PA-X: {meaning}": path for path, meaning in STATUS_PATHS.items()}


def status_path_of(record: Mapping[str, Any]) -> str | None:
    """The status path (`STATUS_PATHS`) an imported agreement took, read back from its first step's reason; None
    for other records."""
    if record.get("record_type") != "agreement":
        return None
    steps = record.get("status_history") or [{}]
    return _PATH_BY_REASON.get(steps[0].get("reason", ""), "table")


#: `peace-talks import pax`: the summary counts the agreements of each status path.
IMPORTER = Importer("pax", _rows, tally=status_path_of, tally_label="status read from")
