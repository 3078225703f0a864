"""Classifying changes between two versions of the published schema: major, minor or patch.

Major: a record valid under the old schema may be invalid under the new one (a field, `$defs` entry or allowed
value removed; a field made required; a pattern, type, constant or bound changed). Minor: additive (a new
optional field, a new allowed value, a new definition, a requirement dropped). Patch: annotations only (titles,
descriptions, examples, defaults). The classification is conservative: a change it cannot prove harmless is
major. `diff_schemas(old, new)` returns the changes of one file; `classify(changes)` the kind of bump they need.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from peace_talks_model.positions import escape_pointer_token

#: Keywords that only annotate: changing them changes no verdict.
ANNOTATIONS = frozenset(
    {"title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly", "$id", "$schema"}
)
#: Keywords whose values are maps of names to subschemas.
_NAMED = frozenset({"properties", "$defs", "patternProperties", "dependentSchemas"})


class Level(IntEnum):
    """How big a change is (the larger, the bigger the version bump it needs)."""

    patch = 1
    minor = 2
    major = 3


@dataclass(frozen=True, slots=True)
class Change:
    """One change between two schemas, at a JSON pointer, with its level and a one-line description."""

    level: Level
    pointer: str
    what: str


def _at(pointer: str, key: str | int) -> str:
    return f"{pointer}/{escape_pointer_token(str(key))}"


def diff_schemas(old: Any, new: Any, pointer: str = "") -> list[Change]:
    """The changes from `old` to `new` (two schema documents or subschemas)."""
    if old == new:
        return []
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [Change(Level.major, pointer or "/", "changed")]
    changes: list[Change] = []
    for key in sorted(set(old) | set(new)):
        here = _at(pointer, key)
        if key in ANNOTATIONS:
            if old.get(key) != new.get(key):
                changes.append(Change(Level.patch, here, f"annotation '{key}' changed"))
        elif key in _NAMED:
            changes += _diff_named(old.get(key, {}), new.get(key, {}), here, key)
        elif key == "required":
            before, after = set(old.get(key, [])), set(new.get(key, []))
            changes += [Change(Level.major, here, f"'{name}' is now required") for name in sorted(after - before)]
            changes += [Change(Level.minor, here, f"'{name}' is no longer required") for name in sorted(before - after)]
        elif key == "enum":
            before, after = old.get(key, []), new.get(key, [])
            changes += [Change(Level.major, here, f"value {v!r} removed") for v in before if v not in after]
            changes += [Change(Level.minor, here, f"value {v!r} added") for v in after if v not in before]
        elif key not in old:
            changes.append(Change(Level.major, here, f"constraint '{key}' added"))
        elif key not in new:
            changes.append(Change(Level.minor, here, f"constraint '{key}' removed"))
        elif isinstance(old[key], dict) and isinstance(new[key], dict):
            changes += diff_schemas(old[key], new[key], here)
        elif isinstance(old[key], list) and isinstance(new[key], list) and len(old[key]) == len(new[key]):
            for index, (a, b) in enumerate(zip(old[key], new[key], strict=True)):
                changes += diff_schemas(a, b, _at(here, index))
        elif old[key] != new[key]:
            changes.append(Change(Level.major, here, f"'{key}' changed from {old[key]!r:.60} to {new[key]!r:.60}"))
    return changes


def _diff_named(old: dict[str, Any], new: dict[str, Any], pointer: str, keyword: str) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(set(old) | set(new)):
        here = _at(pointer, name)
        if name not in new:
            changes.append(Change(Level.major, here, f"{keyword} entry '{name}' removed"))
        elif name not in old:
            changes.append(Change(Level.minor, here, f"{keyword} entry '{name}' added"))
        else:
            changes += diff_schemas(old[name], new[name], here)
    return changes


def classify(changes: list[Change]) -> Level | None:
    """The version bump the changes need (None when there are none)."""
    return max((c.level for c in changes), default=None)
