"""The tiers of the LLM profile: for each record type a *core* file and *enrichment* files, each within the
strictest published limits of every provider (`llm_schema.LIMITS`, Anthropic's 16 union-typed parameters the
tightest), so that a record can be extracted in strict structured-output mode by any of them, in several calls.

- `<type>.core.schema.json`: the answer `{"records": [...]}` of one call that extracts every record of one type
  from a document, each with the fields of `CORE_FIELDS` (what identifies the record and carries its main facts).
- `<type>.enrichment-N.schema.json`: the answer `{"record_type": ..., "id": ..., <fields>}` of a call that fills
  the other fields of one record, given its id and its core answer. Every field of the record type is in its
  core or in exactly one enrichment; `merge.merge_answers` folds the answers back into records.

A tier file has no `$defs`: every definition is written out where it is used, so a measure counted with each
definition once and counted at each use is the same number (the index gives both). To stay within the limits,
the building blocks are written in their *tier form* (`TIER_FORMS`): evidence is its source and quote, a date its
EDTF string, a place its name and country... A field of a building block that its tier form leaves out is in no
tier; `TierFile.left_out` names each one, and the full profile file of the record type still takes it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from peace_talks_model._version import SCHEMA_VERSION

#: The fields of each record type's core tier (besides record_type, id and schema_version), in the model's order.
CORE_FIELDS: dict[str, tuple[str, ...]] = {
    "source": ("kind", "title", "url", "publisher", "publisher_name", "language", "published", "dateline", "evidence"),
    "actor": ("name", "kind", "other_kinds", "country", "nationalities", "posts", "evidence"),
    "negotiation": (
        "kind",
        "title",
        "participants",
        "date",
        "place",
        "formality",
        "status_history",
        "agreements",
        "evidence",
    ),
    "agreement": ("name", "type", "parties", "mediators", "signatories", "status_history", "date", "place", "evidence"),
    "prisoner_swap": ("title", "sides", "status_history", "date", "place", "evidence"),
    "ceasefire": ("kind", "title", "declarations", "status_history", "evidence"),
    "claim": ("statement", "stance", "attribution", "date", "about", "factuality", "evidence"),
    "position": ("holders", "kind", "topic", "description", "stated", "attribution", "evidence"),
    "event": ("kind", "polarity", "title", "date", "place", "actors", "casualties", "evidence"),
    "conflict": ("name", "conflict_type", "incompatibility", "side_a", "side_b", "start", "end", "evidence"),
}

#: The fields every tier file of a record type starts with: what names the record.
IDENTITY = ("record_type", "id", "schema_version")

#: The tier form of a building block: the fields it keeps (a field the model requires is kept in any case).
TIER_FORMS: dict[str, tuple[str, ...]] = {
    "Evidence": ("source", "quote"),
    "Attribution": ("speaker", "unnamed", "on_behalf_of", "hedged", "hedge"),
    "UnnamedSpeaker": ("descriptor", "affiliation"),
    "Place": ("name", "country", "undisclosed"),
    "Quantity": ("value", "qualifier", "lower", "upper"),
    "BaseQuantity": ("value", "qualifier", "lower", "upper"),
    "Characterization": ("label", "text", "evidence"),
    "Confidence": ("level",),
    "RelativeTime": ("relation", "offset", "anchor", "approximate"),
    "Anchor": ("record",),
    "Relay": ("outlet", "name"),
    "ExternalId": ("scheme", "value"),
    "DatasetCode": ("dataset", "variable", "value"),
    "Participant": ("actor", "description", "role", "on_behalf_of", "evidence"),
    "ThirdParty": ("actor", "description", "role", "evidence"),
    "Signatory": ("actor", "capacity", "on_behalf_of", "evidence"),
    "NegotiationStatusStep": ("date", "status", "evidence"),
    "AgreementStatusStep": ("date", "status", "evidence"),
    "SwapStatusStep": ("date", "status", "evidence"),
    "CeasefireStatusStep": ("date", "status", "evidence"),
    "EventStatusStep": ("date", "status", "evidence"),
    "SwapSide": ("key", "releaser", "receiver", "group_description", "count", "evidence"),
    "Declaration": ("declarer", "side", "declared", "effective", "end", "reciprocating", "conditional", "evidence"),
    "Post": ("title", "organization", "on_behalf_of", "start", "end", "evidence"),
    "ActorRelation": ("type", "target", "start", "end", "evidence"),
    "Name": ("text", "lang", "kind", "evidence"),
    "Casualties": ("type", "count", "group", "affiliation", "inflicted_by", "evidence"),
    "Commitment": (
        "key",
        "action",
        "object",
        "obligors",
        "target",
        "quantity",
        "deadline",
        "deadline_relative",
        "modality",
        "evidence",
    ),
    "Provision": ("key", "topic", "modality", "description", "obligors", "beneficiaries", "commitments", "evidence"),
    "Detainee": ("person", "nationality", "description", "evidence"),
    "Custody": ("holder", "holder_description", "detainees", "count", "evidence"),
    "SwapCondition": ("kind", "applies_to", "count", "description", "evidence"),
    "SwapPhase": ("key", "date", "releases", "evidence"),
    "Violation": ("date", "by", "alleged_by", "count", "description", "evidence"),
    "Extension": ("by", "date", "until", "evidence"),
    "Scope": ("extent", "places", "description"),
    "Assessment": ("kind", "subject", "direction", "text"),
    "ImplementationStep": ("status", "date", "quantity", "evidence"),
    "Contributor": ("name", "actor", "role"),
    "TextDefect": ("kind", "quote", "note"),
    "Rate": ("count", "per"),
    "Annex": ("title", "visibility", "evidence"),
    "AgreementVersion": ("key", "label", "date", "evidence"),
    "Outcome": ("kind", "description", "records", "evidence"),
    "AgendaItem": ("topic", "description", "raised_by", "evidence"),
    "Precedent": ("first_ever", "since", "evidence"),
    "StatedDuration": ("duration", "as_of", "evidence"),
    "FuzzyDuration": ("value", "approximate", "text"),
    "IntensityStep": ("date", "level", "deaths", "evidence"),
}
#: Building blocks written in their short form only: a date is its EDTF string.
SHORT_ONLY = frozenset({"FuzzyDate"})


@dataclass
class TierFile:
    """One tier file: its name, record type, kind ('core' or 'enrichment'), the record's fields it asks for, what
    its building blocks leave out, and the schema."""

    name: str
    record_type: str
    kind: str
    fields: tuple[str, ...]
    schema: dict[str, Any]
    left_out: list[str] = field(default_factory=list)


def _ref_name(node: Mapping[str, Any]) -> str:
    return str(node["$ref"]).rsplit("/", 1)[-1]


class _Inliner:
    """Writes the profile's definitions out where they are used, in their tier forms."""

    def __init__(self, defs: Mapping[str, Any], optional: Mapping[str, frozenset[str]]) -> None:
        self.defs = defs
        self.optional = optional

    def field(self, owner: str, name: str, left_out: list[str]) -> dict[str, Any]:
        node = self.inline(self.defs[owner]["properties"][name], left_out)
        if node is None:
            raise ValueError(f"{owner}.{name} has no tier form")
        return node

    def inline(self, node: Mapping[str, Any], left_out: list[str]) -> dict[str, Any] | None:
        if "$ref" in node:
            name = _ref_name(node)
            return None if name in SHORT_ONLY else self.definition(name, left_out)
        if "anyOf" in node:
            branches = [b for b in (self.inline(x, left_out) for x in node["anyOf"]) if b is not None]
            if not branches or branches == [{"type": "null"}]:
                return None
            rest = {k: v for k, v in node.items() if k != "anyOf"}
            if len(branches) == 1:  # a described `$ref`, or a union whose other forms the tier leaves out
                return _described(branches[0], rest.get("description"))
            return {**rest, "anyOf": branches}
        out = dict(node)
        if "items" in node:
            items = self.inline(node["items"], left_out)
            if items is None:
                return None
            out["items"] = items
        if "properties" in node:
            out.update(self._properties(None, node, left_out))
        return out

    def definition(self, name: str, left_out: list[str]) -> dict[str, Any]:
        node = self.defs[name]
        out = {k: copy.deepcopy(v) for k, v in node.items() if k not in ("properties", "required")}
        if "properties" in node:
            out.update(self._properties(name, node, left_out))
        return out

    def _properties(self, name: str | None, node: Mapping[str, Any], left_out: list[str]) -> dict[str, Any]:
        keep = TIER_FORMS.get(name) if name else None
        optional = self.optional.get(name, frozenset()) if name else frozenset()
        properties: dict[str, Any] = {}
        for key, prop in node["properties"].items():
            if keep is not None and key not in keep and key in optional:
                note = f"{name}.{key}"
                if note not in left_out:
                    left_out.append(note)
                continue
            inlined = self.inline(prop, left_out)
            if inlined is None:
                raise ValueError(f"{name}.{key} has no tier form")
            properties[key] = inlined
        return {"properties": properties, "required": list(properties), "additionalProperties": False}


