"""Export agreements, cease-fires, prisoner swaps and ACLED-typed events as rows of an ACLED event table.

`export_acled(paths, out)` reads the records of `paths` twice (first the actors and sources, to name actors and
publishers; then the events) and writes one CSV with ACLED's columns, whole or not at all. Agreements, cease-fire
declarations and prisoner swaps become "Strategic developments / Agreement" rows; an `Event` becomes a row of its
own ACLED type when its ACLED codes say which (`dataset_codes`) or its kind has exactly one ACLED counterpart.
`code_date` turns a fuzzy date into ACLED's `event_date` and `time_precision`. A record that cannot be expressed
(a date known only to the year, an event kind ACLED does not code) is reported as an `ExportProblem`, never
guessed; so is what an exported row loses. `EXPORTER` is `peace-talks export acled` (`interop.contract`). The rules,
column by column, are in `docs/export/acled.md`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peace_talks_model.errors import ExitStatus
from peace_talks_model.interop.contract import Exporter, ExportOptions, ExportProblem, ExportResult, export_failures
from peace_talks_model.io import read_records, write_csv
from peace_talks_model.models import Agreement, Ceasefire, Event, PrisonerSwap, Record, Source
from peace_talks_model.models.actor import Actor, ActorKind
from peace_talks_model.models.ceasefire import CeasefireKind, Declaration
from peace_talks_model.models.dates import FuzzyDate
from peace_talks_model.models.event import CasualtyType, EventKind, EventRole, Polarity
from peace_talks_model.models.ids import IdScheme
from peace_talks_model.models.places import Place, PlacePrecision
from peace_talks_model.models.quantities import Quantity, QuantityQualifier
from peace_talks_model.models.vocabularies import Dataset, DatasetCode

#: ACLED's columns, in ACLED's order.
COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

STRATEGIC = "Strategic developments"
POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"

#: ACLED's event types and sub-event types, with the disorder type of each pair (ACLED codebook, 2023 columns).
ACLED_TYPES: dict[tuple[str, str], str] = {
    **{("Battles", s): POLITICAL_VIOLENCE for s in ("Armed clash", "Government regains territory",
                                                   "Non-state actor overtakes territory")},
    **{("Explosions/Remote violence", s): POLITICAL_VIOLENCE for s in (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade")},
    **{("Violence against civilians", s): POLITICAL_VIOLENCE for s in (
        "Sexual violence", "Attack", "Abduction/forced disappearance")},
    ("Protests", "Peaceful protest"): DEMONSTRATIONS,
    ("Protests", "Protest with intervention"): DEMONSTRATIONS,
    ("Protests", "Excessive force against protesters"): f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    ("Riots", "Violent demonstration"): DEMONSTRATIONS,
    ("Riots", "Mob violence"): POLITICAL_VIOLENCE,
    **{(STRATEGIC, s): STRATEGIC for s in (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
        "Other")},
}  # fmt: skip

#: Event kinds with exactly one ACLED event type and sub-event type.
KIND_TYPES: dict[EventKind, tuple[str, str]] = {
    EventKind.airstrike: ("Explosions/Remote violence", "Air/drone strike"),
    EventKind.fighting: ("Battles", "Armed clash"),
    EventKind.arrest: (STRATEGIC, "Arrests"),
}

#: Event kinds ACLED codes, but as one of several types that the kind alone does not decide.
AMBIGUOUS_KINDS: dict[EventKind, str] = {
    EventKind.attack: "Battles / Armed clash, Violence against civilians / Attack, or an explosion type",
    EventKind.bombing: "Explosions/Remote violence / Suicide bomb, Remote explosive/landmine/IED, "
    "Shelling/artillery/missile attack or Grenade",
    EventKind.military_operation: "Battles or Explosions/Remote violence",
    EventKind.kidnapping: "Violence against civilians / Abduction/forced disappearance (civilians taken) or "
    "Battles (combatants captured)",
    EventKind.protest: "Protests / Peaceful protest, Protest with intervention or Excessive force against "
    "protesters, or Riots",
    EventKind.troop_withdrawal: "Strategic developments / Non-violent transfer of territory or Change to "
    "group/activity",
    EventKind.troop_deployment: "Strategic developments / Change to group/activity or Headquarters or base established",
    EventKind.decommissioning: "Strategic developments / Change to group/activity, Disrupted weapons use or Other",
    EventKind.release: "Strategic developments / Agreement (a negotiated release) or Other",
}

#: ACLED's actor types (`inter1`, `inter2`).
INTER_LABELS = {
    1: "State Forces",
    2: "Rebel Groups",
    3: "Political Militias",
    4: "Identity Militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other Forces",
}

#: Actor kind -> ACLED inter code (None: the kind alone gives none). State kinds give 8 instead of 1 when the
#: actor's country is not the country of the event (a foreign state is an external force in ACLED).
INTER_BY_KIND: dict[ActorKind, int | None] = {
    ActorKind.state: 1,
    ActorKind.state_body: 1,
    ActorKind.military: 1,
    ActorKind.armed_group: 2,
    ActorKind.de_facto_state: 2,
    ActorKind.igo: 8,
    ActorKind.mission: 8,
    ActorKind.ngo: 7,
    ActorKind.media: 7,
    ActorKind.organization: 7,
    ActorKind.person: None,
    ActorKind.political_party: None,
    ActorKind.coalition: None,
    ActorKind.group: None,
    ActorKind.territory: None,
}
_STATE_KINDS = frozenset({ActorKind.state, ActorKind.state_body, ActorKind.military})

#: Roles whose actors are ACLED's first side of an event; the others (target, victim...) its second.
_FIRST_SIDE_ROLES = (
    EventRole.perpetrator,
    EventRole.claimed_responsibility,
    EventRole.captor,
    EventRole.releaser,
    EventRole.organizer,
    EventRole.declarer,
    EventRole.decision_maker,
    EventRole.announcer,
    EventRole.participant,
    EventRole.host,
    EventRole.visitor,
    EventRole.challenger,
    EventRole.winner,
    EventRole.candidate,
)
_SECOND_SIDE_ROLES = (EventRole.target, EventRole.victim, EventRole.released, EventRole.subject)

#: Agreement statuses that show the agreement was concluded (an agreement whose history has none of them was
#: only proposed, drafted or abandoned, which ACLED does not code as an agreement).
_CONCLUDED = frozenset({
    "finalized", "initialled", "adopted", "signed", "ratified", "approved", "endorsed", "approved_in_referendum",
    "in_force", "suspended", "collapsed", "superseded", "expired", "implemented",
})  # fmt: skip
_GEO_PRECISION = {
    PlacePrecision.exact: "1",
    PlacePrecision.locality: "1",
    PlacePrecision.admin1: "3",
    PlacePrecision.country: "3",
    PlacePrecision.region: "3",
}
_CEASEFIRE_WORDS = {
    CeasefireKind.ceasefire: "Cease-fire",
    CeasefireKind.reduction_in_violence: "Reduction in violence",
    CeasefireKind.humanitarian_pause: "Humanitarian pause",
}


class DateNotExpressibleError(ValueError):
    """A date ACLED cannot express: known to less than a month, or with an open end."""


@dataclass(frozen=True, slots=True)
class AcledDate:
    """A date as ACLED codes it: the day written in `event_date` and the `time_precision` (1 the day is known,
    2 known within a week, 3 known to the month), and whether the source qualifies it as approximate/uncertain."""

    event_date: dt.date
    time_precision: int
    approximate: bool = False


def code_date(date: FuzzyDate) -> AcledDate:
    """ACLED's `event_date` and `time_precision` for a fuzzy date (docs/export/acled.md, "Dates").

    A single day is precision 1 (2 when qualified '~' or '?'); a range of at most 7 days is 2; a range within one
    calendar month (a month, "early September", a 10-day range) is 3; the day written is the middle day of the
    range (rounded down). Raises `DateNotExpressibleError` for anything wider or open-ended.
    """
    earliest, latest = date.earliest(), date.latest()
    wording = date.edtf + (f" ({date.part.value})" if date.part else "")
    if earliest is None or latest is None:
        raise DateNotExpressibleError(f"'{wording}' has an open or unknown end; ACLED needs a day, week or month")
    span = (latest - earliest).days
    approximate = date.approximate or date.uncertain
    middle = earliest + dt.timedelta(days=span // 2)
    if span == 0:
        return AcledDate(earliest, 2 if approximate else 1, approximate)
    if span <= 6:
        return AcledDate(middle, 2, approximate)
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return AcledDate(middle, 3, approximate)
    known = "only the year" if span >= 364 else f"a range of {span + 1} days across months"
    raise DateNotExpressibleError(
        f"'{wording}' is known to {known}; ACLED's coarsest date is a month (time_precision 3)"
    )


@dataclass(frozen=True, slots=True)
class _ActorInfo:
    name: str
    acled_name: str | None
    kinds: tuple[ActorKind, ...]  # its kind, then its other kinds
    country: str | None
    inter: int | None


@dataclass(slots=True)
class NameDirectory:
    """What the rows need from the actor and source records of the input: actors' names, ACLED names, kinds,
    countries and ACLED actor types; sources' publishers. `add` every record first."""

    actors: dict[str, _ActorInfo] = field(default_factory=dict)
    publishers: dict[str, str | None] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        """Keep what the rows need of an actor or source record (other records are ignored)."""
        if isinstance(record, Actor):
            acled = next((i.value for i in record.identifiers if i.scheme is IdScheme.acled_actor), None)
            inter = _code(record.dataset_codes, "inter", "inter1")
            self.actors[record.id] = _ActorInfo(
                record.name,
                acled,
                (record.kind, *record.other_kinds),
                record.country,
                int(inter) if inter and inter.isdigit() and 1 <= int(inter) <= 8 else None,
            )
        elif isinstance(record, Source):
            self.publishers[record.id] = record.publisher_name or record.publisher

    def publisher(self, source: str) -> str | None:
        """The publisher's name of a source (its printed name, else its actor's name), or None."""
        publisher = self.publishers.get(source)
        if publisher is not None and publisher.startswith("actor:") and publisher in self.actors:
            return self.actors[publisher].name
        return publisher

    def name(self, actor: str) -> str:
        """An actor's display name (its id when the actor is not in the input)."""
        info = self.actors.get(actor)
        return info.name if info else actor


