"""The explanations of `peace-talks explain`: one per finding code, and the record examples really are bad and good."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from peace_talks_model import validate_record, validate_records
from peace_talks_model.codes import CODES, Code, code_for
from peace_talks_model.explanations import EXPLANATIONS, Explanation
from peace_talks_model.validation import Options

#: Codes whose examples are fragments, not complete records: file-level (PT100-PT106), the catch-all PT299
#: (no record can be built to break a rule that has no code of its own), cross-record (PT3xx), meaning (PT4xx,
#: checked below through the rule engine), warnings (PT9xx).
FRAGMENT_CODES = frozenset(
    c.code for c in CODES if c.code <= "PT106" or c.code == "PT299" or c.code.startswith(("PT3", "PT4", "PT9"))
)
#: Codes of the checks of meaning whose examples are single records the rule engine judges.
MEANING_CODES = [c for c in CODES if c.code.startswith("PT4")]
RECORD_CODES = [c for c in CODES if c.code not in FRAGMENT_CODES]


def _record(text: str) -> dict[str, Any]:
    data = json.loads(text)
    assert isinstance(data, dict), "a record example must be one JSON object"
    return data


def test_every_code_has_an_explanation_and_vice_versa() -> None:
    assert list(EXPLANATIONS) == [c.code for c in CODES]


@pytest.mark.parametrize("code", CODES, ids=lambda c: c.code)
def test_explanation_is_filled_in(code: Code) -> None:
    explanation = EXPLANATIONS[code.code]
    assert isinstance(explanation, Explanation)
    for part in explanation:
        assert part.strip()
    assert explanation.bad != explanation.good
    assert max(len(explanation.bad.splitlines()), len(explanation.good.splitlines())) <= 8


def test_record_level_codes_have_record_examples() -> None:
    # every PT11x-PT2xx code but the catch-all gives complete records, so that the next test checks them
    assert {c.code for c in RECORD_CODES} == {c.code for c in CODES if "PT110" <= c.code <= "PT298"}


@pytest.mark.parametrize("code", RECORD_CODES, ids=lambda c: c.code)
def test_good_example_is_valid(code: Code) -> None:
    good = _record(EXPLANATIONS[code.code].good)
    assert "record_type" in good
    validate_record(good)


@pytest.mark.parametrize("code", RECORD_CODES, ids=lambda c: c.code)
def test_bad_example_breaks_the_codes_rule(code: Code) -> None:
    bad = _record(EXPLANATIONS[code.code].bad)
    with pytest.raises(ValidationError) as info:
        validate_record(bad)
    types = [e["type"] for e in info.value.errors()]
    assert any(t in code.rules for t in types), types
    # and nothing else: the example shows this code alone
    assert {code_for(t).code for t in types} == {code.code}, types


def _records(text: str) -> list[dict[str, Any]]:
    # a check of meaning across records shows its records as a JSON array
    data = json.loads(text)
    records = data if isinstance(data, list) else [data]
    assert records, "a meaning example has records"
    assert all(isinstance(r, dict) for r in records), "a meaning example is records"
    return records


@pytest.mark.parametrize("code", MEANING_CODES, ids=lambda c: c.code)
def test_meaning_examples_break_their_rule_and_the_good_one_is_clean(code: Code) -> None:
    options = Options(allow_external_refs=True, ignore=frozenset({"PT901"}))
    bad = validate_records(_records(EXPLANATIONS[code.code].bad), options)
    assert [f.code for f in bad.findings] == [code.code]
    good = validate_records(_records(EXPLANATIONS[code.code].good), options)
    assert good.findings == []
