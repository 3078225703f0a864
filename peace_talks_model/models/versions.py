"""The versions of the record contract and what each added: `VERSIONS`, `FIELDS_SINCE`, `VALUES_SINCE`,
`RECORD_TYPES_SINCE`, and `newer_features`, which finds what a record uses that the version it declares did not have.

A record is checked against the version it declares (`schema_version`): a field or an allowed value introduced
by a later version is an error naming that version, as the released schema of the declared version
(`schemas/released/<version>/`) would reject it. The tables are written here and proven against the released
schemas by `tests/test_versions.py`, which names what a new version must add.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from peace_talks_model._version import SCHEMA_VERSION

#: Every released version of the record contract, oldest first; the last is `SCHEMA_VERSION`.
VERSIONS: tuple[str, ...] = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
assert VERSIONS[-1] == SCHEMA_VERSION

#: (model class, field) -> the version that introduced the field, for every field added after 1.0.
FIELDS_SINCE: dict[tuple[str, str], str] = {
    **dict.fromkeys(
        [
            ("Agreement", "conflict_locations"),
            ("Agreement", "interim"),
            ("Agreement", "parties_wording"),
            ("Agreement", "pax_substage"),
            ("Agreement", "references_wording"),
            ("Agreement", "third_parties_wording"),
            ("AgreementVersion", "characters"),
            ("AgreementVersion", "pages"),
            ("ExternalId", "version"),
        ],
        "1.1",
    ),
    **dict.fromkeys(
        [
            *((record, "dataset_codes") for record in ("Actor", "Agreement", "Ceasefire", "Claim", "Event")),
            *((record, "dataset_codes") for record in ("Negotiation", "Position", "PrisonerSwap", "Source")),
            ("Declaration", "dataset_codes"),
            ("Agreement", "party_mentions"),
            ("Ceasefire", "ddr"),
            ("Ceasefire", "enforcement"),
            ("Ceasefire", "fixed_duration_wording"),
            ("Ceasefire", "fixed_term"),
            ("Ceasefire", "implementation_mechanism"),
            ("Ceasefire", "purpose_wording"),
            ("Declaration", "unclear_dates"),
            ("DatasetCode", "dataset"),
            ("DatasetCode", "label"),
            ("DatasetCode", "value"),
            ("DatasetCode", "variable"),
            ("PartyMention", "actor"),
            ("PartyMention", "role"),
            ("PartyMention", "text"),
        ],
        "1.2",
    ),
    **dict.fromkeys(
        [
            ("Agreement", "third_parties"),
            ("Participant", "lead"),
            ("Signatory", "capacity_wording"),
            *(("ThirdParty", name) for name in ("actor", "description", "evidence", "lead", "role", "role_wording")),
        ],
        "1.4",
    ),
    **dict.fromkeys(
        [
            ("Agreement", "conflicts"),
            ("Agreement", "prisoner_swaps"),
            *(("Assessment", name) for name in ("direction", "horizon", "kind", "since", "subject", "text")),
            *(("Ceasefire", name) for name in ("conflicts", "end_relative", "prisoner_swaps", "relations")),
            *(("CeasefireRelation", name) for name in ("evidence", "target", "type")),
            ("Claim", "assessment"),
            *(("Commitment", name) for name in ("baseline", "end", "end_relative", "quantity_kind", "start")),
            *(
                ("Conflict", name)
                for name in [
                    "characterizations",
                    "confidence",
                    "conflict_type",
                    "dataset_codes",
                    "end",
                    "evidence",
                    "id",
                    "identifiers",
                    "incompatibility",
                    "intensity",
                    "name",
                    "notes",
                    "part_of",
                    "places",
                    "record_type",
                    "schema_version",
                    "side_a",
                    "side_a_secondary",
                    "side_b",
                    "side_b_secondary",
                    "start",
                    "stated_durations",
                    "territory",
                ]
            ),
            *(
                ("Custody", name)
                for name in [
                    "count",
                    "detainees",
                    "end",
                    "end_relative",
                    "evidence",
                    "holder",
                    "holder_description",
                    "place",
                    "start",
                    "start_relative",
                    "terms",
                ]
            ),
            *(("Event", name) for name in ("according_to", "conflicts", "polarity")),
            *(("FuzzyDuration", name) for name in ("approximate", "lower", "text", "upper", "value")),
            *(("IntensityStep", name) for name in ("date", "deaths", "evidence", "level")),
            ("Negotiation", "conflicts"),
            ("PrisonerSwap", "ceasefire"),
            ("Quantity", "of_record"),
            ("QuantityPointer", "path"),
            ("QuantityPointer", "record"),
            *(("StatedDuration", name) for name in ("as_of", "duration", "evidence")),
            *(("SwapCondition", name) for name in ("end", "end_relative", "start", "start_relative")),
            *(("SwapRatio", name) for name in ("approximate", "per_side", "text", "value")),
            ("SwapSide", "custody"),
            ("SwapSide", "ratio"),
        ],
        "1.5",
    ),
    **dict.fromkeys(
        [
            ("PartyMention", "link"),
            *(("MentionLink", name) for name in ("confidence", "matched", "rule")),
        ],
        "1.6",
    ),
    ("Place", "source"): "1.7",
    ("Source", "accessed"): "1.7",
}

#: (enumeration, value) -> the version that added the value to an enumeration older than it (the values of an
#: enumeration that came with a new field are covered by the field).
VALUES_SINCE: dict[tuple[str, str], str] = {
    ("PaxStage", "Oth"): "1.1",
    ("Purpose", "unclear"): "1.2",
    ("ScopeExtent", "unclear"): "1.2",
    ("ParticipantRole", "accompanying"): "1.4",
    ("ParticipantRole", "witness"): "1.4",
    ("SignatoryCapacity", "facilitator"): "1.4",
    ("SignatoryCapacity", "observer"): "1.4",
    ("EventKind", "agreement_reached"): "1.5",
    ("EventKind", "ceasefire_declared"): "1.5",
    ("EventKind", "meeting"): "1.5",
    ("EventKind", "recognition"): "1.5",
    ("EventKind", "signing"): "1.5",
    ("RelationType", "influences"): "1.5",
    ("TextDefectKind", "byline_mismatch"): "1.5",
    ("TextDefectKind", "fused_lines"): "1.5",
    ("TextDefectKind", "mixed_quotes"): "1.5",
    ("TextDefectKind", "nonstandard_whitespace"): "1.5",
    ("TimeRelation", "until"): "1.5",
}


#: record type -> the version that introduced it, for every record type added after 1.0 (its fields are in
#: FIELDS_SINCE too, as the released schemas show them; a record of a later type is reported once, as such).
RECORD_TYPES_SINCE: dict[str, str] = {"conflict": "1.5"}


@cache
def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def newer_features(record: BaseModel, declared: str) -> Iterator[tuple[tuple[int | str, ...], str, str]]:
    """(path, what, version) of every field and value of `record` that a version after `declared` introduced,
    in the record's order ('what' names it: "field 'pax_substage'", "value 'unclear'"). A later field written
    with its default value (null, [], false) says nothing the declared version cannot say and is not reported
    (the LLM profile writes every field). Only the fields that can hold a later field or value are visited
    (`_plan`), so a record of an older version costs about a microsecond more, not a walk of the record."""
    if declared == SCHEMA_VERSION:
        return
    record_type = getattr(record, "record_type", None)
    since = RECORD_TYPES_SINCE.get(record_type) if isinstance(record_type, str) else None
    if since is not None and _key(since) > _key(declared):
        yield ("record_type",), f"record type '{record_type}'", since
        return
    plan = _plan(type(record), declared)
    if record.model_fields_set.isdisjoint(plan[type(record)]):  # most records of an older version: nothing to visit
        return
    yield from _walk(record, (), _key(declared), plan)


def _classes_in(annotation: Any) -> Iterator[Any]:
    """The classes an annotation names (through lists, unions, `Annotated`...)."""
    if isinstance(annotation, type):
        yield annotation
    for argument in get_args(annotation):
        yield from _classes_in(argument)


@cache
def _plan(root: type[BaseModel], declared: str) -> dict[type, tuple[str, ...]]:
    """For every model class a `root` record can hold: the fields that are later than `declared`, or that can
    hold (at any depth) a model with such a field or an enumeration with a value later than `declared` (a record
    declaring a recent version visits only what came after it)."""
    fields: dict[type, dict[str, set[Any]]] = {}
    stack: list[type] = [root]
    while stack:
        model = stack.pop()
        if model in fields or not issubclass(model, BaseModel):
            continue
        fields[model] = {name: set(_classes_in(info.annotation)) for name, info in model.model_fields.items()}
        stack.extend(c for classes in fields[model].values() for c in classes if isinstance(c, type))
    after = _key(declared)
    later_fields = {key for key, since in FIELDS_SINCE.items() if _key(since) > after}
    named = {owner for owner, _ in later_fields} | {enum for (enum, _), v in VALUES_SINCE.items() if _key(v) > after}
    seen = {c for classes in (c for f in fields.values() for c in f.values()) for c in classes} | set(fields)
    hot = {c for c in seen if isinstance(c, type) and c.__name__ in named}
    grew = True
    while grew:  # a model holding a hot class is hot (a fixpoint: models may hold each other)
        grew = False
        for model, own in fields.items():
            if model not in hot and any(classes & hot for classes in own.values()):
                hot.add(model)
                grew = True
    return {
        model: tuple(name for name, classes in own.items() if (model.__name__, name) in later_fields or classes & hot)
        for model, own in fields.items()
    }


def _walk(
    value: object, path: tuple[int | str, ...], old: tuple[int, ...], plan: dict[type, tuple[str, ...]]
) -> Iterator[tuple[tuple[int | str, ...], str, str]]:
    if isinstance(value, BaseModel):
        model = type(value)
        owner = model.__name__
        given = value.model_fields_set
        for name in plan.get(model, tuple(model.model_fields)):
            if name not in given:
                continue
            since = FIELDS_SINCE.get((owner, name))
            if since is not None and _key(since) > old:
                if getattr(value, name) != model.model_fields[name].get_default(call_default_factory=True):
                    yield (*path, name), f"field '{name}'", since
            else:
                yield from _walk(getattr(value, name), (*path, name), old, plan)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), old, plan)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key), old, plan)
    elif isinstance(value, Enum):
        since = VALUES_SINCE.get((type(value).__name__, str(value.value)))
        if since is not None and _key(since) > old:
            yield path, f"value '{value.value}'", since