def _code(codes: list[DatasetCode], *variables: str) -> str | None:
    """The value of the first ACLED dataset code of one of `variables`."""
    return next((c.value for c in codes if c.dataset is Dataset.acled and c.variable in variables), None)


@dataclass(slots=True)
class _Row:
    """One row being built, with the problems found on the way."""

    record: str
    values: dict[str, str] = field(default_factory=dict)
    problems: list[ExportProblem] = field(default_factory=list)

    def lossy(self, where: str, message: str) -> None:
        self.problems.append(ExportProblem(self.record, where, message, labelled=True))


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _date_columns(row: _Row, coded: AcledDate) -> None:
    row.values["event_date"] = coded.event_date.isoformat()
    row.values["year"] = str(coded.event_date.year)
    row.values["time_precision"] = str(coded.time_precision)


def _actor_columns(row: _Row, sides: list[list[str]], country: str | None, directory: NameDirectory) -> None:
    """actor1/actor2 are the first actors of the first two sides; the others of a side are its assoc_actor;
    actors of further sides go to assoc_actor_2 (ACLED has two sides)."""
    sides = [s for s in (_unique(side) for side in sides) if s]
    first = sides[0] if sides else []
    second = sides[1] if len(sides) > 1 else []
    extra = [a for side in sides[2:] for a in side if a not in first and a not in second]
    for column, actors in (("actor1", first[:1]), ("actor2", second[:1])):
        row.values[column] = "; ".join(_acled_name(row, a, directory) for a in actors)
    row.values["assoc_actor_1"] = "; ".join(_acled_name(row, a, directory) for a in first[1:])
    row.values["assoc_actor_2"] = "; ".join(_acled_name(row, a, directory) for a in (*second[1:], *extra))
    if extra:
        row.lossy("actors", f"{len(sides)} sides; ACLED has two: {', '.join(extra)} listed in assoc_actor_2")
    inters = [_inter(row, side[0], country, directory) if side else None for side in (first, second)]
    for column, inter in zip(("inter1", "inter2"), inters, strict=True):
        row.values[column] = str(inter) if inter else ""
    inter1, inter2 = inters
    if inter1 and not second:
        row.values["interaction"] = f"{inter1}0"
    elif inter1 and inter2:
        row.values["interaction"] = f"{min(inter1, inter2)}{max(inter1, inter2)}"
    else:
        row.values["interaction"] = ""
    if not first:
        row.lossy("actors", "no actor recorded: actor1 is empty")


