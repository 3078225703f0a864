"""Hostile input (tests/hostile/corpus.py): every bad input gets a clear finding and the documented exit status,
never a traceback; the input is left as it was; the other inputs of the run are still validated; large inputs
stay within time and memory bounds."""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.cli.validate import parse_size
from peace_talks_model.models.ids import ExternalId
from peace_talks_model.validation import Options
from tests.conftest import AJV, ajv_node
from tests.fuzz_validate import check as fuzz_check
from tests.fuzz_validate import mutate, seeds
from tests.hostile.corpus import CASES, GOOD, Case

runner = CliRunner()
SMALL = [c for c in CASES if not c.large]
LARGE = [c for c in CASES if c.large]
#: bounds for every case: peak memory of the process; MAX_SECONDS bounds a subprocess so that a hang fails (speed is
#: measured by benchmarks/, never by a test)
MAX_RSS_MB = 1024
MAX_SECONDS = 120


def _write(case: Case, folder: Path) -> Path:
    path = folder / case.file
    if callable(case.content):
        case.content(path)
    else:
        path.write_bytes(case.content)
    return path


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _good(folder: Path) -> Path:
    # a valid record with one warning (no evidence): the warning proves the file was read and validated
    good = folder / "good.jsonl"
    record = json.loads(GOOD.replace("actor:x", "actor:good"))
    del record["identifiers"]
    good.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return good


