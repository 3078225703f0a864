"""Rewrite the expected-error files of examples/invalid from the validator's current output.

Run `python -m tests.update_expected_errors [FILE...]` after a deliberate change to messages, then review
`git diff examples/invalid`: every changed line must be an improvement, never a lost finding. Comment lines
('#') at the top of each file are kept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from typer.testing import CliRunner

from peace_talks_model.cli import app
from tests.conftest import INVALID_EXAMPLE_ARGS, example_files

_PREFIX = re.compile(r"^.*?\.(?:json|jsonl|ndjson)(?=[: ])(?:: )?:?")


def expected_lines(path: Path) -> list[str]:
    """The finding lines for `path`, without the file name (the line:column stays)."""
    result = CliRunner().invoke(app, ["validate", str(path), *INVALID_EXAMPLE_ARGS])
    lines = result.stdout.splitlines()[:-1]  # drop the summary
    return [_PREFIX.sub("", line, count=1) for line in lines]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or example_files("invalid")
    for path in paths:
        errors = path.with_suffix(".errors.txt")
        old = errors.read_text(encoding="utf-8").splitlines() if errors.exists() else []
        comments = [line for line in old if line.lstrip().startswith("#")]
        errors.write_text("\n".join([*comments, *expected_lines(path)]) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
