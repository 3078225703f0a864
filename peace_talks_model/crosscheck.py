"""The former home of the cross-record checks, kept so that imports of it keep working.

The rules are objects in `peace_talks_model.rules`: `CHECKS` is its registry `RULES` and `ALL_RULES` the rules'
names. The types the engine runs them with live in `peace_talks_model.rules.base` (`Entry`, `Index`,
`record_key`...) and `peace_talks_model.rules.engine` (`CrossFinding`, `CrossIndex`, `Facts`, `Suspects`).
"""

from __future__ import annotations

from peace_talks_model.rules import RULE_NAMES as ALL_RULES
from peace_talks_model.rules import RULES as CHECKS
from peace_talks_model.rules.base import Entry, Index, escaped, key_parts, record_key
from peace_talks_model.rules.engine import CrossFinding, CrossIndex, Facts, Suspects
from peace_talks_model.rules.references import reference_candidates

__all__ = [
    "ALL_RULES",
    "CHECKS",
    "CrossFinding",
    "CrossIndex",
    "Entry",
    "Facts",
    "Index",
    "Suspects",
    "escaped",
    "key_parts",
    "record_key",
    "reference_candidates",
]
