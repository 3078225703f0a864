"""The published JSON Schema: built from the models in the portable profile, written to `schemas/`, checked.

`build_schemas()` returns every published file as bytes: one `<record-type>.schema.json` per record type,
`record.schema.json` (the union), `records.schema.json` (the file formats: one record, an array, the
envelope) and `index.json` (name, version, `$id` and sha256 of each file). `write_schemas(dir)` writes them
atomically; `stale_files(dir)` compares them with what is on disk. `schema_profile(name)` gives each set of
generated schema files (`default`, this one; `llm`, the structured-output profile of `llm_schema`) with its folder,
the command that regenerates it, and its writing and checking.

The portable profile is what pydantic emits, made loadable by any draft 2020-12 validator with no options:
`$schema` and a versioned `$id` on every file; no `discriminator` keyword (Ajv strict rejects its `mapping`; the
`oneOf` of closed branches, each requiring its own `record_type` constant, selects the branch on its own);
`type: "object"` beside every `properties`/`required` (Ajv's strictTypes); every file self-contained; every
pattern that ends with `$` ends with `$(?!\n)` (`published_pattern`), so that Python's `re` does not accept one
final line feed that the models and ECMAScript engines refuse.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.io import write_bytes
from peace_talks_model.models import MODEL_BY_TYPE, Record
from peace_talks_model.models.scalars import END_OF_TEXT
from peace_talks_model.starters import STARTERS

#: Where the schemas are published: `$id` = f"{SCHEMA_BASE_URL}/{SCHEMA_VERSION}/{file name}". The path of a
#: released version never changes; a new contract version gets a new path.
SCHEMA_BASE_URL = "https://schemas.peace-talks-model.org"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: The command that regenerates the committed schemas.
REGENERATE = "peace-talks schema export"


def schema_id(name: str) -> str:
    """The `$id` of a published file."""
    return f"{SCHEMA_BASE_URL}/{SCHEMA_VERSION}/{name}"


def _named_types() -> dict[str, str]:
    """Python class name -> published `$defs` name, for every model and enum that sets `__schema_name__`.

    A `$defs` name is the class name unless the class pins its published name: rename a class and set
    `__schema_name__ = "OldName"` on it, and the published schema does not change (the test of released
    versions fails otherwise)."""
    seen: dict[str, str] = {}
    stack: list[Any] = list(MODEL_BY_TYPE.values())
    visited: set[Any] = set()
    while stack:
        kind = stack.pop()
        if kind in visited:
            continue
        visited.add(kind)
        pinned = kind.__dict__.get("__schema_name__") if isinstance(kind, type) else None
        if isinstance(pinned, str):
            seen[kind.__name__] = pinned
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            stack.extend(arg for field in kind.model_fields.values() for arg in _type_args(field.annotation))
    return seen


def _type_args(annotation: Any) -> list[Any]:
    out = [annotation]
    for arg in typing.get_args(annotation):
        out.extend(_type_args(arg))
    return out


def _rename_defs(schema: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    if not names:
        return schema
    text = json.dumps(schema)
    for old, new in names.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/$defs/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    if "$defs" in renamed:
        renamed["$defs"] = {names.get(key, key): value for key, value in renamed["$defs"].items()}
    return renamed


def published_pattern(pattern: str) -> str:
    """The pattern as the published schema writes it: a final `$` becomes `END_OF_TEXT`."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + END_OF_TEXT
    return pattern


