"""The LLM profile of the record schema: JSON Schema files that language-model providers accept in strict
structured-output mode, generated from the published schema, written to `schemas/llm/`, measured and checked.

`build_llm_schemas()` returns every file of the profile as bytes: one `<record-type>.schema.json` per record type,
`extraction-result.schema.json` (the records extracted from one document: `{"document": <source record>,
"records": [...]}`) and `index.json` (each file's sha256, its measures against the providers' published limits,
and what the profile leaves out). `write_llm_schemas(dir)` writes them atomically; `stale_llm_files(dir)` compares
them with what is on disk.

The profile is the strictest subset that OpenAI, Anthropic and Gemini all document (docs/llm-profile.md cites
them): every object has `additionalProperties: false` and lists every property in `required`; a field that may be
absent is required and nullable (`anyOf: [X, {"type": "null"}]`), a list field is required and may be empty, a
field with another default (`false`, a vocabulary value) is required and says its default; only the keywords of
`ALLOWED_KEYWORDS` appear, and `$id` at the root (`llm_schema_id`); `$ref` stands alone (a description beside it
goes on an `anyOf` of the one reference); constants are one-value `enum`s; `oneOf` is `anyOf`. Every
validation keyword dropped on the way (patterns, lengths, bounds, formats, conditional rules) is appended to the
field's description as `[validate: ...]` and listed by `dropped_rules()`: `peace-talks validate` still
enforces all of them.

Nesting is counted as the objects and arrays on the way from the root to a value, the root object being level 1.
Where a record nests deeper than `MAX_DEPTH` (evidence inside a quantity inside an implementation step inside a
commitment...), the definition used at that depth is a cut copy, named `<Definition>_d<levels>`, that leaves out
the optional fields that do not fit (a date or count keeps its short form when its object form does not fit); each
cut copy says in its description what it leaves out, and `index.json` lists them per file.

The description of each vocabulary (enum) ends with the meaning of its values, read by `enum_meanings` from the
`#:` comments above the enum's members (the published schema does not carry them).
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import json
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.codes import code_for
from peace_talks_model.llm_tiers import TierFile, build_tiers
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.models.dates import EDTF_PATTERN
from peace_talks_model.schema_export import _document, _union_schema, schema_id, stale_generated, write_generated

#: The command that regenerates the committed files.
REGENERATE_LLM = "peace-talks schema export --profile llm --out schemas/llm"
#: Where the profile's files are committed, relative to the repository.
LLM_DIR = "schemas/llm"
#: The file of the extraction-result wrapper.
EXTRACTION_RESULT = "extraction-result.schema.json"

#: Where the profile's files are published, relative to the schemas' base address: `$id` =
#: `schema_id(f"{LLM_PATH}/{file name}")`, beside the default profile's files of the same version.
LLM_PATH = "llm"
#: Keywords at the root of a file only: its `$id`, so that every published file, the profile's included, can be
#: loaded into one validator and referred to by address. It annotates and constrains nothing.
ROOT_KEYWORDS = frozenset({"$id"})
#: The only keywords a profile file uses below its root.
ALLOWED_KEYWORDS = frozenset(
    {"type", "description", "enum", "anyOf", "items", "properties", "required", "additionalProperties", "$ref", "$defs"}
)
#: Validation keywords the profile drops; each is kept in the description as a `[validate: ...]` note.
CONSTRAINT_KEYWORDS = (
    "pattern",
    "format",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
)
#: Annotation keywords the profile drops without a note (`default` becomes a note when it is not null).
ANNOTATION_KEYWORDS = ("title", "examples", "default", "$id", "$schema", "discriminator")
#: The most levels of nesting a profile file has (the root object is level 1; objects and arrays count).
MAX_DEPTH = 10
#: Patterns up to this length are written in full in a field's note; longer ones are named.
PATTERN_INLINE_MAX = 128
#: Names of the long patterns (docs/llm-profile.md gives them in full).
NAMED_PATTERNS = {EDTF_PATTERN: "EDTF level 1"}
#: Base fields moved after a record's own fields, in this order (the model writes the substance first).
TRAILING_BASE_FIELDS = ("evidence", "characterizations", "confidence", "identifiers", "dataset_codes", "notes")

OPENAI_URL = "https://platform.openai.com/docs/guides/structured-outputs#supported-schemas"
ANTHROPIC_URL = "https://platform.claude.com/docs/en/build-with-claude/structured-outputs#json-schema-limitations"
ANTHROPIC_STRICT_URL = "https://platform.claude.com/docs/en/agents-and-tools/tool-use/strict-tool-use"
GEMINI_URL = "https://ai.google.dev/gemini-api/docs/structured-output"
GEMINI_API_URL = (
    "https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto"
)

NULL: dict[str, Any] = {"type": "null"}

_MEMBER = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=")


class ProfileError(ValueError):
    """The published schema holds something the profile cannot express (a required field that does not fit in
    the nesting limit, a keyword the converter does not know)."""


@dataclass(frozen=True, slots=True)
class Limit:
    """A limit a provider publishes on a strict schema, and the measure (a `Stats` field) it bounds."""

    provider: str
    what: str
    value: int
    measure: str
    source: str
    #: True: every profile file is within it (the test of the profile checks it); False: a full record type's file
    #: cannot meet it, and its tiers (`llm_tiers`) are the files that do.
    met: bool = True

    @property
    def measure_expanded(self) -> str:
        """The `Stats` field of the same measure with each definition counted at each use."""
        return EXPANDED.get(self.measure, self.measure)


#: The rules of `peace-talks validate` that the profile cannot express and that documents drawn from its grammar
#: were found to break, each with why. `tests/test_grammar_sampling.py` draws documents at random from each file's
#: grammar (llguidance) and requires every error of `validate --profile llm` on them to be one of these; its
#: larger run (`python -m tests.grammar_sampling`) counts each one and names any rule missing here. Rules that
#: apply only to well-formed values (the order of two dates) are not reached by random strings, so they are not
#: listed until a draw breaks them.
NOT_EXPRESSED: dict[str, str] = {
    # a keyword the profile drops (kept in the field's description as `[validate: ...]`)
    "string_pattern_mismatch": "`pattern` (ids, references, country codes, versions, durations) is dropped",
    "edtf_date_valid": "an EDTF date is a `pattern`, dropped",
    "external_id_matches_scheme": "an identifier's `pattern` depends on its scheme (`if`/`then`), dropped",
    "country_code_known": "a country code is an ISO 3166-1 code in use, a list longer than the profile's enums",
    "string_too_short": "`minLength` is dropped",
    "string_too_long": "`maxLength` is dropped",
    "too_short": "`minItems` is dropped",
    "greater_than": "`exclusiveMinimum` is dropped",
    "greater_than_equal": "`minimum` is dropped",
    "less_than_equal": "`maximum` is dropped",
    "count_negative": "a count is a non-negative integer: `minimum`, dropped",
    "duration_valid": "an ISO 8601 duration names at least one amount ('P' alone names none): its `pattern`, dropped",
    "number_out_of_range": "JSON's grammar allows any exponent; a number beyond a double's range is not read",
    # a rule between the fields of one object (a model's validator), which the profile's subset cannot state
    "coordinates_paired": "latitude and longitude come together",
    "duration_not_empty": "a duration has a value, a bound or the source's wording",
    "hedge_implies_hedged": "a hedge ('reportedly') comes with `hedged: true`",
    "link_needs_actor": "a party mention's `link` (how its actor was found) comes with the `actor`",
    "participant_identified": "a participant or third party has an actor or a description",
    "place_not_empty": "a place has a name, a country, coordinates, an identifier or `undisclosed: true`",
    "quantity_bounds_ordered": "a quantity's lower bound is not above its upper bound",
    "quantity_qualifier_fits_bounds": "a quantity's qualifier agrees with its bounds",
    "quantity_qualifier_has_number": "a qualifier such as 'more_than' comes with a number",
    "quantity_vague_has_no_value": "a vague qualifier ('many') has no exact value",
    "quantity_value_within_bounds": "a quantity's value lies within its bounds",
    "relay_names_outlet": "a relay names its outlet (an actor) or the outlet's name",
}

#: Measure -> the same measure with every `$ref` expanded (a definition counted at each use); the other measures
#: are the same both ways (depth follows references; cycles and the largest enum are about definitions).
EXPANDED = {
    "properties": "properties_expanded",
    "enum_values": "enum_values_expanded",
    "unions": "unions_expanded",
    "optional": "optional_expanded",
    "names": "names_expanded",
}

#: The published limits (docs/llm-profile.md quotes them with their sources). Gemini publishes no number.
LIMITS: tuple[Limit, ...] = (
    Limit("OpenAI", "levels of nesting", 10, "depth", OPENAI_URL),
    Limit("OpenAI", "object properties in total", 5000, "properties", OPENAI_URL),
    Limit(
        "OpenAI", "characters of property names, definition names, enum and const values", 120_000, "names", OPENAI_URL
    ),
    Limit("OpenAI", "enum values across all enum properties", 1000, "enum_values", OPENAI_URL),
    Limit("OpenAI", "characters of one enum's values when it has more than 250", 15_000, "large_enum", OPENAI_URL),
    Limit("Anthropic", "optional parameters (not in required)", 24, "optional", ANTHROPIC_URL),
    Limit("Anthropic", "recursive definitions", 0, "cycles", ANTHROPIC_URL),
    Limit("Anthropic", "parameters with union types (anyOf or type arrays)", 16, "unions", ANTHROPIC_URL, met=False),
)


@dataclass(frozen=True, slots=True)
class Stats:
    """Measures of one profile file against the providers' limits."""

    #: bytes of the file
    bytes: int
    #: levels of nesting, the root object being 1, objects and arrays counted, followed through `$ref`s
    depth: int
    #: object properties in the document (each definition counted once)
    properties: int
    #: object properties with every `$ref` expanded (a definition counted at each use)
    properties_expanded: int
    #: characters of property names, definition names and enum values in the document
    names: int
    #: enum values in the document (each definition counted once)
    enum_values: int
    #: enum values with every `$ref` expanded
    enum_values_expanded: int
    #: characters of the values of the largest enum with more than 250 values (0: none that large)
    large_enum: int
    #: properties whose schema is an `anyOf` or a type array (Anthropic's union parameters), in the document
    unions: int
    #: union-typed properties with every `$ref` expanded
    unions_expanded: int
    #: properties not listed in `required`
    optional: int
    #: properties not listed in `required`, with every `$ref` expanded
    optional_expanded: int
    #: characters of property names and enum values with every `$ref` expanded
    names_expanded: int
    #: definitions that refer to themselves, directly or not
    cycles: int
    #: definitions in `$defs`
    definitions: int


