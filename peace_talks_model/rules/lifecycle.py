"""Checks of meaning on a record's life cycle, judged from the record alone: `STATUS_ORDER` (the statuses of a
status history come in the order their meaning allows), `RESUMPTION_AFTER_END` (a life that ended goes on only
after an explicit resumption), `IMPLEMENTATION_FOLLOWS_COMMITMENT` (an agreement's implementation histories fit
their own progress and their commitment's deadline) and `DATE_MATCHES_HISTORY` (the record's own date agrees with
the date of the step that defines it). All keep nothing of a record (record rules), and all use the fuzzy-date
bounds: an uncertain date is flagged only when every reading of it contradicts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

from peace_talks_model.models import Agreement, Record
from peace_talks_model.models.agreement import ImplementationStatus
from peace_talks_model.models.dates import FuzzyDate
from peace_talks_model.models.evidence import Attribution
from peace_talks_model.rules.base import (
    EXAMPLE_SOURCE,
    Breach,
    Family,
    RecordRule,
    certainly_before,
    example_record,
    only_with,
)

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


@cache
def _rank(record_type: str) -> Mapping[str, int]:
    """The stage of each status of the record type's life cycle (`STAGES`)."""
    return {status: stage for stage, statuses in enumerate(STAGES.get(record_type, ())) for status in statuses}


@cache
def _alive(record_type: str) -> frozenset[str]:
    """The statuses that show a life of the record type has begun: any that does not end it (`LIVES`)."""
    ending, living, starting = LIVES[record_type]
    return (living | starting | _rank(record_type).keys()) - ending


def _ends(record: Record) -> bool:
    """True when the record's status history has a status that ends a life (`LIVES`): else it has one life."""
    lives = LIVES.get(record.record_type)
    history = record.__dict__.get("status_history") or ()  # (getattr would be slow)
    return lives is not None and any(step.status._value_ in lives[0] for step in history)


def _firsts(
    record: Record, skip: frozenset[int] = frozenset(), span: tuple[int, int] | None = None
) -> dict[str, tuple[int, FuzzyDate]]:
    """The first dated step of each status of the record's history (or of the steps `span` of it), passing over
    the steps at `skip`: status -> (index, date)."""
    firsts: dict[str, tuple[int, FuzzyDate]] = {}
    history = getattr(record, "status_history", ()) or ()
    start, end = span if span is not None else (0, len(history))
    for index in range(start, end):
        step = history[index]
        if step.date is not None and index not in skip:
            firsts.setdefault(str(step.status), (index, step.date))
    return firsts


def _lives(record: Record) -> list[tuple[int, int]]:
    """The lives of a status history, as spans of steps: a new life starts at a status that starts the record
    again (`LIVES`) after one that ended it (a cease-fire declared again after it broke)."""
    history = record.__dict__.get("status_history") or ()
    if not _ends(record):
        return [(0, len(history))]
    ending, _, starting = LIVES[record.record_type]
    alive = _alive(record.record_type)
    spans: list[tuple[int, int]] = []
    start, begun, ended = 0, False, False
    for index, step in enumerate(history):
        status = step.status._value_
        if status in ending:
            ended = begun  # only a life that has begun can end ('broken' first is out of the life cycle)
        elif status in starting and ended:
            spans.append((start, index))
            start, ended = index, False
        begun = begun or status in alive
    spans.append((start, len(history)))
    return spans


class StatusOrder(RecordRule):
    """In each life of a record (a resumption after an end starts a new one), no status of a later stage of its
    life cycle (`STAGES`) comes, for the first time, certainly before the first status of an earlier stage."""

    name = "status_order"
    needs = only_with("status_history")
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
        if len(record.__dict__.get("status_history") or ()) < 2:
            return  # one status cannot be out of order
        rank = _rank(record.record_type)
        # a living step after an ending one is RESUMPTION_AFTER_END's finding, not a step out of the life cycle
        skip = frozenset(index for index, _, _ in _unresumed(record))
        for span in _lives(record):  # each life (after a resumption) follows the life cycle from its start
            firsts = _firsts(record, skip, span)
            judged = [(status, index, date) for status, (index, date) in firsts.items() if status in rank]
            for status, index, date in sorted(judged, key=lambda item: item[1]):
                later = [
                    (other, other_date)
                    for other, _, other_date in judged
                    if rank[other] < rank[status] and certainly_before(date, other_date)
                ]
                if later:
                    other, other_date = max(later, key=lambda item: rank[item[0]])
                    yield Breach(
                        f"'{status}' ({date.edtf}) comes before '{other}' ({other_date.edtf}), but in the life "
                        f"cycle of {_ARTICLE[record.record_type]} '{other}' comes first",
                        ("status_history", index, "date"),
                    )
                    return


