"""Questions about the models' structure, answered from the classes themselves.

- References: which fields refer to other records and to which record types (`ref_fields`, `ref_types`, read
  off the `RefTarget` marker of the reference types of `models/ids.py`), the record types an id or reference
  pattern names (`id_types`, for code that only sees a pattern: a pydantic error, a JSON Schema node) and the
  models' example id of a record type (`example_id`).
- Locations: the field path and owning model of a pydantic error location (`resolve_location`).
- Classes: the record models (`record_classes`), every model and enum class a record can hold
  (`reachable_models`, `reachable_classes`), the model types a field can hold (`children`, `model_types`) and an
  object of a model can hold at any depth (`nested_models`), the fields a model type can sit under
  (`fields_holding`).
- Walks: every nested object of a record (`walk`), only those that can lead to a field of interest
  (`objects_with`, `plan`, `reaches`), only the objects of one type (`instances`, `plan_to`, `leads_to`), every
  reference a record makes (`references`, `planned_references`).

Every module that needs the models' shape (the cross-record rules, diagnostics, the generated docs, grounding,
the timeline) asks here instead of reading annotations or patterns itself.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Iterator
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from peace_talks_model.models import RECORD_MODELS
from peace_talks_model.models.ids import EXAMPLE_IDS, RECORD_TYPES, RefTarget, id_pattern

#: A path inside a record: field names and list indices.
Path = tuple[int | str, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)


def union_members(annotation: Any) -> list[Any]:
    """The members of a union (Optional included), keeping their `Annotated` metadata."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in union_members(arg)]
    return [annotation]


# -- references ----------------------------------------------------------------------------------------------


def ref_target(annotation: Any, metadata: Iterable[Any] = ()) -> tuple[RefTarget, bool] | None:
    """The `RefTarget` marker of a field that refers to other records (in its metadata, or on the members of its
    union or list type), and whether the field is a list; None for a field that is no reference."""
    targets = [m for m in metadata if isinstance(m, RefTarget)]
    is_list = False
    for member in union_members(annotation):
        if typing.get_origin(member) is list:
            is_list = True
            member = typing.get_args(member)[0]  # noqa: PLW2901
        if typing.get_origin(member) is typing.Annotated:
            targets += [m for m in typing.get_args(member)[1:] if isinstance(m, RefTarget)]
    return (targets[0], is_list) if targets else None


def ref_types(annotation: Any, metadata: Iterable[Any] = ()) -> tuple[frozenset[str], bool] | None:
    """The record types a field refers to, and whether it is a list, or None for a field that is no reference."""
    found = ref_target(annotation, metadata)
    return None if found is None else (frozenset(found[0].record_types), found[1])


@cache
def ref_fields(model: type[BaseModel]) -> dict[str, tuple[frozenset[str], bool]]:
    """The fields of `model` that refer to other records: {name: (the record types, whether a list)}."""
    fields = {}
    for name, info in model.model_fields.items():
        found = ref_types(info.annotation, info.metadata)
        if found:
            fields[name] = found
    return fields


@cache
def _id_patterns() -> dict[str, tuple[str, ...]]:
    # the pattern of every record type's ids, and of every reference type the models use (by its marker)
    found: dict[str, tuple[str, ...]] = {id_pattern(record_type): (record_type,) for record_type in RECORD_TYPES}
    for model in reachable_models():
        for info in model.model_fields.values():
            target = ref_target(info.annotation, info.metadata)
            if target is not None:
                found[target[0].pattern] = target[0].record_types
    return found


def id_types(pattern: str) -> tuple[str, ...] | None:
    """The record types whose ids a pattern of the models' id and reference types accepts, in the order the
    pattern names them; None for any other pattern (for messages and pages that only see a pattern: a pydantic
    error's context, a JSON Schema node)."""
    return _id_patterns().get(pattern)


def example_id(record_type: str) -> str:
    """The example id of a record type that the models' reference types show."""
    return EXAMPLE_IDS[record_type]