def _acled_name(row: _Row, actor: str, directory: NameDirectory) -> str:
    info = directory.actors.get(actor)
    if info is None:
        row.lossy("actors", f"{actor} is not in the input: its id is written as its name")
        return actor
    return info.acled_name or info.name


def _inter(row: _Row, actor: str, country: str | None, directory: NameDirectory) -> int | None:
    info = directory.actors.get(actor)
    if info is None:
        return None
    if info.inter is not None:
        return info.inter
    kind = next((k for k in info.kinds if INTER_BY_KIND[k] is not None), None)
    if kind is None:
        kinds = "/".join(k.value for k in info.kinds)
        row.lossy("inter", f"{actor} is a {kinds}: no ACLED actor type follows from its kind")
        return None
    if kind in _STATE_KINDS and country and info.country and info.country != country:
        return 8
    return INTER_BY_KIND[kind]


def _location_columns(row: _Row, place: Place | None, where: str) -> None:
    """admin1, location, coordinates and geo_precision from a place; iso, country and region stay empty (the
    package has no country names, numeric codes or ACLED regions)."""
    for column in ("iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude"):
        row.values[column] = ""
    row.values["geo_precision"] = ""
    if place is None or place.undisclosed:
        row.lossy(where, "no place recorded: the location columns are empty" if place is None else "undisclosed")
        return
    row.values["admin1"] = place.admin1 or ""
    row.values["location"] = place.name or ""
    if place.latitude is not None and place.longitude is not None:
        row.values["latitude"], row.values["longitude"] = str(place.latitude), str(place.longitude)
    if place.precision is not None:
        row.values["geo_precision"] = _GEO_PRECISION[place.precision]
    elif place.latitude is not None or place.name:
        row.values["geo_precision"] = "1"
    elif place.admin1 or place.country:
        row.values["geo_precision"] = "3"


