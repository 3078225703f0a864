"""Turning pydantic validation errors into findings a person can act on.

`diagnose(error, record_type)` takes one pydantic `ValidationError` of a record and returns `Diagnosis`
objects: the real field path (union-member tags removed, errors of one field merged: "expected a number, got
string '12'" instead of one error per union member), a stable code, a message in plain words with what was
expected and what was got, and a "did you mean" suggestion for unknown keys, enum values and tags.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from peace_talks_model.codes import code_for
from peace_talks_model.introspect import resolve_location
from peace_talks_model.models import MODEL_BY_TYPE, RECORD_TYPES
from peace_talks_model.models._countries import ALPHA2_TO_ALPHA3
from peace_talks_model.models.base import json_kind
from peace_talks_model.models.dates import edtf_problem
from peace_talks_model.models.ids import is_id
from peace_talks_model.patterns import Form, form_of

MAX_SHOWN = 60


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """One problem in one record, before it is placed in a file."""

    path: tuple[int | str, ...]
    code: str
    rule: str
    message: str
    expected: str | None = None
    got: str | None = None
    suggestion: str | None = None
    at_key: bool = False


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """Cut a shown value to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any) -> str:
    return shorten(json_kind(value), MAX_SHOWN + 10)


# -- messages -----------------------------------------------------------------------------------------------

_EXPECTED_TYPE = {
    "int_type": "an integer",
    "int_from_float": "an integer",
    "int_parsing": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "a string",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "an array",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "none_required": "null",
}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")


def _pattern_message(value: Any, form: Form | None) -> tuple[str, str, str | None]:
    """(message, expected, suggestion) for a string that is not in the form a pattern asks for. The pattern itself
    is never shown: `form` says in words what it asks for (a pattern without a form gets a plain message)."""
    shown = _shown(value)
    text = value if isinstance(value, str) else ""
    if form is None:
        return f"{shown} does not have the form this field asks for (see its description)", "another form", None
    expected = form.describe()
    suggestion: str | None = None
    if form.name == "id":
        prefixes = form.shape.split(" then ")[0]
        prefix, _, local = text.partition(":")
        if local and prefix in RECORD_TYPES and f"'{prefix}:'" not in prefixes and "record type" not in prefixes:
            kind = prefix.replace("_", " ")
            takes = f"{form.what}, like '{form.example}'"
            return f"{shown} is {_article(kind)} {kind} id, but this field takes {takes}", expected, None
        fixed = f"{prefix.lower()}:{_slug(local)}" if local else None
        suggestion = fixed if fixed and fixed != text and _id_with_prefix(fixed, prefixes) else None
    elif form.name == "edtf":
        message, suggestion = edtf_problem(text)
        return message, expected, suggestion
    elif form.name == "text":
        return "the text is blank; write something or leave the field out", "non-blank text", None
    elif form.name == "country_code":
        suggestion = text.upper() if re.fullmatch(r"[a-z]{3}", text) else ALPHA2_TO_ALPHA3.get(text.upper())
        if re.fullmatch(r"[A-Za-z]{2}", text):
            return f"{shown} is a two-letter code; this field takes {expected}", expected, suggestion
    elif form.name == "language_tag":
        suggestion = text.replace("_", "-") if "_" in text else None
    elif form.name == "url":
        suggestion = "https://" + text if text and "://" not in text else None
    elif form.name == "duration":
        days = re.fullmatch(r"\s*([0-9]+)\s*(day|week|month|year)s?\s*", text, re.I)
        suggestion = f"P{days.group(1)}{days.group(2)[0].upper()}" if days else None
        if re.fullmatch(r"P[0-9]+D[0-9]+[HMS]", text):
            suggestion = text.replace("D", "DT", 1)
    return f"{shown} is not {expected}", expected, suggestion


def _id_with_prefix(text: str, prefixes: str) -> bool:
    """Whether a proposed id has one of the prefixes named in `prefixes` (or any record type's, when they say
    "a record type") and a local part in the form of ids."""
    prefix = text.partition(":")[0]
    return (f"'{prefix}:'" in prefixes or "record type" in prefixes) and prefix in RECORD_TYPES and is_id(text, prefix)


#: Common short or foreign spellings of field names, for "did you mean".
_ALIASES = {
    "lat": "latitude",
    "lng": "longitude",
    "lon": "longitude",
    "long": "longitude",
    "desc": "description",
    "type": "kind",
    "organisation": "organization",
    "language": "lang",
    "quotes": "quote",
}


def _suggest(word: Any, choices: list[str]) -> str | None:
    if not isinstance(word, str):
        return None
    alias = _ALIASES.get(word.lower())
    if alias in choices:
        return alias
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not found and word.lower() in choices:
        return word.lower()
    return found[0] if found else None


def _normalised(word: str) -> str:
    return re.sub(r"[\s-]+", "_", word.strip().lower())


