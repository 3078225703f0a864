"""Random documents drawn from the grammar of each LLM-profile file, and what `validate --profile llm` says of
them (issue #24): what a constrained decoder can emit from a profile file must be what the validator accepts,
except for the rules the profile cannot express (`peace_talks_model.llm_schema.NOT_EXPRESSED`).

llguidance compiles each file into the grammar a constrained decoder enforces. A byte-level tokenizer (one token
per byte, and an end token) turns the grammar's allowed next tokens into allowed next bytes; a random walk over
them, with a fixed seed, draws a document. Structural bytes (`"{}[],:`) are preferred over the rest half the time
and the end token is taken as soon as it is allowed, so the walk ends after a few kilobytes instead of writing
endless strings; a walk past `max_bytes` is counted as too long and dropped.

Each document is then read and checked as `validate --profile llm` reads and checks a file, with references to
records outside the document allowed (a document holds one record; the records it names are not there to find).

`python -m tests.grammar_sampling [--samples N] [--seed S] [FILE...]` prints, per file, the samples drawn,
accepted and rejected, and the findings by rule: the larger run reported in the closing note of #24.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llguidance import LLMatcher, LLTokenizer, TokenizerWrapper

from peace_talks_model.codes import Severity
from peace_talks_model.llm_profile import read_llm
from peace_talks_model.llm_schema import NOT_EXPRESSED
from peace_talks_model.loader import LoadedRecord
from peace_talks_model.merge import merge_answers
from peace_talks_model.report import Finding
from peace_talks_model.starters import STARTERS
from peace_talks_model.validation import Input, Options, validate_paths

PROFILE = Path(__file__).resolve().parents[1] / "schemas" / "llm"
#: The end token of the byte-level tokenizer (tokens 0-255 are the bytes).
END = 256
#: The bytes that open or close a JSON structure or string.
STRUCTURAL = frozenset(b'"{}[],:')


class ByteTokenizer:
    """A tokenizer with one token per byte and an end token: the grammar's allowed tokens are its allowed bytes."""

    def __init__(self) -> None:
        self.tokens = [bytes([b]) for b in range(256)] + [b"<end>"]
        self.eos_token_id = END
        self.bos_token_id = None
        self.special_token_ids = [END]

    def __call__(self, text: str | bytes) -> list[int]:
        return list(text.encode("utf-8") if isinstance(text, str) else text)


TOKENIZER = LLTokenizer(TokenizerWrapper(ByteTokenizer()))


def grammar(schema: dict[str, Any]) -> str:
    """The llguidance grammar of a JSON Schema, compact JSON without free whitespace (as providers emit it)."""
    return LLMatcher.grammar_from_json_schema(schema, defaults={"whitespace_flexible": False})


def compile_messages(schema: dict[str, Any]) -> tuple[bool, list[str]]:
    """Whether llguidance fails to compile the schema, and its messages: the error, or the warnings."""
    is_error, messages = LLMatcher.validate_grammar_with_warnings(grammar(schema), TOKENIZER)
    return is_error, list(messages)


def walk(allowed: list[int], advance: Callable[[int], list[int]], rng: random.Random, max_bytes: int) -> bytes | None:
    """The random walk both engines draw with: from the bytes `allowed` first, `advance(token)` consuming a byte
    and giving the next allowed ones; None when the walk passes `max_bytes`."""
    out = bytearray()
    while True:
        if not allowed:
            raise RuntimeError(f"the grammar allows nothing after {bytes(out[-80:])!r}")
        if END in allowed:
            return bytes(out)
        structural = [t for t in allowed if t in STRUCTURAL]
        token = rng.choice(structural if structural and rng.random() < 0.5 else allowed)
        allowed = advance(token)
        out.append(token)
        if len(out) > max_bytes:
            return None


