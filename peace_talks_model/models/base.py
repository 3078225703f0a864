"""The base of every model and the helpers its rules share.

`PeaceModel` is the base class of every model of the package (records and their parts); `rule_error` builds the
error a broken invariant raises (the rule name is the pydantic error type, which `peace_talks_model.codes` maps
to a finding code); `json_kind` names a value's JSON type for messages.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError


class PeaceModel(BaseModel):
    """Base of every model: unknown keys are errors, scalars are never coerced, values are re-validated."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=False,
        use_enum_values=False,
        populate_by_name=False,
    )


class WrittenShort(set[str]):
    """The fields set of a model that was written in its short form (a date as its EDTF string, a count as a
    bare integer): the same set, of a type that remembers it, at no cost to the other models (a private attribute
    would cost every model a Python call). Pydantic adds to it the fields set later, so a model given more since
    is no longer in its short form."""


def mark_written_short(model: BaseModel) -> None:
    """Remember that `model` was written in its short form (see `WrittenShort`)."""
    object.__setattr__(model, "__pydantic_fields_set__", WrittenShort(model.__pydantic_fields_set__))


def written_short(model: BaseModel, fields: frozenset[str]) -> bool:
    """True when `model` was written in its short form and still holds only the `fields` that form sets."""
    given: set[str] = model.__pydantic_fields_set__
    return isinstance(given, WrittenShort) and given.issubset(fields) and len(given) == len(fields)


def rule_error(rule: str, message: str, **context: Any) -> PydanticCustomError:
    """Build the error raised when the invariant named `rule` is broken (the rule name is the error type)."""
    return PydanticCustomError(rule, message, context or None)


def json_kind(value: Any) -> str:
    """Name a value's JSON type for messages ('string \'12\'', 'number 1.5', 'array', 'null')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"string {shown!r}"
    if isinstance(value, list | tuple):
        return "array"
    return "object"
