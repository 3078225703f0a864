"""`peace-talks serve` without a browser: the store (in-place saves that keep formatting, key order and short
forms; conflicts; paths), the forms made from the models (every example record survives its form), the pages,
and the guard (CSRF, hosts, token, body size, read-only, paths and links out of the directory), each refusal
writing nothing."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")

from starlette.testclient import TestClient
from typer.testing import CliRunner

from peace_talks_model.cli import app as cli
from peace_talks_model.io import read_records
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.models.record_base import DATA
from peace_talks_model.serve import forms
from peace_talks_model.serve.app import ServeOptions, create_app
from peace_talks_model.serve.store import ConflictError, Store, UnsafePathError
from tests.conftest import EXAMPLES

VALID = EXAMPLES / "valid"
BASE = "http://127.0.0.1:8765"
DOHA = "agreement:2020-02-29-us-taliban-doha-agreement"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the valid examples to edit."""
    target = tmp_path / "data"
    shutil.copytree(VALID, target)
    return target


def client(root: Path, **options: Any) -> tuple[TestClient, ServeOptions]:
    served = ServeOptions(root, **options)
    return TestClient(create_app(served), base_url=BASE), served


def form_pairs(page: str) -> list[tuple[str, str]]:
    """The name/value pairs a browser would submit for the record form of a page (no button pressed)."""
    start = page.index('<form class="record"')
    body = page[start : page.index("</form>", start)]
    pairs = []
    for match in re.finditer(r"<(input|textarea|select)\b([^>]*)>", body):
        tag, attrs = match.groups()
        name = re.search(r'name="([^"]*)"', attrs)
        if name is None or " disabled" in attrs:
            continue
        if tag == "input":
            value = re.search(r'value="([^"]*)"', attrs)
            text = html.unescape(value.group(1)) if value else ""
        elif tag == "textarea":
            text = html.unescape(body[match.end() : body.index("</textarea>", match.end())])
        else:
            options = body[match.end() : body.index("</select>", match.end())]
            chosen = re.search(r'<option value="([^"]*)" selected', options)
            text = html.unescape(chosen.group(1)) if chosen else ""
        pairs.append((html.unescape(name.group(1)), text))
    return pairs


def record_link(client_: TestClient, record_id: str) -> str:
    page = client_.get("/records", params={"q": record_id}).text
    match = re.search(r'href="(/record\?[^"]+)">' + re.escape(record_id) + "<", page)
    assert match, record_id
    return html.unescape(match.group(1))


