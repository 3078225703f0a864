"""Messages for people: no regular expression ever reaches a user. Every pattern of the models and of the
published schema has a description in words (`peace_talks_model.patterns`), no message of the error corpora
(tests/error_quality, examples/invalid) shows regex syntax, and errors of the Python API are worded like the CLI's
(`describe_errors`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from peace_talks_model import describe_errors, validate_record
from peace_talks_model.introspect import reachable_models
from peace_talks_model.models import Event
from peace_talks_model.models.dates import FuzzyDate
from peace_talks_model.models.ids import ID_SCHEME_FORMS, ID_SCHEME_PATTERNS, IdScheme
from peace_talks_model.patterns import field_patterns, form_of

ROOT = Path(__file__).resolve().parent.parent
#: The published schemas (the released ones are history: their patterns are not the models' any more).
SCHEMAS = sorted([*ROOT.glob("schemas/*.json"), *ROOT.glob("schemas/llm/*.json")])

#: Pieces of regular-expression syntax that have no place in a message: anchors around a pattern, groups,
#: character classes and their escapes, repetition counts.
REGEX_SYNTAX = re.compile(
    r"\(\?[:=!<]"  # (?: (?= (?! (?<
    r"|\\[dDsSwWbBAzZ]"  # \d \s \w \b \A \z \Z
    r"|\[\^|\[[A-Za-z0-9]-[A-Za-z0-9]"  # [^...] [a-z [0-9
    r"|\{[0-9]+(?:,[0-9]*)?\}"  # {4} {0,63}
    r"|(?:^|[\s(])\^\S"  # ^[... ^(... at the start of a word
    r"|\)[*+?]|\][*+?]"  # )* ]+
    r"|\$(?:['\s),;]|$)"  # a pattern's closing $
)


def _field_patterns() -> Iterator[tuple[type[Any], str, str]]:
    for model in reachable_models():
        for field in model.model_fields:
            for pattern in field_patterns(model, field):
                yield model, field, pattern


def _schema_patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _schema_patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_patterns(value)


def _corpus_messages() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "tests" / "error_quality").glob("*.expected.json")):
        for finding in json.loads(path.read_text(encoding="utf-8"))["findings"]:
            for text in (finding["message"], finding["suggestion"]):
                if text:
                    yield path.name, text
    for path in sorted((ROOT / "examples" / "invalid").rglob("*.errors.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.lstrip().startswith("#"):
                yield str(path.relative_to(ROOT)), line


def test_the_regex_detector_finds_regex_syntax() -> None:
    # the messages this issue was about, and the pieces the detector must know
    for text in (
        "string 'x' does not have the required form ^(?:[0-9]{4}|[0-9]{3}X)$",
        "'Q-1' is not a valid wikidata identifier (pattern ^Q[1-9][0-9]*$, e.g. 'Q30')",
        r"the form \d+",
        "letters [a-z",
        "[^@]+",
    ):
        assert REGEX_SYNTAX.search(text), text
    for text in ("'+' or '-', then hours and minutes HH:MM", "costs $5", "'~0' stands for '~'", "(see 'P1Y')"):
        assert not REGEX_SYNTAX.search(text), text


def test_every_pattern_of_the_models_has_words() -> None:
    found = list(_field_patterns())
    assert len(found) > 50
    missing = [f"{model.__name__}.{field}" for model, field, pattern in found if form_of(pattern, model, field) is None]
    assert not missing, f"patterns without a description in words (peace_talks_model/patterns.py): {missing}"


def test_every_pattern_of_the_published_schema_has_words() -> None:
    patterns = {pattern for path in SCHEMAS for pattern in _schema_patterns(json.loads(path.read_text("utf-8")))}
    assert len(patterns) > 20
    missing = sorted(pattern for pattern in patterns if form_of(pattern) is None)
    assert not missing, f"schema patterns without a description in words: {missing}"


def test_descriptions_are_words() -> None:
    forms = {form_of(pattern, model, field) for model, field, pattern in _field_patterns()}
    forms |= {form_of(pattern) for pattern, _ in ID_SCHEME_PATTERNS.values()}
    for form in forms:
        assert form is not None
        assert not REGEX_SYNTAX.search(form.describe()), form
    assert set(ID_SCHEME_FORMS) == set(IdScheme)
    for words in ID_SCHEME_FORMS.values():
        assert not REGEX_SYNTAX.search(words), words


def test_no_corpus_message_shows_a_regular_expression() -> None:
    messages = list(_corpus_messages())
    assert len(messages) > 200
    shown = [f"{where}: {text}" for where, text in messages if REGEX_SYNTAX.search(text)]
    assert not shown, "\n".join(shown)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        # a bad date deep inside a record: once a 400-character regular expression
        ({"date": {"edtf": "2022-13-01"}}, "PT205 date.edtf: '2022-13-01': there is no month 13;"),
        ({"date": {"edtf": "2019-09-28", "time": "25:00"}}, "PT202 date.time: string '25:00' is not a time of day"),
        ({"plover": {"event": "assault"}}, "PT202 plover.event: string 'assault' is not a PLOVER event category"),
        ({"id": "event:Kabul"}, "PT202 id: string 'event:Kabul' is not an event id: 'event:' then lower-case"),
    ],
)
def test_pattern_messages_say_the_form_in_words(record: dict[str, Any], expected: str) -> None:
    data = {"record_type": "event", "id": "event:x", "schema_version": "1.0", "kind": "election", "date": "2019"}
    with pytest.raises(ValidationError) as caught:
        validate_record(data | record)
    [line] = describe_errors(caught.value)
    assert line.startswith(expected)
    assert line.endswith("(event)")
    assert not REGEX_SYNTAX.search(line)


def test_python_api_errors_are_worded_like_the_cli() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_record({"record_type": "position", "id": "position:x", "schema_version": "1.0"})
    assert describe_errors(caught.value) == [
        f"PT113 {field}: required field '{field}' is missing (position)" for field in ("holders", "kind", "topic")
    ]
    # a model validated on its own: its errors name the same record type and fields
    with pytest.raises(ValidationError) as caught:
        Event.model_validate({"record_type": "event", "id": "event:x", "schema_version": "1.0", "date": "2019-13"})
    assert describe_errors(caught.value) == [
        "PT113 kind: required field 'kind' is missing (event)",
        "PT205 date: '2019-13': there is no month 13; months are 01 to 12 (and 21 to 24 the seasons, spring to "
        "winter) (event)",
    ]


def test_the_documented_example_of_describe_errors_is_true() -> None:
    line = "PT205 date: '2022-07-32': there is no 32 July; July has 31 days (event)"
    assert f"`{line}`" in (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        validate_record(
            {"record_type": "event", "id": "event:x", "schema_version": "1.0", "kind": "election", "date": "2022-07-32"}
        )
    assert describe_errors(caught.value) == [line]


def test_a_part_of_a_record_is_named_by_its_model() -> None:
    with pytest.raises(ValidationError) as caught:
        FuzzyDate.model_validate({"edtf": "2019-09-28", "time": "25:00"})
    [line] = describe_errors(caught.value)
    assert line.startswith("PT202 time: string '25:00' is not a time of day")
    assert line.endswith("(FuzzyDate)")
