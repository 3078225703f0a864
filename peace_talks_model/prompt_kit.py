"""The prompt kit: a compact field guide of record types for extraction prompts, generated from the models.

`field_guide(record_types, max_chars)` returns a `Guide`: for each record type its fields (name, type, required or
not, description), then the building blocks they use (Evidence, FuzzyDate, Quantity...), then the vocabularies
with the meaning of each value (taken from the `#:` comments above the enum members, which the JSON Schema does
not carry). The same descriptions as the schema, in a tenth of the characters. When the full guide is longer than
`max_chars`, optional detail is cut step by step (`DETAIL_LEVELS`): vocabulary meanings, then the descriptions
of the building blocks' optional fields, then all descriptions but the record's own required fields; every field
and every vocabulary value stays named. The meanings are read by `llm_schema.enum_meanings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from peace_talks_model.llm_schema import (
    LLM_DIR,
    _published_union,
    _record_defs,
    definition_classes,
    enum_meanings,
    llm_schema_id,
    tier_files,
)
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.models.dates import EDTF_PATTERN

#: What each detail level leaves out (level 0 leaves out nothing).
DETAIL_LEVELS = (
    "nothing",
    "the meanings of vocabulary values",
    "the descriptions of building blocks' optional fields",
    "the descriptions of every optional field",
    "every description but those of the record types' required fields",
)
#: The size a guide aims at per record type when no limit is given (about 2,000 tokens).
CHARS_PER_TYPE = 8192
#: Characters per token assumed for the estimate (a common rule of thumb for English text).
CHARS_PER_TOKEN = 4

#: Unions of a short form and an object, by the names of their branches, and what the guide calls them.
_SHORT_FORMS: dict[tuple[str, ...], str] = {
    ("EDTF date", "FuzzyDate"): "date",
    ("integer", "Quantity"): "count",
    ("integer", "number"): "number",
}


class GuideTooLongError(ValueError):
    """Even the least detailed guide is longer than asked; `smallest` is its length."""

    def __init__(self, smallest: int, limit: int) -> None:
        super().__init__(f"the smallest guide has {smallest:,} characters, more than the {limit:,} asked")
        self.smallest = smallest


@dataclass(frozen=True, slots=True)
class Guide:
    """A field guide: its text and the detail level it was cut to."""

    text: str
    level: int

    @property
    def chars(self) -> int:
        """Its length in characters."""
        return len(self.text)

    @property
    def tokens(self) -> int:
        """A rough token estimate (characters / CHARS_PER_TOKEN)."""
        return -(-len(self.text) // CHARS_PER_TOKEN)


@cache
def _published() -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    union = _published_union()
    return union["$defs"], _record_defs(union), definition_classes()


def _ref(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return None if ref is None else str(ref).rsplit("/", 1)[-1]


def _type(node: dict[str, Any], defs: dict[str, Any], used: list[str]) -> str:
    """A short type name of a schema node; the definitions it names are added to `used`."""
    name = _ref(node)
    if name is not None:
        if name not in used:
            used.append(name)
        return name
    if "anyOf" in node or "oneOf" in node:
        branches = [b for b in node.get("anyOf", node.get("oneOf", [])) if b.get("type") != "null"]
        kinds = [_type(b, defs, used) for b in branches]
        return _SHORT_FORMS.get(tuple(kinds), " or ".join(kinds))
    if "const" in node:
        return f'"{node["const"]}"'
    kind = node.get("type")
    if kind == "array":
        return f"[{_type(node.get('items', {}), defs, used)}]"
    if kind == "string":
        return "EDTF date" if node.get("pattern") == EDTF_PATTERN else "text"
    return {"boolean": "true/false", "integer": "integer", "number": "number"}.get(str(kind), str(kind))


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text, re.DOTALL)
    return " ".join((match.group(1) if match else text).split())


def _fields(node: dict[str, Any], defs: dict[str, Any], used: list[str], level: int, own: bool) -> list[str]:
    """The lines of an object's fields at a detail level (`own`: a record type's, not a building block's)."""
    required = set(node.get("required", ()))
    lines = []
    for name, prop in node.get("properties", {}).items():
        kind = _type(prop, defs, used)
        is_required = name in required
        description = (prop.get("description") or "").replace("\n", " ")
        if (
            (level >= 4 and not (own and is_required))
            or (level >= 3 and not is_required)
            or (level >= 2 and not own and not is_required)
        ):
            description = ""
        elif level >= 2 and not own:
            description = _first_sentence(description)
        mark = "*" if is_required else ""
        typed = "" if kind == "text" else f" ({kind})"
        lines.append(f"- {name}{mark}{typed}" + (f" {description}" if description else ""))
    return lines


def _vocabulary(name: str, node: dict[str, Any], classes: dict[str, Any], level: int) -> str:
    values = [str(v) for v in node["enum"]]
    kind = classes.get(name)
    meanings = enum_meanings(kind) if isinstance(kind, type) and issubclass(kind, Enum) and level < 1 else {}
    parts = [f"{v} ({meanings[v]})" if v in meanings else v for v in values]
    return f"- {name}: " + ", ".join(parts)


