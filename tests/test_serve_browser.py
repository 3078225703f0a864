"""`peace-talks serve` in a real browser: headless Chromium (Debian's, driven by Playwright) against the app
running on uvicorn on loopback, over a copy of the examples.

What a person does: create an agreement (a live error appears, then goes when the id is filled in; a fuzzy date
shows its bounds as it is typed; a party is picked by type-ahead on an alias), save, reload, and the file on disk
validates with the CLI; edit one record in two tabs and resolve the conflict. The pictures in docs/img/ are taken
here: regenerate them with `python -m tests.test_serve_browser`."""

from __future__ import annotations

import json
import re
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn")
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

import uvicorn  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from peace_talks_model.cli import app as cli  # noqa: E402
from peace_talks_model.io import read_records  # noqa: E402
from peace_talks_model.serve.app import ServeOptions, create_app  # noqa: E402

from .conftest import EXAMPLES, chromium  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PICTURES = {
    "overview": ROOT / "docs" / "img" / "serve-overview.png",
    "form": ROOT / "docs" / "img" / "serve-form.png",
    "review": ROOT / "docs" / "img" / "serve-review.png",
}
DOHA = "agreement:2020-02-29-us-taliban-doha-agreement"
#: the verdict of a record without errors (a new record citing no evidence yet has the warning PT901)
VALID = re.compile(r"^valid")


class Running:
    """The app on uvicorn in a thread, on a free loopback port."""

    def __init__(self, root: Path, **options: Any) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        app = create_app(ServeOptions(root, **options))
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Running, Path]]:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLES / "valid", data)
    with Running(data) as running:
        yield running, data


@pytest.fixture
def browser() -> Iterator[Any]:
    executable = chromium()
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def verdict(page: Any) -> str:
    return str(page.locator("#live-verdict").inner_text())


def test_create_an_agreement_with_a_fuzzy_date_and_a_party_picked_by_type_ahead(
    served: tuple[Running, Path], browser: Any
) -> None:
    running, data = served
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{running.url}/new?type=agreement")
    # the starter's id is only a prefix: a live error appears beside the field
    expect(page.locator("#live-verdict")).to_contain_text("error")
    assert "PT202" in page.locator("[data-path='id'] ul.findings").inner_text()  # beside its field
    # a fuzzy date: its bounds and weekdays as it is typed
    page.fill("[name='date.edtf']", "2019-09")
    preview = page.locator("output.date-preview[data-for='date']")
    expect(preview).to_have_text("earliest 2019-09-01 (Sun), latest 2019-09-30 (Mon)")
    page.fill("[name='id']", "agreement:2019-09-accord-in-principle")
    page.fill("[name='name']", "Agreement in principle")
    expect(page.locator("#live-verdict")).to_have_text(VALID)
    assert page.locator("[data-path='id'] ul.findings").count() == 0  # the error went
    # a party, picked by type-ahead on one of the Taliban's other names
    page.click("button[value='add:parties']")
    field = page.locator("[name='parties.0']")
    field.wait_for()
    field.click()
    field.type("Islamic Emir", delay=30)
    option = page.locator("ul.suggest li[data-id='actor:taliban']")
    option.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert field.input_value() == "actor:taliban"
    expect(page.locator("#live-verdict")).to_have_text(VALID)
    PICTURES["form"].parent.mkdir(parents=True, exist_ok=True)
    page.locator("h1").scroll_into_view_if_needed()
    page.mouse.wheel(0, -5000)
    page.locator("[name='parties.0']").blur()
    page.screenshot(path=str(PICTURES["form"]), full_page=False)
    page.click("button[value='save']")
    page.wait_for_url("**/record?*saved=1*")
    assert "Saved." in page.locator(".flash").inner_text()
    page.reload()
    assert page.locator("[name='parties.0']").input_value() == "actor:taliban"
    assert page.locator("[name='date.edtf']").input_value() == "2019-09"
    # the file on disk validates with the CLI, and holds the record as entered
    assert CliRunner().invoke(cli, ["validate", str(data)]).exit_code == 0
    saved = {r.id: r for r in read_records([data]).records}["agreement:2019-09-accord-in-principle"]
    assert saved.model_dump(mode="json", exclude_none=True, exclude_defaults=True) == {
        "record_type": "agreement",
        "id": "agreement:2019-09-accord-in-principle",
        "schema_version": saved.schema_version,
        "name": "Agreement in principle",
        "date": {"edtf": "2019-09"},
        "parties": ["actor:taliban"],
    }


def test_a_conflict_between_two_tabs_is_shown_and_resolved(served: tuple[Running, Path], browser: Any) -> None:
    running, data = served
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    first, second = context.new_page(), context.new_page()
    first.goto(f"{running.url}/records?q=doha")
    first.click(f"text={DOHA}")
    second.goto(first.url)
    first.fill("[name='notes']", "Edited in the first tab.")
    first.click("button[value='save']")
    first.wait_for_url("**saved=1*")
    second.fill("[name='notes']", "Edited in the second tab.")
    second.click("button[value='save']")
    second.wait_for_selector("pre.diff")
    assert "was changed since you opened it" in second.locator(".flash.bad").inner_text()
    assert "Edited in the first tab." in second.locator("pre.diff").inner_text()
    assert second.locator("[name='notes']").input_value() == "Edited in the second tab."
    second.click("button[value='save']")
    second.wait_for_url("**saved=1*")
    text = (data / "afghanistan-2019-2020" / "agreements.json").read_text(encoding="utf-8")
    assert "Edited in the second tab." in text
    assert "Edited in the first tab." not in text
    assert CliRunner().invoke(cli, ["validate", str(data)]).exit_code == 0