def _cited_sources(value: Any) -> Iterator[str]:
    """The ids of the sources a record cites anywhere (evidence quotes, text sources), in order."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("source", "text_source") and isinstance(item, str) and item.startswith("source:"):
                yield item
            else:
                yield from _cited_sources(item)
    elif isinstance(value, list):
        for item in value:
            yield from _cited_sources(item)


def _common_columns(row: _Row, record: Record, directory: NameDirectory, sentence: str, coded: AcledDate) -> None:
    publishers = []
    for source in _unique(_cited_sources(record.model_dump(mode="json"))):
        publisher = directory.publisher(source)
        if publisher is None:
            row.lossy("source", f"{source} has no publisher in the input")
        else:
            publishers.append(publisher)
    row.values["source"] = "; ".join(_unique(publishers))
    when = (
        ""
        if coded.time_precision == 1
        else " Date known to " + ("the week" if coded.time_precision == 2 else "the month")
    )
    approximate = " (approximate)" if coded.approximate else ""
    row.values["notes"] = f"{sentence}.{when}{approximate}{'.' if when else ''} [peace-talks record {record.id}]"
    row.values["source_scale"] = row.values["tags"] = row.values["timestamp"] = ""
    row.values.setdefault("fatalities", "0")
    row.values.setdefault("civilian_targeting", "")


def _strategic(row: _Row, event_id: str) -> None:
    row.values["event_id_cnty"] = event_id
    row.values["disorder_type"] = STRATEGIC
    row.values["event_type"] = STRATEGIC
    row.values["sub_event_type"] = "Agreement"


# --------------------------------------------------------------------------------------------------
# One record -> rows
# --------------------------------------------------------------------------------------------------


def _left_out(record: Record, where: str, message: str) -> ExportProblem:
    return ExportProblem(record.id, where, message, left_out=True, labelled=True)


def _coded(record: Record, date: FuzzyDate | None, missing: str) -> AcledDate | ExportProblem:
    """The record's date in ACLED's terms, or the record left out: `missing` when there is no date, or why the
    date cannot be expressed."""
    if date is None:
        return _left_out(record, "date", missing)
    try:
        return code_date(date)
    except DateNotExpressibleError as exc:
        return _left_out(record, "date", str(exc))


def _agreement_rows(record: Agreement, directory: NameDirectory) -> Iterator[_Row | ExportProblem]:
    statuses = [s.status.value for s in record.status_history]
    if statuses and not _CONCLUDED & set(statuses):
        yield _left_out(record, "status_history", f"never concluded (statuses: {', '.join(statuses)})")
        return
    date = record.date or next((s.date for s in record.status_history if s.date and s.status.value in _CONCLUDED), None)
    coded = _coded(record, date, "no date of signing or conclusion")
    if isinstance(coded, ExportProblem):
        yield coded
        return
    row = _Row(record.id)
    _strategic(row, _code(record.dataset_codes, "event_id_cnty") or record.id)
    _date_columns(row, coded)
    parties = (
        list(record.parties)
        or [s.on_behalf_of or s.actor for s in record.signatories if s.capacity.value == "party"]
        or [m.actor for m in record.party_mentions if m.actor and m.role.value == "party"]
    )
    # the conflict's country (not the place of signing) decides whether a state is an external force
    country = next((p.country for p in record.conflict_locations if p.country), None)
    _actor_columns(row, [[p] for p in parties], country, directory)
    place = record.place
    if place is None and record.conflict_locations:
        place = record.conflict_locations[0]
        row.lossy("place", "no place of conclusion: the first conflict location is used")
    _location_columns(row, place, "place")
    verb = "signed" if "signed" in statuses or record.signatories else "agreed"
    sentence = f"Agreement '{record.name}' {verb}" + (
        f" by {_join_names([directory.name(p) for p in _unique(parties)])}" if parties else ""
    )
    if record.mediators:
        sentence += f", mediated by {_join_names([directory.name(m) for m in record.mediators])}"
    _common_columns(row, record, directory, sentence, coded)
    yield row


def _declaration_date(declaration: Declaration) -> FuzzyDate | None:
    return declaration.declared or declaration.effective


def _ceasefire_rows(record: Ceasefire, directory: NameDirectory) -> Iterator[_Row | ExportProblem]:
    """One row per declaration date: declarations made on the same date (a jointly agreed cease-fire) share a
    row; a cease-fire without dated declarations gives one row at its first agreed/declared/in-effect step."""
    groups: dict[str, tuple[AcledDate, list[Declaration]]] = {}
    for index, declaration in enumerate(record.declarations):
        date = _declaration_date(declaration)
        if date is None:
            if any(_declaration_date(d) for d in record.declarations):
                yield _left_out(record, f"declarations[{index}]", f"declaration by {declaration.declarer} has no date")
            continue
        try:
            coded = code_date(date)
        except DateNotExpressibleError as exc:
            yield _left_out(record, f"declarations[{index}]", f"declaration by {declaration.declarer}: {exc}")
            continue
        key = date.model_dump_json()
        groups.setdefault(key, (coded, []))[1].append(declaration)
    if not groups and not any(_declaration_date(d) for d in record.declarations):
        step = next(
            (s for s in record.status_history if s.date and s.status.value in ("agreed", "declared", "in_effect")),
            None,
        )
        if step is None or step.date is None:
            yield _left_out(record, "declarations", "no dated declaration and no dated agreed/declared step")
            return
        try:
            groups["status"] = (code_date(step.date), list(record.declarations))
        except DateNotExpressibleError as exc:
            yield _left_out(record, "status_history", str(exc))
            return
    ordered = sorted(groups.values(), key=lambda group: group[0].event_date)
    place = record.scope.places[0] if record.scope and record.scope.places else None
    country = place.country if place else None
    word = _CEASEFIRE_WORDS[record.kind]
    for number, (coded, declarations) in enumerate(ordered, start=1):
        row = _Row(record.id)
        codes = [c for d in declarations for c in d.dataset_codes]
        own = _code(codes, "event_id_cnty") or (
            _code(record.dataset_codes, "event_id_cnty") if len(ordered) == 1 else None
        )
        _strategic(row, own or (record.id if len(ordered) == 1 else f"{record.id}#{number}"))
        _date_columns(row, coded)
        sides: dict[str, list[str]] = {}
        for declaration in declarations:
            sides.setdefault(declaration.side or declaration.declarer, []).append(declaration.declarer)
        _actor_columns(row, list(sides.values()), country, directory)
        _location_columns(row, place, "scope.places")
        declarers = _unique(d.declarer for d in declarations)
        sentence = (
            f"{word}"
            + (f" '{record.title}'" if record.title else "")
            + (f" declared by {_join_names([directory.name(a) for a in declarers])}" if declarers else " agreed")
        )
        effective = _unique(d.effective.edtf for d in declarations if d.effective and d.declared)
        if effective:
            sentence += f", effective {', '.join(effective)}"
        if record.mediators:
            sentence += f", mediated by {_join_names([directory.name(m) for m in record.mediators])}"
        _common_columns(row, record, directory, sentence, coded)
        yield row


def _swap_rows(record: PrisonerSwap, directory: NameDirectory) -> Iterator[_Row | ExportProblem]:
    date = record.date or next(
        (
            s.date
            for wanted in ("executed", "agreed")
            for s in record.status_history
            if s.date and s.status.value == wanted
        ),
        None,
    )
    coded = _coded(record, date, "no date of the exchange and no dated executed/agreed step")
    if isinstance(coded, ExportProblem):
        yield coded
        return
    row = _Row(record.id)
    _strategic(row, _code(record.dataset_codes, "event_id_cnty") or record.id)
    _date_columns(row, coded)
    actors = _unique(a for side in record.sides for a in (side.releaser, side.receiver) if a)
    place = record.place or next((p.place for p in record.phases if p.place), None)
    _actor_columns(row, [[a] for a in actors], place.country if place else None, directory)
    _location_columns(row, place, "place")
    if len(record.phases) > 1:
        row.lossy("phases", f"{len(record.phases)} rounds in one row, at the exchange's date")
    sentence = (
        "Prisoner exchange"
        + (f" '{record.title}'" if record.title else "")
        + (
            f" {'between' if len(actors) > 1 else 'involving'} {_join_names([directory.name(a) for a in actors])}"
            if actors
            else ""
        )
    )
    _common_columns(row, record, directory, sentence, coded)
    yield row


def _killed(count: Quantity) -> float | None:
    """The number a "killed" figure gives: its lower bound, else the stated value of an 'about' figure."""
    low = count.bounds()[0]
    if low is None and count.qualifier is QuantityQualifier.about:
        low = count.reference_value()
    return low


def _fatalities(record: Event) -> int:
    """ACLED's conservative count: per group of people (population group and affiliation), the lowest number among
    the figures for those killed that give one; summed over the groups."""
    lowest: dict[tuple[str | None, str | None], float] = {}
    for casualty in record.casualties:
        number = _killed(casualty.count) if casualty.type is CasualtyType.killed else None
        if number is None:
            continue
        key = (casualty.group.value if casualty.group else None, casualty.affiliation)
        lowest[key] = min(lowest.get(key, number), number)
    return int(sum(lowest.values()))


def _event_type(record: Event) -> tuple[str, str] | ExportProblem:
    """The event's ACLED event type and sub-event type: its ACLED codes, else the one type its kind has."""
    coded = (_code(record.dataset_codes, "event_type"), _code(record.dataset_codes, "sub_event_type"))
    if coded != (None, None):
        if coded[0] is None or coded[1] is None or (coded[0], coded[1]) not in ACLED_TYPES:
            return _left_out(
                record, "dataset_codes", f"ACLED codes '{coded[0]}' / '{coded[1]}' are not an ACLED event type"
            )
        return coded[0], coded[1]
    if record.kind in KIND_TYPES:
        return KIND_TYPES[record.kind]
    ambiguous = AMBIGUOUS_KINDS.get(record.kind)
    if ambiguous:
        message = (
            f"kind '{record.kind.value}' may be ACLED's {ambiguous}; give dataset_codes acled event_type and "
            "sub_event_type"
        )
    else:
        message = (
            f"kind '{record.kind.value}' is not an ACLED event (ACLED codes political violence, demonstrations "
            "and strategic developments)"
        )
    return _left_out(record, "kind", message)


