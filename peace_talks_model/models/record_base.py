"""What every record shares: `RecordBase` (the fields every record carries), the record contract's version
(`SchemaVersion`, `KNOWN_MAJOR_VERSIONS`), `StatusStepBase` (one step of a status history) and the checks that
several record types run (`check_chronological`, `check_relations_not_to_self`, `check_unique_keys`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticKnownError

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.models.base import PeaceModel, rule_error
from peace_talks_model.models.dates import Date, FuzzyDate, dates_in_order
from peace_talks_model.models.evidence import Characterization, Confidence, Evidence
from peace_talks_model.models.ids import ActorRef, ExternalId, RecordRef
from peace_talks_model.models.scalars import Text
from peace_talks_model.models.versions import VERSIONS, newer_features
from peace_talks_model.models.vocabularies import DatasetCode

#: Major versions of the record contract that this package can read.
KNOWN_MAJOR_VERSIONS: tuple[int, ...] = (1,)

SCHEMA_VERSION_PATTERN = r"^[0-9]+\.[0-9]+$"


def _check_schema_version(value: str) -> str:
    # schema_version_known: the record declares a version of the record contract this package knows
    if value not in VERSIONS:
        newer = tuple(int(part) for part in value.split(".")) > tuple(int(part) for part in SCHEMA_VERSION.split("."))
        raise rule_error(
            "schema_version_known",
            "schema_version '{got}' is not a version of the record contract this package knows ({known})"
            + ("; a record written for a newer version needs a newer peace_talks_model" if newer else ""),
            got=value,
            known=", ".join(VERSIONS),
        )
    return value


SchemaVersion = Annotated[
    StrictStr,
    StringConstraints(pattern=SCHEMA_VERSION_PATTERN),
    AfterValidator(_check_schema_version),
    Field(
        description=f"Version of the record contract (MAJOR.MINOR) the record was written for: one of "
        f"{', '.join(VERSIONS)}; this package writes '{SCHEMA_VERSION}'. A record may use only the fields and "
        "values its version had (a later one is an error naming the version that introduced it).",
        examples=[SCHEMA_VERSION],
    ),
]


class _Unset(str):
    """The type of `UNSET`."""

    __slots__ = ()


#: The default of `schema_version`: a record built in code (`Agreement(id=..., name=...)`) gets the current
#: version, while a record validated as data (with the context `DATA`, as every reader of the package does) without
#: one is refused as missing, as the schema says (`required_in_data`). `record_type` defaults to the class's tag: in
#: data the tag is what selects the model, so a record without one is refused before any model sees it; a record
#: class given no tag gets its own (`RecordBase._fill_tag`).
UNSET = _Unset("")

#: The validation context of records read as data (`adapter.validate_python(data, context=DATA)`): there a
#: missing `schema_version` is an error. Without it (a record built in code, or `Model.model_validate(d)`), the
#: current version is filled in.
_DATA_KEY = "peace_talks_model.data"
DATA: Mapping[str, bool] = MappingProxyType({_DATA_KEY: True})


def unset() -> Any:
    """The default of `record_type` and `schema_version` (`UNSET`), as a default factory: a default that is no
    value, so that neither the published schema nor `model_dump(exclude_defaults=True)` takes it for one."""
    return UNSET


def required_in_data(value: Any, info: ValidationInfo) -> Any:
    """`schema_version` as given; when not given, the error pydantic gives for a missing field in data (context
    `DATA`), the current version in code."""
    if value is UNSET:
        if isinstance(info.context, Mapping) and info.context.get(_DATA_KEY):
            raise PydanticKnownError("missing")
        return SCHEMA_VERSION
    return value


def written(model: BaseModel) -> Any:
    """The JSON value of a model as it was written: only the fields given (or set since), and a value given in a
    short form (a date as its EDTF string, an exact count as a bare integer) in that form again."""
    short = getattr(model, "written_short", None)
    if short is not None and (value := short()) is not None:
        return value
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True)
    _overlay_short_forms(model, dumped)
    return dumped


def _overlay_short_forms(model: BaseModel, dumped: dict[str, Any]) -> None:
    """Put back into `dumped` (the model's dump) the short forms of the models inside it."""
    for name, value in model.__dict__.items():
        if name not in dumped:
            continue
        if isinstance(value, BaseModel):
            dumped[name] = _as_written(value, dumped[name])
        elif isinstance(value, list) and value and isinstance(dumped[name], list):
            dumped[name] = [
                _as_written(item, shown) if isinstance(item, BaseModel) else shown
                for item, shown in zip(value, dumped[name], strict=True)
            ]


def _as_written(model: BaseModel, dumped: Any) -> Any:
    short = getattr(model, "written_short", None)
    if short is not None and (value := short()) is not None:
        return value
    if isinstance(dumped, dict):
        _overlay_short_forms(model, dumped)
    return dumped


def _required_in_the_schema(schema: dict[str, Any]) -> None:
    """The published schema requires `record_type` and `schema_version` (their defaults are for code)."""
    properties = schema.get("properties", {})
    filled = {"record_type", "schema_version"} & properties.keys()
    for name in filled:
        properties[name].pop("default", None)
    required = set(schema.get("required", ())) | filled
    schema["required"] = [name for name in properties if name in required]


class RecordBase(PeaceModel):
    """Fields every record carries; each record class narrows `record_type` and `id` to its own type.

    Built in code, a record needs neither `record_type` nor `schema_version`: the class's tag and the current
    version are filled in. Read as data (every reader of the package validates with the context `DATA`) both are
    required, as in the schema."""

    model_config = ConfigDict(json_schema_extra=_required_in_the_schema)

    record_type: str = Field(description="The record's type, the tag that selects its model.")
    id: str = Field(description="The record's stable id: '<record_type>:<local-part>'.")
    schema_version: Annotated[SchemaVersion, BeforeValidator(required_in_data)] = Field(
        default_factory=unset, validate_default=True
    )

    def to_dict(self) -> dict[str, Any]:
        """The record's JSON object as it was written: `record_type`, `id` and `schema_version` first, then the
        fields given (a field left out stays out), short forms kept (`"2022-07-22"` stays a string, `37` a bare
        integer). Validating it again gives an equal record; for a record read from a file, it is the file's
        record (key order aside)."""
        body = written(self)
        head = {"record_type": self.record_type, "id": self.id, "schema_version": self.schema_version}
        return head | {key: value for key, value in body.items() if key not in head}

    def to_json(self, *, indent: int | None = None) -> str:
        """`to_dict` as JSON text (UTF-8 characters as they are; `indent` spaces per level, or one line)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    identifiers: list[ExternalId] = Field(
        default_factory=list,
        description="Identifiers of the same entity in the field's datasets and "
        "registries (Wikidata, UCDP, PA-X, ETH/PRIO, ACLED...).",
    )
    dataset_codes: list[DatasetCode] = Field(
        default_factory=list,
        description="Codes the field's datasets give the record in variables without a typed field here, "
        "verbatim (kept by the importers so that an export gives them back).",
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="Quotes from sources that support the record as a whole."
    )
    confidence: Confidence | None = Field(default=None, description="The author's confidence in the record.")
    characterizations: list[Characterization] = Field(
        default_factory=list,
        description="How sources characterise the record ('a rare meeting', 'historic talks', 'a controversial swap').",
    )
    notes: Text | None = Field(
        default=None, description="Free-text remarks for people; never the only place a fact is recorded."
    )

    @model_validator(mode="after")
    def _declared_version_covers(self) -> Self:
        if self.record_type is UNSET:  # built in code, or validated as its own class, without its tag
            self.__dict__["record_type"] = self.RECORD_TYPE
        # schema_version_covers: every field and value the record uses exists in the version it declares
        found = list(newer_features(self, self.schema_version))
        if found:
            path, what, since = found[0]
            needed = max((f[2] for f in found), key=lambda v: tuple(int(p) for p in v.split(".")))
            more = len(found) - 1
            also = (
                f", and uses {more} more {'field or value' if more == 1 else 'fields or values'} of a later version"
                if more
                else ""
            )
            raise rule_error(
                "schema_version_covers",
                "{what} came in schema version {since}, but the record declares schema_version '{declared}'"
                "{also}: declare '{needed}' or later, or leave {them} out",
                what=what,
                since=since,
                also=also,
                declared=self.schema_version,
                needed=needed,
                them=f"the {what.split(' ', 1)[0]}" if not more else "them",
                at=list(path),
            )
        return self

    #: The `record_type` value of the concrete class.
    RECORD_TYPE: ClassVar[str] = ""
    #: The status vocabulary of the record's `status_history` (None: the type has no status history). The
    #: statuses an `Anchor` may name for the type (`peace_talks_model.models.STATUSES_BY_TYPE` is built from it).
    STATUSES: ClassVar[type[StrEnum] | None] = None
    #: The status vocabulary of the record's keyed parts (an agreement commitment's implementation), which an
    #: `Anchor` with a `key` may name (None: the parts have no statuses).
    PART_STATUSES: ClassVar[type[StrEnum] | None] = None


class StatusStepBase(PeaceModel):
    """One step in a status history: what changed, when, why, by whom, and on what evidence."""

    date: Date | None = Field(default=None, description="When the status took effect.")
    scheduled_for: Date | None = Field(
        default=None,
        description="For a planned, scheduled or postponed step: the date it was (re)scheduled for ('delayed "
        "until mid-November', 'talks will resume on Sunday').",
    )
    repeated: StrictBool = Field(
        default=False, description="True when the source says the step happened repeatedly ('repeatedly delayed')."
    )
    by: list[ActorRef] = Field(
        default_factory=list, description="Who brought the change about ('Trump declared the talks dead')."
    )
    reason: Text | None = Field(default=None, description="The reason given, in plain words.")
    caused_by: list[RecordRef] = Field(
        default_factory=list,
        description="Records of what caused the change (an attack that led to a "
        "cancellation, a disagreement over a swap).",
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Quotes supporting this step.")


def check_chronological(steps: list[Any], what: str, at: tuple[int | str, ...] | None = None) -> None:
    """Raise `status_history_chronological` when a dated step certainly precedes an earlier-listed one; the error
    points at that step's date (`at` is the path of the list, by default the field named `what`)."""
    previous: tuple[int, FuzzyDate] | None = None
    for index, step in enumerate(steps):
        date: FuzzyDate | None = step.date
        if date is None:
            continue
        if previous is not None and not dates_in_order(previous[1], date):
            raise rule_error(
                "status_history_chronological",
                "{what} is not in chronological order: step {index} ({later}) is dated before step "
                "{prev_index} ({earlier})",
                what=what,
                index=index,
                later=date.edtf,
                prev_index=previous[0],
                earlier=previous[1].edtf,
                at=[*(at or (what,)), index, "date"],
            )
        previous = (index, date)


def check_relations_not_to_self(relations: list[Any], own_id: str) -> None:
    """Raise `relation_not_to_self` when a relation (with `type` and `target`) points at the record itself."""
    for index, relation in enumerate(relations):
        if relation.target == own_id:
            raise rule_error(
                "relation_not_to_self",
                "{id} has a '{type}' relation to itself",
                id=own_id,
                type=relation.type.value,
                at=["relations", index, "target"],
            )


def check_unique_keys(items: list[tuple[tuple[int | str, ...], Any]], what: str) -> None:
    """Raise `keys_unique` when two parts of a record share a key; `items` are (path, part) pairs and the error
    points at the second part's key."""
    seen: set[str] = set()
    for path, item in items:
        key = getattr(item, "key", None)
        if key is None:
            continue
        if key in seen:
            raise rule_error("keys_unique", "{what} key '{key}' is used twice", what=what, key=key, at=[*path, "key"])
        seen.add(key)
