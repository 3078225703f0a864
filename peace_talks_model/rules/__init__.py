"""The validator's rules beyond the schema, one object each, and `RULES`, the registry that drives the engine.

Each rule is one object (see `peace_talks_model.rules.base`) holding its name, description, scope, failing example,
the facts it keeps of each record, how it picks its suspects, and its precise check. `peace_talks_model.validation`
runs the rules of `RULES` that a run keeps active through `peace_talks_model.rules.engine`, which names none of
them. Modules by theme: `references` (ids and references), `kinds` (kinds of referents), `dates` (dates across
records), `claims` (links between claims, a claim's stance), `lifecycle` (a record's life cycle, by meaning),
`quantities` (numbers that must agree), `parts` (parts that must fit their whole), `times` (relative times, parts
inside their whole, extensions, durations), `relations` (orders without cycles, causes before effects, a party that
also mediates), `lives` (actors over time: nothing done after a death or before a birth), `links` (swaps, cease-fires
and agreements linked to each other: links read from both ends, reciprocity, order in time, custody), `facts`
(facts typed by schema 1.5: negative events, shares of another record's quantity, conflicts' durations and spans),
`evidence`, `wording` (a record's wording) and `files`.

Adding a rule: write its object in a theme module, add it to `RULES`, give its name a code in
`peace_talks_model.codes` and the code an explanation in `peace_talks_model.explanations`.
"""

from __future__ import annotations

from peace_talks_model.rules.base import FAMILY_TITLES, Family, FileRule, RecordRule, Rule, Scope, SetRule
from peace_talks_model.rules.claims import (
    CONTRADICTION_LINKS_MUTUAL,
    POSITION_HELD_WHEN_STATED,
    STANCE_FITS_FACTUALITY,
)
from peace_talks_model.rules.dates import DATES_AGREE_ACROSS_RECORDS
from peace_talks_model.rules.evidence import RECORD_HAS_EVIDENCE
from peace_talks_model.rules.facts import (
    NEGATIVE_FACT_HOLDS,
    SHARE_OF_RECORD_FITS,
    STATED_DURATION_FITS_START,
    WITHIN_CONFLICT,
)
from peace_talks_model.rules.files import FILE_HAS_RECORDS
from peace_talks_model.rules.kinds import REFERENT_KIND_PLAUSIBLE
from peace_talks_model.rules.lifecycle import (
    DATE_MATCHES_HISTORY,
    IMPLEMENTATION_FOLLOWS_COMMITMENT,
    RESUMPTION_AFTER_END,
    STATUS_ORDER,
)
from peace_talks_model.rules.links import (
    ARRANGEMENT_ORDER,
    CUSTODY_FITS_SWAP,
    RECIPROCAL_BY_OTHER_SIDE,
    SWAP_LINKS_AGREE,
)
from peace_talks_model.rules.lives import ACTS_WITHIN_LIFE, RELEASED_AFTER_DEATH
from peace_talks_model.rules.parts import PARTS_WITHIN_WHOLE
from peace_talks_model.rules.quantities import (
    FRACTION_FITS_BOUNDS,
    FRACTION_MATCHES_VALUE,
    PERCENTAGE_IN_RANGE,
    SEVERAL_FITS_BOUNDS,
)
from peace_talks_model.rules.references import IDS_UNIQUE, REFERENCE_RESOLVES
from peace_talks_model.rules.relations import (
    CAUSE_BEFORE_EFFECT,
    KINSHIP_AGREES,
    PARTY_ALSO_MEDIATOR,
    RELATION_ORDER_ACYCLIC,
)
from peace_talks_model.rules.times import (
    DURATION_MATCHES_DATES,
    EXTENSION_EXTENDS,
    INSIDE_SPAN,
    RELATIVE_TIME_FITS_ANCHOR,
)
from peace_talks_model.rules.wording import (
    FUZZY_DATE_HAS_WORDING,
    OUTSIDE_BASIS_CITED,
    OUTSIDE_KNOWLEDGE_CITED,
    UNNAMED_SPEAKER_HAS_REASON,
)

#: Every rule, in the order they run.
RULES: tuple[Rule, ...] = (
    IDS_UNIQUE,
    REFERENCE_RESOLVES,
    REFERENT_KIND_PLAUSIBLE,
    DATES_AGREE_ACROSS_RECORDS,
    CONTRADICTION_LINKS_MUTUAL,
    STATUS_ORDER,
    RESUMPTION_AFTER_END,
    IMPLEMENTATION_FOLLOWS_COMMITMENT,
    DATE_MATCHES_HISTORY,
    STANCE_FITS_FACTUALITY,
    POSITION_HELD_WHEN_STATED,
    FRACTION_MATCHES_VALUE,
    PARTS_WITHIN_WHOLE,
    PERCENTAGE_IN_RANGE,
    FRACTION_FITS_BOUNDS,
    SEVERAL_FITS_BOUNDS,
    RELATIVE_TIME_FITS_ANCHOR,
    INSIDE_SPAN,
    EXTENSION_EXTENDS,
    DURATION_MATCHES_DATES,
    RELATION_ORDER_ACYCLIC,
    CAUSE_BEFORE_EFFECT,
    KINSHIP_AGREES,
    ACTS_WITHIN_LIFE,
    SWAP_LINKS_AGREE,
    RECIPROCAL_BY_OTHER_SIDE,
    ARRANGEMENT_ORDER,
    CUSTODY_FITS_SWAP,
    PARTY_ALSO_MEDIATOR,
    RELEASED_AFTER_DEATH,
    NEGATIVE_FACT_HOLDS,
    SHARE_OF_RECORD_FITS,
    STATED_DURATION_FITS_START,
    WITHIN_CONFLICT,
    RECORD_HAS_EVIDENCE,
    FUZZY_DATE_HAS_WORDING,
    UNNAMED_SPEAKER_HAS_REASON,
    OUTSIDE_KNOWLEDGE_CITED,
    OUTSIDE_BASIS_CITED,
    FILE_HAS_RECORDS,
)

#: The names of every rule.
RULE_NAMES = frozenset(rule.name for rule in RULES)


def rule_named(name: str) -> Rule:
    """The registered rule with this name.

    Raises:
        KeyError: no rule has this name.
    """
    for rule in RULES:
        if rule.name == name:
            return rule
    raise KeyError(name)


__all__ = [
    "FAMILY_TITLES",
    "RULES",
    "RULE_NAMES",
    "Family",
    "FileRule",
    "RecordRule",
    "Rule",
    "Scope",
    "SetRule",
    "rule_named",
]