def _render(record_types: list[str], level: int) -> str:
    defs, record_defs, classes = _published()
    used: list[str] = []
    out: list[str] = [
        "Field guide. * = required; other fields may be null or left out; no type = text; [X] = list of X (may be "
        "empty); date = "
        "EDTF string ('2019-12-07', '2019-09', '2019-09~', '2019-06/2019-09') or FuzzyDate; count = integer or "
        "Quantity; ids and references are '<record_type>:<slug>' ('actor:zalmay-khalilzad').",
    ]
    for record_type in record_types:
        definition = record_defs[record_type]
        node = defs[definition]
        doc = _first_sentence((MODEL_BY_TYPE[record_type].__doc__ or "").strip())
        out.append(f"\n## {record_type} ({definition}): {doc}")
        out.extend(_fields(node, defs, used, level, own=True))
    blocks: list[str] = []
    vocabularies: list[str] = []
    index = 0
    while index < len(used):  # building blocks name further blocks: follow until none is new
        name = used[index]
        index += 1
        node = defs[name]
        if "enum" in node:
            vocabularies.append(name)
        elif "properties" in node and name not in record_defs.values():
            description = _first_sentence((node.get("description") or "").strip())
            blocks.append(f"\n### {name}: {description}" if level < 4 else f"\n### {name}")
            blocks.extend(_fields(node, defs, used, level, own=False))
    if blocks:
        out.append("\n## Building blocks")
        out.extend(blocks)
    if vocabularies:
        out.append("\n## Vocabularies")
        out.extend(_vocabulary(name, defs[name], classes, level) for name in sorted(vocabularies))
    return "\n".join(out) + "\n"


def field_guide(record_types: list[str], max_chars: int | None = None, level: int | None = None) -> Guide:
    """The field guide of `record_types` (in that order), at the most detailed level that fits in `max_chars`.

    Without `max_chars` the guide aims at `CHARS_PER_TYPE` characters per record type and is the least detailed
    one when none fits; with it, `GuideTooLongError` is raised when even the least detailed guide is longer.
    `level` asks for one detail level (0 to len(DETAIL_LEVELS) - 1) whatever its size. Raises KeyError for an
    unknown record type."""
    _, record_defs, _ = _published()
    for record_type in record_types:
        if record_type not in record_defs:
            raise KeyError(record_type)
    wanted = list(dict.fromkeys(record_types))
    if level is not None:
        return Guide(_render(wanted, level), level)
    limit = max_chars if max_chars is not None else CHARS_PER_TYPE * len(wanted)
    text = ""
    for candidate in range(len(DETAIL_LEVELS)):
        text = _render(wanted, candidate)
        if len(text) <= limit:
            return Guide(text, candidate)
    if max_chars is None:
        return Guide(text, len(DETAIL_LEVELS) - 1)
    raise GuideTooLongError(len(text), max_chars)


