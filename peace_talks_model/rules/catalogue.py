"""The catalogue of the validator's checks, grouped by what they check: `catalogue()` gives the sections that
`peace-talks explain --list` prints and the generated page docs/reference/rules.md shows.

The codes of the rules in `RULES` are grouped by their rule's `Family`, and so are the checks of meaning that the
models make inside one record (`MODEL_FAMILIES`: a history out of order, named detainees beyond a count); the
codes of the other checks (the structure of a file or record, a value's form, evidence against the texts of
sources) are grouped by their range. Every code is in exactly one section.
"""

from __future__ import annotations

from dataclasses import dataclass

from peace_talks_model.codes import CODES, Code
from peace_talks_model.rules import RULES
from peace_talks_model.rules.base import FAMILY_TITLES, Family, Rule

#: Sections of the codes that no rule object holds, by code prefix: (key, title, description).
_RANGES: tuple[tuple[str, str, str, str], ...] = (
    ("PT1", "structure", "Structure", "The file, the JSON and the record's shape."),
    ("PT2", "values", "Values", "A field's value, or a rule inside one record that the models check."),
    ("PT31", "texts", "Evidence against source texts", "Quotes and offsets are found in the texts of their sources."),
    ("PT", "other", "Other checks", "Codes of no other section."),
)


#: Checks of meaning that the models make inside one record (PT2xx codes, no rule object), by family.
MODEL_FAMILIES: dict[str, Family] = {
    "PT206": Family.dates,
    "PT250": Family.lifecycle,
    "PT221": Family.quantities,
    "PT222": Family.quantities,
    "PT226": Family.quantities,
    "PT254": Family.quantities,
    "PT255": Family.quantities,
    "PT256": Family.quantities,
    "PT253": Family.relations,
    "PT257": Family.relations,
    "PT264": Family.actors_over_time,
    "PT266": Family.claims,
    "PT267": Family.quantities,
    "PT268": Family.quantities,
    "PT269": Family.relations,
    "PT272": Family.durations,
    "PT273": Family.relations,
}


@dataclass(frozen=True, slots=True)
class Section:
    """One group of the catalogue: its key (a `Family` value or a range's key), title, description, its codes in
    numeric order and the rule objects that give them (none for a range)."""

    key: str
    title: str
    description: str
    codes: tuple[Code, ...]
    rules: tuple[Rule, ...] = ()


def rule_for(code: Code) -> Rule | None:
    """The rule object whose findings carry `code` (None: the code comes from the models or the reader)."""
    return next((rule for rule in RULES if rule.name in code.rules), None)


def catalogue() -> tuple[Section, ...]:
    """Every code, in sections: the ranges of structure and values first, then each family of rules in the order
    of `FAMILY_TITLES`, then evidence against source texts."""
    by_family: dict[Family, list[Code]] = {}
    by_range: dict[str, list[Code]] = {}
    for code in CODES:
        rule = rule_for(code)
        family = rule.family if rule is not None else MODEL_FAMILIES.get(code.code)
        if family is not None:
            by_family.setdefault(family, []).append(code)
        else:
            key = next(key for prefix, key, _, _ in _RANGES if code.code.startswith(prefix))
            by_range.setdefault(key, []).append(code)
    ranges = {key: (title, description) for _, key, title, description in _RANGES}
    sections = [Section(key, *ranges[key], tuple(by_range[key])) for key in ("structure", "values") if key in by_range]
    for family, (title, description) in FAMILY_TITLES.items():
        if family in by_family:
            rules = tuple(rule for rule in RULES if rule.family is family)
            sections.append(Section(family.value, title, description, tuple(by_family[family]), rules))
    sections += [Section(key, *ranges[key], tuple(by_range[key])) for key in ("texts", "other") if key in by_range]
    return tuple(sections)


__all__ = ["MODEL_FAMILIES", "Section", "catalogue", "rule_for"]
