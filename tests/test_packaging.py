"""The source distribution holds the tests and their data, so that a packager can run them from it; the wheel
holds the package, its type marker and the published schemas. Both are built offline (no build isolation)."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("build", reason="the `build` package (the `dev` extra) builds the distributions")


def _build(kind: str, out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    [built] = out.glob("*.tar.gz" if kind == "sdist" else "*.whl")
    return built


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("sdist", tmp_path_factory.mktemp("dist"))


def _tracked(folder: str) -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the files to expect are unknown")
    return {line for line in listed.stdout.splitlines() if "/node_modules/" not in line}


def test_the_sdist_holds_every_test_example_schema_and_the_license(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for folder in ("tests", "examples", "schemas"):
        missing = _tracked(folder) - names
        assert not missing, sorted(missing)[:10]
    assert {"LICENSE", "README.md", "pyproject.toml", "tests/conftest.py", "mkdocs.yml"} <= names
    assert not any("node_modules" in name or "__pycache__" in name for name in names)


def test_a_quick_subset_of_the_tests_passes_from_the_unpacked_sdist(sdist: Path, tmp_path: Path) -> None:
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    [unpacked] = tmp_path.iterdir()
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    environment.pop("PEACE_TALKS_REQUIRE_AJV", None)
    environment.pop("PEACE_TALKS_REQUIRE_CHROMIUM", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "tests/test_examples.py",
            "tests/test_recordset.py",
            "tests/test_records_in_code.py",
        ],
        cwd=unpacked,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env=environment,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout


def test_the_wheel_holds_the_package_its_type_marker_and_the_schemas(tmp_path: Path) -> None:
    wheel = _build("wheel", tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "peace_talks_model/py.typed" in names
    assert "peace_talks_model/recordset.py" in names
    assert "peace_talks_model/schemas/record.schema.json" in names
    assert any(n.startswith("peace_talks_model/schemas/llm/") for n in names)
    # the app's own stylesheet and script ship in the wheel (nothing is fetched at run time)
    assert {"peace_talks_model/serve/static/app.css", "peace_talks_model/serve/static/app.js"} <= names
    assert not any(n.startswith("tests/") for n in names)
    assert "License-Expression: MIT" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    for requirement in ("pydantic", "typer", "rich", "jiter"):
        assert f"Requires-Dist: {requirement}" in metadata, requirement
    assert "Provides-Extra: serve" in metadata
    assert "Requires-Dist: starlette" in metadata  # in the extra only: the core install stays light
    assert not any(
        line.startswith("Requires-Dist: starlette") and "extra" not in line for line in metadata.splitlines()
    )
