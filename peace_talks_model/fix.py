"""Safe normalisations of record files: `fix_file` proposes a JSON Patch (RFC 6902) per file, `write_fixes`
applies it in place after keeping a backup.

Only what cannot change meaning is fixed, and only where the models reject the value as written:

- surrounding whitespace of a string value that fails validation and passes once stripped (never in verbatim
  fields: `quote`, `text` and `*_wording` keep every character; see `VERBATIM_FIELDS`);
- an enum value (or `record_type`) with exactly one close allowed value (`diagnose.close_matches`: the same value
  but for case, surrounding whitespace and '-'/' ' for '_', or one within an edit or two); several -> ambiguous;
- a year-month-day date missing the zero padding ('2019-9-7' -> '2019-09-07'); day/month orders such as
  '7/9/2019' are ambiguous and reported.

`run_fix(paths, write=...)` does all of it for a command: every file fixed (and with `write`, written), and the
exit status of the run.

Each record is validated, each error of a fixable kind gets a proposed replacement, and the record is validated
again: a replacement is kept only when its error is gone and no error appears that was not there before (a
rule across fields, which pydantic checks only once every field is valid, may show up so: then the value is
reported, not fixed). Every error left is reported (`Unfixed`), so a file without findings validates (the
checks across records are not run). A valid record never gets a patch.

Patch paths address the file's own structure: `/arrangement` in a file of one record, `/3/arrangement` in an
array, `/records/3/arrangement` in an envelope, and `/3/arrangement` in a JSONL file, where 3 is the record's
index among the file's non-blank lines counted from 0 (the array a JSONL reader returns). Every operation is a
`replace`; `apply_patch` applies them to a parsed document. Writing splices the new string values into the
original text, so everything else in the file (indentation, key order, numbers, escapes, line ends, a
byte-order mark) stays byte for byte as it was; in a JSONL file only changed lines change.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from peace_talks_model.codes import code_for
from peace_talks_model.diagnose import Diagnosis, close_matches, diagnose
from peace_talks_model.errors import ExitStatus, InputError, UsageError
from peace_talks_model.io import atomic_text
from peace_talks_model.llm_profile import read_llm
from peace_talks_model.loader import JSONL_SUFFIXES, LoadedRecord, LoadProblem, discover, load_text, parse_record
from peace_talks_model.models import RECORD_TYPES
from peace_talks_model.models.record_base import DATA
from peace_talks_model.positions import LineIndex, locate_path, pointer
from peace_talks_model.validation import record_adapter

#: Field names whose strings are kept verbatim (never stripped): evidence quotes and wordings.
VERBATIM_FIELDS = frozenset({"quote", "text"})
#: Field names ending so are verbatim too (`parties_wording`, `fixed_duration_wording`...).
VERBATIM_SUFFIX = "_wording"

_ENUM_RULES = frozenset({"enum", "literal_error", "union_tag_invalid"})
_DATE_CODE = code_for("edtf_date_valid").code
_UNPADDED_SIDE = re.compile(r"^([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?([?~%]?)$")
_DAY_MONTH_ORDER = re.compile(r"^[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}$")


class FixInputError(InputError):
    """A file that cannot be read as records (unreadable, not UTF-8, not JSON): nothing is proposed for it."""

    def __init__(self, problem: LoadProblem) -> None:
        where = f":{problem.line}" if problem.line else ""
        super().__init__(f"{problem.file}{where}: {problem.message}")
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Change:
    """One safe replacement: where (JSON Pointer in the file), the old and new value, and why it is safe."""

    pointer: str
    old: str
    new: str
    reason: str
    line: int | None = None

    def operation(self) -> dict[str, Any]:
        """The RFC 6902 operation of the change."""
        return {"op": "replace", "path": self.pointer, "value": self.new}


@dataclass(frozen=True, slots=True)
class Unfixed:
    """An error left as it is: where, the validator's message, and why it was not fixed. `ambiguous` is true when
    several corrections were possible (or a date's day/month order is unknown)."""

    pointer: str
    code: str
    message: str
    reason: str
    ambiguous: bool = False
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The finding as a JSON object."""
        return {
            "pointer": self.pointer,
            "line": self.line,
            "code": self.code,
            "message": self.message,
            "reason": self.reason,
            "ambiguous": self.ambiguous,
        }


@dataclass(slots=True)
class RecordFix:
    """What fixing one record found: the changes (paths inside the record) and the errors left."""

    changes: list[tuple[tuple[int | str, ...], str, str, str]] = field(default_factory=list)
    unfixed: list[tuple[Diagnosis, str, bool]] = field(default_factory=list)


@dataclass(slots=True)
class FileFix:
    """The fixes of one file: its format, the changes (in file order), the errors left, and the text to write."""

    file: Path
    format: str
    changes: list[Change] = field(default_factory=list)
    unfixed: list[Unfixed] = field(default_factory=list)
    fixed_bytes: bytes | None = None

    def patch(self) -> list[dict[str, Any]]:
        """The file's JSON Patch (RFC 6902): one `replace` per change."""
        return [change.operation() for change in self.changes]

    def as_dict(self) -> dict[str, Any]:
        """The file's result as a JSON object: file, format, patch, and the findings left."""
        return {
            "file": str(self.file),
            "format": self.format,
            "patch": self.patch(),
            "unfixed": [u.as_dict() for u in self.unfixed],
        }


# -- one record -------------------------------------------------------------------------------------------


def record_errors(data: Any) -> list[Diagnosis]:
    """The findings of validating one parsed record (none when it is valid)."""
    try:
        record_adapter().validate_python(data, context=DATA)
    except ValidationError as exc:
        record_type = data.get("record_type") if isinstance(data, dict) else None
        return diagnose(exc, record_type if isinstance(record_type, str) else None)
    return []


def _key(d: Diagnosis) -> tuple[str, tuple[int | str, ...]]:
    return d.rule, d.path


def _value_at(data: Any, path: tuple[int | str, ...]) -> Any:
    for part in path:
        in_list = isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data)
        if not in_list and not (isinstance(part, str) and isinstance(data, dict) and part in data):
            return None
        data = data[part]
    return data


