"""The structure of the models is declared once: references carry a marker that agrees with what they validate,
one list of record models drives every table of record types, the modules of models/ are layered, and no code
reads the models' shape out of their regular expressions."""

from __future__ import annotations

import ast
import json
import typing
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import peace_talks_model
from peace_talks_model.docs_gen import build_pages
from peace_talks_model.introspect import example_id, id_types, reachable_models, ref_target
from peace_talks_model.models import MODEL_BY_TYPE, RECORD_MODELS, RECORD_TYPES, STATUSES_BY_TYPE, Record, RecordBase
from peace_talks_model.models.ids import EXAMPLE_IDS, ID_LOCAL_PATTERN, RefTarget, id_pattern, ref
from peace_talks_model.schema_export import published
from peace_talks_model.starters import STARTERS
from tests.conftest import EXAMPLES, ROOT

PACKAGE = ROOT / "peace_talks_model"

# --------------------------------------------------------------------------------------------------
# References: the marker agrees with the pattern
# --------------------------------------------------------------------------------------------------

REF_FIELDS: list[tuple[type[BaseModel], str, RefTarget, bool]] = [
    (model, name, *found)
    for model in reachable_models()
    for name, info in model.model_fields.items()
    if (found := ref_target(info.annotation, info.metadata)) is not None
]


def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """Validation of one field's value as the model validates it (its type and its metadata)."""
    info = model.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def test_there_are_reference_fields() -> None:
    assert len(REF_FIELDS) > 50
    assert {tuple(target.record_types) for *_, target, _ in REF_FIELDS} >= {(t,) for t in RECORD_TYPES}


@pytest.mark.parametrize(
    ("model", "name", "target", "is_list"), REF_FIELDS, ids=[f"{m.__name__}.{n}" for m, n, *_ in REF_FIELDS]
)
def test_reference_marker_agrees_with_the_pattern_it_validates(
    model: type[BaseModel], name: str, target: RefTarget, is_list: bool
) -> None:
    adapter = _field_adapter(model, name)
    assert target.pattern == id_pattern(*target.record_types)
    assert id_types(target.pattern) == target.record_types
    for record_type in RECORD_TYPES:
        value = f"{record_type}:some-record"
        given = [value] if is_list else value
        if record_type in target.record_types:
            adapter.validate_python(given)
            continue
        with pytest.raises(ValidationError) as caught:
            adapter.validate_python(given)
        [error] = caught.value.errors()
        assert error["type"] == "string_pattern_mismatch", (record_type, error)
        assert error["ctx"]["pattern"] == target.pattern


def test_every_id_shaped_field_is_a_marked_reference_or_a_record_id() -> None:
    """A reference written without `ref()` would be invisible to the cross-record checks."""
    id_shaped = f":{ID_LOCAL_PATTERN}$"
    for model in reachable_models():
        # each field's own schema in its model's: nested models are only $refs there
        properties = model.model_json_schema()["properties"]
        for name, info in model.model_fields.items():
            schema = properties[info.alias or name]
            if not any(p.endswith(id_shaped) for p in _patterns(schema)):
                continue
            if name == "id" and issubclass(model, RecordBase):
                assert ref_target(info.annotation, info.metadata) is None
                assert schema["pattern"] == id_pattern(model.RECORD_TYPE)
            else:
                assert ref_target(info.annotation, info.metadata) is not None, f"{model.__name__}.{name}"


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_the_marker_never_reaches_the_schema() -> None:
    text = json.dumps(published("record.schema.json"))
    assert "RefTarget" not in text
    assert "record_types" not in text


def test_ref_rejects_unknown_record_types() -> None:
    with pytest.raises(ValueError, match="not record types"):
        ref("person")
    with pytest.raises(ValueError, match="not record types"):
        ref()


def test_example_ids_are_the_models_examples_and_valid_references() -> None:
    for record_type in RECORD_TYPES:
        example = example_id(record_type)
        assert example == EXAMPLE_IDS[record_type]
        TypeAdapter(Annotated[str, ref(record_type)]).validate_python(example)
        assert TypeAdapter(Annotated[str, ref(record_type)]).json_schema()["examples"] == [example]


# --------------------------------------------------------------------------------------------------
# One list of record models
# --------------------------------------------------------------------------------------------------


def test_record_models_agree_with_record_types_and_the_union() -> None:
    assert tuple(model.RECORD_TYPE for model in RECORD_MODELS) == RECORD_TYPES == tuple(EXAMPLE_IDS)
    union, discriminator = typing.get_args(Record)
    assert typing.get_args(union) == RECORD_MODELS
    assert discriminator.discriminator == "record_type"
    for model in RECORD_MODELS:
        assert typing.get_args(model.model_fields["record_type"].annotation) == (model.RECORD_TYPE,)


def test_record_models_agree_with_model_by_type() -> None:
    assert list(MODEL_BY_TYPE.items()) == [(model.RECORD_TYPE, model) for model in RECORD_MODELS]


