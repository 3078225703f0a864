"""Forms of `peace-talks serve`, generated from the record models (the source of the JSON Schema too).

`form_of(record_type)` walks a record model once into a tree of `Node`s: a widget per field (text, long text,
number, yes/no, a code from a list, a reference to records of given types, a fuzzy date, a nested object, a list),
with the field's description as help. `render_fields(node, data, ...)` draws the fields of a record as HTML form
controls named by their path (`provisions.0.commitments.1.action`); `parse_form(node, pairs)` reads the submitted
pairs back into the record's JSON (empty fields left out, defaults left out, numbers and yes/no typed; a value
that is not what the field takes is kept as typed, so that the validator reports it). A new field of a model
needs no code here. Which fields a form shows first is the only hint kept by hand (`MAIN_FIELDS`); the others are
under "More fields".
"""

from __future__ import annotations

import enum
import functools
import html
import json
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from peace_talks_model.introspect import ref_types
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.models.dates import FuzzyDate
from peace_talks_model.models.evidence import Evidence

Kind = Literal["text", "textarea", "integer", "number", "boolean", "choice", "reference", "mixed", "object", "list"]

#: Fields drawn as several lines of text.
_LONG_TEXT = frozenset({"notes", "quote", "text", "description", "summary", "wording", "resolution", "statement"})
#: The fields each form shows first, in this order; the others are under "More fields".
MAIN_FIELDS: dict[str, tuple[str, ...]] = {
    "agreement": (
        "id",
        "name",
        "type",
        "date",
        "place",
        "parties",
        "mediators",
        "signatories",
        "status_history",
        "provisions",
        "negotiations",
        "text_source",
        "evidence",
        "notes",
    ),
    "actor": ("id", "name", "kind", "country", "names", "posts", "relations", "evidence", "notes"),
    "negotiation": (
        "id",
        "title",
        "kind",
        "date",
        "place",
        "participants",
        "mediators",
        "status_history",
        "agreements",
        "part_of",
        "evidence",
        "notes",
    ),
    "ceasefire": (
        "id",
        "name",
        "kind",
        "declarations",
        "status_history",
        "violations",
        "extensions",
        "agreement",
        "evidence",
        "notes",
    ),
    "prisoner_swap": (
        "id",
        "name",
        "date",
        "sides",
        "phases",
        "mediators",
        "status_history",
        "agreement",
        "evidence",
        "notes",
    ),
    "event": ("id", "kind", "date", "place", "actors", "summary", "status_history", "part_of", "evidence", "notes"),
    "claim": ("id", "about", "attribution", "assertion", "stated", "evidence", "notes"),
    "position": ("id", "holders", "topic", "stance", "stated", "regarding", "evidence", "notes"),
    "source": ("id", "kind", "title", "publisher", "url", "published", "accessed", "notes"),
    "conflict": ("id", "name", "side_a", "side_b", "places", "evidence", "notes"),
}
#: Fields never drawn (their value is fixed by the record type or the contract).
_FIXED = frozenset({"record_type", "schema_version"})


@dataclass(frozen=True, slots=True)
class Node:
    """One field of a form: its name, label, help, widget kind, whether it is required, its default, the codes
    it takes (`choice`), the record types it refers to (`reference`), and its parts (an object's fields; a list's
    item as its only child). `date` marks a fuzzy date (its bounds are shown as it is typed)."""

    name: str
    label: str
    help: str
    kind: Kind
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    date: bool = False
    model: type[BaseModel] | None = field(default=None, compare=False)

    def child(self, name: str) -> Node | None:
        """The field `name` of an object node."""
        return next((c for c in self.children if c.name == name), None)


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `Annotated` and `None`, and whether None was allowed."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(members) < len(get_args(annotation))
        if len(members) == 1:
            inner, _ = _unwrap(members[0])
            return inner, optional
        return Union[tuple(members)], optional  # noqa: UP007 - a runtime union of several members
    return annotation, False


def _members(annotation: Any) -> list[Any]:
    if get_origin(annotation) in (Union, types.UnionType):
        return [_unwrap(a)[0] for a in get_args(annotation)]
    return [annotation]


