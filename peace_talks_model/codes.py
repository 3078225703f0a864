"""The finding codes of `peace-talks validate`: one stable code per rule, with what it means and how to fix it.

Ranges: `PT1xx` structure (the file, the JSON, the record's shape), `PT2xx` values (a field's value, or a rule
inside one record), `PT3xx` cross-record (records that do not fit together; `PT31x`: evidence that does not fit
the texts of its sources; `PT32x`: answers of the LLM profile's tiers that do not merge), `PT4xx` meaning (facts
of one record or of several that cannot all be true: a life cycle out of order, a date that disagrees with its
history), `PT9xx` warnings (SHOULD-level).
A code never changes meaning once published; retired codes are not reused. `CODES` is the registry;
`code_for(rule)` maps a pydantic error type or one of our rule names to its code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is."""

    error = "error"
    warning = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """One finding code: its number, name, one-line summary, the rules it covers and its severity (the longer
    explanation for `peace-talks explain` lives in `peace_talks_model.explanations`)."""

    code: str
    name: str
    summary: str
    rules: tuple[str, ...] = ()
    severity: Severity = Severity.error


def _c(code: str, name: str, summary: str, *rules: str, severity: Severity = Severity.error) -> Code:
    return Code(code, name, summary, rules or (name,), severity)


_W = Severity.warning

