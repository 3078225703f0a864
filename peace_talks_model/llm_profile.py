"""Records written in the LLM profile (`peace_talks_model.llm_schema`), and back: the one normalisation between
the two, the converter into the profile, and the reading of profile files by `peace-talks validate --profile llm`.

Output written in the profile has every key, `null` for an absent value, `[]` for an empty list and `false` or the
default value where the model has one. `from_profile(data)` is the documented normalisation: it drops every object
member whose value is `null` (recursively, inside lists too) and changes nothing else, so a value keeps its place
and the positions `validate` reports are those of the original file. That is exact because no field of the models
is both required and nullable: a null always means "absent" (a test keeps it so).

`extraction_records(data)` flattens an extraction result (`{"document": <source record>, "records": [...]}`) into
its records, document first. `to_profile(record)` writes a valid record in the profile (the inverse, tested on
every example): it fills in the keys, and raises `LossyError` when the record holds a value the profile leaves out
(a field cut for nesting depth; see `llm_schema`). `read_llm` is what `validate --profile llm` reads files with.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from peace_talks_model.llm_schema import llm_schema, tier_files
from peace_talks_model.loader import (
    JSONL_SUFFIXES,
    LoadedRecord,
    LoadProblem,
    parse_json,
    parse_record,
)
from peace_talks_model.models import Record
from peace_talks_model.models.record_base import DATA
from peace_talks_model.positions import LineIndex, escape_pointer_token, source_map

#: Bytes read to see whether a file holds one object.
_HEAD = 1 << 16
#: The keys of an extraction result.
EXTRACTION_KEYS = frozenset({"document", "records"})


class LossyError(ValueError):
    """A record holds a value the LLM profile cannot express (a field it leaves out); `path` says where."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path or '(record)'}: {why}")
        self.path = path


def from_profile(data: Any) -> Any:
    """The normalisation of profile output: every object member whose value is null dropped, recursively."""
    if isinstance(data, dict):
        return {key: from_profile(value) for key, value in data.items() if value is not None}
    if isinstance(data, list):
        return [from_profile(item) for item in data]
    return data


def is_extraction_result(data: Any) -> bool:
    """True for an extraction result: an object with `document` and `records` and no `record_type`."""
    return isinstance(data, dict) and "document" in data and "records" in data and "record_type" not in data


def extraction_records(data: Mapping[str, Any]) -> list[Any]:
    """The records of an extraction result, normalised: the document first, then the records in order."""
    records = data.get("records")
    return [
        from_profile(data.get("document")),
        *(from_profile(r) for r in (records if isinstance(records, list) else ())),
    ]


# -- into the profile ------------------------------------------------------------------------------------------


@cache
def _schema(record_type: str | None) -> dict[str, Any]:
    return llm_schema(record_type)


@cache
def _adapter() -> TypeAdapter[Record]:
    return TypeAdapter(Record)


def _dump(record: Mapping[str, Any] | Any) -> dict[str, Any]:
    """The JSON form of a valid record with every field (validated first when it is a dict)."""
    model = record if hasattr(record, "model_dump") else _adapter().validate_python(record, context=DATA)
    dumped: dict[str, Any] = model.model_dump(mode="json")
    return dumped


def _empty(value: Any) -> bool:
    return value is None or value is False or value in ([], {})


def _short_form(value: Mapping[str, Any], kinds: set[str]) -> Any:
    """A date object with only its EDTF string, or an exact count with only its value, as its short form."""
    rest = {k: v for k, v in value.items() if k not in ("edtf", "value", "qualifier") and not _empty(v)}
    if not rest and "string" in kinds and isinstance(value.get("edtf"), str) and len(value) > 1:
        return value["edtf"]
    if (
        not rest
        and "integer" in kinds
        and isinstance(value.get("value"), int)
        and value.get("qualifier") in (None, "exact")
    ):
        return value["value"]
    return None


