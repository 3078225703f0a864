"""Review of extracted records in `peace-talks serve --review FILE`: step through the records of a file (an
extraction result in the LLM profile, or any record file), accept, edit or reject each.

`ReviewFile(path, store)` reads the file's records once, normalised as `validate --profile llm` reads them (an
extraction result gives its document first, then its records; nulls dropped), and keeps the answers beside the
directory, in `DIR/.peace-talks/review/<name>-<digest>.state` (JSON): which records were accepted (and into
which file) and which rejected (and why). Accepted records are added to the directory's files by the app, after
the same check as any save; rejected ones are appended, with the reason, to
`DIR/.peace-talks/review/<name>-<digest>.rejected` (one JSON object a line: `record`, `reason`, `from`, `at`).
Neither file is a record file, so `validate DIR` never reads them. The reviewed file itself is only read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from peace_talks_model.io import write_bytes
from peace_talks_model.llm_profile import extraction_records, from_profile, is_extraction_result
from peace_talks_model.loader import JSONL_SUFFIXES, LoadProblem, load_text, parse_record
from peace_talks_model.serve.store import STATE_DIR, Store

Decision = Literal["accepted", "rejected"]


class ReviewFileError(ValueError):
    """A file to review that cannot be read as records."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What was decided for one record: accepted (into `file`, with the id it was saved under) or rejected (with
    `reason`), and when."""

    decision: Decision
    at: str
    file: str | None = None
    record_id: str | None = None
    reason: str | None = None


class ReviewFile:
    """One file under review (see the module)."""

    def __init__(self, path: Path, store: Store) -> None:
        self.path = path
        self.store = store
        raw = path.read_bytes()
        self.digest = hashlib.sha256(raw).hexdigest()[:12]
        self.records = _records(path, raw)
        folder = store.root / STATE_DIR / "review"
        stem = f"{path.name}-{self.digest}"
        self.state_path = folder / f"{stem}.state"
        self.rejects_path = folder / f"{stem}.rejected"

    @property
    def name(self) -> str:
        return self.path.name

    def answers(self) -> dict[int, Answer]:
        """The answers given so far, by record number."""
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {int(k): Answer(**v) for k, v in data.items() if str(k).isdigit() and isinstance(v, dict)}

    def next_open(self, after: int = -1) -> int | None:
        """The first record after `after` without an answer (wrapping round), or None when all are answered."""
        answered = self.answers()
        count = len(self.records)
        for step in range(1, count + 1):
            n = (after + step) % count
            if n not in answered:
                return n
        return None

    def answer(self, number: int, answer: Answer) -> None:
        """Keep the answer for record `number` (and, for a rejection, append the record and reason to the rejects
        file)."""
        answers = {str(k): _as_dict(v) for k, v in self.answers().items()}
        answers[str(number)] = _as_dict(answer)
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        if answer.decision == "rejected":
            line = json.dumps(
                {
                    "record": self.records[number],
                    "reason": answer.reason,
                    "from": str(self.path),
                    "number": number,
                    "at": answer.at,
                },
                ensure_ascii=False,
            )
            old = self.rejects_path.read_bytes() if self.rejects_path.exists() else b""
            write_bytes(self.rejects_path, old + line.encode("utf-8") + b"\n")
        text = json.dumps(answers, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_bytes(self.state_path, text.encode("utf-8"))

    def counts(self) -> dict[str, int]:
        """How many records are accepted, rejected and still open."""
        answers = self.answers()
        accepted = sum(a.decision == "accepted" for a in answers.values())
        rejected = sum(a.decision == "rejected" for a in answers.values())
        return {"accepted": accepted, "rejected": rejected, "open": len(self.records) - accepted - rejected}


def now() -> str:
    """The time of an answer (UTC, to the second)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _as_dict(answer: Answer) -> dict[str, Any]:
    fields = {
        "decision": answer.decision,
        "at": answer.at,
        "file": answer.file,
        "record_id": answer.record_id,
        "reason": answer.reason,
    }
    return {k: v for k, v in fields.items() if v is not None}


def _records(path: Path, raw: bytes) -> list[dict[str, Any]]:
    """The records of a file to review, normalised (see the module).

    Raises:
        ReviewFileError: the file is not JSON, or holds something other than records.
    """
    try:
        whole = json.loads(raw.decode("utf-8-sig")) if path.suffix not in JSONL_SUFFIXES else None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReviewFileError(f"{path}: not a JSON file of records ({exc})") from None
    if whole is not None and is_extraction_result(whole):
        found = [r for r in extraction_records(whole) if isinstance(r, dict)]
    else:
        found = []
        for item in load_text(str(path), raw, path.suffix in JSONL_SUFFIXES):
            if isinstance(item, LoadProblem):
                raise ReviewFileError(f"{path}: {item.message}")
            data = parse_record(item)
            if isinstance(data, LoadProblem):
                raise ReviewFileError(f"{path}: {data.message}")
            if isinstance(data, dict):
                found.append(from_profile(data))
    if not found:
        raise ReviewFileError(f"{path}: holds no record to review")
    return found
