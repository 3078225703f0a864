"""Grounding (`validate --texts/--ground/--require-texts`): every evidence quote of the examples is found in the
seed texts; a corpus of altered quotes (tests/data/grounding/altered.json: a word changed, a clause invented, two
passages spliced, offsets shifted by one, capitalisation changed, a name misspelt) is caught, every one, while
the unaltered passages give no false alarm; the normalisation lets typographic quotes, dashes and odd whitespace
match and never folds case; texts come from a directory (by id, or a manifest) or from `Source.text_path`,
whichever order the records come in, and with worker processes."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.grounding import (
    DEFECT,
    NAME,
    PARAPHRASE_RATIO,
    QUOTE,
    Grounding,
    SourceText,
    Target,
    check_target,
    declared,
    declared_places,
    declared_table,
    load_text,
    normalise,
    normalise_quote,
    offset_map,
    offset_map_by_character,
    resolve_pending,
    targets,
)
from peace_talks_model.models.source import TextDefect, TextDefectKind
from peace_talks_model.rules.base import key_parts
from peace_talks_model.validation import (
    Input,
    Options,
    combine,
    validate_partition,
    validate_paths,
    validate_record,
    validate_records,
)
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()
TEXTS = ROOT / "tests" / "data" / "texts"
CORPUS = json.loads((ROOT / "tests" / "data" / "grounding" / "altered.json").read_text(encoding="utf-8"))["entries"]
AFGHANISTAN = EXAMPLES / "valid" / "afghanistan-2019-2020"
SEED0 = "source:seed-000-khalilzad-kabul-visit"
GROUNDING = Grounding(TEXTS)


def _text(source: str) -> SourceText:
    path = GROUNDING.path_for(source)
    assert path is not None, source
    text = load_text(path)
    assert isinstance(text, SourceText), text
    return text


def _claim(local: str, *evidence: dict[str, Any]) -> dict[str, Any]:
    return {
        "record_type": "claim",
        "id": f"claim:{local}",
        "schema_version": "1.2",
        "statement": "A statement drawn from the story.",
        "evidence": list(evidence),
    }


def _source(local: str, **fields: Any) -> dict[str, Any]:
    return {"record_type": "source", "id": f"source:{local}", "schema_version": "1.2", **fields}


def _jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _codes(report: Any) -> list[tuple[str, str | None, str]]:
    return [(f.code, f.record_id, f.path) for f in report.findings]


# -- normalisation ------------------------------------------------------------------------------------------


def test_normalise_folds_typography_and_whitespace_but_not_case() -> None:
    assert normalise("\u201cendless wars\u201d \u2014 Taliban\u2019s") == '"endless wars" - Taliban\'s'
    assert normalise("a \t\n\u00a0 b\u2026") == "a b..."
    assert normalise("cease\u00ad-\u200bfire") == "cease-fire"
    assert normalise("Jesu\u0301s") == "Jes\u00fas"
    assert normalise("Taliban") != normalise("taliban")
    assert normalise_quote("  both sides \n") == "both sides"


_ALPHABET = list(
    "ab Zc.,\t\n\r\u00a0\u2009\u3000\u2028\x1c\u2019\u201c\u201d\u2013\u2014\u2212\u2026\u00ad\u200b\ufeff"
)
_ALPHABET += ["e\u0301", "\u0301", "\u1100\u1161", "\u0bc6\u0bbe", "\u00e9"]


@given(st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join))
def test_offset_map_agrees_with_normalise(raw: str) -> None:
    norm, starts, ends = offset_map(raw)
    assert norm == normalise(raw)
    assert len(starts) == len(ends) == len(norm)
    assert offset_map_by_character(raw)[0] == norm
    if unicodedata.is_normalized("NFC", raw):
        assert offset_map_by_character(raw) == (norm, starts, ends)
    # a text's raw offsets (computed without a map of every character for text in NFC) are the map's
    text = SourceText(raw)
    assert text.norm == norm
    for a in range(len(norm)):
        assert text.raw_span(a, len(norm)) == (starts[a], ends[-1])
        assert text.raw_span(0, a + 1) == (starts[0], ends[a])
    # a span of whole pieces maps back to raw text that normalises to the span
    boundaries = [i for i in range(len(norm) + 1) if i in (0, len(norm)) or starts[i] != starts[i - 1]]
    for a in boundaries:
        for b in boundaries:
            if a < b:
                assert normalise(raw[starts[a] : ends[b - 1]]) == norm[a:b]


def test_typographic_quotes_dashes_and_odd_whitespace_match() -> None:
    text = _text(SEED0)
    raw = text.raw
    straight = 'Trump has repeatedly pledged to bring American troops home from "endless wars" abroad'
    start = raw.index("Trump has repeatedly")
    seed4 = "source:seed-004-ap-khalilzad-doha-talks"
    cases = [
        Target(QUOTE, ("evidence", 0), (SEED0,), straight),
        Target(QUOTE, ("evidence", 0), (SEED0,), straight, start, start + len(straight)),  # offsets: same length
        Target(QUOTE, ("evidence", 0), (SEED0,), "the Afghan  president's\n national security adviser"),
        Target(QUOTE, ("evidence", 0), (SEED0,), "  the Afghan president\u2019s national\u00a0security adviser "),
        Target(
            QUOTE,
            ("evidence", 0),
            (seed4,),
            "professors - American Kevin King and Australian Timothy Weeks -- Taliban's".replace("--", "\u2013"),
        ),
    ]
    for target in cases:
        assert check_target(target, _text) == [], target.text


def test_nfc_and_offsets_in_code_points_of_the_raw_text(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Talks with Jesu\u0301s Santrich \u2014 in Havana\u2026 resumed.", encoding="utf-8")
    text = load_text(tmp_path / "t.txt")
    assert isinstance(text, SourceText)
    raw = text.raw
    quote = "Jes\u00fas Santrich - in Havana..."  # composed, folded: found in the decomposed text
    assert text.find(normalise_quote(quote)) >= 0
    start = raw.index("Jesu")
    exact = raw[start : raw.index(" resumed")]
    ok = Target(QUOTE, ("evidence", 0), ("source:t",), exact, start, start + len(exact))
    assert check_target(ok, lambda _: text) == []
    shifted = Target(QUOTE, ("evidence", 0), ("source:t",), exact, start + 1, start + 1 + len(exact))
    [problem] = check_target(shifted, lambda _: text)
    assert problem.rule == "offsets_select_quote"
    assert problem.suggestion == str(start)
    assert f"{start}-{start + len(exact)}" in problem.message


def test_case_is_never_folded() -> None:
    [problem] = check_target(Target(QUOTE, ("evidence", 0), (SEED0,), "according to a Senior Taliban Official"), _text)
    assert problem.rule == "quote_in_source"
    assert "capitalisation" in problem.message
    assert problem.suggestion == "according to a senior Taliban official"


# -- the examples: every quote is found --------------------------------------------------------------------


def _evidence(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "source" in value and "quote" in value:
            yield value
        for item in value.values():
            yield from _evidence(item)
    elif isinstance(value, list):
        for item in value:
            yield from _evidence(item)


#: The sources of the Afghan examples whose texts are not stored: the outside references cited for facts the seed
#: stories do not give (examples/valid/README.md, "How the examples were researched"); each has its URL.
def _outside_sources() -> set[str]:
    found = set()
    for data in json.loads((AFGHANISTAN / "sources.json").read_text(encoding="utf-8")):
        if not data["id"].startswith("source:seed-"):
            assert data.get("url"), data["id"]
            found.add(data["id"])
    return found


def test_every_quote_of_the_examples_is_found_in_the_seed_texts() -> None:
    cited = checked = outside = 0
    kinds: set[str] = set()
    references = _outside_sources()
    for path in sorted(AFGHANISTAN.glob("*.json")):
        for data in json.loads(path.read_text(encoding="utf-8")):
            cited += sum(1 for e in _evidence(data) if e["source"].startswith("source:seed-"))
            for target in targets(validate_record(data)):
                if set(target.sources) <= references:  # an outside reference: its text is not stored here
                    outside += 1
                    continue
                assert check_target(target, _text) == [], (data["id"], target)
                checked += target.kind == QUOTE
                kinds.add(target.kind)
    assert checked == cited > 600
    assert kinds == {QUOTE, NAME, DEFECT}
    assert outside >= 10  # the outside references are cited, each with its quote


def test_cli_finds_every_quote_through_text_path_and_through_texts() -> None:
    by_path = runner.invoke(app, ["validate", str(EXAMPLES / "valid"), "--ground", "-f", "json"])
    assert by_path.exit_code == 0, by_path.stdout
    assert not [f for f in json.loads(by_path.stdout)["findings"] if f["code"].startswith("PT31")]
    args = [str(AFGHANISTAN), str(EXAMPLES / "valid" / "common"), "--texts", str(TEXTS), "--strict"]
    by_directory = runner.invoke(app, ["validate", *args])
    assert by_directory.exit_code == 0, by_directory.stdout
    # with --require-texts, the only quotes not checked are those of the outside references, whose texts are not
    # stored: every other quote has its seed text
    required = runner.invoke(app, ["validate", *args, "--require-texts", "-f", "json"])
    findings = json.loads(required.stdout)["findings"]
    assert {f["code"] for f in findings} == {"PT314"}
    named = [re.search(r"no text of (source:\S+)", f["message"]) for f in findings]
    assert {m.group(1) for m in named if m is not None} == _outside_sources()
    assert all(named)


# -- the altered corpus: every alteration is caught, no original is -----------------------------------------


def test_corpus_is_large_and_covers_every_kind_of_alteration() -> None:
    assert len(CORPUS) >= 30
    categories = {e["category"] for e in CORPUS}
    assert categories == {
        "word_changed",
        "clause_invented",
        "spliced",
        "offsets_shifted",
        "case_changed",
        "name_misspelt",
    }
    assert all(sum(e["category"] == c for e in CORPUS) >= 5 for c in categories)


def _pair(entry: dict[str, Any]) -> tuple[Target, Target]:
    source = entry["source"]
    if entry["code"] == "PT312":
        label = entry["kind"]
        return (
            Target(NAME, ("names", 0), (source,), entry["original"], label=label),
            Target(NAME, ("names", 0), (source,), entry["altered"], label=label),
        )
    if "shift" in entry:
        start = _text(source).raw.index(entry["original"])
        moved = start + entry["shift"]
        return (
            Target(QUOTE, ("evidence", 0), (source,), entry["original"], start, start + len(entry["original"])),
            Target(QUOTE, ("evidence", 0), (source,), entry["altered"], moved, moved + len(entry["altered"])),
        )
    return (
        Target(QUOTE, ("evidence", 0), (source,), entry["original"]),
        Target(QUOTE, ("evidence", 0), (source,), entry["altered"]),
    )


RULE_OF = {"PT310": "quote_in_source", "PT311": "offsets_select_quote", "PT312": "observed_name_in_source"}


@pytest.mark.parametrize("entry", CORPUS, ids=lambda e: f"{e['category']}:{e['altered'][:30]}")
def test_altered_quote_is_caught_and_the_original_is_not(entry: dict[str, Any]) -> None:
    original, altered = _pair(entry)
    assert check_target(original, _text) == []
    [problem] = check_target(altered, _text)
    assert problem.rule == RULE_OF[entry["code"]]
    assert entry.get("hint", "") in problem.message
    if entry["code"] == "PT310" and "capitalisation" not in problem.message:
        # the nearest passage is named with its similarity, and the verdict follows the threshold
        assert problem.expected
        assert ("paraphrased?" in problem.message) == (problem.suggestion is not None)


def test_paraphrase_verdict_follows_the_threshold() -> None:
    text = _text(SEED0)
    close = normalise_quote("The two professors could be freed in exchange for three Taliban commanders")
    far = normalise_quote("Taliban commanders agreed to a nationwide truce starting on Friday morning")
    near_close, near_far = text.nearest(close), text.nearest(far)
    assert near_close is not None
    assert near_far is not None
    assert near_close.ratio >= PARAPHRASE_RATIO > near_far.ratio
    [problem] = check_target(Target(QUOTE, ("evidence", 0), (SEED0,), far), _text)
    assert "not in the text:" in problem.message
    assert problem.suggestion is None


def _corpus_records() -> tuple[list[dict[str, Any]], set[str], set[str]]:
    """Records citing the corpus: one per original (must pass) and one per alteration (must be reported)."""
    records: list[dict[str, Any]] = []
    good: set[str] = set()
    bad: set[str] = set()
    for number, entry in enumerate(CORPUS):
        original, altered = _pair(entry)
        for name, target, into in (("original", original, good), ("altered", altered, bad)):
            local = f"corpus-{number}-{name}"
            if target.kind == NAME:
                quote = {"source": entry["source"], "quote": entry["quote"]}
                records.append(
                    {
                        "record_type": "actor",
                        "id": f"actor:{local}",
                        "schema_version": "1.2",
                        "name": "Someone",
                        "kind": "person",
                        "names": [{"text": target.text, "kind": entry["kind"], "evidence": [quote]}],
                    }
                )
                into.add(f"actor:{local}")
                continue
            evidence: dict[str, Any] = {"source": entry["source"], "quote": target.text}
            if target.start is not None:
                evidence.update(start=target.start, end=target.end)
            records.append(_claim(local, evidence))
            into.add(f"claim:{local}")
    return records, good, bad


def test_cli_reports_every_altered_record_and_no_original(tmp_path: Path) -> None:
    records, good, bad = _corpus_records()
    path = _jsonl(tmp_path / "corpus.jsonl", records)
    args = ["validate", str(path), "--texts", str(TEXTS), "--allow-external-refs", "--ignore", "PT901", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    flagged = {f["record_id"] for f in findings}
    assert flagged == bad
    assert not flagged & good
    assert {f["code"] for f in findings} == {"PT310", "PT311", "PT312"}
    # the same with two worker processes
    parallel = runner.invoke(app, [*args, "--jobs", "2"])
    assert json.loads(parallel.stdout)["findings"] == findings


# -- where texts come from ---------------------------------------------------------------------------------


def test_text_path_declared_after_the_quotes_is_used_and_findings_are_placed(tmp_path: Path) -> None:
    shutil.copy(TEXTS / "seed-000-khalilzad-kabul-visit.txt", tmp_path / "story.txt")
    claims = _jsonl(
        tmp_path / "a-claims.jsonl",
        [
            _claim("ok", {"source": "source:story", "quote": "The two professors could be freed"}),
            _claim("bad", {"source": "source:story", "quote": "The three professors could be freed"}),
        ],
    )
    _jsonl(tmp_path / "b-sources.jsonl", [_source("story", text_path="story.txt")])
    report = validate_paths([tmp_path], Options(grounding=Grounding()))
    [finding] = [f for f in report.findings if f.code.startswith("PT3")]
    assert (finding.code, finding.record_id, finding.path) == ("PT310", "claim:bad", "evidence[0].quote")
    assert finding.file == str(claims)
    assert (finding.line, finding.pointer) == (2, "/evidence/0/quote")
    assert (finding.column or 0) > 1
    # without grounding, nothing is checked
    assert not [f for f in validate_paths([tmp_path]).findings if f.code.startswith("PT31")]


def test_partitions_resolve_texts_declared_in_another_partition(tmp_path: Path) -> None:
    shutil.copy(TEXTS / "seed-000-khalilzad-kabul-visit.txt", tmp_path / "story.txt")
    sources = _jsonl(tmp_path / "sources.jsonl", [_source("story", text_path="story.txt")])
    claims = _jsonl(
        tmp_path / "claims.jsonl",
        [
            _claim("x", {"source": "source:story", "quote": "The two professors could be freed"}),
            _claim("y", {"source": "source:story", "quote": "The two Professors could be freed"}),
        ],
    )
    options = Options(grounding=Grounding())
    parts = [
        validate_partition([Input(str(sources), path=str(sources))], options),
        validate_partition([Input(str(claims), path=str(claims))], options),
    ]
    report = combine(parts, options)
    assert _codes(report) == [("PT310", "claim:y", "evidence[0].quote")]
    assert _codes(report) == _codes(validate_paths([sources, claims], options))


def test_manifest_maps_ids_to_files(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    shutil.copy(TEXTS / "seed-000-khalilzad-kabul-visit.txt", texts / "000.txt")
    (texts / "manifest.tsv").write_text("# id<TAB>path\nsource:seed-000-khalilzad-kabul-visit\t000.txt\n")
    path = _jsonl(tmp_path / "r.jsonl", [_claim("c", {"source": SEED0, "quote": "Anas Haqqani, a son"})])
    args = ["validate", str(path), "--texts", str(texts), "--require-texts", "--allow-external-refs"]
    assert runner.invoke(app, args).exit_code == 0
    (texts / "manifest.tsv").write_text("source:seed-000\t000.txt\nnot a line\n")
    broken = runner.invoke(app, args)
    assert broken.exit_code == 3
    assert "manifest.tsv:2" in broken.stderr
    missing = runner.invoke(app, ["validate", str(path), "--texts", str(tmp_path / "nowhere")])
    assert missing.exit_code == 3
    assert "not a directory" in missing.stderr


def test_require_texts(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "r.jsonl",
        [_claim("c", {"source": "source:unknown-story", "quote": "anything"}, {"source": SEED0, "quote": "Kabul"})],
    )
    options = Options(allow_external_refs=True, grounding=Grounding(TEXTS))
    assert not [f for f in validate_paths([path], options).findings if f.code.startswith("PT31")]
    strict = Options(allow_external_refs=True, grounding=Grounding(TEXTS, require_texts=True))
    [finding] = [f for f in validate_paths([path], strict).findings if f.code.startswith("PT31")]
    assert (finding.code, finding.path) == ("PT314", "evidence[0].source")
    assert "unknown-story.txt" in finding.message


def test_hash_mismatch_and_unreadable_texts(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    story = (TEXTS / "seed-000-khalilzad-kabul-visit.txt").read_bytes()
    (texts / "seed-000-khalilzad-kabul-visit.txt").write_bytes(story.replace(b"Kabul.", b"Kabul city."))
    (texts / "broken.txt").write_bytes(b"caf\xe9")
    declared = hashlib.sha256(story).hexdigest()
    path = _jsonl(
        tmp_path / "r.jsonl",
        [
            _source("seed-000-khalilzad-kabul-visit", text_sha256=declared),
            _source("elsewhere", text_path="missing.txt"),
            _claim("c", {"source": "source:broken", "quote": "cafe"}),
        ],
    )
    report = validate_paths([path], Options(allow_external_refs=True, grounding=Grounding(texts)))
    found = [(f.code, f.record_id, f.path) for f in report.findings if f.code.startswith("PT31")]
    assert found == [
        ("PT313", "source:seed-000-khalilzad-kabul-visit", "text_sha256"),
        ("PT315", "source:elsewhere", "text_path"),
        ("PT315", "claim:c", "evidence[0].source"),
    ]
    [mismatch] = [f for f in report.findings if f.code == "PT313"]
    assert mismatch.expected == declared
    assert mismatch.got == hashlib.sha256((texts / "seed-000-khalilzad-kabul-visit.txt").read_bytes()).hexdigest()


def test_text_defects_are_found_in_their_own_text(tmp_path: Path) -> None:
    shutil.copy(TEXTS / "seed-000-khalilzad-kabul-visit.txt", tmp_path / "story.txt")
    defects = [
        {"kind": "factual_error", "quote": "Afghan President Asraf Ghani", "start": 2099},
        {"kind": "factual_error", "quote": "Afghan President Ashraf Ghani"},
        {"kind": "factual_error", "quote": "Afghan President Asraf Ghani", "start": 2100},
    ]
    path = _jsonl(tmp_path / "r.jsonl", [_source("story", text_path="story.txt", text_defects=defects)])
    report = validate_paths([path], Options(grounding=Grounding()))
    assert [(f.code, f.path) for f in report.findings if f.code.startswith("PT31")] == [
        ("PT310", "text_defects[1].quote"),
        ("PT311", "text_defects[2].start"),
    ]


def test_grounding_runs_only_when_asked_for() -> None:
    record = _claim("c", {"source": SEED0, "quote": "words the story never printed"})
    plain = validate_records([record], Options(allow_external_refs=True))
    assert not [f for f in plain.findings if f.code.startswith("PT31")]
    grounded = validate_records([record], Options(allow_external_refs=True, grounding=GROUNDING))
    assert [(f.code, f.path) for f in grounded.findings if f.code.startswith("PT31")] == [
        ("PT310", "evidence[0].quote")
    ]


# -- text defects a source declares ------------------------------------------------------------------------

# Passages of the seed stories as collected: seed-001 has no-break spaces after words, seed-003 opens a quotation
# with U+201C and closes it with a straight '"', and its page furniture runs into the headline; the zero-width
# spaces, the grave accent and the fused header below are those defects as other scrapers leave them.
NBSP_STORY = (
    "U.S. and Afghan Taliban officials have started conversations\u00a0aimed at resuming peace talks\u00a0that"
    "\u00a0collapsed last month, The Wall Street Journal reported Sunday.\u00a0 \u00a0 \u00a0\n\n"
    "U.S. envoy Zalmay Khalilzad met\u200bwith the Taliban earlier this month in Pakistan, discussing a potential "
    "prisoner swap or cutbacks in violence,\u200b the Journal reported.\n"
)
QUOTES_STORY = (
    'A military statement said the U.S. delegation \u201cgreatly appreciated" Pakistan\u2019s role in the peace '
    'process and that \u201cit could not have succeeded without Pakistan`s sincere and unconditional support."\n'
)
FUSED_STORY = (
    "Accessibility links\n\nBreaking NewsU.S. Envoy In Pakistan As Afghan-Taliban Talks Begin With Calls For Truce"
    "\n\nU.S. special envoy for Afghanistan Zalmay Khalilzad is visiting Pakistan.\n\nBreaking NewsU.S. Envoy "
    "Meets Army Chief\n"
)
BYLINE_STORY = (
    "He added that the foreign minister \u201cpromised that he would cooperate fully\u201d in future peace "
    "negotiations.\n\u2014 Lauren Toms can be reached at lmeier@washingtontimes.com.\n"
)


def _check(raw: str, quote: str, *defects: dict[str, Any], start: int | None = None) -> list[Any]:
    """The problems of one quote of `raw`, its source declaring `defects` (TextDefect fields)."""
    text = SourceText(raw)
    end = None if start is None else start + len(quote)
    target = Target(QUOTE, ("evidence", 0), ("source:story",), quote, start, end)
    found = declared([TextDefect.model_validate(d) for d in defects])
    return check_target(target, lambda _: text, lambda _: found)


def test_no_break_and_doubled_spaces_and_typographic_quotes_match_in_every_text() -> None:
    # what nonstandard_whitespace and mixed_quotes name is, for the most part, matched without a declaration
    assert _check(NBSP_STORY, "conversations aimed at resuming peace talks that collapsed last month") == []
    assert _check(NBSP_STORY, "reported Sunday. U.S. envoy") == []
    assert _check(QUOTES_STORY, 'delegation "greatly appreciated" Pakistan\'s role') == []
    start = QUOTES_STORY.index("delegation")
    assert _check(QUOTES_STORY, 'delegation "greatly appreciated" Pakistan\'s role', start=start) == []
    # but a single mark is not a double one
    [problem] = _check(QUOTES_STORY, "delegation 'greatly appreciated' Pakistan's role")
    assert problem.rule == "quote_in_source"


def test_nonstandard_whitespace_reads_zero_width_spaces_as_spaces() -> None:
    quote = "Zalmay Khalilzad met with the Taliban"
    declaration = {"kind": "nonstandard_whitespace", "quote": "met\u200bwith", "note": "zero-width spaces"}
    # without the declaration a zero-width space is dropped: 'metwith'
    [problem] = _check(NBSP_STORY, quote)
    assert problem.rule == "quote_in_source"
    assert _check(NBSP_STORY, "Zalmay Khalilzad metwith the Taliban") == []
    # with it, the quote with a plain space is grounded, and the quote as dropped still is
    assert _check(NBSP_STORY, quote, declaration) == []
    assert _check(NBSP_STORY, "Zalmay Khalilzad metwith the Taliban", declaration) == []
    assert _check(NBSP_STORY, "in violence, the Journal reported", declaration) == []
    # offsets refer to the real text: the zero-width space is one code point, as the space is
    start = NBSP_STORY.index("Zalmay")
    assert _check(NBSP_STORY, quote, declaration, start=start) == []
    [shifted] = _check(NBSP_STORY, quote, declaration, start=start + 1)
    assert (shifted.rule, shifted.suggestion) == ("offsets_select_quote", str(start))
    assert "(found as the text defects the source declares allow: nonstandard_whitespace)" in shifted.message
    # nothing else is loosened: a changed word is still not in the text
    [changed] = _check(NBSP_STORY, "Zalmay Khalilzad met with the Taliban late", declaration)
    assert changed.rule == "quote_in_source"
    [spaced] = _check(NBSP_STORY, "Zalmay Khalilzad met with theTaliban", declaration)
    assert spaced.rule == "quote_in_source"


def test_mixed_quotes_match_single_and_double_marks_and_accents_typed_for_apostrophes() -> None:
    declaration = {"kind": "mixed_quotes", "quote": '\u201cgreatly appreciated"', "start": 47}
    for quote in ("without Pakistan's sincere", "'greatly appreciated' Pakistan's role", "'it could not have"):
        [problem] = _check(QUOTES_STORY, quote)
        assert problem.rule == "quote_in_source", quote
        assert _check(QUOTES_STORY, quote, declaration) == [], quote
    start = QUOTES_STORY.index("without")
    assert _check(QUOTES_STORY, "without Pakistan\u2019s sincere", declaration, start=start) == []
    [shifted] = _check(QUOTES_STORY, "without Pakistan's sincere", declaration, start=start - 1)
    assert shifted.suggestion == str(start)
    # a quotation mark is not a letter, nor a missing one
    for quote in ("without Pakistans sincere", "without Pakistan's sincere and total"):
        [problem] = _check(QUOTES_STORY, quote, declaration)
        assert problem.rule == "quote_in_source", quote


_DECLARED_ALPHABET = [*"ab c.'\"`\n\u00a0\u200b\u2060\u00ad\u2019\u201c\u201d\u00b4", "e\u0301"]
_RETYPED = {"\u200b": " ", "\u2060": " ", "\u201c": "'", "\u2019": '"', "`": "'", "\u00b4": '"', '"': "'"}


@given(
    st.lists(st.sampled_from(_DECLARED_ALPHABET), min_size=1, max_size=30),
    st.integers(0, 29),
    st.integers(1, 12),
)
def test_declared_matches_are_passages_of_the_real_text(pieces: list[str], at: int, length: int) -> None:
    """A passage retyped with plain spaces and other quotation marks is found in a source declaring both defects,
    at raw offsets whose passage, read as the declarations read it, is the quote."""
    raw = "".join(pieces)
    passage = "".join(pieces[at % len(pieces) :][:length])
    quote = "".join(_RETYPED.get(c, c) for c in passage)
    defects = declared(
        [
            TextDefect(kind=kind, quote="x")
            for kind in (TextDefectKind.nonstandard_whitespace, TextDefectKind.mixed_quotes)
        ]
    )
    text = SourceText(raw)
    wanted = normalise_quote(quote.translate(declared_table(True, True)))
    places, _, how = declared_places(text, quote, defects)
    if not wanted:
        assert places == []
        return
    assert places, (raw, quote)
    assert how == "nonstandard_whitespace and mixed_quotes"
    for place in places:
        assert place.text == raw[place.start : place.end]
        assert normalise_quote(place.text.translate(declared_table(True, True))) == wanted
    start = raw.index(passage)
    if normalise_quote(passage.translate(declared_table(True, True))) == wanted and len(passage) == len(quote):
        assert declared_places(text, quote, defects, start, start + len(quote))[1]


def test_fused_lines_match_across_the_missing_break_only_inside_the_declared_passage() -> None:
    first = FUSED_STORY.index("Breaking NewsU.S.")
    declaration = {"kind": "fused_lines", "quote": "Breaking NewsU.S. Envoy", "start": first}
    quote = "Breaking News U.S. Envoy In Pakistan"
    [problem] = _check(FUSED_STORY, quote)
    assert problem.rule == "quote_in_source"
    assert _check(FUSED_STORY, quote, declaration) == []
    assert _check(FUSED_STORY, "links Breaking News\nU.S. Envoy In", declaration) == []
    assert _check(FUSED_STORY, "Breaking NewsU.S.Envoy In Pakistan", declaration) == []  # and the reverse
    # a spacing difference outside the passage is not excused
    outsides = (
        "Breaking News U.S. EnvoyIn Pakistan",
        "Accessibility linksBreaking News U.S.",
        "U.S. Envoy In Paki stan",
    )
    for outside in outsides:
        [miss] = _check(FUSED_STORY, outside, declaration)
        assert miss.rule == "quote_in_source", outside
    # the passage is the one at the defect's start: the second fused header is not declared
    [second] = _check(FUSED_STORY, "Breaking News U.S. Envoy Meets Army Chief", declaration)
    assert second.rule == "quote_in_source"
    # without a start, every occurrence of the passage is declared
    anywhere = {"kind": "fused_lines", "quote": "Breaking NewsU.S. Envoy"}
    assert _check(FUSED_STORY, "Breaking News U.S. Envoy Meets Army Chief", anywhere) == []
    # the quote is one character longer than the text there: offsets are right when start is
    at = FUSED_STORY.index("NewsU.S.")
    assert _check(FUSED_STORY, "News U.S. Envoy", declaration, start=at) == []
    [shifted] = _check(FUSED_STORY, "News U.S. Envoy", declaration, start=at + 2)
    assert (shifted.rule, shifted.suggestion) == ("offsets_select_quote", str(at))
    assert "only start can be right" in shifted.message


def test_a_miss_names_the_declared_defect_its_nearest_passage_overlaps() -> None:
    byline = {
        "kind": "byline_mismatch",
        "quote": "Lauren Toms can be reached at lmeier@washingtontimes.com",
        "note": "The byline names Lauren Toms; the contact address is another reporter's.",
    }
    misnamed = "Lauren Toms can be reached at ltoms@washingtontimes.com"
    [plain] = _check(BYLINE_STORY, misnamed)
    [told] = _check(BYLINE_STORY, misnamed, byline)
    start = BYLINE_STORY.index("Lauren")
    assert "declares" not in plain.message
    assert told.message == (
        f"{plain.message}; that passage overlaps a text defect the source declares: byline_mismatch at "
        f"{start}-{start + len(byline['quote'])} '{byline['quote']}'"
    )
    assert (told.expected, told.suggestion) == (plain.expected, plain.suggestion)
    # byline_mismatch changes no match, and a miss elsewhere in the text does not mention it
    assert _check(BYLINE_STORY, "Lauren Toms can be reached at lmeier@washingtontimes.com", byline) == []
    [elsewhere] = _check(BYLINE_STORY, "the foreign minister promised that he would cooperate", byline)
    assert "declares" not in elsewhere.message
    # a factual error's correction is named with it
    error = {"kind": "factual_error", "quote": "Lauren Toms", "correction": "Lauren Meier"}
    [corrected] = _check(BYLINE_STORY, "Lauren Meier can be reached at lmeier@washingtontimes.com", error)
    assert corrected.message.endswith(
        f"factual_error at {start}-{start + 11} 'Lauren Toms', to be read as 'Lauren Meier'"
    )


def test_declarations_reach_quotes_wherever_the_source_record_is_read(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "story.txt").write_text(NBSP_STORY + FUSED_STORY, encoding="utf-8")
    source = _source(
        "story",
        schema_version="1.5",
        text_defects=[
            {"kind": "nonstandard_whitespace", "quote": "met\u200bwith"},
            {"kind": "fused_lines", "quote": "Breaking NewsU.S. Envoy In"},
        ],
    )
    claims = [
        _claim("spaces", {"source": "source:story", "quote": "Zalmay Khalilzad met with the Taliban"}),
        _claim("fused", {"source": "source:story", "quote": "Breaking News U.S. Envoy In Pakistan"}),
        _claim("invented", {"source": "source:story", "quote": "Zalmay Khalilzad met with the Haqqanis"}),
        _claim("elsewhere", {"source": "source:story", "quote": "The Wall Street Journal reported Monday"}),
    ]
    undeclared = _source("story", schema_version="1.5")
    expected = [("PT310", "claim:invented", "evidence[0].quote"), ("PT310", "claim:elsewhere", "evidence[0].quote")]
    for number, records in enumerate(([*claims, source], [source, *claims])):
        path = _jsonl(tmp_path / f"r{number}.jsonl", records)
        for jobs in (1, 2):
            report = validate_paths([path], Options(grounding=Grounding(texts), jobs=jobs))
            assert _codes(report) == expected, (number, jobs)
            invented, elsewhere = report.findings
            assert (invented.line, invented.pointer) == (records.index(claims[2]) + 1, "/evidence/0/quote")
            assert (elsewhere.line, elsewhere.pointer) == (records.index(claims[3]) + 1, "/evidence/0/quote")
            # the nearest passage of the invented quote is the declared one, and the message says so
            at = NBSP_STORY.index("met\u200bwith")
            assert invented.message.endswith(f"nonstandard_whitespace at {at}-{at + 8} 'met\u200bwith'")
            assert "declares" not in elsewhere.message
        # the quotes checked again after the record stage: those the declarations match or explain
        part = validate_partition([Input(str(path), path=str(path))], Options(grounding=Grounding(texts)))
        resolved = resolve_pending(part.grounding, Grounding(texts))
        checked_again = {key_parts(key)[1] for _, key, _ in resolved.withdrawn}
        assert checked_again == {records.index(claim) for claim in claims[:3]}
        # the same records, the source declaring nothing: today's verdicts
        plain = _jsonl(tmp_path / f"p{number}.jsonl", [undeclared if r is source else r for r in records])
        report = validate_paths([plain], Options(grounding=Grounding(texts)))
        assert [(f.code, f.record_id) for f in report.findings] == [
            ("PT310", "claim:spaces"),
            ("PT310", "claim:fused"),
            ("PT310", "claim:invented"),
            ("PT310", "claim:elsewhere"),
        ]
        assert not [f for f in report.findings if "declares" in f.message]
    # in separate partitions too, and the declared passages are themselves checked
    sources = _jsonl(tmp_path / "sources.jsonl", [source, _source("other", schema_version="1.5")])
    quotes = _jsonl(tmp_path / "claims.jsonl", claims)
    options = Options(grounding=Grounding(texts), allow_external_refs=True)
    parts = [validate_partition([Input(str(p), path=str(p))], options) for p in (quotes, sources)]
    assert _codes(combine(parts, options)) == expected
    wrong = _source("story", schema_version="1.5", text_defects=[{"kind": "fused_lines", "quote": "NewsU.S.Envoy"}])
    report = validate_paths([_jsonl(tmp_path / "wrong.jsonl", [wrong])], Options(grounding=Grounding(texts)))
    assert _codes(report) == [("PT310", "source:story", "text_defects[0].quote")]
