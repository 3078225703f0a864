"""How fast `peace-talks merge` folds tier answers into records (issue #24): N negotiation records in one core
answer and two enrichment answers per record in a JSONL file, merged (`merge_answers`), then merged, written and
validated (`run_merge`). Not a test: it measures.

Usage: `python benchmarks/merge.py [--records N] [--repeat R]` (best of R runs, seconds).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peace_talks_model.merge import merge_answers, read_answers, run_merge
from peace_talks_model.validation import Options

SOURCE = "source:ap-2019-12-09-khalilzad-doha-talks"


def _evidence(quote: str) -> list[dict[str, str]]:
    return [{"source": SOURCE, "quote": quote}]


def write_answers(folder: Path, records: int) -> tuple[Path, Path]:
    """A core answer of `records` negotiations and a JSONL file of two enrichment answers for each."""
    core: dict[str, Any] = {"records": []}
    for n in range(records):
        core["records"].append(
            {
                "record_type": "negotiation",
                "id": f"negotiation:2019-12-07-doha-{n}",
                "schema_version": "1.7",
                "kind": "meeting",
                "title": None,
                "participants": [],
                "date": "2019-12-07",
                "place": {"name": "Doha", "country": "QAT", "undisclosed": False},
                "formality": "official",
                "status_history": [{"date": "2019-12-07", "status": "held", "evidence": _evidence("held talks")}],
                "agreements": [],
                "evidence": _evidence("held the first official talks"),
            }
        )
    core_path = folder / "negotiation.core.json"
    core_path.write_text(json.dumps(core), encoding="utf-8")
    enrichment_path = folder / "negotiation.enrichments.jsonl"
    with enrichment_path.open("w", encoding="utf-8") as out:
        for n in range(records):
            name = f"negotiation:2019-12-07-doha-{n}"
            agenda: list[dict[str, Any]] = [
                {"topic": "reduction_of_violence", "description": None, "raised_by": [], "evidence": []}
            ]
            first = {"record_type": "negotiation", "id": name, "agenda": agenda, "rounds": 9, "notes": None}
            second = {"record_type": "negotiation", "id": name, "characterizations": [], "notes": "resumed"}
            out.write(json.dumps(first) + "\n" + json.dumps(second) + "\n")
    return core_path, enrichment_path


def best(run: Callable[[], object], repeat: int) -> float:
    """The shortest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        core, enrichments = write_answers(folder, args.records)
        merged = best(lambda: merge_answers(read_answers([core]), read_answers([enrichments])), args.repeat)
        options = Options(allow_external_refs=True)
        whole = best(lambda: run_merge([core], [enrichments], folder / "out.jsonl", options), args.repeat)
        result, report = run_merge([core], [enrichments], folder / "out.jsonl", options)
    print(f"{args.records:,} records, {2 * args.records:,} enrichment answers, {result.folded:,} fields filled")
    print(f"merge_answers: {merged:.2f} s; run_merge (merge, write, validate): {whole:.2f} s; exit {report.exit_code}")


if __name__ == "__main__":
    main()