def _event_rows(record: Event, directory: NameDirectory) -> Iterator[_Row | ExportProblem]:
    if record.polarity is Polarity.negative:
        yield _left_out(
            record, "polarity", "a negative event says that nothing happened; ACLED rows record what happened"
        )
        return
    types = _event_type(record)
    if isinstance(types, ExportProblem):
        yield types
        return
    event_type, sub_event_type = types
    coded = _coded(record, record.date, "no date")
    if isinstance(coded, ExportProblem):
        yield coded
        return
    row = _Row(record.id)
    row.values["event_id_cnty"] = _code(record.dataset_codes, "event_id_cnty") or record.id
    row.values["disorder_type"] = (
        _code(record.dataset_codes, "disorder_type") or ACLED_TYPES[(event_type, sub_event_type)]
    )
    row.values["event_type"], row.values["sub_event_type"] = event_type, sub_event_type
    _date_columns(row, coded)
    first = [a.actor for role in _FIRST_SIDE_ROLES for a in record.actors if a.role is role]
    second = [a.actor for role in _SECOND_SIDE_ROLES for a in record.actors if a.role is role and a.actor not in first]
    country = record.place.country if record.place else None
    _actor_columns(row, [first, second], country, directory)
    _location_columns(row, record.place, "place")
    row.values["fatalities"] = str(_fatalities(record))
    row.values["civilian_targeting"] = _code(record.dataset_codes, "civilian_targeting") or (
        "Civilian targeting" if event_type == "Violence against civilians" else ""
    )
    sentence = record.title or record.description or record.kind.value.replace("_", " ").capitalize()
    _common_columns(row, record, directory, sentence.rstrip("."), coded)
    yield row


