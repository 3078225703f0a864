"""`DATES_AGREE_ACROSS_RECORDS`: dates of related records that cannot both be right (a step dated before the record
that caused it, a position stated after its holder died, an agreement signed by someone after his death, an
exchange executed before the agreement providing for it existed).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from peace_talks_model.introspect import objects_with, reaches
from peace_talks_model.models import Actor, Agreement, Claim, FuzzyDate, Position, PrisonerSwap, Record
from peace_talks_model.rules.base import (
    EXAMPLE_SOURCE,
    Breach,
    Entry,
    Family,
    Index,
    RunFacts,
    SetRule,
    certainly_before,
    example_record,
    only_with,
    words,
)

_CAUSED_BY = frozenset({"caused_by"})


class Dated(NamedTuple):
    """What the date checks of other records look up of a record: its dates as the bounds they compare."""

    #: earliest day of the record's own date (not for claims and positions)
    date: dt.date | None
    #: an actor's last possible day of death
    died: dt.date | None
    #: an agreement's first dated status step, earliest day
    first_step: dt.date | None


class DateFacts(NamedTuple):
    """What judging a record's dates needs: the dates to compare and the records they are compared with."""

    #: (latest day of a dated step or event, the record it names as its cause)
    causes: tuple[tuple[dt.date, str], ...]
    #: a position's statement date (earliest day) and holders
    stated: dt.date | None
    holders: tuple[str, ...]
    #: a swap's agreement and the latest days of its executed steps
    agreement: str | None
    executed: tuple[dt.date, ...]
    #: an agreement's signatures: (earliest day of the signing, the signer)
    signed: tuple[tuple[dt.date, str], ...] = ()


