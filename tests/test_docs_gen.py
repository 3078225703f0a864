"""The generated reference (peace_talks_model.docs_gen, `peace-talks docs build`): the committed pages are current,
every field, allowed value (with its meaning) and finding code is documented, the examples shown are valid
records of examples/valid/, and every link between the pages resolves (what `mkdocs build --strict` checks; no
test needs mkdocs)."""

from __future__ import annotations

import html
import importlib
import inspect
import json
import posixpath
import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from peace_talks_model import validate_record
from peace_talks_model.cli import app
from peace_talks_model.cli.reference import reference_pages
from peace_talks_model.codes import CODES
from peace_talks_model.docs_gen import REGENERATE, build_pages, home_page, model_classes, stale_pages
from peace_talks_model.explanations import EXPLANATIONS
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.schema_export import published
from tests.conftest import ROOT

DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"
DEFS = published("record.schema.json")["$defs"]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return build_pages(extra=reference_pages())


def _plain(text: str) -> str:
    """Markdown cell text back to plain text: HTML entities and backslash escapes undone."""
    return html.unescape(re.sub(r"\\([*|])", r"\1", text))


def _lines_outside_fences(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every line of Markdown text that is not inside a fenced code block."""
    out = []
    fence = ""
    offset = 0
    for line in text.splitlines(keepends=True):
        marker = re.match(r"^(```|~~~~)", line)
        if marker and (not fence or marker.group(1) == fence):
            fence = "" if fence else marker.group(1)
        elif not fence:
            out.append((offset, line))
        offset += len(line)
    return out


def _section(page: str, anchor: str) -> str:
    """The text of the section whose heading carries `{#anchor}`, up to the next heading of the same or a higher
    level (a `#` line inside a code block is no heading)."""
    lines = _lines_outside_fences(page)
    starts = [(offset, line) for offset, line in lines if re.match(rf"^(#+) .*\{{#{re.escape(anchor)}\}}$", line)]
    assert starts, f"no heading {{#{anchor}}}"
    start, heading = starts[0]
    level = len(heading) - len(heading.lstrip("#"))
    end = next((offset for offset, line in lines if offset > start and re.match(rf"^#{{1,{level}}} ", line)), len(page))
    return page[start + len(heading) : end]


def _prose(text: str) -> str:
    """Markdown text without its code blocks and code spans (where `](` is no link)."""
    return re.sub(r"`[^`\n]*`", "", "".join(line for _, line in _lines_outside_fences(text)))


def _home(pages: dict[str, str], name: str) -> tuple[str, str]:
    """The page holding the section of a `$defs` name (its heading ends with `{#name}`), and that section."""
    anchor = name.lower()
    holders = [path for path, text in pages.items() if re.search(rf"\{{#{anchor}\}}$", text, re.MULTILINE)]
    assert len(holders) == 1, f"{name} is documented on {holders}"
    return holders[0], _section(pages[holders[0]], anchor)


def test_the_committed_pages_are_current() -> None:
    stale = stale_pages(REFERENCE, reference_pages())
    assert not stale, f"stale docs pages {sorted(stale)}: run '{REGENERATE}' and commit them"


def test_every_schema_type_has_one_section(pages: dict[str, str]) -> None:
    for name in DEFS:
        _home(pages, name)


def test_every_field_of_every_model_is_on_its_page(pages: dict[str, str]) -> None:
    models = [kind for kind in model_classes().values() if issubclass(kind, BaseModel)]
    assert set(MODEL_BY_TYPE.values()) <= set(models)
    checked = 0
    for model in models:
        path, section = _home(pages, model.__name__)
        if model in MODEL_BY_TYPE.values():
            section = pages[path]  # a record's fields fill two tables of its page
        for name, info in model.model_fields.items():
            key = info.alias or name
            assert re.search(rf"^\| `{re.escape(key)}` \|", section, re.MULTILINE), f"{model.__name__}.{key}: {path}"
            checked += 1
    assert checked > 400


def _meanings_from_source(kind: type[Enum]) -> dict[str, str]:
    """The `#:` comment above each member, read from the class's source (independently of docs_gen)."""
    meanings: dict[str, str] = {}
    comment: list[str] = []
    for line in inspect.getsource(kind).splitlines():
        stripped = line.strip()
        if stripped.startswith("#:"):
            comment.append(stripped[2:].strip())
            continue
        member = re.match(r"(\w+)\s*=", stripped)
        if member and comment and member.group(1) in kind.__members__:
            meanings[str(kind.__members__[member.group(1)].value)] = " ".join(comment)
        comment = []
    return meanings


def test_every_allowed_value_is_listed_with_its_meaning(pages: dict[str, str]) -> None:
    enums = [kind for kind in model_classes().values() if issubclass(kind, Enum)]
    with_meaning = 0
    for kind in enums:
        path, section = _home(pages, kind.__name__)
        rows = dict(re.findall(r"^\| `([^`]+)` \| (.*) \|$", section, re.MULTILINE))
        meanings = _meanings_from_source(kind)
        for member in kind:
            value = str(member.value)
            assert value in rows, f"{kind.__name__}: {value} missing on {path}"
            assert _plain(rows[value]).strip() == meanings.get(value, ""), f"{kind.__name__}.{value} on {path}"
        with_meaning += len(meanings)
    assert len(enums) == sum("enum" in node for node in DEFS.values())
    assert with_meaning > 100


def test_every_finding_code_is_explained(pages: dict[str, str]) -> None:
    page = pages["reference/codes.md"]
    for code in CODES:
        section = _plain(_section(page, code.code.lower()))
        assert code.summary in section
        explanation = EXPLANATIONS.get(code.code)
        if explanation is not None:
            for text in (explanation.why, explanation.fix, explanation.bad, explanation.good):
                assert text in section, code.code


def test_every_example_shown_is_a_valid_record_of_examples_valid(pages: dict[str, str]) -> None:
    for record_type in MODEL_BY_TYPE:
        page = pages[f"reference/records/{record_type.replace('_', '-')}.md"]
        shown = re.findall(r"from `([^`]+)`\.\n\n```json\n(.*?)\n```", page, re.DOTALL)
        assert shown, record_type
        for path, text in shown:
            record = json.loads(text)
            assert type(validate_record(record)) is MODEL_BY_TYPE[record_type]
            assert path.startswith("examples/valid/")
            data = json.loads((ROOT / path).read_text(encoding="utf-8"))
            assert record in (data if isinstance(data, list) else [data]), f"{record['id']} is not in {path}"


def _anchors(text: str) -> set[str]:
    return set(re.findall(r"\{#([\w-]+)\}$", text, re.MULTILINE))


def test_every_link_of_the_generated_pages_resolves(pages: dict[str, str]) -> None:
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*") if p.is_file()}
    links = 0
    for path, text in pages.items():
        for target in re.findall(r"\]\(([^)\s]+)\)", _prose(text)):
            assert "://" not in target, f"{path}: {target}"
            file, _, anchor = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file)) if file else path
            assert resolved in pages or resolved in on_disk, f"{path}: {target}"
            if anchor:
                assert anchor in _anchors(pages.get(resolved, "")), f"{path}: {target}"
            links += 1
    assert links > 500


