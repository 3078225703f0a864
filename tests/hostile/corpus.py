"""The hostile-input corpus: bad files of every kind, each with the outcome `peace-talks validate` must give.

Each `Case` names the input file (its suffix matters: `.json` or `.jsonl`), its bytes (or a function writing a
large input into a folder), and the expected exit status, finding code and message fragment. `tests/test_hostile.py`
runs every case next to a good file (which must still be validated), checks that no traceback is printed, that the
input is unchanged, and, for the large inputs, the time and peak memory of the process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ACTOR = {
    "record_type": "actor",
    "id": "actor:x",
    "schema_version": "1.0",
    "name": "X",
    "kind": "person",
    "identifiers": [{"scheme": "wikidata", "value": "Q1"}],
}
GOOD = json.dumps(ACTOR)
SECOND = json.dumps({**ACTOR, "id": "actor:y"})


@dataclass(frozen=True)
class Case:
    """One hostile input and what validating it must give."""

    name: str
    file: str
    content: bytes | Callable[[Path], None]
    exit: int
    code: str | None
    message: str
    #: a large input: run in a subprocess with its time and peak memory measured
    large: bool = False


def _deep_array(path: Path) -> None:
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)


def _huge_string(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({**ACTOR, "name": "x" * 200_000_000}) + "\n")


def _million(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for index in range(1_000_000):
            out.write(("," if index else "") + json.dumps({**ACTOR, "id": f"actor:a{index}"}))
        out.write("]")


CASES: tuple[Case, ...] = (
    # -- empty, encodings, bytes that are not text ---------------------------------------------------------
    Case("empty", "empty.json", b"", 3, "PT104", "the input is empty"),
    Case("whitespace", "blank.json", b" \n\t\r\n ", 3, "PT104", "the input is empty"),
    Case("utf8-bom", "bom.json", b"\xef\xbb\xbf" + GOOD.encode(), 0, None, ""),
    Case("utf16-bom", "utf16.json", GOOD.encode("utf-16"), 3, "PT101", "UTF-16, not UTF-8"),
    Case("utf16-le-no-bom", "utf16le.json", GOOD.encode("utf-16-le"), 3, "PT101", "UTF-16, not UTF-8"),
    Case("utf16-be-no-bom", "utf16be.json", GOOD.encode("utf-16-be"), 3, "PT101", "UTF-16, not UTF-8"),
    Case("invalid-utf8", "latin1.json", GOOD.replace('"X"', '"Xé"').encode("latin-1"), 3, "PT101", "not UTF-8"),
    Case("nul-byte", "nul.json", GOOD.replace('"X"', '"X\x00"').encode(), 3, "PT102", "control character"),
    Case("binary-garbage", "garbage.json", bytes(range(256)) * 4, 3, "PT101", "not UTF-8"),
    Case("binary-high-bytes", "high.json", bytes(range(128, 256)) * 4, 3, "PT101", "not UTF-8"),
    # -- broken JSON ------------------------------------------------------------------------------------------
    Case("truncated", "cut.json", GOOD[:-7].encode(), 3, "PT102", "cut short"),
    Case("truncated-array", "cut-array.json", f"[{GOOD},".encode(), 3, "PT102", "cut short"),
    Case(
        "trailing-comma",
        "comma.json",
        GOOD.replace('"kind"', '"kind"').replace("}]}", "}],}").encode(),
        3,
        "PT102",
        "trailing comma",
    ),
    Case("line-comment", "comment.json", b"// records\n" + GOOD.encode(), 3, "PT102", "comments are not allowed"),
    Case("block-comment", "block.json", b"/* records */" + GOOD.encode(), 3, "PT102", "comments are not allowed"),
    Case("single-quotes", "quotes.json", GOOD.replace('"', "'").encode(), 3, "PT102", "double quotes"),
    Case("nan", "nan.json", GOOD.replace('"X"', "NaN").encode(), 3, "PT102", "NaN is not a JSON number"),
    Case("infinity", "inf.json", GOOD.replace('"X"', "Infinity").encode(), 3, "PT102", "Infinity is not"),
    Case("minus-infinity", "ninf.json", GOOD.replace('"X"', "-Infinity").encode(), 3, "PT102", "-Infinity is not"),
    Case("beyond-double", "big.json", GOOD.replace('"X"', "1e400").encode(), 3, "PT102", "beyond the range"),
    Case("beyond-double-jsonl", "big.jsonl", (GOOD.replace('"X"', "-2e308") + "\n").encode(), 3, "PT102", "beyond"),
    Case("huge-integer", "digits.json", GOOD.replace('"X"', "9" * 100_000).encode(), 3, "PT102", "digits"),
    Case(
        "huge-integer-jsonl", "digits.jsonl", (GOOD.replace('"X"', "9" * 100_000) + "\n").encode(), 3, "PT102", "digits"
    ),
    Case(
        "duplicate-key",
        "dup.json",
        GOOD.replace('"kind"', '"name": "Y", "kind"').encode(),
        3,
        "PT103",
        "duplicate key 'name'",
    ),
    Case(
        "duplicate-key-nested",
        "dup-nested.json",
        GOOD.replace('"value": "Q1"', '"value": "Q1", "value": "Q2"').encode(),
        3,
        "PT103",
        "at /identifiers/0/value",
    ),
    Case(
        "duplicate-key-jsonl",
        "dup.jsonl",
        (GOOD.replace('"kind"', '"kind": "group", "kind"') + "\n").encode(),
        3,
        "PT103",
        "duplicate key 'kind'",
    ),
    Case("lone-surrogate", "surrogate.json", GOOD.replace('"X"', '"X\\ud800"').encode(), 3, "PT102", "lone surrogate"),
    Case(
        "lone-low-surrogate-jsonl",
        "surrogate.jsonl",
        (GOOD.replace('"X"', '"\\udc00X"') + "\n").encode(),
        3,
        "PT102",
        "lone surrogate",
    ),
    Case("control-character", "tab.json", GOOD.replace('"X"', '"X\tY"').encode(), 3, "PT102", "control character"),
    Case("deep-nesting", "deep.json", _deep_array, 3, "PT102", "nests too deeply", large=True),
    Case(
        "deep-object-jsonl",
        "deep.jsonl",
        (b'{"a":' * 100_000) + b"1" + b"}" * 100_000 + b"\n",
        3,
        "PT102",
        "nests too deeply",
    ),
    Case("not-an-object", "number.json", b"42", 1, "PT106", "must be a JSON object"),
    Case("array-of-strings", "strings.json", b'["actor:x", "actor:y"]', 1, "PT106", "must be a JSON object"),
    # -- size -------------------------------------------------------------------------------------------------
    Case("200-mb-string", "long.jsonl", _huge_string, 0, None, "", large=True),
    Case("million-records", "million.json", _million, 0, None, "", large=True),
    # -- JSONL ------------------------------------------------------------------------------------------------
    Case("jsonl-blank-lines", "blank-lines.jsonl", f"\n{GOOD}\n\n  \n{SECOND}\n\n".encode(), 0, None, ""),
    Case("jsonl-crlf", "crlf.jsonl", f"{GOOD}\r\n{SECOND}\r\n".encode(), 0, None, ""),
    Case("jsonl-bom", "bom.jsonl", f"\ufeff{GOOD}\n{SECOND}\n".encode(), 0, None, ""),
    Case("jsonl-no-final-newline", "last.jsonl", f"{GOOD}\n{SECOND}".encode(), 0, None, ""),
    Case(
        "jsonl-one-broken-line",
        "broken-line.jsonl",
        f"{GOOD}\n{{broken\n{SECOND}\n".encode(),
        3,
        "PT102",
        "invalid JSON",
    ),
    Case(
        "json-that-is-jsonl",
        "lines.json",
        f"{GOOD}\n{SECOND}\n".encode(),
        3,
        "PT102",
        "a .jsonl file with one per line",
    ),
    Case("jsonl-that-is-json", "array.jsonl", json.dumps([ACTOR], indent=2).encode(), 3, "PT102", "invalid JSON"),
    # -- keys and ids -----------------------------------------------------------------------------------------
    Case(
        "proto-key",
        "proto.json",
        GOOD.replace('"kind"', '"__proto__": {"admin": true}, "kind"').encode(),
        1,
        "PT112",
        "unknown field '__proto__'",
    ),
    Case(
        "constructor-key",
        "constructor.json",
        GOOD.replace('"kind"', '"constructor": {}, "kind"').encode(),
        1,
        "PT112",
        "unknown field 'constructor'",
    ),
    Case("id-nfd", "nfd.json", GOOD.replace("actor:x", "actor:cafe\u0301").encode(), 1, "PT202", "not an actor id"),
    Case(
        "id-lookalike", "cyrillic.json", GOOD.replace("actor:x", "actor:\u0445").encode(), 1, "PT202", "not an actor id"
    ),
    Case(
        "envelope-unknown-key",
        "envelope.json",
        json.dumps({"records": [ACTOR], "__proto__": 1}).encode(),
        1,
        "PT105",
        "unknown key '__proto__'",
    ),
)