class DatesAgreeAcrossRecords(SetRule[Dated, DateFacts, None]):
    """No record is dated so that it contradicts the date of a record it names as a cause, holder or agreement."""

    name = "dates_agree_across_records"
    facts_needs = only_with(("caused_by", "holders", "agreement", "signatories"))
    family = Family.dates
    keeps = (
        "Of each dated record, its earliest day, an actor's last possible day of death and an agreement's "
        "first dated step; of records with causes, holders, signatories or an agreement, (day, id) pairs."
    )
    description = (
        "Steps follow their causes; positions and signatures end with their holders' lives; swaps follow the "
        "agreements providing for them."
    )
    example = (
        EXAMPLE_SOURCE,
        example_record("actor", "omar", name="omar", kind="person", died="2013"),
        example_record("position", "p", holders=["actor:omar"], kind="demand", topic="ceasefire", stated="2015-07"),
    )

    def lookup(self, record: Record) -> Dated | None:
        """The record's own date, an actor's death, an agreement's first dated step."""
        own = _date_of(record)
        date = own.earliest() if own is not None else None
        died = None
        first_step = None
        if isinstance(record, Actor):
            died = record.died.latest() if record.died is not None else None
        elif isinstance(record, Agreement):
            first = _first_dated_step(record)
            first_step = first.earliest() if first is not None else None
        if date is None and died is None and first_step is None:
            return None
        return Dated(date, died, first_step)

    def facts(self, record: Record, raw: bytes | None) -> DateFacts | None:
        """The dated causes of the record's steps, a position's statement and holders, a swap's executed steps."""
        stated: dt.date | None = None
        holders: tuple[str, ...] = ()
        agreement: str | None = None
        executed: tuple[dt.date, ...] = ()
        if isinstance(record, Position) and record.stated is not None and record.holders:
            stated = record.stated.earliest()
            holders = tuple(sys.intern(h) for h in record.holders)
        elif isinstance(record, PrisonerSwap) and record.agreement is not None:
            agreement = sys.intern(record.agreement)
            days = [s.date.latest() for s in record.status_history if s.status == "executed" and s.date is not None]
            executed = tuple(d for d in days if d is not None)
        signatures: list[tuple[dt.date, str]] = []
        if isinstance(record, Agreement):
            for position, signatory in enumerate(record.signatories):
                signing = signing_date(record, position)
                first_day = signing.earliest() if signing is not None else None
                if first_day is not None:
                    signatures.append((first_day, sys.intern(signatory.actor)))
        signed = tuple(signatures)
        causes: list[tuple[dt.date, str]] = []
        if reaches(type(record), _CAUSED_BY) and (raw is None or b"caused_by" in words(raw)):
            for _, obj in objects_with(record, _CAUSED_BY):
                caused_by, date = getattr(obj, "caused_by", None), getattr(obj, "date", None)
                latest = date.latest() if isinstance(date, FuzzyDate) else None
                if caused_by and latest is not None:
                    causes.extend((latest, sys.intern(cause)) for cause in caused_by)
        if not causes and not holders and not executed and not signed:
            return None
        return DateFacts(tuple(causes), stated, holders, agreement, executed, signed)

    def suspects(self, run: RunFacts) -> Iterator[tuple[int, Iterable[str]]]:
        """The records with a date before their cause's, a statement after a holder's death, or an exchange
        before its agreement's first step (by the bounds of the dates: the check compares the same)."""
        for key, _, facts in run.facts(self):
            looked: list[str] = []
            for latest, cause_id in facts.causes:
                cause = run.lookup(self, cause_id)
                if cause is not None and cause.date is not None and latest < cause.date:
                    looked.append(cause_id)
            for holder_id in facts.holders:
                holder = run.lookup(self, holder_id)
                died = holder.died if holder is not None else None
                if died is not None and facts.stated is not None and died < facts.stated:
                    looked.append(holder_id)
            for signed_on, signer_id in facts.signed:
                signer = run.lookup(self, signer_id)
                if signer is not None and signer.died is not None and signer.died < signed_on:
                    looked.append(signer_id)
            if facts.agreement is not None:
                agreement = run.lookup(self, facts.agreement)
                start = agreement.first_step if agreement is not None else None
                if start is not None and any(day < start for day in facts.executed):
                    looked.append(facts.agreement)
            if looked:
                yield key, looked

    def check(self, entry: Entry, index: Index) -> Iterator[Breach]:
        """Every date of the record that contradicts the date of a record it names."""
        record = entry.record
        # a step (or event) is not dated before the record that caused it
        for path, obj in index.objects_of(entry):
            caused_by = getattr(obj, "caused_by", None)
            own = getattr(obj, "date", None)
            if not isinstance(caused_by, list) or not isinstance(own, FuzzyDate):
                continue
            latest = own.latest()
            for position, cause_id in enumerate(caused_by):
                cause = _date_of(index.get(cause_id))
                earliest = cause.earliest() if cause else None
                if latest is not None and earliest is not None and latest < earliest:
                    yield Breach(
                        f"dated {own.edtf}, before its cause '{cause_id}' ({cause.edtf if cause else ''})",
                        (*path, "caused_by", position),
                    )
        # a position is not stated after its holder died
        if isinstance(record, Position) and record.stated is not None:
            for position, holder_id in enumerate(record.holders):
                holder = index.get(holder_id)
                died = holder.died if isinstance(holder, Actor) else None
                if died is not None and certainly_before(died, record.stated):
                    yield Breach(
                        f"stated {record.stated.edtf}, after '{holder_id}' died ({died.edtf})", ("holders", position)
                    )
        # an agreement is not signed by someone after his death
        if isinstance(record, Agreement):
            for position, signatory in enumerate(record.signatories):
                signer = index.get(signatory.actor)
                died = signer.died if isinstance(signer, Actor) else None
                signing = signing_date(record, position)
                if died is not None and signing is not None and certainly_before(died, signing):
                    yield Breach(
                        f"signed {signing.edtf}, after '{signatory.actor}' died ({died.edtf})",
                        ("signatories", position, "actor"),
                    )
        # an exchange is not executed before the agreement providing for it existed
        if isinstance(record, PrisonerSwap) and record.agreement is not None:
            first = _first_dated_step(index.get(record.agreement))
            for position, step in enumerate(record.status_history):
                if (
                    step.status != "executed"
                    or step.date is None
                    or first is None
                    or not certainly_before(step.date, first)
                ):
                    continue
                yield Breach(
                    f"executed {step.date.edtf}, before '{record.agreement}' was first recorded ({first.edtf})",
                    ("status_history", position, "date"),
                )


def _date_of(record: Record | None) -> FuzzyDate | None:
    # the date something happened; a claim's date is when it was said, not when what it says happened
    if record is None or isinstance(record, Claim | Position):
        return None
    date = record.__dict__.get("date")  # a record without the field has no such key (getattr would be slow)
    return date if isinstance(date, FuzzyDate) else None


def signing_date(agreement: Agreement, position: int) -> FuzzyDate | None:
    """When signatory `position` signed: its own date, else the agreement's date, else its first 'signed' step
    (every rule that dates a signature reads it so)."""
    own = agreement.signatories[position].date
    if own is not None:
        return own
    if agreement.date is not None:
        return agreement.date
    return next((s.date for s in agreement.status_history if s.status == "signed" and s.date is not None), None)


def _first_dated_step(record: Record | None) -> FuzzyDate | None:
    if not isinstance(record, Agreement):
        return None
    return next((s.date for s in record.status_history if s.date is not None), None)


DATES_AGREE_ACROSS_RECORDS = DatesAgreeAcrossRecords()