# -- following a pydantic error location ---------------------------------------------------------------------


def concrete_types(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (Annotated, Optional and unions unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return concrete_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in concrete_types(arg)]
    return [annotation]


def _models(annotations: list[Any]) -> list[type[BaseModel]]:
    return [m for a in annotations for m in concrete_types(a) if isinstance(m, type) and issubclass(m, BaseModel)]


def _elements(annotations: list[Any]) -> list[Any]:
    out = []
    for a in annotations:
        for m in concrete_types(a):
            if typing.get_origin(m) is list:
                out.append(typing.get_args(m)[0])
    return out


def resolve_location(
    model: type[BaseModel], loc: tuple[int | str, ...], keep_last: bool = False
) -> tuple[Path, type[BaseModel] | None]:
    """The real field path of a pydantic error location inside `model` (union-member tags dropped) and the model
    owning its last part; with `keep_last`, a last part that is no field (an unknown key) is kept."""
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


# -- walking records -----------------------------------------------------------------------------------------


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


def _depth_first(roots: Iterable[type[BaseModel]]) -> tuple[type[BaseModel], ...]:
    """The `roots` and every model type their objects can hold, however deep, each once, depth-first."""
    seen: dict[type[BaseModel], None] = {}
    stack = list(roots)
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen[current] = None
        for types_ in children(current).values():
            stack.extend(types_)
    return tuple(seen)


@cache
def nested_models(model: type[BaseModel]) -> tuple[type[BaseModel], ...]:
    """`model` and every model type an object of it can hold, however deep (each once)."""
    return _depth_first((model,))


@cache
def reaches(model: type[BaseModel], names: frozenset[str]) -> bool:
    """True when an object of `model`, or one nested in it, can have a field named in `names`."""
    return any(names & current.model_fields.keys() for current in nested_models(model))


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
    return any(issubclass(current, target) for current in nested_models(model))


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
def fields_holding(target: type[BaseModel]) -> frozenset[str]:
    """The names of every field, of any model a record can hold, whose value can be a `target` object (directly
    or in a list): an object of that type is only ever found under one of these keys."""
    return frozenset(
        name
        for model in reachable_models()
        for name, types_ in children(model).items()
        if any(issubclass(t, target) for t in types_)
    )


@cache
def reachable_models() -> tuple[type[BaseModel], ...]:
    """Every model class a record can hold: the record models and, depth-first, the models of their fields."""
    return _depth_first(record_classes())


def _type_args(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _type_args(arg)


@cache
def reachable_classes() -> tuple[type, ...]:
    """Every model and enum class a record can hold (the record models first, then depth-first through the
    fields' types, forward references resolved)."""
    found: dict[type, None] = {}
    stack: list[Any] = record_classes()
    seen: set[Any] = set()
    while stack:
        kind = stack.pop()
        if not isinstance(kind, type) or kind in seen:
            continue
        seen.add(kind)
        if issubclass(kind, Enum | BaseModel):
            found[kind] = None
        if issubclass(kind, BaseModel):
            # a field annotated with a class defined further down the module may still be a ForwardRef here
            try:
                hints = typing.get_type_hints(kind, include_extras=True)
            except (NameError, TypeError):  # pragma: no cover - the models' annotations all resolve
                hints = {}
            for name, info in kind.model_fields.items():
                stack.extend(_type_args(hints.get(name, info.annotation)))
    return tuple(found)


@cache
def all_ref_field_names() -> frozenset[str]:
    """The names of every reference field of every model a record can hold."""
    return frozenset(name for model in reachable_models() for name in ref_fields(model))


def record_classes() -> list[type[BaseModel]]:
    """The record models, in the order of `RECORD_MODELS`."""
    return list(RECORD_MODELS)


def planned_references(record: BaseModel) -> Iterator[tuple[Path, str]]:
    """The same references as `references`, visiting only the objects that can hold one."""
    return references(record, objects_with(record, all_ref_field_names()))
