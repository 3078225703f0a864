"""Link the actor mentions of a wording ("Cdr. Taban Deng Gai, for the Sudan People's Liberation Movement/Army") to
actor records, each link with the rule that made it and a confidence.

`ActorMatcher` indexes actor records (e.g. the PAA-X import: display names, alternative names, UCDP names,
abbreviations, countries) and `ActorMatcher.link(text, countries)` returns the one actor a mention names, or None.
The rules are tried in the order of `RULES`, most certain first, and the first that finds exactly one actor wins:

- `name`, `alias`, `abbreviation`: the mention is an actor's display name, another name, or its abbreviation
  (compared case-insensitively, runs of white space as one space; an abbreviation case-sensitively);
- `folded`: the same words once case, accents, punctuation and a leading "the" are set aside;
- `government_of`: "Government of X", "Republic of X", "X Government" and their like, for the state X;
- `contains`: the mention holds exactly one actor's name as whole words (the longest names first, a name inside a
  longer matched name not counted): a person with their title and the body they sign for;
- `fuzzy`: the nearest name by rapidfuzz's token-sort ratio, at least `FUZZY_MIN` and `FUZZY_MARGIN` points clear
  of any other actor's.

A name several actors share links to none of them, unless the mention's countries (the agreement's locations)
leave one; an actor of another country than the mention's is not linked by `contains` or `fuzzy`, unless it is a
state or an international organisation. Names that say who, not which (`GENERIC`: "Government", "Youth
Representative") never link by `contains` or `fuzzy`. A mention that no rule links stays text: nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

#: The rules, in the order they are tried: name -> (confidence, what it means).
RULES: dict[str, tuple[float, str]] = {
    "name": (1.0, "the mention is the actor's display name"),
    "alias": (0.97, "the mention is one of the actor's other names (alternative names, UCDP name)"),
    "abbreviation": (0.96, "the mention is the actor's abbreviation, letter for letter"),
    "folded": (0.95, "the same words as one of the actor's names, case, accents, punctuation and 'the' aside"),
    "government_of": (0.93, "'Government of X', 'Republic of X', 'X Government': the state X"),
    "contains": (0.9, "the mention holds the actor's name as whole words, and no other actor's"),
    "fuzzy": (0.85, "the nearest of the actors' names by spelling (rapidfuzz token-sort ratio)"),
    # given by the PA-X importer (`interop.pax.link_mentions`), which reads a wording's blocks of signatories
    "heading": (0.85, "a signatory under a heading naming the actor ('Delegation of the Government of Colombia:')"),
}
#: The least token-sort ratio (0-100) of a fuzzy link, and how far it must lead any other actor's best name.
FUZZY_MIN, FUZZY_MARGIN = 92.0, 4.0
#: The most words a mention may have for a fuzzy link (longer ones name a person with a title, not a body).
FUZZY_MAX_WORDS = 8
#: The fewest letters of a one-word name that `contains` looks for (shorter ones are words, not names).
CONTAINS_MIN_LETTERS = 5
#: Actor kinds (the `kind` of an actor record) that act beyond one country: their country does not bar a link.
INTERNATIONAL_KINDS = frozenset({"state", "igo", "coalition"})
#: Folded names that say who, not which: never found inside a mention or by spelling.
GENERIC = frozenset(
    {
        "government", "the government", "state", "republic", "president", "parties", "civil society", "women",
        "youth", "youth representative", "women representative", "traditional leaders", "religious leaders",
        "chiefs", "elders", "community", "communities", "delegation", "representative", "representatives",
        "witness", "witnesses", "observer", "observers", "mediator", "facilitator", "armed groups", "movement",
        "opposition", "political parties", "national government", "local government", "the parties", "stakeholders",
    }
)  # fmt: skip

#: Words too common in names to tell them apart: a fuzzy link needs a name sharing another word with the mention.
_COMMON_WORDS = frozenset(
    {
        "of", "the", "and", "for", "de", "la", "le", "les", "el", "los", "las", "du", "des", "del", "da", "di", "in",
        "on", "to", "a", "an", "et", "y", "national", "front", "party", "movement", "people", "peoples",
        "democratic", "republic", "union", "council", "government", "forces", "liberation", "army", "united",
    }
)  # fmt: skip
#: Words that make a mention name a faction of an actor rather than the actor ('Delegation of the Central General
#: Staff of the FARC-EP', a dissident group): `contains` does not link such a mention to the actor it names.
_FACTION = re.compile(
    r"\b(?:dissidents?|factions?|splinter|breakaway|central general staff|estado mayor central|segunda marquetalia)\b"
)
#: The most words a mention may have for `contains` (longer ones are prose about several actors).
CONTAINS_MAX_WORDS = 20
_GOVERNMENT_OF = re.compile(
    r"^(?:the )?(?:(?:transitional |federal |national |interim |provisional |royal )?government|republic|state|"
    r"kingdom|people s republic|democratic republic|federal republic|islamic republic|united republic)"
    r"(?: of)?(?: the)? (?P<country>.+)$"
)
_NATIONAL_GOVERNMENT = re.compile(
    r"(?:(?:the )?delegation of )?(?:the )?(?:(?:national|central|federal) )?government(?: delegation)?"
    r"(?: in the peace dialogues table)?|gobierno nacional|(?:le )?gouvernement"
)
#: 'the National Government' inside a mention ('Carlos Murgas - Delegation of the National Government').
_INNER_NATIONAL = re.compile(r"\b(?:national|central|federal) government\b|\bgobierno nacional\b")
#: 'Republic of X' and its like inside a mention: X may be a state's name ('Eugenio Martínez, Republic of Cuba').
_OF_STATE = re.compile(
    r"\b(?:government|republic|kingdom|state|federation|confederation|sultanate|emirate|principality) of (?:the )?"
    r"(?P<name>\w+(?: \w+){0,3})"
)
#: The forms of state before its name ('the Republic of', 'the Federal Democratic Republic of').
_STATE_FORM = re.compile(
    r"^(?:(?:the )?(?:(?:federal|democratic|islamic|united|socialist|people s|federative|bolivarian|arab|plurinational)"
    r" )*(?:republic|kingdom|state|federation|confederation|sultanate|emirate|principality) of )+"
)
_COUNTRY_GOVERNMENT = re.compile(r"^(?:the )?(?P<country>.+?) (?:government|authorities|state)$")
_ARTICLE = re.compile(r"^the ")


def _tokens(text: str) -> list[str]:
    """The words of `text`, accents removed, case kept: every run of characters other than letters and digits
    separates two words."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]+|_", " ", plain).split()