def acled_rows(record: Record, directory: NameDirectory) -> Iterator[dict[str, str] | ExportProblem]:
    """The ACLED rows of one record (every column, in `COLUMNS`), each preceded by what it loses; or the problem
    that leaves the record (or a declaration) out. Records of other types (actors, sources...) give nothing."""
    if isinstance(record, Agreement):
        items: Iterator[_Row | ExportProblem] = _agreement_rows(record, directory)
    elif isinstance(record, Ceasefire):
        items = _ceasefire_rows(record, directory)
    elif isinstance(record, PrisonerSwap):
        items = _swap_rows(record, directory)
    elif isinstance(record, Event):
        items = _event_rows(record, directory)
    else:
        return
    for item in items:
        if isinstance(item, ExportProblem):
            yield item
        else:
            yield from item.problems
            yield {column: item.values.get(column, "") for column in COLUMNS}


# --------------------------------------------------------------------------------------------------
# The export
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class AcledSummary:
    """What an export wrote: rows per record type, how many records (or declarations) were left out and how many
    values lost, the problems themselves (unless a callback took them), and how many records of the other types
    (actors, sources...) were read only for names."""

    rows: Counter[str] = field(default_factory=Counter)
    left_out: int = 0
    lossy: int = 0
    problems: list[ExportProblem] = field(default_factory=list)
    other_records: int = 0


