"""Starter records: the smallest valid record of each type, printed by `peace-talks example TYPE`.

They are the records of `examples/minimal/` (a test keeps the two identical). The module is plain data and
imports no model, so that `peace-talks example` does not load pydantic; a test keeps its record types, in order,
those of `peace_talks_model.models.RECORD_MODELS`.
"""

from typing import Any

#: The smallest valid record of each record type, in the order of `RECORD_MODELS`.
STARTERS: dict[str, dict[str, Any]] = {
    "source": {
        "record_type": "source",
        "id": "source:minimal-example",
        "schema_version": "1.0",
        "url": "https://example.org/news/talks-resume",
        "published": "2019-12-09",
    },
    "actor": {
        "record_type": "actor",
        "id": "actor:kofi-annan",
        "schema_version": "1.0",
        "name": "Kofi Annan",
        "kind": "person",
    },
    "negotiation": {
        "record_type": "negotiation",
        "id": "negotiation:2002-2005-igad-sudan-peace-talks",
        "schema_version": "1.0",
        "kind": "track",
        "date": "2002/2005-01",
    },
    "agreement": {
        "record_type": "agreement",
        "id": "agreement:2005-01-09-sudan-comprehensive-peace-agreement",
        "schema_version": "1.0",
        "name": "Comprehensive Peace Agreement",
        "date": "2005-01-09",
    },
    "prisoner_swap": {
        "record_type": "prisoner_swap",
        "id": "prisoner_swap:minimal-example",
        "schema_version": "1.0",
        "sides": [
            {"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},
            {"key": "taliban-freed", "receiver": "actor:taliban", "count": 3},
        ],
    },
    "ceasefire": {
        "record_type": "ceasefire",
        "id": "ceasefire:minimal-example",
        "schema_version": "1.0",
        "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07"}],
    },
    "claim": {
        "record_type": "claim",
        "id": "claim:minimal-example",
        "schema_version": "1.0",
        "statement": "The talks will resume on Sunday.",
    },
    "position": {
        "record_type": "position",
        "id": "position:minimal-example",
        "schema_version": "1.0",
        "holders": ["actor:afghan-government"],
        "kind": "precondition",
        "topic": "ceasefire",
    },
    "event": {
        "record_type": "event",
        "id": "event:minimal-example",
        "schema_version": "1.0",
        "kind": "election",
        "date": "2019-09-28",
    },
}
