"""The split of a validated run (`validate --emit-valid/--emit-invalid`): every input record goes to exactly one of
the two files, as it was given; an invalid one carries its findings (own, cross-record and grounding) as repair
hints; a line that is not JSON goes to the invalid file as raw text; both files are written whole or not at all."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.grounding import Grounding
from peace_talks_model.split import FILE_PROBLEM, INVALID, UNPARSED_TEXT, VALID, minify, split_lines, write_split
from peace_talks_model.validation import Options, validate_run
from tests.conftest import ROOT

runner = CliRunner()
TEXTS = ROOT / "tests" / "data" / "texts"
SEED0 = "source:seed-000-khalilzad-kabul-visit"
SOURCE = {"record_type": "source", "id": SEED0, "schema_version": "1.2", "title": "Khalilzad visits Kabul"}


def _claim(local: str, **fields: Any) -> dict[str, Any]:
    return {
        "record_type": "claim",
        "id": f"claim:{local}",
        "schema_version": "1.2",
        "statement": "Talks with the Taliban will resume.",
        **fields,
    }


# what each kind of generated line is, and whether it must pass
def _line(kind: str, number: int) -> tuple[str, bool]:
    local = f"c{number}"
    if kind == "valid":
        return json.dumps(_claim(local, notes="caf\u00e9 \u201cquoted\u201d")), True
    if kind == "valid-spaced":  # whitespace between tokens and escapes: written back minified, escapes kept
        spaced = f'{{ "record_type" : "claim", "id": "claim:{local}", "schema_version":"1.2", "statement": "T\\u00e9"}}'
        return spaced, True
    if kind == "grounded":
        return json.dumps(
            _claim(local, evidence=[{"source": SEED0, "quote": "The two professors could be freed"}])
        ), True
    if kind == "schema":  # a record the models reject
        return json.dumps({"record_type": "claim", "id": f"claim:{local}", "schema_version": "1.2"}), False
    if kind == "dangling":  # a cross-record error
        return json.dumps(_claim(local, contradicts=["claim:nowhere-to-be-found"])), False
    if kind == "ungrounded":  # a grounding error
        return json.dumps(
            _claim(local, evidence=[{"source": SEED0, "quote": "The three professors were freed"}])
        ), False
    if kind == "not-json":
        return "{'record_type': 'claim', id: " + str(number), False
    if kind == "duplicate-key":
        return f'{{"record_type": "claim", "id": "claim:{local}", "id": "claim:x"}}', False
    if kind == "not-object":
        return str(number), False
    raise AssertionError(kind)


KINDS = [
    "valid",
    "valid-spaced",
    "grounded",
    "schema",
    "dangling",
    "ungrounded",
    "not-json",
    "duplicate-key",
    "not-object",
]
OPTIONS = Options(allow_external_refs=False, ignore=frozenset({"PT901"}), grounding=Grounding(TEXTS))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=25))
def test_every_record_lands_in_exactly_one_file_as_given(kinds: list[str]) -> None:
    lines = [(json.dumps(SOURCE), True)] + [_line(kind, number) for number, kind in enumerate(kinds)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "records.jsonl"
        source.write_text("".join(text + "\n" for text, _ in lines), encoding="utf-8")
        report, inputs = validate_run([source], OPTIONS)
        valid, invalid = folder / "valid.jsonl", folder / "invalid.jsonl"
        counts = write_split(inputs, report, valid, invalid)
        passed = valid.read_text(encoding="utf-8").splitlines() if valid.exists() else []
        failed = [json.loads(x) for x in invalid.read_text(encoding="utf-8").splitlines()] if invalid.exists() else []
    assert counts.file_problems == 0
    assert counts.valid + counts.invalid + counts.unparsed == len(lines)
    assert passed == [minify(text) for text, ok in lines if ok]
    assert [json.loads(p) for p in passed] == [json.loads(text) for text, ok in lines if ok]
    assert [e["index"] for e in failed] == [i for i, (_, ok) in enumerate(lines) if not ok]
    for entry in failed:
        text = lines[entry["index"]][0]
        assert entry["line"] == entry["index"] + 1
        if "raw" in entry:
            assert entry["raw"] == text
            assert {f["code"] for f in entry["findings"]} <= {"PT102", "PT103"}
        else:
            assert entry["record"] == json.loads(text)
        assert any(f["severity"] == "error" for f in entry["findings"])


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_findings_are_attached_as_repair_hints_with_pointers_inside_the_record(tmp_path: Path) -> None:
    records = [
        SOURCE,
        _claim("ok"),
        _claim("bad-quote", evidence=[{"source": SEED0, "quote": "The three professors could be freed"}]),
        _claim("dangling", about=["agreement:nowhere"]),
    ]
    path = _write(tmp_path / "claims.json", json.dumps(records, indent=2))  # a pretty-printed array
    result = runner.invoke(
        app,
        [
            "validate",
            str(path),
            "--texts",
            str(TEXTS),
            "--ignore",
            "PT901",
            "--emit-valid",
            str(tmp_path / "v.jsonl"),
            "--emit-invalid",
            str(tmp_path / "i.jsonl"),
        ],
    )
    assert result.exit_code == 1
    assert "2 records passed" in result.stderr
    assert (tmp_path / "v.jsonl").read_text(encoding="utf-8") == "".join(
        json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n" for r in records[:2]
    )
    entries = [json.loads(x) for x in (tmp_path / "i.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["index"], e["record"]["id"]) for e in entries] == [(2, "claim:bad-quote"), (3, "claim:dangling")]
    [quote], [reference] = entries[0]["findings"], entries[1]["findings"]
    assert quote["code"] == "PT310"
    assert quote["pointer"] == "/evidence/0/quote"  # inside the record, not /1/evidence/0/quote
    assert quote["suggestion"] == "The two professors could be freed"
    assert quote["got"] == "The three professors could be freed"
    assert (reference["code"], reference["pointer"]) == ("PT301", "/about/0")
    id_line = path.read_text(encoding="utf-8").splitlines().index('    "id": "claim:bad-quote",') + 1
    assert entries[0]["line"] == id_line - 2  # where the record starts in the file: its '{'


def test_whole_documents_and_envelopes(tmp_path: Path) -> None:
    record = _claim("single", notes="1.50 stays \\u00e9")
    single = _write(tmp_path / "a.json", json.dumps(record, indent=4))
    envelope = _write(tmp_path / "b.json", json.dumps({"schema_version": "1.2", "records": [_claim("e1"), {"x": 1}]}))
    report, inputs = validate_run([single, envelope], Options(ignore=frozenset({"PT901"})))
    kinds = [kind for kind, _ in split_lines(inputs, report)]
    assert kinds == [VALID, VALID, INVALID]
    lines = [line for _, line in split_lines(inputs, report)]
    assert json.loads(lines[0]) == record
    assert json.loads(lines[2])["record"] == {"x": 1}


def test_a_file_that_is_not_json_goes_to_the_invalid_file_whole(tmp_path: Path) -> None:
    broken = _write(tmp_path / "broken.json", '[{"record_type": "claim",}]')
    report, inputs = validate_run([broken], Options())
    [(kind, line)] = list(split_lines(inputs, report))
    entry = json.loads(line)
    assert kind == FILE_PROBLEM
    assert entry["raw"] == '[{"record_type": "claim",}]'
    assert [f["code"] for f in entry["findings"]] == ["PT102"]


def test_a_line_that_is_not_json_goes_to_the_invalid_file_as_raw_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.jsonl", json.dumps(_claim("a")) + "\nnot json at all\n")
    result = runner.invoke(app, ["validate", str(path), "--emit-invalid", str(tmp_path / "i.jsonl"), "-q"])
    assert result.exit_code == 3
    [entry] = [json.loads(x) for x in (tmp_path / "i.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (entry["index"], entry["line"], entry["raw"]) == (1, 2, "not json at all")
    assert entry["findings"][0]["code"] == "PT102"
    report, inputs = validate_run([path], Options())
    assert [kind for kind, _ in split_lines(inputs, report)] == [VALID, UNPARSED_TEXT]


def test_strict_makes_records_with_warnings_invalid(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.jsonl", json.dumps(_claim("no-evidence")) + "\n")
    report, inputs = validate_run([path], Options())
    assert [kind for kind, _ in split_lines(inputs, report)] == [VALID]
    report, inputs = validate_run([path], Options(strict=True))
    assert [kind for kind, _ in split_lines(inputs, report)] == [INVALID]


def test_nothing_is_written_when_a_file_cannot_be_written(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.jsonl", json.dumps(_claim("a")) + "\n" + json.dumps({"x": 1}) + "\n")
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    result = runner.invoke(
        app,
        ["validate", str(path), "--emit-valid", str(tmp_path / "v.jsonl"), "--emit-invalid", str(blocked)],
    )
    assert result.exit_code == 3
    assert "cannot write" in result.stderr
    assert not (tmp_path / "v.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked", "r.jsonl"]


def test_the_split_does_not_depend_on_worker_processes(tmp_path: Path) -> None:
    lines = [json.dumps(SOURCE)] + [_line(kind, number)[0] for number, kind in enumerate(KINDS * 3)]
    path = _write(tmp_path / "r.jsonl", "".join(line + "\n" for line in lines))
    args = ["validate", str(path), "--texts", str(TEXTS), "--ignore", "PT901", "-q"]
    runner.invoke(app, [*args, "--emit-valid", str(tmp_path / "v1"), "--emit-invalid", str(tmp_path / "i1")])
    runner.invoke(app, [*args, "-j", "2", "--emit-valid", str(tmp_path / "v2"), "--emit-invalid", str(tmp_path / "i2")])
    assert (tmp_path / "v1").read_bytes() == (tmp_path / "v2").read_bytes()
    assert (tmp_path / "i1").read_bytes() == (tmp_path / "i2").read_bytes()
    assert len((tmp_path / "v1").read_text().splitlines()) + len((tmp_path / "i1").read_text().splitlines()) == len(
        lines
    )


def test_llm_profile_records_are_written_as_given_and_bad_lines_keep_their_text(tmp_path: Path) -> None:
    with_nulls = _claim("nulls", date=None, attribution=None)
    lines = [json.dumps(SOURCE), json.dumps(with_nulls), "{not json", json.dumps(_claim("bad", stance="maybe"))]
    path = _write(tmp_path / "out.jsonl", "".join(line + "\n" for line in lines))
    report, inputs = validate_run([path], Options(profile="llm", ignore=frozenset({"PT901"})))
    split = list(split_lines(inputs, report))
    assert [kind for kind, _ in split] == [VALID, VALID, UNPARSED_TEXT, INVALID]
    assert json.loads(split[1][1]) == with_nulls  # the nulls the profile drops before validating are kept
    assert json.loads(split[2][1])["raw"] == "{not json"
    assert json.loads(split[3][1])["findings"][0]["pointer"] == "/stance"


def test_llm_extraction_result_with_an_ungrounded_quote(tmp_path: Path) -> None:
    good = _claim("said", evidence=[{"source": SEED0, "quote": "The two professors could be freed"}], date=None)
    bad = _claim("invented", evidence=[{"source": SEED0, "quote": "The two professors were freed on Monday"}])
    result = {"document": SOURCE, "records": [good, bad]}
    path = _write(tmp_path / "result.json", json.dumps(result, indent=2))
    options = Options(profile="llm", ignore=frozenset({"PT901"}), grounding=Grounding(TEXTS, require_texts=True))
    report, inputs = validate_run([path], options)
    split = [(kind, json.loads(line)) for kind, line in split_lines(inputs, report)]
    assert [kind for kind, _ in split] == [VALID, VALID, INVALID]
    assert split[1][1] == good
    entry = split[2][1]
    assert entry["record"] == bad
    assert [(f["code"], f["pointer"]) for f in entry["findings"]] == [("PT310", "/evidence/0/quote")]