def post(web: TestClient, path: str, pairs: list[tuple[str, str]], **options: Any) -> Any:
    """POST a form as a browser sends it (url-encoded, names repeated in order)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", **options.pop("headers", {})}
    return web.post(path, content=urlencode(pairs), headers=headers, **options)


def set_pair(pairs: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    assert any(n == name for n, _ in pairs), name
    return [(n, value if n == name else v) for n, v in pairs]


# -- forms made from the models ------------------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", list(MODEL_BY_TYPE))
def test_every_valid_example_survives_its_form(record_type: str) -> None:
    """Drawn as a form with every object opened, and read back as a browser submits it: the same record."""
    records = [r for r in read_records([VALID]).records if r.record_type == record_type]
    assert records, record_type
    node = forms.form_of(record_type)
    for record in records:
        data = record.model_dump(mode="json", exclude_none=True)
        page = '<form class="record">' + forms.render_form_fields(record_type, data, forms.Context()) + "</form>"
        back = forms.parse_form(node, form_pairs(page), record_type, record.schema_version)
        again = MODEL_BY_TYPE[record_type].model_validate(back, context=DATA)
        assert again == record, record.id


def test_a_new_field_needs_no_form_code() -> None:
    """Every field of every model has its control (the form is walked from the models)."""
    for record_type, model in MODEL_BY_TYPE.items():
        names = {c.name for c in forms.form_of(record_type).children}
        assert names == set(model.model_fields) - {"record_type", "schema_version"}


def test_values_the_field_cannot_take_are_kept_for_the_validator() -> None:
    node = forms.form_of("negotiation")
    pairs = [("id", "negotiation:x"), ("kind", "meeting"), ("rounds.value", "three"), ("notes", "")]
    data = forms.parse_form(node, pairs, "negotiation", "1.6")
    assert data["rounds"] == {"value": "three"}  # not dropped, so the validator says what is wrong
    assert "notes" not in data


def test_list_buttons_add_remove_and_move_items() -> None:
    node = forms.form_of("agreement")
    data: dict[str, Any] = {"parties": ["actor:a", "actor:b", "actor:c"]}
    forms.apply_action(data, "down:parties.0", node)
    assert data["parties"] == ["actor:b", "actor:a", "actor:c"]
    forms.apply_action(data, "up:parties.2", node)
    assert data["parties"] == ["actor:b", "actor:c", "actor:a"]
    forms.apply_action(data, "remove:parties.1", node)
    forms.apply_action(data, "add:parties", node)
    forms.apply_action(data, "add:signatories", node)
    forms.apply_action(data, "open:place", node)
    assert data == {"parties": ["actor:b", "actor:a", ""], "signatories": [{}], "place": {}}
    assert forms.apply_action(data, "add:no.such.path", node) == data


# -- the store ---------------------------------------------------------------------------------------------------


def test_a_save_changes_only_the_record_and_keeps_what_did_not_change(data: Path) -> None:
    store = Store(data)
    file = "afghanistan-2019-2020/agreements.json"
    before = (data / file).read_bytes()
    read = store.read_file(file)
    record = next(r for r in read.records if r.id == DOHA)
    # the record as a form gives it back: rich forms, defaults filled in
    rich = MODEL_BY_TYPE["agreement"].model_validate(record.data, context=DATA).model_dump(mode="json")
    store.save_record(file, record.id, record.index, rich, etag=read.etag, digest=record.digest)
    assert (data / file).read_bytes() == before  # nothing changed: not a byte
    rich["notes"] = "Signed in Doha."
    os.chmod(data / file, 0o640)
    store.save_record(file, record.id, record.index, rich, etag=store.read_file(file).etag, digest=record.digest)
    after = (data / file).read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before.decode().splitlines()]
    assert changed == ['    "notes": "Signed in Doha."'] or all(
        "notes" in line or line.strip() in ("},", "}") for line in changed
    )
    assert len(after) == len(before.decode().splitlines()) + (0 if '"notes"' in before.decode() else 1)
    assert (os.stat(data / file).st_mode & 0o777) == 0o640
    reread = next(r for r in store.read_file(file).records if r.id == DOHA)
    assert list(reread.data) == [*record.data, *(["notes"] if "notes" not in record.data else [])]  # key order kept
    assert reread.data["date"] == record.data["date"]  # a short form stays short


def test_a_save_against_a_changed_record_is_a_conflict_and_elsewhere_a_merge(data: Path) -> None:
    store = Store(data)
    file = "afghanistan-2019-2020/agreements.json"
    read = store.read_file(file)
    first, second = read.records[0], read.records[1]
    # another editor changes the second record
    store.save_record(
        file, second.id, second.index, {**second.data, "notes": "theirs"}, etag=read.etag, digest=second.digest
    )
    # a save of the first, from the old ETag: the first did not change, so the other edit is kept
    _, merged = store.save_record(
        file, first.id, first.index, {**first.data, "notes": "mine"}, etag=read.etag, digest=first.digest
    )
    assert merged
    notes = {r.id: r.data.get("notes") for r in store.read_file(file).records}
    assert (notes[first.id], notes[second.id]) == ("mine", "theirs")
    # a save of the second from the old ETag and digest: it changed meanwhile
    with pytest.raises(ConflictError) as caught:
        store.save_record(
            file, second.id, second.index, {**second.data, "notes": "mine too"}, etag=read.etag, digest=second.digest
        )
    assert caught.value.current is not None
    assert caught.value.current["notes"] == "theirs"
    assert {r.id: r.data.get("notes") for r in store.read_file(file).records}[second.id] == "theirs"


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_records_are_added_to_lists_and_new_files(data: Path, suffix: str) -> None:
    store = Store(data)
    actor = {"record_type": "actor", "id": "actor:new-one", "schema_version": "1.6", "name": "New", "kind": "person"}
    index, _ = store.add_record(f"extra/actors{suffix}", actor, None)
    other = {**actor, "id": "actor:new-two"}
    index2, _ = store.add_record(f"extra/actors{suffix}", other, store.read_file(f"extra/actors{suffix}").etag)
    assert (index, index2) == (0, 1)
    ids = [r.id for r in read_records([data / "extra"]).records]
    assert ids == ["actor:new-one", "actor:new-two"]
    if suffix == ".json":  # an array, indented as the examples are
        assert (data / "extra" / "actors.json").read_text(encoding="utf-8").startswith('[\n  {\n    "record_type"')


def test_paths_out_of_the_directory_are_refused(data: Path, tmp_path: Path) -> None:
    store = Store(data)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text("{}", encoding="utf-8")
    os.symlink(outside, data / "link")
    for bad in (
        "../outside/secret.json",
        "/etc/passwd",
        "link/secret.json",
        "a/../../x.json",
        ".peace-talks/x",
        "a\\..\\x.json",
        "",
    ):
        with pytest.raises(UnsafePathError):
            store.path(bad)
    assert "link/secret.json" not in store.files()


# -- the app -------------------------------------------------------------------------------------------------------


def test_pages_show_counts_search_findings_and_explanations(data: Path) -> None:
    web, _ = client(data)
    overview = web.get("/")
    assert overview.status_code == 200
    assert "0 error(s), 0 warning(s)" in overview.text
    found = web.get("/records", params={"q": "taliban"}).text
    assert DOHA in found
    assert "actor:taliban" in found
    by_alias = web.get("/records", params={"q": "Islamic Emirate"}).text  # an alias of the Taliban
    assert "actor:taliban" in by_alias
    record = web.get(record_link(web, DOHA))
    assert record.status_code == 200
    assert "Agreement for Bringing Peace to Afghanistan" in record.text
    assert 'data-refs="actor"' in record.text  # reference fields type ahead over the actors
    picked = web.get("/api/refs", params={"types": "actor", "q": "Islamic Emirate"}).json()
    assert picked[0]["id"] == "actor:taliban"  # found by an alias
    assert web.get("/explain/PT301").status_code == 200
    assert "default-src 'self'" in record.headers["content-security-policy"]


def test_edit_save_reload_and_the_cli_agrees(data: Path) -> None:
    web, _ = client(data)
    link = record_link(web, DOHA)
    pairs = form_pairs(web.get(link).text)
    pairs = set_pair(pairs, "notes", "Checked against the AP report.")
    saved = post(web, "/save", [*pairs, ("_action", "save")], follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    again = web.get(saved.headers["location"]).text
    assert "Saved." in again
    assert "Checked against the AP report." in again
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 0, result.output


def test_an_invalid_record_is_not_saved_but_can_be_kept_as_a_draft(data: Path) -> None:
    web, _ = client(data)
    link = record_link(web, DOHA)
    file = data / "afghanistan-2019-2020" / "agreements.json"
    before = file.read_bytes()
    pairs = set_pair(form_pairs(web.get(link).text), "date.edtf", "2020-02-30")
    refused = post(web, "/save", [*pairs, ("_action", "save")], follow_redirects=False)
    assert refused.status_code == 422
    assert "PT205" in refused.text
    assert "Not saved: 1 error(s)" in refused.text
    assert file.read_bytes() == before
    kept = post(web, "/save", [*pairs, ("_action", "draft")], follow_redirects=False)
    assert kept.status_code == 303
    assert file.read_bytes() == before
    assert "draft 1" in web.get("/drafts").text
    assert [p.suffix for p in (data / ".peace-talks" / "drafts").iterdir()] == [".draft"]
    assert CliRunner().invoke(cli, ["validate", str(data)]).exit_code == 0  # drafts are not record files


def test_live_check_gives_the_cli_findings_with_their_fields(data: Path) -> None:
    web, served = client(data)
    pairs = set_pair(form_pairs(web.get(record_link(web, DOHA)).text), "parties.0", "actor:talibn")
    checked = post(web, "/api/check", [*pairs, ("_action", "check")], headers={"X-CSRF-Token": served.csrf})
    assert checked.status_code == 200
    findings = checked.json()["findings"]
    assert [(f["code"], f["field"]) for f in findings] == [("PT301", "parties.0")]
    assert "did you mean 'actor:taliban'" in findings[0]["message"]
    assert checked.json()["dates"]["date"] == "2020-02-29 (Sat)"


def test_a_conflict_is_refused_with_a_diff_and_the_edit_kept(data: Path) -> None:
    web, _ = client(data)
    link = record_link(web, DOHA)
    tab1 = form_pairs(web.get(link).text)
    tab2 = form_pairs(web.get(link).text)
    first = post(web, "/save", [*set_pair(tab1, "notes", "first tab"), ("_action", "save")], follow_redirects=False)
    assert first.status_code == 303
    second = post(web, "/save", [*set_pair(tab2, "notes", "second tab"), ("_action", "save")])
    assert second.status_code == 409
    assert "was changed since you opened it" in second.text
    assert "first tab" in second.text  # the diff shows what is on disk
    # the form holds the second tab's edit, made from the record on disk now: saving it puts it in place
    third = post(web, "/save", [*form_pairs(second.text), ("_action", "save")], follow_redirects=False)
    assert third.status_code == 303
    assert "second tab" in (data / "afghanistan-2019-2020" / "agreements.json").read_text(encoding="utf-8")


# -- refusals: nothing written -------------------------------------------------------------------------------------


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_refusals_write_nothing(data: Path) -> None:
    web, served = client(data)
    pairs = set_pair(form_pairs(web.get(record_link(web, DOHA)).text), "notes", "x")
    before = _snapshot(data)
    no_token = [(n, v) for n, v in pairs if n != "_csrf"]
    assert post(web, "/save", [*no_token, ("_action", "save")]).status_code == 403
    wrong = set_pair(pairs, "_csrf", "guessed")
    assert post(web, "/save", [*wrong, ("_action", "save")]).status_code == 403
    cross = post(web, "/save", [*pairs, ("_action", "save")], headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403
    traversal = set_pair(pairs, "_file", "../outside.json")
    assert post(web, "/save", [*traversal, ("_action", "save")]).status_code == 400
    big = web.post(
        "/save", content=b"x" * (served.max_body + 1), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert big.status_code == 413
    rebinding = TestClient(create_app(served), base_url="http://attacker.example:8765")
    assert rebinding.get("/").status_code == 403
    assert post(rebinding, "/save", [*pairs, ("_action", "save")]).status_code == 403
    read_only, _ = client(data, read_only=True, csrf=served.csrf)
    assert post(read_only, "/save", [*pairs, ("_action", "save")]).status_code == 403
    assert read_only.get("/new", params={"type": "actor"}).status_code == 403
    assert _snapshot(data) == before


def test_a_remote_app_needs_its_token(data: Path) -> None:
    served = ServeOptions(data, allow_remote=True)
    web = TestClient(create_app(served), base_url="http://192.0.2.10:8765")
    assert web.get("/").status_code == 401
    assert web.get("/", params={"token": "wrong"}).status_code == 401
    entered = web.get("/", params={"token": served.token})
    assert entered.status_code == 200  # redirected once, then the cookie carries the token
    assert web.get("/records").status_code == 200


def test_the_cli_refuses_a_remote_host_without_allow_remote(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--allow-remote" in result.output
    missing = CliRunner().invoke(cli, ["serve", str(tmp_path / "nowhere")])
    assert missing.exit_code == 3


def test_new_record_is_created_in_the_default_file(data: Path) -> None:
    web, _ = client(data)
    page = web.get("/new", params={"type": "actor"}).text
    pairs = form_pairs(page)
    pairs = set_pair(set_pair(pairs, "id", "actor:jane-doe"), "name", "Jane Doe")
    saved = post(web, "/save", [*pairs, ("_action", "save")], follow_redirects=False)
    assert saved.status_code == 303, saved.text[:300]
    ids = {r.id for r in read_records([data]).records}
    assert "actor:jane-doe" in ids
    assert json.loads(json.dumps(list(ids)))  # the directory still reads


# -- review --------------------------------------------------------------------------------------------------------

EXTRACTION = EXAMPLES / "extraction"


def test_review_needs_a_reason_to_reject_and_a_valid_record_to_accept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    answer = EXTRACTION / "model-output.json"
    before = answer.read_bytes()
    web, _ = client(data, texts=EXTRACTION / "texts", review=(answer,))
    listing = web.get("/review").text
    assert "model-output.json" in listing
    first = web.get("/review/item", params={"f": 0, "n": 3})  # actor:anas-haqqani, whose quote is invented
    assert "record 4 of 6" in first.text
    pairs = form_pairs(first.text)
    no_reason = post(web, "/save", [*pairs, ("_action", "reject")])
    assert no_reason.status_code == 422
    assert "say why" in no_reason.text
    refused = post(web, "/save", [*pairs, ("_action", "accept")])
    assert refused.status_code == 422
    assert "PT310" in refused.text
    assert "Not accepted: " in refused.text
    rejected = post(web, "/save", [*pairs, ("_action", "reject"), ("_reason", "invented")], follow_redirects=False)
    assert rejected.status_code == 303
    assert "n=4" in rejected.headers["location"]  # the next open record
    assert "1 rejected" in web.get(rejected.headers["location"]).text
    # the answers are kept beside the directory, in files validate never reads; the reviewed file is untouched
    kept = sorted(p.suffix for p in (data / ".peace-talks" / "review").iterdir())
    assert kept == [".rejected", ".state"]
    assert answer.read_bytes() == before
    assert CliRunner().invoke(cli, ["validate", str(data)]).output.startswith("0 files")


def test_review_of_a_file_that_is_not_records_is_refused_at_start(tmp_path: Path) -> None:
    bad = tmp_path / "answer.json"
    bad.write_text("not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--review", str(bad)])
    assert result.exit_code == 3
    assert "not a JSON file of records" in result.output
    missing = CliRunner().invoke(cli, ["serve", str(tmp_path), "--review", str(tmp_path / "none.json")])
    assert missing.exit_code == 3


def test_the_text_of_a_source_comes_whole_with_its_line_ends(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "s.txt").write_bytes("One line\r\nSecond: caf\u00e9 \U0001f600 end\n".encode())
    data = tmp_path / "data"
    data.mkdir()
    web, _ = client(data, texts=texts)
    got = web.get("/api/text", params={"source": "source:s"}).json()
    assert got["text"] == "One line\r\nSecond: caf\u00e9 \U0001f600 end\n"
    assert web.get("/api/text", params={"source": "source:none"}).status_code == 404


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    import socket  # noqa: PLC0415

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--port", str(port)])
    assert result.exit_code == 3
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def _git(root: Path, *args: str) -> str:
    """Run git in `root` (the identity comes from the environment the test sets)."""
    import subprocess  # noqa: PLC0415

    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_git_commit_per_save_commits_the_file_alone(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@example.org"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@example.org"),
    ):
        monkeypatch.setenv(name, value)
    _git(data, "init", "-q")
    _git(data, "add", ".")
    _git(data, "commit", "-q", "-m", "start")
    (data / "common" / "actors.json").write_text("[]\n", encoding="utf-8")  # someone's unfinished work
    _git(data, "add", "common/actors.json")  # even staged, it is not part of the save's commit
    web, _ = client(data, history=True)
    pairs = set_pair(form_pairs(web.get(record_link(web, DOHA)).text), "notes", "Committed by the app.")
    saved = post(web, "/save", [*pairs, ("_action", "save")], follow_redirects=False)
    assert saved.status_code == 303
    assert "uncommitted" not in saved.headers["location"]
    log = _git(data, "log", "--format=%s", "-n", "2").splitlines()
    assert log == [f"peace-talks serve: edit {DOHA} in afghanistan-2019-2020/agreements.json", "start"]
    assert _git(data, "show", "--name-only", "--format=", "HEAD").split() == ["afghanistan-2019-2020/agreements.json"]
    assert "common/actors.json" in _git(data, "diff", "--cached", "--name-only")  # still staged, not committed


def test_git_commit_needs_a_repository(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--git-commit"])
    assert result.exit_code == 3
    assert "not in a git repository" in result.output


def test_kept_validations_give_the_report_of_one_run(data: Path) -> None:
    """The checker's merge of kept per-file validations gives what one `validate` run gives, before and after
    a file changes, and a check of an edit gives what a whole run over the edited directory gives."""
    from peace_talks_model.serve.checking import Checker, check_in_context, summary  # noqa: PLC0415

    store = Store(data)
    checker = Checker(store)

    def same(a: Any, b: Any) -> None:
        assert [(f.file, f.line, f.code, f.message) for f in a.findings] == [
            (f.file, f.line, f.code, f.message) for f in b.findings
        ]
        assert (a.records, a.valid_records, a.files) == (b.records, b.valid_records, b.files)

    same(checker.report(), summary(store))
    file = "afghanistan-2019-2020/agreements.json"
    record = next(r for r in store.read_file(file).records if r.id == DOHA)
    broken = {**record.data, "parties": ["actor:talibn"], "date": "2020-02-29"}
    assert [(f.code, f.message) for f in checker.check(file, record, broken).findings] == [
        (f.code, f.message) for f in check_in_context(store, file, record, broken).findings
    ]
    # the file changes on disk: its kept validation is replaced
    read = store.read_file(file)
    store.save_record(file, record.id, record.index, broken, etag=read.etag, digest=record.digest)
    after = checker.report()
    same(after, summary(store))
    assert "PT301" in {f.code for f in after.findings}