class DateMatchesHistory(RecordRule):
    """A record's own `date` and the date of the first step of its defining status (`DEFINING_STATUS`) can
    denote the same time."""

    name = "date_matches_history"
    needs = only_with("status_history")
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
        status = DEFINING_STATUS.get(record.record_type)
        own = record.__dict__.get("date")  # (getattr would be slow)
        if status is None or not isinstance(own, FuzzyDate):
            return
        history = record.__dict__.get("status_history") or ()
        first = next((i for i, s in enumerate(history) if s.status == status and s.date is not None), None)
        if first is None:
            return
        index, step = first, history[first].date
        if certainly_before(own, step) or certainly_before(step, own):
            yield Breach(
                f"the record's date ({own.edtf}) and the date of its '{status}' step ({step.edtf}) cannot be the "
                "same time",
                ("status_history", index, "date"),
            )


#: For each record type: the statuses that end its life, the statuses that are only true of a living record, and
#: the statuses that start it again. A living status after an ending one needs a resumption between them (a
#: cease-fire broken, then declared again; talks collapsed, then resumed). Statuses in none of the three (suspended,
#: postponed, violated, rejected...) neither end a life nor need one.
LIVES: Mapping[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    "agreement": (
        frozenset({"abandoned", "collapsed", "superseded", "expired"}),
        frozenset({"in_force", "implemented"}),
        frozenset({"revived", "proposed", "drafted"}),
    ),
    "ceasefire": (
        frozenset({"broken", "expired", "superseded", "ended"}),
        frozenset({"in_effect", "extended"}),
        frozenset({"declared", "agreed", "proposed", "demanded"}),
    ),
    "negotiation": (
        frozenset({"collapsed", "cancelled", "concluded"}),
        frozenset({"held", "ongoing"}),
        frozenset({"resumed", "proposed", "planned", "scheduled"}),
    ),
    "prisoner_swap": (
        frozenset({"collapsed", "cancelled"}),
        frozenset({"partial", "executed"}),
        frozenset({"proposed", "under_negotiation", "agreed"}),
    ),
    "event": (
        frozenset({"cancelled"}),
        frozenset({"held"}),
        frozenset({"planned", "postponed"}),
    ),
}


def _unresumed(record: Record) -> Iterator[tuple[int, str, tuple[int, str]]]:
    """The living steps of a status history that follow an ending step with no resumption between them (once per
    ending): (index, status, (index, status) of the ending step). The history is chronological (else PT250), so
    the list order is the order of the steps."""
    if not _ends(record):
        return
    ending, living, starting = LIVES[record.record_type]
    alive = _alive(record.record_type)
    begun = False
    ended: tuple[int, str] | None = None
    for index, step in enumerate(record.__dict__.get("status_history") or ()):
        status = str(step.status)
        if status in starting:
            ended = None
        elif status in ending and begun:  # only a life that has begun can end ('broken' first is out of the cycle)
            ended = ended or (index, status)
        elif status in living and ended is not None:
            yield index, status, ended
            ended = None
        begun = begun or status in alive


class ResumptionAfterEnd(RecordRule):
    """No status that is only true of a living record (`LIVES`) follows a status that ended its life, in a status
    history, unless a status that starts it again comes between them."""

    name = "resumption_after_end"
    needs = only_with("status_history")
    family = Family.lifecycle
    description = "A status history goes on after an ending status (collapsed, broken) only through a resumption."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "negotiation",
            "n",
            kind="meeting",
            status_history=[
                {"status": "ongoing", "date": "2019-08"},
                {"status": "collapsed", "date": "2019-09-07"},
                {"status": "ongoing", "date": "2019-12-07"},
            ],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """The first living step after an ending one with no resumption between (once per ending: the history
        is chronological, so the list order is the order of the steps)."""
        lives = LIVES.get(record.record_type)
        if lives is None:
            return
        starting = lives[2]
        for index, status, (at, what) in _unresumed(record):
            yield Breach(
                f"'{status}' comes after '{what}' (step {at}) with no step that starts "
                f"{_ARTICLE[record.record_type]} again between them ({', '.join(sorted(starting))})",
                ("status_history", index, "status"),
            )