#: Every code, in numeric order.
CODES: tuple[Code, ...] = (
    # PT1xx structure
    _c(
        "PT100",
        "unreadable",
        "An input could not be read (missing, a directory loop, no permission, not a file).",
        "not_found",
        "unreadable",
    ),
    _c("PT101", "encoding", "A file is not valid UTF-8 text."),
    _c(
        "PT102",
        "json_syntax",
        "A file or line is not valid JSON (or holds a number no double can hold).",
        "json_syntax",
        "json_invalid",
        "number_out_of_range",
    ),
    _c("PT103", "duplicate_key", "An object has the same key twice (a value would be silently lost)."),
    _c("PT104", "empty_input", "A file holds no JSON value at all.", "empty"),
    _c(
        "PT105",
        "envelope",
        "The envelope object has unknown keys or its 'records' is not an array.",
        "envelope_keys",
        "envelope_records",
    ),
    _c("PT106", "record_not_object", "A record is not a JSON object."),
    _c("PT110", "unknown_record_type", "The record_type tag names no record type.", "union_tag_invalid"),
    _c("PT111", "missing_record_type", "The record has no record_type tag.", "union_tag_not_found"),
    _c("PT112", "unknown_field", "A key is not a field of this object (often a typo).", "extra_forbidden"),
    _c("PT113", "missing_field", "A required field is missing.", "missing"),
    _c(
        "PT114",
        "wrong_type",
        "A value has the wrong JSON type (a string where a number or an array is expected).",
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "count_type",
        "date_type",
        "int_from_float",
        "is_instance_of",
        "none_required",
        "int_parsing",
        "float_parsing",
        "bool_parsing",
        "string_sub_type",
        "union_type",
    ),
    # PT2xx values and rules inside one record
    _c("PT201", "value_not_allowed", "A value is not one of the allowed values of the field.", "enum", "literal_error"),
    _c(
        "PT202",
        "pattern_mismatch",
        "A string does not have the required form (ids, references, codes, URLs...).",
        "string_pattern_mismatch",
    ),
    _c(
        "PT203",
        "length",
        "A string or array is too short or too long.",
        "string_too_short",
        "string_too_long",
        "too_short",
        "too_long",
    ),
    _c(
        "PT204",
        "out_of_range",
        "A number is outside its allowed range.",
        "greater_than_equal",
        "greater_than",
        "less_than_equal",
        "less_than",
        "count_negative",
    ),
    _c(
        "PT205",
        "invalid_date",
        "A date is not a valid EDTF date, or names a day that does not exist.",
        "edtf_date_valid",
    ),
    _c("PT206", "dates_reversed", "A range or period ends before it starts.", "date_range_ordered"),
    _c("PT207", "weekday_mismatch", "The weekday named does not fall on the date.", "weekday_matches_date"),
    _c(
        "PT208",
        "date_part_not_applicable",
        "early/mid/late is given on a date that is not a single month or year.",
        "date_part_applicable",
    ),
    _c("PT209", "time_needs_day", "A time or part of day is given on a date that is not a single day."),
    _c(
        "PT210",
        "relative_date_without_anchor",
        "A date resolved relative to an event does not name the event.",
        "relative_date_has_anchor",
    ),
    _c("PT211", "invalid_duration", "A duration is not an ISO 8601 duration such as 'P135D'.", "duration_valid"),
    _c(
        "PT220",
        "empty_quantity",
        "A quantity gives no number, bounds, fraction or vague qualifier.",
        "quantity_not_empty",
    ),
    _c(
        "PT221",
        "quantity_bounds_reversed",
        "A quantity's lower bound is above its upper bound.",
        "quantity_bounds_ordered",
    ),
    _c(
        "PT222",
        "quantity_value_outside_bounds",
        "A quantity's value lies outside its own bounds.",
        "quantity_value_within_bounds",
    ),
    _c(
        "PT223",
        "qualifier_without_number",
        "'about', 'more than'... is given without the number it qualifies.",
        "quantity_qualifier_has_number",
    ),
    _c(
        "PT224",
        "vague_quantity_with_value",
        "'several', 'many', 'all' or 'unknown' is given with a value.",
        "quantity_vague_has_no_value",
    ),
    _c(
        "PT225",
        "fraction_without_base",
        "'fraction' and its base ('of' or 'of_record') are not given together, or both bases are.",
        "quantity_fraction_has_base",
    ),
    _c(
        "PT226",
        "qualifier_contradicts_bounds",
        "A quantity's qualifier contradicts its bounds.",
        "quantity_qualifier_fits_bounds",
    ),
    _c(
        "PT230",
        "unknown_schema_version",
        "The record's schema_version is not a version of the record contract this package knows.",
        "schema_version_known",
    ),
    _c(
        "PT231",
        "external_id_invalid",
        "An external identifier does not have the form of its scheme.",
        "external_id_matches_scheme",
    ),
    _c("PT232", "unknown_country_code", "A country code is not an ISO 3166-1 alpha-3 code.", "country_code_known"),
    _c(
        "PT233",
        "newer_than_schema_version",
        "The record uses a field or value that came in a later version than its schema_version.",
        "schema_version_covers",
    ),
    _c(
        "PT240",
        "offsets_mismatch",
        "Evidence offsets are incomplete or do not span the quote's length.",
        "offsets_span_quote",
    ),
    _c(
        "PT241",
        "speaker_named_and_unnamed",
        "An attribution gives both a named and an unnamed speaker.",
        "speaker_named_or_unnamed",
    ),
    _c("PT242", "relay_without_outlet", "A relay in an attribution chain names no outlet.", "relay_names_outlet"),
    _c("PT243", "hedge_not_marked", "A hedging word is given but 'hedged' is not true.", "hedge_implies_hedged"),
    _c(
        "PT250",
        "history_out_of_order",
        "A status history (or implementation history) is not chronological.",
        "status_history_chronological",
    ),
    _c("PT251", "duplicate_key_in_record", "Two parts of a record share a key.", "keys_unique"),
    _c("PT252", "undefined_key", "A key referred to inside a record is not defined in it.", "local_keys_resolve"),
    _c(
        "PT253",
        "self_reference",
        "A record or relation refers to the record itself.",
        "relation_not_to_self",
        "not_part_of_itself",
        "claim_not_self_referential",
        "position_not_self_referential",
    ),
    _c(
        "PT254",
        "arrangement_mismatch",
        "A cease-fire's arrangement disagrees with the number of declaring sides.",
        "arrangement_matches_declarations",
    ),
    _c(
        "PT255",
        "too_many_named_detainees",
        "A swap side names more detainees than its count allows.",
        "named_detainees_within_count",
    ),
    _c("PT256", "detainee_listed_twice", "A swap side names the same person twice.", "detainees_unique"),
    _c("PT257", "side_releases_to_itself", "A swap side has the same releaser and receiver.", "side_not_self_release"),
    _c(
        "PT258", "mediation_inconsistent", "A cease-fire said to be unmediated lists mediators.", "mediation_consistent"
    ),
    _c(
        "PT259",
        "participant_unidentified",
        "A participant, third party or custodian has neither an actor nor a description.",
        "participant_identified",
    ),
    _c(
        "PT260",
        "empty_place",
        "A place gives no name, country, coordinates, identifier or 'undisclosed'.",
        "place_not_empty",
    ),
    _c("PT261", "coordinates_unpaired", "Latitude and longitude are not given together.", "coordinates_paired"),
    _c(
        "PT262",
        "unknown_anchor_status",
        "An anchor names a status the anchored record type does not have.",
        "anchor_status_known",
    ),
    _c(
        "PT263",
        "relative_time_offset",
        "A relative time lacks the offset its relation needs (or has one it cannot).",
        "relative_time_has_offset",
    ),
    _c("PT264", "post_before_birth", "A post starts before the actor was born or founded.", "posts_within_life"),
    _c("PT265", "holder_listed_twice", "A position lists the same holder twice.", "holders_unique"),
    _c(
        "PT266",
        "claim_links_inconsistent",
        "A claim both contradicts and supports the same claim.",
        "claim_links_consistent",
    ),
    _c(
        "PT267",
        "ratio_mismatch",
        "A swap side's count is not its stated ratio times the other side's count.",
        "swap_ratio_matches_counts",
    ),
    _c(
        "PT268",
        "beyond_baseline",
        "A reduction, or the level it reaches, is larger than the baseline it starts from.",
        "quantity_within_baseline",
    ),
    _c(
        "PT269",
        "relation_target_mismatch",
        "A relation points to a record of a type it cannot point to.",
        "relation_target_fits",
    ),
    _c(
        "PT270",
        "negative_fact_incomplete",
        "A negative event (something that did not happen) has no span of time, or has outcomes.",
        "negative_fact_has_span",
        "negative_fact_without_outcomes",
    ),
    _c("PT271", "empty_duration", "A duration gives no length, bound or wording.", "duration_not_empty"),
    _c(
        "PT272",
        "duration_bounds_reversed",
        "A duration's lower bound, value and upper bound are not in order.",
        "duration_bounds_ordered",
    ),
    _c("PT273", "actor_on_both_sides", "An actor is on both sides of a conflict.", "conflict_sides_distinct"),
    _c(
        "PT274",
        "link_without_actor",
        "A party mention says how its actor was linked, but names no actor.",
        "link_needs_actor",
    ),
    _c(
        "PT299",
        "invalid_value",
        "A value breaks a rule not covered by a more specific code.",
        "value_error",
        "assertion_error",
    ),
    # PT3xx cross-record
    _c(
        "PT301",
        "unresolved_reference",
        "A reference names a record that is not among the records given.",
        "reference_resolves",
    ),
    _c("PT302", "duplicate_id", "Two records have the same id.", "ids_unique"),
    _c(
        "PT303",
        "implausible_referent",
        "A reference points to a record of an implausible kind (a swap detainee "
        "that is a state, a signatory that is an event).",
        "referent_kind_plausible",
    ),
    _c(
        "PT304",
        "dates_disagree",
        "Dates of related records contradict each other (an agreement signed before it "
        "was drafted elsewhere, a position held after its holder died).",
        "dates_agree_across_records",
    ),
    _c(
        "PT305",
        "one_way_link",
        "A claim contradicts another that does not contradict it back.",
        "contradiction_links_mutual",
    ),
    # PT31x grounding: evidence against the texts of its sources (`validate --texts`, `--ground`)
    _c(
        "PT310",
        "quote_not_in_source",
        "An evidence quote (or a text defect's passage) does not occur in its source's text.",
        "quote_in_source",
    ),
    _c(
        "PT311",
        "offsets_miss_quote",
        "Evidence offsets select other text than the quote in the source's text.",
        "offsets_select_quote",
    ),
    _c(
        "PT312",
        "observed_name_not_in_source",
        "A name recorded as observed in a source (a misspelling, a wrong name) does not occur in its text.",
        "observed_name_in_source",
    ),
    _c(
        "PT313",
        "source_text_hash_mismatch",
        "The text given for a source does not have the SHA-256 its source record declares.",
        "source_text_hash_matches",
    ),
    _c(
        "PT314",
        "source_text_missing",
        "No text was given for the source a quote cites (only with --require-texts).",
        "source_text_given",
    ),
    _c(
        "PT315",
        "source_text_unreadable",
        "The text of a source cannot be read (no such file, not UTF-8).",
        "source_text_readable",
    ),
    # PT32x: answers of the LLM profile's tiers that do not merge (peace-talks merge)
    _c(
        "PT320",
        "merge_conflict",
        "Two answers give one field of a record different values (peace-talks merge chooses neither).",
    ),
    _c(
        "PT321",
        "merge_unknown_record",
        "An enrichment answer names a record no core answer holds (or names none).",
    ),
    _c(
        "PT322",
        "merge_wrong_record_type",
        "An enrichment answer is for another record type than the core record with its id.",
    ),
    # PT4xx meaning
    _c(
        "PT401",
        "status_out_of_life_cycle",
        "A status of a later stage of the life cycle comes before one of an earlier stage (ratified before signed).",
        "status_order",
    ),
    _c(
        "PT402",
        "date_disagrees_with_history",
        "A record's date and the date of its defining status step cannot be the same time.",
        "date_matches_history",
    ),
    _c(
        "PT403",
        "stance_contradicts_factuality",
        "A claim's stance and its factuality cannot both hold ('confirms' with certain-false, 'denies' with "
        "certain-true).",
        "stance_fits_factuality",
    ),
    _c(
        "PT404",
        "fraction_contradicts_value",
        "A quantity's value is not the fraction of its base it is also given as ('about a third of 9,000' as 6,500).",
        "fraction_matches_value",
    ),
    _c(
        "PT405",
        "live_after_end",
        "A status history goes on after a status that ended the record (collapsed, broken, cancelled) with no "
        "resumption between them.",
        "resumption_after_end",
    ),
    _c(
        "PT406",
        "implementation_contradicts_commitment",
        "An implementation history contradicts itself or its commitment (not started after it started, overdue "
        "before the deadline).",
        "implementation_follows_commitment",
    ),
    _c(
        "PT407",
        "stated_after_held",
        "A position is stated after the date until which it was held.",
        "position_held_when_stated",
    ),
    _c(
        "PT430",
        "parts_exceed_whole",
        "Parts of a record add up to more than their whole (a swap's rounds more than the side's count, killed "
        "and injured more than those killed or injured).",
        "parts_within_whole",
    ),
    _c(
        "PT431",
        "percentage_out_of_range",
        "A quantity whose unit is a percentage of a whole is certainly above 100.",
        "percentage_in_range",
    ),
    _c(
        "PT432",
        "fraction_outside_bounds",
        "A quantity given as a fraction of another has bounds the fraction cannot reach ('more than half of "
        "14,000', at most 6,000).",
        "fraction_fits_bounds",
    ),
    _c(
        "PT433",
        "several_below_two",
        "A quantity qualified 'several' has an upper bound below two.",
        "several_fits_bounds",
    ),
    _c(
        "PT410",
        "relative_time_misfits_anchor",
        "A calendar date given with a time relative to an anchor is not a day the anchor allows ('within 90 days "
        "of signing' before the signing), or a final deadline is shorter than the first.",
        "relative_time_fits_anchor",
    ),
    _c(
        "PT411",
        "outside_span",
        "A part is dated outside what it belongs to (a violation before the cease-fire began, a round outside its "
        "swap's date).",
        "inside_span",
    ),
    _c(
        "PT412",
        "extension_does_not_extend",
        "A cease-fire's extension ends before the end it extends, or before it was announced.",
        "extension_extends",
    ),
    _c(
        "PT413",
        "duration_disagrees_with_dates",
        "A stated duration and the dates it spans cannot both be right (a 10-day meeting dated over 3 days).",
        "duration_matches_dates",
    ),
    _c(
        "PT420",
        "relation_cycle",
        "Relations that are an order form a cycle (a parent of one's own parent, an organisation that is a member of "
        "its own member, an agreement superseding what supersedes it).",
        "relation_order_acyclic",
    ),
    _c(
        "PT421",
        "effect_before_cause",
        "A record is dated before what it depends on (an agreement superseding a later one, a reply before what it "
        "answers, a parent born after the child).",
        "cause_before_effect",
    ),
    _c(
        "PT422",
        "act_outside_life",
        "An actor acts after its death or dissolution, or before its birth or founding (a post, talks, a "
        "declaration, a statement).",
        "acts_within_life",
    ),
    _c(
        "PT423",
        "kinship_disagrees",
        "Two actors' kinship relations to each other do not fit together (a parent's child says it is his sibling).",
        "kinship_agrees",
    ),
    _c(
        "PT440",
        "swap_links_disagree",
        "An agreement or cease-fire lists a prisoner swap that names another agreement or cease-fire as its own.",
        "swap_links_agree",
    ),
    _c(
        "PT441",
        "reciprocal_by_same_side",
        "A cease-fire said to reciprocate another is declared only by actors who declared that one too.",
        "reciprocal_by_other_side",
    ),
    _c(
        "PT442",
        "arrangement_out_of_order",
        "A cease-fire begins in an order its relations forbid (before the cease-fire it supersedes, before the "
        "agreement providing for it was signed, after the agreement it is a precondition for).",
        "arrangement_order",
    ),
    _c(
        "PT443",
        "custody_misfits_swap",
        "A swap side's custody holds someone the side did not release, or begins before anyone was released.",
        "custody_fits_swap",
    ),
    _c(
        "PT450",
        "negative_fact_contradicted",
        "A negative event (nothing of its kind happened in a span) is contradicted by a record of such a happening "
        "inside the span (a cease-fire declared, an agreement signed, an event of its kind).",
        "negative_fact_holds",
    ),
    _c(
        "PT451",
        "share_of_record_misfits",
        "A fraction of another record's quantity points at no quantity there, or cannot give the number stated.",
        "share_of_record_fits",
    ),
    _c(
        "PT452",
        "stated_duration_misfits_start",
        "A conflict's stated duration ('19 years of war' as of 2020) does not fit the time since its start.",
        "stated_duration_fits_start",
    ),
    # PT9xx warnings
    _c("PT901", "no_evidence", "A record cites no evidence at all.", "record_has_evidence", severity=_W),
    _c(
        "PT902",
        "fuzzy_date_without_wording",
        "A fuzzy or resolved date does not keep the source's wording.",
        "fuzzy_date_has_wording",
        severity=_W,
    ),
    _c(
        "PT903",
        "unnamed_speaker_without_reason",
        "An unnamed speaker has no stated reason for anonymity.",
        "unnamed_speaker_has_reason",
        severity=_W,
    ),
    _c("PT904", "no_records", "A file holds no records.", "file_has_records", severity=_W),
    _c(
        "PT913",
        "party_also_mediator",
        "An actor is both a party and a mediator or facilitator of the same negotiation.",
        "party_also_mediator",
        severity=_W,
    ),
    _c(
        "PT914",
        "released_after_death",
        "A swap releases a detainee after his recorded death, and does not say that his remains were handed over.",
        "released_after_death",
        severity=_W,
    ),
    _c(
        "PT915",
        "outside_conflict",
        "A record naming a conflict is dated before the conflict began, or (an event or a cease-fire) after it ended.",
        "within_conflict",
        severity=_W,
    ),
    _c(
        "PT916",
        "outside_knowledge_uncited",
        "A date taken from outside knowledge names no source in 'anchor', or the record does not cite that source.",
        "outside_knowledge_cited",
        severity=_W,
    ),
    _c(
        "PT917",
        "outside_basis_uncited",
        "A fact known from outside knowledge (a place, a relation, a post, a signature, a publication date) cites "
        "no source for it.",
        "outside_basis_cited",
        severity=_W,
    ),
)

CODE_BY_NUMBER: dict[str, Code] = {c.code: c for c in CODES}
_CODE_BY_RULE: dict[str, Code] = {rule: c for c in CODES for rule in c.rules}
FALLBACK = CODE_BY_NUMBER["PT299"]


def code_for(rule: str) -> Code:
    """The code of a rule name or pydantic error type (PT299 for a rule without its own code)."""
    return _CODE_BY_RULE.get(rule, FALLBACK)


def lookup(text: str) -> Code | None:
    """Find a code by number ('PT112', case-insensitive) or by name ('unknown_field')."""
    text = text.strip()
    return CODE_BY_NUMBER.get(text.upper()) or next((c for c in CODES if c.name == text), None)
