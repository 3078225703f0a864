"""Starter records: the smallest valid record of each type (`STARTERS`), and `starter_set`, what
`peace-talks example TYPE` prints: the starter, with the smallest records of the actors it names (`STUBS`) when
it names any, so that the output validates as printed.

The starters are the records of `examples/minimal/` (a test keeps the two identical) and carry the current
`SCHEMA_VERSION`. The module is plain data and imports no model, so that `peace-talks example` does not load
pydantic; a test keeps its record types, in order, those of `peace_talks_model.models.RECORD_MODELS`.
"""

from typing import Any

from peace_talks_model._version import SCHEMA_VERSION

#: The smallest valid record of each record type, in the order of `RECORD_MODELS`.
STARTERS: dict[str, dict[str, Any]] = {
    "source": {
        "record_type": "source",
        "id": "source:minimal-example",
        "schema_version": SCHEMA_VERSION,
        "url": "https://example.org/news/talks-resume",
        "published": "2019-12-09",
    },
    "actor": {
        "record_type": "actor",
        "id": "actor:kofi-annan",
        "schema_version": SCHEMA_VERSION,
        "name": "Kofi Annan",
        "kind": "person",
    },
    "negotiation": {
        "record_type": "negotiation",
        "id": "negotiation:2002-2005-igad-sudan-peace-talks",
        "schema_version": SCHEMA_VERSION,
        "kind": "track",
        "date": "2002/2005-01",
    },
    "agreement": {
        "record_type": "agreement",
        "id": "agreement:2005-01-09-sudan-comprehensive-peace-agreement",
        "schema_version": SCHEMA_VERSION,
        "name": "Comprehensive Peace Agreement",
        "date": "2005-01-09",
    },
    "prisoner_swap": {
        "record_type": "prisoner_swap",
        "id": "prisoner_swap:minimal-example",
        "schema_version": SCHEMA_VERSION,
        "sides": [
            {"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},
            {"key": "taliban-freed", "receiver": "actor:taliban", "count": 3},
        ],
    },
    "ceasefire": {
        "record_type": "ceasefire",
        "id": "ceasefire:minimal-example",
        "schema_version": SCHEMA_VERSION,
        "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07"}],
    },
    "claim": {
        "record_type": "claim",
        "id": "claim:minimal-example",
        "schema_version": SCHEMA_VERSION,
        "statement": "The talks will resume on Sunday.",
    },
    "position": {
        "record_type": "position",
        "id": "position:minimal-example",
        "schema_version": SCHEMA_VERSION,
        "holders": ["actor:afghan-government"],
        "kind": "precondition",
        "topic": "ceasefire",
    },
    "event": {
        "record_type": "event",
        "id": "event:minimal-example",
        "schema_version": SCHEMA_VERSION,
        "kind": "election",
        "date": "2019-09-28",
    },
    "conflict": {
        "record_type": "conflict",
        "id": "conflict:minimal-example",
        "schema_version": SCHEMA_VERSION,
        "name": "Sudan: Southern Sudan",
        "start": "1983",
    },
}

#: The smallest records of the actors the starters name, by id.
STUBS: dict[str, dict[str, Any]] = {
    "actor:taliban": {
        "record_type": "actor",
        "id": "actor:taliban",
        "schema_version": SCHEMA_VERSION,
        "name": "Taliban",
        "kind": "armed_group",
    },
    "actor:afghan-government": {
        "record_type": "actor",
        "id": "actor:afghan-government",
        "schema_version": SCHEMA_VERSION,
        "name": "Afghan government",
        "kind": "state_body",
    },
}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def starter_set(record_type: str) -> dict[str, Any] | list[dict[str, Any]]:
    """What `peace-talks example TYPE` prints: the starter of `record_type` alone when it names no other record,
    else a list of the starter and the stubs of the records it names, in order of first mention (KeyError for an
    unknown type)."""
    starter = STARTERS[record_type]
    named = dict.fromkeys(s for s in _strings(starter) if s in STUBS and s != starter["id"])
    return [starter, *(STUBS[record_id] for record_id in named)] if named else starter