def _described(node: dict[str, Any], description: str | None) -> dict[str, Any]:
    """`node` with the description of the property that refers to it (an enum keeps its values' meanings)."""
    if not description:
        return node
    inner = node.get("description")
    text = f"{description} {inner}" if inner and "enum" in node else description
    out = {"description": text, **{k: v for k, v in node.items() if k != "description"}}
    order = ("type", "description")
    return {**{k: out[k] for k in order if k in out}, **{k: v for k, v in out.items() if k not in order}}


def _identity(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: copy.deepcopy(record["properties"][key]) for key in IDENTITY}


def tier_file_name(record_type: str, tier: str) -> str:
    """The file name of a tier: `<record-type>.<tier>.schema.json` (tier 'core' or 'enrichment-N')."""
    return f"{record_type.replace('_', '-')}.{tier}.schema.json"


def _core(record_type: str, definition: str, inliner: _Inliner) -> TierFile:
    record = inliner.defs[definition]
    fields = CORE_FIELDS[record_type]
    left_out: list[str] = []
    properties = _identity(record)
    for name in fields:
        properties[name] = inliner.field(definition, name, left_out)
    item = {
        "type": "object",
        "description": f"A {record_type.replace('_', ' ')} record, core tier: the fields that identify it and carry "
        "its main facts. Every other field is asked for by the enrichment tiers, given this record's id.",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    name = tier_file_name(record_type, "core")
    schema = {
        "type": "object",
        "description": f"Every {record_type.replace('_', ' ')} record the document supports, core tier of the LLM "
        f"profile (contract version {SCHEMA_VERSION}): merge the enrichment answers in with `peace-talks merge`, or "
        "read this answer with `peace-talks validate --profile llm`.",
        "properties": {
            "records": {
                "type": "array",
                "description": f"The {record_type.replace('_', ' ')} records, each with its id: the enrichment "
                "calls name the record by it.",
                "items": item,
            }
        },
        "required": ["records"],
        "additionalProperties": False,
    }
    return TierFile(name, record_type, "core", fields, schema, left_out)


def _enrichment(
    record_type: str,
    definition: str,
    fields: Sequence[str],
    parts: Mapping[str, dict[str, Any]],
    inliner: _Inliner,
    *,
    number: int = 0,
    left_out: Sequence[str] = (),
) -> TierFile:
    record = inliner.defs[definition]
    identity = _identity(record)
    identity["id"] = {**identity["id"], "description": "The id of the record to fill, as its core answer gives it."}
    properties = {k: v for k, v in identity.items() if k != "schema_version"}
    properties.update({name: copy.deepcopy(parts[name]) for name in fields})
    name = tier_file_name(record_type, f"enrichment-{number}")
    schema = {
        "type": "object",
        "description": f"More fields of one {record_type.replace('_', ' ')} record, enrichment tier {number} of the "
        f"LLM profile (contract version {SCHEMA_VERSION}): {', '.join(fields)}. Given the record's id and its core "
        "answer, fill what the document says (null or [] for what it does not); `peace-talks merge` folds the "
        "answer into the core record.",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return TierFile(name, record_type, "enrichment", tuple(fields), schema, list(left_out))


def _enrichments(record_type: str, definition: str, inliner: _Inliner, fits: Callable[[Any], bool]) -> list[TierFile]:
    """The enrichment tiers of one record type: the fields not in its core, in the model's order, packed into as
    few files as fit."""
    rest = [
        n for n in inliner.defs[definition]["properties"] if n not in IDENTITY and n not in CORE_FIELDS[record_type]
    ]
    notes: dict[str, list[str]] = {name: [] for name in rest}
    parts = {name: inliner.field(definition, name, notes[name]) for name in rest}
    groups: list[list[str]] = []
    for name in rest:
        if groups and fits(_enrichment(record_type, definition, [*groups[-1], name], parts, inliner).schema):
            groups[-1].append(name)
            continue
        if not fits(_enrichment(record_type, definition, [name], parts, inliner).schema):
            raise ValueError(f"{record_type}.{name} alone is not within the providers' limits in its tier form")
        groups.append([name])
    return [
        _enrichment(
            record_type,
            definition,
            group,
            parts,
            inliner,
            number=number,
            left_out=list(dict.fromkeys(note for name in group for note in notes[name])),
        )
        for number, group in enumerate(groups, 1)
    ]


def build_tiers(
    defs: Mapping[str, Any],
    optional: Mapping[str, frozenset[str]],
    record_defs: Mapping[str, str],
    fits: Callable[[Any], bool],
) -> list[TierFile]:
    """The tier files of every record type, core first. `fits(schema)` says whether a schema is within every
    limit (`llm_schema.within_limits`); a ValueError when a core, or one field alone, is not."""
    inliner = _Inliner(defs, optional)
    tiers: list[TierFile] = []
    for record_type, definition in record_defs.items():
        core = _core(record_type, definition, inliner)
        if not fits(core.schema):
            raise ValueError(f"the core tier of {record_type} is not within the providers' limits")
        tiers.append(core)
        tiers.extend(_enrichments(record_type, definition, inliner, fits))
    return tiers