def _spaced_tokens(text: str) -> tuple[list[str], list[bool]]:
    """The words of `text` (as `_tokens`), each with whether only spaces separate it from the next word."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words, joined = [], []
    for match in re.finditer(r"[^\W_]+", plain):
        words.append(match.group())
        rest = plain[match.end() :]
        joined.append(bool(re.match(r"[ \t\u00a0]+[^\W_]", rest)))
    return words, joined


def fold(text: str) -> str:
    """`text` for comparison: accents removed, case folded, every run of characters other than letters and digits
    one space, and a leading 'the' left out."""
    return _ARTICLE.sub("", " ".join(_tokens(text)).casefold())


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class Link:
    """A mention linked to one actor: by which rule (a key of `RULES`), with its confidence (0-1), and the actor's
    name it matched, as the actor record writes it."""

    actor: str
    rule: str
    confidence: float
    matched: str


@dataclass(slots=True)
class _Actor:
    id: str
    name: str
    kind: str
    country: str | None
    names: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)


class ActorMatcher:
    """The actors a mention may name, indexed by every way the rules compare names."""

    def __init__(self) -> None:
        self._actors: dict[str, _Actor] = {}
        self._by: dict[str, dict[str, set[str]]] = {rule: {} for rule in RULES}
        self._phrases: dict[tuple[str, ...], set[str]] = {}  # folded words of a name -> actors (for `contains`)
        self._name_words: dict[str, set[str]] = {}  # one-word names
        self._abbreviation_words: dict[str, set[str]] = {}  # one-word abbreviations in capitals
        self._short_words: dict[str, set[str]] = {}  # one-word display names too short to link by ('Peru')
        self._longest = 1
        self._states: dict[str, set[str]] = {}  # folded country name -> state actors
        self._states_by_country: dict[str, set[str]] = {}  # ISO alpha-3 code -> state actors
        self._choices: list[str] = []  # folded names for `fuzzy`
        self._by_word: dict[str, set[int]] = {}  # a word -> the choices that have it (fuzzy compares only those)
        self._choice_actor: list[str] = []
        self._originals: dict[tuple[str, str], str] = {}  # (actor, folded or normal name) -> the name as written

    # -- building ------------------------------------------------------------------------------------------------

    def add(
        self,
        actor_id: str,
        name: str,
        *,
        kind: str = "",
        country: str | None = None,
        names: Iterable[str] = (),
        abbreviations: Iterable[str] = (),
    ) -> None:
        """Index one actor under its display name, its other names and its abbreviations."""
        actor = _Actor(actor_id, name, kind, country, list(dict.fromkeys(names)), list(dict.fromkeys(abbreviations)))
        self._actors[actor_id] = actor
        self._index("name", _normal(name), actor_id, name)
        for other in actor.names:
            self._index("alias", _normal(other), actor_id, other)
        for abbreviation in actor.abbreviations:
            self._index("abbreviation", abbreviation.strip(), actor_id, abbreviation)
        for written in [name, *actor.names]:
            folded = fold(written)
            if not folded:
                continue
            self._index("folded", folded, actor_id, written)
            if folded in GENERIC:
                continue
            words = tuple(folded.split())
            if len(words) > 1:
                self._phrases.setdefault(words, set()).add(actor_id)
                self._longest = max(self._longest, len(words))
            elif len(folded) >= CONTAINS_MIN_LETTERS and written == name:
                self._name_words.setdefault(folded, set()).add(actor_id)
            elif written == name:
                self._short_words.setdefault(folded, set()).add(actor_id)
            for word in set(words) - _COMMON_WORDS:
                self._by_word.setdefault(word, set()).add(len(self._choices))
            self._choices.append(folded)
            self._choice_actor.append(actor_id)
            if kind == "state":
                self._states.setdefault(folded, set()).add(actor_id)
                if country:
                    self._states_by_country.setdefault(country, set()).add(actor_id)
        capital_aliases = [n for n in actor.names if 3 <= len(n) <= 6 and n.isupper() and n.isalpha()]
        for abbreviation in [*actor.abbreviations, *capital_aliases]:
            words = tuple(fold(abbreviation).split())
            if len(abbreviation) >= 2 and abbreviation.upper() == abbreviation and words:
                if len(words) == 1:
                    self._abbreviation_words.setdefault(words[0], set()).add(actor_id)
                else:
                    self._phrases.setdefault(words, set()).add(actor_id)
                self._originals.setdefault((actor_id, " ".join(words)), abbreviation)

    def _index(self, rule: str, key: str, actor_id: str, written: str) -> None:
        if key:
            self._by[rule].setdefault(key, set()).add(actor_id)
            self._originals.setdefault((actor_id, key), written)

    @classmethod
    def from_records(cls, records: Iterable[Any]) -> ActorMatcher:
        """The matcher of the `Actor` records among `records` (typed models; other records are skipped): display
        name, every other name (abbreviations apart), country and kind."""
        matcher = cls()
        for record in records:
            if getattr(record, "record_type", None) != "actor":
                continue
            others = [n.text for n in record.names if n.kind.value != "abbreviation"]
            abbreviations = [n.text for n in record.names if n.kind.value == "abbreviation"]
            matcher.add(
                record.id,
                record.name,
                kind=record.kind.value if record.kind is not None else "",
                country=record.country,
                names=others,
                abbreviations=abbreviations,
            )
        return matcher

    @staticmethod
    def names_a_faction(text: str) -> bool:
        """Whether a mention names a faction of an actor ('Central General Staff of the FARC-EP', 'dissidents'):
        such a mention is not linked to the actor it names, nor to the heading of its block."""
        return _FACTION.search(fold(text)) is not None

    def __len__(self) -> int:
        return len(self._actors)

    # -- linking -------------------------------------------------------------------------------------------------

    def link(self, text: str, countries: Collection[str] = ()) -> Link | None:
        """The one actor `text` names, by the first rule that finds exactly one (see the module), or None.
        `countries` (ISO 3166-1 alpha-3 codes: the agreement's locations) settle a name several actors share, and
        keep `contains` and `fuzzy` from linking an actor of another country."""
        for rule, found in self._candidates(text, countries):
            chosen = self._one(found, countries, strict=rule in ("contains", "fuzzy"))
            if chosen is not None:
                actor, matched = chosen
                return Link(actor, rule, RULES[rule][0], matched)
            if found and rule not in ("contains", "fuzzy"):
                return None  # several actors answer to this exact name: not guessed by looser rules
        return None

    def _candidates(self, text: str, countries: Collection[str]) -> Iterator[tuple[str, dict[str, str]]]:
        """(rule, {actor: name matched}) for each rule in order (an empty dict: the rule found nothing)."""
        normal, folded = _normal(text), fold(text)
        for rule, key in (("name", normal), ("alias", normal), ("abbreviation", text.strip()), ("folded", folded)):
            yield rule, {a: self._originals[(a, key)] for a in self._by[rule].get(key, ())}
        yield "government_of", self._government_of(folded, countries)
        yield "contains", self._contains(text, folded, countries)
        yield "fuzzy", self._fuzzy(folded)

    def _government_of(self, folded: str, countries: Collection[str] = ()) -> dict[str, str]:
        """'Government of X', 'Republic of X', 'X Government': the state named X (spelled as one of its names, or
        within `FUZZY_MIN` of one: 'Kazakstan'); 'the National Government', 'the Government': the state of the
        mention's country, when it has exactly one."""
        if _NATIONAL_GOVERNMENT.fullmatch(folded):
            states = {a for c in countries for a in self._states_by_country.get(c, ())}
            return {a: self._actors[a].name for a in states} if len(set(countries)) == 1 else {}
        for pattern in (_GOVERNMENT_OF, _COUNTRY_GOVERNMENT):
            match = pattern.match(folded)
            if match:
                found = self._state_named(_ARTICLE.sub("", match.group("country")))
                if found:
                    return found
        return {}

    def _state_named(self, name: str) -> dict[str, str]:
        """The states one of whose names is `name` (folded) or within `FUZZY_MIN` of it ('Kazakstan'), or else
        those of the name without the form of state before it ('republic of kazakstan' -> 'kazakstan')."""
        for candidate in dict.fromkeys([name, _STATE_FORM.sub("", name)]):
            found = self._states.get(candidate, set())
            if not found and len(candidate) >= CONTAINS_MIN_LETTERS:
                near = process.extractOne(candidate, list(self._states), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
                found = self._states[near[0]] if near else set()
            if found:
                return {a: self._actors[a].name for a in found}
        return {}

    def _contains(self, text: str, folded: str, countries: Collection[str]) -> dict[str, str]:
        """The actors whose name the mention holds as whole words, longest names first (a name inside a longer
        name found is not counted), and the states it names as 'Republic of X' and their like. A one-word name
        counts only as a proper name (capitalised in the mention), an abbreviation only in capitals ('EU', not
        'eu'). When the names found belong to different actors, the mention names several: none is returned."""
        words = folded.split()
        if len(words) > CONTAINS_MAX_WORDS or _FACTION.search(folded):
            return {}
        raw, joined = _spaced_tokens(text)
        skip = len(raw) - len(words)  # a leading 'the' left out of `words`
        raw, joined = raw[skip:], joined[skip:]
        # a one-word name counts where it stands as a name: capitalised, and not followed on its line by another
        # capitalised word, which makes it part of a longer name ('Nigeria Rentería Lozano', 'Salvador SANCHEZ')
        standing = {
            i
            for i, w in enumerate(raw)
            if w[:1].isupper() and not (joined[i] and i + 1 < len(raw) and raw[i + 1][:1].isupper())
        }
        capitals = {i for i, w in enumerate(raw) if len(w) >= 2 and w.isupper()}
        spans: list[tuple[int, int, set[str]]] = []
        named: set[frozenset[str]] = set()
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                end = start + size
                if any(s <= start and end <= e for s, e, _ in spans):
                    continue
                if size > 1:
                    found = set(self._phrases.get(tuple(words[start:end]), ()))
                else:
                    word = words[start]
                    found = set(self._name_words.get(word, ())) if start in standing else set()
                    found |= set(self._abbreviation_words.get(word, ())) if start in capitals else set()
                    others = self._short_words.get(word, set()) if start in standing else set()
                    if others and not found:
                        named.add(frozenset(others))  # a short name ('Peru'): another actor named, not linked
                if found:
                    spans.append((start, end, found))
        named |= {frozenset(found) for _, _, found in spans}
        if _INNER_NATIONAL.search(folded):
            national = set(self._government_of("national government", countries))
            if national:
                named.add(frozenset(national))
                spans.append((-1, -1, national))
        for match in _OF_STATE.finditer(folded):
            candidate = match.group("name").split()
            for size in range(len(candidate), 0, -1):
                states = self._states.get(" ".join(candidate[:size]), set())
                if states:
                    named.add(frozenset(states))
                    spans.append((-1, -1, set(states)))
                    break
        if len(named) != 1:
            return {}
        actors: dict[str, str] = {}
        for start, end, found in spans:
            for actor in found:
                actors.setdefault(actor, " ".join(words[start:end]) if start >= 0 else self._actors[actor].name)
        return actors

    def _fuzzy(self, folded: str) -> dict[str, str]:
        words = folded.split()
        if not words or len(words) > FUZZY_MAX_WORDS or folded in GENERIC:
            return {}
        # only names sharing a word with the mention (other than the commonest) can reach the least ratio
        shared = sorted(set().union(*(self._by_word.get(w, set()) for w in set(words) - _COMMON_WORDS)))
        best: dict[str, tuple[float, str]] = {}
        choices = {index: self._choices[index] for index in shared}
        for choice, score, index in process.extract(
            folded, choices, scorer=fuzz.token_sort_ratio, limit=10, score_cutoff=FUZZY_MIN - FUZZY_MARGIN
        ):
            actor = self._choice_actor[index]
            if actor not in best or score > best[actor][0]:
                best[actor] = (score, choice)
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        if not ranked or ranked[0][1][0] < FUZZY_MIN:
            return {}
        if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < FUZZY_MARGIN:
            return {a: c for a, (s, c) in ranked if ranked[0][1][0] - s < FUZZY_MARGIN}
        return {ranked[0][0]: ranked[0][1][1]}

    def _one(self, found: dict[str, str], countries: Collection[str], *, strict: bool) -> tuple[str, str] | None:
        """The one actor of `found` (after the countries settle a tie), with the name matched; None otherwise."""
        if countries:  # a name that says who, not which, names an actor of the mention's country only
            found = {a: m for a, m in found.items() if fold(m) not in GENERIC or self._actors[a].country in countries}
        if strict:
            found = {
                a: m
                for a, m in found.items()
                if self._actors[a].kind in INTERNATIONAL_KINDS
                or not countries
                or self._actors[a].country is None
                or self._actors[a].country in countries
            }
        if len(found) > 1 and countries:
            local = {a: m for a, m in found.items() if self._actors[a].country in countries}
            if len(local) == 1:
                found = local
        if len(found) != 1:
            return None
        actor, matched = next(iter(found.items()))
        return actor, self._originals.get((actor, matched), matched)
