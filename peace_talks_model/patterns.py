"""Every string pattern of the models, described in words with an example, for messages.

A value that does not match a pattern is reported with the `Form` of its type ("an ISO 3166-1 alpha-3 country
code: three capital letters, like 'AFG'"), never with the regular expression. Forms are attached to the types and
fields that carry the patterns (`_BY_TYPE`, `_BY_FIELD`, the id and reference types found by
`peace_talks_model.introspect.id_types`, the identifier schemes of `ExternalId`), not to the text of a pattern:
the pattern a form stands for is read from its type when needed, so a pattern may change without its words
getting lost. tests/test_error_messages.py proves that every pattern of the models and of the published schema
has a form.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from annotated_types import GroupedMetadata
from pydantic import BaseModel, StringConstraints

from peace_talks_model.introspect import example_id, id_types
from peace_talks_model.models.agreement import Provision
from peace_talks_model.models.claim import Assertion
from peace_talks_model.models.dates import EdtfString, FuzzyDate
from peace_talks_model.models.event import PloverCoding
from peace_talks_model.models.ids import ID_SCHEME_FORMS, ID_SCHEME_PATTERNS, RECORD_TYPES, LocalKey
from peace_talks_model.models.places import Place
from peace_talks_model.models.quantities import Anchor, QuantityPointer
from peace_talks_model.models.record_base import SchemaVersion
from peace_talks_model.models.scalars import (
    END_OF_TEXT,
    CountryCode,
    Email,
    IsoDuration,
    LanguageTag,
    ScriptCode,
    Sha256,
    Text,
    Url,
)
from peace_talks_model.models.vocabularies import DatasetCode


@dataclass(frozen=True, slots=True)
class Form:
    """What a pattern asks for, in words: `what` the value is, its `shape` and an `example`; `name` lets messages
    add suggestions of their own (a country code in lower case...); `rule` is the rule (and code) of a value not
    in this form when its type has a rule of its own."""

    name: str
    what: str
    shape: str
    example: str
    rule: str | None = None

    def describe(self) -> str:
        """'an ISO 3166-1 alpha-3 country code: three capital letters, like 'AFG''."""
        return f"{self.what}: {self.shape}, like '{self.example}'"


_WORDS = "lower-case letters and digits in words joined by '-' or '.'"

_BY_TYPE: tuple[tuple[Any, Form], ...] = (
    (Text, Form("text", "text", "at least one character that is not white space", "Doha")),
    (
        CountryCode,
        Form(
            "country_code", "an ISO 3166-1 alpha-3 country code", "three capital letters", "AFG", "country_code_known"
        ),
    ),
    (
        LanguageTag,
        Form(
            "language_tag",
            "a BCP 47 language tag",
            "a language code in lower case, then optionally a script and a region, joined by '-'",
            "ps-AF",
        ),
    ),
    (
        ScriptCode,
        Form("script_code", "an ISO 15924 script code", "a capital letter and three lower-case letters", "Latn"),
    ),
    (
        Url,
        Form("url", "an absolute URL", "'http://' or 'https://' and an address without spaces", "https://www.un.org"),
    ),
    (
        IsoDuration,
        Form(
            "duration",
            "an ISO 8601 duration",
            "'P', then numbers each with a unit (Y, M, W, D; after a 'T': H, M, S)",
            "P135D",
            "duration_valid",
        ),
    ),
    (
        Sha256,
        Form(
            "sha256",
            "a SHA-256 digest",
            "64 hexadecimal digits (0-9, a-f) in lower case",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
    ),
    (Email, Form("email", "an e-mail address", "a name, '@' and a domain with a dot, without spaces", "info@un.org")),
    (LocalKey, Form("key", "a key", _WORDS, "withdrawal-phase-1")),
    (
        EdtfString,
        Form(
            "edtf",
            "an EDTF date",
            "a day '2019-12-07', a month '2019-09' or a year '2019', a qualifier '~', '?' or '%' after it, or two such "
            "dates joined by '/'",
            "2019-12-07",
            "edtf_date_valid",
        ),
    ),
    (
        SchemaVersion,
        Form(
            "schema_version",
            "a schema version",
            "MAJOR.MINOR, two numbers joined by '.'",
            "1.0",
            "schema_version_known",
        ),
    ),
)

_BY_FIELD: dict[tuple[type[BaseModel], str], Form] = {
    (FuzzyDate, "time"): Form(
        "time", "a time of day", "HH:MM or HH:MM:SS on the 24-hour clock ('24:00' ends the day)", "14:30"
    ),
    (FuzzyDate, "utc_offset"): Form("utc_offset", "a UTC offset", "'+' or '-', then hours and minutes HH:MM", "+04:30"),
    (Place, "kind"): Form("place_kind", "a kind of place", "lower-case words joined by '_'", "military_base"),
    (Anchor, "status"): Form("status", "a status name", "lower-case words joined by '_'", "in_force"),
    (PloverCoding, "event"): Form("plover_event", "a PLOVER event category", "capital letters only", "ASSAULT"),
    (PloverCoding, "mode"): Form("plover_mode", "a PLOVER mode", "lower-case letters and '-'", "release"),
    (PloverCoding, "context"): Form(
        "plover_context", "a PLOVER context", "lower-case letters, '_' and '-'", "terrorism"
    ),
    (DatasetCode, "variable"): Form(
        "variable", "a dataset variable name", "a letter, then at most 63 letters, digits or '_'", "sub_type"
    ),
    (Assertion, "path"): Form(
        "json_pointer",
        "a JSON Pointer",
        "nothing, or parts that each start with '/' ('~0' stands for '~' and '~1' for '/' inside a part)",
        "/status_history/-",
    ),
    (QuantityPointer, "path"): Form(
        "json_pointer_to_part",
        "a JSON Pointer to a part of a record",
        "one or more parts that each start with '/' ('~0' stands for '~' and '~1' for '/' inside a part)",
        "/sides/0/count",
    ),
    (Provision, "pax_codes"): Form("pax_code", "a PA-X variable name", "a letter, then letters and digits", "GeWom"),
}


def _metadata(annotation: Any) -> Iterator[Any]:
    """Every metadata object inside an annotation (Annotated, unions and lists unwrapped; grouped metadata
    such as a reference marker expanded)."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extras = typing.get_args(annotation)
        for extra in extras:
            if isinstance(extra, GroupedMetadata) and not isinstance(extra, StringConstraints):
                yield from extra
            else:
                yield extra
        yield from _metadata(base)
        return
    for argument in typing.get_args(annotation):
        yield from _metadata(argument)


