"""Fuzzing the reader and the validator: arbitrary bytes and mutated valid records may only ever give findings
and the exit statuses 0, 1 or 3; any exception, or any other status, is a bug.

Inputs are built from a seed corpus (the valid examples, as JSON and as JSONL, and the hostile corpus) by
random mutations: byte flips, insertions of JSON-significant bytes, deletions, truncations, duplications,
splices of two inputs, and structural mutations of a record (a field removed, retyped, renamed, nested deeper).
Deterministic for a seed. Run it for an hour with:

    python -m tests.fuzz_validate --seconds 3600 --seed 1

(CI runs 60 seconds.) Crashing inputs are written to `--crashes DIR` with the traceback beside them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peace_talks_model.validation import Options, validate_bytes

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_EXITS = {0, 1, 3}
SIGNIFICANT = [b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"\\u", b"\\ud800", b"\x00", b"\xff", b"\n", b"\r\n",
               b"NaN", b"1e999", b"-", b"0", b"null", b"true", b"\xef\xbb\xbf", b" "]  # fmt: skip


def seeds() -> list[bytes]:
    """The seed corpus: every valid example file (as JSON, and its records as JSONL) and the hostile corpus."""
    from tests.hostile.corpus import CASES  # noqa: PLC0415

    out: list[bytes] = []
    for path in sorted((ROOT / "examples" / "valid").rglob("*.json")):
        raw = path.read_bytes()
        out.append(raw)
        data = json.loads(raw)
        records = data if isinstance(data, list) else [data]
        out.append("\n".join(json.dumps(r, ensure_ascii=False) for r in records[:20]).encode())
    out.extend(c.content for c in CASES if isinstance(c.content, bytes))
    return out


def _structural(rng: random.Random, data: bytes) -> bytes:
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return data
    records = value if isinstance(value, list) else [value]
    if not records or not isinstance(records[0], dict):
        return data
    record: dict[str, Any] = rng.choice([r for r in records if isinstance(r, dict)] or [{}])
    if record:
        key = rng.choice(sorted(record))
        choice = rng.randrange(5)
        if choice == 0:
            del record[key]
        elif choice == 1:
            record[key] = rng.choice([None, 0, -1, 1.5, "", "x" * 300, [], {}, [record.get(key)], True])
        elif choice == 2:
            record[key + rng.choice(["s", "_", "X"])] = record.pop(key)
        elif choice == 3:
            record[key] = {"nested": record[key]}
        else:
            record["record_type"] = rng.choice(["actor", "source", "claim", "event", "nope", 3])
    return json.dumps(value, ensure_ascii=rng.random() < 0.5).encode("utf-8", errors="surrogatepass")


def mutate(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    """One random mutation of `data`."""
    operations: list[Callable[[], bytes]] = [
        lambda: data[: rng.randrange(len(data) + 1)],
        lambda: _flip(rng, data),
        lambda: _insert(rng, data, rng.choice(SIGNIFICANT)),
        lambda: _delete(rng, data),
        lambda: data + data,
        lambda: data[: rng.randrange(len(data) + 1)] + rng.choice(corpus)[rng.randrange(64) :],
        lambda: _structural(rng, data),
        lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(64))),
    ]
    return rng.choice(operations)()


def _flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def _insert(rng: random.Random, data: bytes, piece: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def _delete(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randrange(1, 16) :]


def check(data: bytes, jsonl: bool | None, options: Options) -> None:
    """Validate one input; raise AssertionError on any outcome other than a report with status 0, 1 or 3."""
    report = validate_bytes(data, "<fuzz>", options, jsonl=jsonl)
    if report.exit_code not in ALLOWED_EXITS:
        raise AssertionError(f"exit status {report.exit_code}")


def run(seconds: float, seed: int, crashes: Path | None = None) -> tuple[int, list[str]]:
    """Fuzz for `seconds`; return the number of inputs tried and the failures found."""
    rng = random.Random(seed)
    corpus = seeds()
    options = Options(allow_external_refs=False)
    failures: list[str] = []
    executions = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = rng.choice(corpus)
        for _ in range(rng.randrange(1, 4)):
            data = mutate(rng, data, corpus)
        jsonl = rng.choice([None, True, False])
        try:
            check(data, jsonl, options)
        except Exception:  # any exception is a finding of the fuzzer
            failures.append(traceback.format_exc())
            if crashes is not None:
                crashes.mkdir(parents=True, exist_ok=True)
                (crashes / f"crash-{executions}.bin").write_bytes(data)
                (crashes / f"crash-{executions}.txt").write_text(failures[-1], encoding="utf-8")
        executions += 1
    return executions, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--crashes", type=Path)
    args = parser.parse_args(argv)
    executions, failures = run(args.seconds, args.seed, args.crashes)
    print(f"{executions} inputs in {args.seconds:g} s (seed {args.seed}): {len(failures)} failure(s)")
    for failure in failures[:3]:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