def _portable(node: Any) -> Any:
    """Rewrite a pydantic JSON Schema node into the portable profile (recursively)."""
    if isinstance(node, list):
        return [_portable(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _portable(value) for key, value in node.items() if key != "discriminator"}
    if isinstance(out.get("pattern"), str):
        out["pattern"] = published_pattern(out["pattern"])
    if ("properties" in out or "required" in out) and "type" not in out:
        out["type"] = "object"
    return out


def _document(name: str, title: str, description: str, body: dict[str, Any]) -> dict[str, Any]:
    schema = _portable(_rename_defs(body, _named_types()))
    return {
        "$schema": DRAFT,
        "$id": schema_id(name),
        **schema,
        "title": title,
        "description": description,
    }


def _encode(schema: Mapping[str, Any]) -> bytes:
    return (json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _record_types_schema() -> dict[str, dict[str, Any]]:
    files = {}
    for record_type, model in MODEL_BY_TYPE.items():
        name = f"{record_type.replace('_', '-')}.schema.json"
        doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        body = TypeAdapter(model).json_schema()
        # the minimal record of examples/minimal (a test keeps them identical, and validates them)
        body["examples"] = [STARTERS[record_type]]
        files[name] = _document(name, model.__name__, doc, body)
    return files


def _union_schema() -> dict[str, Any]:
    return TypeAdapter(Record).json_schema()


def build_schemas() -> dict[str, bytes]:
    """Every published file, by name, as the exact bytes to write (deterministic)."""
    files = _record_types_schema()
    union = _union_schema()
    files["record.schema.json"] = _document(
        "record.schema.json", "Record", "Any peace_talks_model record, selected by its record_type tag.", union
    )
    defs = union.get("$defs", {})
    record_ref = {key: value for key, value in union.items() if key != "$defs"}
    envelope = {
        "type": "object",
        "description": "The envelope: a schema_version and the records.",
        "properties": {
            "schema_version": {
                "type": "string",
                "pattern": r"^[0-9]+\.[0-9]+$",
                "description": "Version of the record contract the records were written for.",
            },
            "records": {"type": "array", "items": {"$ref": "#/$defs/Record"}, "description": "The records."},
        },
        "required": ["records"],
        "additionalProperties": False,
    }
    files["records.schema.json"] = _document(
        "records.schema.json",
        "Records file",
        "A .json records file: one record, an array of records, or the envelope {schema_version, records}. "
        "(A .jsonl file holds one record, valid against record.schema.json, per line.)",
        {
            "anyOf": [
                {"$ref": "#/$defs/Record"},
                {"type": "array", "items": {"$ref": "#/$defs/Record"}},
                envelope,
            ],
            "$defs": {**defs, "Record": record_ref},
        },
    )
    encoded = {name: _encode(schema) for name, schema in sorted(files.items())}
    index = {
        "name": "peace-talks-model",
        "schema_version": SCHEMA_VERSION,
        "files": [
            {"name": name, "$id": schema_id(name), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in encoded.items()
        ],
    }
    encoded["index.json"] = _encode(index)
    return encoded


def write_generated(directory: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write generated files (relative path -> content) into `directory`, each replaced whole and atomically, and
    only when its content changed; return the relative paths written."""
    changed = []
    for name, data in files.items():
        target = directory / name
        if target.is_file() and target.read_bytes() == data:
            continue
        write_bytes(target, data)  # makes the folders it needs
        changed.append(name)
    return changed


def stale_generated(directory: Path, files: Mapping[str, bytes]) -> dict[str, str]:
    """The generated files (relative path -> content) that differ from `directory` (missing ones included), each
    with a unified diff."""
    stale = {}
    for name, data in files.items():
        target = directory / name
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        wanted = data.decode("utf-8")
        if current != wanted:
            diff = difflib.unified_diff(
                current.splitlines(True), wanted.splitlines(True), f"{directory}/{name}", f"{name} (generated)", n=2
            )
            stale[name] = "".join(diff)
    return stale


def write_schemas(directory: Path) -> list[str]:
    """Write every published file into `directory` atomically (each file replaced whole); return the names
    of the files whose content changed."""
    directory.mkdir(parents=True, exist_ok=True)
    return write_generated(directory, build_schemas())


def stale_files(directory: Path) -> dict[str, str]:
    """The published files that differ from `directory` (missing ones included), each with a unified diff."""
    return stale_generated(directory, build_schemas())


@dataclass(frozen=True, slots=True)
class SchemaProfile:
    """One set of generated schema files: its name, the folder it is committed in, the command that regenerates
    it, and the function building its files (relative path -> content)."""

    name: str
    directory: str
    regenerate: str
    build: Callable[[], Mapping[str, bytes]]

    def write(self, directory: Path) -> list[str]:
        """Write the files into `directory` (each replaced whole, only when changed); the relative paths written.

        Raises:
            WriteError: a file cannot be written (`peace_talks_model.io`; exit status 3).
        """
        return write_generated(directory, self.build())

    def stale(self, directory: Path) -> dict[str, str]:
        """The files that differ from `directory` (missing ones included), each with a unified diff."""
        return stale_generated(directory, self.build())


#: The names of the schema profiles (`peace-talks schema export --profile NAME`).
PROFILES: tuple[str, ...] = ("default", "llm")


def schema_profile(name: str) -> SchemaProfile:
    """The schema profile called `name` (one of `PROFILES`): `default`, the published schema of this module;
    `llm`, the structured-output profile of `peace_talks_model.llm_schema`.

    Raises:
        KeyError: no profile has this name.
    """
    if name == "default":
        return SchemaProfile("default", "schemas", REGENERATE, build_schemas)
    if name == "llm":
        # imported here: llm_schema builds on this module
        from peace_talks_model.llm_schema import LLM_DIR, REGENERATE_LLM, build_llm_schemas  # noqa: PLC0415

        return SchemaProfile("llm", LLM_DIR, REGENERATE_LLM, build_llm_schemas)
    raise KeyError(f"no schema profile {name!r}; choose from {', '.join(PROFILES)}")


def schema_of(record_type: str | None = None) -> dict[str, Any]:
    """The published schema of one record type (or of the union), built from the models (no file is read)."""
    name = "record.schema.json" if record_type is None else f"{record_type.replace('_', '-')}.schema.json"
    files = build_schemas()
    if name not in files:
        raise KeyError(f"no record type {record_type!r}")
    result: dict[str, Any] = json.loads(files[name])
    return result


def published(name: str = "record.schema.json") -> dict[str, Any]:
    """A schema file as shipped in the wheel (package `peace_talks_model.schemas`); in a source checkout
    installed in editable mode, where that package is not mapped, the committed `schemas/` folder."""
    try:
        text = (files("peace_talks_model.schemas") / name).read_text(encoding="utf-8")
    except ModuleNotFoundError:
        text = (Path(__file__).resolve().parent.parent / "schemas" / name).read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


#: `published`, under the name the package root exports it by.
published_schema = published

#: Where the union schema of each released contract version is kept, to classify later changes against it.
RELEASED = "released"


def release(directory: Path) -> Path:
    """Keep the current union schema as the released snapshot of this contract version (never overwritten)."""
    target = directory / RELEASED / SCHEMA_VERSION / "record.schema.json"
    if target.exists():
        raise FileExistsError(f"{target} exists: version {SCHEMA_VERSION} is already released")
    write_bytes(target, build_schemas()["record.schema.json"])
    return target


def released_versions(directory: Path) -> list[str]:
    """The released contract versions kept in `directory`, oldest first."""
    root = directory / RELEASED
    versions = [p.name for p in root.iterdir() if (p / "record.schema.json").exists()] if root.exists() else []
    return sorted(versions, key=lambda v: tuple(int(x) for x in v.split(".")))
