"""Checks of meaning on a record's life cycle, judged from the record alone: `STATUS_ORDER` (the statuses of a
status history come in the order their meaning allows) and `DATE_MATCHES_HISTORY` (the record's own date agrees
with the date of the step that defines it). Both keep nothing of a record (record rules), and both use the
fuzzy-date bounds: an uncertain date is flagged only when every reading of it contradicts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from peace_talks_model.models import Record
from peace_talks_model.models.dates import FuzzyDate
from peace_talks_model.rules.base import EXAMPLE_SOURCE, Breach, Family, RecordRule, example_record

#: For each record type, the stages of its life cycle: a status of a later stage cannot come, for the first time,
#: before the first status of an earlier stage (an agreement is not ratified before it is signed, a cease-fire
#: does not break before it is declared, results are not announced before a vote is held). Statuses left out
#: (rejected, postponed, suspended, resumed, delayed...) can come at any point and are not judged.
STAGES: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "agreement": (
        ("proposed", "drafted"),
        ("finalized", "initialled"),
        ("signed", "adopted"),
        ("ratified", "approved", "endorsed", "approved_in_referendum", "in_force"),
    ),
    "ceasefire": (
        ("demanded", "proposed"),
        ("agreed", "declared"),
        ("in_effect",),
        ("extended", "violated", "broken", "expired", "superseded", "ended"),
    ),
    "negotiation": (
        ("proposed",),
        ("planned", "scheduled"),
        ("held", "ongoing"),
        ("concluded",),
    ),
    "event": (
        ("planned",),
        ("held",),
        ("results_delayed", "results_announced", "disputed", "inconclusive", "annulled"),
    ),
    "prisoner_swap": (
        ("proposed", "under_negotiation"),
        ("agreed",),
        ("partial", "executed"),
    ),
}

#: The status whose step defines the record's own `date` (when the history has one): the record's date and the
#: date of that step must be able to denote the same time.
DEFINING_STATUS: Mapping[str, str] = {
    "agreement": "signed",
    "negotiation": "held",
    "event": "held",
    "prisoner_swap": "executed",
}

_ARTICLE = {"agreement": "an agreement", "ceasefire": "a cease-fire", "negotiation": "a negotiation",
            "event": "an event", "prisoner_swap": "a prisoner swap"}  # fmt: skip


def _rank(record_type: str) -> dict[str, int]:
    return {status: stage for stage, statuses in enumerate(STAGES.get(record_type, ())) for status in statuses}


def _firsts(record: Record) -> dict[str, tuple[int, FuzzyDate]]:
    """The first dated step of each status of the record's history: status -> (index, date)."""
    firsts: dict[str, tuple[int, FuzzyDate]] = {}
    for index, step in enumerate(getattr(record, "status_history", ()) or ()):
        if step.date is not None:
            firsts.setdefault(str(step.status), (index, step.date))
    return firsts


def _certainly_before(first: FuzzyDate, second: FuzzyDate) -> bool:
    """True when every day `first` can denote precedes every day `second` can."""
    end, start = first.latest(), second.earliest()
    return end is not None and start is not None and end < start


class StatusOrder(RecordRule):
    """No status of a later stage of a record's life cycle (`STAGES`) comes, for the first time, certainly before
    the first status of an earlier stage."""

    name = "status_order"
    family = Family.lifecycle
    description = "A status history follows the life cycle its statuses mean (signed after proposed...)."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "agreement",
            "a",
            name="A",
            status_history=[{"status": "ratified", "date": "2020-01-10"}, {"status": "signed", "date": "2020-03-01"}],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """The first step of a later stage dated certainly before the first step of an earlier one (once per
        record: the earliest such step, against the latest earlier-stage status it precedes)."""
        if raw is not None and b'"status_history"' not in raw:
            return
        rank = _rank(record.record_type)
        firsts = _firsts(record)
        judged = [(status, index, date) for status, (index, date) in firsts.items() if status in rank]
        for status, index, date in sorted(judged, key=lambda item: item[1]):
            later = [
                (other, other_date)
                for other, _, other_date in judged
                if rank[other] < rank[status] and _certainly_before(date, other_date)
            ]
            if later:
                other, other_date = max(later, key=lambda item: rank[item[0]])
                yield Breach(
                    f"'{status}' ({date.edtf}) comes before '{other}' ({other_date.edtf}), but in the life cycle "
                    f"of {_ARTICLE[record.record_type]} '{other}' comes first",
                    ("status_history", index, "date"),
                )
                return


class DateMatchesHistory(RecordRule):
    """A record's own `date` and the date of the first step of its defining status (`DEFINING_STATUS`) can
    denote the same time."""

    name = "date_matches_history"
    family = Family.dates
    description = "A record's date agrees with the date of its defining status step (an agreement's signing...)."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "negotiation",
            "n",
            kind="meeting",
            date="2019-12-07",
            status_history=[{"status": "held", "date": "2020-01-07"}],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """The defining step whose date cannot be the record's date."""
        if raw is not None and b'"status_history"' not in raw:
            return
        status = DEFINING_STATUS.get(record.record_type)
        own: FuzzyDate | None = getattr(record, "date", None)
        if status is None or own is None:
            return
        first = _firsts(record).get(status)
        if first is None:
            return
        index, step = first
        if _certainly_before(own, step) or _certainly_before(step, own):
            yield Breach(
                f"the record's date ({own.edtf}) and the date of its '{status}' step ({step.edtf}) cannot be the "
                "same time",
                ("status_history", index, "date"),
            )


STATUS_ORDER = StatusOrder()
DATE_MATCHES_HISTORY = DateMatchesHistory()

__all__ = ["DATE_MATCHES_HISTORY", "DEFINING_STATUS", "STAGES", "STATUS_ORDER"]