def _scalar_kind(annotation: Any) -> tuple[Kind, tuple[str, ...]] | None:
    if get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in get_args(annotation))
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return "choice", tuple(str(m.value) for m in annotation)
        if issubclass(annotation, bool):
            return "boolean", ()
        if issubclass(annotation, int):
            return "integer", ()
        if issubclass(annotation, float):
            return "number", ()
        if issubclass(annotation, str):
            return "text", ()
    return None


def _node(
    name: str,
    annotation: Any,
    *,
    metadata: Sequence[Any],
    help_text: str,
    required: bool,
    default: Any,
    stack: tuple[type[BaseModel], ...],
) -> Node:
    inner, _ = _unwrap(annotation)
    refs = ref_types(annotation, metadata)
    if get_origin(inner) is list:
        item_annotation = get_args(inner)[0]
        item = _node(
            "item", item_annotation, metadata=(), help_text=help_text, required=True, default=None, stack=stack
        )
        if refs is not None:
            item = Node("item", _label(name), help_text, "reference", True, refs=tuple(sorted(refs[0])))
        return Node(name, _label(name), help_text, "list", required, None, children=(item,))
    if refs is not None:
        return Node(name, _label(name), help_text, "reference", required, default, refs=tuple(sorted(refs[0])))
    members = _members(inner)
    models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    if models:  # a model, or a short form beside it (a date as text, a count as a number): the rich form
        model = models[0]
        if model in stack:
            return Node(name, _label(name), help_text, "textarea", required, default)
        return Node(
            name,
            _label(name),
            help_text,
            "object",
            required,
            None,
            children=_fields(model, (*stack, model)),
            date=model is FuzzyDate,
            model=model,
        )
    scalars = [_scalar_kind(m) for m in members]
    if len(scalars) == 1 and scalars[0] is not None:
        kind, choices = scalars[0]
        if kind == "text" and name in _LONG_TEXT:
            kind = "textarea"
        return Node(name, _label(name), help_text, kind, required, default, choices=choices)
    kinds = {s[0] for s in scalars if s is not None}
    if kinds <= {"integer", "number"} and kinds:
        return Node(name, _label(name), help_text, "number", required, default)
    return Node(name, _label(name), help_text, "mixed", required, default)


def _fields(model: type[BaseModel], stack: tuple[type[BaseModel], ...]) -> tuple[Node, ...]:
    hints = typing.get_type_hints(model, include_extras=True)
    nodes = []
    for name, info in model.model_fields.items():
        if name in _FIXED:
            continue
        default = None if info.default is PydanticUndefined else info.default
        nodes.append(
            _node(
                name,
                hints[name],
                metadata=info.metadata,
                help_text=info.description or "",
                required=info.is_required(),
                default=default,
                stack=stack,
            )
        )
    return tuple(nodes)


@functools.cache
def form_of(record_type: str) -> Node:
    """The form of a record type: an object node of its fields (`record_type` and `schema_version` left out)."""
    model = MODEL_BY_TYPE[record_type]
    return Node(
        record_type,
        _label(record_type),
        (model.__doc__ or "").strip().split("\n")[0],
        "object",
        True,
        children=_fields(model, (model,)),
        model=model,
    )


# -- reading a submitted form ------------------------------------------------------------------------------------

_INDEX = re.compile(r"^[0-9]{1,6}$")