def _replaced(data: Any, path: tuple[int | str, ...], value: str) -> Any:
    result = copy.deepcopy(data)
    holder = result
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return result


def is_verbatim(path: tuple[int | str, ...]) -> bool:
    """Whether the string at `path` is kept verbatim: its field is a quote, a `text` or a `*_wording`."""
    name = next((p for p in reversed(path) if isinstance(p, str)), "")
    return name in VERBATIM_FIELDS or name.endswith(VERBATIM_SUFFIX)


def pad_date(text: str) -> str | None:
    """'2019-9-7' -> '2019-09-07' (each end of an interval alike); None when nothing needs padding or the
    text is not year-month[-day] with a four-digit year."""
    sides = text.split("/")
    if len(sides) > 2:
        return None
    padded = []
    for side in sides:
        match = _UNPADDED_SIDE.match(side)
        if side in ("", "..") or match is None:
            if side not in ("", "..") and match is None:
                return None
            padded.append(side)
            continue
        year, month, day, qualifier = match.groups()
        padded.append(f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "") + qualifier)
    result = "/".join(padded)
    return result if result != text else None


def _allowed(d: Diagnosis) -> list[str]:
    if d.rule == "union_tag_invalid":
        return list(RECORD_TYPES)
    return re.findall(r"'([^']*)'", d.expected or "")


def _propose(d: Diagnosis, value: str) -> tuple[str | None, str, bool]:
    """(replacement, why, ambiguous) for one error of a string value; replacement None: not fixed."""
    if d.rule in _ENUM_RULES:
        allowed = _allowed(d)
        matches = close_matches(value, allowed)
        if len(matches) == 1:
            return matches[0], f"the one allowed value close to '{value}'", False
        if matches:
            listed = ", ".join(f"'{m}'" for m in matches)
            return None, f"ambiguous: {len(matches)} allowed values are as close ({listed})", True
        return None, "no allowed value is close enough to be sure", False
    stripped = value if is_verbatim(d.path) else value.strip()
    if d.code == _DATE_CODE:
        if _DAY_MONTH_ORDER.match(stripped):
            return None, "ambiguous: the day/month order of the date is unknown; write it as YYYY-MM-DD", True
        padded = pad_date(stripped)
        if padded is not None:
            return padded, "the same date with zero-padded month and day", False
    if stripped != value:
        return stripped, "surrounding whitespace the field does not allow", False
    return None, "not a safe normalisation (fix it by hand)", False


