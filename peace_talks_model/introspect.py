"""Questions about the models' structure, answered from the classes themselves: which fields are references
to other records (and to which record types), which model types a field can hold, and how to walk a record's
nested objects (all of them, or only those that can lead to a field, or an object type, of interest).

Every module that needs the models' shape (the cross-record rules, diagnostics, the generated docs, grounding,
the timeline) asks here instead of reading annotations itself.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from peace_talks_model.models import Record
from peace_talks_model.models.common import RecordBase

#: A path inside a record: field names and list indices.
Path = tuple[int | str, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)

_ID_PATTERN = re.compile(r"^\^(?:\(\?:)?([a-z_|]+)\)?:")


def union_members(annotation: Any) -> list[Any]:
    """The members of a union (Optional included), keeping their `Annotated` metadata."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in union_members(arg)]
    return [annotation]


def ref_types(annotation: Any, metadata: Iterable[Any] = ()) -> tuple[frozenset[str], bool] | None:
    """The record types a field refers to, and whether it is a list, or None for a field that is no reference."""
    patterns = [getattr(m, "pattern", None) for m in metadata]
    is_list = False
    for member in union_members(annotation):
        if typing.get_origin(member) is list:
            is_list = True
            member = typing.get_args(member)[0]  # noqa: PLW2901
        if typing.get_origin(member) is typing.Annotated:
            patterns += [getattr(m, "pattern", None) for m in typing.get_args(member)[1:]]
    for pattern in patterns:
        match = _ID_PATTERN.match(pattern or "")
        if match:
            return frozenset(match.group(1).split("|")), is_list
    return None


@cache
def ref_fields(model: type[BaseModel]) -> dict[str, tuple[frozenset[str], bool]]:
    fields = {}
    for name, info in model.model_fields.items():
        if name == "id" and issubclass(model, RecordBase):
            continue
        found = ref_types(info.annotation, info.metadata)
        if found:
            fields[name] = found
    return fields


def walk(obj: BaseModel, path: Path = ()) -> Iterator[tuple[Path, BaseModel]]:
    """Every model object inside `obj` (itself first, then depth-first in field order), with its path."""
    stack: list[tuple[Path, BaseModel]] = [(path, obj)]
    while stack:
        here, current = stack.pop()
        yield here, current
        children: list[tuple[Path, BaseModel]] = []
        # a model's field values are its __dict__ (faster than getattr over model_fields)
        for name, value in current.__dict__.items():
            if isinstance(value, BaseModel):
                children.append(((*here, name), value))
            elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
                children.extend(((*here, name, index), item) for index, item in enumerate(value))
        stack.extend(reversed(children))


def references(
    record: BaseModel, objects: Iterable[tuple[Path, BaseModel]] | None = None
) -> Iterator[tuple[Path, str]]:
    """Every reference a record makes to another record, with its path (`objects`: the record's walk, if known)."""
    for path, obj in objects if objects is not None else walk(record):
        for name, (_, is_list) in ref_fields(type(obj)).items():
            value = getattr(obj, name)
            if is_list and isinstance(value, list):
                for index, item in enumerate(value):
                    yield (*path, name, index), item
            elif isinstance(value, str):
                yield (*path, name), value


def model_types(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from model_types(arg)


@cache
def children(model: type[BaseModel]) -> dict[str, tuple[type[BaseModel], ...]]:
    """The model types each field of `model` can hold (forward references resolved: a field's `annotation` may
    still be a `ForwardRef` after the model was rebuilt)."""
    hints = typing.get_type_hints(model, include_extras=True)
    found = {name: tuple(model_types(hints.get(name, info.annotation))) for name, info in model.model_fields.items()}
    return {name: types_ for name, types_ in found.items() if types_}


@cache
def reaches(model: type[BaseModel], names: frozenset[str]) -> bool:
    """True when an object of `model`, or one nested in it, can have a field named in `names`."""
    seen: set[type[BaseModel]] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if names & current.model_fields.keys():
            return True
        for types_ in children(current).values():
            stack.extend(types_)
    return False


@cache
def plan(model: type[BaseModel], names: frozenset[str]) -> tuple[str, ...]:
    """The fields of `model` that lead to objects with a field named in `names`."""
    return tuple(name for name, types_ in children(model).items() if any(reaches(t, names) for t in types_))


@cache
def fields_named(model: type[BaseModel], names: frozenset[str]) -> frozenset[str]:
    return names & model.model_fields.keys()


def objects_with(obj: BaseModel, names: frozenset[str], path: Path = ()) -> Iterator[tuple[Path, BaseModel]]:
    """Every model object inside `obj` (itself included) that has a field named in `names`, with its path,
    visiting only the fields that can lead to one."""
    stack: list[tuple[Path, BaseModel]] = [(path, obj)]
    while stack:
        here, current = stack.pop()
        model = type(current)
        if fields_named(model, names):
            yield here, current
        values = current.__dict__
        for name in plan(model, names):
            value = values[name]
            if isinstance(value, BaseModel):
                stack.append(((*here, name), value))
            elif isinstance(value, list):
                stack.extend(((*here, name, i), item) for i, item in enumerate(value) if isinstance(item, BaseModel))


@cache
def leads_to(model: type[BaseModel], target: type[BaseModel]) -> bool:
    """True when an object of `model`, or one nested in it, can be a `target`."""
    seen: set[type[BaseModel]] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if issubclass(current, target):
            return True
        for types_ in children(current).values():
            stack.extend(types_)
    return False


@cache
def plan_to(model: type[BaseModel], target: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that lead to objects of type `target`."""
    return tuple(name for name, types_ in children(model).items() if any(leads_to(t, target) for t in types_))


@cache
def _plan_back(model: type[BaseModel], target: type[BaseModel]) -> tuple[str, ...]:
    return tuple(reversed(plan_to(model, target)))


def instances(obj: BaseModel, target: type[ModelT], path: Path = ()) -> Iterator[tuple[Path, ModelT]]:
    """Every object of type `target` inside `obj` (itself included), with its path, in the order of `walk`,
    visiting only the fields that can lead to one."""
    stack: list[tuple[Path, BaseModel]] = [(path, obj)]
    push = stack.append
    while stack:
        here, current = stack.pop()
        if isinstance(current, target):
            yield here, current
        values = current.__dict__
        for name in _plan_back(type(current), target):  # pushed last to first: popped in field order
            value = values[name]
            if isinstance(value, list):
                for index in range(len(value) - 1, -1, -1):
                    if isinstance(value[index], BaseModel):
                        push(((*here, name, index), value[index]))
            elif isinstance(value, BaseModel):
                push(((*here, name), value))


@cache
def all_ref_field_names() -> frozenset[str]:
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    stack: list[type[BaseModel]] = record_classes()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        names.update(ref_fields(model))
        for types_ in children(model).values():
            stack.extend(types_)
    return frozenset(names)


def record_classes() -> list[type[BaseModel]]:
    return list(model_types(Record))


def planned_references(record: BaseModel) -> Iterator[tuple[Path, str]]:
    """The same references as `references`, visiting only the objects that can hold one."""
    return references(record, objects_with(record, all_ref_field_names()))