def export_acled(
    paths: Iterable[str | Path], out: Path, on_problem: Callable[[ExportProblem], None] | None = None
) -> AcledSummary:
    """Export the agreements, cease-fires, prisoner swaps and ACLED-typed events of `paths` into the ACLED table
    `out`, whole or not at all. The input is read twice (names first); standard input ('-') is not supported.
    Each problem goes to `on_problem` as it is found (memory then does not grow with them), else into the
    summary's `problems`.

    Raises:
        InvalidRecordsError: an input cannot be read or holds an invalid record (nothing written).
        ValueError: '-' (standard input) is among the paths.
        OSError: `out` cannot be written (nothing written).
    """
    paths = list(paths)
    if any(str(p) == "-" for p in paths):
        raise ValueError("the ACLED export reads its input twice: give files or directories, not '-'")
    records = read_records(paths).check().records
    directory = NameDirectory()
    summary = AcledSummary()
    for record in records:
        directory.add(record)
        if not isinstance(record, Agreement | Ceasefire | PrisonerSwap | Event):
            summary.other_records += 1
    report = on_problem or summary.problems.append

    def rows() -> Iterator[dict[str, str]]:
        for record in records:
            for item in acled_rows(record, directory):
                if isinstance(item, ExportProblem):
                    summary.left_out += item.left_out
                    summary.lossy += not item.left_out
                    report(item)
                else:
                    summary.rows[record.record_type] += 1
                    yield item

    write_csv(out, COLUMNS, rows())
    return summary


def _export(
    paths: Sequence[Path], out: Path, options: ExportOptions, report: Callable[[ExportProblem], None]
) -> ExportResult:
    """`export_acled` with its summary line."""
    with export_failures("nothing written", "nothing written"):
        summary = export_acled(paths, out, on_problem=report)
    rows = sum(summary.rows.values())
    per_type = ", ".join(f"{n} {t}" for t, n in sorted(summary.rows.items()))
    line = (
        f"{out}: {rows} row(s) written ({per_type or 'none'}); {summary.left_out} record(s) or declaration(s) "
        f"left out, {summary.lossy} lossy value(s) (listed above)"
    )
    return ExportResult(line, ExitStatus.INVALID if summary.left_out else ExitStatus.OK)


#: `peace-talks export acled`.
EXPORTER = Exporter("acled", _export)
