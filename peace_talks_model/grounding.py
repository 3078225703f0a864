"""Grounding: every evidence quote a record cites occurs in the text of its source.

A language model that extracts records from news can invent a quote, and no schema can see it. Given the texts
of the sources, `ground_record` checks, for one valid record:

- every `Evidence` (anywhere in the record): its quote occurs in its source's text under `normalise` (NFC,
  typographic quotes, dashes and the ellipsis folded to ASCII, invisible characters dropped, whitespace runs
  collapsed; case is never folded), and its `start`/`end`, when given, select the quote in the raw text (offsets
  are Unicode code points of the text as stored, as `Evidence` says; the selected passage must equal the quote
  under the same normalisation);
- every name recorded as observed in a source (`Name.kind` `observed_misspelling` or `observed_wrong_name`)
  occurs in the text of one of the name's evidence sources;
- on a `Source` record: each `text_defects` passage occurs in the source's own text (at `start` when given), and
  the text's SHA-256 equals `text_sha256` when the record declares one.

The text defects a `Source` record declares are allowed for in the quotes that cite it (`declared_places`):
under `nonstandard_whitespace` zero-width spaces are read as spaces, under `mixed_quotes` single and double
quotation marks are one mark, under `fused_lines` spacing may differ inside the declared passage; a quote not found
names the declared defect its nearest passage overlaps. A source declaring none is grounded as before.

Texts come from a directory (`Grounding.directory`: `<local part of the source id>.txt`, or the paths listed in
its `manifest.tsv`) known before the run, so quotes of sources found there are checked in the record stage,
where the record is in hand (and in the worker processes with `--jobs`). A source whose text is only declared by
its `Source` record (`text_path`, relative to the record's file) is known only once that record has been read:
quotes citing it are kept as small `Target`s in `GroundFacts` (never whole records) and checked after the record
stage by `resolve_pending`; only the records with problems are read again to place the findings. The same holds
for the text defects a source declares: a quote not found in the record stage is reported there and kept, and
checked again after it when its source turns out to declare defects that match it or that overlap the passage its
finding shows (`Resolved.withdrawn`).

A quote that is not found gets the nearest passage of the text and its similarity (`difflib.SequenceMatcher`
ratio on candidate windows found through the text's rarest words shared with the quote; bounded work per miss):
at or above `PARAPHRASE_RATIO` the message says "paraphrased?", below it "not in the text"; a quote that occurs
with other capitalisation, or that joins two passages that are not adjacent, is said to be so. Texts are read,
hashed and normalised once per process and kept in a small LRU cache keyed by path, size and modification time.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TypeVar

from peace_talks_model.introspect import walk
from peace_talks_model.models import Evidence, Record, Source
from peace_talks_model.models.actor import Name, NameKind
from peace_talks_model.models.ids import is_id, local_part
from peace_talks_model.models.source import TextDefect, TextDefectKind

FieldPath = tuple[int | str, ...]
_T = TypeVar("_T")

# -- normalisation -----------------------------------------------------------------------------------------

#: Characters folded before matching: typographic quotes to ASCII quotes, dashes and minus signs to '-', the
#: ellipsis to '...', and invisible characters (soft hyphen, zero-width space/joiners, word joiner, BOM) dropped.
FOLDS: dict[int, str | None] = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u02bc\uff07"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02"), '"'),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"),
    ord("\u2026"): "...",
    **dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None),
}
_TABLE = str.maketrans(FOLDS)
_REPLACEMENTS = {chr(c): v or "" for c, v in FOLDS.items()}
_FOLDABLE = re.compile("[" + "".join(_REPLACEMENTS) + "]")
_ONE_TO_ONE = re.compile("[" + "".join(c for c, v in _REPLACEMENTS.items() if len(v) == 1) + "]")
_WORD = re.compile(r"\w+")


def _fold(text: str, pattern: re.Pattern[str] = _FOLDABLE) -> str:
    return pattern.sub(lambda match: _REPLACEMENTS[match.group()], text)


def normalise(text: str) -> str:
    """The form texts and quotes are compared in: NFC, `FOLDS` applied, every run of whitespace (as
    `str.isspace` defines it) collapsed to one space. Case is kept."""
    folded = _fold(unicodedata.normalize("NFC", text))
    collapsed = " ".join(folded.split())  # str.split() splits at runs of str.isspace characters
    if not collapsed:
        return " " if folded else ""
    return (" " if folded[0].isspace() else "") + collapsed + (" " if folded[-1].isspace() else "")


def normalise_quote(quote: str) -> str:
    """A quote in the form it is searched for: `normalise`d, without leading or trailing whitespace."""
    return normalise(quote).strip(" ")


def _nfc_segments(raw: str) -> list[tuple[int, int, str]]:
    """Split `raw` into (start, end, NFC form) pieces whose NFC forms, joined, are the NFC form of `raw`."""
    if unicodedata.is_normalized("NFC", raw):
        return [(i, i + 1, c) for i, c in enumerate(raw)]
    segments: list[tuple[int, int, str]] = []
    start = 0
    for i in range(1, len(raw) + 1):
        if i < len(raw):
            char = raw[i]
            piece = raw[start:i]
            if unicodedata.normalize("NFC", piece + char) != unicodedata.normalize(
                "NFC", piece
            ) + unicodedata.normalize("NFC", char):
                continue  # the character composes or reorders with what precedes it
        segments.append((start, i, unicodedata.normalize("NFC", raw[start:i])))
        start = i
    if "".join(s for _, _, s in segments) != unicodedata.normalize("NFC", raw):
        return [(0, len(raw), unicodedata.normalize("NFC", raw))]  # never seen; keeps the map consistent
    return segments


_DROPPED = "".join(chr(c) for c, v in FOLDS.items() if v is None)
_EXPANDED = "".join(chr(c) for c, v in FOLDS.items() if v is not None and len(v) != 1)
#: What changes length under `normalise` in NFC text: runs of whitespace (with invisible characters among them),
#: runs of invisible characters, characters folded to several.
_SPECIAL = re.compile(
    rf"(?P<space> [\s{_DROPPED}]*\s|[^\S ](?:[\s{_DROPPED}]*\s)?)|(?P<drop>[{_DROPPED}]+)|(?P<expand>[{_EXPANDED}])"
)


def offset_map(raw: str) -> tuple[str, list[int], list[int]]:
    """`normalise(raw)` and, for each of its characters, the start and end offsets in `raw` of the characters it
    comes from (a collapsed run of whitespace covers the whole run). Text in NFC (nearly all text) is mapped a
    stretch at a time; other text a character at a time (`offset_map_by_character`)."""
    if not unicodedata.is_normalized("NFC", raw):
        return offset_map_by_character(raw)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    folded = _fold(raw, _ONE_TO_ONE)
    for match in _SPECIAL.finditer(raw):
        start, end = match.span()
        if start > done:  # characters folded one to one, or kept
            out.append(folded[done:start])
            starts.extend(range(done, start))
            ends.extend(range(done + 1, start + 1))
        if match.lastgroup == "space":
            out.append(" ")
            starts.append(start)
            ends.append(end)
        elif match.lastgroup == "expand":
            expanded = _REPLACEMENTS[match.group()]
            out.append(expanded)
            starts.extend([start] * len(expanded))
            ends.extend([end] * len(expanded))
        done = end
    if done < len(raw):
        out.append(folded[done:])
        starts.extend(range(done, len(raw)))
        ends.extend(range(done + 1, len(raw) + 1))
    return "".join(out), starts, ends


def _changes(raw: str) -> list[tuple[int, int, int, int]]:
    """For text in NFC: (start in the normalised text, length there, raw start, raw end) of every stretch whose
    length `normalise` changes; between them, normalised and raw offsets differ by a constant."""
    changes: list[tuple[int, int, int, int]] = []
    shift = 0
    for match in _SPECIAL.finditer(raw):
        start, end = match.span()
        kind = match.lastgroup
        length = 1 if kind == "space" else len(_REPLACEMENTS[match.group()]) if kind == "expand" else 0
        changes.append((start - shift, length, start, end))
        shift += end - start - length
    return changes


def offset_map_by_character(raw: str) -> tuple[str, list[int], list[int]]:
    """`offset_map` computed a character (or a piece that NFC composes) at a time: for any text."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    in_space = False
    for start, end, piece in _nfc_segments(raw):
        for char in piece.translate(_TABLE):
            if char.isspace():
                if in_space:
                    ends[-1] = end
                    continue
                char, in_space = " ", True  # noqa: PLW2901
            else:
                in_space = False
            out.append(char)
            starts.append(start)
            ends.append(end)
    return "".join(out), starts, ends