@dataclass
class Cut:
    """A cut copy of a definition: its name, the definition, and the fields it leaves out."""

    name: str
    of: str
    levels: int
    left_out: list[str] = field(default_factory=list)


def enum_meanings(enum: type[Enum]) -> dict[str, str]:
    """Value -> meaning, from the `#:` comment lines directly above each member of `enum` (members without one
    are left out)."""
    return dict(_meanings(enum))


@cache
def _meanings(enum: type[Enum]) -> tuple[tuple[str, str], ...]:
    try:
        source = inspect.getsource(enum)
    except (OSError, TypeError):  # no source (a frozen or generated class): no meanings
        return ()
    meanings: dict[str, str] = {}
    pending: list[str] = []
    for line in source.splitlines()[1:]:
        text = line.strip()
        if text.startswith("#:"):
            pending.append(text[2:].strip())
            continue
        match = _MEMBER.match(text)
        if match and pending and match.group(1) in enum.__members__:
            meanings[str(enum[match.group(1)].value)] = " ".join(pending)
        if text and not text.startswith("#"):
            pending = []
    return tuple(meanings.items())


@cache
def definition_classes() -> dict[str, Any]:
    """Published definition name -> the model or enum class it comes from."""
    found: dict[str, Any] = {}
    stack: list[Any] = list(MODEL_BY_TYPE.values())
    seen: set[Any] = set()
    while stack:
        kind = stack.pop()
        if kind in seen:
            continue
        seen.add(kind)
        for arg in typing.get_args(kind):
            stack.append(arg)
        if isinstance(kind, type) and issubclass(kind, Enum | BaseModel):
            found[kind.__dict__.get("__schema_name__", kind.__name__)] = kind
            if issubclass(kind, BaseModel):
                stack.extend(f.annotation for f in kind.model_fields.values())
    return found