def fix_record(data: Any) -> RecordFix:
    """The safe changes of one parsed record, each confirmed by validating again, and the errors left."""
    result = RecordFix()
    before = record_errors(data)
    if not before:
        return result
    current, errors = data, before
    for error in before:
        value = _value_at(current, error.path)
        if not isinstance(value, str) or error.at_key or not error.path:
            result.unfixed.append((error, "not a safe normalisation (fix it by hand)", False))
            continue
        new, reason, ambiguous = _propose(error, value)
        if new is None:
            result.unfixed.append((error, reason, ambiguous))
            continue
        trial = _replaced(current, error.path, new)
        after = record_errors(trial)
        left = {_key(e) for e in errors} - {_key(error)}
        appearing = [e for e in after if _key(e) not in left]
        if any(_key(e) == _key(error) for e in appearing):
            result.unfixed.append((error, f"'{new}' would not pass validation here, so it is not proposed", False))
            continue
        if appearing:
            # often a rule across fields, which pydantic checks only once every field is valid
            shown = "; ".join(e.message for e in appearing[:3])
            why = f"'{new}' is not proposed: the record would have an error it did not show before ({shown})"
            result.unfixed.append((error, why, False))
            continue
        result.changes.append((error.path, value, new, reason))
        current, errors = trial, after
    final = {_key(e) for e in errors}
    result.unfixed = [(e, r, a) for e, r, a in result.unfixed if _key(e) in final]
    return result


# -- patches ----------------------------------------------------------------------------------------------


def _parts(token_pointer: str) -> list[str]:
    if token_pointer == "":
        return []
    if not token_pointer.startswith("/"):
        raise ValueError(f"'{token_pointer}' is not a JSON Pointer (it must start with '/')")
    return [t.replace("~1", "/").replace("~0", "~") for t in token_pointer[1:].split("/")]


def apply_patch(document: Any, patch: Iterable[dict[str, Any]]) -> Any:
    """Apply a JSON Patch made of `replace` operations (the only ones `fix` emits) to a copy of `document`.

    Raises:
        ValueError: an operation other than `replace`, or a path that does not exist in the document.
    """
    result = copy.deepcopy(document)
    for operation in patch:
        if operation.get("op") != "replace":
            raise ValueError(f"unsupported JSON Patch operation {operation.get('op')!r} (only 'replace')")
        parts = _parts(str(operation["path"]))
        if not parts:
            result = copy.deepcopy(operation["value"])
            continue
        holder = result
        for token in parts[:-1]:
            holder = _step(holder, token)
        last = parts[-1]
        if isinstance(holder, list):
            index = _index(holder, last)
            holder[index] = copy.deepcopy(operation["value"])
        elif isinstance(holder, dict) and last in holder:
            holder[last] = copy.deepcopy(operation["value"])
        else:
            raise ValueError(f"the path {operation['path']} does not exist in the document")
    return result


def _index(holder: list[Any], token: str) -> int:
    if not re.fullmatch(r"0|[1-9][0-9]*", token) or int(token) >= len(holder):
        raise ValueError(f"'{token}' is not an index of an array of {len(holder)}")
    return int(token)


def _step(holder: Any, token: str) -> Any:
    if isinstance(holder, list):
        return holder[_index(holder, token)]
    if isinstance(holder, dict) and token in holder:
        return holder[token]
    raise ValueError(f"the path part '{token}' does not exist in the document")


# -- files ------------------------------------------------------------------------------------------------


def _literal(old_literal: str, value: str) -> str:
    # keep \\u escapes when the old string was written with them
    return json.dumps(value, ensure_ascii="\\u" in old_literal)


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def _splice(text: str, replacements: list[tuple[tuple[int | str, ...], str]]) -> str:
    """`text` with the string values at each path replaced (the paths exist and hold strings)."""
    spans = []
    for parts, value in replacements:
        span, found = locate_path(text, parts)
        match = _STRING.match(text, span.value)
        if found != len(parts) or match is None:
            raise ValueError(f"cannot find the string at {pointer(parts)}")
        spans.append((match.start(), match.end(), _literal(match.group(), value)))
    for start, end, literal in sorted(spans, reverse=True):
        text = text[:start] + literal + text[end:]
    return text