# -- text defects a source declares ------------------------------------------------------------------------

NONSTANDARD_WHITESPACE = TextDefectKind.nonstandard_whitespace.value
MIXED_QUOTES = TextDefectKind.mixed_quotes.value
FUSED_LINES = TextDefectKind.fused_lines.value
#: The declared defect kinds that change how a quote is matched (the others only explain a near miss).
MATCHING_KINDS = frozenset({NONSTANDARD_WHITESPACE, MIXED_QUOTES, FUSED_LINES})

#: Zero-width spaces: dropped by `normalise` ('peace\u200btalks' is 'peacetalks'); read as a plain space in the
#: text of a source declaring `nonstandard_whitespace` (no-break, thin and doubled spaces are plain spaces under
#: `normalise` in every text).
ZERO_WIDTH_SPACES = "\u200b\u2060\ufeff"
#: Quotation marks and apostrophes: single and double, straight and typographic, and the grave and acute accents
#: typed for an apostrophe. `normalise` folds typographic marks to straight ones in every text; in the text of a
#: source declaring `mixed_quotes` all of them are one mark, so a quote's single and double marks match either.
QUOTE_MARKS = "'\"`\u00b4" + "".join(chr(c) for c, v in FOLDS.items() if v in ("'", '"'))


@lru_cache(maxsize=4)
def declared_table(spaces: bool, quotes: bool) -> dict[int, str]:
    """The one-to-one character map (`str.translate`) applied to a text and a quote, before `normalise`, for a
    source declaring `nonstandard_whitespace` (`spaces`) and/or `mixed_quotes` (`quotes`). Every character maps to
    one character, so offsets in the mapped text are offsets in the text."""
    table: dict[int, str] = {}
    if spaces:
        table.update(dict.fromkeys(map(ord, ZERO_WIDTH_SPACES), " "))
    if quotes:
        table.update(dict.fromkeys(map(ord, QUOTE_MARKS), "'"))
    return table


@dataclass(frozen=True, slots=True)
class Declared:
    """A text defect a `Source` record declares, as grounding uses it: its kind, its passage (verbatim, and its
    offset when given) and the correction, if any."""

    kind: str
    quote: str
    start: int | None = None
    correction: str | None = None


def declared(defects: list[TextDefect]) -> tuple[Declared, ...]:
    """The text defects of a `Source` record, as grounding keeps them."""
    return tuple(Declared(d.kind.value, d.quote, d.start, d.correction) for d in defects)


# -- one source text ---------------------------------------------------------------------------------------