# -- converting the published schema -------------------------------------------------------------------------


def _rule(keyword: str, value: Any) -> str:
    if keyword == "pattern":
        if value in NAMED_PATTERNS:
            return f"pattern {NAMED_PATTERNS[value]} (see docs/llm-profile.md)"
        if len(value) > PATTERN_INLINE_MAX:
            return f"pattern of {len(value)} characters (see docs/llm-profile.md)"
        return f"pattern {value}"
    if keyword == "uniqueItems":
        return "items unique" if value else ""
    return f"{keyword} {json.dumps(value)}"


def _ordered(node: dict[str, Any]) -> dict[str, Any]:
    order = ("type", "description", "enum", "anyOf", "items", "properties", "required", "additionalProperties")
    out = {key: node[key] for key in order if key in node}
    out.update({key: value for key, value in node.items() if key not in out})
    return out


def _note(node: dict[str, Any], note: str) -> dict[str, Any]:
    text = node.get("description", "")
    return _ordered({**node, "description": f"{text} {note}".strip()})


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    if "anyOf" in node:
        if NULL not in node["anyOf"]:
            return {**node, "anyOf": [*node["anyOf"], NULL]}
        return node
    inner = {key: value for key, value in node.items() if key != "description"}
    out: dict[str, Any] = {"anyOf": [inner, NULL]}
    if "description" in node:
        out["description"] = node["description"]
    return _ordered(out)