def draw(compiled: str, rng: random.Random, max_bytes: int) -> bytes | None:
    """One random document the llguidance grammar allows, or None when the walk passes `max_bytes`."""
    matcher = LLMatcher(TOKENIZER, compiled)
    if matcher.is_error():
        raise RuntimeError(matcher.get_error())

    def allowed() -> list[int]:
        return [t for t, on in enumerate(matcher.compute_logit_bias()) if on]

    def advance(token: int) -> list[int]:
        if not matcher.consume_token(token):
            raise RuntimeError(matcher.get_error())
        return allowed()

    return walk(allowed(), advance, rng, max_bytes)


#: How deep outlines-core follows `$ref`s when it turns a profile file into a regular expression. Its default, 3,
#: is too shallow for the profile: past it a definition becomes a loose pattern that lets a decoder omit required
#: keys and even write a trailing comma (found by this sampling). 6 is the deepest any file needs (a test checks
#: that a deeper setting changes no file's expression).
OUTLINES_DEPTH = 6


def outlines_regex(schema_text: str, depth: int = OUTLINES_DEPTH) -> str:
    """outlines-core's regular expression of a profile file, without free whitespace (as providers emit it)."""
    from outlines_core import json_schema  # noqa: PLC0415 - the second, optional engine

    regex: str = json_schema.build_regex_from_schema(schema_text, whitespace_pattern="", max_recursion_depth=depth)
    return regex


def outlines_index(schema_text: str, depth: int = OUTLINES_DEPTH) -> Any:
    """outlines-core's index of a profile file: its regular expression compiled over the byte-level vocabulary."""
    from outlines_core import Index, Vocabulary  # noqa: PLC0415 - the second, optional engine

    vocabulary = Vocabulary(END, {bytes([b]): [b] for b in range(256)})
    return Index(outlines_regex(schema_text, depth), vocabulary)


def draw_outlines(index: Any, rng: random.Random, max_bytes: int) -> bytes | None:
    """`draw`, over the allowed next bytes of outlines-core's index (the same walk)."""
    from outlines_core import Guide  # noqa: PLC0415 - the second, optional engine

    guide = Guide(index)
    return walk(list(guide.get_tokens()), lambda token: list(guide.advance(token)), rng, max_bytes)


def judge(name: str, document: bytes, enrichment_of: str | None = None) -> list[Finding]:
    """The errors `validate --profile llm` reports for the document (references outside it allowed). An answer of
    an enrichment tier of `enrichment_of` (a record type) is judged as `peace-talks merge` takes it: folded into the
    smallest valid record of the type (`STARTERS`) given the answer's id, then validated."""
    options = Options(profile="llm", allow_external_refs=True)
    if enrichment_of is None:
        report = validate_paths([Input(name, raw=document, jsonl=False)], options)
        return [f for f in report.findings if f.severity is Severity.error]
    try:
        answer = json.loads(document)
        record_id = answer["id"] if isinstance(answer, dict) and isinstance(answer.get("id"), str) else "x"
    except ValueError:  # a number beyond a double's range: the loader reports it
        record_id = "x"
    core = LoadedRecord("core.json", 0, 1, {**STARTERS[enrichment_of], "id": record_id})
    merged = merge_answers([core], Input(name, raw=document, jsonl=False, decoder=read_llm).read())
    report = validate_paths([Input("merged.jsonl", records=tuple(merged.records))], options)
    return [f for f in [*merged.findings, *report.findings] if f.severity is Severity.error]


def enrichment_of(path: Path) -> str | None:
    """The record type of an enrichment tier file (`<type>.enrichment-N.schema.json`), None for another file."""
    parts = path.name.split(".")
    return parts[0].replace("-", "_") if len(parts) == 4 and parts[1].startswith("enrichment-") else None


@dataclass
class Tally:
    """What the samples of one profile file gave."""

    file: str
    drawn: int = 0
    too_long: int = 0
    accepted: int = 0
    bytes_drawn: int = 0
    seconds: float = 0.0
    #: (code, rule) -> findings; and the samples rejected by each rule
    findings: Counter[tuple[str, str]] = field(default_factory=Counter)
    rejected_by: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: one finding of each rule, as an example
    example: dict[tuple[str, str], Finding] = field(default_factory=dict)

    @property
    def judged(self) -> int:
        return self.drawn - self.too_long

    @property
    def rejected(self) -> int:
        return self.judged - self.accepted