#: Similarity (difflib ratio) at or above which a quote that is not found is reported as "paraphrased?".
PARAPHRASE_RATIO = 0.75
#: The rarest quote words used to place candidate windows, the occurrences of each word used, and the candidate
#: windows compared in full: together they bound the work of one miss.
RARE_WORDS = 12
OCCURRENCES_PER_WORD = 64
CANDIDATES = 4
#: A quote of at most this many words that shares no word with the text (a misspelt name) is compared with every
#: window of the text of its length.
SHORT_WORDS = 4
#: Parts of a spliced quote must each have at least this many words.
SPLICE_MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage of a source text: its raw offsets, its raw text, and its similarity to what was looked for."""

    start: int
    end: int
    text: str
    ratio: float = 1.0


class SourceText:
    """The text of one source: raw (as stored, offsets count its code points), normalised, its SHA-256 and, built
    on first need, the map from normalised to raw offsets and an index of its words (for the nearest passage)."""

    __slots__ = ("_lower", "_map", "_tokens", "_views", "_words", "norm", "path", "raw", "sha256")

    def __init__(self, raw: str, sha256: str = "", path: str = "") -> None:
        self.raw = raw
        self.sha256 = sha256
        self.path = path
        self.norm = normalise(raw)
        self._map: tuple[list[int], list[int]] | list[tuple[int, int, int, int]] | None = None
        self._tokens: list[tuple[int, int]] | None = None
        self._words: dict[str, list[int]] | None = None
        self._lower: list[str] | None = None
        self._views: dict[tuple[bool, bool], SourceText] | None = None

    def view(self, spaces: bool, quotes: bool) -> SourceText:
        """The text as a source declaring `nonstandard_whitespace` (`spaces`) and/or `mixed_quotes` (`quotes`) is
        read (`declared_table`): a text of the same length, so its offsets are this text's (kept once built)."""
        if not (spaces or quotes):
            return self
        views = self._views if self._views is not None else {}
        self._views = views
        if (spaces, quotes) not in views:
            raw = self.raw.translate(declared_table(spaces, quotes))
            views[(spaces, quotes)] = self if raw == self.raw else SourceText(raw)
        return views[(spaces, quotes)]

    def __len__(self) -> int:
        return len(self.raw)

    def find(self, quote: str) -> int:
        """Where the normalised `quote` starts in the normalised text, or -1."""
        return self.norm.find(quote) if quote else -1

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw offsets of the normalised span [start, end) (as `offset_map` gives them; for text in NFC
        computed from the few stretches whose length normalisation changes, without a map of every character)."""
        if start >= len(self.norm) or end <= start:
            at = self._raw_at(start, False) if start < len(self.norm) else len(self.raw)
            return at, at
        return self._raw_at(start, False), self._raw_at(end - 1, True)

    def _raw_at(self, position: int, end: bool) -> int:
        if self._map is None:
            if unicodedata.is_normalized("NFC", self.raw):
                self._map = _changes(self.raw)
            else:
                _, starts, ends = offset_map_by_character(self.raw)
                self._map = (starts, ends)
        if isinstance(self._map, tuple):
            return self._map[1 if end else 0][position]
        changes = self._map
        at = bisect_right(changes, position, key=lambda change: change[0]) - 1
        if at < 0:
            return position + end
        norm_start, length, raw_start, raw_end = changes[at]
        if position < norm_start + length:
            return raw_end if end else raw_start
        return raw_end + position - norm_start - length + end

    def passage(self, start: int, end: int, ratio: float = 1.0) -> Passage:
        """The raw passage of the normalised span [start, end)."""
        raw_start, raw_end = self.raw_span(start, end)
        return Passage(raw_start, raw_end, self.raw[raw_start:raw_end], ratio)

    def selects(self, start: int, end: int, quote: str) -> bool:
        """True when raw[start:end] is the normalised `quote` under the normalisation."""
        return end <= len(self.raw) and normalise_quote(self.raw[start:end]) == quote

    def occurrences(self, quote: str) -> Iterator[int]:
        """Every normalised offset where `quote` starts."""
        at = self.find(quote)
        while at >= 0:
            yield at
            at = self.norm.find(quote, at + 1)

    def find_ignoring_case(self, quote: str) -> int:
        """Where `quote` occurs when capitalisation is ignored (lower-cased, or simple case folding where lower
        case changes the length), or -1."""
        lowered, quote_lowered = self.norm.lower(), quote.lower()
        if len(lowered) == len(self.norm) and len(quote_lowered) == len(quote):
            return lowered.find(quote_lowered)
        match = re.search(re.escape(quote), self.norm, re.IGNORECASE)
        return match.start() if match else -1

    def _index(self) -> tuple[list[tuple[int, int]], list[str], dict[str, list[int]]]:
        """The words of the normalised text: their spans, lower-cased forms, and where each form occurs."""
        if self._tokens is None or self._lower is None or self._words is None:
            tokens = [m.span() for m in _WORD.finditer(self.norm)]
            lowered = self.norm.lower()
            lower = _WORD.findall(lowered) if len(lowered) == len(self.norm) else []
            if len(lower) != len(tokens):  # lower case changed a length or a word boundary (rare scripts)
                lower = [self.norm[start:end].lower() for start, end in tokens]
            words: dict[str, list[int]] = {}
            for number, word in enumerate(lower):
                words.setdefault(word, []).append(number)
            self._tokens, self._lower, self._words = tokens, lower, words
        return self._tokens, self._lower, self._words

    def nearest(self, quote: str) -> Passage | None:
        """The passage most like the normalised `quote` (None when they share no word and the quote is not
        short). Windows of the quote's length in words are placed where the quote's rarest words occur; the
        best few, compared word by word, are refined by a word more or less at either end; the similarity of
        the best three is measured character by character (difflib's ratio), and the most similar is returned."""
        words = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(quote)]
        if not words:
            return None
        tokens, _, index = self._index()
        if not tokens:
            return None
        present = sorted((len(index[w]), w) for w in {w for w, _, _ in words} if w in index)
        votes: Counter[int] = Counter()
        for _, word in present[:RARE_WORDS]:
            places = [j for j, (w, _, _) in enumerate(words) if w == word]
            for occurrence in index[word][:OCCURRENCES_PER_WORD]:
                for j in places:
                    votes[occurrence - j] += 1
        lead, trail = words[0][1], len(quote) - words[-1][2]

        def window(first: int, count: int) -> tuple[int, int, int]:
            first = min(max(first, 0), len(tokens) - 1)
            last = min(max(first + count - 1, first), len(tokens) - 1)
            return first, max(tokens[first][0] - lead, 0), min(tokens[last][1] + trail, len(self.norm))

        if votes:
            spans = self._by_words([w for w, _, _ in words], votes, window)
        elif len(words) <= SHORT_WORDS:  # a short quote (a name) sharing no word: every window of its length
            spans = [window(first, len(words))[1:] for first in range(len(tokens))]
        else:
            return None
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(quote)
        best_ratio, best_span = -1.0, spans[0]
        for span in spans:
            matcher.set_seq1(self.norm[span[0] : span[1]])
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best_ratio, best_span = ratio, span
        return self.passage(best_span[0], best_span[1], max(best_ratio, 0.0))

    def _by_words(
        self, words: list[str], votes: Counter[int], window: Callable[[int, int], tuple[int, int, int]]
    ) -> list[tuple[int, int]]:
        """The (at most three) character spans of the windows whose words are most like `words`."""
        _, lower, _ = self._index()
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(words)
        scored: dict[tuple[int, int], float] = {}

        def score(first: int, count: int) -> float:
            first, start, end = window(first, count)
            last = min(first + max(count, 1), len(lower))
            matcher.set_seq1(lower[first:last])
            ratio = matcher.ratio()
            scored[(start, end)] = max(ratio, scored.get((start, end), 0.0))
            return ratio

        ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
        best = max((first for first, _ in ranked), key=lambda first: (score(first, len(words)), -first))
        for shift in (-1, 0, 1):
            for extra in (-2, -1, 0, 1, 2):
                if shift or extra:
                    score(best + shift, len(words) + extra)
        return sorted(scored, key=lambda span: -scored[span])[:3]

    def splice(self, quote: str) -> tuple[Passage, Passage] | None:
        """Two passages that, joined, make the normalised `quote` but are not adjacent in the text (None when the
        quote is not such a splice): the longest opening of the quote that occurs, and the rest."""
        words = list(_WORD.finditer(quote))
        if len(words) < 2 * SPLICE_MIN_WORDS:
            return None
        low, high = 0, len(words)  # quote[: words[k - 1].end()] occurs for k <= low
        while low < high:
            middle = (low + high + 1) // 2
            if self.find(quote[: words[middle - 1].end()]) >= 0:
                low = middle
            else:
                high = middle - 1
        if low < SPLICE_MIN_WORDS or len(words) - low < SPLICE_MIN_WORDS:
            return None
        head = quote[: words[low - 1].end()]
        tail = quote[words[low].start() :]
        tail_at = self.find(tail)
        if tail_at < 0:
            return None
        head_at = max((at for at in self.occurrences(head) if at < tail_at), default=self.find(head))
        return self.passage(head_at, head_at + len(head)), self.passage(tail_at, tail_at + len(tail))


