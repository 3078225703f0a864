"""Rewrite the expected files of tests/error_quality from the validator's current output.

Usage: `python -m tests.update_error_quality [NAME...]` (all cases when no name is given; a name without an
expected file yet starts a new case with no extra arguments). Each `NAME.expected.json` keeps its "args" and
gets the current exit code and findings. Run it only after a deliberate change to messages or positions, then
review `git diff tests/error_quality`: every changed line must be an improvement, never a lost finding or a
position that moved away from the offending value.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from tests.test_error_quality import case_names, expected_path, load_expected, run_case


def update(name: str) -> bool:
    """Rewrite the expected file of case `name`; True when its content changed."""
    path = expected_path(name)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    args: list[str] = load_expected(name).get("args", []) if old else []
    exit_code, findings, _ = run_case(name, args)
    data: dict[str, Any] = {"args": args, "exit_code": exit_code, "findings": findings}
    new = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str]) -> int:
    names = argv or case_names()
    changed = [name for name in names if update(name)]
    for name in changed:
        print(f"updated {expected_path(name).name}")
    print(f"{len(changed)} of {len(names)} expected file(s) changed; review the diff")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
