"""The long explanations shown by `peace-talks explain CODE`: why each finding code exists, how to fix what it
reports, and a bad and a good example of realistic peace-process data.

`EXPLANATIONS` maps every code of `peace_talks_model.codes.CODES` (same order) to an `Explanation`. For the
record-level codes (PT110-PT299) `bad` and `good` are complete minimal records, so they can be validated: `good`
passes and `bad` breaks the code's rule. For file-level codes (PT100-PT106), cross-record and grounding codes
(PT3xx) and warnings (PT9xx) the examples are short fragments (a command, part of a file, two records).
"""

from typing import NamedTuple


class Explanation(NamedTuple):
    """Why a code exists, how to fix it, and a good and a bad example."""

    #: what the rule protects: data quality, what goes wrong downstream, the codebook it follows
    why: str
    #: concrete steps to fix a finding
    fix: str
    #: a short realistic JSON fragment (a record or the relevant part) that triggers the code
    bad: str
    #: the same fragment, fixed
    good: str


EXPLANATIONS: dict[str, Explanation] = {
    # ------------------------------------------------------------------------------------------------------
    # PT1xx structure: the file, the JSON, the record's shape
    # ------------------------------------------------------------------------------------------------------
    "PT100": Explanation(
        why="The validator could not open one of the paths it was given: the file does not exist, is not a "
        "regular file, cannot be read with your permissions, or a directory loops back on itself. Nothing in it "
        "was checked, so without this finding a mistyped path would look like a clean run over fewer records.",
        fix="Check the path named in the message for typos, make the file readable, or pass the directory that "
        "holds the records.",
        bad="$ peace-talks validate data/afghanistan/doha-agreemnt.json\n# no such file: the name is misspelt",
        good="$ peace-talks validate data/afghanistan/doha-agreement.json",
    ),
    "PT101": Explanation(
        why="Record files are UTF-8 text. A file saved in another encoding (Latin-1 or Windows-1252 from a "
        "spreadsheet export) turns names such as 'Jesús Santrich' or 'Sinn Féin' into wrong characters or "
        "unreadable bytes, and the names would no longer match across files.",
        fix="Re-save the file as UTF-8 (without changing the text), e.g. `iconv -f latin1 -t utf-8`, then "
        "check that accented names read correctly.",
        bad="# saved as Latin-1: the 'ú' below is stored as the single byte 0xFA\n"
        '{"record_type": "actor", "id": "actor:jesus-santrich", "schema_version": "1.7",\n'
        ' "name": "Jesús Santrich", "kind": "person", "country": "COL"}',
        good="# the same record, saved as UTF-8 ('ú' is the two bytes 0xC3 0xBA)\n"
        '{"record_type": "actor", "id": "actor:jesus-santrich", "schema_version": "1.7",\n'
        ' "name": "Jesús Santrich", "kind": "person", "country": "COL"}',
    ),
    "PT102": Explanation(
        why="The file (or one line of a .jsonl file) is not valid JSON, so none of the records in it can be "
        "read. Common causes are a trailing comma, single quotes, comments, NaN, or a Python dict pasted "
        "instead of JSON.",
        fix="Go to the line and column in the message and correct the syntax; `python -m json.tool FILE` points "
        "at the same spot.",
        bad="[\n"
        '  {"record_type": "event", "id": "event:2019-09-05-kabul-bombing", "schema_version": "1.7",\n'
        '   "kind": "bombing", "date": "2019-09-05"},\n'
        "]",
        good="[\n"
        '  {"record_type": "event", "id": "event:2019-09-05-kabul-bombing", "schema_version": "1.7",\n'
        '   "kind": "bombing", "date": "2019-09-05"}\n'
        "]",
    ),
    "PT103": Explanation(
        why="Ordinary JSON readers keep only the last of two equal keys in an object, so one value vanishes "
        "without a word: below, the signing date of the Belfast Agreement would be replaced by the date of the "
        "referendums. The validator refuses the file rather than guess which value was meant.",
        fix="Keep one key; if both values are real facts, put the second one in the field made for it (here a "
        "step of the status history).",
        bad='{"record_type": "agreement", "id": "agreement:1998-04-10-belfast-agreement", "schema_version": "1.7",\n'
        ' "name": "Belfast Agreement", "date": "1998-04-10", "date": "1998-05-22"}',
        good='{"record_type": "agreement", "id": "agreement:1998-04-10-belfast-agreement", "schema_version": "1.7",\n'
        ' "name": "Belfast Agreement", "date": "1998-04-10",\n'
        ' "status_history": [{"status": "signed", "date": "1998-04-10"},\n'
        '                    {"status": "approved_in_referendum", "date": "1998-05-22"}]}',
    ),
    "PT104": Explanation(
        why="An empty file (no bytes, or only spaces and newlines) usually means an export or a copy failed half "
        "way, so records that were expected are missing. Reporting it keeps a silent loss of data from passing "
        "as a successful run.",
        fix="Write the records into the file (one record, an array of records or an envelope object), or delete "
        "the file if it is not meant to hold any.",
        bad="# data/colombia/ceasefires.json: 0 bytes",
        good="[\n"
        '  {"record_type": "ceasefire", "id": "ceasefire:2016-08-29-colombia-farc-definitive",\n'
        '   "schema_version": "1.7", "declarations": [{"declarer": "actor:farc-ep", "effective": "2016-08-29"},\n'
        '                                             {"declarer": "actor:colombia", "effective": "2016-08-29"}]}\n'
        "]",
    ),
    "PT105": Explanation(
        why="A file may wrap its records in an envelope object with exactly two keys: 'schema_version' and "
        "'records', an array. Any other key would be dropped by every reader, and a 'records' that is not an "
        "array holds nothing that can be checked.",
        fix="Remove the extra keys (describe the dataset in a README or a source record instead) and make "
        "'records' an array, even for a single record.",
        bad='{"schema_version": "1.7", "dataset": "Yemen truce 2022",\n'
        ' "records": [{"record_type": "actor", "id": "actor:hans-grundberg", "schema_version": "1.7",\n'
        '              "name": "Hans Grundberg", "kind": "person"}]}',
        good='{"schema_version": "1.7",\n'
        ' "records": [{"record_type": "actor", "id": "actor:hans-grundberg", "schema_version": "1.7",\n'
        '              "name": "Hans Grundberg", "kind": "person"}]}',
    ),
    "PT106": Explanation(
        why="Every item of a record array, every line of a .jsonl file and every item of an envelope's 'records' "
        "must be a record: a JSON object with record_type, id and schema_version. A bare string, number or "
        "nested array is not a record; usually a list of ids or a spreadsheet row was written where the records "
        "belong.",
        fix="Replace each item with the full record, or move a list of ids into the field of the record that "
        "refers to them (e.g. an agreement's 'parties').",
        bad='["actor:taliban", "actor:zalmay-khalilzad"]',
        good="[\n"
        '  {"record_type": "actor", "id": "actor:taliban", "schema_version": "1.7",\n'
        '   "name": "Taliban", "kind": "armed_group"},\n'
        '  {"record_type": "actor", "id": "actor:zalmay-khalilzad", "schema_version": "1.7",\n'
        '   "name": "Zalmay Khalilzad", "kind": "person"}\n'
        "]",
    ),
    "PT110": Explanation(
        why="record_type decides which rules a record is checked against, so a misspelt or invented type "
        "('cease-fire', 'treaty', 'person') leaves the record unchecked and unusable. The known types are "
        "source, actor, negotiation, agreement, prisoner_swap, ceasefire, claim, position and event.",
        fix="Use one of the listed types, spelt exactly (lower case, 'prisoner_swap' with an underscore); it is "
        "also the prefix of the record's id.",
        bad='{"record_type": "cease-fire", "id": "ceasefire:2018-06-eid-al-fitr-afghanistan",\n'
        ' "schema_version": "1.7", "declarations": [{"declarer": "actor:taliban", "declared": "2018-06-09"}]}',
        good='{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-al-fitr-afghanistan",\n'
        ' "schema_version": "1.7", "declarations": [{"declarer": "actor:taliban", "declared": "2018-06-09"}]}',
    ),
    "PT111": Explanation(
        why="Without record_type the validator cannot tell which kind of record this is, so none of its fields "
        "can be checked and no other tool can read it. The id prefix is not used as a substitute: the type must "
        "be stated.",
        fix="Add 'record_type' with the type that matches the id prefix ('agreement' for 'agreement:...').",
        bad='{"id": "agreement:2016-11-24-colombia-final-agreement", "schema_version": "1.7",\n'
        ' "name": "Final Agreement to End the Armed Conflict", "date": "2016-11-24"}',
        good='{"record_type": "agreement", "id": "agreement:2016-11-24-colombia-final-agreement",\n'
        ' "schema_version": "1.7", "name": "Final Agreement to End the Armed Conflict", "date": "2016-11-24"}',
    ),
    "PT112": Explanation(
        why="Only the fields the record format defines are accepted, and field names are case-sensitive. A "
        "misspelt key such as 'contry' or 'Signatories' would otherwise be ignored, and the fact it carries "
        "would be lost without anyone noticing.",
        fix="Correct the spelling to the field name shown at the message's path. If the fact has no field yet, "
        "keep it in 'notes' and ask for a field rather than inventing one.",
        bad='{"record_type": "actor", "id": "actor:rodrigo-londono", "schema_version": "1.7",\n'
        ' "name": "Rodrigo Londoño", "kind": "person", "contry": "COL"}',
        good='{"record_type": "actor", "id": "actor:rodrigo-londono", "schema_version": "1.7",\n'
        ' "name": "Rodrigo Londoño", "kind": "person", "country": "COL"}',
    ),
    "PT113": Explanation(
        why="Some fields are what makes a record usable at all: every record has record_type, id and "
        "schema_version, an agreement has a name, an actor a name and a kind, a claim its statement. A record "
        "without them cannot be displayed, searched or linked.",
        fix="Add the field named in the message; if the source really does not give it, describe the thing in "
        "your own words (a name such as 'unnamed agreement on prisoner releases') and say so in 'notes'.",
        bad='{"record_type": "agreement", "id": "agreement:2016-11-24-colombia-final-agreement",\n'
        ' "schema_version": "1.7", "date": "2016-11-24"}',
        good='{"record_type": "agreement", "id": "agreement:2016-11-24-colombia-final-agreement",\n'
        ' "schema_version": "1.7", "name": "Final Agreement to End the Armed Conflict", "date": "2016-11-24"}',
    ),
    "PT114": Explanation(
        why="Each field expects one JSON type and values are never converted: a count is a number, a flag is "
        "true or false, a list is an array, a date is a string or a date object. A spreadsheet export that writes "
        "'1027' as text or 'yes' for true would otherwise be read differently by different tools.",
        fix="Write the value in the type the field expects: remove the quotes around numbers and true/false, "
        "wrap a single item in [ ] where an array is expected, and use an object only where the field takes one.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-18-shalit-exchange",\n'
        ' "schema_version": "1.7", "sides": [{"key": "hamas-releases", "releaser": "actor:hamas", "count": 1},\n'
        '  {"key": "israel-releases", "releaser": "actor:israel", "count": "1027"}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-18-shalit-exchange",\n'
        ' "schema_version": "1.7", "sides": [{"key": "hamas-releases", "releaser": "actor:hamas", "count": 1},\n'
        '  {"key": "israel-releases", "releaser": "actor:israel", "count": 1027}]}',
    ),
    # ------------------------------------------------------------------------------------------------------
    # PT2xx values and rules inside one record
    # ------------------------------------------------------------------------------------------------------
    "PT201": Explanation(
        why="Many fields take a value from a fixed list (actor kinds, statuses, roles, topics) so that records "
        "written by different people can be counted and compared, and so they map onto codebooks such as PA-X, "
        "UCDP and ETH/PRIO. Free spellings such as 'guerrilla' or 'Bilateral' would split one category into many.",
        fix="Pick the nearest value from the list in the message (lower case, words joined by '_'); keep the "
        "source's own word in a description field or in 'notes' if it matters.",
        bad='{"record_type": "actor", "id": "actor:farc-ep", "schema_version": "1.7",\n'
        ' "name": "FARC-EP", "kind": "guerrilla"}',
        good='{"record_type": "actor", "id": "actor:farc-ep", "schema_version": "1.7",\n'
        ' "name": "FARC-EP", "kind": "armed_group"}',
    ),
    "PT202": Explanation(
        why="Ids, references, language tags, country codes, URLs, durations and dates have a fixed written form "
        "so that they can be matched exactly across files. An id with capitals, spaces or accents would never "
        "equal the reference another record uses.",
        fix="Rewrite the value in the form the message shows. Ids are '<record_type>:' followed by lower-case "
        "ASCII letters and digits in words joined by '-' or '.', e.g. 'actor:ivan-duque'.",
        bad='{"record_type": "actor", "id": "actor:Iván Duque", "schema_version": "1.7",\n'
        ' "name": "Iván Duque", "kind": "person"}',
        good='{"record_type": "actor", "id": "actor:ivan-duque", "schema_version": "1.7",\n'
        ' "name": "Iván Duque", "kind": "person"}',
    ),
    "PT203": Explanation(
        why="Some text must not be empty and some lists have a minimum size: a name cannot be '', a position "
        "needs at least one holder, and a prisoner swap needs at least two sides, since an exchange with one "
        "side is a release. Empty or one-sided values usually mean a fact was not filled in.",
        fix="Fill in the missing text or list items. If there really is only one side (a unilateral release), "
        "record it as an event of kind 'release' instead of a prisoner swap.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-18-shalit-exchange",\n'
        ' "schema_version": "1.7", "sides": [{"key": "israel-releases", "releaser": "actor:israel", "count": 1027}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-18-shalit-exchange",\n'
        ' "schema_version": "1.7", "sides": [{"key": "hamas-releases", "releaser": "actor:hamas", "count": 1},\n'
        '  {"key": "israel-releases", "releaser": "actor:israel", "count": 1027}]}',
    ),
    "PT204": Explanation(
        why="Numbers with natural limits are checked against them: counts are not negative, confidence scores "
        "lie between 0 and 1, latitudes between -90 and 90. A score of 85 (a percentage) or a negative count is "
        "a unit or sign mistake that would distort every average or total built on it.",
        fix="Convert to the expected scale (85% is 0.85) or correct the sign; the message gives the allowed range.",
        bad='{"record_type": "claim", "id": "claim:2019-09-07-trump-talks-called-off", "schema_version": "1.7",\n'
        ' "statement": "The peace negotiations with the Taliban are called off.",\n'
        ' "confidence": {"level": "high", "score": 85}}',
        good='{"record_type": "claim", "id": "claim:2019-09-07-trump-talks-called-off", "schema_version": "1.7",\n'
        ' "statement": "The peace negotiations with the Taliban are called off.",\n'
        ' "confidence": {"level": "high", "score": 0.85}}',
    ),
    "PT205": Explanation(
        why="Dates are written in EDTF, the ISO 8601 form ('2005-01-09', '2005-01', '2005', '2019-09~'), so "
        "they sort and compare the same everywhere. '09/01/2005' is 9 January in Nairobi but 1 September in "
        "Washington, and '2019-02-30' names a day that never existed.",
        fix="Write year-month-day with only the precision the source gives; use '~' for 'about' and '?' for "
        "uncertain, and the object form with 'text' to keep wording such as 'early January'.",
        bad='{"record_type": "agreement", "id": "agreement:2005-01-09-sudan-comprehensive-peace-agreement",\n'
        ' "schema_version": "1.7", "name": "Comprehensive Peace Agreement", "date": "09/01/2005"}',
        good='{"record_type": "agreement", "id": "agreement:2005-01-09-sudan-comprehensive-peace-agreement",\n'
        ' "schema_version": "1.7", "name": "Comprehensive Peace Agreement", "date": "2005-01-09"}',
    ),
    "PT206": Explanation(
        why="A period that ends before it starts (a date range, a post, a relation, a cease-fire declaration, "
        "the time a position was held, a life) cannot be true, and timelines built from it run backwards. It is "
        "usually two dates swapped or a mistyped year.",
        fix="Put the earlier date first, or correct the mistyped one; if one end is unknown, leave it empty "
        "('2012-11-19/') instead of guessing.",
        bad='{"record_type": "negotiation", "id": "negotiation:2012-2016-havana-farc-talks", "schema_version": "1.7",\n'
        ' "kind": "track", "date": "2016-08-24/2012-11-19"}',
        good='{"record_type": "negotiation", "id": "negotiation:2012-2016-havana-farc-talks",\n'
        ' "schema_version": "1.7", "kind": "track", "date": "2012-11-19/2016-08-24"}',
    ),
    "PT207": Explanation(
        why="When a source says 'on Saturday', the weekday is kept next to the date worked out from it, and the "
        "two must agree. A mismatch nearly always means the weekday was counted from the wrong publication date "
        "or week, so the date itself is wrong.",
        fix="Recount the date from the source's publication date (or from the event it is relative to); change "
        "the weekday only if it was copied wrongly.",
        bad='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan",\n'
        ' "date": {"edtf": "2020-02-28", "weekday": "saturday", "text": "on Saturday"}}',
        good='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan",\n'
        ' "date": {"edtf": "2020-02-29", "weekday": "saturday", "text": "on Saturday"}}',
    ),
    "PT208": Explanation(
        why="'early', 'mid' and 'late' narrow a single month or year to a third of it ('early March' is days "
        "1-10, 'late 2019' is September-December). On an exact day, a season or a range they mean nothing, and "
        "the date's bounds would be computed wrongly.",
        fix="Write the month or year the wording gives ('2020-03' with part 'early'); if the source names the "
        "exact day, drop 'part' instead.",
        bad='{"record_type": "negotiation", "id": "negotiation:2020-intra-afghan-negotiations",\n'
        ' "schema_version": "1.7",\n'
        ' "kind": "track", "date": {"edtf": "2020-03-10", "part": "early", "text": "early March"}}',
        good='{"record_type": "negotiation", "id": "negotiation:2020-intra-afghan-negotiations",\n'
        ' "schema_version": "1.7",\n'
        ' "kind": "track", "date": {"edtf": "2020-03", "part": "early", "text": "early March"}}',
    ),
    "PT209": Explanation(
        why="A clock time, a UTC offset or a part of the day ('morning') can only be placed on one known day. On "
        "a month or a range it has no place on a timeline, which usually means the day was lost when the date "
        "was written; a UTC offset without a time has nothing to apply to.",
        fix="Give the day the time belongs to; if the source gives no day, drop the time and keep the wording in "
        "'text'. Give 'utc_offset' only together with 'time'.",
        bad='{"record_type": "ceasefire", "id": "ceasefire:2022-04-02-yemen-un-truce", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:ansar-allah", "effective":\n'
        '   {"edtf": "2022-04", "time": "19:00", "utc_offset": "+03:00", "text": "at 7 p.m. local time"}}]}',
        good='{"record_type": "ceasefire", "id": "ceasefire:2022-04-02-yemen-un-truce", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:ansar-allah", "effective":\n'
        '   {"edtf": "2022-04-02", "time": "19:00", "utc_offset": "+03:00", "text": "at 7 p.m. local time"}}]}',
    ),
    "PT210": Explanation(
        why="A date worked out from 'two days after the bombing' is only as good as the event it counts from. "
        "Without the anchor nobody can check the date, or correct it when the event's own date is revised.",
        fix="Add 'anchor' with the id of the event the date counts from (create that event record if needed), "
        "or change 'resolution' if the date was not counted from an event.",
        bad='{"record_type": "claim", "id": "claim:2019-09-07-trump-talks-called-off", "schema_version": "1.7",\n'
        ' "statement": "The peace negotiations with the Taliban are called off.",\n'
        ' "date": {"edtf": "2019-09-07", "text": "two days after the Kabul bombing",\n'
        '          "resolution": "relative_to_event"}}',
        good='{"record_type": "claim", "id": "claim:2019-09-07-trump-talks-called-off", "schema_version": "1.7",\n'
        ' "statement": "The peace negotiations with the Taliban are called off.",\n'
        ' "date": {"edtf": "2019-09-07", "text": "two days after the Kabul bombing",\n'
        '          "resolution": "relative_to_event", "anchor": "event:2019-09-05-kabul-bombing"}}',
    ),
    "PT211": Explanation(
        why="Durations use the ISO 8601 form ('P2M' two months, 'P3D' three days, 'PT72H' 72 hours, 'P1DT12H' a "
        "day and a half) so that end dates can be computed from them. 'P' with no number, or parts in the wrong "
        "order, has no length. (A duration that is not even shaped like one, such as '3 days', is reported as "
        "PT202.)",
        fix="Write P, then years, months, weeks and days in that order, then T and hours, minutes, seconds: "
        "'P1Y', 'P135D', 'P1DT12H'. Leave the field out if the source gives no length.",
        bad='{"record_type": "ceasefire", "id": "ceasefire:2022-04-02-yemen-un-truce", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:ansar-allah", "effective": "2022-04-02"}],\n'
        ' "fixed_duration": "P"}',
        good='{"record_type": "ceasefire", "id": "ceasefire:2022-04-02-yemen-un-truce", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:ansar-allah", "effective": "2022-04-02"}],\n'
        ' "fixed_duration": "P2M"}',
    ),
    "PT220": Explanation(
        why="A quantity must say something about a number: a value, bounds, a fraction of another quantity, or "
        "a word such as 'several' or 'unknown'. A quantity with only a unit looks like data but carries none, "
        "and totals over it silently skip it.",
        fix="Give the number the source gives, or bounds ('between 300 and 400'), or qualifier 'unknown' when "
        "the source says there were some but not how many; otherwise leave the field out.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government",\n'
        '   "count": {"unit": "prisoners", "text": "Taliban prisoners"}}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government",\n'
        '   "count": {"value": 3, "unit": "prisoners", "text": "three Taliban prisoners"}}]}',
    ),
    "PT221": Explanation(
        why="Lower and upper bounds record what the wording allows ('between 6,000 and 7,000 fighters'). A lower "
        "bound above the upper one allows no number at all, so any total or comparison built on it is meaningless.",
        fix="Swap the two bounds, or correct the one that was mistyped.",
        bad='{"record_type": "event", "id": "event:2017-06-27-farc-weapons-handover", "schema_version": "1.7",\n'
        ' "kind": "decommissioning", "date": "2017-06-27",\n'
        ' "figures": [{"lower": 7000, "upper": 6000, "unit": "fighters", "text": "between 6,000 and 7,000"}]}',
        good='{"record_type": "event", "id": "event:2017-06-27-farc-weapons-handover", "schema_version": "1.7",\n'
        ' "kind": "decommissioning", "date": "2017-06-27",\n'
        ' "figures": [{"lower": 6000, "upper": 7000, "unit": "fighters", "text": "between 6,000 and 7,000"}]}',
    ),
    "PT222": Explanation(
        why="A value must lie within the bounds given with it: 'about 5,000, between 4,500 and 5,500' is "
        "consistent, a value of 5,000 with an upper bound of 500 is not. One of the two numbers is a typo, and "
        "no tool can know which one to trust.",
        fix="Correct the mistyped number. For 'up to 5,000' write qualifier 'up_to' with value 5000 and no "
        "bounds, since the qualifier already implies them.",
        bad='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "prisoner_release",\n'
        '  "commitments": [{"action": "release", "object": "Taliban prisoners",\n'
        '   "quantity": {"value": 5000, "upper": 500, "unit": "prisoners", "text": "up to five thousand"}}]}]}',
        good='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "prisoner_release",\n'
        '  "commitments": [{"action": "release", "object": "Taliban prisoners", "quantity":\n'
        '   {"qualifier": "up_to", "value": 5000, "unit": "prisoners", "text": "up to five thousand"}}]}]}',
    ),
    "PT223": Explanation(
        why="'about', 'more than', 'under', 'at least' and 'up to' qualify a number, and the number is the fact. "
        "Without it the quantity only says that some amount was qualified, and the figure in the source is lost "
        "to every count.",
        fix="Add the number as 'value' (or 'fraction' and 'of' for 'about half of...'); if the source gives no "
        "number, use 'several', 'many' or 'unknown' instead.",
        bad='{"record_type": "event", "id": "event:2020-07-us-troop-reduction-afghanistan", "schema_version": "1.7",\n'
        ' "kind": "troop_withdrawal", "date": "2020-07",\n'
        ' "figures": [{"qualifier": "about", "unit": "troops", "text": "about 8,600 U.S. troops"}]}',
        good='{"record_type": "event", "id": "event:2020-07-us-troop-reduction-afghanistan", "schema_version": "1.7",\n'
        ' "kind": "troop_withdrawal", "date": "2020-07",\n'
        ' "figures": [{"qualifier": "about", "value": 8600, "unit": "troops", "text": "about 8,600 U.S. troops"}]}',
    ),
    "PT224": Explanation(
        why="'several', 'many', 'all' and 'unknown' mean the source gave no number. A value beside them invents "
        "a precision the source does not have, and it would be counted as if it had been reported.",
        fix="Remove 'value' and put what the wording allows into 'lower'/'upper' ('dozens' is at least 24); if "
        "the source does give the number, drop the vague qualifier instead.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government", "count":\n'
        '   {"qualifier": "several", "value": 3, "unit": "prisoners", "text": "several Taliban prisoners"}}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government", "count":\n'
        '   {"qualifier": "several", "unit": "prisoners", "text": "several Taliban prisoners"}}]}',
    ),
    "PT225": Explanation(
        why="'half of the 14,000 U.S. troops' is kept as a fraction (0.5) of a base quantity (14,000 troops), so "
        "that the number can be computed and checked. A fraction without its base, or a base without a fraction, "
        "cannot be turned into a number.",
        fix="Give both 'fraction' (0.5 for half, 2 for twice) and one base: 'of' with the base quantity, or "
        "'of_record' pointing at another record's quantity ({'record': ..., 'path': '/sides/0/count'}); if the "
        "source names no base, use a qualifier such as 'many' and keep the wording in 'text'.",
        bad='{"record_type": "event", "id": "event:2018-12-20-us-drawdown-order-afghanistan",\n'
        ' "schema_version": "1.7",\n'
        ' "kind": "announcement", "date": "2018-12-20", "figures": [{"qualifier": "about", "fraction": 0.5,\n'
        '   "unit": "troops", "text": "roughly half of the 14,000 U.S. troops"}]}',
        good='{"record_type": "event", "id": "event:2018-12-20-us-drawdown-order-afghanistan",\n'
        ' "schema_version": "1.7",\n'
        ' "kind": "announcement", "date": "2018-12-20", "figures": [{"qualifier": "about", "fraction": 0.5,\n'
        '   "of": {"value": 14000, "unit": "troops"}, "unit": "troops",\n'
        '   "text": "roughly half of the 14,000 U.S. troops"}]}',
    ),
    "PT226": Explanation(
        why="The qualifier and the bounds must tell the same story: an exact number has no range, 'more than "
        "400' cannot have an upper bound of 400 or less, 'under 400' cannot have a lower bound of 400 or more. "
        "A contradiction usually means the qualifier was left out, so the number counts as exact.",
        fix="Set the qualifier the wording uses ('about', 'more_than'...), or remove bounds the wording does not give.",
        bad='{"record_type": "event", "id": "event:1998-2000-northern-ireland-early-releases",\n'
        ' "schema_version": "1.7", "kind": "release", "date": "1998-09/2000-07",\n'
        ' "figures": [{"value": 400, "lower": 350, "upper": 450, "unit": "prisoners", "text": "about 400"}]}',
        good='{"record_type": "event", "id": "event:1998-2000-northern-ireland-early-releases",\n'
        ' "schema_version": "1.7",\n'
        ' "kind": "release", "date": "1998-09/2000-07", "figures": [{"qualifier": "about", "value": 400,\n'
        '   "lower": 350, "upper": 450, "unit": "prisoners", "text": "about 400"}]}',
    ),
    "PT230": Explanation(
        why="schema_version says which version of the record contract a record was written for. A version this "
        "package does not know (a newer major version such as '2.0', a minor version that does not exist yet "
        "such as '1.9') may use fields with other meanings, so checking it against the rules of another version "
        "could pass wrong data or reject good data.",
        fix="If the record was written for this contract, declare one of the versions listed (the current one "
        "for a new record); if it really comes from a newer contract, validate it with a newer version of "
        "peace_talks_model.",
        bad='{"record_type": "actor", "id": "actor:george-mitchell", "schema_version": "2.0",\n'
        ' "name": "George Mitchell", "kind": "person", "country": "USA"}',
        good='{"record_type": "actor", "id": "actor:george-mitchell", "schema_version": "1.7",\n'
        ' "name": "George Mitchell", "kind": "person", "country": "USA"}',
    ),
    "PT231": Explanation(
        why="Identifiers link a record to Wikidata, UCDP, PA-X, ETH/PRIO and other datasets, and each registry "
        "writes its ids in one way (Wikidata 'Q739', PA-X '2271', Gleditsch-Ward '100'). A malformed id never "
        "matches, so the crosswalk silently breaks.",
        fix="Copy the id exactly as the registry writes it (with the 'Q' for Wikidata, digits only for UCDP and "
        "PA-X), and check that 'scheme' names the right registry.",
        bad='{"record_type": "actor", "id": "actor:colombia", "schema_version": "1.7", "name": "Colombia",\n'
        ' "kind": "state", "identifiers": [{"scheme": "wikidata", "value": "739"}]}',
        good='{"record_type": "actor", "id": "actor:colombia", "schema_version": "1.7", "name": "Colombia",\n'
        ' "kind": "state", "identifiers": [{"scheme": "wikidata", "value": "Q739"}]}',
    ),
    "PT232": Explanation(
        why="Country codes are ISO 3166-1 alpha-3 codes ('GBR', 'COL', 'YEM') so that records join other "
        "datasets by country. Made-up, sports or regional codes ('NIR', 'GER', 'SUI') look right but match "
        "nothing.",
        fix="Use the ISO code of the state ('GBR' for Northern Ireland, 'DEU' for Germany); name a region in a "
        "place's 'name' or 'admin1', not in a country code.",
        bad='{"record_type": "actor", "id": "actor:ulster-unionist-party", "schema_version": "1.7",\n'
        ' "name": "Ulster Unionist Party", "kind": "political_party", "country": "NIR"}',
        good='{"record_type": "actor", "id": "actor:ulster-unionist-party", "schema_version": "1.7",\n'
        ' "name": "Ulster Unionist Party", "kind": "political_party", "country": "GBR"}',
    ),
    "PT233": Explanation(
        why="Each version of the record contract adds fields and values (schemas/CHANGELOG.md); a record is checked "
        "against the version it declares, as the released schema of that version (schemas/released/) checks it. "
        "A record that declares an older version but uses a later field would be rejected by anyone validating "
        "it with that version's schema, and says something untrue about itself.",
        fix="Declare the version the message names (or a later one), or leave the newer field or value out.",
        bad='{"record_type": "agreement", "id": "agreement:2005-08-15-aceh-mou", "schema_version": "1.0",\n'
        ' "name": "Memorandum of Understanding", "date": "2005-08-15", "interim": false}',
        good='{"record_type": "agreement", "id": "agreement:2005-08-15-aceh-mou", "schema_version": "1.7",\n'
        ' "name": "Memorandum of Understanding", "date": "2005-08-15", "interim": false}',
    ),
    "PT240": Explanation(
        why="Evidence offsets let anyone find a quote in the stored source text and check it. Only one of "
        "'start' and 'end', or a span whose length differs from the quote's, points at the wrong passage; the "
        "usual causes are counting bytes instead of characters, or taking 'end' as the last character.",
        fix="Compute both from the text: start = text.index(quote), end = start + len(quote), counting "
        "characters, not bytes; or leave both out.",
        bad='{"record_type": "claim", "id": "claim:2019-09-07-trump-talks-called-off", "schema_version": "1.7",\n'
        ' "statement": "The peace negotiations with the Taliban are called off.",\n'
        ' "evidence": [{"source": "source:2019-09-07-trump-tweet-camp-david", "start": 212, "end": 281,\n'
        '   "quote": "I immediately cancelled the meeting and called off peace negotiations."}]}',
        good='{"record_type": "claim", "id": "claim:2019-09-07-trump-talks-called-off", "schema_version": "1.7",\n'
        ' "statement": "The peace negotiations with the Taliban are called off.",\n'
        ' "evidence": [{"source": "source:2019-09-07-trump-tweet-camp-david", "start": 212, "end": 282,\n'
        '   "quote": "I immediately cancelled the meeting and called off peace negotiations."}]}',
    ),
    "PT241": Explanation(
        why="An attribution says either who the speaker is or how the source describes someone it does not "
        "name, never both. Naming a person the source kept anonymous states a guess as a fact and hides that "
        "the source was anonymous.",
        fix="Keep 'speaker' if the source names the person, 'unnamed' if it does not; if you believe you know "
        "who the anonymous official is, say so in 'notes'.",
        bad='{"record_type": "claim", "id": "claim:2019-12-taliban-talks-resume", "schema_version": "1.7",\n'
        ' "statement": "Talks with U.S. officials in Doha will resume on Saturday.",\n'
        ' "attribution": {"speaker": "actor:suhail-shaheen", "unnamed": {"descriptor": "a senior Taliban official",\n'
        '   "affiliation": "actor:taliban", "anonymity": "not_authorized"}}}',
        good='{"record_type": "claim", "id": "claim:2019-12-taliban-talks-resume", "schema_version": "1.7",\n'
        ' "statement": "Talks with U.S. officials in Doha will resume on Saturday.",\n'
        ' "attribution": {"unnamed": {"descriptor": "a senior Taliban official",\n'
        '   "affiliation": "actor:taliban", "anonymity": "not_authorized"}}}',
    ),
    "PT242": Explanation(
        why="'via' records the chain of outlets a statement passed through ('officials told the Journal', as "
        "reported by The Hill), which is what lets readers judge second-hand reporting. A link in the chain "
        "that names no outlet breaks it.",
        fix="Give the outlet's actor id in 'outlet', or at least its name as printed in 'name'; drop the link if "
        "the source does not say who passed the statement on.",
        bad='{"record_type": "claim", "id": "claim:2018-12-20-us-troop-drawdown-ordered", "schema_version": "1.7",\n'
        ' "statement": "The president ordered about half of the U.S. troops out of Afghanistan.",\n'
        ' "attribution": {"unnamed": {"descriptor": "U.S. officials", "anonymity": "unspecified"},\n'
        '   "via": [{"verb": "told"}, {"outlet": "actor:the-hill", "verb": "reported"}]}}',
        good='{"record_type": "claim", "id": "claim:2018-12-20-us-troop-drawdown-ordered", "schema_version": "1.7",\n'
        ' "statement": "The president ordered about half of the U.S. troops out of Afghanistan.",\n'
        ' "attribution": {"unnamed": {"descriptor": "U.S. officials", "anonymity": "unspecified"},\n'
        '   "via": [{"outlet": "actor:wall-street-journal", "verb": "told"},\n'
        '           {"outlet": "actor:the-hill", "verb": "reported"}]}}',
    ),
    "PT243": Explanation(
        why="When a source distances itself ('reportedly', 'allegedly'), the statement is marked hedged so that "
        "such claims can be kept apart from confirmed ones. Keeping the hedging word without the flag lets a "
        "filter on 'hedged' miss the claim.",
        fix="Set 'hedged': true whenever 'hedge' is given; remove 'hedge' if the source does not actually hedge.",
        bad='{"record_type": "claim", "id": "claim:2018-10-baradar-released-at-us-request", "schema_version": "1.7",\n'
        ' "statement": "Pakistan released Mullah Abdul Ghani Baradar at the request of the United States.",\n'
        ' "attribution": {"channel": "news_report", "hedge": "reportedly"}}',
        good='{"record_type": "claim", "id": "claim:2018-10-baradar-released-at-us-request", "schema_version": "1.7",\n'
        ' "statement": "Pakistan released Mullah Abdul Ghani Baradar at the request of the United States.",\n'
        ' "attribution": {"channel": "news_report", "hedged": true, "hedge": "reportedly"}}',
    ),
    "PT250": Explanation(
        why="Status histories, and the implementation history of a commitment, are read in order: the last step "
        "is the current status. A step listed after one it actually precedes makes an old status look current, "
        "such as talks shown as dead after they had resumed.",
        fix="Reorder the steps by date, earliest first; steps without a date keep their place among the dated ones.",
        bad='{"record_type": "negotiation", "id": "negotiation:2018-2020-us-taliban-talks", "schema_version": "1.7",\n'
        ' "kind": "track", "status_history": [{"status": "resumed", "date": "2019-12-07"},\n'
        '                                     {"status": "collapsed", "date": "2019-09-09"}]}',
        good='{"record_type": "negotiation", "id": "negotiation:2018-2020-us-taliban-talks", "schema_version": "1.7",\n'
        ' "kind": "track", "status_history": [{"status": "collapsed", "date": "2019-09-09"},\n'
        '                                     {"status": "resumed", "date": "2019-12-07"}]}',
    ),
    "PT251": Explanation(
        why="Keys name the parts of a record (swap sides, phases, provisions, commitments, versions) so that "
        "other parts can refer to them. If two parts share a key, every reference to it is ambiguous.",
        fix="Give each part its own key, for example after the actor who releases ('taliban-releases', "
        "'government-releases'), and update the references to it.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "release", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "release", "releaser": "actor:afghan-government", "count": 3}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government", "count": 3}]}',
    ),
    "PT252": Explanation(
        why="Inside a record, parts refer to each other by key: a phase names the swap side that releases, a "
        "commitment names its phase or the commitment it depends on. A key that is not defined points nowhere, "
        "usually because of a typo, and the link is lost.",
        fix="Correct the reference to one of the keys the record defines (the message names the broken one), "
        "or add the missing part.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-18-shalit-exchange",\n'
        ' "schema_version": "1.7", "sides": [{"key": "hamas-releases", "releaser": "actor:hamas", "count": 1},\n'
        '  {"key": "israel-releases", "releaser": "actor:israel", "count": 1027}],\n'
        ' "phases": [{"key": "phase-1", "date": "2011-10-18",\n'
        '             "releases": [{"side": "israel-release", "count": 477}]},\n'
        '            {"key": "phase-2", "date": "2011-12-18",\n'
        '             "releases": [{"side": "israel-releases", "count": 550}]}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-18-shalit-exchange",\n'
        ' "schema_version": "1.7", "sides": [{"key": "hamas-releases", "releaser": "actor:hamas", "count": 1},\n'
        '  {"key": "israel-releases", "releaser": "actor:israel", "count": 1027}],\n'
        ' "phases": [{"key": "phase-1", "date": "2011-10-18",\n'
        '             "releases": [{"side": "israel-releases", "count": 477}]},\n'
        '            {"key": "phase-2", "date": "2011-12-18",\n'
        '             "releases": [{"side": "israel-releases", "count": 550}]}]}',
    ),
    "PT253": Explanation(
        why="A record cannot be part of itself or its own previous round, be related to itself, or contradict, "
        "support, replace or answer itself. Such a link creates a loop that breaks timelines and graphs, and it "
        "is almost always an id that was copied and not changed.",
        fix="Point the link at the other record it was meant for, or remove it.",
        bad='{"record_type": "negotiation", "id": "negotiation:2019-12-07-doha-us-taliban", "schema_version": "1.7",\n'
        ' "kind": "round", "date": "2019-12-07", "previous_round": "negotiation:2019-12-07-doha-us-taliban"}',
        good='{"record_type": "negotiation", "id": "negotiation:2019-12-07-doha-us-taliban", "schema_version": "1.7",\n'
        ' "kind": "round", "date": "2019-12-07", "previous_round": "negotiation:2019-08-doha-us-taliban"}',
    ),
    "PT254": Explanation(
        why="The arrangement follows from how many sides declared the cease-fire: one side is unilateral, two "
        "bilateral, three or more multilateral (as in ETH/PRIO). When the stated arrangement disagrees with the "
        "declarations, a declaration is missing or the label is wrong, and counts by arrangement would be off.",
        fix="Set the arrangement the declarations imply, or add or remove declarations to match the sources; "
        "declarers on the same side share a 'side' key.",
        bad='{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-al-fitr-afghanistan", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07"},\n'
        '                  {"declarer": "actor:taliban", "declared": "2018-06-09"}], "arrangement": "unilateral"}',
        good='{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-al-fitr-afghanistan",\n'
        ' "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07"},\n'
        '                  {"declarer": "actor:taliban", "declared": "2018-06-09"}], "arrangement": "bilateral"}',
    ),
    "PT255": Explanation(
        why="A side cannot release more named people than its count allows. If three people are named and the "
        "count says two, the count or the list is wrong, and totals and name lists would disagree.",
        fix="Correct the count (or give bounds if sources differ), or remove the person named by mistake. "
        "Counts at the 'proposed' stage are not checked, since proposals change.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government", "count": 2, "detainees": [\n'
        '   {"person": "actor:anas-haqqani"}, {"person": "actor:haji-mali-khan"}, {"person": "actor:hafiz-rashid"}]}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government", "count": 3, "detainees": [\n'
        '   {"person": "actor:anas-haqqani"}, {"person": "actor:haji-mali-khan"}, {"person": "actor:hafiz-rashid"}]}]}',
    ),
    "PT256": Explanation(
        why="Each person released by a side is named once. A repeated name, usually a copied line, inflates "
        "the list of released people and hides the person who should have been there.",
        fix="Remove the repeated entry, or replace it with the person meant; keep all details about one person "
        "in one entry.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2,\n'
        '   "detainees": [{"person": "actor:kevin-king"}, {"person": "actor:kevin-king"}]},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government", "count": 3}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2,\n'
        '   "detainees": [{"person": "actor:kevin-king"}, {"person": "actor:timothy-weeks"}]},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government", "count": 3}]}',
    ),
    "PT257": Explanation(
        why="In an exchange each side hands people over to another side; a side whose releaser and receiver are "
        "the same actor exchanges nothing. It is usually a copied line where the receiver was not changed.",
        fix="Set 'receiver' to the actor the released people go to (the side they belong to), or leave it out "
        "if the sources do not say.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government",\n'
        '   "receiver": "actor:afghan-government", "count": 3}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-19-king-weeks-haqqani",\n'
        ' "schema_version": "1.7", "sides": [{"key": "taliban-releases", "releaser": "actor:taliban", "count": 2},\n'
        '  {"key": "government-releases", "releaser": "actor:afghan-government",\n'
        '   "receiver": "actor:taliban", "count": 3}]}',
    ),
    "PT258": Explanation(
        why="'mediated' (ETH/PRIO's mediation variable) and the list of mediators must agree: a cease-fire said "
        "to be unmediated cannot list mediators. One of the two is wrong, and studies of mediated cease-fires "
        "would count it on the wrong side.",
        fix="Set 'mediated' to 'yes' if the listed actors brokered it, or remove the mediators if the sources "
        "say it was not mediated; use 'unclear' when the sources do not say.",
        bad='{"record_type": "ceasefire", "id": "ceasefire:2022-04-02-yemen-un-truce", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:ansar-allah", "effective": "2022-04-02"}],\n'
        ' "mediated": "no", "mediators": ["actor:united-nations"]}',
        good='{"record_type": "ceasefire", "id": "ceasefire:2022-04-02-yemen-un-truce", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:ansar-allah", "effective": "2022-04-02"}],\n'
        ' "mediated": "yes", "mediators": ["actor:united-nations"]}',
    ),
    "PT259": Explanation(
        why="Each participant is either an actor record or, when the source names nobody, a description "
        "('international diplomats'). A participant with neither only says that someone was there, which "
        "cannot be counted or checked.",
        fix="Add 'actor' with the actor's id, or 'description' with the source's wording.",
        bad='{"record_type": "negotiation", "id": "negotiation:2020-09-12-doha-intra-afghan-opening",\n'
        ' "schema_version": "1.7", "kind": "meeting", "date": "2020-09-12",\n'
        ' "participants": [{"actor": "actor:taliban", "role": "party"}, {"role": "observer"}]}',
        good='{"record_type": "negotiation", "id": "negotiation:2020-09-12-doha-intra-afghan-opening",\n'
        ' "schema_version": "1.7", "kind": "meeting", "date": "2020-09-12",\n'
        ' "participants": [{"actor": "actor:taliban", "role": "party"},\n'
        '                  {"description": "international diplomats", "role": "observer"}]}',
    ),
    "PT260": Explanation(
        why="A place must locate something: a name, a country, a region, coordinates or an identifier, or at "
        "least the statement that it was undisclosed. A place with only a kind or the source's wording cannot be "
        "mapped or compared.",
        fix="Add the name or country the source gives; if the source says the place was kept secret, set "
        "'undisclosed': true and keep the wording in 'text'.",
        bad='{"record_type": "claim", "id": "claim:2019-09-08-taliban-more-losses-for-us", "schema_version": "1.7",\n'
        ' "statement": "Cancelling the talks will lead to more American losses.",\n'
        ' "attribution": {"speaker": "actor:zabihullah-mujahid", "channel": "phone_call",\n'
        '   "location": {"text": "an undisclosed location"}}}',
        good='{"record_type": "claim", "id": "claim:2019-09-08-taliban-more-losses-for-us", "schema_version": "1.7",\n'
        ' "statement": "Cancelling the talks will lead to more American losses.",\n'
        ' "attribution": {"speaker": "actor:zabihullah-mujahid", "channel": "phone_call",\n'
        '   "location": {"undisclosed": true, "text": "an undisclosed location"}}}',
    ),
    "PT261": Explanation(
        why="A point on the map needs both latitude and longitude; one without the other places nothing, and "
        "mapping tools would either drop the place or put it on the equator or the prime meridian.",
        fix="Add the missing coordinate (WGS 84 decimal degrees), or remove both and rely on the name and country.",
        bad='{"record_type": "negotiation", "id": "negotiation:2019-12-07-doha-us-taliban", "schema_version": "1.7",\n'
        ' "kind": "round", "date": "2019-12-07",\n'
        ' "place": {"name": "Doha", "country": "QAT", "latitude": 25.2854}}',
        good='{"record_type": "negotiation", "id": "negotiation:2019-12-07-doha-us-taliban", "schema_version": "1.7",\n'
        ' "kind": "round", "date": "2019-12-07",\n'
        ' "place": {"name": "Doha", "country": "QAT", "latitude": 25.2854, "longitude": 51.531}}',
    ),
    "PT262": Explanation(
        why="A relative deadline counts from a status of another record ('within 14 months of signing'). That "
        "status must be one that records of that type actually have, or the clock has no starting point: "
        "agreements are 'signed' or 'in_force', cease-fires are 'in_effect'.",
        fix="Use a status from the list in the message for that record type; with a 'key', the status is the "
        "implementation status of that commitment ('completed', 'started'...).",
        bad='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "troop_withdrawal",\n'
        '  "commitments": [{"action": "withdraw", "object": "all foreign forces", "deadline_relative":\n'
        '   {"relation": "within", "offset": "P14M", "text": "within fourteen (14) months",\n'
        '    "anchor": {"record": "agreement:2020-02-29-doha-us-taliban", "status": "in_effect"}}}]}]}',
        good='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "troop_withdrawal",\n'
        '  "commitments": [{"action": "withdraw", "object": "all foreign forces", "deadline_relative":\n'
        '   {"relation": "within", "offset": "P14M", "text": "within fourteen (14) months",\n'
        '    "anchor": {"record": "agreement:2020-02-29-doha-us-taliban", "status": "signed"}}}]}]}',
    ),
    "PT263": Explanation(
        why="'within' and 'before' only mean something with a length ('within 135 days of signing'), while 'at' "
        "is the anchor itself and takes none. A missing or impossible offset leaves the deadline unknown or "
        "contradictory, so it cannot be checked against what happened.",
        fix="Add the offset as an ISO 8601 duration ('P135D') for 'within' and 'before', remove it for 'at', or "
        "use 'after' without an offset for 'in the months after'.",
        bad='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "troop_withdrawal",\n'
        '  "commitments": [{"action": "reduce", "object": "U.S. forces", "quantity": 8600, "deadline_relative":\n'
        '   {"relation": "within", "text": "within the first 135 days",\n'
        '    "anchor": {"record": "agreement:2020-02-29-doha-us-taliban", "status": "signed"}}}]}]}',
        good='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "troop_withdrawal",\n'
        '  "commitments": [{"action": "reduce", "object": "U.S. forces", "quantity": 8600, "deadline_relative":\n'
        '   {"relation": "within", "offset": "P135D", "text": "within the first 135 days",\n'
        '    "anchor": {"record": "agreement:2020-02-29-doha-us-taliban", "status": "signed"}}}]}]}',
    ),
    "PT264": Explanation(
        why="Nobody takes up a post before being born, and no organization before it is founded. A post that "
        "starts before 'born' is almost always a mistyped year, and it would put the person in office in the "
        "wrong era.",
        fix="Correct the mistyped date: the post's start or the actor's 'born'.",
        bad='{"record_type": "actor", "id": "actor:ashraf-ghani", "schema_version": "1.7", "name": "Ashraf Ghani",\n'
        ' "kind": "person", "born": "1949",\n'
        ' "posts": [{"title": "President of Afghanistan", "start": "1914-09-29"}]}',
        good='{"record_type": "actor", "id": "actor:ashraf-ghani", "schema_version": "1.7", "name": "Ashraf Ghani",\n'
        ' "kind": "person", "born": "1949",\n'
        ' "posts": [{"title": "President of Afghanistan", "start": "2014-09-29"}]}',
    ),
    "PT265": Explanation(
        why="A position lists each actor who holds it once. A repeated holder inflates counts of who supports a "
        "demand and usually means a second, different holder was meant.",
        fix="Remove the repeated id, or replace it with the actor that was meant.",
        bad='{"record_type": "position", "id": "position:2019-taliban-withdrawal-before-talks",\n'
        ' "schema_version": "1.7",\n'
        ' "holders": ["actor:taliban", "actor:taliban"], "kind": "precondition", "topic": "troop_withdrawal",\n'
        ' "condition_for": "talks"}',
        good='{"record_type": "position", "id": "position:2019-taliban-withdrawal-before-talks",\n'
        ' "schema_version": "1.7", "holders": ["actor:taliban"], "kind": "precondition", "topic": "troop_withdrawal",\n'
        ' "condition_for": "talks"}',
    ),
    "PT266": Explanation(
        why="A claim either contradicts another claim or supports it, not both. Listing the same claim under "
        "both links makes the relation between the two statements unreadable, and it is usually a copied list.",
        fix="Decide whether the two claims agree or disagree and keep the id in only one of 'contradicts' and "
        "'supports'.",
        bad='{"record_type": "claim", "id": "claim:2019-09-09-trump-talks-dead", "schema_version": "1.7",\n'
        ' "statement": "The talks with the Taliban are dead.",\n'
        ' "contradicts": ["claim:2019-09-08-pompeo-talks-may-resume"],\n'
        ' "supports": ["claim:2019-09-08-pompeo-talks-may-resume"]}',
        good='{"record_type": "claim", "id": "claim:2019-09-09-trump-talks-dead", "schema_version": "1.7",\n'
        ' "statement": "The talks with the Taliban are dead.",\n'
        ' "contradicts": ["claim:2019-09-08-pompeo-talks-may-resume"],\n'
        ' "supports": ["claim:2019-09-07-trump-talks-called-off"]}',
    ),
    "PT267": Explanation(
        why="A ratio between the sides of an exchange ('ten prisoners for each soldier') and the two sides' counts "
        "state the same fact twice: this side's count is the ratio times the other side's. When no reading of the "
        "counts (their bounds and qualifiers) fits the ratio, one of the three numbers is wrong.",
        fix="Check the ratio and both counts against the source; if the source hedges the ratio ('about ten for "
        "each'), set 'approximate': true, which is not checked.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-shalit-exchange", "schema_version": "1.7",\n'
        ' "sides": [{"key": "israel-releases", "count": 1027, "ratio": {"per_side": "hamas-releases", "value": 10}},\n'
        '           {"key": "hamas-releases", "count": 1}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-shalit-exchange",\n'
        ' "schema_version": "1.7", "sides": [{"key": "israel-releases", "count": 1027,\n'
        '            "ratio": {"per_side": "hamas-releases", "value": 1027, "text": "1,027 for one"}},\n'
        '           {"key": "hamas-releases", "count": 1}]}',
    ),
    "PT268": Explanation(
        why="A withdrawal, reduction or release takes people from what there was: the amount taken ('reduce by "
        "4,000'), or the level to reach ('reduce to 8,600'), cannot be more than the baseline it starts from ('from "
        "about 13,000'). When every reading of the numbers says it is, the amount and the level have usually been "
        "swapped, or a digit is wrong.",
        fix="Check 'quantity', 'quantity_kind' (amount or level) and 'baseline' against the source; quantities "
        "with different units are not compared.",
        bad='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "troop_withdrawal",\n'
        '   "commitments": [{"action": "reduce", "object": "U.S. troops", "quantity_kind": "level",\n'
        '     "quantity": {"value": 13000, "unit": "troops"}, "baseline": {"value": 8600, "unit": "troops"}}]}]}',
        good='{"record_type": "agreement", "id": "agreement:2020-02-29-doha-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "troop_withdrawal",\n'
        '   "commitments": [{"action": "reduce", "object": "U.S. troops", "quantity_kind": "level",\n'
        '     "quantity": {"value": 8600, "unit": "troops"}, "baseline": {"value": 13000, "unit": "troops"}}]}]}',
    ),
    "PT269": Explanation(
        why="Each relation type between a cease-fire and another record reads one way: a cease-fire is parallel "
        "to, reciprocates or supersedes another cease-fire, and is provided for by, implements or is a "
        "precondition for an agreement. A relation pointing to the other kind of record cannot be read.",
        fix="Point the relation at a record of the type it names, or choose the relation type that fits the "
        "record it points to.",
        bad='{"record_type": "ceasefire", "id": "ceasefire:2020-02-22-reduction-in-violence", "schema_version": '
        '"1.7",\n "kind": "reduction_in_violence",\n'
        ' "relations": [{"type": "reciprocates", "target": "agreement:2020-02-29-doha-us-taliban"}]}',
        good='{"record_type": "ceasefire", "id": "ceasefire:2020-02-22-reduction-in-violence", "schema_version": '
        '"1.7",\n "kind": "reduction_in_violence",\n'
        ' "relations": [{"type": "precondition_for", "target": "agreement:2020-02-29-doha-us-taliban"}]}',
    ),
    "PT270": Explanation(
        why="A negative event says that nothing of its kind happened within a span of time ('no cease-fire has "
        "been agreed since 2018'). Without a date it is true of no span and cannot be checked against the records "
        "that might contradict it; and what did not happen has no casualties, figures or status history.",
        fix="Give 'date' as the span the statement covers (an EDTF interval such as '2018-06/2019-09', or "
        "'2018-06/..' for 'since June 2018'), and move any outcomes to the records of what did happen.",
        bad='{"record_type": "event", "id": "event:no-ceasefire-since-2018", "schema_version": "1.7",\n'
        ' "kind": "ceasefire_declared", "polarity": "negative"}',
        good='{"record_type": "event", "id": "event:no-ceasefire-since-2018", "schema_version": "1.7",\n'
        ' "kind": "ceasefire_declared", "polarity": "negative", "date": "2018-06-18/2019-09-09"}',
    ),
    "PT271": Explanation(
        why="A duration ('could take years', '19 years of war') says how long something lasts. One with no "
        "length, no bound and not even the source's wording says nothing.",
        fix="Give 'value' as an ISO 8601 duration ('P19Y'), or 'lower'/'upper' for a range ('years': lower "
        "'P2Y'), and keep the wording in 'text'.",
        bad='{"record_type": "claim", "id": "claim:talks-could-take-years", "schema_version": "1.7",\n'
        ' "statement": "A settlement could take years.",\n'
        ' "assessment": {"kind": "forecast", "horizon": {"approximate": true}}}',
        good='{"record_type": "claim", "id": "claim:talks-could-take-years", "schema_version": "1.7",\n'
        ' "statement": "A settlement could take years.",\n'
        ' "assessment": {"kind": "forecast", "horizon": {"lower": "P2Y", "text": "years"}}}',
    ),
    "PT272": Explanation(
        why="A duration's lower bound is the shortest length the wording allows and its upper bound the longest; "
        "its value lies between them. Lengths are compared in days, a month counting 28 to 31 days, so only a "
        "certain reversal is reported.",
        fix="Swap the bounds, or correct the one that was mistyped.",
        bad='{"record_type": "claim", "id": "claim:talks-take-months", "schema_version": "1.7",\n'
        ' "statement": "The talks will take six to nine months.",\n'
        ' "assessment": {"kind": "forecast", "horizon": {"lower": "P9M", "upper": "P6M"}}}',
        good='{"record_type": "claim", "id": "claim:talks-take-months", "schema_version": "1.7",\n'
        ' "statement": "The talks will take six to nine months.",\n'
        ' "assessment": {"kind": "forecast", "horizon": {"lower": "P6M", "upper": "P9M"}}}',
    ),
    "PT273": Explanation(
        why="A conflict's sides (UCDP side A and side B, with their secondary supporters) oppose each other; an "
        "actor on both is a copying slip, or two actors that need telling apart (a government and a faction that "
        "left it).",
        fix="Remove the actor from the side it is not on, or make the two actors separate records.",
        bad='{"record_type": "conflict", "id": "conflict:afghanistan-government", "schema_version": "1.7",\n'
        ' "name": "Afghanistan: Government", "side_a": ["actor:afghan-government"],\n'
        ' "side_b": ["actor:taliban", "actor:afghan-government"]}',
        good='{"record_type": "conflict", "id": "conflict:afghanistan-government", "schema_version": "1.7",\n'
        ' "name": "Afghanistan: Government", "side_a": ["actor:afghan-government"],\n'
        ' "side_b": ["actor:taliban"]}',
    ),
    "PT274": Explanation(
        why="A party mention's `link` says how its actor was found (the linker's rule and confidence, or 'hand'); "
        "without `actor` it describes a link that is not there: the actor was removed and the link left behind, or "
        "the link was written to the wrong mention.",
        fix="Give the mention its `actor`, or remove `link` (a mention nobody linked has neither).",
        bad='{"record_type": "agreement", "id": "agreement:pax-1063", "schema_version": "1.7",\n'
        ' "name": "Agreement on Comprehensive Solutions", "party_mentions": [{"text": "Government of Uganda",\n'
        ' "role": "party", "link": {"rule": "government_of", "confidence": 0.93}}]}',
        good='{"record_type": "agreement", "id": "agreement:pax-1063", "schema_version": "1.7",\n'
        ' "name": "Agreement on Comprehensive Solutions", "party_mentions": [{"text": "Government of Uganda",\n'
        ' "role": "party", "actor": "actor:paax-con-176",\n'
        ' "link": {"rule": "government_of", "confidence": 0.93, "matched": "Uganda"}}]}',
    ),
    "PT299": Explanation(
        why="A value broke a rule of the record format that has no more specific code of its own (the message "
        "names the rule and the field). It is kept as a catch-all so that no problem goes unreported while a "
        "dedicated code is still missing.",
        fix="Read the message and the field's description (in the JSON Schema under schemas/ or the model's "
        "documentation) and correct the value; please report the message so that the rule can get its own code.",
        bad="# any value that breaks a rule without a code of its own, e.g.\n"
        "error PT299 invalid_value at provisions[0].commitments[0]: <the rule's message>",
        good="# the same record with the value corrected: no finding",
    ),
    # ------------------------------------------------------------------------------------------------------
    # PT3xx cross-record
    # ------------------------------------------------------------------------------------------------------
    "PT301": Explanation(
        why="References between records (parties, signatories, anchors, evidence sources) are checked against "
        "the ids of all records validated together. A reference to an id that does not exist is a dangling link: "
        "the party, source or event it should point to cannot be found.",
        fix="Correct the id to the one the record actually has, add the missing record, or validate the files "
        "that hold it together (pass the whole directory).",
        bad='# actors.json defines "actor:farc-ep" and "actor:colombia"; agreements.json:\n'
        '{"record_type": "agreement", "id": "agreement:2016-11-24-colombia-final-agreement",\n'
        ' "schema_version": "1.7", "name": "Final Agreement to End the Armed Conflict",\n'
        ' "parties": ["actor:colombia", "actor:farc"]}',
        good='# actors.json defines "actor:farc-ep" and "actor:colombia"; agreements.json:\n'
        '{"record_type": "agreement", "id": "agreement:2016-11-24-colombia-final-agreement",\n'
        ' "schema_version": "1.7", "name": "Final Agreement to End the Armed Conflict",\n'
        ' "parties": ["actor:colombia", "actor:farc-ep"]}',
    ),
    "PT302": Explanation(
        why="Ids are how records refer to each other, so each must name exactly one record across everything "
        "validated together. With two records under one id every reference to it is ambiguous, and one record "
        "silently overwrites the other when the data are merged.",
        fix="If both records describe the same thing, merge them into one; if they describe different things, "
        "give each its own id and update the references.",
        bad="[\n"
        ' {"record_type": "agreement", "id": "agreement:1998-04-10-belfast-agreement", "schema_version": "1.7",\n'
        '  "name": "Multi-Party Agreement", "date": "1998-04-10"},\n'
        ' {"record_type": "agreement", "id": "agreement:1998-04-10-belfast-agreement", "schema_version": "1.7",\n'
        '  "name": "British-Irish Agreement", "date": "1998-04-10"}\n'
        "]",
        good="[\n"
        ' {"record_type": "agreement", "id": "agreement:1998-04-10-multi-party-agreement", "schema_version": "1.7",\n'
        '  "name": "Multi-Party Agreement", "date": "1998-04-10"},\n'
        ' {"record_type": "agreement", "id": "agreement:1998-04-10-british-irish-agreement", "schema_version": "1.7",\n'
        '  "name": "British-Irish Agreement", "date": "1998-04-10"}\n'
        "]",
    ),
    "PT303": Explanation(
        why="A reference can name an existing record and still point at the wrong kind of thing: a detainee or "
        "a delegation member must be a person, the organization of a post must not be one. Such links pass "
        "the id checks but make counts of people, parties or signatures wrong.",
        fix="Point the reference at the intended record (the person, not their group or state); if that record "
        "does not exist yet, create it.",
        bad='# actors.json: {"id": "actor:haqqani-network", "kind": "armed_group", ...}\n'
        '"sides": [..., {"key": "government-releases", "releaser": "actor:afghan-government", "count": 3,\n'
        '               "detainees": [{"person": "actor:haqqani-network"}]}]',
        good='# actors.json: {"id": "actor:anas-haqqani", "kind": "person", ...}\n'
        '"sides": [..., {"key": "government-releases", "releaser": "actor:afghan-government", "count": 3,\n'
        '               "detainees": [{"person": "actor:anas-haqqani"}]}]',
    ),
    "PT304": Explanation(
        why="Dates of related records must be possible together: a position cannot be stated by someone after "
        "their death, a step cannot come before the event that caused it, and a swap cannot be carried out "
        "before the agreement that provides for it existed. A contradiction means one date, or the link, is wrong.",
        fix="Check both dates against the sources and correct the wrong one, or link the record to the actor or "
        "record it really belongs to.",
        bad='# actors.json: {"id": "actor:mullah-omar", "kind": "person", "died": "2013-04", ...}\n'
        '{"record_type": "position", "id": "position:2015-07-taliban-eid-message-talks", "schema_version": "1.7",\n'
        ' "holders": ["actor:mullah-omar"], "kind": "acceptance", "topic": "talks", "stated": "2015-07-15"}',
        good="# the Eid message was issued in the name of a leader who had died two years earlier\n"
        '{"record_type": "position", "id": "position:2015-07-taliban-eid-message-talks", "schema_version": "1.7",\n'
        ' "holders": ["actor:taliban"], "kind": "acceptance", "topic": "talks", "stated": "2015-07-15"}',
    ),
    "PT305": Explanation(
        why="Contradiction goes both ways: if claim A contradicts claim B, then B contradicts A. A one-way link "
        "means that a reader who starts from B never learns that it is disputed.",
        fix="Add the reverse link to the other claim's 'contradicts', or remove the first link if it was a mistake.",
        bad='{"id": "claim:2023-01-06-russia-truce-observed",\n'
        ' "statement": "Russian forces observed the Christmas cease-fire along the whole front line.",\n'
        ' "contradicts": ["claim:2023-01-06-ukraine-truce-shelling"], ...}\n'
        '{"id": "claim:2023-01-06-ukraine-truce-shelling",\n'
        ' "statement": "Russian forces kept shelling Ukrainian positions during the announced truce.", ...}',
        good='{"id": "claim:2023-01-06-russia-truce-observed",\n'
        ' "statement": "Russian forces observed the Christmas cease-fire along the whole front line.",\n'
        ' "contradicts": ["claim:2023-01-06-ukraine-truce-shelling"], ...}\n'
        '{"id": "claim:2023-01-06-ukraine-truce-shelling",\n'
        ' "statement": "Russian forces kept shelling Ukrainian positions during the announced truce.",\n'
        ' "contradicts": ["claim:2023-01-06-russia-truce-observed"], ...}',
    ),
    # ------------------------------------------------------------------------------------------------------
    # PT31x grounding: evidence against the texts of its sources (validate --texts DIR, --ground)
    # ------------------------------------------------------------------------------------------------------
    "PT310": Explanation(
        why="An evidence quote is the record's proof. A quote that is not in the source is a hallucination (an "
        "extractor wrote what the story should have said) or a paraphrase passed off as the source's words, and "
        "every fact resting on it is unsupported; no schema can see it, only the text can. The message gives the "
        "nearest passage and its similarity: 'paraphrased?' when close, 'not in the text' when nothing is.",
        fix="Copy the passage from the text verbatim (the 'suggestion' holds the nearest passage when it is close) "
        "and check that it still supports the record; if nothing in the text does, drop the fact or the record. "
        "Spacing, typographic quotes and dashes do not matter (docs/grounding.md); capitalisation does. The text "
        "defects the source record declares are allowed for (zero-width spaces, mixed quotation marks, fused lines) "
        "and named when the nearest passage overlaps one: quote the text as it stands, not a correction.",
        bad='"evidence": [{"source": "source:seed-000-khalilzad-kabul-visit",\n'
        '  "quote": "The two professors could be freed in exchange for three Taliban commanders"}]',
        good='"evidence": [{"source": "source:seed-000-khalilzad-kabul-visit",\n'
        '  "quote": "The two professors could be freed in exchange for several Taliban commanders"}]',
    ),
    "PT311": Explanation(
        why="Offsets let readers and tools jump to the quote in the stored text. Offsets that select other "
        "characters (one off, counted in bytes, or taken from another copy of the text) point at the wrong "
        "passage although the quote itself is right.",
        fix="Set start to the offset the message gives (in Unicode code points of the text as stored; end = start "
        "+ the quote's length), or leave both out.",
        bad='{"source": "source:seed-000-khalilzad-kabul-visit", "start": 204, "end": 280,\n'
        ' "quote": "The two professors could be freed in exchange for several Taliban commanders"}',
        good='{"source": "source:seed-000-khalilzad-kabul-visit", "start": 203, "end": 279,\n'
        ' "quote": "The two professors could be freed in exchange for several Taliban commanders"}',
    ),
    "PT312": Explanation(
        why="A misspelt or wrong name is kept on an actor only because a source really uses it, so that mentions "
        "in that source resolve to the actor. A name 'observed' nowhere in the cited text is an invented variant: "
        "it would match mentions of the wrong person and hides that the evidence does not support it.",
        fix="Copy the name exactly as the source spells it (the message shows the nearest spelling in the text), "
        "or cite the source that does use it.",
        bad='{"text": "Ashraf Ghanni", "kind": "observed_misspelling",\n'
        ' "evidence": [{"source": "source:seed-000-khalilzad-kabul-visit", "quote": "Afghan President Asraf Ghani"}]}',
        good='{"text": "Asraf Ghani", "kind": "observed_misspelling",\n'
        ' "evidence": [{"source": "source:seed-000-khalilzad-kabul-visit", "quote": "Afghan President Asraf Ghani"}]}',
    ),
    "PT313": Explanation(
        why="text_sha256 pins the exact text that evidence offsets refer to. A text with another hash is another "
        "version (re-scraped, re-encoded, with its line ends changed), so offsets and quotes checked against it "
        "prove nothing about the text the record was made from.",
        fix="Give the text the record was made from; if the record is meant to refer to the new text, check its "
        "quotes and offsets against it and update text_sha256 (sha256sum FILE).",
        bad="# texts/seed-000-khalilzad-kabul-visit.txt was re-scraped (sha256 9f2c...)\n"
        '{"record_type": "source", "id": "source:seed-000-khalilzad-kabul-visit", "schema_version": "1.7",\n'
        ' "text_sha256": "70ae5c8d51eda8dcf9f1978923f50153ac06b0a6fdba3ef3de80c598a48bc450"}',
        good="# texts/seed-000-khalilzad-kabul-visit.txt is the text the quotes were taken from\n"
        '{"record_type": "source", "id": "source:seed-000-khalilzad-kabul-visit", "schema_version": "1.7",\n'
        ' "text_sha256": "70ae5c8d51eda8dcf9f1978923f50153ac06b0a6fdba3ef3de80c598a48bc450"}',
    ),
    "PT314": Explanation(
        why="With --require-texts every quote must be checked against its source's text. A quote whose source "
        "has no text given cannot be checked at all, so a run that should prove every quote would pass it "
        "unseen.",
        fix="Put the text in the texts directory as <local part of the source id>.txt (or list it in the "
        "directory's manifest.tsv), or declare text_path on the source record.",
        bad="$ ls texts/\nseed-000-khalilzad-kabul-visit.txt\n"
        "$ peace-talks validate records.jsonl --texts texts --require-texts   # cites source:seed-004-...",
        good="$ ls texts/\nseed-000-khalilzad-kabul-visit.txt  seed-004-ap-khalilzad-doha-talks.txt\n"
        "$ peace-talks validate records.jsonl --texts texts --require-texts",
    ),
    "PT315": Explanation(
        why="A source's text that cannot be read (a text_path naming no file, a manifest entry with a typo, a "
        "file that is not UTF-8) leaves the quotes citing it unchecked, which must not pass as a clean run.",
        fix="Correct the path (text_path is relative to the record file; manifest paths to the texts "
        "directory) or re-save the text as UTF-8.",
        bad='{"record_type": "source", "id": "source:seed-000-khalilzad-kabul-visit", "schema_version": "1.7",\n'
        ' "text_path": "texts/seed-0.txt"}',
        good='{"record_type": "source", "id": "source:seed-000-khalilzad-kabul-visit", "schema_version": "1.7",\n'
        ' "text_path": "texts/seed-000.txt"}',
    ),
    "PT320": Explanation(
        why="When a record is extracted in several calls (a core answer, then enrichments), two answers can give "
        "one field different values: the same enrichment asked twice, or an answer repeating a core field. Either "
        "could be right, and choosing one silently would hide the disagreement, so the record is held back.",
        fix="Read the two values the finding quotes and where each was written; correct or delete the wrong one "
        "(or ask the model again) and merge again.",
        bad='core: {"record_type": "negotiation", "id": "negotiation:2019-12-07-doha", "formality": "official"}\n'
        'enrichment: {"record_type": "negotiation", "id": "negotiation:2019-12-07-doha", "formality": "informal"}',
        good='core: {"record_type": "negotiation", "id": "negotiation:2019-12-07-doha", "formality": "official"}\n'
        'enrichment: {"record_type": "negotiation", "id": "negotiation:2019-12-07-doha", "rounds": 9}',
    ),
    "PT321": Explanation(
        why="An enrichment answer fills more fields of one record, named by its id. When no core answer holds a "
        "record with that id (the model changed the id, or the core answer was not given), the answer has "
        "nowhere to go.",
        fix="Give the id exactly as the core answer wrote it (the finding suggests a close one), or add the core "
        "answer that holds the record.",
        bad='core: {"records": [{"record_type": "actor", "id": "actor:zalmay-khalilzad", ...}]}\n'
        'enrichment: {"record_type": "actor", "id": "actor:zalmay-khalilsad", "born": "1951-03-22"}',
        good='core: {"records": [{"record_type": "actor", "id": "actor:zalmay-khalilzad", ...}]}\n'
        'enrichment: {"record_type": "actor", "id": "actor:zalmay-khalilzad", "born": "1951-03-22"}',
    ),
    "PT322": Explanation(
        why="An enrichment answer's fields belong to its record type; folded into a record of another type they "
        "would be unknown fields or mean something else.",
        fix="Use the enrichment file of the record's own type, or correct the id.",
        bad='core: {"records": [{"record_type": "actor", "id": "actor:taliban", ...}]}\n'
        'enrichment: {"record_type": "negotiation", "id": "actor:taliban", "rounds": 9}',
        good='core: {"records": [{"record_type": "actor", "id": "actor:taliban", ...}]}\n'
        'enrichment: {"record_type": "actor", "id": "actor:taliban", "born": "1994"}',
    ),
    # ------------------------------------------------------------------------------------------------------
    # PT4xx meaning
    # ------------------------------------------------------------------------------------------------------
    "PT401": Explanation(
        why="Statuses have a meaning, and the meaning has an order: an agreement is proposed or drafted before "
        "it is signed, and signed before it is ratified or in force; a cease-fire is declared before it is in "
        "effect and in effect before it breaks or expires; a vote is held before its results are announced. A "
        "history in date order can still put a later stage first (a typo in a year, a step given the wrong "
        "status), and then the record says something that cannot have happened. Only first occurrences are "
        "compared, and only when every reading of the fuzzy dates contradicts; statuses that can come at any "
        "point (rejected, postponed, suspended, resumed, delayed) are not judged.",
        fix="Check the dates and statuses of the two steps named: correct the year, the status, or the order.",
        bad='{"record_type": "agreement", "id": "agreement:2016-11-24-colombia-final-agreement",\n'
        ' "schema_version": "1.7", "name": "Final Agreement", "status_history": [\n'
        '  {"status": "ratified", "date": "2016-01-30"}, {"status": "signed", "date": "2016-11-24"}]}',
        good='{"record_type": "agreement", "id": "agreement:2016-11-24-colombia-final-agreement",\n'
        ' "schema_version": "1.7", "name": "Final Agreement", "status_history": [\n'
        '  {"status": "signed", "date": "2016-11-24"}, {"status": "ratified", "date": "2016-11-30"}]}',
    ),
    "PT402": Explanation(
        why="A record's own date says when the thing happened: for an agreement when it was signed, for a "
        "negotiation or a vote when it was held, for a prisoner swap when it was carried out. When its status "
        "history dates that same step, the two must be able to be the same time (fuzzy dates overlap); a "
        "meeting dated 7 December whose 'held' step says 7 January has one of them wrong.",
        fix="Correct the record's date or the step's date so that both give the same time (or a range holding "
        "both, for a date that is uncertain).",
        bad='{"record_type": "negotiation", "id": "negotiation:2019-12-07-doha-us-taliban", "schema_version": "1.7",\n'
        ' "kind": "meeting", "date": "2019-12-07", "status_history": [{"status": "held", "date": "2020-01-07"}]}',
        good='{"record_type": "negotiation", "id": "negotiation:2019-12-07-doha-us-taliban", "schema_version": "1.7",\n'
        ' "kind": "meeting", "date": "2019-12-07", "status_history": [{"status": "held", "date": "2019-12-07"}]}',
    ),
    "PT403": Explanation(
        why="A claim keeps what the speaker does with a statement (stance: asserts, confirms, denies, disputes, "
        "predicts, accuses, questions) and, in FactBank's terms, how certain of it the speaker is (factuality: "
        "CT+ certain true ... CT- certain false, Uu unknown). The two describe one act, so some pairs cannot both "
        "hold: confirming a statement one is certain is false, denying one one is certain is true, saying it is "
        "not known while being certain either way. Such a pair usually comes from a statement written in the "
        "negative ('the talks will not resume') with the factuality of the positive.",
        fix="Make the statement, the stance and the factuality say one thing: for a denial of 'the talks will "
        "resume', keep the positive statement with stance 'denies' and factuality 'CT-'.",
        bad='{"record_type": "claim", "id": "claim:2019-09-09-trump-talks-dead", "schema_version": "1.7",\n'
        ' "statement": "The talks with the Taliban are dead.", "stance": "confirms", "factuality": "CT-"}',
        good='{"record_type": "claim", "id": "claim:2019-09-09-trump-talks-dead", "schema_version": "1.7",\n'
        ' "statement": "The talks with the Taliban are dead.", "stance": "asserts", "factuality": "CT+"}',
    ),
    "PT404": Explanation(
        why="A figure can be reported both ways, as a number and as a share of another ('about a third of the "
        "9,000 troops, some 3,000'): the record then keeps `value` beside `fraction` and `of`, and the two must "
        "give the same number. A value that the fraction cannot give (6,500 for a third of 9,000) means one of "
        "them was misread. An exact figure may differ by 2% (fractions are reported rounded: '80%', 'a third'), "
        "an approximate one ('about') by 25%; 'under'/'up to' allow any value below, 'more than'/'at least' any "
        "value above.",
        fix="Check the number and the fraction against the source: correct whichever is wrong, or drop the "
        "value when the source gives only the fraction.",
        bad='{"record_type": "event", "id": "event:2020-07-us-troop-reduction", "schema_version": "1.7",\n'
        ' "kind": "troop_withdrawal", "figures": [{"value": 6500, "qualifier": "about", "fraction": 0.333,\n'
        '  "of": {"value": 9000, "unit": "troops"}, "unit": "troops"}]}',
        good='{"record_type": "event", "id": "event:2020-07-us-troop-reduction", "schema_version": "1.7",\n'
        ' "kind": "troop_withdrawal", "figures": [{"value": 3000, "qualifier": "about", "fraction": 0.333,\n'
        '  "of": {"value": 9000, "unit": "troops"}, "unit": "troops"}]}',
    ),
    "PT405": Explanation(
        why="Some statuses end a record's life: talks collapse or are cancelled, a cease-fire is broken or "
        "expires, an agreement collapses or is superseded, an exchange is called off. A status that is only true "
        "of a living record (talks held or ongoing, a cease-fire in effect, an agreement in force, an exchange "
        "executed) cannot follow one of those unless something started it again: talks resumed, a cease-fire "
        "declared again, an agreement revived. Without that step the history says the record was dead and alive "
        "at once; usually the resumption was left out, or the ending status was the wrong word (suspended, "
        "violated).",
        fix="Add the step that started it again (status 'resumed', 'revived', 'declared'... with its date), or "
        "correct the ending status when the source reports only a pause or a violation.",
        bad='{"record_type": "negotiation", "id": "negotiation:us-taliban-doha", "schema_version": "1.7",\n'
        ' "kind": "track", "status_history": [{"status": "ongoing", "date": "2019-08"},\n'
        '  {"status": "collapsed", "date": "2019-09-09"}, {"status": "ongoing", "date": "2019-12-07"}]}',
        good='{"record_type": "negotiation", "id": "negotiation:us-taliban-doha", "schema_version": "1.7",\n'
        ' "kind": "track", "status_history": [{"status": "ongoing", "date": "2019-08"},\n'
        '  {"status": "collapsed", "date": "2019-09-09"}, {"status": "resumed", "date": "2019-12-07"},\n'
        '  {"status": "ongoing", "date": "2019-12"}]}',
    ),
    "PT406": Explanation(
        why="An implementation history follows one commitment over time. As one assessor sees it, a commitment "
        "that has started (or been partly or fully carried out) is not 'not started' later; and it cannot be "
        "'overdue' or 'completed late' on a day certainly before its own calendar deadline. Steps reported by "
        "different assessors (`according_to`) may disagree and are not compared with each other.",
        fix="Check the order and dates of the steps and the commitment's deadline against the sources; give a "
        "party's own assessment its `according_to`, so that it is not read as the same assessor's.",
        bad='{"record_type": "agreement", "id": "agreement:2020-02-29-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "troop_withdrawal",\n'
        '  "commitments": [{"action": "withdraw", "deadline": "2021-05-01",\n'
        '   "implementation": [{"status": "overdue", "date": "2021-03-01"}]}]}]}',
        good='{"record_type": "agreement", "id": "agreement:2020-02-29-us-taliban", "schema_version": "1.7",\n'
        ' "name": "Agreement for Bringing Peace to Afghanistan", "provisions": [{"topic": "troop_withdrawal",\n'
        '  "commitments": [{"action": "withdraw", "deadline": "2021-05-01",\n'
        '   "implementation": [{"status": "overdue", "date": "2021-05-15"}]}]}]}',
    ),
    "PT407": Explanation(
        why="A position record is what a holder states as its position: when it was stated (`stated`), it was "
        "held. A `held_until` that ends certainly before `stated` says the holder voiced a position it had already "
        "given up; usually one of the two dates is wrong, or the statement belongs to a later position that "
        "`replaces` this one.",
        fix="Check both dates against the source; when the holder changed its position, record the new one as its "
        "own position with `replaces` naming the old.",
        bad='{"record_type": "position", "id": "position:2019-taliban-no-ceasefire", "schema_version": "1.7",\n'
        ' "holders": ["actor:taliban"], "kind": "rejection", "topic": "ceasefire", "stated": "2019-09-09",\n'
        ' "held_until": "2019-06"}',
        good='{"record_type": "position", "id": "position:2019-taliban-no-ceasefire", "schema_version": "1.7",\n'
        ' "holders": ["actor:taliban"], "kind": "rejection", "topic": "ceasefire", "stated": "2019-09-09",\n'
        ' "held_until": "2020-02-22"}',
    ),
    "PT430": Explanation(
        why="Numbers that describe parts of the same thing must fit it: the rounds of an exchange cannot release "
        "more of a side's detainees than the side releases in all, a round cannot name more people than it "
        "released, a condition on released people cannot cover more people than were released, killed and "
        "injured cannot outnumber those 'killed or injured' of the same people by the same account, and a "
        "delegation cannot name more members than its size. A part counts with the least it certainly is, the "
        "whole with the most it may be ('about' allows 25% either way, 'at least' has no most), so only figures "
        "that cannot all be true are reported: usually one figure was misread or belongs elsewhere.",
        fix="Check the figures against their sources: correct the misread one, move a figure to the record it "
        "belongs to, or give the whole the range its sources allow (a side's counts at each stage).",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-shalit-exchange", "schema_version": '
        '"1.7",\n "sides": [{"key": "israel-release", "count": 1027}, {"key": "hamas-release", "count": 1}],\n'
        ' "phases": [{"key": "phase-1", "releases": [{"side": "israel-release", "count": 477}]},\n'
        '            {"key": "phase-2", "releases": [{"side": "israel-release", "count": 650}]}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-shalit-exchange", "schema_version": '
        '"1.7",\n "sides": [{"key": "israel-release", "count": 1027}, {"key": "hamas-release", "count": 1}],\n'
        ' "phases": [{"key": "phase-1", "releases": [{"side": "israel-release", "count": 477}]},\n'
        '            {"key": "phase-2", "releases": [{"side": "israel-release", "count": 550}]}]}',
    ),
    "PT431": Explanation(
        why="A share of a whole (a turnout, a vote, a part of revenues) written in percent is at most 100. A "
        "higher figure is usually a count put in 'value' with the unit 'percent', or two digits swapped. A "
        "change or a rate ('percent increase', a measure such as 'inflation') is not a share and is not "
        "judged; an 'about' figure is reported only when even 25% less is above 100.",
        fix="Correct the figure against the source, or the unit when the number is not a percentage (a count of "
        "votes, a percent increase).",
        bad='{"record_type": "event", "id": "event:1998-05-22-ni-referendum", "schema_version": "1.7",\n'
        ' "kind": "referendum", "figures": [{"value": 811, "measure": "turnout", "unit": "percent"}]}',
        good='{"record_type": "event", "id": "event:1998-05-22-ni-referendum", "schema_version": "1.7",\n'
        ' "kind": "referendum", "figures": [{"value": 81.1, "measure": "turnout", "unit": "percent"}]}',
    ),
    "PT432": Explanation(
        why="A figure given only as a share of another ('more than half of the 14,000 troops') may also keep the "
        "range its wording allows in `lower`/`upper`. The range must contain a number the fraction can give: "
        "'more than half of 14,000' with an upper bound of 6,000 cannot be. (A figure with a value is judged by "
        "PT404 and PT222 instead.) An exact fraction may differ by 2% (fractions are reported rounded), an "
        "'about' one by 25%.",
        fix="Check the fraction, its base and the bounds against the source and correct the one that was "
        "misread, or drop bounds the wording does not give.",
        bad='{"record_type": "event", "id": "event:2020-us-troop-reduction", "schema_version": "1.7",\n'
        ' "kind": "troop_withdrawal", "figures": [{"qualifier": "more_than", "fraction": 0.5,\n'
        '  "of": {"value": 14000, "unit": "troops"}, "upper": 6000, "unit": "troops"}]}',
        good='{"record_type": "event", "id": "event:2020-us-troop-reduction", "schema_version": "1.7",\n'
        ' "kind": "troop_withdrawal", "figures": [{"qualifier": "more_than", "fraction": 0.5,\n'
        '  "of": {"value": 14000, "unit": "troops"}, "upper": 8000, "unit": "troops"}]}',
    ),
    "PT433": Explanation(
        why="'Several' stands for an unstated small number of more than two ('a few' may be two): a 'several' "
        "whose upper bound is 1 or 0 contradicts its own qualifier. Usually the bound was meant as the lower "
        "one, or the source gives an exact number.",
        fix="Give 'several' the bounds its wording allows (a lower bound of at least 2), or an exact value with "
        "no vague qualifier.",
        bad='{"record_type": "event", "id": "event:2019-kabul-release", "schema_version": "1.7",\n'
        ' "kind": "release", "figures": [{"qualifier": "several", "upper": 1, "unit": "prisoners"}]}',
        good='{"record_type": "event", "id": "event:2019-kabul-release", "schema_version": "1.7",\n'
        ' "kind": "release", "figures": [{"qualifier": "several", "lower": 2, "unit": "prisoners"}]}',
    ),
    "PT410": Explanation(
        why="A deadline, a start or an end is often given twice, as the text's relative time ('within 90 days of "
        "the signing') and as the calendar day it resolves to. Both describe one day, so the calendar day must be "
        "one the anchor allows: 'within' a period of the anchor is not before it and not after its end; 'after' "
        "and 'before' an offset are about that far from it (only on the right side of it when the offset is "
        "approximate); 'at' is the anchor's day; an end 'until' an anchor is not after it (moved by the offset, "
        "when one is given), though a term may end before it. The anchor's day is its record's date, or the first "
        "step with the status it names. Deadlines, starts and ends of commitments, starts of phases, and starts "
        "and ends of an exchange's conditions and custodies are compared so. A day is allowed either way, and only "
        "a day that no reading of the fuzzy dates allows is reported. A final deadline ('or at the latest 18 "
        "months') is not shorter than the first.",
        fix="Recompute the calendar day from the anchor and the offset (or correct the offset, the relation or "
        "the anchor, whichever the source contradicts).",
        bad='{"record_type": "agreement", "id": "agreement:2020-02-29-doha", "schema_version": "1.7",\n'
        ' "name": "Doha Agreement", "date": "2020-02-29", "provisions": [{"topic": "troop_withdrawal",\n'
        '  "commitments": [{"action": "withdraw", "deadline": "2019-12-01", "deadline_relative":\n'
        '   {"relation": "within", "offset": "P90D", "anchor": {"record": "agreement:2020-02-29-doha",\n'
        '    "status": "signed"}}}]}]}',
        good='{"record_type": "agreement", "id": "agreement:2020-02-29-doha", "schema_version": "1.7",\n'
        ' "name": "Doha Agreement", "date": "2020-02-29", "provisions": [{"topic": "troop_withdrawal",\n'
        '  "commitments": [{"action": "withdraw", "deadline": "2020-05-29", "deadline_relative":\n'
        '   {"relation": "within", "offset": "P90D", "anchor": {"record": "agreement:2020-02-29-doha",\n'
        '    "status": "signed"}}}]}]}',
    ),
    "PT411": Explanation(
        why="A part happens within what it belongs to: a violation of a cease-fire happens once the cease-fire "
        "exists (on or after the earliest day it was declared, agreed or took effect), a phase of an agreement's "
        "implementation does not start before anything recorded of the agreement, a round of a prisoner exchange "
        "lies within the exchange's own date. A part dated certainly outside has a wrong date, or belongs to "
        "another record (an earlier truce, another round).",
        fix="Check the part's date and the dates of its whole against the sources; correct the wrong one, or move "
        "the part to the record it belongs to.",
        bad='{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-afghanistan", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07",\n'
        '  "effective": "2018-06-12"}], "violations": [{"date": "2018-05-20"}]}',
        good='{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-afghanistan", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07",\n'
        '  "effective": "2018-06-12"}], "violations": [{"date": "2018-06-14"}]}',
    ),
    "PT412": Explanation(
        why="An extension moves a cease-fire's end later: its 'until' comes after the end it extends (the previous "
        "extension's 'until', else the end of the cease-fire's fixed duration), and, being announced on its "
        "'date', it does not end before that day. An extension announced before the expiry, or after a short "
        "lapse, is fine; one that ends before what it extends has a wrong date, or is a different arrangement. "
        "A declaration's 'end' is when the cease-fire really ended (after its extensions, or before them when it "
        "broke down), so extensions are not compared with it.",
        fix="Check the extension's 'until' and 'date' and the end it extends against the sources, and correct the "
        "wrong one (often a month or a year).",
        bad='{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-afghanistan", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07",\n'
        '  "effective": "2018-06-12"}], "fixed_duration": "P8D",\n'
        ' "extensions": [{"date": "2018-06-16", "duration": "P10D", "until": "2018-05-30"}]}',
        good='{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-afghanistan", "schema_version": "1.7",\n'
        ' "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07",\n'
        '  "effective": "2018-06-12"}], "fixed_duration": "P8D",\n'
        ' "extensions": [{"date": "2018-06-16", "duration": "P10D", "until": "2018-06-30"}]}',
    ),
    "PT413": Explanation(
        why="A duration and the dates it spans say the same thing twice. A negotiation dated over an interval "
        "lasted no longer than that interval; a cease-fire whose fixed duration ran out ('end_reason': 'expired') "
        "ended that long after it took effect (or was declared), and not earlier even when extended; an "
        "extension by a duration ends that long after the end it extends (or after its announcement). A day is "
        "allowed either way for inclusive counting and the time of day, 'about' a quarter either way.",
        fix="Check the duration and the dates against the sources and correct the wrong one; a cease-fire that "
        "ended otherwise than by running out gets its own end reason (broken, withdrawn, superseded).",
        bad='{"record_type": "negotiation", "id": "negotiation:2019-12-doha-round", "schema_version": "1.7",\n'
        ' "kind": "round", "date": "2019-12-01/2019-12-03", "duration": {"value": 10, "unit": "days"}}',
        good='{"record_type": "negotiation", "id": "negotiation:2019-12-doha-round", "schema_version": "1.7",\n'
        ' "kind": "round", "date": "2019-12-01/2019-12-10", "duration": {"value": 10, "unit": "days"}}',
    ),
    "PT420": Explanation(
        why="Some relations are an order: parentage, birth order, founding, succession, membership, what a record "
        "supersedes, amends, implements, follows, responds to, replaces, reverses, restores or is caused by, and "
        "what it is part of. An order has no cycle: nobody is a parent of their own parent, an organisation is not "
        "a member of its own member, two claims do not each answer the other. A relation and its inverse count as "
        "one link (A parent_of B is B child_of A), so a 2-cycle is two records reading the same relation in "
        "opposite directions. The cycle is reported once, at the link that closes it, and names every link.",
        fix="Find the link of the cycle that is wrong (often an inverse written the wrong way round, or a target "
        "id mixed up) and correct or remove it.",
        bad='{"record_type": "actor", "id": "actor:mullah-yaqoob", "schema_version": "1.7", "name": "Mullah Yaqoob",\n'
        ' "kind": "person", "relations": [{"type": "child_of", "target": "actor:mullah-omar"},\n'
        '                                {"type": "parent_of", "target": "actor:mullah-omar"}]}',
        good='{"record_type": "actor", "id": "actor:mullah-yaqoob", "schema_version": "1.7", "name": "Mullah Yaqoob",\n'
        ' "kind": "person", "relations": [{"type": "child_of", "target": "actor:mullah-omar"}]}',
    ),
    "PT421": Explanation(
        why="A record that depends on another cannot come before it: an agreement cannot supersede, amend or "
        "implement one made later, a claim or position cannot answer one made later, a cease-fire cannot restore "
        "one that began later, talks cannot follow later talks; a parent, older sibling or founder is not born or "
        "founded after the actor it comes before. All the dates of both records count (date, status steps, "
        "declarations...), and the link is flagged only when every date of the dependent record precedes every "
        "date of the other.",
        fix="Check the dates of both records and the direction of the link: correct the wrong date, or point the "
        "link at the record really meant.",
        bad='[{"record_type": "claim", "id": "claim:2019-09-08-taliban-reply", "schema_version": "1.7",\n'
        '  "statement": "The US will regret cancelling the talks.", "date": "2019-09-08",\n'
        '  "responds_to": "claim:2019-09-09-trump-talks-dead"},\n'
        ' {"record_type": "claim", "id": "claim:2019-09-09-trump-talks-dead", "schema_version": "1.7",\n'
        '  "statement": "The talks with the Taliban are dead.", "date": "2019-09-09"}]',
        good='[{"record_type": "claim", "id": "claim:2019-09-08-taliban-reply", "schema_version": "1.7",\n'
        '  "statement": "The US will regret cancelling the talks.", "date": "2019-09-08",\n'
        '  "responds_to": "claim:2019-09-07-trump-talks-cancelled"},\n'
        ' {"record_type": "claim", "id": "claim:2019-09-07-trump-talks-cancelled", "schema_version": "1.7",\n'
        '  "statement": "The meeting at Camp David is cancelled.", "date": "2019-09-07"}]',
    ),
    "PT422": Explanation(
        why="An actor does nothing after its death or dissolution, and nothing before its birth or founding: it "
        "holds no post or membership, takes no part in talks or events, declares, signs and says nothing outside "
        "its life, and nobody joins an organisation after it was dissolved. Such a record usually has a wrong "
        "date, a wrong actor (a namesake, a successor), or a death recorded too early. Relations that can begin "
        "after a death (a posthumous child, remains held, a defunct group designated) are not judged. Signatures "
        "and positions after a death are PT304.",
        fix="Check the act's date and the actor's birth and death against the sources: correct the wrong date, or "
        "link the act to the actor who really did it.",
        bad='{"record_type": "actor", "id": "actor:mullah-omar", "schema_version": "1.7", "name": "Mullah Omar",\n'
        ' "kind": "person", "died": "2013-04",\n'
        ' "posts": [{"title": "Amir al-Mu\'minin", "organization": "actor:taliban", "as_of": ["2015-07"]}]}',
        good='{"record_type": "actor", "id": "actor:mullah-omar", "schema_version": "1.7", "name": "Mullah Omar",\n'
        ' "kind": "person", "died": "2013-04",\n'
        ' "posts": [{"title": "Amir al-Mu\'minin", "organization": "actor:taliban", "as_of": ["2012-07"]}]}',
    ),
    "PT423": Explanation(
        why="Kinship is stated from each end: a person's record says he is the parent of another, and the other's "
        "record says how it stands to him. Both must fit: the child of a parent holds `child_of` back (or the vaguer "
        "`relative_of`), a sibling holds a sibling relation, a spouse holds `spouse_of`. A parent whose child says it "
        "is his sibling or spouse means one of the two relations was misread or names the wrong actor. (A parent of "
        "one's own parent is a cycle, PT420.)",
        fix="Check both relations against the sources; correct the type that is wrong, or point it at the actor "
        "really meant.",
        bad='[{"record_type": "actor", "id": "actor:jalaluddin-haqqani", "schema_version": "1.7",\n'
        '  "name": "Jalaluddin Haqqani", "kind": "person",\n'
        '  "relations": [{"type": "parent_of", "target": "actor:anas-haqqani"}]},\n'
        ' {"record_type": "actor", "id": "actor:anas-haqqani", "schema_version": "1.7", "name": "Anas Haqqani",\n'
        '  "kind": "person", "relations": [{"type": "sibling_of", "target": "actor:jalaluddin-haqqani"}]}]',
        good='[{"record_type": "actor", "id": "actor:jalaluddin-haqqani", "schema_version": "1.7",\n'
        '  "name": "Jalaluddin Haqqani", "kind": "person",\n'
        '  "relations": [{"type": "parent_of", "target": "actor:anas-haqqani"}]},\n'
        ' {"record_type": "actor", "id": "actor:anas-haqqani", "schema_version": "1.7", "name": "Anas Haqqani",\n'
        '  "kind": "person", "relations": [{"type": "child_of", "target": "actor:jalaluddin-haqqani"}]}]',
    ),
    "PT440": Explanation(
        why="A prisoner swap and the agreement or cease-fire that provides for it can each name the other: the "
        "agreement (or cease-fire) lists the swap in `prisoner_swaps`, the swap names it in `agreement` (or "
        "`ceasefire`). Written at one end only the link is fine, and an agreement may list only some of the swaps "
        "that name it; but a swap listed by one agreement that names another as its own says two different things. "
        "A swap naming a part of the agreement, or the whole it is annexed to, is the same arrangement and is fine.",
        fix="Check which agreement (or cease-fire) provided for the exchange: correct the swap's link or remove it "
        "from the other record's list.",
        bad='[{"record_type": "agreement", "id": "agreement:2011-10-11-shalit-deal", "schema_version": "1.7",\n'
        '  "name": "Shalit exchange deal", "prisoner_swaps": ["prisoner_swap:2011-10-18-shalit"]},\n'
        ' {"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-18-shalit", "schema_version": "1.7",\n'
        '  "sides": [{"key": "hamas", "count": 1}, {"key": "israel", "count": 1027}],\n'
        '  "agreement": "agreement:2012-05-14-hunger-strike-deal"},\n'
        ' {"record_type": "agreement", "id": "agreement:2012-05-14-hunger-strike-deal", "schema_version": "1.7",\n'
        '  "name": "Hunger strike deal"}]',
        good='[{"record_type": "agreement", "id": "agreement:2011-10-11-shalit-deal", "schema_version": "1.7",\n'
        '  "name": "Shalit exchange deal", "prisoner_swaps": ["prisoner_swap:2011-10-18-shalit"]},\n'
        ' {"record_type": "prisoner_swap", "id": "prisoner_swap:2011-10-18-shalit", "schema_version": "1.7",\n'
        '  "sides": [{"key": "hamas", "count": 1}, {"key": "israel", "count": 1027}],\n'
        '  "agreement": "agreement:2011-10-11-shalit-deal"}]',
    ),
    "PT441": Explanation(
        why="A cease-fire that `reciprocates` another is declared in answer to it by another side: the Taliban's "
        "Eid truce of June 2018 answered the government's. When every declarer of the answering cease-fire also "
        "declared the one it answers, nobody answered anybody: the relation is the wrong one (an extension, a "
        "renewal, `parallel_to`), or a declarer was recorded on the wrong cease-fire.",
        fix="Check who declared each cease-fire: correct the declarers, or use the relation that says what the two "
        "are to each other.",
        bad='[{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-government", "schema_version": "1.7",\n'
        '  "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07"}]},\n'
        ' {"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-taliban", "schema_version": "1.7",\n'
        '  "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-09"}],\n'
        '  "relations": [{"type": "reciprocates", "target": "ceasefire:2018-06-eid-government"}]}]',
        good='[{"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-government", "schema_version": "1.7",\n'
        '  "declarations": [{"declarer": "actor:afghan-government", "declared": "2018-06-07"}]},\n'
        ' {"record_type": "ceasefire", "id": "ceasefire:2018-06-eid-taliban", "schema_version": "1.7",\n'
        '  "declarations": [{"declarer": "actor:taliban", "declared": "2018-06-09"}],\n'
        '  "relations": [{"type": "reciprocates", "target": "ceasefire:2018-06-eid-government"}]}]',
    ),
    "PT442": Explanation(
        why="A cease-fire's relations to other arrangements have an order in time. One that `supersedes` another "
        "begins after it began; one `provided_for_by` an agreement, or that `implements` it, begins once the "
        "agreement is signed; one that is a `precondition_for` an agreement (the reduction in violence before the "
        "Doha signing) begins before the agreement is signed, or takes effect when later steps are recorded. A "
        "cease-fire begins by its declarations' effective (else declared) dates; only an order that every reading "
        "of the fuzzy dates contradicts is reported.",
        fix="Check the dates of both records and the relation: correct the wrong date, or use the relation that "
        "fits (a cease-fire the agreement confirmed after the fact is `related`, not provided for).",
        bad='[{"record_type": "agreement", "id": "agreement:2020-02-29-doha", "schema_version": "1.7",\n'
        '  "name": "Doha Agreement", "date": "2020-02-29"},\n'
        ' {"record_type": "ceasefire", "id": "ceasefire:2020-02-riv", "schema_version": "1.7",\n'
        '  "declarations": [{"declarer": "actor:taliban", "effective": "2020-03-22"}],\n'
        '  "relations": [{"type": "precondition_for", "target": "agreement:2020-02-29-doha"}]}]',
        good='[{"record_type": "agreement", "id": "agreement:2020-02-29-doha", "schema_version": "1.7",\n'
        '  "name": "Doha Agreement", "date": "2020-02-29"},\n'
        ' {"record_type": "ceasefire", "id": "ceasefire:2020-02-riv", "schema_version": "1.7",\n'
        '  "declarations": [{"declarer": "actor:taliban", "effective": "2020-02-22"}],\n'
        '  "relations": [{"type": "precondition_for", "target": "agreement:2020-02-29-doha"}]}]',
    ),
    "PT443": Explanation(
        why="A custody holds released detainees between their release and their return (the Taliban prisoners "
        "held in Qatar). It holds people its side released: not someone another side of the exchange released, "
        "nor someone the side does not release when it names everyone it released (its count is the number it "
        "names). And it begins once people are released: not before the exchange's date, its first partial or "
        "executed step or its first round, a day allowed for time zones.",
        fix="Check the custody's detainees against the side's and its dates against the exchange's; move the "
        "custody to the side that released them, or correct the date.",
        bad='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-king-weeks", "schema_version": "1.7",\n'
        ' "date": "2019-11-19", "sides": [{"key": "taliban-release", "count": 2},\n'
        '  {"key": "government-release", "count": 3,\n'
        '   "custody": [{"holder": "actor:qatar", "start": "2019-09-01"}]}]}',
        good='{"record_type": "prisoner_swap", "id": "prisoner_swap:2019-11-king-weeks", "schema_version": "1.7",\n'
        ' "date": "2019-11-19", "sides": [{"key": "taliban-release", "count": 2},\n'
        '  {"key": "government-release", "count": 3,\n'
        '   "custody": [{"holder": "actor:qatar", "start": "2019-11-19"}]}]}',
    ),
    "PT450": Explanation(
        why="A negative event (`polarity` 'negative') is a typed statement that nothing of its kind, with its "
        "actors, happened in the span its date gives ('no cease-fire has been declared since June 2018', 'the "
        "Taliban did not sign'). A record of such a happening certainly inside that span says the opposite: a "
        "positive event of the same kind by the same actors, a cease-fire those actors declared (for "
        "'ceasefire_declared'), an agreement they signed ('signing') or reached as parties ('agreement_reached'). "
        "Both cannot be true: the span is too wide, an actor or the kind is wrong, or the other record is "
        "misdated. Only a happening that every reading of the fuzzy dates puts inside the span is reported (an open "
        "end '..' is unbounded); the first such record of the run is named.",
        fix="Narrow the negative event's date to the span its source means ('between June 2018 and February 2020'), "
        "correct its kind or actors, or correct the date of the record that contradicts it.",
        bad='[{"record_type": "actor", "id": "actor:taliban", "schema_version": "1.7", "name": "Taliban",\n'
        '  "kind": "armed_group"},\n'
        ' {"record_type": "event", "id": "event:no-ceasefire-since-2018", "schema_version": "1.7",\n'
        '  "kind": "ceasefire_declared", "polarity": "negative", "date": "2018-07/..",\n'
        '  "actors": [{"actor": "actor:taliban", "role": "declarer"}]},\n'
        ' {"record_type": "ceasefire", "id": "ceasefire:2020-02-reduction-in-violence", "schema_version": "1.7",\n'
        '  "declarations": [{"declarer": "actor:taliban", "declared": "2020-02-21"}]}]',
        good='[{"record_type": "actor", "id": "actor:taliban", "schema_version": "1.7", "name": "Taliban",\n'
        '  "kind": "armed_group"},\n'
        ' {"record_type": "event", "id": "event:no-ceasefire-since-2018", "schema_version": "1.7",\n'
        '  "kind": "ceasefire_declared", "polarity": "negative", "date": "2018-07/2020-02-20",\n'
        '  "actors": [{"actor": "actor:taliban", "role": "declarer"}]},\n'
        ' {"record_type": "ceasefire", "id": "ceasefire:2020-02-reduction-in-violence", "schema_version": "1.7",\n'
        '  "declarations": [{"declarer": "actor:taliban", "declared": "2020-02-21"}]}]',
    ),
    "PT451": Explanation(
        why="A figure given as a share of another record's figure ('half of the prisoners the swap provides for') "
        "keeps `fraction` and `of_record`: the record and a JSON Pointer to the quantity in it. The pointer must "
        "reach a quantity there (not a date, a text, a list or nothing), and the fraction of that quantity must "
        "be able to give the figure's own value or bounds, with the tolerances of PT404 and PT432: an exact figure "
        "within 2% (fractions are reported rounded), an 'about' one within 25%, 'under'/'up to' below, 'more "
        "than'/'at least' above. A record that is not given at all is PT301.",
        fix="Point `of_record.path` at the quantity meant (list indices count from 0: '/sides/0/count'), or "
        "correct the fraction or the figure against the source.",
        bad='[{"record_type": "prisoner_swap", "id": "prisoner_swap:2020-afghan-exchange", "schema_version": "1.7",\n'
        '  "sides": [{"key": "government", "count": 5000}, {"key": "taliban", "count": 1000}]},\n'
        ' {"record_type": "event", "id": "event:2020-04-first-releases", "schema_version": "1.7",\n'
        '  "kind": "release", "figures": [{"value": 4000, "fraction": 0.5, "unit": "prisoners",\n'
        '   "of_record": {"record": "prisoner_swap:2020-afghan-exchange", "path": "/sides/0/count"}}]}]',
        good='[{"record_type": "prisoner_swap", "id": "prisoner_swap:2020-afghan-exchange", "schema_version": "1.7",\n'
        '  "sides": [{"key": "government", "count": 5000}, {"key": "taliban", "count": 1000}]},\n'
        ' {"record_type": "event", "id": "event:2020-04-first-releases", "schema_version": "1.7",\n'
        '  "kind": "release", "figures": [{"value": 2500, "fraction": 0.5, "unit": "prisoners",\n'
        '   "of_record": {"record": "prisoner_swap:2020-afghan-exchange", "path": "/sides/0/count"}}]}]',
    ),
    "PT452": Explanation(
        why="Sources state how long a conflict has lasted ('19 years of war', 'four decades of conflict'), and "
        "the conflict record keeps each as a `stated_durations` entry with the date it is counted to (`as_of`). "
        "With the conflict's `start` the length is computable, so the stated one must fit: some reading of the "
        "fuzzy start and as-of dates, and of the duration (its bounds, else its value; an approximate value within "
        "25%, as PT413 allows), must give it, within a day. A conflict that has ended may be counted to its `end` "
        "instead. A misfit usually means the source counts from a later event (a foreign intervention, a new "
        "phase) than the conflict's start: then it is about another conflict, or the start is wrong. A length "
        "rounded ('nearly 19 years', 'almost two decades') is approximate: say so with `approximate`.",
        fix="Check the start and the stated length against the sources; if the length counts from a later event, "
        "record it on the conflict it belongs to (a `part_of` conflict with its own start), or correct the start.",
        bad='{"record_type": "conflict", "id": "conflict:afghanistan-government", "schema_version": "1.7",\n'
        ' "name": "Afghanistan: Government", "start": "1978",\n'
        ' "stated_durations": [{"duration": {"value": "P19Y", "text": "19 years of war"}, "as_of": "2020-02-29"}]}',
        good='{"record_type": "conflict", "id": "conflict:afghanistan-government", "schema_version": "1.7",\n'
        ' "name": "Afghanistan: Government", "start": "2001-10-07",\n'
        ' "stated_durations": [{"duration": {"value": "P19Y", "approximate": true, "text": "nearly 19 years of war"},\n'
        '  "as_of": "2020-02-29"}]}',
    ),
    # ------------------------------------------------------------------------------------------------------
    # PT9xx warnings
    # ------------------------------------------------------------------------------------------------------
    "PT901": Explanation(
        why="Every fact in the dataset should be traceable to a source. A record with neither evidence nor an "
        "external identifier cannot be checked, weighed against conflicting reports, or corrected when a source "
        "is retracted. It is a warning: the record is valid, but should not be published as it is.",
        fix="Add at least one evidence entry (a source id and a verbatim quote) to the record or one of its "
        "parts, or an identifier in a registry such as Wikidata or PA-X.",
        bad='{"record_type": "event", "id": "event:2019-09-05-kabul-bombing", "schema_version": "1.7",\n'
        ' "kind": "bombing", "date": "2019-09-05"}',
        good='{"record_type": "event", "id": "event:2019-09-05-kabul-bombing", "schema_version": "1.7",\n'
        ' "kind": "bombing", "date": "2019-09-05",\n'
        ' "evidence": [{"source": "source:2019-09-05-ap-kabul-car-bomb",\n'
        '               "quote": "A car bomb exploded in the Afghan capital on Thursday"}]}',
    ),
    "PT902": Explanation(
        why="A fuzzy or resolved date is an interpretation of words such as 'on Sunday', 'last month' or 'early "
        "September'. Without the words nobody can check that it was resolved against the right day, or redo it "
        "when the anchor turns out to be wrong.",
        fix="Copy the source's wording, verbatim, into the date's 'text'.",
        bad='"date": {"edtf": "2019-09-08", "weekday": "sunday", "resolution": "relative_to_publication",\n'
        '         "anchor": "source:2019-09-07-trump-tweet-camp-david"}',
        good='"date": {"edtf": "2019-09-08", "weekday": "sunday", "text": "on Sunday",\n'
        '         "resolution": "relative_to_publication", "anchor": "source:2019-09-07-trump-tweet-camp-david"}',
    ),
    "PT903": Explanation(
        why="Sources usually say why a speaker is not named ('not authorized to speak to the media', 'for "
        "security reasons'). Keeping the reason helps readers weigh anonymous claims and tells a description "
        "that only names a role apart from a real grant of anonymity.",
        fix="Set 'anonymity' to the reason the source gives ('unspecified' if it gives none, 'role_only' if it "
        "only names a role), and 'condition_of_anonymity': true when the source says so.",
        bad='"attribution": {"unnamed": {"descriptor": "an Afghan official",\n'
        '                              "affiliation": "actor:afghan-government"}}',
        good='"attribution": {"unnamed": {"descriptor": "an Afghan official",\n'
        '                              "affiliation": "actor:afghan-government",\n'
        '                              "anonymity": "not_authorized", "condition_of_anonymity": true}}',
    ),
    "PT904": Explanation(
        why="A file holding an empty array or an envelope with no records is valid JSON but contains nothing, "
        "which usually means an export wrote no rows or a placeholder was committed. It is a warning so that the "
        "missing data are noticed.",
        fix="Fill the file with its records, or delete it.",
        bad='# data/yemen/prisoner-swaps.json\n{"schema_version": "1.7", "records": []}',
        good="# data/yemen/prisoner-swaps.json\n"
        '{"schema_version": "1.7", "records": [\n'
        ' {"record_type": "prisoner_swap", "id": "prisoner_swap:2023-04-14-yemen-exchange", "schema_version": "1.7",\n'
        '  "sides": [{"key": "houthi-releases", "releaser": "actor:ansar-allah", "count": {"qualifier": "unknown"}},\n'
        '            {"key": "government-releases", "releaser": "actor:yemen-government",\n'
        '             "count": {"qualifier": "unknown"}}]}]}',
    ),
    "PT913": Explanation(
        why="A mediator or facilitator stands between the parties; an actor listed as both a party and a mediator "
        "of the same talks is unusual (a host that is also a party, a state mediating talks it takes part in), and "
        "is more often a role given to the wrong participant. It is a warning: check it.",
        fix="Keep one role per actor and talks, as the sources give it; if the actor really was both, keep both "
        "and note it.",
        bad='"participants": [{"actor": "actor:united-states", "role": "party"},\n'
        '                 {"actor": "actor:united-states", "role": "mediator"}]',
        good='"participants": [{"actor": "actor:united-states", "role": "party"},\n'
        '                 {"actor": "actor:qatar", "role": "mediator"}]',
    ),
    "PT914": Explanation(
        why="A swap releases people; a detainee whose recorded death is certainly before the release can only "
        "have been handed over dead (exchanges of remains happen: Regev and Goldwasser in 2008). The record has "
        "no field for that, so the warning is left out when the detainee's description (or the side's "
        "group_description) says remains or bodies were handed over; otherwise a date or a person is wrong.",
        fix="Say in the detainee's description that his remains were handed over, or correct the death date or "
        "the person named.",
        bad='# actors.json: {"id": "actor:ehud-goldwasser", "kind": "person", "died": "2006-07-12", ...}\n'
        '"detainees": [{"person": "actor:ehud-goldwasser"}]   # in a swap dated 2008-07-16',
        good='# actors.json: {"id": "actor:ehud-goldwasser", "kind": "person", "died": "2006-07-12", ...}\n'
        '"detainees": [{"person": "actor:ehud-goldwasser", "description": "his remains"}]',
    ),
    "PT915": Explanation(
        why="Events, cease-fires, agreements and talks name the armed conflicts they belong to (`conflicts`), and a "
        "conflict record has a `start` (UCDP 'start_date': its first battle death) and an `end` (the end of its "
        "last episode). A record dated certainly before the conflict began, or an event or cease-fire dated "
        "certainly after it ended, usually names the wrong conflict or has a wrong date. It is a warning, not an "
        "error, because it can be true: talks and incidents that led up to the war are sometimes counted with it, "
        "UCDP dates a start by the first battle death, not the first violence, and fighting can flare up after an "
        "episode's end. Talks and agreements after the end are not reported at all: settlements routinely follow "
        "the end of the fighting (the 2013 Brussels agreement on Kosovo, whose war ended in 1999).",
        fix="Check the conflict named and the record's date; name the conflict the record belongs to (a new "
        "episode or conflict may need its own record), or correct the conflict's start or end.",
        bad='# conflicts.json: {"id": "conflict:sri-lanka-eelam", "start": "1984", "end": "2009-05-18", ...}\n'
        '{"record_type": "event", "id": "event:2015-jaffna-attack", "kind": "attack", "date": "2015-03-01",\n'
        ' "conflicts": ["conflict:sri-lanka-eelam"], ...}',
        good='# conflicts.json: {"id": "conflict:sri-lanka-eelam", "start": "1984", "end": "2009-05-18", ...}\n'
        '{"record_type": "event", "id": "event:2008-jaffna-attack", "kind": "attack", "date": "2008-03-01",\n'
        ' "conflicts": ["conflict:sri-lanka-eelam"], ...}',
    ),
    "PT916": Explanation(
        why="A date the record's sources do not give (they say 'in early September'; the record says 9 September) "
        "comes from somewhere else: another article, a dataset, what the person entering it remembered. Unless that "
        "source is named and quoted, nobody can check the date, and a wrong one (a tweet's day taken for the day of "
        "a statement) passes for a fact of the sources.",
        fix="Add a source record for the reference the date comes from (its URL and publisher), name it in the "
        "date's 'anchor', and cite it in the record's evidence with a short quote that gives the date.",
        bad='"date": {"edtf": "2019-09-09", "text": "in early September", "resolution": "outside_knowledge"}',
        good='"date": {"edtf": "2019-09-09", "text": "in early September", "resolution": "outside_knowledge",\n'
        '         "anchor": "source:ap-2019-09-09-trump-says-taliban-talks-dead"},\n'
        '"evidence": [{"source": "source:ap-2019-09-09-trump-says-taliban-talks-dead",\n'
        '              "quote": "Asked Monday about the talks, Trump replied"}]',
    ),
    "PT917": Explanation(
        why="A fact marked `basis: outside_knowledge` (the city of a meeting the story places only 'in Qatar', who "
        "signed for a party, a post, a membership) is known to whoever entered it, not from the record's sources. "
        "Unless it names the reference it comes from, nobody can check it, and a slip of memory passes for a fact.",
        fix="Add a source record for the reference (its URL, publisher and the day you read it in 'accessed') and "
        "cite it: in the fact's own evidence (a relation, a post, a signatory, a participant), in a place's "
        "'source' with a quote in the record's evidence, or in the 'anchor' of a publication date.",
        bad='"place": {"name": "Doha", "country": "QAT", "basis": "outside_knowledge", "text": "in Qatar"}',
        good='"place": {"name": "Doha", "country": "QAT", "basis": "outside_knowledge", "text": "in Qatar",\n'
        '          "source": "source:aljazeera-2020-09-12-intra-afghan-talks-open"},\n'
        '"evidence": [..., {"source": "source:aljazeera-2020-09-12-intra-afghan-talks-open",\n'
        '                   "quote": "talks in Doha"}]',
    ),
}
