"""The records the cross-record checks report are read again from where they lie in their input (`Spans`), and
give exactly what reading the whole input again gives."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import pytest

from peace_talks_model import loader, validate_paths
from peace_talks_model.loader import LoadedRecord, LoadProblem, load_file, load_text
from peace_talks_model.validation import Input, Options, validate_partition

ACTOR = {"record_type": "actor", "schema_version": "1.5", "kind": "person", "name": "A"}


def _line(number: int, **extra: object) -> str:
    return json.dumps({**ACTOR, "id": f"actor:a{number}", **extra}, ensure_ascii=False)


def _awkward_jsonl() -> bytes:
    """A byte-order mark, CRLF and LF line ends, blank lines, non-ASCII text, a line that is not JSON."""
    lines = [_line(0), _line(1, name="Ḫaǧǧī"), "", "  ", _line(2), "{not json", _line(3, notes="\u2028 inside")]
    return b"\xef\xbb\xbf" + "\r\n".join(lines[:4]).encode() + b"\n" + "\n".join(lines[4:]).encode() + b"\n"


def _records(items: Iterable[LoadedRecord | LoadProblem]) -> list[LoadedRecord]:
    return [item for item in items if isinstance(item, LoadedRecord)]


def test_a_jsonl_files_records_read_from_their_spans_are_the_ones_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(_awkward_jsonl())
    partial = validate_partition([path])
    spans = partial.spans[0]
    whole = _records(load_file(path))
    assert len(spans.table) == 4 * len(whole) == 20
    again = spans.read(partial.inputs[0], range(len(whole)))
    assert again is not None
    assert list(again) == whole  # file, index, line, bytes (BOM left out), offset
    some = spans.read(partial.inputs[0], {3, 1})
    assert some is not None
    assert [(r.index, r.raw) for r in some] == [(1, whole[1].raw), (3, whole[3].raw)]


def test_standard_input_is_read_again_from_its_bytes() -> None:
    raw = _awkward_jsonl()
    source = Input("<stdin>", raw=raw, jsonl=True)
    partial = validate_partition([source])
    again = partial.spans[0].read(source, range(5))
    assert again is not None
    assert list(again) == _records(load_text("<stdin>", raw, jsonl=True))


def test_a_file_changed_since_it_was_read_is_read_whole_again(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(_line(0) + "\n" + _line(1) + "\n", encoding="utf-8")
    partial = validate_partition([path])
    stat = path.stat()
    path.write_text(_line(0) + "\n" + _line(11) + "\n", encoding="utf-8")  # one byte longer
    assert partial.spans[0].read(partial.inputs[0], [1]) is None
    path.write_text(_line(0) + "\n" + _line(2) + "\n", encoding="utf-8")  # same size, touched
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert partial.spans[0].read(partial.inputs[0], [1]) is None


def test_an_arrays_elements_read_from_their_spans_are_the_ones_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "CHUNK", 4096)  # the streamed reader's chunks: many of them
    # a byte-order mark, non-ASCII text before and inside elements, white space and line breaks between them, and
    # more than one chunk of the streamed reader (the buffer drops what it has read: offsets must stay right)
    elements = [json.loads(_line(n, name=f"Ḫaǧǧī {n} " + "ü" * (n % 97))) for n in range(3000)]
    text = "[\n  " + ",\n\t ".join(json.dumps(e, ensure_ascii=False) for e in elements) + "\r\n]\n"
    path = tmp_path / "records.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert path.stat().st_size > 100 * loader.CHUNK
    partial = validate_partition([path])
    whole = _records(load_file(path))
    spans = partial.spans[0]
    assert spans.elements is True
    assert len(spans.table) == 4 * len(whole) == 4 * 3000
    again = spans.read(partial.inputs[0], range(len(whole)))
    assert again is not None
    assert list(again) == whole  # pointer '/n', line, column, bytes, offset
    assert all(json.loads(r.raw or b"") == e for r, e in zip(whole, elements, strict=True))


def test_inputs_without_a_span_per_record_keep_none(tmp_path: Path) -> None:
    document = tmp_path / "record.json"
    document.write_text(_line(0), encoding="utf-8")
    envelope = tmp_path / "envelope.json"
    envelope.write_text(json.dumps({"records": [json.loads(_line(1))]}), encoding="utf-8")
    memory = Input("memory", records=(json.loads(_line(5)),))
    assert validate_partition([document, envelope, memory]).spans == {}


def test_reports_are_the_same_with_and_without_spans(tmp_path: Path) -> None:
    # a reference to a later record that does not exist and a duplicate id: both reported from records read again
    lines = [
        _line(0),
        _line(1),
        _line(0, name="again"),
        _line(2, relations=[{"type": "member_of", "target": "actor:x"}]),
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with_spans = validate_paths([path])
    envelope = tmp_path / "records.json"  # the same records where there are no spans
    envelope.write_text('{"records": [\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")
    without = validate_paths([envelope], Options())
    codes = [(f.code, f.record_index, f.path) for f in with_spans.findings]
    assert codes == [(f.code, f.record_index, f.path) for f in without.findings]
    assert {c for c, _, _ in codes} >= {"PT301", "PT302"}


def test_an_array_on_standard_input_is_read_again_from_its_bytes() -> None:
    elements = [json.loads(_line(n, name=f"Ḫaǧǧī {n}")) for n in range(40)]
    raw = b"\xef\xbb\xbf[\n " + ",\r\n ".join(json.dumps(e, ensure_ascii=False) for e in elements).encode() + b"]"
    source = Input("<stdin>", raw=raw)
    partial = validate_partition([source])
    spans = partial.spans[0]
    assert spans.elements is True
    again = spans.read(source, range(40))
    assert again is not None
    assert list(again) == _records(load_text("<stdin>", raw, jsonl=None))
