"""The scalar types many fields share: non-blank text, non-negative numbers, country codes, language tags,
script codes, URLs, ISO 8601 durations, SHA-256 digests and e-mail addresses.

Each is an `Annotated` string or number type that is never coerced from another JSON type; the patterns are
public (`ISO3_PATTERN`, `DURATION_PATTERN`...) so that messages about a value that does not match can name the
type it was meant to be.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StrictFloat, StrictInt, StrictStr, StringConstraints

from peace_talks_model.models._countries import ISO_3166_1_ALPHA3
from peace_talks_model.models.base import rule_error

#: The pattern of `Text`: at least one character that is not white space.
TEXT_PATTERN = r"\S"
#: A string with at least one non-space character, never coerced from another JSON type.
Text = Annotated[StrictStr, StringConstraints(min_length=1, pattern=TEXT_PATTERN)]
#: A non-negative integer, never coerced from a string or a float.
NonNegativeInt = Annotated[StrictInt, Field(ge=0)]
#: A non-negative number (integer or decimal).
# Bounds go on each member of a number union: on the union itself pydantic writes them as non-standard keywords.
NonNegativeNumber = Annotated[StrictInt, Field(ge=0)] | Annotated[StrictFloat, Field(ge=0, allow_inf_nan=False)]
#: A finite float (no NaN, no infinity).
FiniteFloat = Annotated[StrictFloat, Field(allow_inf_nan=False)]

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

URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
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


#: An ISO 8601 duration such as `P135D`, `P1Y`, `P3D`, `PT72H`.
IsoDuration = Annotated[
    StrictStr,
    StringConstraints(pattern=DURATION_PATTERN, max_length=64),
    AfterValidator(_check_duration),
    Field(description="ISO 8601 duration, e.g. 'P135D' (135 days), 'P1Y', 'PT72H'.", examples=["P135D"]),
]

SHA256_PATTERN = r"^[0-9a-f]{64}$"
Sha256 = Annotated[StrictStr, StringConstraints(pattern=SHA256_PATTERN)]

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = Annotated[StrictStr, StringConstraints(pattern=EMAIL_PATTERN, max_length=320)]
