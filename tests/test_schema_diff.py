"""Classifying schema changes: removals and new requirements are major, additions minor, annotations patch."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from peace_talks_model.schema_diff import Level, classify, diff_schemas

BASE: dict[str, Any] = {
    "$id": "https://schemas.peace-talks-model.org/1.0/x.schema.json",
    "type": "object",
    "description": "An actor.",
    "properties": {
        "kind": {"enum": ["person", "state"], "description": "What it is."},
        "name": {"type": "string", "pattern": "\\S"},
        "age": {"type": "integer", "minimum": 0},
    },
    "required": ["kind"],
    "additionalProperties": False,
    "$defs": {"Place": {"type": "object"}},
}


def _changed(edit: Any) -> dict[str, Any]:
    new = copy.deepcopy(BASE)
    edit(new)
    return new


@pytest.mark.parametrize(
    ("edit", "level"),
    [
        (lambda s: s.update(description="Any actor."), Level.patch),
        (lambda s: s["properties"]["kind"].update(description="Its kind."), Level.patch),
        (lambda s: s.update({"$id": "https://schemas.peace-talks-model.org/1.1/x.schema.json"}), Level.patch),
        (lambda s: s["properties"].update(born={"type": "string"}), Level.minor),
        (lambda s: s["properties"]["kind"]["enum"].append("igo"), Level.minor),
        (lambda s: s["$defs"].update(Quantity={"type": "object"}), Level.minor),
        (lambda s: s.update(required=[]), Level.minor),
        (lambda s: s["properties"]["age"].pop("minimum"), Level.minor),
        (lambda s: s["properties"].pop("age"), Level.major),
        (lambda s: s["properties"]["kind"]["enum"].remove("state"), Level.major),
        (lambda s: s["required"].append("name"), Level.major),
        (lambda s: s["properties"]["name"].update(pattern="^[a-z]+$"), Level.major),
        (lambda s: s["properties"]["age"].update(maximum=150), Level.major),
        (lambda s: s["properties"]["age"].update(type="string"), Level.major),
        (lambda s: s["$defs"].pop("Place"), Level.major),
    ],
)
def test_classification(edit: Any, level: Level) -> None:
    changes = diff_schemas(BASE, _changed(edit))
    assert changes
    assert classify(changes) is level


def test_no_change() -> None:
    assert diff_schemas(BASE, copy.deepcopy(BASE)) == []
    assert classify([]) is None


def test_changes_name_the_pointer() -> None:
    [change] = diff_schemas(BASE, _changed(lambda s: s["properties"].pop("age")))
    assert change.pointer == "/properties/age"


def _tagged(*tags: str, shared: bool = True) -> dict[str, Any]:
    """A schema whose `oneOf` members are $defs entries, each requiring `kind` to be its tag (or, with `shared`
    False, requiring nothing)."""
    return {
        "oneOf": [{"$ref": f"#/$defs/{tag.title()}"} for tag in tags],
        "$defs": {
            tag.title(): {
                "type": "object",
                "properties": {"kind": {"const": tag}},
                "required": ["kind"] if shared else [],
            }
            for tag in tags
        },
    }


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        # a record type added to a union discriminated by a required constant: nothing valid becomes invalid
        (_tagged("actor", "event"), _tagged("actor", "event", "conflict"), Level.minor),
        # without the required tag, an instance may now match two members of the oneOf: not provably harmless
        (_tagged("actor", "event", shared=False), _tagged("actor", "event", "conflict", shared=False), Level.major),
        # a member removed, or the order changed, is not an addition
        (_tagged("actor", "event"), _tagged("actor"), Level.major),
        (_tagged("actor", "event"), _tagged("event", "actor", "conflict"), Level.major),
        ({"anyOf": [{"type": "string"}]}, {"anyOf": [{"type": "string"}, {"type": "null"}]}, Level.minor),
        # a reference pattern gaining a record type in its alternation only widens it
        ({"pattern": "^(?:actor|event):[a-z]+$"}, {"pattern": "^(?:actor|event|conflict):[a-z]+$"}, Level.minor),
        # ... but losing one, or a change outside the alternation, can reject what was valid
        ({"pattern": "^(?:actor|event):[a-z]+$"}, {"pattern": "^(?:actor|conflict):[a-z]+$"}, Level.major),
        ({"pattern": "^(?:actor|event):[a-z]+$"}, {"pattern": "^(?:actor|event|conflict):[a-z0-9]+$"}, Level.major),
        ({"pattern": "^(?:actor|event):[a-z]+$"}, {"pattern": "^(?:actor|event|conflict)-[a-z]+$"}, Level.major),
    ],
)
def test_additions_that_cannot_reject(old: dict[str, Any], new: dict[str, Any], level: Level) -> None:
    assert classify(diff_schemas(old, new)) is level