def size_table() -> str:
    """A Markdown table of the guide of each record type: characters at each detail level, and the default
    guide's level, characters and estimated tokens (docs/llm-profile.md)."""
    _, record_defs, _ = _published()
    levels = range(len(DETAIL_LEVELS))
    head = ["record type", *(f"level {n}" for n in levels), "default: level", "chars", "~tokens"]
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for record_type in record_defs:
        sizes = [f"{len(_render([record_type], n)):,}" for n in levels]
        guide = field_guide([record_type])
        cells = [record_type, *sizes, str(guide.level), f"{guide.chars:,}", f"{guide.tokens:,}"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


# -- the tiers: the plan of calls and the guide of each -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    """One call of an extraction plan: which tier of which record type, its schema file (in `schemas/llm/`) and
    `$id`, the fields it asks for, whether it is made once per document or once per record, and its field guide."""

    number: int
    record_type: str
    tier: str
    schema: str
    schema_id: str
    fields: tuple[str, ...]
    per: str
    guide: Guide


def _tier_type(node: dict[str, Any]) -> tuple[str, bool]:
    """The guide's name of a tier schema node's type, and whether it may be null."""
    branches = node.get("anyOf")
    if branches is None:
        branches = [node]
    nullable = {"type": "null"} in branches
    names = []
    for branch in branches:
        kind = branch.get("type")
        if kind == "null":
            continue
        if kind == "array":
            names.append(f"[{_tier_type(branch['items'])[0]}]")
        elif "enum" in branch:
            names.append("one of: " + ", ".join(str(v) for v in branch["enum"]))
        elif kind == "object":
            names.append("object")
        else:
            names.append({"string": "text", "boolean": "true/false"}.get(str(kind), str(kind)))
    return " or ".join(names), nullable


def _tier_lines(node: dict[str, Any], indent: str, skip: tuple[str, ...] = ()) -> list[str]:
    lines: list[str] = []
    for name, prop in node.get("properties", {}).items():
        if name in skip:
            continue
        kind, nullable = _tier_type(prop)
        description = _lead((prop.get("description") or "").split(" [validate:")[0].split(" Values:")[0])
        mark = "" if nullable else "*"
        lines.append(f"{indent}- {name}{mark} ({kind})" + (f" {description}" if description else ""))
        for branch in prop.get("anyOf", [prop]):
            inner = branch.get("items", branch)
            if "properties" in inner:
                lines.extend(_tier_lines(inner, indent + "  "))
    return lines


_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<![A-Z])[.!?](?=\s+[A-Z(']|$)")


def _lead(text: str) -> str:
    """The first sentence of a description ('e.g.', 'i.e.' and initials such as 'U.S.' do not end it)."""
    text = " ".join(text.split())
    match = _SENTENCE_END.search(text)
    return text[: match.end()] if match else text


def tier_guide(file_name: str) -> Guide:
    """The field guide of one tier file (`<type>.core.schema.json`, `<type>.enrichment-N.schema.json`), read from
    the file's schema: every field it asks for, nested fields indented, `*` for a value that is never null, the
    values of each vocabulary. Raises KeyError for an unknown tier file."""
    tier = tier_files()[file_name]
    schema = tier.schema
    record = schema["properties"]["records"]["items"] if tier.kind == "core" else schema
    head = (
        f"Field guide of {file_name} ({tier.record_type}, {tier.kind} tier). * = never null; other values may be "
        "null; [X] = list of X (may be empty); dates are EDTF strings ('2019-12-07', '2019-09', '2019-09~', "
        "'2019-06/2019-09'); ids and references are '<record_type>:<slug>' ('actor:zalmay-khalilzad'); quotes are "
        "verbatim from the document."
    )
    if tier.kind == "enrichment":
        head += " Fill the fields of the record whose id and core answer are given; null or [] for what the "
        head += "document does not say."
    doc = _lead((MODEL_BY_TYPE[tier.record_type].__doc__ or "").strip())
    lines = [head, "", f"## {tier.record_type} ({tier.kind} tier, fields: {', '.join(tier.fields)}): {doc}"]
    lines.extend(_tier_lines(record, "", skip=("schema_version",)))
    return Guide("\n".join(lines) + "\n", 0)


def extraction_plan(record_types: list[str]) -> list[Call]:
    """The calls that extract `record_types` in strict mode with any provider: the core tier of each type first
    (once per document), then each enrichment tier (once per record, given its id and core answer). Raises
    KeyError for an unknown record type."""
    _, record_defs, _ = _published()
    for record_type in record_types:
        if record_type not in record_defs:
            raise KeyError(record_type)
    wanted = list(dict.fromkeys(record_types))
    tiers = tier_files().values()
    ordered = [t for t in tiers if t.kind == "core" and t.record_type in wanted]
    ordered.sort(key=lambda t: wanted.index(t.record_type))
    enrichments = [t for t in tiers if t.kind == "enrichment" and t.record_type in wanted]
    ordered += sorted(enrichments, key=lambda t: wanted.index(t.record_type))
    return [
        Call(
            number,
            tier.record_type,
            tier.name.split(".")[1],
            f"{LLM_DIR}/{tier.name}",
            llm_schema_id(tier.name),
            tier.fields,
            "document" if tier.kind == "core" else "record",
            tier_guide(tier.name),
        )
        for number, tier in enumerate(ordered, 1)
    ]


def render_plan(calls: list[Call]) -> str:
    """The plan as text: one paragraph per call, then the merge that puts the answers together."""
    types = list(dict.fromkeys(c.record_type for c in calls))
    out = [
        f"Extraction plan for {', '.join(types)}: {len(calls)} calls, each schema within every provider's published "
        "limits for strict structured output (docs/llm-profile.md, Tiers). Send the schema with strict mode on and "
        "the call's field guide in the prompt (`peace-talks prompt --tier FILE`).",
    ]
    for call in calls:
        if call.per == "document":
            what = f"every {call.record_type} record in the document"
        else:
            what = f"once per {call.record_type} record, given its id and its core answer"
        out.append(
            f"\n{call.number}. {call.record_type} {call.tier}: {what}\n"
            f"   schema: {call.schema}\n"
            f"   fields: {', '.join(call.fields)}\n"
            f"   guide:  peace-talks prompt --tier {call.schema.rsplit('/', 1)[-1]}  "
            f"({call.guide.chars:,} characters, about {call.guide.tokens:,} tokens)"
        )
    cores = [c for c in calls if c.per == "document"]
    core = cores[0].record_type.replace("_", "-") if cores else "core"
    more = " ".join(f"--core {c.record_type.replace('_', '-')}.core.json" for c in cores[1:])
    out.append(
        "\nThen fold the answers into records and check them:\n"
        f"   peace-talks merge {core}.core.json *.enrichment-*.json {more + ' ' if more else ''}"
        "--out records.jsonl --texts TEXTS_DIR\n"
        "An enrichment that the document gives nothing for may be skipped: its fields stay empty."
    )
    return "\n".join(out) + "\n"