#: Texts kept per process (read, hashed, normalised, and indexed when a quote was not found in them).
TEXTS_CACHED = 128


def load_text(path: str | Path) -> SourceText | str:
    """The text stored at `path` (UTF-8; a leading byte-order mark is not part of the text, but is hashed), or
    why it cannot be read. Cached per process by path, size and modification time."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return _load(os.fspath(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=TEXTS_CACHED)
def _load(path: str, size: int, mtime: int) -> SourceText | str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        return f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})"
    return SourceText(text, hashlib.sha256(data).hexdigest(), path)


# -- where the texts are -----------------------------------------------------------------------------------

#: The manifest file of a texts directory: `source:id<TAB>path` per line, paths relative to the directory.
MANIFEST = "manifest.tsv"


class TextsError(ValueError):
    """A texts directory that cannot be used (missing, not a directory, a manifest that cannot be read)."""


@dataclass(frozen=True, slots=True)
class Grounding:
    """What the grounding check uses: a directory of source texts (None: only the `text_path`s that `Source`
    records declare), and whether an evidence quote whose source has no text is an error (`require_texts`)."""

    directory: Path | None = None
    require_texts: bool = False

    def manifest(self) -> dict[str, str]:
        """The directory's manifest (source id -> path relative to the directory); empty without one."""
        if self.directory is None:
            return {}
        path = os.path.join(self.directory, MANIFEST)
        try:
            stat = os.stat(path)
        except OSError:
            return {}
        return _manifest(path, stat.st_size, stat.st_mtime_ns)

    def path_for(self, source_id: str) -> str | None:
        """The file of the directory holding the text of `source_id` (named in the manifest, else
        `<local part>.txt`), or None when the directory has none."""
        if self.directory is None:
            return None
        listed = self.manifest().get(source_id)
        if listed is not None:
            return os.path.join(self.directory, listed)
        candidate = os.path.join(self.directory, local_part(source_id) + ".txt")
        return candidate if os.path.isfile(candidate) else None

    def check(self) -> None:
        """Raise `TextsError` when the directory or its manifest cannot be used."""
        if self.directory is None:
            return
        if not self.directory.is_dir():
            raise TextsError(f"--texts {self.directory}: not a directory")
        self.manifest()


#: A manifest line's path: no white space at either end.
_MANIFEST_PATH = re.compile(r"\S(?:.*\S)?")


