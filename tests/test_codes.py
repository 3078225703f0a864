"""The finding codes: every rule the models and checks can raise has a code of its own, and codes are unique."""

from __future__ import annotations

import re

from peace_talks_model.codes import CODE_BY_NUMBER, CODES, FALLBACK, code_for, lookup
from peace_talks_model.rules import RULES
from tests.conftest import ROOT

RULES_RAISED = sorted(
    set(
        re.findall(
            r'rule_error\(\s*"([a-z_]+)"',
            "".join(p.read_text(encoding="utf-8") for p in (ROOT / "peace_talks_model").rglob("*.py")),
        )
    )
)


def test_codes_are_unique_and_in_range() -> None:
    assert len(CODE_BY_NUMBER) == len(CODES)
    assert len({c.name for c in CODES}) == len(CODES)
    for c in CODES:
        assert re.fullmatch(r"PT[12349][0-9]{2}", c.code)
        assert (c.code.startswith("PT9")) == (c.severity == "warning")


def test_every_raised_rule_has_its_own_code() -> None:
    assert len(RULES_RAISED) > 40
    unmapped = [rule for rule in RULES_RAISED if code_for(rule) is FALLBACK]
    assert not unmapped


def test_every_check_has_its_own_code() -> None:
    assert all(code_for(rule.name) is not FALLBACK for rule in RULES)


def test_unknown_rules_fall_back_to_pt299() -> None:
    assert code_for("some_future_pydantic_error") is FALLBACK
    assert FALLBACK.code == "PT299"


def test_lookup_by_number_or_name() -> None:
    assert lookup("pt112") is lookup("unknown_field") is CODE_BY_NUMBER["PT112"]
    assert lookup("nonsense") is None
