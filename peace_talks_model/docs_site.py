"""The published schemas as the documentation site serves them: each file at the path its `$id` names, and a
catalog that editors read.

Every published schema's `$id` is `SCHEMA_BASE_URL/<version>/<path>`. The site built from `mkdocs.yml` is meant to
be hosted at `SCHEMA_BASE_URL` (docs/schema.md, "Hosting the schemas"), so it serves, from the committed files and
nothing else (no copy is committed):

- `<version>/<file>`: every file of `schemas/` for the current contract version, `index.json` included;
- `<version>/llm/<file>`: every file of the LLM profile (`schemas/llm/`);
- `<old version>/record.schema.json`: the union schema of each earlier released version (`schemas/released/`);
- `catalog.json`: a catalog in the SchemaStore format (`schema_catalog`), naming each schema with its address;
- `CNAME`: the host of `SCHEMA_BASE_URL`, for GitHub Pages' custom domain.

`served_files(schemas_dir)` maps each site path to its committed file; `write_served(schemas_dir, site_dir)` copies
them into a built site. `on_post_build` is the MkDocs hook (`hooks:` in `mkdocs.yml`) that does it on every build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.io import write_bytes
from peace_talks_model.llm_schema import EXTRACTION_RESULT, LLM_PATH
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.schema_export import RELEASED, SCHEMA_BASE_URL, released_versions, schema_id

#: The SchemaStore catalog format (https://www.schemastore.org/api/json/catalog.json follows it).
CATALOG_SCHEMA = "https://json.schemastore.org/schema-catalog.json"
#: Where the catalog is served, relative to `SCHEMA_BASE_URL`.
CATALOG = "catalog.json"


def served_files(schemas_dir: Path) -> dict[str, Path]:
    """Site path (relative to `SCHEMA_BASE_URL`) -> the committed file served there, in path order."""
    served: dict[str, Path] = {}
    for path in sorted(schemas_dir.glob("*.json")):
        served[f"{SCHEMA_VERSION}/{path.name}"] = path
    for path in sorted((schemas_dir / LLM_PATH).glob("*.json")):
        served[f"{SCHEMA_VERSION}/{LLM_PATH}/{path.name}"] = path
    for version in released_versions(schemas_dir):
        if version != SCHEMA_VERSION:  # the current version is served from its current files
            served[f"{version}/record.schema.json"] = schemas_dir / RELEASED / version / "record.schema.json"
    return dict(sorted(served.items()))


def _description(path: Path) -> str:
    schema = json.loads(path.read_text(encoding="utf-8"))
    return str(schema.get("description", "")).split("\n\n")[0].replace("\n", " ")


def schema_catalog(schemas_dir: Path) -> dict[str, Any]:
    """The catalog of the published schemas, in the SchemaStore catalog format.

    One entry per schema a person or an editor would pick: the records file (any of the three file forms), one
    record of any type (with every released version under `versions`), each record type, and the LLM profile's
    extraction result. No `fileMatch`: records files have no naming convention, so a catalog entry never claims
    files by name; an editor is pointed at a schema by its settings (docs/schema.md says how).
    """
    versions = {v: f"{SCHEMA_BASE_URL}/{v}/record.schema.json" for v in released_versions(schemas_dir)}
    versions[SCHEMA_VERSION] = schema_id("record.schema.json")
    entries: list[dict[str, Any]] = [
        {
            "name": "peace-talks-model records file",
            "description": _description(schemas_dir / "records.schema.json"),
            "url": schema_id("records.schema.json"),
        },
        {
            "name": "peace-talks-model record",
            "description": _description(schemas_dir / "record.schema.json"),
            "url": schema_id("record.schema.json"),
            "versions": dict(sorted(versions.items(), key=lambda kv: tuple(int(x) for x in kv[0].split(".")))),
        },
    ]
    for record_type in MODEL_BY_TYPE:
        name = f"{record_type.replace('_', '-')}.schema.json"
        entries.append(
            {
                "name": f"peace-talks-model {record_type.replace('_', ' ')} record",
                "description": _description(schemas_dir / name),
                "url": schema_id(name),
            }
        )
    entries.append(
        {
            "name": "peace-talks-model extraction result (LLM profile)",
            "description": "The records a language model extracted from one document, in the structured-output "
            "profile; read back with `peace-talks validate --profile llm`.",
            "url": schema_id(f"{LLM_PATH}/{EXTRACTION_RESULT}"),
        }
    )
    return {"$schema": CATALOG_SCHEMA, "version": 1, "schemas": entries}


def write_served(schemas_dir: Path, site_dir: Path) -> list[str]:
    """Copy every served file into `site_dir` at its path, write the catalog and `CNAME`; return the paths."""
    written = []
    for relative, source in served_files(schemas_dir).items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, source.read_bytes())
        written.append(relative)
    catalog = json.dumps(schema_catalog(schemas_dir), indent=2, ensure_ascii=False) + "\n"
    write_bytes(site_dir / CATALOG, catalog.encode("utf-8"))
    host = urlsplit(SCHEMA_BASE_URL).hostname or ""
    write_bytes(site_dir / "CNAME", f"{host}\n".encode())
    return [*written, CATALOG, "CNAME"]


def on_post_build(config: Any, **_: Any) -> None:
    """MkDocs hook: serve the schemas of the repository that holds `mkdocs.yml` in the site just built."""
    root = Path(config["config_file_path"]).parent
    write_served(root / "schemas", Path(config["site_dir"]))
