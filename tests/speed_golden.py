"""The verdicts the speed work must never change: a stored set of generated records and the digest of each report.

The records (`tests/data/speed_golden/records.jsonl.gz`) were made once: by `benchmarks/generate.py` (the valid
examples and 400 variants of them, 15% with a defect, seed 19), then every record set of `tests/consistency/`
with its ids made unique (`c<n>-` after the type), so that every rule of meaning finds something. They are stored,
so that new examples and cases do not change them. Each run validates them with every rule on, through the CLI
in a fresh process, and keeps the SHA-256 of the JSON report (every finding with its file, position, code and
message; the summary; the exit code):
- `jsonl`: one process on the JSONL file;
- `jsonl-jobs-2`: the same file with `--jobs 2` (must give the very same report as `jsonl`);
- `array`: the same records as one JSON array (positions differ, so it has a digest of its own).

`python -m tests.speed_golden` rewrites `digests.json` from the current validator (after a deliberate change of
verdicts or messages only: review the summary counts it prints); `python -m tests.speed_golden --records` makes
the stored records again from today's examples (which changes every digest).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(__file__).resolve().parent / "data" / "speed_golden"
RECORDS = FOLDER / "records.jsonl.gz"
DIGESTS = FOLDER / "digests.json"
#: run name -> (input file name, extra CLI arguments)
RUNS: dict[str, tuple[str, list[str]]] = {
    "jsonl": ("records.jsonl", []),
    "jsonl-jobs-2": ("records.jsonl", ["--jobs", "2"]),
    "array": ("records.json", []),
}


def unpack(folder: Path) -> None:
    """Write the stored records into `folder` as `records.jsonl` (byte for byte) and `records.json` (an array)."""
    data = gzip.decompress(RECORDS.read_bytes())
    (folder / "records.jsonl").write_bytes(data)
    records = [json.loads(line) for line in data.splitlines()]
    (folder / "records.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")


def report(folder: Path, run: str) -> tuple[str, dict[str, Any]]:
    """The SHA-256 of the JSON report of `run` over the records unpacked in `folder`, and its summary."""
    name, extra = RUNS[run]
    cli = Path(sys.executable).parent / "peace-talks"
    done = subprocess.run(
        [str(cli), "validate", name, "--format", "json", *extra],
        cwd=folder,
        capture_output=True,
        check=False,
    )
    parsed = json.loads(done.stdout)
    assert parsed["exit_code"] == done.returncode, done.stderr
    return hashlib.sha256(done.stdout).hexdigest(), parsed["summary"]


def _renamed(value: Any, ids: dict[str, str]) -> Any:
    """`value` with every string that is one of the ids replaced by its new id."""
    if isinstance(value, dict):
        return {key: _renamed(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, ids) for item in value]
    return ids.get(value, value) if isinstance(value, str) else value


def _consistency_records() -> list[Any]:
    """The records of every case of tests/consistency, case by case, their ids prefixed to be unique."""
    records: list[Any] = []
    for number, path in enumerate(sorted((ROOT / "tests" / "consistency").glob("*.json"))):
        case = json.loads(path.read_text(encoding="utf-8"))
        ids = {
            r["id"]: r["id"].replace(":", f":c{number}-", 1)
            for r in case["records"]
            if isinstance(r, dict) and isinstance(r.get("id"), str)
        }
        records.extend(_renamed(record, ids) for record in case["records"])
    return records


def _make_records() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import variants  # noqa: PLC0415 - the benchmark's generator, not a package

    records = [*variants(400, seed=19, invalid_share=0.15), *_consistency_records()]
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    RECORDS.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: list[str]) -> int:
    import tempfile  # noqa: PLC0415

    FOLDER.mkdir(parents=True, exist_ok=True)
    if "--records" in argv or not RECORDS.exists():
        _make_records()
    digests: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        unpack(Path(tmp))
        for run in RUNS:
            digest, summary = report(Path(tmp), run)
            digests[run] = {"sha256": digest, "summary": summary}
            print(f"{run}: {summary}")
    DIGESTS.write_text(json.dumps(digests, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
