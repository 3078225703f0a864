"""Turning pydantic validation errors into findings a person can act on.

`diagnose(error, record_type)` takes one pydantic `ValidationError` of a record and returns `Diagnosis`
objects: the real field path (union-member tags removed, errors of one field merged: "expected a number, got
string '12'" instead of one error per union member), a stable code, a message in plain words with what was
expected and what was got, and a "did you mean" suggestion for unknown keys, enum values and tags.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from peace_talks_model.codes import code_for
from peace_talks_model.models import MODEL_BY_TYPE, RECORD_TYPES
from peace_talks_model.models.common import EDTF_PATTERN, ID_SCHEME_PATTERNS, json_kind

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


# -- walking the models along an error location -----------------------------------------------------------


def _members(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (Annotated, Optional and unions unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]


def _models(annotations: list[Any]) -> list[type[BaseModel]]:
    return [m for a in annotations for m in _members(a) if isinstance(m, type) and issubclass(m, BaseModel)]


def _elements(annotations: list[Any]) -> list[Any]:
    out = []
    for a in annotations:
        for m in _members(a):
            if typing.get_origin(m) is list:
                out.append(typing.get_args(m)[0])
    return out


def resolve(
    model: type[BaseModel], loc: tuple[int | str, ...], keep_last: bool = False
) -> tuple[tuple[int | str, ...], type[BaseModel] | None]:
    """The real field path of a pydantic location (union-member tags dropped) and the model owning its last part."""
    path: list[int | str] = []
    current: list[Any] = [model]
    owner: type[BaseModel] | None = model
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(part, int):
            path.append(part)
            current = _elements(current)
            continue
        candidates = _models(current)
        holder = next((m for m in candidates if part in m.model_fields), None)
        if holder is not None:
            path.append(part)
            owner = holder
            current = [holder.model_fields[part].annotation]
        elif last and keep_last:
            path.append(part)
            owner = candidates[0] if candidates else None
        # otherwise the part is a union member's tag ('int', 'str', 'Quantity'): not a field
    return tuple(path), owner


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

_ID_PATTERN = re.compile(r"^\^(?:\(\?:)?([a-z_|]+)\)?:")
_EXAMPLE_ID = {
    "source": "source:ap-2019-12-09-khalilzad-doha-talks",
    "actor": "actor:zalmay-khalilzad",
    "negotiation": "negotiation:2019-12-07-doha-us-taliban",
    "agreement": "agreement:2020-02-29-us-taliban-doha-agreement",
    "prisoner_swap": "prisoner_swap:2019-11-king-weeks-haqqani",
    "ceasefire": "ceasefire:2018-06-eid-afghanistan",
    "claim": "claim:2019-10-03-pakistan-earliest-resumption",
    "position": "position:2019-11-afghan-government-ceasefire-precondition",
    "event": "event:2019-09-05-kabul-bombing",
}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")


def _pattern_message(value: Any, pattern: str) -> tuple[str, str, str | None]:
    """(message, expected, suggestion) for a string that does not match `pattern`."""
    shown = _shown(value)
    text = value if isinstance(value, str) else ""
    id_match = _ID_PATTERN.match(pattern)
    if id_match:
        wanted = id_match.group(1).split("|")
        kind = " or ".join(w.replace("_", " ") for w in wanted) if len(wanted) < len(RECORD_TYPES) else "any record"
        expected = f"{_article(kind)} {kind} id, e.g. '{_EXAMPLE_ID[wanted[0]]}'"
        prefix, _, local = text.partition(":")
        if local and prefix in RECORD_TYPES and prefix not in wanted:
            return (
                f"{shown} is {_article(prefix)} {prefix.replace('_', ' ')} id, but this field takes {expected}",
                expected,
                None,
            )
        fixed = f"{prefix.lower()}:{_slug(local)}" if local else None
        suggestion = fixed if fixed and fixed != text and re.match(pattern, fixed) else None
        return (
            f"{shown} is not {expected}: '<type>:' then lower-case letters and digits in words joined by '-' or '.'",
            expected,
            suggestion,
        )
    if pattern == r"^[A-Z]{3}$":
        suggestion = text.upper() if re.fullmatch(r"[a-z]{3}", text) else None
        expected = "an ISO 3166-1 alpha-3 country code such as 'AFG', 'USA', 'QAT'"
        extra = " (a two-letter code; use the three-letter one)" if re.fullmatch(r"[A-Za-z]{2}", text) else ""
        return f"{shown} is not {expected}{extra}", expected, suggestion
    if pattern.startswith("^[a-z]{2,3}(?:-[A-Z]"):
        expected = "a BCP 47 language tag such as 'en', 'ps-AF', 'ar-Latn'"
        suggestion = text.replace("_", "-") if "_" in text else None
        return f"{shown} is not {expected}", expected, suggestion
    if pattern.startswith("^https?://"):
        expected = "an absolute URL starting with http:// or https://"
        suggestion = "https://" + text if text and "://" not in text else None
        return f"{shown} is not {expected}", expected, suggestion
    if pattern.startswith("^P(?:"):
        expected = "an ISO 8601 duration such as 'P135D' (135 days), 'P1Y', 'P6M' or 'PT72H'"
        days = re.fullmatch(r"\s*([0-9]+)\s*(day|week|month|year)s?\s*", text, re.I)
        suggestion = f"P{days.group(1)}{days.group(2)[0].upper()}" if days else None
        if re.fullmatch(r"P[0-9]+D[0-9]+[HMS]", text):
            suggestion = text.replace("D", "DT", 1)
        return f"{shown} is not {expected}", expected, suggestion
    if pattern == r"^[0-9]+\.[0-9]+$":
        return f"{shown} is not a version 'MAJOR.MINOR' such as '1.0'", "a version such as '1.0'", None
    if pattern == r"\S":
        return "the text is blank; write something or leave the field out", "non-blank text", None
    for scheme_pattern, example in ID_SCHEME_PATTERNS.values():
        if pattern == scheme_pattern:
            return f"{shown} does not have the form {pattern} (e.g. '{example}')", f"e.g. '{example}'", None
    return f"{shown} does not have the required form {pattern}", f"a string matching {pattern}", None


_PATTERN_RULES = (
    ("^P(?:", "duration_valid"),
    ("^[A-Z]{3}$", "country_code_known"),
    (EDTF_PATTERN[:12], "edtf_date_valid"),
    (r"^[0-9]+\.[0-9]+$", "schema_version_known"),
)


def _suggest(word: Any, choices: list[str]) -> str | None:
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not found and word.lower() in choices:
        return word.lower()
    return found[0] if found else None


def _enum_values(error: ErrorDetails) -> list[str]:
    return re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))


def _one(error: ErrorDetails, path: tuple[int | str, ...], owner: type[BaseModel] | None) -> Diagnosis:
    kind = error["type"]
    code = code_for(kind).code
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(path[-1])
        fields = list(owner.model_fields) if owner else []
        suggestion = _suggest(key, fields)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        return Diagnosis(
            path, code, kind, f"unknown field '{shorten(key)}'{hint}", got=key, suggestion=suggestion, at_key=True
        )
    if kind == "missing":
        return Diagnosis(path, code, kind, f"required field '{path[-1]}' is missing", expected=str(path[-1]))
    if kind in ("enum", "literal_error"):
        values = _enum_values(error)
        suggestion = _suggest(value, values)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        expected = "one of " + ", ".join(f"'{v}'" for v in values)
        return Diagnosis(
            path,
            code,
            kind,
            f"{_shown(value)} is not allowed{hint} (expected {shorten(expected, 300)})",
            expected=expected,
            got=_shown(value),
            suggestion=suggestion,
        )
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", "")
        suggestion = _suggest(tag, list(RECORD_TYPES))
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        expected = "one of " + ", ".join(RECORD_TYPES)
        return Diagnosis(
            ("record_type",),
            code,
            kind,
            f"unknown record_type '{shorten(str(tag))}'{hint} (expected {expected})",
            expected=expected,
            got=str(tag),
            suggestion=suggestion,
        )
    if kind == "union_tag_not_found":
        expected = "one of " + ", ".join(RECORD_TYPES)
        return Diagnosis(
            (), code, kind, f"the record has no 'record_type'; add one of: {', '.join(RECORD_TYPES)}", expected=expected
        )
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        message, expected, suggestion = _pattern_message(value, pattern)
        if suggestion:
            message += f"; did you mean '{shorten(suggestion)}'?"
        # a malformed duration, country code, date or version has a code of its own
        code = next((code_for(rule).code for prefix, rule in _PATTERN_RULES if pattern.startswith(prefix)), code)
        return Diagnosis(path, code, kind, message, expected=expected, got=_shown(value), suggestion=suggestion)
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        limit = next(iter(ctx.values()), "")
        expected = f"a number {sign} {limit}"
        return Diagnosis(path, code, kind, f"expected {expected}, got {value}", expected=expected, got=str(value))
    if kind in ("too_short", "too_long"):
        side = "at least" if kind == "too_short" else "at most"
        limit = ctx.get("min_length", ctx.get("max_length"))
        actual = ctx.get("actual_length")
        expected = f"{side} {limit} item(s)"
        return Diagnosis(path, code, kind, f"needs {expected}, got {actual}", expected=expected, got=str(actual))
    if kind in ("string_too_short", "string_too_long"):
        if kind == "string_too_short" and ctx.get("min_length") == 1:
            return Diagnosis(
                path,
                code,
                kind,
                "the text is empty; write something or leave the field out",
                expected="non-empty text",
                got="''",
            )
        limit = ctx.get("max_length", ctx.get("min_length"))
        side = "at most" if kind == "string_too_long" else "at least"
        return Diagnosis(
            path,
            code,
            kind,
            f"expected {side} {limit} characters, got {len(str(value))}",
            expected=f"{side} {limit} characters",
            got=f"{len(str(value))} characters",
        )
    if kind in _EXPECTED_TYPE:
        expected = _EXPECTED_TYPE[kind]
        return Diagnosis(
            path, code, kind, f"expected {expected}, got {_shown(value)}", expected=expected, got=_shown(value)
        )
    message = error["msg"]
    if message.startswith(("Value error, ", "Assertion failed, ")):
        message = message.split(", ", 1)[1]
    return Diagnosis(path, code, kind, message)


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
            path, owner = resolve(model, loc, keep_last=raw["type"] in ("extra_forbidden", "missing"))
        if isinstance(at, list | tuple):
            path = (*path, *at)
        found = _one(raw, path, owner)
        if raw["type"] in _EXPECTED_TYPE:
            type_groups.setdefault(path, []).append(found)
            if len(type_groups[path]) > 1:
                continue
        diagnoses.append(found)
    # errors of several union members at one path become one finding
    merged = {path: _merge_types(group) for path, group in type_groups.items() if len(group) > 1}
    return [merged.get(d.path, d) if d.rule in _EXPECTED_TYPE else d for d in diagnoses]