def test_record_models_agree_with_the_starters() -> None:
    assert list(STARTERS) == list(RECORD_TYPES)
    for model in RECORD_MODELS:
        assert type(TypeAdapter(Record).validate_python(STARTERS[model.RECORD_TYPE])) is model
        minimal = json.loads((EXAMPLES / "minimal" / f"{model.RECORD_TYPE}.json").read_text(encoding="utf-8"))
        assert minimal == STARTERS[model.RECORD_TYPE]


def test_record_models_agree_with_the_docs() -> None:
    pages = build_pages()
    record_pages = sorted(page for page in pages if page.startswith("reference/records/"))
    slugs = [model.RECORD_TYPE.replace("_", "-") for model in RECORD_MODELS]
    assert record_pages == sorted(f"reference/records/{slug}.md" for slug in slugs)
    committed = sorted(p.name for p in (ROOT / "docs" / "reference" / "records").glob("*.md"))
    assert committed == sorted(f"{slug}.md" for slug in slugs)
    index = pages["reference/index.md"]
    positions = [index.index(f"(records/{slug}.md)") for slug in slugs]
    assert positions == sorted(positions)


def test_record_models_agree_with_the_lazy_exports() -> None:
    for model in RECORD_MODELS:
        assert getattr(peace_talks_model, model.__name__) is model
        assert model.__name__ in peace_talks_model.__all__
        assert model.__name__ in dir(peace_talks_model)
    assert peace_talks_model.Record is Record
    with pytest.raises(AttributeError):
        _ = peace_talks_model.NoSuchRecord


def test_status_vocabularies_are_the_record_classes_own() -> None:
    for model in RECORD_MODELS:
        history = model.model_fields.get("status_history")
        if history is None:
            assert model.STATUSES is None
            continue
        [step] = typing.get_args(history.annotation)
        assert model.STATUSES is step.model_fields["status"].annotation
        assert STATUSES_BY_TYPE[model.RECORD_TYPE] == tuple(s.value for s in model.STATUSES)
    assert {key for key in STATUSES_BY_TYPE if "/" in key} == {
        f"{m.RECORD_TYPE}/part" for m in RECORD_MODELS if m.PART_STATUSES is not None
    }


# --------------------------------------------------------------------------------------------------
# Layering and the shape of the code
# --------------------------------------------------------------------------------------------------

#: The building-block modules of models/, from the bottom up: each may import only those before it.
LAYERS = (
    "_countries",
    "base",
    "scalars",
    "ids",
    "vocabularies",
    "dates",
    "places",
    "evidence",
    "quantities",
    "versions",
    "record_base",
)


def _module_imports(path: Path) -> set[str]:
    """The modules a file imports at module level (imports inside functions are late on purpose)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_models_modules_are_layered() -> None:
    records = {model.__module__.rsplit(".", 1)[1] for model in RECORD_MODELS}
    present = {p.stem for p in (PACKAGE / "models").glob("*.py")} - {"__init__", "common"}
    assert present == set(LAYERS) | records, "a new module of models/ belongs in LAYERS or is a record module"
    for module in present:
        imported = {
            name.split(".")[2]
            for name in _module_imports(PACKAGE / "models" / f"{module}.py")
            if name.startswith("peace_talks_model.models.")
        }
        allowed = set(LAYERS[: LAYERS.index(module)]) if module in LAYERS else set(LAYERS)
        assert imported <= allowed, f"models/{module}.py imports {sorted(imported - allowed)}"


def test_the_package_imports_the_focused_modules_not_the_facade() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name == "common.py":
            continue
        assert "peace_talks_model.models.common" not in _module_imports(path), path


def test_the_facade_still_exports_the_old_names() -> None:
    from peace_talks_model.models import common  # noqa: PLC0415

    for name in ("RECORD_TYPES", "SourceRef", "RecordRef", "FuzzyDate", "Quantity", "Place", "Evidence", "Topic"):
        assert name in common.__all__
    assert all(hasattr(common, name) for name in common.__all__)
    assert common.STATUSES_BY_TYPE is STATUSES_BY_TYPE


#: What a regular expression over the text of other regular expressions contains: an escaped '^' (the anchor
#: of the pattern read) or an escaped '(?' (its non-capturing groups), as the old `_ID_PATTERN`s did.
_READS_REGEX = ("\\^", "\\(\\?")


def _regex_over_regex(path: Path) -> list[str]:
    """The string literals of a file that read the text of another regular expression."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return [text for text in literals if any(sign in text for sign in _READS_REGEX)]


def test_no_module_reads_structure_out_of_regular_expressions() -> None:
    offenders = {str(p.relative_to(ROOT)): found for p in PACKAGE.rglob("*.py") if (found := _regex_over_regex(p))}
    assert offenders == {}
    assert not [p for p in PACKAGE.rglob("*.py") if "_ID_PATTERN" in p.read_text(encoding="utf-8")]


def test_the_regex_check_finds_the_old_id_pattern(tmp_path: Path) -> None:
    old = tmp_path / "old.py"
    old.write_text('import re\n_ID_PATTERN = re.compile(r"^\\^(?:\\(\\?:)?([a-z_|]+)\\)?:")\n', encoding="utf-8")
    assert _regex_over_regex(old)