#: The engines a document can be drawn with.
ENGINES = ("llguidance", "outlines-core")


def sample_file(
    path: Path,
    samples: int,
    seed: int,
    *,
    max_bytes: int = 60_000,
    engine: str = "llguidance",
    depth: int = OUTLINES_DEPTH,
) -> Tally:
    """Draw `samples` documents from the grammar of the profile file `path` (compiled by `engine`) and judge
    each."""
    started = time.perf_counter()
    tally = Tally(path.name)
    text = path.read_text(encoding="utf-8")
    rng = random.Random(f"{seed}:{path.name}")
    if engine == "llguidance":
        compiled = grammar(json.loads(text))

        def one() -> bytes | None:
            return draw(compiled, rng, max_bytes)
    else:
        index = outlines_index(text, depth)

        def one() -> bytes | None:
            return draw_outlines(index, rng, max_bytes)

    for index_ in range(samples):
        document = one()
        tally.drawn += 1
        if document is None:
            tally.too_long += 1
            continue
        tally.bytes_drawn += len(document)
        errors = judge(f"{path.stem}-{index_}.json", document, enrichment_of(path))
        if not errors:
            tally.accepted += 1
        for rule in {(f.code, f.rule) for f in errors}:
            tally.rejected_by[rule] += 1
        for finding in errors:
            tally.findings[(finding.code, finding.rule)] += 1
            tally.example.setdefault((finding.code, finding.rule), finding)
    tally.seconds = time.perf_counter() - started
    return tally


def profile_files(names: Iterable[str] = ()) -> list[Path]:
    """The profile's files (`schemas/llm/*.schema.json`), or those named."""
    chosen = set(names)
    return [p for p in sorted(PROFILE.glob("*.schema.json")) if not chosen or p.name in chosen]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.grammar_sampling", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="profile file names (default: all)")
    parser.add_argument("--samples", type=int, default=50, help="documents drawn per file (default 50)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--engine", choices=ENGINES, default="llguidance", help="the engine to draw with")
    parser.add_argument(
        "--depth", type=int, default=OUTLINES_DEPTH, help=f"outlines-core's $ref depth (default {OUTLINES_DEPTH})"
    )
    args = parser.parse_args(argv)
    total: Counter[tuple[str, str]] = Counter()
    rejected: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], Finding] = {}
    depth = f" (depth {args.depth})" if args.engine == "outlines-core" else ""
    print(f"engine {args.engine}{depth}, seed {args.seed}, {args.samples} samples per file")
    print("| file | drawn | too long | accepted | rejected | KB drawn | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for path in profile_files(args.files):
        t = sample_file(path, args.samples, args.seed, engine=args.engine, depth=args.depth)
        total += t.findings
        rejected += t.rejected_by
        for key, finding in t.example.items():
            examples.setdefault(key, finding)
        print(
            f"| `{t.file}` | {t.drawn} | {t.too_long} | {t.accepted} | {t.rejected} | "
            f"{t.bytes_drawn / 1024:,.0f} | {t.seconds:.1f} |"
        )
    print()
    print("| code | rule | listed as not expressed | samples rejected | findings | example |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key, count in sorted(rejected.items(), key=lambda item: (-item[1], item[0])):  # ties in a fixed order
        example = examples[key]
        listed = "yes" if key[1] in NOT_EXPRESSED else "**no**"
        print(f"| {key[0]} | `{key[1]}` | {listed} | {count} | {total[key]} | {example.path}: {example.message[:90]} |")
    unlisted = sorted({rule for _, rule in rejected} - NOT_EXPRESSED.keys())
    undrawn = sorted(NOT_EXPRESSED.keys() - {rule for _, rule in rejected})
    print()
    print(f"rules that rejected a sample but are not listed as not expressed: {', '.join(unlisted) or 'none'}")
    print(f"rules listed as not expressed that no sample broke: {', '.join(undrawn) or 'none'}")
    return 1 if unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