def patterns_of(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> list[str]:
    """The string patterns of a type or of a field (its annotation and the field's own metadata), in order."""
    found = [getattr(m, "pattern", None) for m in [*metadata, *_metadata(annotation)]]
    return list(dict.fromkeys(p for p in found if isinstance(p, str)))


def field_patterns(model: type[BaseModel], field: str) -> list[str]:
    """The string patterns of one field of a model."""
    info = model.model_fields[field]
    return patterns_of(info.annotation, info.metadata)


def _id_form(record_types: tuple[str, ...]) -> Form:
    if len(record_types) == len(RECORD_TYPES):
        return Form("id", "an id of a record", f"a record type, ':' then {_WORDS}", example_id("event"))
    kinds = " or ".join(t.replace("_", " ") for t in record_types)
    what = f"{'an' if kinds[0] in 'aeiou' else 'a'} {kinds} id"
    prefix = " or ".join(f"'{t}:'" for t in record_types)
    return Form("id", what, f"{prefix} then {_WORDS}", example_id(record_types[0]))


@cache
def _by_pattern() -> dict[str, Form]:
    forms: dict[str, Form] = {}
    for annotation, form in _BY_TYPE:
        for pattern in patterns_of(annotation):
            forms.setdefault(pattern, form)
    for (model, field), form in _BY_FIELD.items():
        for pattern in field_patterns(model, field):
            forms.setdefault(pattern, form)
    for scheme, (pattern, example) in ID_SCHEME_PATTERNS.items():
        forms.setdefault(pattern, Form(scheme.value, f"a {scheme.value} identifier", ID_SCHEME_FORMS[scheme], example))
    return forms


def form_of(pattern: str, owner: type[BaseModel] | None = None, field: str | None = None) -> Form | None:
    """The form a value matching `pattern` has, in words: the one of the field `field` of `owner` when it has a
    form of its own, else the one of the type carrying the pattern; None for a pattern no type describes. A pattern
    of the published schema is read as the models' (its `END_OF_TEXT` is the models' `$`)."""
    if pattern.endswith(END_OF_TEXT):
        pattern = pattern.removesuffix(END_OF_TEXT) + "$"
    if owner is not None and field is not None:
        own = _BY_FIELD.get((owner, field))
        if own is not None and field in owner.model_fields and pattern in field_patterns(owner, field):
            return own
    record_types = id_types(pattern)
    if record_types:
        return _id_form(record_types)
    return _by_pattern().get(pattern)
