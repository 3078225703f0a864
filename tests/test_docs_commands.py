"""Every command line of the README and the hand-written documentation pages is run as printed.

The command lines are those of the fenced blocks marked `sh`, `bash`, `console` or `shell`, and of the unmarked
fenced blocks that start with a `peace-talks` command (docs/reference/ and docs/index.md are generated from the
models and the README, so they are not read twice). Each block runs, line after line, with bash, in a new folder
holding a copy of `examples/`, the project's environment as `.venv` and the input files the commands name
(`FILES`), with the exit status the documentation gives (`STATUS`, else 0). Only the lines in `SKIPPED` are not
run, each for the reason given there; the pre-commit configuration of the README is run by
`tests/precommit/try_repo.py` (CI), and the README's test command by CI itself (`.ci/run`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peace_talks_model.cli import app
from tests.conftest import ROOT
from tests.test_import_paax import USA as PAAX_USA
from tests.test_import_paax import _csv as paax_csv
from tests.test_import_pax import DOHA as PAX_DOHA
from tests.test_import_pax import _csv as pax_csv

GENERATED = {ROOT / "docs" / "index.md", ROOT / "docs" / "reference"}
PAGES = [
    ROOT / "README.md",
    *sorted(p for p in (ROOT / "docs").rglob("*.md") if not GENERATED & {p, *p.parents}),
]
SHELL = {"sh", "bash", "console", "shell"}
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", flags=re.S | re.M)

#: Command lines (or `&&`-parts of one) that are not run, and why.
SKIPPED = {
    "python3 -m venv .venv": "creates the environment the test runs in",
    ".venv/bin/python -m pip install -q .": "installs packages (network)",
    ".venv/bin/python -m pip install -q -e '.[dev]'": "installs packages (network)",
    ".venv/bin/python -m pytest": "the whole test suite, which CI runs as printed (.ci/run)",
    ".venv/bin/python -m tests.fuzz_validate --seconds 3600 --seed 1 --crashes fuzz-crashes/": "runs for an hour; "
    "CI runs the fuzzer for a minute (.ci/run) and tests/fuzz_validate.py has its own tests",
    "peace-talks serve examples/valid": "starts a web app that runs until stopped; tests/test_serve_browser.py "
    "runs it on uvicorn and drives it with Chromium",
}
#: Blocks that show a synopsis (placeholders such as PATH...), not command lines: their first line, and why.
SYNOPSES = {
    "peace-talks validate PATH... [--format text|json|jsonl|github|sarif] [--glob GLOB]": "the synopsis of "
    "every command, with placeholders; each command's options are those of its --help (tests/test_cli.py)",
}
#: The exit status of command lines that do not exit 0, as the documentation says.
STATUS = {
    # the worked extraction example: a model's answer with two invented quotes and a misspelt value
    "peace-talks validate --profile llm --texts texts/ answers/ --emit-valid good.jsonl --emit-invalid retry.jsonl": 1,
    "peace-talks validate --profile llm result.json": 1,
    # the worked example of the tiers: an enrichment answer with a spliced quote
    "peace-talks merge examples/extraction/tiers/negotiation.core.json     "
    "examples/extraction/tiers/negotiation.enrichment-1.json examples/extraction/tiers/negotiation.enrichment-2.json"
    "     --core examples/extraction/tiers/actor.core.json --core examples/extraction/tiers/source.core.json     "
    "--out merged.jsonl --texts examples/extraction/texts": 1,
    # records ACLED does not code (a date known to the year only, an election) are listed and left out
    "peace-talks export acled examples/valid --out acled.csv": 1,
}


def _extraction(name: str) -> Callable[[Path], object]:
    return lambda target: shutil.copyfile(ROOT / "examples" / "extraction" / name, target)


def _export(*args: str) -> Callable[[Path], None]:
    def make(target: Path) -> None:
        CliRunner().invoke(app, [*args, str(ROOT / "examples" / "valid"), "--out", str(target)])
        assert target.is_file()  # exit 1 is fine: the values a table cannot carry are listed

    return make


#: The input files the command lines name, made from the examples.
FILES: dict[str, Callable[[Path], object]] = {
    "pax.csv": lambda target: target.write_text(pax_csv([PAX_DOHA]), encoding="utf-8"),
    "paax_actors.csv": lambda target: target.write_text(paax_csv([PAAX_USA]), encoding="utf-8"),
    "ceasefires.csv": _export("export", "eth-prio-cf", "--synthetic-cf-ids", "1"),
    "answers/model-output.json": _extraction("model-output.json"),
    "texts": lambda target: shutil.copytree(ROOT / "examples" / "extraction" / "texts", target),
    "records.jsonl": _extraction("valid.jsonl"),
    "result.json": _extraction("model-output.json"),
}


def _command_lines(body: str, console: bool) -> list[str]:
    """The command lines of a block: comment lines left out, continuation lines joined, and in a `console`
    block only the lines after a '$ ' prompt (the rest is output)."""
    lines, current = [], ""
    for raw in body.splitlines():
        if console and not current:
            if not raw.startswith("$ "):
                continue
            current = raw.removeprefix("$ ")
        else:
            current += raw
        if current.endswith("\\"):
            current = current.removesuffix("\\").rstrip() + " "
            continue
        line = current.strip()
        if line and not line.startswith("#"):
            lines.append(line)
        current = ""
    return lines


def blocks() -> Iterator[tuple[str, list[str]]]:
    """Every block of command lines: where it is (page:line) and its lines (continuations joined)."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            language, body = match.groups()
            first = next((line for line in body.splitlines() if line and not line.startswith("#")), "")
            if language not in SHELL and not (language == "" and first.startswith("peace-talks ")):
                continue
            if first in SYNOPSES:
                continue
            where = f"{page.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
            yield where, _command_lines(body, language == "console")


