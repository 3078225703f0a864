"""Deterministic generator of benchmark records: N records of every type, about 1% of them corrupted.

The records are variants of the valid examples (all record types, realistic sizes): each variant gets a new id
and non-ASCII text in its names and notes, and keeps its references to the example dataset, which is written
first so that every reference resolves. About 1% of the variants carry one of the defects in `DEFECTS`.

Run: `python benchmarks/generate.py N OUT.jsonl [--array OUT.json] [--seed 7] [--invalid-share 0.01]`
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NAMES = [
    "Zalmay Khalilzād",
    "ذبیح الله مجاهد",
    "Сергей Лавров",
    "Ahtisaari Martti",
    "Ngũgĩ wa Thiong'o",
    "Gerry Adams",
    "Ḥamās",
    "عبد الغني برادر",
    "Олександр Гук",
    "Hasan di Tiro",
    "Gilad Schalit",
    "Juan Manuel Santos",
]


def _examples() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in sorted((ROOT / "examples" / "valid").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        records.extend(data if isinstance(data, list) else [data])
    return records


def _first_text(record: dict[str, Any]) -> str | None:
    return next((k for k in ("name", "title", "statement", "description") if isinstance(record.get(k), str)), None)


# -- defects: each takes a record and returns it broken in one realistic way ---------------------------------


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda r: {**r, key: value}


def _typo(r: dict[str, Any]) -> dict[str, Any]:
    key = next(k for k in r if k not in ("record_type", "id", "schema_version"))
    return {(k[:-1] + k[-1] * 2 if k == key else k): v for k, v in r.items()}


def _drop_required(r: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in r.items() if k != "schema_version"}


DEFECTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "unknown_tag": lambda r: {**r, "record_type": r["record_type"].replace("_", "") + "s"},
    "missing_tag": lambda r: {k: v for k, v in r.items() if k != "record_type"},
    "field_typo": _typo,
    "missing_required": _drop_required,
    "bad_id": lambda r: {**r, "id": r["id"].upper()},
    "unknown_major": _set("schema_version", "2.0"),
    "schema_version_number": _set("schema_version", 1.0),
    "notes_number": _set("notes", 12),
    "impossible_date": _set("notes_date", "2019-02-30"),
    "bad_confidence": _set("confidence", {"level": "certain"}),
    "confidence_percent": _set("confidence", {"level": "high", "score": 87}),
    "identifier_scheme": _set("identifiers", [{"scheme": "wikidata", "value": "Q-12"}]),
    "identifier_unknown_scheme": _set("identifiers", [{"scheme": "wikipedia", "value": "x"}]),
    "evidence_offsets": _set(
        "evidence", [{"source": "source:seed-004-ap-khalilzad-doha-talks", "quote": "abc", "start": 3, "end": 9}]
    ),
    "evidence_as_string": _set("evidence", "source:seed-004-ap-khalilzad-doha-talks"),
    "blank_notes": _set("notes", "   "),
    "characterization_typo": _set("characterizations", [{"label": "historc"}]),
}


def variants(count: int, seed: int = 7, invalid_share: float = 0.01) -> Iterator[dict[str, Any]]:
    """The example dataset, then `count` variants of its records (deterministic for a seed)."""
    rng = random.Random(seed)
    base = _examples()
    yield from base
    names = sorted(DEFECTS)
    for index in range(count):
        record = json.loads(json.dumps(base[index % len(base)]))
        prefix, _, local = record["id"].partition(":")
        record["id"] = f"{prefix}:v{index}-{local}"[:200]
        text_key = _first_text(record)
        if text_key is not None:
            record[text_key] = f"{record[text_key]} / {rng.choice(NAMES)}"
        record["notes"] = f"variant {index} · {rng.choice(NAMES)}"
        if rng.random() < invalid_share:
            record = DEFECTS[names[index % len(names)]](record)
            if "notes_date" in record:  # the date defect goes into a real date field
                record.pop("notes_date")
                record["evidence"] = [
                    {
                        "source": "source:seed-004-ap-khalilzad-doha-talks",
                        "quote": "Saturday",
                        "attribution": {"date": "2019-02-30"},
                    }
                ]
        yield record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--array", type=Path, help="also write the same records as one JSON array")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--invalid-share", type=float, default=0.01)
    args = parser.parse_args()
    records = list(variants(args.count, args.seed, args.invalid_share))
    with args.out.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if args.array:
        args.array.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    print(f"{len(records)} records, {args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