def _check(case: Case, report: dict[str, Any], exit_code: int, output: str, *, path: Path, good: Path) -> None:
    assert "Traceback" not in output, output[-2000:]
    assert exit_code == case.exit, (exit_code, output[-2000:])
    mine = [f for f in report["findings"] if f["file"] == str(path) and f["severity"] == "error"]
    if case.code is None:
        assert not mine, mine
    else:
        assert mine, f"no finding for {case.name}"
        assert mine[0]["code"] == case.code, mine[0]
        assert any(case.message in f["message"] for f in mine), [f["message"] for f in mine]
        assert mine[0]["line"] is None or mine[0]["line"] >= 1
    # the good file of the same run was still read and validated: its one warning, nothing else
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    assert len({c.file for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", SMALL, ids=lambda c: c.name)
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    path = _write(case, tmp_path)
    good = _good(tmp_path)
    before = _digest(path)
    result = runner.invoke(app, ["validate", str(path), str(good), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    _check(case, json.loads(result.stdout), result.exit_code, result.output, path=path, good=good)
    assert _digest(path) == before, "the input was changed"


@pytest.mark.parametrize("case", LARGE, ids=lambda c: c.name)
def test_large_hostile_input_is_bounded(case: Case, tmp_path: Path) -> None:
    path = _write(case, tmp_path)
    good = _good(tmp_path)
    before = _digest(path)
    cli = Path(sys.executable).parent / "peace-talks"
    wrapper = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode); "
        "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, str(cli), "validate", str(path), str(good), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=MAX_SECONDS * 5,  # a guard against a hang, not a measure of speed (benchmarks/ measures that)
        preexec_fn=_limited,  # a reader that reads without bound fails fast (exit 4) instead of taking the memory
    )
    first, _, rest = done.stdout.partition("\n")
    rss_kb, exit_code = (int(v) for v in first.split())
    _check(case, json.loads(rest), exit_code, rest + done.stderr, path=path, good=good)
    assert rss_kb / 1024 < MAX_RSS_MB, f"{case.name}: peak RSS {rss_kb / 1024:.0f} MB"
    assert _digest(path) == before, "the input was changed"


# -- paths and standard input ---------------------------------------------------------------------------------


def test_missing_path_is_an_input_failure(tmp_path: Path) -> None:
    good = _good(tmp_path)
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.json"), str(good), "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 3
    assert [(f["code"], f["message"]) for f in report["findings"] if "nope" in f["file"]] == [
        ("PT100", "no such file or directory")
    ]
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]


def test_directory_with_a_symlink_loop_is_searched_once(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a", target_is_directory=True)
    good = _good(tmp_path / "a")
    start = time.perf_counter()
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert time.perf_counter() - start < 20
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["summary"]["files"] == 1
    assert [f["file"] for f in report["findings"]] == [str(good)]


def _deny(monkeypatch: pytest.MonkeyPatch, function: str, name: str) -> None:
    """Make `os.<function>` (open, stat) fail with a permission error for files named `name` (a permission bit is
    no test when the tests run as root)."""
    real = getattr(os, function)

    def guarded(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name == name:
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, function, guarded)


def test_unreadable_file_is_an_input_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (a permission bit is no test when the tests run as root: the open itself is made to fail)
    locked = tmp_path / "locked.json"
    locked.write_text(GOOD, encoding="utf-8")
    good = _good(tmp_path)
    _deny(monkeypatch, "open", locked.name)
    result = runner.invoke(app, ["validate", str(locked), str(good), "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 3
    assert [(f["code"], f["message"]) for f in report["findings"] if f["file"] == str(locked)] == [
        ("PT100", "cannot read the file: permission denied")
    ]
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]


def test_empty_standard_input() -> None:
    result = runner.invoke(app, ["validate", "-", "--format", "json"], input="")
    assert result.exit_code == 3
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["PT104"]


def test_closed_standard_input() -> None:
    cli = Path(sys.executable).parent / "peace-talks"
    done = subprocess.run(["/bin/sh", "-c", f"'{cli}' validate - <&-"], capture_output=True, text=True, check=False)
    assert done.returncode == 3
    assert "cannot read standard input" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# -- fuzzing ----------------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, True, False]))
def test_arbitrary_bytes_give_findings_not_exceptions(data: bytes, jsonl: bool | None) -> None:
    fuzz_check(data, jsonl, Options())


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 4))
def test_mutated_records_give_findings_not_exceptions(rng: random.Random, rounds: int) -> None:
    corpus = _SEEDS
    data = rng.choice(corpus)
    for _ in range(rounds):
        data = mutate(rng, data, corpus)
    fuzz_check(data, rng.choice([None, True, False]), Options())


_SEEDS = seeds()


# -- safe writes ------------------------------------------------------------------------------------------------


def test_a_failing_schema_export_leaves_the_old_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "export", "--out", str(out)]).exit_code == 0
    target = out / "record.schema.json"
    target.write_text('{"old": true}', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_fdopen = os.fdopen

    class Failing:
        """A file that takes half of what is written, then fails (a full disk, a kill)."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r": Failing(real_fdopen(fd, mode)))
    result = runner.invoke(app, ["schema", "export", "--out", str(out)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing changed, no temporary left


# -- JavaScript consumers -------------------------------------------------------------------------------------


def test_proto_and_constructor_keys_are_rejected_by_ajv_and_pollute_nothing(tmp_path: Path) -> None:
    node = ajv_node()
    documents = []
    for case in CASES:
        if case.name in ("proto-key", "constructor-key") and isinstance(case.content, bytes):
            documents.append(tmp_path / case.file)
            documents[-1].write_bytes(case.content)
    good = tmp_path / "good.json"
    good.write_text(GOOD, encoding="utf-8")
    schemas = Path(__file__).parent.parent / "schemas"
    done = subprocess.run(  # the arguments are ours
        [node, str(AJV / "check.mjs"), str(schemas), str(good), *map(str, documents)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["verdicts"] == {str(good): True, **{str(d): False for d in documents}}
    assert result["polluted"] is False


def test_an_external_id_with_a_trailing_newline_is_rejected_as_the_schema_rejects_it() -> None:
    # Python's '$' also matches before a final newline; JSON Schema's (ECMA-262) does not: the model agrees with
    # the published schema (found by the PAA-X importer's review)
    with pytest.raises(pydantic.ValidationError):
        ExternalId(scheme="acled_actor", value="Taliban\n")
    assert ExternalId(scheme="acled_actor", value="Taliban").value == "Taliban"


# -- bounded reading: floods, endless lines, documents over the limit (under a memory limit) ----------------------

#: The address-space limit of the processes these tests start: a reader that reads without bound fails fast (with
#: exit status 4, MemoryError) instead of taking the machine's memory.
MEMORY_LIMIT = 1 << 30
CLI = Path(sys.executable).parent / "peace-talks"


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run_limited(*args: str, stdin: Any = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # the arguments are ours
        [str(CLI), "validate", *args, "--format", "json"],
        stdin=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=MAX_SECONDS,
        preexec_fn=_limited,
    )


def _problems(done: subprocess.CompletedProcess[str], file: str) -> list[tuple[str, str]]:
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-2000:]
    report = json.loads(done.stdout)
    return [(f["code"], f["message"]) for f in report["findings"] if f["file"] == file]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_dev_zero_is_read_up_to_the_limit_and_reported(tmp_path: Path) -> None:
    good = _good(tmp_path)
    done = _run_limited("/dev/zero", str(good))
    assert done.returncode == 3, done.stderr[-2000:]
    assert _problems(done, "/dev/zero") == [
        (
            "PT100",
            "the input is larger than 256 MiB, the most read at once (--max-document-size raises it); the rest was "
            "not read",
        )
    ]
    assert _problems(done, str(good)) == [("PT901", _problems(done, str(good))[0][1])]


def test_a_flood_on_standard_input_is_read_up_to_the_limit_and_reported() -> None:
    # valid JSONL lines without end: standard input is kept in memory (it is read again), so it is bounded whole
    flood = f"import sys\nblock = {GOOD + chr(10)!r}.encode() * 1000\nwhile True:\n    sys.stdout.buffer.write(block)"
    with subprocess.Popen(  # the arguments are ours
        [sys.executable, "-c", flood], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as generator:
        try:
            done = _run_limited("-", stdin=generator.stdout)
        finally:
            generator.kill()
    assert done.returncode == 3, done.stderr[-2000:]
    assert _problems(done, "<stdin>") == [
        (
            "PT100",
            "standard input is larger than 256 MiB, the most read at once (--max-document-size raises it); the rest "
            "was not read",
        )
    ]


@pytest.mark.parametrize(
    ("name", "content", "message", "line"),
    [
        ("endless.jsonl", (GOOD + "\n").encode() + b"x" * (3 << 20), "line 2 is larger than 1 MiB", 2),
        ("endless-crlf.jsonl", b" " * ((1 << 20) + 1) + b"\r\n", "line 1 is larger than 1 MiB", 1),
        ("whole.json", json.dumps({**json.loads(GOOD), "name": "x" * (2 << 20)}).encode(), "the JSON document", None),
        (
            "element.json",
            f'[{GOOD},\n{GOOD[:-1]}, "x": "{"y" * (2 << 20)}"}}]'.encode(),
            "element starting on line 2",
            2,
        ),
        ("spaces.json", f"[{GOOD}".encode() + b" " * (3 << 20) + b"]", "element starting on line 1", 1),
    ],
    ids=lambda v: v if isinstance(v, str) and v.endswith(("json", "jsonl")) else "",
)
def test_a_part_over_the_limit_is_reported_and_not_read_further(
    name: str, content: bytes, message: str, line: int | None, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = _good(tmp_path)
    done = _run_limited(str(path), str(good), "--max-document-size", "1M")
    assert done.returncode == 3, done.stderr[-2000:]
    found = [f for f in json.loads(done.stdout)["findings"] if f["file"] == str(path)]
    assert [(f["code"], f["line"]) for f in found][-1:] == [("PT100", line)]
    assert message in found[-1]["message"]
    assert "--max-document-size raises it" in found[-1]["message"]
    assert [c for c, _ in _problems(done, str(good))] == ["PT901"]


def test_a_part_at_the_limit_is_read(tmp_path: Path) -> None:
    record = json.dumps({**json.loads(GOOD), "name": "x" * 1000})
    size = len(record)
    lines = tmp_path / "lines.jsonl"
    lines.write_text(record + "\r\n" + record, encoding="utf-8")
    whole = tmp_path / "one.json"
    whole.write_text(record, encoding="utf-8")
    array = tmp_path / "array.json"
    array.write_text(f"[{record}, {record.replace('actor:x', 'actor:y')}]", encoding="utf-8")
    for path in (lines, whole, array):
        result = runner.invoke(app, ["validate", str(path), "--max-document-size", str(size), "--format", "json"])
        assert [f["code"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"] in (
            [],
            ["PT302"],  # the same id twice in lines.jsonl: read, and checked
        ), result.stdout
        small = runner.invoke(app, ["validate", str(path), "--max-document-size", str(size - 1), "--format", "json"])
        assert small.exit_code == 3, small.stdout


@pytest.mark.parametrize("value", ["0", "-1", "1.5G", "12X", "G", "", "1 GB extra"])
def test_a_bad_max_document_size_is_a_usage_error(value: str) -> None:
    result = runner.invoke(app, ["validate", "-", "--max-document-size", value], input=GOOD)
    assert result.exit_code == 2, result.output
    assert "expected a size such as" in result.output


@pytest.mark.parametrize(
    ("value", "size"),
    [("1048576", 1 << 20), ("512K", 512 << 10), ("512kb", 512 << 10), ("256MiB", 256 << 20), ("1G", 1 << 30)],
)
def test_max_document_size_takes_bytes_and_powers_of_1024(value: str, size: int) -> None:
    assert parse_size(value) == size


# -- what a directory holds that cannot be read -----------------------------------------------------------------


def test_everything_unreadable_under_a_directory_is_named(tmp_path: Path) -> None:
    # each of these fails for root too; a FIFO must not be waited on (the run would hang: a subprocess, timed out)
    folder = tmp_path / "records"
    (folder / "sub").mkdir(parents=True)
    good = _good(folder / "sub")
    (folder / "dangling.json").symlink_to("nowhere.json")
    (folder / "loop.jsonl").symlink_to("loop.jsonl")
    os.mkfifo(folder / "pipe.jsonl")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.json"))
        (folder / "notes.txt").symlink_to("nowhere.txt")  # not a record file's name: not looked at
        done = _run_limited(str(folder))
    assert done.returncode == 3, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert [(f["file"], f["code"], f["message"]) for f in report["findings"] if f["code"] == "PT100"] == [
        (str(folder / "dangling.json"), "PT100", "a symbolic link to 'nowhere.json', which does not exist"),
        (str(folder / "loop.jsonl"), "PT100", "a symbolic link that leads back to itself (a loop of links)"),
        (str(folder / "pipe.jsonl"), "PT100", "a named pipe (FIFO), not a regular file; it was not read"),
        (str(folder / "sock.json"), "PT100", "a socket, not a regular file; it was not read"),
    ]
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]
    assert report["summary"]["inputs_failed"] == 4


def test_an_unreadable_directory_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (root may list any directory: the listing itself is made to fail, as it fails for others)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_text(GOOD, encoding="utf-8")
    good = _good(tmp_path)
    real_scandir = os.scandir

    def guarded(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 3
    assert [(f["file"], f["code"], f["message"]) for f in report["findings"] if f["code"] == "PT100"] == [
        (str(locked), "PT100", "cannot read the directory: permission denied")
    ]
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]
    alone = runner.invoke(app, ["validate", str(locked), "--format", "json"])  # not "0 file(s)", exit 0
    assert alone.exit_code == 3
    assert [(f["file"], f["message"]) for f in json.loads(alone.stdout)["findings"]] == [
        (str(locked), "cannot read the directory: permission denied")
    ]


def test_a_file_that_cannot_even_be_looked_at_is_an_input_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a file in a directory without search permission: not even its status can be read (made so for root too)
    hidden = tmp_path / "hidden.json"
    hidden.write_text(GOOD, encoding="utf-8")
    good = _good(tmp_path)
    _deny(monkeypatch, "stat", hidden.name)
    result = runner.invoke(app, ["validate", str(hidden), str(good), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert [(f["code"], f["message"]) for f in report["findings"] if f["file"] == str(hidden)] == [
        ("PT100", "cannot read the file: permission denied")
    ]
    assert [f["rule"] for f in report["findings"] if f["file"] == str(good)] == ["record_has_evidence"]


#: Run as root, a command obeys permission bits only without the capabilities that override them (setpriv is
#: util-linux's, on every Debian system).
_WITHOUT_OVERRIDE = ["--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-dac_override,-dac_read_search"]


def _validate_obeying_permissions(*args: str) -> tuple[int, str]:
    """`peace-talks validate ARGS` as a user whom permission bits bind: in this process, or, as root, in a process
    without the capabilities that let root read and search anything."""
    if os.geteuid() != 0:
        result = runner.invoke(app, ["validate", *args])
        return result.exit_code, result.stdout
    setpriv = shutil.which("setpriv")
    if setpriv is None:  # pragma: no cover - util-linux is on every Linux CI image
        pytest.fail("run as root without setpriv (util-linux): cannot drop the capabilities that ignore permissions")
    done = subprocess.run(
        [setpriv, *_WITHOUT_OVERRIDE, sys.executable, "-m", "peace_talks_model", "validate", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return done.returncode, done.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_permission_bits_are_input_problems(tmp_path: Path) -> None:
    unlisted = tmp_path / "unlisted"
    unlisted.mkdir()
    (unlisted / "a.json").write_text(GOOD, encoding="utf-8")
    unsearchable = tmp_path / "unsearchable"
    unsearchable.mkdir()
    (unsearchable / "b.json").write_text(GOOD, encoding="utf-8")
    unlisted.chmod(0o300)  # no listing
    unsearchable.chmod(0o600)  # listing, but no file in it can be opened
    try:
        folder = _validate_obeying_permissions(str(tmp_path), "--format", "json")
        inside = _validate_obeying_permissions(str(unsearchable / "b.json"), "--format", "json")
    finally:
        unlisted.chmod(0o700)
        unsearchable.chmod(0o700)
    assert folder[0] == 3, folder[1]
    assert [(f["file"], f["message"]) for f in json.loads(folder[1])["findings"]] == [
        (str(unlisted), "cannot read the directory: permission denied"),
        (str(unsearchable / "b.json"), "permission denied"),
    ]
    assert inside[0] == 3, inside[1]
    assert [f["code"] for f in json.loads(inside[1])["findings"]] == ["PT100"]


@pytest.mark.parametrize(
    ("link", "message"),
    [("nowhere.json", "a symbolic link to 'nowhere.json', which does not exist"), ("self.json", "loop of links")],
)
def test_a_broken_link_named_says_what_it_is(link: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "self.json"
    path.symlink_to(link)
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 3
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["code"] == "PT100"
    assert message in finding["message"]


# -- parse errors: where, and in the project's words ------------------------------------------------------------


def _parse_cases() -> list[tuple[str, bytes, int, int, str]]:
    deep = b'{"a":' * 5000 + b"1" + b"}" * 5000
    cases = [
        ("nul-between-tokens", b'{"a":\x00 1}', 1, 6, "expected a value (a string, number, object, array, true, false"),
        ("nul-after-comma", b'[{"a": 1},\n \x00{"a": 2}]', 2, 2, "found a NUL (zero) byte"),
        ("huge-exponent", b'{\n "a": [1, 1e1000000]}', 2, 11, "the number 1e1000000 is beyond the range"),
        ("huge-integer", b'{"a":\n' + b"9" * 5000 + b"}", 2, 1, "an integer of 5000 digits"),
        ("deep-object", deep, 1, 5 * 4999 + 1, "nests too deeply to be read: 5000 levels"),
        ("deep-in-array", b"[1,\n" + b"[" * 5000 + b"]" * 5000 + b"]", 2, 5000, "nests too deeply to be read: 5001"),
        ("missing-colon", b'{"a" 1}', 1, 6, "expected ':' after the key, found '1'"),
        ("missing-comma", b'{"a": 1 "b": 2}', 1, 9, "expected ',' or the end of the object or array, found '\"'"),
        ("bad-escape", b'{"a": "\\x"}', 1, 8, "an invalid escape in a string"),
    ]
    out = []
    for name, text, line, column, message in cases:
        out.append((f"{name}.json", text, line, column, message))
        if b"\n" not in text and not text.startswith(b"["):
            out.append((f"{name}.jsonl", b"\n" + text + b"\n", line + 1, column, message))
    return out


@pytest.mark.parametrize("case", _parse_cases(), ids=lambda case: case[0])
def test_parse_errors_have_a_place_and_plain_words(case: tuple[str, bytes, int, int, str], tmp_path: Path) -> None:
    name, content, line, column, message = case
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 3, result.output
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "PT102"]
    assert [(f["line"], f["column"]) for f in found] == [(line, column)], found
    assert message in found[0]["message"]
    for python_words in ("sys.", "Expecting", "Exceeds the limit", "delimiter", "char "):
        assert python_words not in found[0]["message"]


@pytest.mark.parametrize("size", [1, 2, 100, 1 << 16])
def test_zero_bytes_are_not_called_utf16(size: int, tmp_path: Path) -> None:
    path = tmp_path / "zeros.json"
    path.write_bytes(b"\x00" * size)
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 3
    assert [f["message"] for f in json.loads(result.stdout)["findings"]] == [
        "the input holds only zero bytes (NUL), not text"
    ]


def test_a_document_too_large_for_the_memory_there_is_is_an_input_problem(tmp_path: Path) -> None:
    # the limit raised above what memory allows: a document of 300 MB read whole (its text, as bytes and decoded,
    # and its parsed value) does not fit in 1 GiB; the run reports it instead of failing, and goes on
    path = tmp_path / "big.json"
    record = json.loads(GOOD)
    head, tail = json.dumps({**record, "name": "@"}).split("@")
    with path.open("w", encoding="ascii") as out:
        out.write(head)
        for _ in range(300):
            out.write("x" * 1_000_000)
        out.write(tail)
    good = _good(tmp_path)
    done = _run_limited(str(path), str(good), "--max-document-size", "1G")
    assert done.returncode == 3, done.stderr[-2000:]
    assert _problems(done, str(path)) == [
        (
            "PT100",
            "there was not enough memory to read and check this input of 286 MiB (a document takes two to five "
            "times its size); give the run more memory, or split the input",
        )
    ]
    assert [c for c, _ in _problems(done, str(good))] == ["PT901"]