def _record_parts(record: LoadedRecord) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _parts(record.pointer))


def fix_file(path: Path) -> FileFix:
    """Propose the safe fixes of one record file (read whole) and compute its fixed text.

    Raises:
        FixInputError: the file cannot be read as records.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FixInputError(LoadProblem(str(path), "unreadable", f"cannot read the file: {exc.strerror}")) from None
    jsonl = path.suffix in JSONL_SUFFIXES
    result = FileFix(path, "jsonl" if jsonl else "json")
    per_line: dict[int, list[tuple[tuple[int | str, ...], str]]] = {}
    lines: dict[str, Any] = {}
    in_document: list[tuple[tuple[int | str, ...], str]] = []
    # an extraction result in the LLM profile ({"document", "records"}) is read as its records, nulls dropped
    for item in read_llm(str(path), str(path), raw, lambda: load_text(str(path), raw, jsonl=jsonl)):
        if isinstance(item, LoadProblem):
            raise FixInputError(item)
        data = parse_record(item)
        if isinstance(data, LoadProblem):
            raise FixInputError(data)
        found = fix_record(data)
        base: tuple[int | str, ...] = (item.index,) if jsonl else _record_parts(item)
        if not found.changes and not found.unfixed:
            continue
        line = item.line if jsonl else _line_in(raw, item, lines)
        for inner, old, new, reason in found.changes:
            result.changes.append(Change(pointer((*base, *inner)), old, new, reason, line))
            if jsonl:
                per_line.setdefault(item.line or 0, []).append((inner, new))
            else:
                in_document.append(((*base, *inner), new))
        for error, reason, ambiguous in found.unfixed:
            at = pointer((*base, *error.path))
            result.unfixed.append(Unfixed(at, error.code, error.message, reason, ambiguous, line))
    if result.changes:
        result.fixed_bytes = _fixed_jsonl(raw, per_line) if jsonl else _fixed_document(raw, in_document)
    return result


_BOM = "\ufeff"


def _line_in(raw: bytes, record: LoadedRecord, cache: dict[str, Any]) -> int | None:
    """The line where a record of a JSON document starts (the document's text and line index are cached)."""
    if "index" not in cache:
        text = raw.decode("utf-8").removeprefix(_BOM)
        cache["text"], cache["index"] = text, LineIndex(text)
    span, _ = locate_path(cache["text"], _record_parts(record))
    line, _ = cache["index"].locate(span.value)
    return int(line)


def _fixed_document(raw: bytes, replacements: list[tuple[tuple[int | str, ...], str]]) -> bytes:
    text = raw.decode("utf-8")
    bom = _BOM if text.startswith(_BOM) else ""
    return (bom + _splice(text.removeprefix(_BOM), replacements)).encode("utf-8")


def _fixed_jsonl(raw: bytes, per_line: dict[int, list[tuple[tuple[int | str, ...], str]]]) -> bytes:
    lines = raw.split(b"\n")
    for number, replacements in per_line.items():
        line = lines[number - 1].decode("utf-8")
        bom = _BOM if number == 1 and line.startswith(_BOM) else ""
        lines[number - 1] = (bom + _splice(line.removeprefix(bom), replacements)).encode("utf-8")
    return b"\n".join(lines)


def fix_paths(paths: Iterable[str | Path]) -> Iterator[FileFix | FixInputError]:
    """Fix proposals for every record file under `paths` (directories searched as `validate` does), in order;
    a file that cannot be read is yielded as its `FixInputError`."""
    for path in discover(paths):
        try:
            yield fix_file(path)
        except FixInputError as exc:
            yield exc


#: How many numbered backups (FILE.bak.1, FILE.bak.2...) are tried when FILE.bak exists.
MAX_BACKUPS = 1000


class BackupExistsError(InputError):
    """Every backup name is taken (FILE+suffix and its numbered forms up to `MAX_BACKUPS`): none is ever
    overwritten, so the file is not fixed."""


def _keep_backup(file: Path, original: bytes, backup_suffix: str) -> Path:
    """Copy `original` (the bytes of `file`) to the first free name of FILE+suffix, FILE+suffix.1,
    FILE+suffix.2...; the copy gets `file`'s mode (a backup is never readable by more people than the file)."""
    mode = stat.S_IMODE(file.stat().st_mode)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for number in range(MAX_BACKUPS + 1):
        backup = file.with_name(file.name + backup_suffix + (f".{number}" if number else ""))
        try:
            handle = os.open(backup, flags, mode & 0o666)
        except FileExistsError:
            continue
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(os, "fchmod"):
                    os.fchmod(out.fileno(), mode)  # the file's mode, whatever the umask
                out.write(original)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            backup.unlink(missing_ok=True)
            raise
        return backup
    first = file.with_name(file.name + backup_suffix)
    raise BackupExistsError(
        f"{first} and its numbered forms up to {first}.{MAX_BACKUPS} exist already; "
        "remove the backups you no longer need or choose another --backup-suffix"
    )


def write_fixes(result: FileFix, backup_suffix: str = ".bak") -> Path | None:
    """Apply a file's fixes in place: copy the file to FILE+`backup_suffix` first (FILE+`backup_suffix`.1, .2...
    when that exists: a backup is never overwritten, so a second run keeps the first run's backup too), with the
    file's mode, then replace the file atomically (`atomic_text`, which keeps the file's mode). Returns the
    backup's path, or None when there was nothing to fix. The file is left as it was when anything fails.

    Raises:
        BackupExistsError: every backup name is taken.
        OSError: the file or its backup cannot be read or written.
    """
    if result.fixed_bytes is None:
        return None
    original = result.file.read_bytes()
    backup = _keep_backup(result.file, original, backup_suffix)
    with atomic_text(result.file, newline="") as out:
        out.write(result.fixed_bytes.decode("utf-8"))
    return backup


# -- a run over paths -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class FileOutcome:
    """What a run did with one file: its fixes, or the error that kept it from being read; when fixes were
    written, the backup kept, and when they could not be, why (`write_error`)."""

    file: Path
    fix: FileFix | None = None
    error: FixInputError | None = None
    backup: Path | None = None
    write_error: str | None = None

    @property
    def failed(self) -> bool:
        """True when the file could not be read, or its fixes could not be written."""
        return self.error is not None or self.write_error is not None


@dataclass(slots=True)
class FixRun:
    """Every file a run looked at, in order; its exit status is 3 when a file could not be read or written, else 1
    when findings are left unfixed, else 0."""

    files: list[FileOutcome] = field(default_factory=list)

    @property
    def exit_status(self) -> ExitStatus:
        """3 a file not read or not written, 1 findings left, 0 nothing left to fix."""
        if any(f.failed for f in self.files):
            return ExitStatus.INPUT
        if any(f.fix is not None and f.fix.unfixed for f in self.files):
            return ExitStatus.INVALID
        return ExitStatus.OK


def run_fix(paths: Sequence[Path], *, write: bool = False, backup_suffix: str = ".bak") -> FixRun:
    """Propose the fixes of every record file under `paths` and, with `write`, apply them in place (a backup of
    each changed file first, `write_fixes`); a file that cannot be read or written is recorded and the run goes
    on. The files' new contents are not kept in the result.

    Raises:
        UsageError: `backup_suffix` is empty or holds a '/'.
        InputError: a path does not exist (nothing is fixed).
    """
    if not backup_suffix or "/" in backup_suffix:
        raise UsageError(f"the backup suffix must be non-empty and without '/', got {backup_suffix!r}")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or directory: {', '.join(missing)}")
    run = FixRun()
    for result in fix_paths(paths):
        if isinstance(result, FixInputError):
            run.files.append(FileOutcome(Path(result.problem.file), error=result))
            continue
        outcome = FileOutcome(result.file, dataclasses.replace(result, fixed_bytes=None))
        if write and result.changes:
            try:
                outcome.backup = write_fixes(result, backup_suffix)
            except (BackupExistsError, OSError) as exc:
                outcome.write_error = str(exc)
        run.files.append(outcome)
    return run
