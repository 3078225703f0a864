"""Rewrite the observed part of the verdict cases: `python -m tests.verdicts.update [NAME...]`; review the diff."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.verdicts import CASES, SUFFIX, case_names, load_case, observe

OBSERVED = ("exit_code", "summary", "counts", "findings", "others", "split")


def main(names: list[str]) -> int:
    """Observe each case and write what changed."""
    changed = 0
    for name in names or case_names():
        case = load_case(name)
        with tempfile.TemporaryDirectory() as work:
            seen = observe(name, Path(work))
        updated = {"why": case["why"], "args": case["args"]} | {key: seen[key] for key in OBSERVED}
        if updated != case:
            (CASES / f"{name}{SUFFIX}").write_text(
                json.dumps(updated, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            print(f"updated {name}")
            changed += 1
    print(f"{changed} case file(s) changed; review the diff")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
