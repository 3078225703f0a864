"""The scalar types many fields share: non-blank text, non-negative numbers, country codes, language tags,
script codes, URLs, ISO 8601 durations, SHA-256 digests and e-mail addresses.

Each is an `Annotated` string or number type that is never coerced from another JSON type; the patterns are
public (`ISO3_PATTERN`, `DURATION_PATTERN`...) so that messages about a value that does not match can name the
type it was meant to be.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, NamedTuple

from pydantic import AfterValidator, BeforeValidator, Field, StrictFloat, StrictInt, StrictStr, StringConstraints

from peace_talks_model.models._countries import ISO_3166_1_ALPHA3
from peace_talks_model.models.base import rule_error

#: The characters counted as white space, as the inside of a regular-expression character class: every character
#: that Python (`str.isspace`, `re`'s `\s`: python-jsonschema), Rust (pydantic's `\s`: the models) or ECMAScript
#: (Ajv's `\s`) calls white space. Their `\s` differ (U+001C-U+001F are white space to Python only, U+0085 to Python
#: and Rust, U+FEFF to ECMAScript only), so no published pattern uses `\s`, `\S` or `.`: they use `SPACE`,
#: `NOT_SPACE` and `NOT_LINE_END`, which every engine reads alike.
WHITESPACE_CHARS = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
#: One white-space character.
SPACE = f"[{WHITESPACE_CHARS}]"
#: One character that is not white space.
NOT_SPACE = f"[^{WHITESPACE_CHARS}]"
#: White space at either end of a text.
_EDGE_SPACE = re.compile(f"\\A{SPACE}+|{SPACE}+\\Z")


def strip_space(text: str) -> str:
    """`text` without the white space at its ends, white space as the models read it (`WHITESPACE_CHARS`: also
    U+FEFF, which `str.strip` keeps), so that what is left is a valid `Text` or empty."""
    return _EDGE_SPACE.sub("", text)


#: One character that does not end a line (what `.` means to ECMAScript; Python's and Rust's `.` also take
#: U+000D, U+2028 and U+2029).
NOT_LINE_END = r"[^\n\r\u2028\u2029]"

#: The pattern of `Text`: at least one character that is not white space.
TEXT_PATTERN = NOT_SPACE
#: A string with at least one non-space character, never coerced from another JSON type.
Text = Annotated[StrictStr, StringConstraints(min_length=1, pattern=TEXT_PATTERN)]

#: What a pattern ending with `$` ends with in the published schema. Python's `re` (python-jsonschema) lets `$`
#: match before a final line feed, so `^[A-Z]{3}$` takes "AFG\n"; the models (pydantic's Rust engine) and Ajv
#: (ECMAScript) do not. The look-ahead refuses it in Python and changes nothing in the other engines.
END_OF_TEXT = r"$(?!\n)"

#: The largest integer the schema allows: 2^53 - 1, JavaScript's `Number.MAX_SAFE_INTEGER`. Beyond it a JSON
#: reader that holds numbers as doubles (JavaScript, so Ajv) no longer reads integers exactly (2^53 + 1 reads as
#: 2^53; a 400-digit number reads as Infinity), so integers are bounded by it in the models and the schema.
MAX_SAFE_INTEGER = 2**53 - 1
#: The largest finite double: numbers beyond it cannot be read by most JSON readers (Python's reads them as
#: infinity, JavaScript's as Infinity), so decimal numbers are bounded by it in the models and the schema.
MAX_NUMBER = 1.7976931348623157e308


def whole_number(value: Any) -> Any:
    """A JSON number written with a zero fraction (`12.0`, `1.2e1`) as the integer it is (12), as JSON Schema's
    `"type": "integer"` counts it; anything else unchanged (so `12.5` and `"12"` are still refused)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: An integer between -(2^53 - 1) and 2^53 - 1, never coerced (the integer member of a number union, where 12.0
#: is taken by the decimal member).
SafeInt = Annotated[StrictInt, Field(ge=-MAX_SAFE_INTEGER, le=MAX_SAFE_INTEGER)]
#: A positive integer up to 2^53 - 1; `12.0` is read as 12; never coerced from a string or another float.
PositiveInt = Annotated[StrictInt, Field(ge=1, le=MAX_SAFE_INTEGER), BeforeValidator(whole_number)]
#: A non-negative integer up to 2^53 - 1; `12.0` is read as 12; never coerced from a string or another float.
NonNegativeInt = Annotated[StrictInt, Field(ge=0, le=MAX_SAFE_INTEGER), BeforeValidator(whole_number)]
#: A finite float (no NaN, no infinity, no number beyond the largest double).
FiniteFloat = Annotated[StrictFloat, Field(ge=-MAX_NUMBER, le=MAX_NUMBER, allow_inf_nan=False)]
#: A non-negative number (integer or decimal).
# Bounds go on each member of a number union: on the union itself pydantic writes them as non-standard keywords.
NonNegativeNumber = (
    Annotated[StrictInt, Field(ge=0, le=MAX_SAFE_INTEGER)]
    | Annotated[StrictFloat, Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False)]
)
#: A number greater than zero (integer or decimal).
PositiveNumber = (
    Annotated[StrictInt, Field(gt=0, le=MAX_SAFE_INTEGER)]
    | Annotated[StrictFloat, Field(gt=0, le=MAX_NUMBER, allow_inf_nan=False)]
)