def _tree(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Nested dicts from `a.0.b` names (control names starting with `_` left out); the last value of a name wins,
    except for a list of values given under one name."""
    root: dict[str, Any] = {}
    for name, value in pairs:
        if not name or name.startswith("_"):
            continue
        parts = name.split(".")
        holder = root
        for part in parts[:-1]:
            nxt = holder.setdefault(part, {})
            if not isinstance(nxt, dict):
                nxt = holder[part] = {}
            holder = nxt
        holder[parts[-1]] = value
    return root


def _typed(node: Node, text: str) -> Any:
    """A submitted text as the field's value (None when empty); a text the field cannot take is kept as text."""
    if text == "":
        return None
    if node.kind == "integer":
        return int(text) if re.fullmatch(r"[+-]?[0-9]+", text.strip()) else text
    if node.kind == "number":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if re.fullmatch(r"[+-]?[0-9]+", text.strip()) else number
    if node.kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    if node.kind == "mixed":
        try:
            value = json.loads(text)
        except ValueError:
            return text
        return value if isinstance(value, (int, float, bool)) and not isinstance(value, str) else text
    return text


def _read(node: Node, raw: Any) -> Any:
    if node.kind == "object":
        if not isinstance(raw, dict):
            return None
        out: dict[str, Any] = {}
        for child in node.children:
            if child.name not in raw:
                continue
            value = _read(child, raw[child.name])
            if value is None or value == [] or (value == child.default and not child.required):
                continue
            out[child.name] = value
        return out or None
    if node.kind == "list":
        if not isinstance(raw, dict):
            return []
        item = node.children[0]
        ordered = sorted((int(k), v) for k, v in raw.items() if _INDEX.match(k))
        values = [_read(item, v) for _, v in ordered]
        return [v for v in values if v is not None]
    if isinstance(raw, dict):
        return None
    return _typed(node, str(raw))


def parse_form(node: Node, pairs: Iterable[tuple[str, str]], record_type: str, schema_version: str) -> dict[str, Any]:
    """The record's JSON from a submitted form of `node` (see the module)."""
    data = _read(node, _tree(pairs)) or {}
    return {"record_type": record_type, "id": data.pop("id", None), "schema_version": schema_version, **data}


# -- drawing a form -----------------------------------------------------------------------------------------------


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(slots=True)
class Context:
    """What drawing a form needs besides the record: whether the form can be changed, the findings to show, and
    whether source texts are served (reference fields ask the app for their type-ahead: `/api/refs`)."""

    read_only: bool = False
    #: findings to show under their field (dotted form path -> messages as HTML), for a form drawn again after a
    #: submit without script (with script they are placed as the record is checked)
    findings: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: the nodes whose help was drawn already (drawn once per field of a list's items)
    helped: set[int] = field(default_factory=set)
    #: source texts are served (`--texts`): evidence items get a button that fills the quote from a selection
    quote_picker: bool = False


def _control(node: Node, path: str, value: Any, ctx: Context) -> str:
    name = _esc(path)
    disabled = " disabled" if ctx.read_only else ""
    required = ' aria-required="true"' if node.required else ""
    common = f'name="{name}" id="f-{name}"{required}{disabled}'
    text = _esc(_value_text(value))
    if node.kind == "textarea":
        rows = 4 if node.name in ("text", "quote", "notes") else 2
        return f'<textarea {common} rows="{rows}">{text}</textarea>'
    if node.kind in ("integer", "number"):
        step = "1" if node.kind == "integer" else "any"
        return f'<input type="text" inputmode="decimal" data-step="{step}" {common} value="{text}">'
    if node.kind == "boolean":
        options = [("", "(not said)"), ("true", "yes"), ("false", "no")]
        return _select(common, options, _value_text(value))
    if node.kind == "choice":
        options = [
            ("", "(not said)" if not node.required else "(choose)"),
            *((c, c.replace("_", " ")) for c in node.choices),
        ]
        return _select(common, options, _value_text(value))
    if node.kind == "reference":
        return (
            f'<input type="text" {common} value="{text}" autocomplete="off" role="combobox" aria-autocomplete="list" '
            f'aria-expanded="false" data-refs="{_esc(" ".join(node.refs))}" '
            f'placeholder="{_esc(node.refs[0] if node.refs else "")}:... (type a name)">'
        )
    extra = ' data-date="edtf"' if node.name == "edtf" else ""
    return f'<input type="text" {common} value="{text}"{extra}>'


def _select(common: str, options: Sequence[tuple[str, str]], chosen: str) -> str:
    known = {value for value, _ in options}
    items = [("" if chosen in known else chosen, chosen)] if chosen and chosen not in known else []
    body = "".join(
        f'<option value="{_esc(v)}"{" selected" if v == chosen else ""}>{_esc(label)}</option>'
        for v, label in [*options, *items]
        if v or label
    )
    return f"<select {common}>{body}</select>"


def _help(node: Node, ctx: Context) -> str:
    if not node.help or id(node) in ctx.helped:
        return ""
    ctx.helped.add(id(node))
    return f'<span class="help">{_esc(node.help)}</span>'


def _slot(path: str, ctx: Context) -> str:
    found = ctx.findings.get(path)
    if not found:
        return ""
    # class 'live': the script replaces these with the findings of each new check
    return f'<ul class="findings live" data-for="{_esc(path)}">' + "".join(f"<li>{m}</li>" for m in found) + "</ul>"


def short_to_rich(node: Node, value: Any) -> Any:
    """The object a short form stands for, for a record drawn as written (one that does not validate): a date
    written as its EDTF text, a quantity as its number; other values as given."""
    if isinstance(value, str) and node.date:
        return {"edtf": value}
    if isinstance(value, (int, float)) and not isinstance(value, bool) and node.child("value") is not None:
        return {"value": value}
    return value


def render_field(node: Node, path: str, value: Any, ctx: Context) -> str:
    """One field: label, control (or nested fieldset / list), help, and a slot for its findings."""
    label = _esc(node.label) + (' <span class="req" title="required">*</span>' if node.required else "")
    slot = _slot(path, ctx)
    if node.kind == "object":
        value = short_to_rich(node, value)
        if value is None and not node.required:  # drawn when asked for: a form of every empty object is huge
            if ctx.read_only:
                return ""
            return (
                f'<div class="field closed" data-path="{_esc(path)}"><span class="label">{label}</span>'
                f'<button type="submit" name="_action" value="open:{_esc(path)}" formnovalidate class="open">'
                f"Add</button>{_help(node, ctx)}{slot}</div>"
            )
        data = value if isinstance(value, dict) else {}
        inner = "".join(render_field(c, f"{path}.{c.name}", data.get(c.name), ctx) for c in node.children)
        date = ' data-fuzzy-date="1"' if node.date else ""
        if ctx.quote_picker and not ctx.read_only and node.model is Evidence:
            slot = (
                f'<button type="button" class="use-quote" data-evidence="{_esc(path)}" hidden>Use the selected '
                f"text</button>{slot}"
            )
        preview = f'<output class="date-preview" data-for="{_esc(path)}"></output>' if node.date else ""
        opened = " open" if data or node.required else ""
        return (
            f'<details class="object" data-path="{_esc(path)}"{date}{opened}><summary>{label}</summary>'
            f'{_help(node, ctx)}{preview}{slot}<div class="fields">{inner}</div></details>'
        )
    if node.kind == "list":
        items = value if isinstance(value, list) else []
        item = node.children[0]
        rows = "".join(_list_item(item, f"{path}.{i}", v, ctx, index=i, count=len(items)) for i, v in enumerate(items))
        add = (
            ""
            if ctx.read_only
            else (
                f'<button type="submit" name="_action" value="add:{_esc(path)}" class="add" formnovalidate>'
                f"Add {_esc(node.label.lower())}</button>"
            )
        )
        return (
            f'<fieldset class="list" data-path="{_esc(path)}"><legend>{label} '
            f'<span class="count">({len(items)})</span></legend>{_help(node, ctx)}{slot}'
            f'<ol class="items">{rows}</ol>{add}</fieldset>'
        )
    return (
        f'<div class="field" data-path="{_esc(path)}"><label for="f-{_esc(path)}">{label}</label>'
        f"{_control(node, path, value, ctx)}{_help(node, ctx)}{slot}</div>"
    )


def _list_item(item: Node, path: str, value: Any, ctx: Context, *, index: int, count: int) -> str:
    buttons = ""
    if not ctx.read_only:
        up = (
            (
                f'<button type="submit" name="_action" value="up:{_esc(path)}" title="Move up" formnovalidate>'
                "&uarr;</button>"
            )
            if index
            else ""
        )
        down = (
            (
                f'<button type="submit" name="_action" value="down:{_esc(path)}" title="Move down" '
                "formnovalidate>&darr;</button>"
            )
            if index < count - 1
            else ""
        )
        remove = (
            f'<button type="submit" name="_action" value="remove:{_esc(path)}" title="Remove" '
            'class="remove" formnovalidate>Remove</button>'
        )
        buttons = f'<span class="item-tools">{up}{down}{remove}</span>'
    if item.kind == "object":
        body = render_field(
            Node(
                str(index),
                f"{index + 1}.",
                "",
                "object",
                True,
                children=item.children,
                date=item.date,
                model=item.model,
            ),
            path,
            value,
            ctx,
        )
    else:
        body = f'<div class="field" data-path="{_esc(path)}">{_control(item, path, value, ctx)}{_slot(path, ctx)}</div>'
    return f'<li class="item">{buttons}{body}</li>'


def render_form_fields(record_type: str, data: Mapping[str, Any], ctx: Context) -> str:
    """The fields of a record's form: the main fields, then the others under "More fields"."""
    node = form_of(record_type)
    main = MAIN_FIELDS.get(record_type, ())
    first = [c for name in main for c in node.children if c.name == name]
    rest = [c for c in node.children if c.name not in main]
    shown = "".join(render_field(c, c.name, data.get(c.name), ctx) for c in first)
    more = "".join(render_field(c, c.name, data.get(c.name), ctx) for c in rest)
    filled = sum(1 for c in rest if data.get(c.name) not in (None, [], {}))
    opened = " open" if filled else ""
    return (
        f'{shown}<details class="more"{opened}><summary>More fields ({len(rest)}; {filled} filled)</summary>'
        f"{more}</details>"
    )


# -- list actions without script ----------------------------------------------------------------------------------


def _holder(data: Any, parts: list[str]) -> tuple[Any, str] | None:
    """The container holding the value at `parts` (objects on the way made when missing), and its last key."""
    for position, part in enumerate(parts[:-1]):
        if isinstance(data, dict):
            data = data.setdefault(part, [] if _INDEX.match(parts[position + 1]) else {})
        elif isinstance(data, list) and _INDEX.match(part) and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data, parts[-1]


def apply_action(data: dict[str, Any], action: str, node: Node) -> dict[str, Any]:
    """The record after a list button: `add:PATH` (an empty item at the end), `remove:PATH.N`, `up:PATH.N`,
    `down:PATH.N`. An unknown action or path changes nothing."""
    verb, _, path = action.partition(":")
    parts = path.split(".") if path else []
    if not parts:
        return data
    if verb == "open":
        target = _node_at(node, parts)
        found = _holder(data, parts)
        if found is not None and target is not None and target.kind == "object" and isinstance(found[0], dict):
            holder, key = found
            if not isinstance(holder.get(key), dict):
                holder[key] = {}
        return data
    if verb == "add":
        target = _node_at(node, parts)
        found = _holder(data, parts)
        if found is None or target is None or target.kind != "list":
            return data
        holder, key = found
        if isinstance(holder, dict):
            items = holder.get(key)
            if not isinstance(items, list):
                items = holder[key] = []
            items.append({} if target.children[0].kind == "object" else "")
        return data
    if verb in ("remove", "up", "down") and _INDEX.match(parts[-1]):
        found = _holder(data, parts[:-1])
        if found is None:
            return data
        holder, key = found
        items = holder.get(key) if isinstance(holder, dict) else None
        index = int(parts[-1])
        if not isinstance(items, list) or index >= len(items):
            return data
        if verb == "remove":
            del items[index]
        elif verb == "up" and index > 0:
            items[index - 1], items[index] = items[index], items[index - 1]
        elif verb == "down" and index + 1 < len(items):
            items[index + 1], items[index] = items[index], items[index + 1]
    return data


def _node_at(node: Node, parts: list[str]) -> Node | None:
    current: Node | None = node
    for part in parts:
        if current is None:
            return None
        if current.kind == "list":
            current = current.children[0] if _INDEX.match(part) else None
        else:
            current = current.child(part)
    return current


def raw_values(node: Node, pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The submitted form as a record-shaped dict that keeps empty items (to draw the form again as it was, with
    a list item just added); values typed as `parse_form` types them."""

    def read(n: Node, raw: Any) -> Any:
        if n.kind == "object":
            if not isinstance(raw, dict):
                return {}
            return {c.name: read(c, raw[c.name]) for c in n.children if c.name in raw}
        if n.kind == "list":
            if not isinstance(raw, dict):
                return []
            return [read(n.children[0], v) for _, v in sorted((int(k), v) for k, v in raw.items() if _INDEX.match(k))]
        return None if isinstance(raw, dict) else _typed(n, str(raw))

    result = read(node, _tree(pairs))
    return result if isinstance(result, dict) else {}
