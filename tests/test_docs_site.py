"""The documentation site serves every published schema at the path its `$id` names, with a catalog: every `$id`
maps to a served file, no two files share one, all of them load into one Ajv instance and one python-jsonschema
registry, and the catalog names only served addresses."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.docs_site import CATALOG, CATALOG_SCHEMA, schema_catalog, served_files, write_served
from peace_talks_model.llm_schema import build_profile
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.schema_diff import Level, diff_schemas
from peace_talks_model.schema_export import SCHEMA_BASE_URL, released_versions
from tests.conftest import AJV, ROOT, ajv_node

SCHEMAS = ROOT / "schemas"


def every_id_in_the_repository() -> dict[str, list[Path]]:
    """`$id` -> the committed files that carry it (every JSON file under schemas/)."""
    found: dict[str, list[Path]] = {}
    for path in sorted(SCHEMAS.rglob("*.json")):
        value = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(value, dict) and "$id" in value:
            found.setdefault(value["$id"], []).append(path)
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_served(SCHEMAS, out)
    return out


def test_every_id_is_served_at_the_path_it_names() -> None:
    served = served_files(SCHEMAS)
    ids = every_id_in_the_repository()
    earlier = [v for v in released_versions(SCHEMAS) if v != SCHEMA_VERSION]
    # a file per record type, the union and the file formats; the profile's, its tiers'; each earlier version's union
    tiers = len(build_profile().tiers)
    assert len(ids) == (len(MODEL_BY_TYPE) + 2) + (len(MODEL_BY_TYPE) + 1 + tiers) + len(earlier)
    for schema_id, paths in ids.items():
        assert schema_id.startswith(SCHEMA_BASE_URL + "/"), schema_id
        relative = schema_id.removeprefix(SCHEMA_BASE_URL + "/")
        assert relative in served, f"{schema_id} ({paths[0]}) is not served"
        assert served[relative] in paths
    for relative, path in served.items():  # and the served file says where it is served
        value = json.loads(path.read_text(encoding="utf-8"))
        if relative.endswith(".schema.json"):
            assert value["$id"] == f"{SCHEMA_BASE_URL}/{relative}"
    # the LLM profile is served beside the default profile of its version
    assert f"{SCHEMA_VERSION}/llm/extraction-result.schema.json" in served
    assert f"{SCHEMA_VERSION}/index.json" in served
    assert f"{SCHEMA_VERSION}/llm/index.json" in served


def test_a_shared_id_is_only_the_current_versions_snapshot_with_annotations_changed() -> None:
    """The released snapshot of the current version has the current file's `$id`; the current file is served, and
    may differ from the snapshot only in annotations (descriptions), never in what it accepts."""
    shared = {schema_id: paths for schema_id, paths in every_id_in_the_repository().items() if len(paths) > 1}
    assert set(shared) <= {f"{SCHEMA_BASE_URL}/{SCHEMA_VERSION}/record.schema.json"}
    for paths in shared.values():
        current, snapshot = sorted(paths, key=lambda p: "released" in p.parts)
        old = json.loads(snapshot.read_text(encoding="utf-8"))
        new = json.loads(current.read_text(encoding="utf-8"))
        assert [c for c in diff_schemas(old, new) if c.level > Level.patch] == []


def test_served_files_are_the_committed_bytes_with_the_users_permissions(site: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    for relative, path in served_files(SCHEMAS).items():
        target = site / relative
        assert target.read_bytes() == path.read_bytes(), relative
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert (site / "CNAME").read_text(encoding="utf-8") == "schemas.peace-talks-model.org\n"


def test_one_python_jsonschema_registry_resolves_every_id(site: Path) -> None:
    resources = []
    for path in sorted(site.rglob("*.schema.json")):
        resources.append(Resource.from_contents(json.loads(path.read_text(encoding="utf-8")), DRAFT202012))
    registry: Registry[Any] = Registry().with_resources((r.id() or "", r) for r in resources)
    assert len({r.id() for r in resources}) == len(resources)
    resolver = registry.resolver()
    for resource in resources:
        assert resolver.lookup(resource.id() or "").contents is resource.contents
    # a validator built from an address alone finds its schema in the registry
    record = {"record_type": "actor", "id": "actor:x", "schema_version": SCHEMA_VERSION, "name": "X", "kind": "person"}
    address = f"{SCHEMA_BASE_URL}/{SCHEMA_VERSION}/record.schema.json"
    validator = Draft202012Validator({"$ref": address}, registry=registry)
    assert validator.is_valid(record)
    assert not validator.is_valid({**record, "kind": "persn"})


def test_one_ajv_instance_in_strict_mode_loads_every_file(site: Path) -> None:
    node = ajv_node()
    out = subprocess.run(
        [node, str(AJV / "together.mjs"), str(site)], capture_output=True, text=True, check=False, timeout=120
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    expected = {f"{SCHEMA_BASE_URL}/{r}": r for r in served_files(SCHEMAS) if r.endswith(".schema.json")}
    assert report["ids"] == expected
    assert sorted(report["compiled"]) == sorted(expected)


def check_catalog(catalog: Any) -> list[str]:
    """What in a catalog breaks the SchemaStore catalog format (https://json.schemastore.org/schema-catalog.json:
    `$schema`, a numeric `version`, `schemas` of objects with `name`, `description`, an https `url`, and
    optionally `fileMatch` and `versions`, nothing else)."""
    problems = []
    if not isinstance(catalog, dict) or set(catalog) != {"$schema", "version", "schemas"}:
        return ["the catalog has exactly $schema, version and schemas"]
    if catalog["$schema"] != CATALOG_SCHEMA or not isinstance(catalog["version"], int | float):
        problems.append("$schema or version")
    for entry in catalog["schemas"]:
        if not {"name", "description", "url"} <= set(entry) <= {"name", "description", "url", "fileMatch", "versions"}:
            problems.append(f"keys of {entry.get('name')}")
        urls = [entry.get("url"), *entry.get("versions", {}).values()]
        problems += [f"{entry.get('name')}: {url} is not https" for url in urls if not str(url).startswith("https://")]
        if not all(isinstance(entry.get(k), str) and entry[k] for k in ("name", "description")):
            problems.append(f"name or description of {entry.get('url')}")
    return problems


def test_the_catalog_names_every_schema_by_a_served_address(site: Path) -> None:
    catalog = json.loads((site / CATALOG).read_text(encoding="utf-8"))
    assert catalog == schema_catalog(SCHEMAS)
    assert check_catalog(catalog) == []
    served = served_files(SCHEMAS)
    urls = [u for e in catalog["schemas"] for u in (e["url"], *e.get("versions", {}).values())]
    for url in urls:
        assert url.removeprefix(SCHEMA_BASE_URL + "/") in served, url
    names = [e["name"] for e in catalog["schemas"]]
    assert len(names) == len(set(names)) == 13  # records file, any record, ten record types, extraction result
    record = next(e for e in catalog["schemas"] if e["name"] == "peace-talks-model record")
    assert list(record["versions"]) == released_versions(SCHEMAS)
    assert list(record["versions"])[-1] == SCHEMA_VERSION
    # the check catches what the format forbids
    broken = {**catalog, "schemas": [{"name": "x", "url": "http://a/b.json", "extra": 1}]}
    assert len(check_catalog(broken)) == 3


def test_the_site_build_runs_the_hook() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nhooks:\n  - peace_talks_model/docs_site.py\n" in text
    assert (ROOT / "peace_talks_model" / "docs_site.py").is_file()