def _edits(a: str, b: str) -> int:
    """The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def close_matches(word: str, choices: list[str]) -> list[str]:
    """The allowed values `word` may be a mis-typed form of, for fixes that must not guess: the one value equal
    to it but for case, surrounding whitespace and '-'/' ' for '_' ('Bilateral', ' reduction in violence');
    otherwise every value within one edit of it (two for words of ten letters or more; insert, delete, change
    or swap two neighbouring letters: 'bilaterial'), and none for words under four letters. One result is a
    safe correction; several are ambiguous ('trilateral': bilateral, unilateral)."""
    norm = _normalised(word)
    same = [choice for choice in choices if _normalised(choice) == norm]
    if same:
        return same
    if len(norm) < 4:
        return []
    limit = 1 if len(norm) < 10 else 2
    return [choice for choice in choices if _edits(norm, _normalised(choice)) <= limit]


def _list_values(values: list[str], limit: int = 240) -> str:
    """The allowed values, cut between values (never inside one) when the list is long."""
    shown: list[str] = []
    for value in values:
        if len(", ".join(shown)) + len(value) > limit:
            return ", ".join(shown) + f" and {len(values) - len(shown)} more"
        shown.append(f"'{value}'")
    return ", ".join(shown)


@dataclass(frozen=True, slots=True)
class _Error:
    """One pydantic error, unpacked for the message builders."""

    kind: str
    code: str
    path: tuple[int | str, ...]
    value: Any
    ctx: dict[str, Any]
    msg: str
    owner: type[BaseModel] | None


def _did_you_mean(suggestion: str | None) -> str:
    return f"; did you mean '{shorten(suggestion)}'?" if suggestion else ""


def _unknown_field(e: _Error) -> Diagnosis:
    key = str(e.path[-1])
    suggestion = _suggest(key, list(e.owner.model_fields) if e.owner else [])
    return Diagnosis(
        e.path,
        e.code,
        e.kind,
        f"unknown field '{shorten(key)}'{_did_you_mean(suggestion)}",
        got=key,
        suggestion=suggestion,
        at_key=True,
    )


def _missing(e: _Error) -> Diagnosis:
    return Diagnosis(e.path, e.code, e.kind, f"required field '{e.path[-1]}' is missing", expected=str(e.path[-1]))


def _not_allowed(e: _Error) -> Diagnosis:
    values = re.findall(r"'([^']*)'", str(e.ctx.get("expected", "")))
    suggestion = _suggest(e.value, values)
    expected = "one of " + ", ".join(f"'{v}'" for v in values)
    message = f"{_shown(e.value)} is not allowed{_did_you_mean(suggestion)} (expected one of {_list_values(values)})"
    return Diagnosis(e.path, e.code, e.kind, message, expected=expected, got=_shown(e.value), suggestion=suggestion)


def _unknown_tag(e: _Error) -> Diagnosis:
    tag = str(e.ctx.get("tag", ""))
    suggestion = _suggest(tag, list(RECORD_TYPES))
    expected = "one of " + ", ".join(RECORD_TYPES)
    message = f"unknown record_type '{shorten(tag)}'{_did_you_mean(suggestion)} (expected {expected})"
    return Diagnosis(("record_type",), e.code, e.kind, message, expected=expected, got=tag, suggestion=suggestion)


def _no_tag(e: _Error) -> Diagnosis:
    message = f"the record has no 'record_type'; add one of: {', '.join(RECORD_TYPES)}"
    return Diagnosis((), e.code, e.kind, message, expected="one of " + ", ".join(RECORD_TYPES))


def _pattern(e: _Error) -> Diagnosis:
    field = next((part for part in reversed(e.path) if isinstance(part, str)), None)
    form = form_of(str(e.ctx.get("pattern", "")), e.owner, field)
    message, expected, suggestion = _pattern_message(e.value, form)
    # a malformed duration, country code, date or version has a code of its own
    code = code_for(form.rule).code if form is not None and form.rule is not None else e.code
    return Diagnosis(
        e.path,
        code,
        e.kind,
        message + _did_you_mean(suggestion),
        expected=expected,
        got=_shown(e.value),
        suggestion=suggestion,
    )


_SIGNS = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}


def _out_of_range(e: _Error) -> Diagnosis:
    expected = f"a number {_SIGNS[e.kind]} {next(iter(e.ctx.values()), '')}"
    return Diagnosis(e.path, e.code, e.kind, f"expected {expected}, got {e.value}", expected=expected, got=str(e.value))


def _items(e: _Error) -> Diagnosis:
    side = "at least" if e.kind == "too_short" else "at most"
    expected = f"{side} {e.ctx.get('min_length', e.ctx.get('max_length'))} item(s)"
    actual = e.ctx.get("actual_length")
    return Diagnosis(e.path, e.code, e.kind, f"needs {expected}, got {actual}", expected=expected, got=str(actual))


def _characters(e: _Error) -> Diagnosis:
    if e.kind == "string_too_short" and e.ctx.get("min_length") == 1:
        message = "the text is empty; write something or leave the field out"
        return Diagnosis(e.path, e.code, e.kind, message, expected="non-empty text", got="''")
    side = "at most" if e.kind == "string_too_long" else "at least"
    expected = f"{side} {e.ctx.get('max_length', e.ctx.get('min_length'))} characters"
    got = f"{len(str(e.value))} characters"
    return Diagnosis(e.path, e.code, e.kind, f"expected {expected}, got {got}", expected=expected, got=got)


def _wrong_type(e: _Error) -> Diagnosis:
    expected = _EXPECTED_TYPE[e.kind]
    return Diagnosis(
        e.path, e.code, e.kind, f"expected {expected}, got {_shown(e.value)}", expected=expected, got=_shown(e.value)
    )


def _rule(e: _Error) -> Diagnosis:
    message = e.msg.split(", ", 1)[1] if e.msg.startswith(("Value error, ", "Assertion failed, ")) else e.msg
    suggestion = e.ctx.get("suggestion")
    if suggestion:
        shown = str(suggestion) if str(suggestion).startswith("{") else f"'{suggestion}'"
        message += f"; did you mean {shorten(shown, 120)}?"
    return Diagnosis(e.path, e.code, e.kind, message, suggestion=str(suggestion) if suggestion else None)


#: The message builder of each pydantic error type; our own rules' messages are used as they are (`_rule`).
_BUILDERS: dict[str, Callable[[_Error], Diagnosis]] = {
    "extra_forbidden": _unknown_field,
    "missing": _missing,
    "enum": _not_allowed,
    "literal_error": _not_allowed,
    "union_tag_invalid": _unknown_tag,
    "union_tag_not_found": _no_tag,
    "string_pattern_mismatch": _pattern,
    **dict.fromkeys(_SIGNS, _out_of_range),
    "too_short": _items,
    "too_long": _items,
    "string_too_short": _characters,
    "string_too_long": _characters,
    **dict.fromkeys(_EXPECTED_TYPE, _wrong_type),
}


def _one(error: ErrorDetails, path: tuple[int | str, ...], owner: type[BaseModel] | None) -> Diagnosis:
    kind = error["type"]
    unpacked = _Error(
        kind, code_for(kind).code, path, error.get("input"), dict(error.get("ctx") or {}), error["msg"], owner
    )
    return _BUILDERS.get(kind, _rule)(unpacked)


def _merge_types(group: list[Diagnosis]) -> Diagnosis:
    expected = [d.expected for d in group if d.expected]
    if "an integer" in expected and "a number" in expected:
        expected.remove("an integer")
    joined = " or ".join(dict.fromkeys(expected))
    first = group[0]
    return Diagnosis(
        first.path, first.code, first.rule, f"expected {joined}, got {first.got}", expected=joined, got=first.got
    )


def diagnose(error: ValidationError, record_type: str | None) -> list[Diagnosis]:
    """The findings of one record's validation error, with real paths, codes, messages and suggestions."""
    model = MODEL_BY_TYPE.get(record_type or "")
    diagnoses: list[Diagnosis] = []
    type_groups: dict[tuple[int | str, ...], list[Diagnosis]] = {}
    for raw in error.errors(include_url=False):
        loc = tuple(raw["loc"])
        if model is not None and loc and loc[0] == record_type:
            loc = loc[1:]
        ctx = raw.get("ctx") or {}
        at = ctx.get("at")
        if model is None:
            path, owner = loc, None
        else:
            path, owner = resolve_location(model, loc, keep_last=raw["type"] in ("extra_forbidden", "missing"))
        if isinstance(at, list | tuple):
            path = (*path, *at)
        found = _one(raw, path, owner)
        if raw["type"] in _EXPECTED_TYPE:
            type_groups.setdefault(path, []).append(found)
            if len(type_groups[path]) > 1:
                continue
        diagnoses.append(found)
    # errors of several union members at one path become one finding; when one member had the right type
    # but a wrong value (155.57 is a number, above 90), the other members' type errors are noise
    valued = {d.path for d in diagnoses if d.rule not in _EXPECTED_TYPE}
    merged = {path: _merge_types(group) for path, group in type_groups.items() if len(group) > 1}
    diagnoses = [
        merged.get(d.path, d) if d.rule in _EXPECTED_TYPE else d
        for d in diagnoses
        if not (d.rule in _EXPECTED_TYPE and d.path in valued)
    ]
    # a misspelt key makes its field "missing" too: the unknown-key finding, with its suggestion, says it all
    misspelt = {(*d.path[:-1], d.suggestion) for d in diagnoses if d.rule == "extra_forbidden" and d.suggestion}
    diagnoses = [d for d in diagnoses if not (d.rule == "missing" and d.path in misspelt)]
    # one value, several union members failing the same way (87 is above 1 as an integer and as a number): one
    # defect, reported once
    seen: set[tuple[tuple[int | str, ...], str]] = set()
    once = []
    for d in diagnoses:
        if (d.path, d.code) not in seen:
            seen.add((d.path, d.code))
            once.append(d)
    return once