EXTRACTION = EXAMPLES / "extraction"
#: Selects the first occurrence of a text in the source pane (the test's only script in the page).
SELECT = """text => {
  const pane = document.getElementById("source-text");
  const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const at = walker.currentNode.textContent.indexOf(text);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(walker.currentNode, at);
      range.setEnd(walker.currentNode, at + text.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def test_review_an_extraction_accept_reject_and_fix_a_quote_from_the_text(tmp_path: Path, browser: Any) -> None:
    """The worked extraction (examples/extraction/model-output.json) reviewed into a new directory: the source and
    two actors accepted as the model wrote them, the invented quote rejected with a
    reason, and the paraphrased quote replaced by a passage selected in the source text, then accepted. The page's
    CSP is bypassed in this test only, for the one script that places the selection (Playwright evaluates it)."""
    data = tmp_path / "data"
    data.mkdir()
    with Running(data, texts=EXTRACTION / "texts", review=(EXTRACTION / "model-output.json",)) as running:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True).new_page()
        page.goto(f"{running.url}/review")
        page.click("text=Review >> nth=-1")
        head = page.locator("p.review-head")
        expect(head).to_contain_text("record 1 of 6")
        assert page.locator("[name='id']").input_value() == "source:ap-2019-12-09-khalilzad-doha-talks"
        for expected in ("actor:zalmay-khalilzad", "actor:taliban"):
            page.fill("[name='_file']", "extracted/records.jsonl")
            page.click("button[value='accept']")
            expect(page.locator("[name='id']")).to_have_value(expected)
        page.fill("[name='_file']", "extracted/records.jsonl")
        page.click("button[value='accept']")
        # the invented quote: an error beside it, not accepted; rejected with a reason
        expect(page.locator("[name='id']")).to_have_value("actor:anas-haqqani")
        expect(page.locator("#live-verdict")).to_contain_text("error")
        assert "PT310" in page.locator("#live-findings").inner_text()
        page.fill("[name='_reason']", "invented quote: not in the article")
        page.click("button[value='reject']")
        # the paraphrased quote: replaced by the passage selected in the text
        expect(page.locator("[name='id']")).to_have_value("actor:sirajuddin-haqqani")
        expect(page.locator("#live-verdict")).to_contain_text("error")
        expect(page.locator("#source-text")).to_contain_text("Sirajuddin Haqqani")
        assert page.evaluate(SELECT, "Sirajuddin Haqqani, the Taliban’s deputy")
        page.click("button.use-quote[data-evidence='evidence.0']")
        assert page.locator("[name='evidence.0.quote']").input_value() == "Sirajuddin Haqqani, the Taliban’s deputy"
        expect(page.locator("#live-verdict")).to_have_text(VALID)
        start = int(page.locator("[name='evidence.0.start']").input_value())
        text = (EXTRACTION / "texts" / "ap-2019-12-09-khalilzad-doha-talks.txt").read_text(encoding="utf-8")
        assert text[start : int(page.locator("[name='evidence.0.end']").input_value())] == (
            "Sirajuddin Haqqani, the Taliban’s deputy"
        )
        PICTURES["review"].parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(PICTURES["review"]))
        page.fill("[name='_file']", "extracted/records.jsonl")
        page.click("button[value='accept']")
        expect(page.locator("[name='id']")).to_have_value("negotiation:2019-12-07-doha-us-taliban")
        expect(head).to_contain_text("4 accepted, 1 rejected, 1 open")
    accepted = [r.id for r in read_records([data / "extracted"]).records]
    assert accepted == [
        "source:ap-2019-12-09-khalilzad-doha-talks",
        "actor:zalmay-khalilzad",
        "actor:taliban",
        "actor:sirajuddin-haqqani",
    ]
    texts = ["--texts", str(EXTRACTION / "texts")]
    result = CliRunner().invoke(cli, ["validate", *texts, str(data)])
    assert result.exit_code == 0, result.output
    rejected = next((data / ".peace-talks" / "review").glob("*.rejected")).read_text(encoding="utf-8").splitlines()
    assert [(json.loads(line)["record"]["id"], json.loads(line)["reason"]) for line in rejected] == [
        ("actor:anas-haqqani", "invented quote: not in the article")
    ]


def test_the_overview_picture(served: tuple[Running, Path], browser: Any) -> None:
    running, _ = served
    page = browser.new_page(viewport={"width": 1400, "height": 800})
    page.goto(running.url)
    assert "0 error(s), 0 warning(s)" in page.inner_text("main")
    page.screenshot(path=str(PICTURES["overview"]))
    for picture in PICTURES.values():
        assert picture.read_bytes().startswith(b"\x89PNG")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
