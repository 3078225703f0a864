"""The versions of the record contract and what each added: `VERSIONS`, `FIELDS_SINCE`, `VALUES_SINCE`, and
`newer_features`, which finds what a record uses that the version it declares did not have.

A record is checked against the version it declares (`schema_version`): a field or an allowed value introduced
by a later version is an error naming that version, as the released schema of the declared version
(`schemas/released/<version>/`) would reject it. The tables are written here and proven against the released
schemas by `tests/test_versions.py`, which names what a new version must add.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

from pydantic import BaseModel

from peace_talks_model._version import SCHEMA_VERSION

#: Every released version of the record contract, oldest first; the last is `SCHEMA_VERSION`.
VERSIONS: tuple[str, ...] = ("1.0", "1.1", "1.2", "1.3")
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
}

#: (enumeration, value) -> the version that added the value to an enumeration older than it (the values of an
#: enumeration that came with a new field are covered by the field).
VALUES_SINCE: dict[tuple[str, str], str] = {
    ("PaxStage", "Oth"): "1.1",
    ("Purpose", "unclear"): "1.2",
    ("ScopeExtent", "unclear"): "1.2",
}


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def newer_features(record: BaseModel, declared: str) -> Iterator[tuple[tuple[int | str, ...], str, str]]:
    """(path, what, version) of every field and value of `record` that a version after `declared` introduced,
    in the record's order ('what' names it: "field 'pax_substage'", "value 'unclear'"). A later field written
    with its default value (null, [], false) says nothing the declared version cannot say and is not reported
    (the LLM profile writes every field)."""
    if declared == SCHEMA_VERSION:
        return
    old = _key(declared)
    yield from _walk(record, (), old)


def _walk(
    value: object, path: tuple[int | str, ...], old: tuple[int, ...]
) -> Iterator[tuple[tuple[int | str, ...], str, str]]:
    if isinstance(value, BaseModel):
        owner = type(value).__name__
        for name, info in type(value).model_fields.items():
            if name not in value.model_fields_set:
                continue
            since = FIELDS_SINCE.get((owner, name))
            if since is not None and _key(since) > old:
                if getattr(value, name) != info.get_default(call_default_factory=True):
                    yield (*path, name), f"field '{name}'", since
            else:
                yield from _walk(getattr(value, name), (*path, name), old)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), old)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key), old)
    elif isinstance(value, Enum):
        since = VALUES_SINCE.get((type(value).__name__, str(value.value)))
        if since is not None and _key(since) > old:
            yield path, f"value '{value.value}'", since