BLOCKS = dict(blocks())


def _parts(line: str) -> list[str]:
    """The `&&`-parts of a command line (a comment at its end dropped)."""
    return [part.strip() for part in re.sub(r"\s+#\s.*$", "", line).split("&&")]


def test_the_pages_show_commands() -> None:
    assert len(BLOCKS) >= 8
    assert any(page.startswith("docs/") for page in BLOCKS)


def test_every_skip_and_status_is_about_a_line_that_is_shown() -> None:
    lines = {line for block in BLOCKS.values() for line in block}
    parts = {part for line in lines for part in _parts(line)}
    assert set(SKIPPED) <= parts
    assert set(STATUS) <= {_parts(line)[0] for line in lines}
    shown = {page.read_text(encoding="utf-8") for page in PAGES}
    assert all(any(f"```\n{first}\n" in text for text in shown) for first in SYNOPSES)


def _folder(tmp: Path, lines: list[str]) -> Path:
    """A folder with a copy of the examples, the environment as `.venv`, and the files of `FILES` that `lines`
    name."""
    work = tmp / "work"
    shutil.copytree(ROOT / "examples", work / "examples")
    (work / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    words = {word.rstrip("/") for line in lines for word in line.split()}
    for name, make in FILES.items():
        if name in words or name.split("/")[0] in words:
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            make(work / name)
    return work


@pytest.mark.skipif(sys.platform == "win32", reason="the command lines are POSIX shell")
@pytest.mark.parametrize("where", list(BLOCKS))
def test_the_command_lines_run_as_printed(tmp_path: Path, where: str) -> None:
    work = _folder(tmp_path, BLOCKS[where])
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    ran = 0
    for line in BLOCKS[where]:
        parts = [part for part in _parts(line) if part not in SKIPPED]
        if not parts:
            continue
        command = " && ".join(parts)
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, check=False)
        expected = STATUS.get(parts[0], 0)
        assert done.returncode == expected, f"{where}: {command}\nexit {done.returncode}\n{done.stdout}{done.stderr}"
        ran += 1
    assert ran or all(part in SKIPPED for line in BLOCKS[where] for part in _parts(line))
