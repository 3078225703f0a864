"""The timeline page in a real browser: headless Chromium lays out every mark of the seed examples, and the
screenshot committed in the docs is the picture of the page this version draws.

Regenerate the screenshot with `python -m tests.test_timeline_browser` (needs Chromium)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from peace_talks_model.io import read_records
from peace_talks_model.timeline import build_timeline, index_html, timeline_html, timeline_pages

from .conftest import chromium

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "valid" / "afghanistan-2019-2020"
SCREENSHOT = ROOT / "docs" / "img" / "timeline-seed.png"
#: The window the page must fit, and the screenshot's width.
WIDTH = 1600

#: Added to a copy of the page for the test only (the page itself runs no script): report, for every mark, its
#: record id (the first word of its tooltip) and the size the browser gave it.
_PROBE = """<script>
addEventListener("load", () => {
  const marks = [...document.querySelectorAll("g.mark")].map(g => {
    const box = g.getBoundingClientRect();
    const title = g.querySelector("title");
    return {id: title ? title.textContent.split(" ")[0] : null, width: box.width, height: box.height,
            left: box.left, right: box.right};
  });
  const out = document.createElement("pre");
  out.id = "probe";
  const root = document.documentElement;
  out.textContent = JSON.stringify({viewport: root.clientWidth, scroll: root.scrollWidth, marks});
  document.body.appendChild(out);
});
</script>"""


def _browser(*args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _seed_page() -> tuple[str, list[str]]:
    timeline = build_timeline(read_records([SEED]).records)
    return timeline_html(read_records([SEED]).records), [mark.record_id for mark in timeline.marks]


def _probe(html: str, page: Path) -> dict[str, Any]:
    """What the browser laid out for the page in a window WIDTH px wide: the viewport's and the document's width,
    and every mark's record id and box."""
    probed = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace(
        "</body>", _PROBE + "</body>"
    )
    page.write_text(probed, encoding="utf-8")
    result = _browser(f"--window-size={WIDTH},1000", "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.DOTALL)
    assert match, f"the probe did not run: {result.stderr[-2000:]}"
    probe: dict[str, Any] = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return probe


def test_chromium_lays_out_every_mark_of_the_seed_timeline(tmp_path: Path) -> None:
    html, expected = _seed_page()
    assert expected, "the seed examples draw marks"
    probe = _probe(html, tmp_path / "timeline.html")
    marks = probe["marks"]
    # the whole process fits a window 1,600 px wide: every mark lies inside it, none beyond its right edge
    assert 0 < probe["viewport"] <= WIDTH
    outside = [m for m in marks if m["left"] < 0 or m["right"] > probe["viewport"]]
    assert not outside, f"marks outside the window: {outside[:5]}"
    # the agreement of February 2020, at the right end of the axis, among them
    assert "agreement:2020-02-29-us-taliban-doha-agreement" in {m["id"] for m in marks}
    assert sorted(m["id"] for m in marks) == sorted(expected)
    invisible = [m for m in marks if m["width"] <= 0 or m["height"] <= 0]
    assert not invisible, f"marks the browser drew with no size: {invisible[:5]}"
    # every record of the things that happen is drawn; actors and sources are who and where from, and claims and
    # conflicts are counted on the page (docs/timeline.md)
    happenings = {
        r.id for r in read_records([SEED]).records if r.record_type not in ("actor", "source", "claim", "conflict")
    }
    assert set(expected) == happenings


def test_the_index_of_processes_and_its_largest_page_fit_the_window(tmp_path: Path) -> None:
    pages = list(timeline_pages(list(read_records([ROOT / "examples" / "valid"]).records)))
    index = index_html([page for page, _ in pages])
    probe = _probe(index, tmp_path / "index.html")
    assert probe["scroll"] <= probe["viewport"] <= WIDTH, "the index needs no sideways scrolling"
    page, html = max(pages, key=lambda item: item[0].marks)
    assert page.marks > 30
    probe = _probe(html, tmp_path / page.file)
    assert len(probe["marks"]) == page.marks
    outside = [m for m in probe["marks"] if m["left"] < 0 or m["right"] > probe["viewport"]]
    assert not outside, f"marks outside the window: {outside[:5]}"


def _screenshot(target: Path) -> None:
    html, _ = _seed_page()
    size = re.search(r'<svg class="timeline" width="([0-9.]+)" height="([0-9.]+)"', html)
    assert size
    width, height = WIDTH, int(float(size.group(2))) + 260
    with tempfile.TemporaryDirectory() as temp:
        page = Path(temp) / "timeline.html"
        page.write_text(html, encoding="utf-8")
        result = _browser(f"--window-size={width},{height}", f"--screenshot={target}", page.as_uri())
        assert target.exists(), result.stderr[-2000:]


def test_a_screenshot_of_the_seed_timeline_is_taken_and_committed(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    _screenshot(shot)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 50_000, "a picture, not a blank page"
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG"), "run: python -m tests.test_timeline_browser"
    assert "docs/img/timeline-seed.png" in (ROOT / "README.md").read_text(encoding="utf-8")


if __name__ == "__main__":
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    _screenshot(SCREENSHOT)
    print(f"written {SCREENSHOT}", file=sys.stderr)