def test_the_home_page_is_the_readme_with_links_fixed() -> None:
    readme = (
        "# Title\n\nSee [the PA-X mapping](docs/import/pax.md#vocabularies) and [the examples](examples/README.md),"
        " [a site](https://example.org) and [a heading](#title); `[code](kept.md)`.\n\n```md\n[fenced](kept.md)\n```\n"
    )
    home = home_page(readme, "reference")
    lines = home.splitlines()
    assert lines[0] == "# Title"
    assert REGENERATE in lines[2]
    assert "[the PA-X mapping](import/pax.md#vocabularies)" in home
    assert "the examples (`examples/README.md`)" in home
    assert "[a site](https://example.org)" in home
    assert "[a heading](#title)" in home
    assert "`[code](kept.md)`" in home
    assert "[fenced](kept.md)" in home
    assert "[the reference](reference/index.md)" in home


def test_the_site_lists_every_page_of_docs() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^docs_dir: docs$", config, re.MULTILINE)
    # no hand-written nav: mkdocs puts every Markdown file of docs/ in the navigation, so new guides need no edit
    assert not re.search(r"^nav:", config, re.MULTILINE)


def test_docs_build_cli_writes_checks_and_removes_stale_pages(tmp_path: Path, pages: dict[str, str]) -> None:
    runner = CliRunner()
    out = tmp_path / "docs" / "reference"
    written = runner.invoke(app, ["docs", "build", "--out", str(out)])
    assert written.exit_code == 0, written.output
    on_disk = {p.relative_to(out.parent).as_posix() for p in out.parent.rglob("*") if p.is_file()}
    assert on_disk == set(pages)
    assert runner.invoke(app, ["docs", "build", "--out", str(out), "--check"]).exit_code == 0

    (out / "records" / "actor.md").write_text("# Actor\n\nhand-edited\n", encoding="utf-8")
    (out / "old-page.md").write_text("# Gone\n", encoding="utf-8")
    (out.parent / "index.md").unlink()
    stale = runner.invoke(app, ["docs", "build", "--out", str(out), "--check"])
    assert stale.exit_code == 1
    for name in ("reference/records/actor.md", "reference/old-page.md", "index.md"):
        assert name in stale.stderr
    assert REGENERATE in stale.stderr
    assert "hand-edited" in stale.stdout  # the diff

    assert runner.invoke(app, ["docs", "build", "--out", str(out)]).exit_code == 0
    assert not (out / "old-page.md").exists()
    assert (out / "records" / "actor.md").read_text(encoding="utf-8") == pages["reference/records/actor.md"]
    assert runner.invoke(app, ["docs", "build", "--out", str(out), "--check"]).exit_code == 0


