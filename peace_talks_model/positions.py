"""Source positions in JSON text: where each value, and each object key, of a JSON document starts.

`source_map(text)` returns, for every JSON Pointer in the document, the offset of the value and (for object
members) of its key; `LineIndex` turns offsets into 1-based line and column numbers (columns count Unicode
characters). The map is computed only for documents that have findings, so valid input costs nothing.

We keep this small scanner rather than depending on `json-source-map` (the one library for the job): that
library reports escaped keys un-decoded in its pointers (`/a\\"b` for the key `a"b`) and maps about 0.7 MB/s,
while this scanner decodes keys with the standard library and is iterative (no recursion limit on nesting).
It expects text that `json.loads` has already accepted.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")


@dataclass(frozen=True, slots=True)
class Span:
    """Where a value starts in the text, and where its key starts when it is an object member."""

    value: int
    key: int | None = None


def escape_pointer_token(token: str) -> str:
    """Escape one JSON Pointer reference token (RFC 6901: '~' -> '~0', '/' -> '~1')."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(parts: tuple[int | str, ...] | list[int | str]) -> str:
    """The JSON Pointer of a path of keys and indexes."""
    return "".join("/" + escape_pointer_token(str(p)) for p in parts)


def source_map(text: str, start: int = 0, duplicates: list[tuple[str, int]] | None = None) -> dict[str, Span]:
    """Map every JSON Pointer of the value that starts at `start` (after whitespace) to its `Span`; keys met a
    second time in one object are appended to `duplicates` as (pointer, offset of the key)."""
    result: dict[str, Span] = {}
    # each frame: [is_object, pointer of the container, index of the current element]
    stack: list[list[object]] = []
    i = _WS.match(text, start).end()  # type: ignore[union-attr]
    current, key_at = "", None
    while True:
        # a value starts at i
        if duplicates is not None and key_at is not None and current in result:
            duplicates.append((current, key_at))
        result[current] = Span(i, key_at)
        char = text[i]
        if char in "{[":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] in "}]":
                i += 1
            else:
                stack.append([char == "{", current, 0])
                if char == "{":
                    current, key_at, i = _read_key(text, i, current)
                else:
                    current, key_at = current + "/0", None
                continue
        elif char == '"':
            i = _STRING.match(text, i).end()  # type: ignore[union-attr]
        else:
            i = _SCALAR.match(text, i).end()  # type: ignore[union-attr]
        # the value is complete: move to the next element, closing containers as they end
        while True:
            if not stack:
                return result
            i = _WS.match(text, i).end()  # type: ignore[union-attr]
            frame = stack[-1]
            if text[i] == ",":
                i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
                base = str(frame[1])
                if frame[0]:
                    current, key_at, i = _read_key(text, i, base)
                else:
                    index = int(str(frame[2])) + 1
                    frame[2] = index
                    current, key_at = f"{base}/{index}", None
                break
            i += 1  # '}' or ']'
            stack.pop()


def _read_key(text: str, i: int, base: str) -> tuple[str, int, int]:
    match = _STRING.match(text, i)
    assert match is not None
    key = json.loads(match.group())
    after = _WS.match(text, match.end()).end()  # type: ignore[union-attr]
    value_at = _WS.match(text, after + 1).end()  # type: ignore[union-attr]  # skip ':'
    return f"{base}/{escape_pointer_token(key)}", i, value_at


class LineIndex:
    """Turns character offsets of one text into 1-based (line, column) pairs."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        at = find("\n")
        while at != -1:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self._starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of `offset`."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


_SKIP = json.JSONDecoder()


def locate_path(text: str, parts: tuple[int | str, ...], start: int = 0) -> tuple[Span, int]:
    """The `Span` of the value at `parts` (keys and indexes) inside the JSON value starting at `start`, or of
    its deepest existing ancestor, and how many parts were found. Only the containers along the path are read
    key by key; the values beside it are skipped by the standard library's C scanner, so this is much faster
    than `source_map` for one position in a large record. Expects text `json.loads` has accepted."""
    i = _WS.match(text, start).end()  # type: ignore[union-attr]
    span = Span(i)
    found = 0
    for part in parts:
        char = text[i : i + 1]
        if char == "{":
            j = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            target = None
            while text[j : j + 1] == '"':
                match = _STRING.match(text, j)
                if match is None:
                    break
                key = json.loads(match.group())
                value_at = _WS.match(text, _WS.match(text, match.end()).end() + 1).end()  # type: ignore[union-attr]
                if key == str(part):
                    target = Span(value_at, j)
                    break
                _, end = _SKIP.raw_decode(text, value_at)
                j = _WS.match(text, end).end()  # type: ignore[union-attr]
                if text[j : j + 1] == ",":
                    j = _WS.match(text, j + 1).end()  # type: ignore[union-attr]
            if target is None:
                break
            span, i = target, target.value
        elif char == "[" and (isinstance(part, int) or (part.isascii() and part.isdigit() and str(int(part)) == part)):
            wanted = int(part)
            j = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            position = 0
            while text[j : j + 1] not in ("]", "") and position < wanted:
                _, end = _SKIP.raw_decode(text, j)
                j = _WS.match(text, end).end()  # type: ignore[union-attr]
                if text[j : j + 1] == ",":
                    j = _WS.match(text, j + 1).end()  # type: ignore[union-attr]
                position += 1
            if text[j : j + 1] in ("]", ""):
                break
            span, i = Span(j), j
        else:
            break
        found += 1
    return span, found