@lru_cache(maxsize=8)
def _manifest(path: str, size: int, mtime: int) -> dict[str, str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TextsError(f"cannot read {path}: {exc}") from None
    entries: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        source, tab, text_path = line.partition("\t")
        if not (tab and is_id(source, "source") and _MANIFEST_PATH.fullmatch(text_path)):
            raise TextsError(f"{path}:{number}: expected 'source:<id><TAB><path>', got {line[:60]!r}")
        if source in entries:
            raise TextsError(f"{path}:{number}: {source} is listed twice")
        entries[source] = text_path
    return entries


# -- what a record asks to ground --------------------------------------------------------------------------

QUOTE, NAME, DEFECT = "quote", "name", "defect"


@dataclass(slots=True)
class Target:
    """One thing of one record to find in source texts: an evidence quote, an observed name or a text defect's
    passage, with where it is in the record (`path`: of the Evidence, Name or TextDefect object)."""

    kind: str
    path: FieldPath
    sources: tuple[str, ...]
    text: str
    start: int | None = None
    end: int | None = None
    #: the record's place in the run (`rules.base.record_key`)
    key: int = 0
    #: for a name: its kind ('observed_misspelling')
    label: str = ""
    #: for a quote reported in the record stage (`GroundFacts.reported`): the record's file, and the raw span of
    #: the passage its finding shows as nearest
    file: str = ""
    shown: tuple[int, int] | None = None


_OBSERVED = (NameKind.observed_misspelling, NameKind.observed_wrong_name)


def targets(record: Record) -> Iterator[Target]:
    """Everything of `record` the grounding check looks for in source texts, in the record's order."""
    for path, obj in walk(record):
        if isinstance(obj, Evidence):
            yield Target(QUOTE, path, (obj.source,), obj.quote, obj.start, obj.end)
        elif isinstance(obj, Name) and obj.kind in _OBSERVED and obj.evidence:
            sources = tuple(dict.fromkeys(e.source for e in obj.evidence))
            yield Target(NAME, path, sources, obj.text, label=obj.kind.value)
    if isinstance(record, Source):
        for number, defect in enumerate(record.text_defects):
            end = None if defect.start is None else defect.start + len(defect.quote)
            yield Target(DEFECT, ("text_defects", number), (record.id,), defect.quote, defect.start, end)


# -- problems ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """A grounding finding inside one record, before it is placed in a file."""

    rule: str
    path: FieldPath
    message: str
    expected: str | None = None
    got: str | None = None
    suggestion: str | None = None
    #: the raw span of the passage of the text the message shows as nearest (a quote not found)
    shown: tuple[int, int] | None = None


#: The rules of this module (each has its code in `peace_talks_model.codes`).
QUOTE_IN_SOURCE = "quote_in_source"
OFFSETS_SELECT_QUOTE = "offsets_select_quote"
OBSERVED_NAME_IN_SOURCE = "observed_name_in_source"
SOURCE_TEXT_HASH_MATCHES = "source_text_hash_matches"
SOURCE_TEXT_GIVEN = "source_text_given"
SOURCE_TEXT_READABLE = "source_text_readable"
RULES = frozenset(
    {
        QUOTE_IN_SOURCE,
        OFFSETS_SELECT_QUOTE,
        OBSERVED_NAME_IN_SOURCE,
        SOURCE_TEXT_HASH_MATCHES,
        SOURCE_TEXT_GIVEN,
        SOURCE_TEXT_READABLE,
    }
)

#: Passages longer than this are cut in messages (`expected` and `suggestion` keep them whole).
SHOWN = 160


def clip(text: str, limit: int = SHOWN) -> str:
    """`text` cut to `limit` characters (with '…'), line breaks and tabs shown as \\n and \\t."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def _percent(ratio: float) -> str:
    return f"{int(ratio * 100)}%"


#: What a source declares about its text, by source id (no declarations: an empty tuple).
DeclaredOf = Callable[[str], Sequence[Declared]]


def _none_declared(source: str) -> Sequence[Declared]:
    return ()


def check_target(
    target: Target, text_of: Callable[[str], SourceText | str | None], declared_of: DeclaredOf = _none_declared
) -> list[Problem]:
    """The problems of one target against the texts `text_of` gives (a `SourceText`, why it cannot be read, or
    None when no text is known: then nothing is checked). An evidence quote is also matched as the text defects
    its source declares (`declared_of`) allow (`declared_places`), and a quote not found says which declared
    defect its nearest passage overlaps; a text defect's own passage is matched as written."""
    if target.kind == NAME:
        return _check_name(target, text_of)
    source = target.sources[0]
    text = text_of(source)
    if text is None:
        return []
    what = "passage" if target.kind == DEFECT else "quote"
    if isinstance(text, str):
        at = (*target.path, "quote") if target.kind == DEFECT else (*target.path, "source")
        return [Problem(SOURCE_TEXT_READABLE, at, f"the text of {source} cannot be read: {text}")]
    quote = normalise_quote(target.text)
    if not quote:
        return []
    offsets = target.start is not None and target.end is not None
    if offsets and text.selects(target.start or 0, target.end or 0, quote):
        return []
    found = text.find(quote)
    defects = declared_of(source) if target.kind == QUOTE else ()
    places: list[Passage] = []
    how = ""
    if (found < 0 or offsets) and any(d.kind in MATCHING_KINDS for d in defects):
        places, fits, how = declared_places(text, target.text, defects, target.start, target.end)
        if fits or (places and not offsets):
            return []
    if found < 0 and not places:
        return [_not_found(target, text, quote, source, what, defects=defects)]
    if not offsets:
        return []
    return [_offsets_problem(target, text, quote, source, what, declared_at=places, how=how)]


#: The most occurrences of a passage that `declared_places` looks at.
DECLARED_OCCURRENCES = 64


def declared_places(
    text: SourceText, quote: str, defects: Sequence[Declared], start: int | None = None, end: int | None = None
) -> tuple[list[Passage], bool, str]:
    """Where `quote` (as given) occurs in `text` once the defects the source declares are allowed for, whether
    the offsets `start`/`end` select one of those places, and the declared kinds that made it match ('' when it
    does not):

    - `nonstandard_whitespace`: zero-width spaces (`ZERO_WIDTH_SPACES`) are read as a plain space, in the text and
      in the quote (`normalise` drops them, and already reads no-break, thin and doubled spaces as one space);
    - `mixed_quotes`: every quotation mark and apostrophe (`QUOTE_MARKS`) is one mark, single or double;
    - `fused_lines`: the quote may have a space (or a line break) where the text has none, or none where the text
      has one, but only inside a declared `fused_lines` passage (at its `start` when the passage is there, else
      wherever it occurs); there the quote and the text differ in length, so offsets are right when `start` is.

    Offsets of a match under the first two are right when they select the quote in the text so read."""
    kinds = {d.kind for d in defects}
    spaces, quotes = NONSTANDARD_WHITESPACE in kinds, MIXED_QUOTES in kinds
    table = declared_table(spaces, quotes)
    view = text.view(spaces, quotes)
    wanted = normalise_quote(quote.translate(table))
    if not wanted:
        return [], False, ""
    if spaces or quotes:
        spans = [view.raw_span(at, at + len(wanted)) for at in islice(view.occurrences(wanted), DECLARED_OCCURRENCES)]
        if spans:
            fits = start is not None and end is not None and view.selects(start, end, wanted)
            how = " and ".join(kind for kind in (NONSTANDARD_WHITESPACE, MIXED_QUOTES) if kind in kinds)
            return [Passage(a, b, text.raw[a:b]) for a, b in spans], fits, how
    if FUSED_LINES in kinds:
        fused = [d for d in defects if d.kind == FUSED_LINES]
        spans = _fused_places(view, wanted, [normalise_quote(d.quote.translate(table)) for d in fused], fused)
        if spans:
            fits = start is not None and any(a == start for a, _ in spans)
            return [Passage(a, b, text.raw[a:b]) for a, b in spans], fits, FUSED_LINES
    return [], False, ""


def _fused_places(view: SourceText, wanted: str, passages: list[str], defects: list[Declared]) -> list[tuple[int, int]]:
    """The raw spans where the normalised `wanted` matches `view` when spaces are ignored, with every difference in
    spacing inside one of the declared passages (located at their `start` when they are there)."""
    norm = view.norm
    squeezed = wanted.replace(" ", "")
    found: set[tuple[int, int]] = set()
    for passage, defect in zip(passages, defects, strict=True):
        if not passage:
            continue
        ats = list(islice(view.occurrences(passage), DECLARED_OCCURRENCES))
        matches: list[tuple[int, int, int]] = []  # (occurrence of the passage, start, end) in `norm`
        for first in ats:
            last = first + len(passage)
            low, high = max(first - len(wanted), 0), min(last + len(wanted), len(norm))
            positions = [i for i in range(low, high) if norm[i] != " "]
            dense = "".join(norm[i] for i in positions)
            at = dense.find(squeezed)
            while at >= 0:
                start, end = positions[at], positions[at + len(squeezed) - 1] + 1
                if _spacing_differs_only_within(norm, (start, end), wanted, (first, last)):
                    matches.append((first, start, end))
                at = dense.find(squeezed, at + 1)
        if matches and defect.start is not None:  # the passage at `start`, when it is there
            at_start = {at for at in ats if view.raw_span(at, at + len(passage))[0] == defect.start}
            matches = [m for m in matches if m[0] in at_start] if at_start else matches
        found.update(view.raw_span(start, end) for _, start, end in matches)
    return sorted(found)


def _spacing_differs_only_within(norm: str, span: tuple[int, int], wanted: str, passage: tuple[int, int]) -> bool:
    """True when `wanted` is the `span` of `norm` but for spaces, differs from it, and every space one of them has and
    the other lacks is inside the `passage` span of `norm` (between two of its characters)."""
    (start, end), (first, last) = span, passage
    i, j, differs = 0, start, False
    while i < len(wanted) and j < end:
        if wanted[i] == norm[j]:
            i, j = i + 1, j + 1
        elif wanted[i] == " " and first < j < last:  # a space where the text has none
            i, differs = i + 1, True
        elif norm[j] == " " and first < j < last - 1:  # no space where the text has one
            j, differs = j + 1, True
        else:
            return False
    return differs and i == len(wanted) and j == end


def _not_found(
    target: Target, text: SourceText, quote: str, source: str, what: str, *, defects: Sequence[Declared] = ()
) -> Problem:
    path = (*target.path, "quote")
    head = f"the {what} is not in the text of {source}"
    at = text.find_ignoring_case(quote)
    if at >= 0:
        passage = text.passage(at, at + len(quote))
        return Problem(
            QUOTE_IN_SOURCE,
            path,
            f"{head}: the text has it only with other capitalisation, at {passage.start}-{passage.end}: "
            f"'{clip(passage.text)}' (case is never folded){_overlapping(text, defects, passage)}",
            expected=passage.text,
            got=target.text,
            suggestion=passage.text,
            shown=(passage.start, passage.end),
        )
    spliced = text.splice(quote)
    if spliced is not None:
        first, second = spliced
        return Problem(
            QUOTE_IN_SOURCE,
            path,
            f"{head}: spliced? it joins two passages that are not adjacent in the text, "
            f"'{clip(first.text, 80)}' at {first.start}-{first.end} and '{clip(second.text, 80)}' at "
            f"{second.start}-{second.end}; cite them as two evidence items",
            expected=f"{first.text} | {second.text}",
            got=target.text,
        )
    near = text.nearest(quote)
    if near is None:
        return Problem(QUOTE_IN_SOURCE, path, f"{head}: not in the text (no word of it occurs there)", got=target.text)
    close = near.ratio >= PARAPHRASE_RATIO
    verdict = "paraphrased?" if close else "not in the text:"
    return Problem(
        QUOTE_IN_SOURCE,
        path,
        f"{head} ({verdict} the nearest passage, at {near.start}-{near.end}, is {_percent(near.ratio)} similar: "
        f"'{clip(near.text)}'){_overlapping(text, defects, near)}",
        expected=near.text,
        got=target.text,
        suggestion=near.text if close else None,
        shown=(near.start, near.end),
    )


def _overlapping(text: SourceText, defects: Sequence[Declared], passage: Passage) -> str:
    """What a not-found message adds about the text defects the source declares whose passage overlaps the text's
    `passage` shown as nearest ('' for none): each one's kind, place and passage, and its correction."""
    said: list[str] = []
    for defect, start, end in declared_spans(text, defects):
        if start < passage.end and passage.start < end:
            correction = f", to be read as '{clip(defect.correction, 80)}'" if defect.correction else ""
            said.append(f"{defect.kind} at {start}-{end} '{clip(defect.quote, 80)}'{correction}")
    if not said:
        return ""
    return f"; that passage overlaps a text defect the source declares: {'; '.join(said)}"


def declared_spans(text: SourceText, defects: Sequence[Declared]) -> list[tuple[Declared, int, int]]:
    """Each declared defect's passage in `text` (raw offsets): at its `start` when the passage is there, else its
    first occurrence; a passage that is not in the text is left out (PT310 reports it on the source record)."""
    spans: list[tuple[Declared, int, int]] = []
    for defect in defects:
        passage = normalise_quote(defect.quote)
        if defect.start is not None and text.selects(defect.start, defect.start + len(defect.quote), passage):
            spans.append((defect, defect.start, defect.start + len(defect.quote)))
        elif (at := text.find(passage)) >= 0:
            where = text.passage(at, at + len(passage))
            spans.append((defect, where.start, where.end))
    return spans


def _offsets_problem(
    target: Target,
    text: SourceText,
    quote: str,
    source: str,
    what: str,
    *,
    declared_at: Sequence[Passage] = (),
    how: str = "",
) -> Problem:
    start, end = target.start or 0, target.end or 0
    given = f"{target.start}-{target.end}"
    places = [text.passage(at, at + len(quote)) for at in text.occurrences(quote)]
    by_declaration = not places  # found only as the source's declared defects allow
    places = places or list(declared_at)
    place = min(places, key=lambda p: abs(p.start - start))
    if end > len(text):
        selected = f"run past the end of the text ({len(text)} characters)"
    else:
        selected = f"select '{clip(text.raw[start:end], 80)}'"
    exact = place.end - place.start == len(target.text)
    at = f"; the {what} is at {place.start}-{place.end}"
    if by_declaration:
        at += f" (found as the text defects the source declares allow: {how})"
    if by_declaration and how == FUSED_LINES:
        fix = f"{at}; across the fused lines the {what} and the text differ in length, so only start can be right"
        exact = True
    elif exact:
        fix = at
    else:
        fix = (
            f"{at} but differs from the text there in spacing or typography: copy the text's passage "
            f"'{clip(place.text, 80)}' verbatim"
        )
    return Problem(
        OFFSETS_SELECT_QUOTE,
        (*target.path, "start"),
        f"offsets {given} {selected}, not the {what} in the text of {source}{fix}",
        expected=f"{place.start}-{place.end}",
        got=given,
        suggestion=str(place.start) if exact else None,
    )


def _check_name(target: Target, text_of: Callable[[str], SourceText | str | None]) -> list[Problem]:
    name = normalise_quote(target.text)
    texts = [(s, t) for s in target.sources if isinstance(t := text_of(s), SourceText)]
    if not texts or not name or any(t.find(name) >= 0 for _, t in texts):
        return []
    nearest = [(near, s) for s, t in texts if (near := t.nearest(name)) is not None]
    where = ", ".join(s for s, _ in texts)
    message = f"the {target.label} '{target.text}' does not occur in the text of {where}"
    if not nearest:
        return [Problem(OBSERVED_NAME_IN_SOURCE, (*target.path, "text"), message, got=target.text)]
    near, source = max(nearest, key=lambda item: item[0].ratio)
    return [
        Problem(
            OBSERVED_NAME_IN_SOURCE,
            (*target.path, "text"),
            f"{message} (nearest: '{clip(near.text, 80)}' in {source} at {near.start}-{near.end}, "
            f"{_percent(near.ratio)} similar)",
            expected=near.text,
            got=target.text,
            suggestion=near.text if near.ratio >= PARAPHRASE_RATIO else None,
        )
    ]


# -- the run: facts of the record stage, and what is checked after it --------------------------------------


@dataclass
class GroundFacts:
    """What the record stage leaves for grounding after it: targets whose source text was not known yet, the
    text paths and the text defects `Source` records declare (source id -> (record key, path or defects), first
    record wins), and the quotes already reported whose source was not in hand (`reported`: checked again when
    the source's declared defects, known after the record stage, may excuse or explain the miss)."""

    pending: list[Target] = field(default_factory=list)
    declared: dict[str, tuple[int, str]] = field(default_factory=dict)
    defects: dict[str, tuple[int, tuple[Declared, ...]]] = field(default_factory=dict)
    reported: list[Target] = field(default_factory=list)

    def add(self, other: GroundFacts, key_shift: int = 0) -> None:
        """Take in the facts of a later batch or partition (its keys shifted by `key_shift`)."""
        for targets_ in (other.pending, other.reported):
            for target in targets_:
                target.key += key_shift
        self.pending.extend(other.pending)
        self.reported.extend(other.reported)
        _first_wins(self.declared, other.declared, key_shift)
        _first_wins(self.defects, other.defects, key_shift)

    def declared_of(self, source: str) -> tuple[Declared, ...]:
        """The text defects the `Source` record of `source` declares (none when there is no such record)."""
        entry = self.defects.get(source)
        return entry[1] if entry is not None else ()


def _first_wins(mine: dict[str, tuple[int, _T]], theirs: dict[str, tuple[int, _T]], key_shift: int) -> None:
    """Add to `mine` the entries of `theirs` (keys shifted) that come before those of the same source."""
    for source, (key, value) in theirs.items():
        key += key_shift  # noqa: PLW2901
        if source not in mine or key < mine[source][0]:
            mine[source] = (key, value)


def _declared_path(record: Source, file: str) -> Path | None:
    if record.text_path is None:
        return None
    return Path(file).parent / record.text_path


def ground_record(
    record: Record,
    key: int,
    file: str,
    grounding: Grounding,
    facts: GroundFacts,
    *,
    memo: dict[str, SourceText | str | None] | None = None,
) -> list[Problem]:
    """Check one valid record against the texts known now (the directory's, and for a `Source` record its own
    text); what needs a text that only a `Source` record read later may declare goes to `facts.pending`. `memo`
    keeps the directory's texts looked up by source id across the records of a batch."""
    memo = {} if memo is None else memo
    problems: list[Problem] = []
    own: SourceText | str | None = None
    own_defects: tuple[Declared, ...] = ()
    if isinstance(record, Source):
        text_path = _declared_path(record, file)
        if text_path is not None:
            facts.declared.setdefault(record.id, (key, str(text_path)))
        own_defects = declared(record.text_defects)
        if own_defects:
            facts.defects.setdefault(record.id, (key, own_defects))
        directory_path = grounding.path_for(record.id)
        path = directory_path or text_path
        if path is not None:
            own = load_text(path)
        if isinstance(own, str) and directory_path is None:
            problems.append(Problem(SOURCE_TEXT_READABLE, ("text_path",), f"the text_path cannot be read: {own}"))
            own = "(see text_path)"
        elif isinstance(own, SourceText) and record.text_sha256 is not None and own.sha256 != record.text_sha256:
            problems.append(
                Problem(
                    SOURCE_TEXT_HASH_MATCHES,
                    ("text_sha256",),
                    f"the text given for {record.id} ({own.path}) has SHA-256 {own.sha256}, not the text_sha256 "
                    "the record declares: the text changed, or the hash is of another text",
                    expected=record.text_sha256,
                    got=own.sha256,
                )
            )
    own_id = record.id if isinstance(record, Source) else None

    def known_now(source: str) -> SourceText | str | None:
        if source == own_id:
            return own
        if source not in memo:
            path = grounding.path_for(source)
            memo[source] = load_text(path) if path is not None else None
        return memo[source]

    def declared_now(source: str) -> Sequence[Declared]:
        return own_defects if source == own_id else ()

    for target in targets(record):
        if target.kind == DEFECT:
            if isinstance(own, SourceText):
                problems.extend(check_target(target, known_now))
            continue
        texts = [known_now(source) for source in target.sources]
        if all(text is not None for text in texts) or (target.kind == NAME and _found_in_any(target.text, texts)):
            found = check_target(target, known_now, declared_now)
            if target.kind == QUOTE and target.sources[0] != own_id and _misses(found):
                # the source's record, read later or elsewhere, may declare defects that explain or excuse this
                target.key, target.file = key, file
                target.shown = next((p.shown for p in found if p.shown is not None), None)
                facts.reported.append(target)
            problems.extend(found)
        else:
            target.key = key
            facts.pending.append(target)
    return problems


def _misses(problems: list[Problem]) -> bool:
    return any(p.rule in (QUOTE_IN_SOURCE, OFFSETS_SELECT_QUOTE) for p in problems)


def _found_in_any(name: str, texts: list[SourceText | str | None]) -> bool:
    wanted = normalise_quote(name)
    return any(isinstance(text, SourceText) and text.find(wanted) >= 0 for text in texts)


@dataclass
class Resolved:
    """What grounding finds after the record stage: problems by record key, and the quotes whose record-stage
    findings are withdrawn (file, record key, path of the Evidence): their source declares text defects that
    match them or overlap the passage their finding shows, so they were checked again, and what that found
    (nothing, or a finding that names the defect) is in `problems`."""

    problems: dict[int, list[Problem]] = field(default_factory=dict)
    withdrawn: set[tuple[str, int, FieldPath]] = field(default_factory=set)


def resolve_pending(facts: GroundFacts, grounding: Grounding) -> Resolved:
    """Check the targets left by the record stage, now that every `Source` record's text path and text defects
    are known (with `require_texts`, a quote whose source has no text at all is a problem), and check again the
    quotes reported in the record stage whose source declares text defects."""

    def text_of(source: str) -> SourceText | str | None:
        path = grounding.path_for(source)
        if path is None and source in facts.declared:
            path = facts.declared[source][1]
        return load_text(path) if path is not None else None

    resolved = Resolved()
    found = resolved.problems
    for target in facts.pending:
        problems = check_target(target, text_of, facts.declared_of)
        if not problems and grounding.require_texts and target.kind == QUOTE and text_of(target.sources[0]) is None:
            problems = [_missing(target.sources[0], target.path, grounding)]
        if problems:
            found.setdefault(target.key, []).extend(problems)
    for target in facts.reported:
        defects = facts.declared_of(target.sources[0])
        text = text_of(target.sources[0]) if defects else None
        if not isinstance(text, SourceText) or not _declarations_matter(target, text, defects):
            continue
        resolved.withdrawn.add((target.file, target.key, target.path))
        problems = check_target(target, text_of, facts.declared_of)
        if problems:
            found.setdefault(target.key, []).extend(problems)
    return resolved


def _declarations_matter(target: Target, text: SourceText, defects: Sequence[Declared]) -> bool:
    """True when the text defects a quote's source declares could change what the record stage reported on it:
    the quote matches as they allow, or the passage its finding shows overlaps one of their passages."""
    if any(d.kind in MATCHING_KINDS for d in defects) and declared_places(text, target.text, defects)[0]:
        return True
    shown = target.shown
    return shown is not None and any(
        start < shown[1] and shown[0] < end for _, start, end in declared_spans(text, defects)
    )


def _missing(source: str, path: FieldPath, grounding: Grounding) -> Problem:
    local = local_part(source)
    directory = grounding.directory if grounding.directory is not None else "DIR"
    return Problem(
        SOURCE_TEXT_GIVEN,
        (*path, "source"),
        f"no text of {source} was given, so the quote cannot be checked (--require-texts): add "
        f"{directory}/{local}.txt (--texts {directory}), list its file in {directory}/{MANIFEST}, or give the "
        "source record a text_path",
    )