def test_building_outside_a_source_checkout_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"README\.md is missing"):
        build_pages(root=tmp_path)
    (tmp_path / "README.md").write_text("# Readme\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="examples"):
        build_pages(root=tmp_path)


def _help_commands(runner: CliRunner, path: list[str]) -> Iterator[list[str]]:
    """Every command path of the app, as `--help` lists them (the root first)."""
    yield path
    shown = runner.invoke(app, [*path, "--help"], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    if "Commands:" in shown.output:
        listed = shown.output.split("Commands:", 1)[1].splitlines()[1:]
        for line in listed:
            if not line.startswith("  ") or not line.strip():
                break
            yield from _help_commands(runner, [*path, line.split()[0]])


def test_the_cli_page_shows_every_command_and_every_option_with_its_help(pages: dict[str, str]) -> None:
    page = pages["reference/cli.md"]
    runner = CliRunner()
    commands = list(_help_commands(runner, []))
    assert len(commands) >= 20
    for path in commands:
        name = " ".join(["peace-talks", *path])
        section = _section(page, name.replace(" ", "-"))
        assert f"## `{name}`" in page
        shown = runner.invoke(app, [*path, "--help"], terminal_width=400).output
        options = re.findall(r"^  (-{1,2}[a-z][\w-]*)", shown, flags=re.MULTILINE)
        for option in options:
            if option == "--help":
                continue
            assert re.search(rf"<code>(?:-\w, )?{re.escape(option)}\b", section), (name, option)
    validate = _section(page, "peace-talks-validate")
    for phrase in ("Report format.", "[default: text]", "Treat warnings as errors.", "--emit-invalid FILE"):
        assert phrase in _plain(validate), phrase


def test_the_api_page_renders_the_public_modules(pages: dict[str, str]) -> None:
    page = pages["reference/api.md"]
    blocks = re.findall(r"^::: ([\w.]+)$", page, flags=re.MULTILINE)
    assert "peace_talks_model.recordset" in blocks
    assert "peace_talks_model.validation" in blocks
    for module in blocks:
        importlib.import_module(module)
    members = re.compile(r"^::: ([\w.]+)\n    options:\n      heading_level: 3\n      members: \[(.*)\]$", re.MULTILINE)
    listed = members.findall(page)
    assert listed
    for module, names in listed:
        loaded = importlib.import_module(module)
        for member in names.split(", "):
            assert hasattr(loaded, member), (module, member)