#: How far each implementation status says a commitment has been carried out (statuses left out say nothing of
#: progress: overdue, violated, abandoned).
PROGRESS: Mapping[ImplementationStatus, int] = {
    ImplementationStatus.not_started: 0,
    ImplementationStatus.started: 1,
    ImplementationStatus.partial: 1,
    ImplementationStatus.completed: 2,
    ImplementationStatus.completed_late: 2,
}
#: Statuses that say the commitment's deadline had passed by the step's date.
_PAST_DEADLINE = frozenset({ImplementationStatus.overdue, ImplementationStatus.completed_late})


def _assessor(attribution: Attribution | None) -> object:
    """Whose assessment a step is: the speaker, the one spoken for and an unnamed speaker's description (not the
    date or the channel: one assessor's statements on several days are one assessment)."""
    if attribution is None:
        return None
    unnamed = attribution.unnamed.model_dump_json() if attribution.unnamed is not None else None
    return (attribution.speaker, attribution.on_behalf_of, unnamed)


class ImplementationFollowsCommitment(RecordRule):
    """In an agreement's implementation history of one commitment, as one assessor sees it, a commitment is not
    'not started' after it was started, and it is not overdue or completed late certainly before its calendar
    deadline."""

    name = "implementation_follows_commitment"
    needs = only_with("implementation", types=(Agreement,))
    family = Family.lifecycle
    description = "An implementation history fits its own progress and its commitment's deadline."
    example = (
        EXAMPLE_SOURCE,
        example_record(
            "agreement",
            "a",
            name="A",
            provisions=[
                {
                    "topic": "troop_withdrawal",
                    "commitments": [
                        {
                            "action": "withdraw",
                            "deadline": "2021-05-01",
                            "implementation": [{"status": "overdue", "date": "2021-03-01"}],
                        }
                    ],
                }
            ],
        ),
    )

    def check(self, record: Record, raw: bytes | None) -> Iterator[Breach]:
        """Each step that contradicts the progress reported before it by the same assessor, or the deadline."""
        if not isinstance(record, Agreement):
            return
        for p_index, provision in enumerate(record.provisions):
            for c_index, commitment in enumerate(provision.commitments):
                where = ("provisions", p_index, "commitments", c_index, "implementation")
                reached: dict[object, tuple[int, ImplementationStatus]] = {}
                for index, step in enumerate(commitment.implementation):
                    assessor = _assessor(step.according_to)
                    progress = PROGRESS.get(step.status)
                    before = reached.get(assessor)
                    if progress == 0 and before is not None:
                        yield Breach(
                            f"'{step.status}' comes after '{before[1]}' (step {before[0]}) in the same assessment: "
                            "a commitment that has started cannot be not started later",
                            (*where, index, "status"),
                        )
                    elif progress is not None and progress > 0 and before is None:
                        reached[assessor] = (index, step.status)
                    deadline = commitment.deadline
                    if (
                        step.status in _PAST_DEADLINE
                        and step.date is not None
                        and deadline is not None
                        and certainly_before(step.date, deadline)
                    ):
                        yield Breach(
                            f"'{step.status}' on {step.date.edtf}, before the commitment's deadline ({deadline.edtf})",
                            (*where, index, "date"),
                        )


STATUS_ORDER = StatusOrder()
RESUMPTION_AFTER_END = ResumptionAfterEnd()
IMPLEMENTATION_FOLLOWS_COMMITMENT = ImplementationFollowsCommitment()
DATE_MATCHES_HISTORY = DateMatchesHistory()

__all__ = [
    "DATE_MATCHES_HISTORY",
    "DEFINING_STATUS",
    "IMPLEMENTATION_FOLLOWS_COMMITMENT",
    "LIVES",
    "PROGRESS",
    "RESUMPTION_AFTER_END",
    "STAGES",
    "STATUS_ORDER",
]