class _Writer:
    """Fits a record's JSON form to a profile schema, member by member."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = schema.get("$defs", {})

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in node:
            node = self.defs[str(node["$ref"]).rsplit("/", 1)[-1]]
        return node

    def fit(self, value: Any, node: Mapping[str, Any], path: str) -> Any:
        node = self.resolve(node)
        if "anyOf" in node:
            return self._branch(value, [self.resolve(b) for b in node["anyOf"]], path)
        if isinstance(value, dict) and "properties" in node:
            return self._object(value, node, path)
        if isinstance(value, list) and "items" in node:
            return [self.fit(item, node["items"], f"{path}[{i}]") for i, item in enumerate(value)]
        return value

    def _branch(self, value: Any, branches: Sequence[Mapping[str, Any]], path: str) -> Any:
        kinds = {str(b.get("type")) for b in branches}
        if value is None:
            if "null" not in kinds:
                raise LossyError(path, "null where the profile takes no null")
            return None
        if isinstance(value, dict):
            objects = [b for b in branches if "properties" in b]
            if len(objects) > 1:
                tag = value.get("record_type")
                objects = [b for b in objects if b["properties"].get("record_type", {}).get("enum") == [tag]]
            if objects:
                return self._object(value, objects[0], path)
            short = _short_form(value, kinds)
            if short is not None:
                return short
            raise LossyError(path, "an object where the profile only takes its short form")
        for branch in branches:
            if branch.get("type") == "array" and isinstance(value, list):
                return self.fit(value, branch, path)
        return value

    def _object(self, value: Mapping[str, Any], node: Mapping[str, Any], path: str) -> dict[str, Any]:
        properties: Mapping[str, Any] = node["properties"]
        for key, item in value.items():
            if key not in properties and not _empty(item):
                raise LossyError(f"{path}.{key}".lstrip("."), "a field the LLM profile leaves out at this depth")
        return {key: self.fit(value.get(key), prop, f"{path}.{key}".lstrip(".")) for key, prop in properties.items()}


def to_profile(record: Mapping[str, Any] | Any) -> dict[str, Any]:
    """A valid record (dict or model) written in the LLM profile of its type: every key present, null for absent
    values, lists and defaults written out. Raises `pydantic.ValidationError` for an invalid record and
    `LossyError` for a record holding a field the profile leaves out."""
    data = _dump(record)
    schema = _schema(data["record_type"])
    return dict(_Writer(schema).fit(data, schema, ""))


def to_tiers(record: Mapping[str, Any] | Any) -> dict[str, dict[str, Any]]:
    """A valid record written as the answers of the profile's tiers (`llm_tiers`): its core answer
    (`{"records": [<core fields>]}`) and an answer for each enrichment tier that has a value to give, by tier file
    name; `merge.merge_records` folds them back into the record. Raises `LossyError` for a record holding a value
    the tier forms leave out (evidence offsets, a date's object form...)."""
    data = _dump(record)
    tiers = [t for t in tier_files().values() if t.record_type == data["record_type"]]
    answers: dict[str, dict[str, Any]] = {}
    for tier in tiers:
        schema = tier.schema
        node = schema["properties"]["records"]["items"] if tier.kind == "core" else schema
        keys = set(node["properties"])
        part = {k: v for k, v in data.items() if k in keys}
        if tier.kind == "enrichment" and all(_empty(v) or k in ("record_type", "id") for k, v in part.items()):
            continue
        written = _Writer(node).fit(part, node, "")
        answers[tier.name] = {"records": [written]} if tier.kind == "core" else written
    covered = {k for t in tiers for k in t.fields} | {"record_type", "id", "schema_version"}
    for key, value in data.items():
        if key not in covered and not _empty(value):  # pragma: no cover - every field is in a tier (tested)
            raise LossyError(key, "a field no tier asks for")
    return answers


def to_extraction_result(
    document: Mapping[str, Any] | Any, records: Sequence[Mapping[str, Any] | Any]
) -> dict[str, Any]:
    """An extraction result in the LLM profile: `document` (a source record) and the records extracted from it."""
    schema = _schema(None)
    data = {"document": _dump(document), "records": [_dump(r) for r in records]}
    return dict(_Writer(schema).fit(data, schema, ""))


# -- reading profile files for `validate --profile llm` ---------------------------------------------------------


def normalised(items: Iterator[LoadedRecord | LoadProblem]) -> Iterator[LoadedRecord | LoadProblem]:
    """The records read by the loader, parsed and normalised with `from_profile` (positions are unchanged)."""
    for item in items:
        if isinstance(item, LoadProblem):
            yield item
            continue
        data = parse_record(item)
        if isinstance(data, LoadProblem):
            yield data
        else:
            yield replace(item, data=from_profile(data))


def _whole_object(path: str | None, raw: bytes | None) -> tuple[str, Any] | None:
    """The text and value of an input holding one JSON object; None for anything else, or anything that cannot
    be read (the loader then reads it and reports why)."""
    try:
        if raw is None:
            if path is None or Path(path).suffix in JSONL_SUFFIXES or not Path(path).is_file():
                return None
            with Path(path).open("rb") as handle:  # an array is streamed by the loader: do not read it here
                head = handle.read(_HEAD)
                if not head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"{"):
                    return None
                raw = head + handle.read()
        text = raw.decode("utf-8").removeprefix("\ufeff")
        if not text.lstrip().startswith("{"):
            return None
        return text, parse_json(text)
    except (OSError, ValueError):
        return None


def read_llm(
    name: str, path: str | None, raw: bytes | None, read: Callable[[], Iterator[LoadedRecord | LoadProblem]]
) -> Iterator[LoadedRecord | LoadProblem]:
    """The records of one input written in the LLM profile, normalised: an extraction result is flattened into
    its document and records (pointers `/document`, `/records/N`), any other input is read by `read` (the loader).
    `records[N]` is record N (the number a report gives), and the document, read first, is numbered after them."""
    whole = _whole_object(path, raw)
    if whole is None or not is_extraction_result(whole[1]):
        yield from normalised(read())
        return
    text, document = whole
    lines = LineIndex(text)
    spans = source_map(text)
    for key in sorted(set(document) - EXTRACTION_KEYS):
        span = spans[f"/{escape_pointer_token(key)}"]
        line, column = lines.locate(span.key if span.key is not None else span.value)
        message = f"unknown key '{key}' in the extraction result (allowed: document, records)"
        yield LoadProblem(name, "envelope_keys", message, line, column, f"/{escape_pointer_token(key)}")
    records = document["records"]
    # `records[N]` is record N, as in an envelope; the document is numbered after them (record len(records))
    count = len(records) if isinstance(records, list) else 0
    yield LoadedRecord(name, count, 1, from_profile(document["document"]), text, "/document")
    if not isinstance(records, list):
        line, column = lines.locate(spans["/records"].value)
        message = "'records' in the extraction result must be an array of records"
        yield LoadProblem(name, "envelope_records", message, line, column, "/records")
        return
    for index, record in enumerate(records):
        yield LoadedRecord(name, index, 1, from_profile(record), text, f"/records/{index}")


def dumps(value: Any) -> str:
    """Profile JSON text (two-space indent, UTF-8 kept)."""
    return json.dumps(value, indent=2, ensure_ascii=False)
