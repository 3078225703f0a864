"""Grammar-sampling parity of the LLM profile (issue #24): every file of `schemas/llm/` compiles in llguidance,
an engine of constrained decoding, with no error and no warning (and in outlines-core, a second engine, at a
`$ref` depth deep enough for it); documents drawn at random from its grammar by each engine
(`tests/grammar_sampling.py`, a fixed seed, a few per file here) are read by `validate --profile llm`, and every
error it reports comes from a rule the profile cannot express (`NOT_EXPRESSED`, documented in
docs/llm-profile.md): nothing the grammar allows is refused for a reason the profile could have told the model.
The larger run of the closing note: `python -m tests.grammar_sampling --samples 150`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("llguidance", reason="llguidance (the `dev` extra)")

from peace_talks_model.codes import code_for
from peace_talks_model.llm_schema import NOT_EXPRESSED
from tests.grammar_sampling import (
    ENGINES,
    OUTLINES_DEPTH,
    compile_messages,
    outlines_regex,
    profile_files,
    sample_file,
)

#: documents drawn per file in CI (about 0.1-0.4 s each)
SAMPLES = 4
FILES = profile_files()


def test_every_profile_file_is_sampled() -> None:
    assert len(FILES) == len(list(Path(FILES[0]).parent.glob("*.schema.json"))) >= 11


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_file_compiles_without_error_or_warning(path: Path) -> None:
    is_error, messages = compile_messages(json.loads(path.read_text(encoding="utf-8")))
    assert (is_error, messages) == (False, [])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_outlines_core_needs_a_deeper_setting_than_its_default_and_no_deeper_than_ours(path: Path) -> None:
    """At outlines-core's default depth (3) some definitions become a loose pattern; at OUTLINES_DEPTH none. A tier
    file has no `$ref` (every definition is written out), so the depth changes nothing there."""
    pytest.importorskip("outlines_core", reason="outlines-core (the `dev` extra)")
    text = path.read_text(encoding="utf-8")
    ours = outlines_regex(text)
    assert outlines_regex(text, OUTLINES_DEPTH + 1) == ours
    if '"$ref"' in text:
        assert len(outlines_regex(text, 3)) < len(ours)
    else:
        assert outlines_regex(text, 1) == ours


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_what_the_grammar_allows_is_refused_only_by_rules_the_profile_cannot_express(path: Path, engine: str) -> None:
    if engine == "outlines-core":
        pytest.importorskip("outlines_core", reason="outlines-core (the `dev` extra)")
    tally = sample_file(path, SAMPLES, seed=2026, engine=engine)
    assert tally.drawn == SAMPLES
    assert tally.judged > 0
    unexplained = {
        f"{code} {rule}: {tally.example[(code, rule)].path}: {tally.example[(code, rule)].message}"
        for code, rule in tally.findings
        if rule not in NOT_EXPRESSED
    }
    assert not unexplained


def test_a_document_the_grammar_allows_can_break_a_rule_it_cannot_express() -> None:
    """The sampler reaches the validator: random strings break id patterns, so nothing is accepted by accident."""
    tally = sample_file(next(p for p in FILES if p.name == "claim.schema.json"), 2, seed=2026)
    assert tally.rejected == 2
    assert tally.rejected_by[("PT202", "string_pattern_mismatch")] == 2


def test_every_rule_listed_as_not_expressed_is_a_rule_of_the_validator() -> None:
    assert all(code_for(rule).code != "PT299" for rule in NOT_EXPRESSED)


def test_the_outlines_snippet_of_the_docs_runs_and_builds_our_expression(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("outlines_core", reason="outlines-core (the `dev` extra)")
    root = FILES[0].parents[2]
    text = (root / "docs" / "llm-profile.md").read_text(encoding="utf-8")
    [snippet] = [s for s in re.findall(r"```python\n(.*?)```", text, flags=re.S) if "outlines_core" in s]
    monkeypatch.chdir(root)
    scope: dict[str, object] = {}
    exec(snippet, scope)
    claim = root / "schemas" / "llm" / "claim.schema.json"
    assert scope["regex"] == outlines_regex(claim.read_text(encoding="utf-8"))
