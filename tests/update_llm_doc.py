"""Rewrite the generated tables of docs/llm-profile.md (between `<!-- generated:NAME -->` and
`<!-- /generated:NAME -->`) from the current profile and prompt kit.

Usage: `python -m tests.update_llm_doc`. Run it after regenerating schemas/llm, then review `git diff docs`.
"""

from __future__ import annotations

from tests.test_llm_profile import DOC, generated_sections


def main() -> int:
    """Rewrite the tables; print which changed."""
    text = DOC.read_text(encoding="utf-8")
    for name, table in generated_sections().items():
        start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        if start not in text or end not in text:
            print(f"no section {name} in {DOC}")
            return 1
        before, rest = text.split(start, 1)
        old, after = rest.split(end, 1)
        if old.strip() != table:
            print(f"updated: {name}")
        text = f"{before}{start}\n{table}\n{end}{after}"
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
