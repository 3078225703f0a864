"""Record identity: the record types, the ids of records and the typed references to them, local keys naming
the parts of a record, and identifiers of the same entity in other registries (`ExternalId`, `IdScheme`).

An id is `<record_type>:<local part>`; a reference type accepts only the ids of the record types it names (a
field that wants an actor rejects an event id).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Self

from annotated_types import GroupedMetadata
from pydantic import ConfigDict, Field, StrictStr, StringConstraints, model_validator

from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.scalars import ISO3_PATTERN, NOT_LINE_END, NOT_SPACE, Text, Url

#: The record types, in the order the documentation lists them, each with the example id that the reference
#: types and messages show (a record type is also the prefix of its ids). A new record type is added here and to
#: `peace_talks_model.models.RECORD_MODELS` (a test keeps the two in agreement).
EXAMPLE_IDS: dict[str, str] = {
    "source": "source:ap-2019-12-09-khalilzad-doha-talks",
    "actor": "actor:zalmay-khalilzad",
    "negotiation": "negotiation:2019-12-07-doha-us-taliban",
    "agreement": "agreement:2020-02-29-doha-us-taliban",
    "prisoner_swap": "prisoner_swap:2019-11-king-weeks-haqqani",
    "ceasefire": "ceasefire:2018-06-eid-al-fitr-afghanistan",
    "claim": "claim:2019-10-04-pakistan-earliest-resumption",
    "position": "position:2019-11-afghan-government-ceasefire-precondition",
    "event": "event:2019-09-05-kabul-bombing",
    "conflict": "conflict:afghanistan-government",
}
#: The record types, in the order the documentation lists them; each is also the prefix of its ids.
RECORD_TYPES: tuple[str, ...] = tuple(EXAMPLE_IDS)

#: The part of an id after the prefix: lower-case ASCII letters and digits in words joined by '-' or '.'.
ID_LOCAL_PATTERN = r"[a-z0-9]+(?:[-.][a-z0-9]+)*"
ID_MAX_LENGTH = 200


def id_pattern(*record_types: str) -> str:
    """The regular expression of an id (or reference) to a record of one of `record_types`."""
    prefixes = "|".join(record_types)
    group = f"(?:{prefixes})" if len(record_types) > 1 else prefixes
    return f"^{group}:{ID_LOCAL_PATTERN}$"


def record_type_of(record_id: str) -> str:
    """The record type an id (or reference) names: its prefix, the part before the first ':'."""
    return record_id.split(":", 1)[0]


def local_part(record_id: str) -> str:
    """The part of an id (or reference) after its record type and ':'."""
    return record_id.partition(":")[2]


def is_id(text: str, *record_types: str) -> bool:
    """True when `text` has the form of an id of a record of one of `record_types` (the pattern their
    references are validated against; the length limit aside)."""
    return _id_regex(record_types).fullmatch(text) is not None


@cache
def _id_regex(record_types: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(id_pattern(*record_types))


@dataclass(frozen=True)
class RefTarget(GroupedMetadata):
    """The marker of a reference type: it accepts exactly the ids of `record_types` (in the order its pattern
    names them).

    Placed in `Annotated` metadata (`Annotated[StrictStr, ref("actor")]`), it expands for pydantic into the id
    pattern and length limit, the description and the example (so the JSON Schema is that of a plain
    constrained string: the marker itself never reaches it), and stays readable for `peace_talks_model.introspect`,
    which finds references by it.
    """

    record_types: tuple[str, ...]
    description: str
    example: str

    @property
    def pattern(self) -> str:
        """The regular expression the reference is validated against."""
        return id_pattern(*self.record_types)

    def __iter__(self) -> Iterator[Any]:
        yield StringConstraints(pattern=self.pattern, max_length=ID_MAX_LENGTH)
        yield Field(description=self.description, examples=[self.example])


def ref(*record_types: str, description: str | None = None, example: str | None = None) -> RefTarget:
    """The one factory of reference types: the metadata that makes `Annotated[StrictStr, ref(...)]` a reference to
    a record of one of `record_types`. The example defaults to the first type's `EXAMPLE_IDS` entry, the
    description to "Id of a(n) <types> record, e.g. '<example>'."

    (It returns the metadata rather than the `Annotated` type so that type checkers, which cannot evaluate a
    call in a type alias, still read `Annotated[StrictStr, ...]` as `str`.)
    """
    unknown = [t for t in record_types if t not in EXAMPLE_IDS]
    if not record_types or unknown:
        raise ValueError(f"not record types: {unknown or 'none given'}; the record types are {RECORD_TYPES}")
    example = EXAMPLE_IDS[record_types[0]] if example is None else example
    if description is None:
        kinds = " or ".join(record_types)
        description = f"Id of {'an' if kinds[0] in 'aeiou' else 'a'} {kinds} record, e.g. '{example}'."
    return RefTarget(tuple(record_types), description, example)


def record_id(record_type: str) -> StringConstraints:
    """The constraints of the `id` of a `record_type` record, for `Annotated[StrictStr, record_id("actor")]`: the
    pattern of its references, without the reference marker (an id names its record, it refers to nothing)."""
    if record_type not in EXAMPLE_IDS:
        raise ValueError(f"not a record type: {record_type!r}; the record types are {RECORD_TYPES}")
    return StringConstraints(pattern=id_pattern(record_type), max_length=ID_MAX_LENGTH)


SourceRef = Annotated[StrictStr, ref("source")]
ActorRef = Annotated[StrictStr, ref("actor")]
NegotiationRef = Annotated[StrictStr, ref("negotiation")]
AgreementRef = Annotated[StrictStr, ref("agreement")]
PrisonerSwapRef = Annotated[StrictStr, ref("prisoner_swap")]
CeasefireRef = Annotated[StrictStr, ref("ceasefire")]
ClaimRef = Annotated[StrictStr, ref("claim")]
PositionRef = Annotated[StrictStr, ref("position")]
EventRef = Annotated[StrictStr, ref("event")]
ConflictRef = Annotated[StrictStr, ref("conflict")]
#: A reference to a record of any type.
RecordRef = Annotated[
    StrictStr,
    ref(
        *RECORD_TYPES,
        description=f"Id of a record of any type, e.g. '{EXAMPLE_IDS['event']}'.",
        example=EXAMPLE_IDS["event"],
    ),
]

#: A key that names a part of a record (a provision, commitment, version, side...) for references inside it.
LocalKey = Annotated[
    StrictStr,
    StringConstraints(pattern=f"^{ID_LOCAL_PATTERN}$", max_length=100),
    Field(
        description="Key naming a part of this record, unique within it, e.g. 'withdrawal-phase-1'.",
        examples=["withdrawal-phase-1"],
    ),
]


class IdScheme(StrEnum):
    """Registries whose identifiers a record may carry (crosswalks to the field's datasets)."""

    #: Wikidata item, e.g. Q30 (United States of America)
    wikidata = "wikidata"
    #: UCDP actor id, e.g. 303 (Taleban)
    ucdp_actor = "ucdp_actor"
    #: UCDP conflict id, e.g. 333 (Afghanistan: Government)
    ucdp_conflict = "ucdp_conflict"
    #: UCDP dyad id
    ucdp_dyad = "ucdp_dyad"
    #: UCDP peace agreement id (paid)
    ucdp_agreement = "ucdp_agreement"
    #: PA-X agreement id (AgtId), e.g. 2271
    pax_agreement = "pax_agreement"
    #: PAA-X actor id
    paax_actor = "paax_actor"
    #: ETH/PRIO civil conflict cease-fire id (cf_id)
    eth_prio_ceasefire = "eth_prio_ceasefire"
    #: Peace Accords Matrix agreement id
    pam_agreement = "pam_agreement"
    #: ACLED actor name, verbatim, e.g. "Taliban"
    acled_actor = "acled_actor"
    #: GeoNames feature id
    geonames = "geonames"
    #: ISO 3166-1 alpha-3 country code
    iso3166_1_alpha3 = "iso3166_1_alpha3"
    #: Gleditsch-Ward state number
    gwno = "gwno"
    #: Correlates of War state or war number
    cow = "cow"


#: The value pattern of each identifier scheme, with an example of a valid value.
ID_SCHEME_PATTERNS: dict[IdScheme, tuple[str, str]] = {
    IdScheme.wikidata: (r"^Q[1-9][0-9]*$", "Q30"),
    IdScheme.ucdp_actor: (r"^[1-9][0-9]*$", "303"),
    IdScheme.ucdp_conflict: (r"^[1-9][0-9]*$", "333"),
    IdScheme.ucdp_dyad: (r"^[1-9][0-9]*$", "726"),
    IdScheme.ucdp_agreement: (r"^[1-9][0-9]*$", "1234"),
    IdScheme.pax_agreement: (r"^[1-9][0-9]*$", "2271"),
    IdScheme.paax_actor: (r"^[A-Za-z0-9_-]{1,40}$", "1021"),
    IdScheme.eth_prio_ceasefire: (r"^[1-9][0-9]*$", "1504"),
    IdScheme.pam_agreement: (r"^[1-9][0-9]*$", "41"),
    IdScheme.acled_actor: (f"^{NOT_SPACE}(?:{NOT_LINE_END}{{0,198}}{NOT_SPACE})?$", "Taliban"),
    IdScheme.geonames: (r"^[1-9][0-9]*$", "1138958"),
    IdScheme.iso3166_1_alpha3: (ISO3_PATTERN, "AFG"),
    IdScheme.gwno: (r"^[1-9][0-9]{0,3}$", "700"),
    IdScheme.cow: (r"^[1-9][0-9]{0,3}$", "700"),
}
_ID_SCHEME_REGEX = {scheme: re.compile(p) for scheme, (p, _) in ID_SCHEME_PATTERNS.items()}
_NUMBER = "a whole number from 1 up, without leading zeros"
#: The form of each identifier scheme's values, in words (for messages, which never show a pattern).
ID_SCHEME_FORMS: dict[IdScheme, str] = {
    IdScheme.wikidata: "'Q' and a whole number from 1 up, without leading zeros",
    IdScheme.ucdp_actor: _NUMBER,
    IdScheme.ucdp_conflict: _NUMBER,
    IdScheme.ucdp_dyad: _NUMBER,
    IdScheme.ucdp_agreement: _NUMBER,
    IdScheme.pax_agreement: _NUMBER,
    IdScheme.paax_actor: "1 to 40 letters, digits, '_' or '-'",
    IdScheme.eth_prio_ceasefire: _NUMBER,
    IdScheme.pam_agreement: _NUMBER,
    IdScheme.acled_actor: "the name as ACLED writes it, at most 200 characters, without spaces at either end",
    IdScheme.geonames: _NUMBER,
    IdScheme.iso3166_1_alpha3: "three capital letters",
    IdScheme.gwno: "a whole number from 1 to 9999, without leading zeros",
    IdScheme.cow: "a whole number from 1 to 9999, without leading zeros",
}


def _external_id_schema(schema: dict[str, Any]) -> None:
    # express the per-scheme patterns in JSON Schema as if/then branches (draft 2020-12, Ajv strict safe)
    schema["allOf"] = [
        {
            "if": {"properties": {"scheme": {"const": scheme.value}}, "required": ["scheme"]},
            "then": {"properties": {"value": {"type": "string", "pattern": pattern}}},
        }
        for scheme, (pattern, _) in ID_SCHEME_PATTERNS.items()
    ]


class ExternalId(PeaceModel):
    """An identifier of the same entity in another registry; `value` matches the pattern of its `scheme`."""

    model_config = ConfigDict(json_schema_extra=_external_id_schema)

    scheme: IdScheme = Field(description="The registry the identifier belongs to.")
    value: Text = Field(
        description="The identifier, written as the registry writes it (see the scheme's "
        "pattern), e.g. 'Q30' for Wikidata, '2271' for PA-X."
    )
    url: Url | None = Field(default=None, description="Link to the entry in the registry, if it has one.")
    version: Text | None = Field(
        default=None,
        description="The version of the registry's entry or coding the identifier refers to (PA-X 'Ver', a dataset "
        "release), when it matters.",
    )

    @model_validator(mode="after")
    def external_id_matches_scheme(self) -> Self:
        # external_id_matches_scheme: the value has the shape its scheme prescribes
        if not _ID_SCHEME_REGEX[self.scheme].fullmatch(self.value):
            raise rule_error(
                "external_id_matches_scheme",
                "'{value}' is not a valid {scheme} identifier: {form}, like '{example}'",
                at=["value"],
                value=self.value,
                scheme=self.scheme.value,
                form=ID_SCHEME_FORMS[self.scheme],
                example=ID_SCHEME_PATTERNS[self.scheme][1],
            )
        return self