ISO3_PATTERN = r"^[A-Z]{3}$"


def _check_iso3(value: str) -> str:
    # country_code_known: the code is an assigned ISO 3166-1 alpha-3 code (or one of the few extras we accept)
    if value not in ISO_3166_1_ALPHA3:
        raise rule_error(
            "country_code_known",
            "'{code}' is not an ISO 3166-1 alpha-3 country code (e.g. 'AFG', 'USA', 'QAT')",
            code=value,
        )
    return value


#: An ISO 3166-1 alpha-3 country code, upper case, e.g. `AFG`.
CountryCode = Annotated[
    StrictStr,
    StringConstraints(pattern=ISO3_PATTERN),
    AfterValidator(_check_iso3),
    Field(description="ISO 3166-1 alpha-3 country code, e.g. 'AFG', 'USA', 'QAT'.", examples=["AFG"]),
]

BCP47_PATTERN = r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-[a-zA-Z0-9]{5,8})*$"
#: A BCP 47 language tag in canonical case: language, optional script, region and variants (`en`, `ps-AF`,
#: `ar-Latn`, `zh-Hans-CN`).
LanguageTag = Annotated[
    StrictStr,
    StringConstraints(pattern=BCP47_PATTERN, max_length=35),
    Field(
        description="BCP 47 language tag in canonical case, e.g. 'en', 'ps', 'fa-AF', 'ar-Latn'.",
        examples=["en", "ps-AF"],
    ),
]

SCRIPT_PATTERN = r"^[A-Z][a-z]{3}$"
#: An ISO 15924 script code (`Latn`, `Arab`, `Cyrl`).
ScriptCode = Annotated[StrictStr, StringConstraints(pattern=SCRIPT_PATTERN)]

URL_PATTERN = rf"^https?://[^{WHITESPACE_CHARS}/$.?#]{NOT_SPACE}*$"
#: An absolute http(s) URL.
Url = Annotated[StrictStr, StringConstraints(pattern=URL_PATTERN, max_length=4096)]

# JSON Schema pattern (no look-arounds, so every regex engine takes it); the Python check adds unit order.
DURATION_PATTERN = r"^P(?:[0-9]+[YMWD])*(?:T(?:[0-9]+[HMS])+)?$"
_DURATION_STRICT = re.compile(
    r"^P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?$"
)


def _check_duration(value: str) -> str:
    # duration_valid: an ISO 8601 duration with at least one part, units in order (Y M W D T H M S)
    if value == "P" or not _DURATION_STRICT.match(value):
        raise rule_error(
            "duration_valid", "'{value}' is not an ISO 8601 duration (e.g. 'P135D', 'P1Y', 'PT72H')", value=value
        )
    return value


# The parts of an ISO 8601 duration (the form `IsoDuration` already checked: units in order, at least one).
_DURATION_PARTS = re.compile(
    r"^P(?:(?P<Y>[0-9]+)Y)?(?:(?P<M>[0-9]+)M)?(?:(?P<W>[0-9]+)W)?(?:(?P<D>[0-9]+)D)?"
    r"(?:T(?:(?P<h>[0-9]+)H)?(?:(?P<m>[0-9]+)M)?(?:(?P<s>[0-9]+)S)?)?$"
)


class Duration(NamedTuple):
    """An ISO 8601 duration in parts: calendar months (years count 12), days (weeks count 7) and seconds."""

    months: int
    days: int
    seconds: int

    def day_range(self) -> tuple[int, int]:
        """The fewest and most whole days the duration can last, wherever it starts (a month 28 to 31 days)."""
        low = self.months * 28 + self.days + self.seconds // 86_400
        high = self.months * 31 + self.days + -(-self.seconds // 86_400)
        return low, high


def parse_duration(text: str | None) -> Duration | None:
    """The parts of an ISO 8601 duration ('P1Y6M', 'P135D', 'PT72H'); None for None or another form."""
    match = _DURATION_PARTS.match(text) if text else None
    if match is None:
        return None
    part = {name: int(value) if value else 0 for name, value in match.groupdict().items()}
    return Duration(
        part["Y"] * 12 + part["M"], part["W"] * 7 + part["D"], part["h"] * 3600 + part["m"] * 60 + part["s"]
    )


#: An ISO 8601 duration such as `P135D`, `P1Y`, `P3D`, `PT72H`.
IsoDuration = Annotated[
    StrictStr,
    StringConstraints(pattern=DURATION_PATTERN, max_length=64),
    AfterValidator(_check_duration),
    Field(description="ISO 8601 duration, e.g. 'P135D' (135 days), 'P1Y', 'PT72H'.", examples=["P135D"]),
]

SHA256_PATTERN = r"^[0-9a-f]{64}$"
Sha256 = Annotated[StrictStr, StringConstraints(pattern=SHA256_PATTERN)]

EMAIL_PATTERN = rf"^[^@{WHITESPACE_CHARS}]+@[^@{WHITESPACE_CHARS}]+\.[^@{WHITESPACE_CHARS}]+$"
Email = Annotated[StrictStr, StringConstraints(pattern=EMAIL_PATTERN, max_length=320)]