def _simplified(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = []
    for branch in branches:
        nested = branch.get("anyOf")
        if nested is not None and set(branch) == {"anyOf"}:
            flat.extend(nested)
        elif branch not in flat:
            flat.append(branch)
    if {"type": "number"} in flat and {"type": "integer"} in flat:  # every integer is a number
        flat.remove({"type": "integer"})
    return [b for b in flat if b != NULL] + ([NULL] if NULL in flat else [])


class _Converter:
    """Turns the published definitions into the profile's (unpruned), collecting the dropped rules."""

    def __init__(self, defs: Mapping[str, Any], record_defs: frozenset[str]) -> None:
        self.record_defs = record_defs
        self.dropped: dict[str, list[str]] = {}
        self.optional: dict[str, frozenset[str]] = {}
        self.defs = {name: self._definition(name, node) for name, node in defs.items()}

    def _definition(self, name: str, node: Mapping[str, Any]) -> dict[str, Any]:
        converted, rules = self.convert(node, name)
        kind = definition_classes().get(name)
        if "enum" in converted and isinstance(kind, type) and issubclass(kind, Enum):
            meanings = enum_meanings(kind)
            if meanings:
                values = "; ".join(f"{v}: {meanings[v]}" for v in converted["enum"] if v in meanings)
                converted = _note(converted, f"Values: {values}.")
        if rules:  # a constrained scalar definition: the note goes on the definition itself
            self.dropped[name] = rules
            converted = _note(converted, f"[validate: {'; '.join(rules)}]")
        return converted

    def convert(self, node: Mapping[str, Any], path: str) -> tuple[dict[str, Any], list[str]]:
        """The profile form of one schema node, and the rules dropped from it (not behind a `$ref`)."""
        if "$ref" in node:
            rest, found = self.convert({k: v for k, v in node.items() if k != "$ref"}, path)
            ref = {"$ref": node["$ref"]}
            return (_ordered({"anyOf": [ref], **rest}) if rest else ref), found
        out: dict[str, Any] = {}
        rules: list[str] = []
        for key, value in node.items():
            if key in CONSTRAINT_KEYWORDS:
                rule = _rule(key, value)
                if rule:
                    rules.append(rule)
            elif key in ANNOTATION_KEYWORDS or key in ("properties", "required", "additionalProperties", "allOf"):
                continue  # objects are rebuilt below; allOf only holds the conditional rules of ExternalId
            elif key == "const":
                out["enum"] = [value]
            elif key in ("anyOf", "oneOf"):
                branches = []
                for branch in value:
                    converted, found = self.convert(branch, path)
                    branches.append(converted)
                    rules.extend(r for r in found if r not in rules)
                out["anyOf"] = _simplified(branches)
            elif key == "items":
                out["items"], found = self.convert(value, f"{path}[]")
                rules.extend(f"items: {r}" for r in found)
            elif key in ("type", "enum", "description"):
                out[key] = value
            else:
                raise ProfileError(f"{path}: keyword '{key}' has no place in the LLM profile")
        if "properties" in node:
            out = self._object(node, path, out)
        return _ordered(out), rules

    def _object(self, node: Mapping[str, Any], path: str, out: dict[str, Any]) -> dict[str, Any]:
        required = set(node.get("required", ()))
        conditional = _conditional_rules(node.get("allOf", ()))
        properties: dict[str, Any] = {}
        optional = set()
        for name, prop in node["properties"].items():
            converted, rules = self.convert(prop, f"{path}.{name}")
            rules += conditional.get(name, [])
            if name not in required:
                optional.add(name)
                default = prop.get("default")
                if converted.get("type") == "array":
                    pass  # required, and may be empty
                elif default is not None:
                    converted = _note(converted, f"Default: {json.dumps(default)}.")
                else:
                    converted = _nullable(converted)
            if rules:
                self.dropped[f"{path}.{name}"] = rules
                converted = _note(converted, f"[validate: {'; '.join(rules)}]")
            properties[name] = converted
        if path in self.record_defs:
            own = [n for n in properties if n not in ("record_type", "id", "schema_version", *TRAILING_BASE_FIELDS)]
            order = ["record_type", "id", "schema_version", *own, *TRAILING_BASE_FIELDS]
            properties = {n: properties[n] for n in order if n in properties}
        self.optional[path] = frozenset(optional)
        return {
            **out,
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }


def _conditional_rules(branches: Any) -> dict[str, list[str]]:
    """The rules of `allOf: [{if: {properties: {K: {const: v}}}, then: {properties: {P: {pattern...}}}}]` (the
    per-scheme patterns of ExternalId), grouped by the property they constrain."""
    found: dict[str, dict[str, list[str]]] = {}
    for branch in branches:
        condition = branch.get("if", {}).get("properties", {})
        then = branch.get("then", {}).get("properties", {})
        if len(condition) != 1 or "const" not in next(iter(condition.values())):
            raise ProfileError(f"a conditional rule the LLM profile cannot describe: {json.dumps(branch)[:200]}")
        key, value = next(iter(condition.items()))
        value = value["const"]
        for name, schema in then.items():
            rules = [_rule(k, v) for k, v in schema.items() if k in CONSTRAINT_KEYWORDS]
            found.setdefault(name, {}).setdefault(key, []).append(f"{value} {' '.join(rules)}")
    return {name: [f"by {key}: " + ", ".join(items) for key, items in by_key.items()] for name, by_key in found.items()}


# -- fitting the nesting limit ---------------------------------------------------------------------------------


def _ref_name(node: Mapping[str, Any]) -> str:
    return str(node["$ref"]).rsplit("/", 1)[-1]


class _Fitter:
    """Builds one file: the definitions it uses, cut where they would nest deeper than the limit."""

    def __init__(self, converter: _Converter) -> None:
        self.source = converter.defs
        self.optional = converter.optional
        self.defs: dict[str, Any] = {}
        self.cuts: dict[str, Cut] = {}
        self._needs: dict[str, int] = {}
        self._variants: dict[tuple[str, int], str | None] = {}
        self._same: dict[str, str] = {}

    def need(self, node: Mapping[str, Any], seen: tuple[str, ...] = ()) -> int:
        """The levels of nesting a node takes (0 for a scalar)."""
        if "$ref" in node:
            name = _ref_name(node)
            if name in seen:
                raise ProfileError(f"definition {name} refers to itself: Anthropic takes no recursive schema")
            if name not in self._needs:
                self._needs[name] = self.need(self.source[name], (*seen, name))
            return self._needs[name]
        levels = max((self.need(b, seen) for b in node.get("anyOf", ())), default=0)
        if "items" in node:
            levels = max(levels, 1 + self.need(node["items"], seen))
        if "properties" in node:
            levels = max(levels, 1 + max((self.need(p, seen) for p in node["properties"].values()), default=0))
        return levels

    def fit(self, node: Mapping[str, Any], levels: int, owner: str, left_out: list[str]) -> dict[str, Any] | None:
        """`node` within `levels` levels of nesting, or None when even its smallest form does not fit."""
        if "$ref" in node:
            name = self.use(_ref_name(node), levels)
            return None if name is None else {"$ref": f"#/$defs/{name}"}
        if "anyOf" in node:
            kept = [b for b in (self.fit(b, levels, owner, left_out) for b in node["anyOf"]) if b is not None]
            if not kept or kept == [NULL]:
                return None
            if kept == node["anyOf"]:
                return dict(node)
            return {**node, "anyOf": kept}
        if "items" in node:
            items = self.fit(node["items"], levels - 1, owner, left_out) if levels >= 1 else None
            return None if items is None else {**node, "items": items}
        if "properties" in node:
            if levels < 1:
                return None
            properties = {}
            for name, prop in node["properties"].items():
                fitted = self.fit(prop, levels - 1, owner, left_out)
                if fitted is None:
                    if name not in self.optional.get(owner, frozenset()):
                        raise ProfileError(f"{owner}.{name} is required and does not fit in {levels - 1} level(s)")
                    left_out.append(name)
                    continue
                properties[name] = fitted
            return {**node, "properties": properties, "required": list(properties)}
        return dict(node)

    def use(self, name: str, levels: int) -> str | None:
        """The name of definition `name` as it fits in `levels` levels: itself, a cut copy, or None."""
        need = self.need({"$ref": name})
        if need <= levels:
            if name not in self.defs:
                self.defs[name] = {}  # reserved: definitions do not refer to themselves (checked by `need`)
                self.defs[name] = self.fit(self.source[name], need, name, [])
            return name
        key = (name, levels)
        if key in self._variants:
            return self._variants[key]
        left_out: list[str] = []
        fitted = self.fit(self.source[name], levels, name, left_out)
        if fitted is None:
            self._variants[key] = None
            return None
        content = f"{name} {json.dumps(fitted, sort_keys=True)}"
        if content in self._same:  # a smaller cut copy is the same
            self._variants[key] = self._same[content]
            return self._same[content]
        variant = f"{name}_d{levels}"
        self._same[content] = variant
        what = ", ".join(left_out) if left_out else "parts of its nested definitions"
        self.defs[variant] = _note(
            fitted, f"(A copy of {name} cut to {levels} level(s) of nesting for the LLM profile: leaves out {what}.)"
        )
        self.cuts[variant] = Cut(variant, name, levels, left_out)
        self._variants[key] = variant
        return variant


# -- the files -----------------------------------------------------------------------------------------------


def _published_union() -> dict[str, Any]:
    return _document("record.schema.json", "Record", "", _union_schema())


def _file_name(record_type: str) -> str:
    return f"{record_type.replace('_', '-')}.schema.json"


@dataclass
class _Built:
    schema: dict[str, Any]
    cuts: list[Cut]


def _record_defs(published: Mapping[str, Any]) -> dict[str, str]:
    """Record type -> the name of its definition in the published union."""
    names = {}
    for branch in published["oneOf"]:
        name = _ref_name(branch)
        tag = published["$defs"][name]["properties"]["record_type"]["const"]
        names[tag] = name
    return names


def llm_schema_id(name: str) -> str:
    """The `$id` of a file of the profile."""
    return schema_id(f"{LLM_PATH}/{name}")


def _finish(fitter: _Fitter, root: dict[str, Any]) -> _Built:
    schema = {**root, "$defs": dict(sorted(fitter.defs.items()))} if fitter.defs else root
    return _Built(schema, sorted(fitter.cuts.values(), key=lambda c: c.name))


def _identified(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$id": llm_schema_id(name), **schema}


def _record_file(converter: _Converter, definition: str, description: str) -> _Built:
    fitter = _Fitter(converter)
    left_out: list[str] = []
    root = fitter.fit(converter.defs[definition], MAX_DEPTH, definition, left_out)
    if root is None or left_out:
        raise ProfileError(f"{definition} does not fit in {MAX_DEPTH} levels")
    return _finish(fitter, _note(root, description))


def _extraction_file(converter: _Converter, record_defs: Mapping[str, str]) -> _Built:
    fitter = _Fitter(converter)
    document = fitter.use(record_defs["source"], MAX_DEPTH - 1)
    branches = [fitter.use(name, MAX_DEPTH - 2) for name in record_defs.values()]
    if document is None or None in branches:
        raise ProfileError("a record type does not fit in the extraction result")
    root = {
        "type": "object",
        "description": "The records extracted from one document: the document itself as a source record, and "
        "every record the document supports (actors, negotiations, agreements, prisoner swaps, cease-fires, "
        "claims, positions, events, other sources it cites). Evidence quotes cite the document's id. "
        f"(LLM profile of contract version {SCHEMA_VERSION}; read back with `peace-talks validate --profile llm`.)",
        "properties": {
            "document": {
                "description": "The document the records were extracted from, as a source record.",
                "anyOf": [{"$ref": f"#/$defs/{document}"}],
            },
            "records": {
                "type": "array",
                "description": "The records extracted from the document, each selected by its record_type.",
                "items": {"anyOf": [{"$ref": f"#/$defs/{b}"} for b in branches]},
            },
        },
        "required": ["document", "records"],
        "additionalProperties": False,
    }
    return _finish(fitter, root)


@dataclass
class Profile:
    """The profile's schemas (by file name), what was dropped or cut to make them, and its tier files (their
    schemas are in `schemas` too)."""

    schemas: dict[str, dict[str, Any]]
    cuts: dict[str, list[Cut]]
    dropped: dict[str, list[str]]
    tiers: dict[str, TierFile] = field(default_factory=dict)


def build_profile() -> Profile:
    """Convert the published schema into the profile's files (the schemas as dicts, not yet encoded)."""
    published = _published_union()
    record_defs = _record_defs(published)
    converter = _Converter(published["$defs"], frozenset(record_defs.values()))
    schemas: dict[str, dict[str, Any]] = {}
    cuts: dict[str, list[Cut]] = {}
    for record_type, definition in record_defs.items():
        description = (
            f"(LLM profile of contract version {SCHEMA_VERSION}; read back with `peace-talks validate --profile llm`.)"
        )
        built = _record_file(converter, definition, description)
        schemas[_file_name(record_type)] = _identified(_file_name(record_type), built.schema)
        cuts[_file_name(record_type)] = built.cuts
    built = _extraction_file(converter, record_defs)
    schemas[EXTRACTION_RESULT] = _identified(EXTRACTION_RESULT, built.schema)
    cuts[EXTRACTION_RESULT] = built.cuts
    tiers = {}
    for tier in build_tiers(converter.defs, converter.optional, record_defs, within_limits):
        tier.schema = _identified(tier.name, tier.schema)
        schemas[tier.name] = tier.schema
        cuts[tier.name] = []
        tiers[tier.name] = tier
    return Profile(schemas, cuts, dict(sorted(converter.dropped.items())), tiers)


@cache
def tier_files() -> dict[str, TierFile]:
    """The tier files of the profile, by name, built once (shared: read them, do not change them)."""
    return build_profile().tiers


def _encode(value: Any) -> bytes:
    # not sorted: the order of properties is the order a model writes them in
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_llm_schemas() -> dict[str, bytes]:
    """Every file of the profile, by name, as the exact bytes to write (deterministic)."""
    profile = build_profile()
    encoded = {name: _encode(schema) for name, schema in sorted(profile.schemas.items())}
    files = []
    for name, data in encoded.items():
        stats = measure(profile.schemas[name], len(data))
        entry: dict[str, Any] = {"name": name, "$id": llm_schema_id(name), "sha256": hashlib.sha256(data).hexdigest()}
        tier = profile.tiers.get(name)
        if tier is not None:
            entry["tier"] = {
                "record_type": tier.record_type,
                "kind": tier.kind,
                "fields": list(tier.fields),
                "left_out": tier.left_out,
            }
        entry["stats"] = asdict(stats)
        entry["limits"] = [
            {
                "provider": limit.provider,
                "measure": limit.measure,
                "value": limit.value,
                "once": getattr(stats, limit.measure),
                "expanded": getattr(stats, limit.measure_expanded),
                "within": within(stats, limit),
            }
            for limit in LIMITS
        ]
        entry["within_every_limit"] = all(item["within"] for item in entry["limits"])
        entry["cut_definitions"] = {c.name: c.left_out for c in profile.cuts[name]}
        files.append(entry)
    index = {
        "name": "peace-talks-model LLM profile",
        "schema_version": SCHEMA_VERSION,
        "max_depth": MAX_DEPTH,
        "files": files,
        "limits": [asdict(limit) for limit in LIMITS],
        "dropped_rules": profile.dropped,
    }
    encoded["index.json"] = _encode(index)
    return encoded


def write_llm_schemas(directory: Path) -> list[str]:
    """Write every file of the profile into `directory` atomically; return the names of the files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    return write_generated(directory, build_llm_schemas())


def stale_llm_files(directory: Path) -> dict[str, str]:
    """The profile's files that differ from `directory` (missing ones included), each with a unified diff."""
    return stale_generated(directory, build_llm_schemas())


def llm_schema(record_type: str | None = None) -> dict[str, Any]:
    """The profile schema of one record type, or of the extraction result (None), built from the models."""
    name = EXTRACTION_RESULT if record_type is None else _file_name(record_type)
    schemas = build_profile().schemas
    if name not in schemas:
        raise KeyError(f"no record type {record_type!r}")
    return copy.deepcopy(schemas[name])


# -- measuring -----------------------------------------------------------------------------------------------


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema node of a document, `$defs` included, each once (not following references)."""
    if isinstance(node, dict):
        yield node
        for key in ("anyOf", "items"):
            value = node.get(key)
            if isinstance(value, list):
                for item in value:
                    yield from _nodes(item)
            elif isinstance(value, dict):
                yield from _nodes(value)
        for key in ("properties", "$defs"):
            for value in node.get(key, {}).values():
                yield from _nodes(value)


@dataclass(frozen=True, slots=True)
class _Expanded:
    """Measures of a schema node with every reference expanded."""

    depth: int = 0
    properties: int = 0
    values: int = 0
    unions: int = 0
    optional: int = 0
    names: int = 0

    def add(self, other: _Expanded, deeper: bool = False) -> _Expanded:
        """The measures of a node holding `other` (one level deeper when `deeper`)."""
        return _Expanded(
            max(self.depth, other.depth + 1 if deeper else other.depth),
            self.properties + other.properties,
            self.values + other.values,
            self.unions + other.unions,
            self.optional + other.optional,
            self.names + other.names,
        )


def within(stats: Stats, limit: Limit) -> bool:
    """Whether a file is within a limit counted both ways (definitions once, and at each use)."""
    once: int = getattr(stats, limit.measure)
    expanded: int = getattr(stats, limit.measure_expanded)
    return once <= limit.value and expanded <= limit.value


def within_limits(schema: Mapping[str, Any]) -> bool:
    """Whether a schema is within every published limit, counted both ways."""
    stats = measure(schema)
    return all(within(stats, limit) for limit in LIMITS)


def _is_union(node: Mapping[str, Any]) -> bool:
    return "anyOf" in node or isinstance(node.get("type"), list)


def measure(schema: Mapping[str, Any], size: int = 0) -> Stats:
    """Measure a profile file against the providers' limits (`size`: its bytes, reported as is)."""
    defs: Mapping[str, Any] = schema.get("$defs", {})
    nodes = list(_nodes(schema))
    properties = sum(len(n.get("properties", {})) for n in nodes)
    enums = [n["enum"] for n in nodes if "enum" in n]
    names = sum(len(k) for n in nodes for k in n.get("properties", {})) + sum(len(k) for k in defs)
    names += sum(len(str(v)) for e in enums for v in e)
    large = max((sum(len(str(v)) for v in e) for e in enums if len(e) > 250), default=0)
    unions = sum(1 for n in nodes for p in n.get("properties", {}).values() if _is_union(p))
    optional = sum(len(set(n.get("properties", {})) - set(n.get("required", ()))) for n in nodes)

    memo: dict[str, _Expanded] = {}
    cycles: set[str] = set()

    def expand(node: Mapping[str, Any], seen: tuple[str, ...]) -> _Expanded:
        """The measures of a node with every reference expanded."""
        if "$ref" in node:
            name = _ref_name(node)
            if name in seen:
                cycles.add(name)
                return _Expanded()
            if name not in memo:
                memo[name] = expand(defs[name], (*seen, name))
            return memo[name]
        own = node.get("properties", {})
        total = _Expanded(
            properties=len(own),
            values=len(node.get("enum", ())),
            unions=sum(1 for p in own.values() if _is_union(p)),
            optional=len(set(own) - set(node.get("required", ()))),
            names=sum(len(k) for k in own) + sum(len(str(v)) for v in node.get("enum", ())),
        )
        for branch in node.get("anyOf", ()):
            total = total.add(expand(branch, seen))
        if "items" in node:
            total = total.add(expand(node["items"], seen), deeper=True)
        if "properties" in node:
            inner = _Expanded()
            for prop in own.values():
                inner = inner.add(expand(prop, seen))
            total = total.add(inner, deeper=True)
        return total

    whole = expand(schema, ())
    depth, expanded, expanded_values = whole.depth, whole.properties, whole.values
    return Stats(
        bytes=size,
        depth=depth,
        properties=properties,
        properties_expanded=expanded,
        names=names,
        enum_values=sum(len(e) for e in enums),
        enum_values_expanded=expanded_values,
        large_enum=large,
        unions=unions,
        unions_expanded=whole.unions,
        optional=optional,
        optional_expanded=whole.optional,
        names_expanded=whole.names,
        cycles=len(cycles),
        definitions=len(defs),
    )


def dropped_rules() -> dict[str, list[str]]:
    """Field (`Definition.field`) -> the validation rules the profile drops there (kept in its description)."""
    return build_profile().dropped


# -- the documentation's tables ------------------------------------------------------------------------------


def _row(*cells: Any) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def profile_tables() -> dict[str, str]:
    """The generated tables of docs/llm-profile.md, by name: `files` (measures of each file), `limits` (each
    published limit, the largest measure and whether every file is within it), `cuts` (the cut copies of each
    file and what they leave out) and `dropped` (the rules dropped per field)."""
    index = json.loads(build_llm_schemas()["index.json"])
    files = [f for f in index["files"] if "tier" not in f]
    tier_files = [f for f in index["files"] if "tier" in f]
    tables: dict[str, str] = {}
    rows = [
        _row("file", "KB", "depth", "properties (expanded)", "names chars", "enum values (expanded)", "unions", "defs"),
        _row(*["---"] * 8),
    ]
    for f in files:
        s = f["stats"]
        rows.append(
            _row(
                f"`{f['name']}`",
                f"{s['bytes'] / 1000:.1f}",
                s["depth"],
                f"{s['properties']:,} ({s['properties_expanded']:,})",
                f"{s['names']:,}",
                f"{s['enum_values']:,} ({s['enum_values_expanded']:,})",
                s["unions"],
                s["definitions"],
            )
        )
    tables["files"] = "\n".join(rows)
    rows = [
        _row(
            "provider",
            "limit",
            "value",
            "largest in the full files: once (expanded)",
            "within",
            "largest in the tier files: once (expanded)",
            "within",
            "source",
        ),
        _row(*["---"] * 8),
    ]
    for limit in LIMITS:
        cells = []
        for group in (files, tier_files):
            once = max(f["stats"][limit.measure] for f in group)
            expanded = max(f["stats"][limit.measure_expanded] for f in group)
            measured = f"{once:,}" if once == expanded else f"{once:,} ({expanded:,})"
            if once > limit.value:
                verdict = "**no**"
            elif expanded > limit.value:
                verdict = "counted once only"
            else:
                verdict = "yes"
            cells += [measured, verdict]
        rows.append(_row(limit.provider, limit.what, f"{limit.value:,}", *cells, f"[docs]({limit.source})"))
    tables["limits"] = "\n".join(rows)
    rows = [
        _row("file", "tier", "fields", "unions", "properties", "enum values", "names chars", "depth", "within"),
        _row(*["---"] * 9),
    ]
    for f in tier_files:
        s, tier = f["stats"], f["tier"]
        both = [
            f"{s[m]:,}" if s[m] == s[EXPANDED[m]] else f"{s[m]:,} ({s[EXPANDED[m]]:,})"
            for m in ("unions", "properties", "enum_values", "names")
        ]
        rows.append(
            _row(
                f"`{f['name']}`",
                tier["kind"],
                ", ".join(f"`{x}`" for x in tier["fields"]),
                *both,
                s["depth"],
                "every limit" if f["within_every_limit"] else "**no**",
            )
        )
    tables["tiers"] = "\n".join(rows)
    left_out = sorted({x for f in tier_files for x in f["tier"]["left_out"]})
    tables["tier-left-out"] = ", ".join(f"`{x}`" for x in left_out)
    rows = [_row("file", "cut copy", "leaves out"), _row("---", "---", "---")]
    for f in files:
        for name, left_out in f["cut_definitions"].items():
            if left_out:  # the others only refer to cut copies
                rows.append(_row(f"`{f['name']}`", f"`{name}`", ", ".join(f"`{x}`" for x in left_out)))
    tables["cuts"] = "\n".join(rows)
    rows = [_row("field", "rules dropped from the profile (enforced by `peace-talks validate`)"), _row("---", "---")]
    for name, rules in index["dropped_rules"].items():
        rows.append(_row(f"`{name}`", "; ".join(f"`{r}`" for r in rules)))
    tables["dropped"] = "\n".join(rows)
    rows = [_row("code", "rule", "why the profile cannot express it"), _row("---", "---", "---")]
    for rule, why in sorted(NOT_EXPRESSED.items(), key=lambda item: (code_for(item[0]).code, item[0])):
        rows.append(_row(code_for(rule).code, f"`{rule}`", why))
    tables["not-expressed"] = "\n".join(rows)
    return tables
