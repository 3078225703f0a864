"""Grounding speed: 10,000 synthetic articles of about 5 KB, three quotes each, 10% of the quotes altered.

Writes (in a temporary directory) one text per article, named by the local part of its source id, a JSONL file
with a `source` record and a `claim` record per article (the claim cites three passages of the article, half of
them with offsets), alters 10% of the quotes (a word changed, a clause invented, two passages spliced, offsets
shifted by one, capitalisation changed), then times `validate_paths` on the records with and without
`--texts`, and with `--jobs 2`, and counts how many of the altered quotes were reported (and how many unaltered
ones were, which must be none).

Run: `python benchmarks/grounding.py [--articles 10000] [--share 0.1] [--seed 7] [--jobs 2]`
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from peace_talks_model import validate_paths
from peace_talks_model.grounding import Grounding
from peace_talks_model.validation import Options

SYLLABLES = [
    "ka",
    "bul",
    "ta",
    "li",
    "ban",
    "doh",
    "ha",
    "pe",
    "ace",
    "tal",
    "ks",
    "mi",
    "nsk",
    "gha",
    "ni",
    "ro",
    "sh",
]
COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "was",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "said",
    "is",
    "have",
    "has",
    "it",
    "not",
    "be",
    "were",
]
PUNCTUATION = [",", ",", ";", ":", " —"]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Invented words, some capitalised (names), drawn with Zipf-like weights by `sentence`."""
    words = []
    for _ in range(size):
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))
        words.append(word.capitalize() if rng.random() < 0.15 else word)
    return words


def sentence(rng: random.Random, words: list[str], cumulative: list[float]) -> str:
    """One sentence of 8-30 words, with commas, a dash or typographic quotes now and then."""
    count = rng.randint(8, 30)
    drawn = rng.choices(words, cum_weights=cumulative, k=count)
    parts = [rng.choice(COMMON) if rng.random() < 0.35 else word for word in drawn]
    if rng.random() < 0.2:
        at = rng.randrange(1, count)
        parts[at] = f"\u201c{parts[at]}\u201d"
    if rng.random() < 0.3:
        at = rng.randrange(1, count)
        parts[at] += rng.choice(PUNCTUATION)
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def article(rng: random.Random, words: list[str], cumulative: list[float], size: int = 5000) -> str:
    """Paragraphs of sentences until about `size` characters."""
    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(sentence(rng, words, cumulative) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def passage(rng: random.Random, text: str) -> tuple[int, str]:
    """A passage of 6-20 words starting at a word of the text, and its offset."""
    starts = [i for i in range(len(text)) if (i == 0 or text[i - 1] == " ") and text[i].isalpha()]
    start = rng.choice(starts[: max(1, len(starts) - 25)])
    words = text[start:].split(" ")[: rng.randint(6, 20)]
    quote = " ".join(words).split("\n")[0].rstrip(",;:")
    return start, quote


def alter(rng: random.Random, text: str, quote: str, start: int) -> tuple[str, int | None, str]:
    """An altered copy of the quote: (quote, start or None, what was done)."""
    kind = rng.choice(["word", "clause", "splice", "offsets", "case"])
    words = quote.split(" ")
    if kind == "word":
        at = rng.randrange(len(words))
        words[at] = "Bagram" if words[at] != "Bagram" else "Kandahar"
        return " ".join(words), None, kind
    if kind == "clause":
        return quote + ", who was not authorized to speak to the media", None, kind
    if kind == "splice":  # with a passage that does not follow the quote in the text
        while (spliced := quote + " " + passage(rng, text)[1]) in text:
            pass
        return spliced, None, kind
    if kind == "offsets":
        return quote, start + rng.choice([-1, 1]) if start > 0 else start + 1, kind
    return quote.swapcase(), None, kind


def build(folder: Path, articles: int, share: float, seed: int) -> tuple[Path, Path, set[str]]:
    """Write the texts and the records; the ids of the claims with an altered quote."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    texts = folder / "texts"
    texts.mkdir()
    records = folder / "records.jsonl"
    altered: set[str] = set()
    with records.open("w", encoding="utf-8") as out:
        for number in range(articles):
            local = f"bench-{number:06d}"
            text = article(rng, words, cumulative)
            (texts / f"{local}.txt").write_text(text, encoding="utf-8")
            source = {"record_type": "source", "id": f"source:{local}", "schema_version": "1.2"}
            evidence = []
            for position in range(3):
                start, quote = passage(rng, text)
                offsets: int | None = start if position % 2 == 0 else None
                if rng.random() < share:
                    quote, offsets, _ = alter(rng, text, quote, start)
                    altered.add(f"claim:{local}-{position}")
                item: dict[str, object] = {"source": f"source:{local}", "quote": quote}
                if offsets is not None:
                    item.update(start=offsets, end=offsets + len(quote))
                evidence.append((position, item))
            out.write(json.dumps(source) + "\n")
            for position, item in evidence:  # one claim per quote: a finding names its quote's claim
                claim = {
                    "record_type": "claim",
                    "id": f"claim:{local}-{position}",
                    "schema_version": "1.2",
                    "statement": "A statement drawn from the article.",
                    "evidence": [item],
                }
                out.write(json.dumps(claim, ensure_ascii=False) + "\n")
    return records, texts, altered


def timed(records: Path, options: Options) -> tuple[float, set[str], int]:
    start = time.perf_counter()
    report = validate_paths([records], options)
    elapsed = time.perf_counter() - start
    flagged = {f.record_id or "" for f in report.findings if f.code.startswith("PT31")}
    return elapsed, flagged, len(report.findings)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        records, texts, altered = build(Path(tmp), args.articles, args.share, args.seed)
        built = time.perf_counter() - start
        size = sum(p.stat().st_size for p in texts.iterdir())
        print(
            f"{args.articles:,} articles ({size / 1e6:.1f} MB of text, built in {built:.1f} s), "
            f"{3 * args.articles:,} quotes, {len(altered):,} altered"
        )
        print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
        base = Options(allow_external_refs=True, ignore=frozenset({"PT901"}))
        plain, _, _ = timed(records, base)
        print(f"validate without grounding: {plain:6.1f} s")
        with_texts = Options(allow_external_refs=True, ignore=frozenset({"PT901"}), grounding=Grounding(texts))
        grounded, flagged, _ = timed(records, with_texts)
        caught, false = len(flagged & altered), len(flagged - altered)
        print(
            f"validate --texts:           {grounded:6.1f} s (grounding {grounded - plain:.1f} s); "
            f"caught {caught:,} of {len(altered):,} altered, {false} false alarm(s)"
        )
        if args.jobs > 1:
            jobs = Options(
                allow_external_refs=True, ignore=frozenset({"PT901"}), grounding=Grounding(texts), jobs=args.jobs
            )
            parallel, flagged_jobs, _ = timed(records, jobs)
            same = "same findings" if flagged_jobs == flagged else "DIFFERENT findings"
            print(f"validate --texts --jobs {args.jobs}:  {parallel:6.1f} s ({same})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
