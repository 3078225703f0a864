"""Classifying changes between two versions of the published schema: major, minor or patch.

Major: a record valid under the old schema may be invalid under the new one (a field, `$defs` entry or allowed
value removed; a field made required; a pattern, type, constant or bound changed). Minor: additive (a new
optional field, a new allowed value, a new definition, a requirement dropped, a pattern whose only change is a
new word in an alternation such as `(?:actor|event)`, a new member of an `anyOf`, or of a `oneOf` whose members
are told apart by a required constant such as `record_type`). Patch: annotations only (titles, descriptions,
examples, defaults). The classification is conservative: a change it cannot prove harmless is major.
`diff_schemas(old, new)` returns the changes of one file; `classify(changes)` the kind of bump they need.
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


def _alternations(pattern: str) -> tuple[str, list[set[str]]]:
    """`pattern` with each group of plain alternatives (`(?:actor|event)`: words of letters, digits and '_'
    between '|') replaced by '(?:)', and the groups' words. Plain string scanning: no regular expression is run
    over the pattern's text."""
    skeleton: list[str] = []
    groups: list[set[str]] = []
    position = 0
    while (start := pattern.find("(?:", position)) >= 0:
        end = pattern.find(")", start)
        words = pattern[start + 3 : end].split("|") if end >= 0 else []
        if len(words) > 1 and all(word and word.replace("_", "").isalnum() for word in words):
            skeleton.append(pattern[position:start] + "(?:)")
            groups.append(set(words))
            position = end + 1
        else:
            skeleton.append(pattern[position : start + 3])
            position = start + 3
    skeleton.append(pattern[position:])
    return "".join(skeleton), groups


def _pattern_widened(old: str, new: str) -> bool:
    """True when `new` is `old` with words added to its groups of plain alternatives (and nothing else changed):
    every string `old` matches, `new` matches too, as adding an alternative to an alternation only widens a
    regular expression."""
    (old_skeleton, old_groups), (new_skeleton, new_groups) = _alternations(old), _alternations(new)
    if old_skeleton != new_skeleton or len(old_groups) != len(new_groups):
        return False
    return all(a <= b for a, b in zip(old_groups, new_groups, strict=True))


def _resolve(schema: Any, root: Any) -> Any:
    """`schema` with a local `$ref` ('#/$defs/Name') followed in `root`."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str) and ref.startswith("#/$defs/") and isinstance(root, dict):
        return root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), schema)
    return schema


def _discriminated(members: list[Any], root: Any) -> bool:
    """True when each member requires one property (the same for all) to be a constant that no other member
    takes: an instance then matches at most one member whatever the members allow besides."""
    tags: list[tuple[str, ...]] = []
    for member in members:
        schema = _resolve(member, root)
        if not isinstance(schema, dict):
            return False
        properties = schema.get("properties", {})
        tags.append(
            tuple(
                f"{name}={properties[name]['const']!r}"
                for name in schema.get("required", [])
                if isinstance(properties.get(name), dict) and "const" in properties[name]
            )
        )
    names = [{tag.split("=", 1)[0] for tag in member} for member in tags]
    shared = set.intersection(*names) if names else set()
    for name in shared:
        values = [next(tag for tag in member if tag.split("=", 1)[0] == name) for member in tags]
        if len(set(values)) == len(values):
            return True
    return False


def _members_added(key: str, old: list[Any], new: list[Any], root: Any) -> bool:
    """True when the `anyOf`/`oneOf` list `new` is `old` with members appended, and the addition cannot reject
    an instance `old` accepts (always for anyOf; for oneOf, when the members are discriminated)."""
    if key not in ("anyOf", "oneOf") or len(new) <= len(old) or new[: len(old)] != old:
        return False
    return key == "anyOf" or _discriminated(new, root)


def diff_schemas(old: Any, new: Any, pointer: str = "", root: Any = None) -> list[Change]:
    """The changes from `old` to `new` (two schema documents or subschemas; `root` is the new document, in which
    local `$ref`s are followed, by default `new` itself)."""
    if old == new:
        return []
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [Change(Level.major, pointer or "/", "changed")]
    root = new if root is None else root
    changes: list[Change] = []
    for key in sorted(set(old) | set(new)):
        here = _at(pointer, key)
        if key in ANNOTATIONS:
            if old.get(key) != new.get(key):
                changes.append(Change(Level.patch, here, f"annotation '{key}' changed"))
        elif key in _NAMED:
            changes += _diff_named(old.get(key, {}), new.get(key, {}), here, key, root)
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
            changes += diff_schemas(old[key], new[key], here, root)
        elif isinstance(old[key], list) and isinstance(new[key], list) and len(old[key]) == len(new[key]):
            for index, (a, b) in enumerate(zip(old[key], new[key], strict=True)):
                changes += diff_schemas(a, b, _at(here, index), root)
        elif (
            isinstance(old[key], list) and isinstance(new[key], list) and _members_added(key, old[key], new[key], root)
        ):
            changes += [
                Change(Level.minor, _at(here, index), f"'{key}' member {member!r:.60} added")
                for index, member in enumerate(new[key][len(old[key]) :], start=len(old[key]))
            ]
        elif (
            key == "pattern"
            and isinstance(old[key], str)
            and isinstance(new[key], str)
            and _pattern_widened(old[key], new[key])
        ):
            changes.append(Change(Level.minor, here, f"pattern widened from {old[key]!r:.60} to {new[key]!r:.60}"))
        elif old[key] != new[key]:
            changes.append(Change(Level.major, here, f"'{key}' changed from {old[key]!r:.60} to {new[key]!r:.60}"))
    return changes


def _diff_named(old: dict[str, Any], new: dict[str, Any], pointer: str, keyword: str, root: Any) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(set(old) | set(new)):
        here = _at(pointer, name)
        if name not in new:
            changes.append(Change(Level.major, here, f"{keyword} entry '{name}' removed"))
        elif name not in old:
            changes.append(Change(Level.minor, here, f"{keyword} entry '{name}' added"))
        else:
            changes += diff_schemas(old[name], new[name], here, root)
    return changes


def classify(changes: list[Change]) -> Level | None:
    """The version bump the changes need (None when there are none)."""
    return max((c.level for c in changes), default=None)
