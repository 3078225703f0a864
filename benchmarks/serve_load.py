"""A bounded load test of `peace-talks serve`: concurrent editors against a directory of 5,000 records.

The directory: the valid examples (57 files, 630 records) and variants of them (`generate.variants`, every one
valid) in JSONL files of 100 records, 5,000 records in all. The app runs as `peace-talks serve` (a separate
process, on loopback). Each editor, in a loop until the time is up: opens the record list of a search, opens a
record of a small shared set (so that editors meet on the same files and records), changes its notes to a token
of its own, asks for a live check, and saves; a conflict (409) is resolved by saving the form the app draws
again, as a person would after reading the diff. Afterwards every file must read as JSON, `peace-talks validate`
must find no error, and every record must hold the token of its last successful save: no lost write, no
corrupted file.

Run: `python benchmarks/serve_load.py [--editors 20] [--seconds 60] [--records 5000] [--hot 40]`; it prints the
latency percentiles of page loads, live checks and saves, and the counts. It needs the `serve` extra and httpx2.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import variants

ROOT = Path(__file__).resolve().parent.parent


def _valid_variants(count: int) -> list[dict[str, Any]]:
    """`count` variants of the examples that are valid with them (a variant may break a rule across records, such
    as a second agreement claiming the examples' prisoner swap: those are left out)."""
    from peace_talks_model.validation import validate_records

    base = list(variants(0))
    pool = list(variants(count * 2, seed=11, invalid_share=0))[len(base) :]
    report = validate_records([*base, *pool])
    bad = {f.record_id for f in report.findings if f.severity.value == "error"}
    return [r for r in pool if r["id"] not in bad][:count]


def build(folder: Path, records: int) -> list[tuple[str, str]]:
    """The directory of `records` valid records; returns (file, id) of the records editors may open."""
    shutil.copytree(ROOT / "examples" / "valid", folder)
    extra = _valid_variants(records - 630)
    placed = []
    for path in sorted(folder.rglob("*.json")):  # the examples: JSON documents, indented
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data if isinstance(data, list) else [data]:
            if item.get("record_type") not in ("source", "claim"):
                placed.append((path.relative_to(folder).as_posix(), item["id"]))
    (folder / "variants").mkdir()
    for start in range(0, len(extra), 100):
        name = f"variants/part-{start // 100:03d}.jsonl"
        chunk = extra[start : start + 100]
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk), "utf-8")
        placed += [(name, r["id"]) for r in chunk]
    return placed


def form_pairs(page: str) -> list[tuple[str, str]]:
    """The pairs a browser submits for the record form of a page."""
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


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {"list page": [], "record page": [], "live check": [], "save": []}
        #: record id -> the saves that succeeded: (the notes the edit started from, the notes it wrote)
        self.saved: dict[str, list[tuple[str | None, str]]] = {}
        self.counts = {"saves": 0, "conflicts": 0, "merged or clean": 0, "errors": 0}

    def time(self, what: str, seconds: float) -> None:
        with self.lock:
            self.times[what].append(seconds)


def editor(
    number: int, base: str, hot: list[tuple[str, str]], until: float, results: Results, *, think: float = 0.0
) -> None:
    rng = random.Random(number)
    form_headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with httpx.Client(base_url=base, timeout=120) as web:
        step = 0
        while time.monotonic() < until:
            step += 1
            if think:  # a person reads the page and types between requests
                time.sleep(rng.uniform(0, 2 * think))
            _, record_id = rng.choice(hot)
            began = time.monotonic()
            web.get("/records", params={"q": record_id.split(":", 1)[1][:8]})
            results.time("list page", time.monotonic() - began)
            page = web.get("/records", params={"q": record_id}).text
            link = re.search(r'href="(/record\?[^"]+)">' + re.escape(record_id) + "<", page)
            if link is None:
                results.counts["errors"] += 1
                continue
            began = time.monotonic()
            page = web.get(html.unescape(link.group(1))).text
            results.time("record page", time.monotonic() - began)
            token = f"editor {number} step {step}"
            shown = form_pairs(page)
            started: str | None = next((v for n, v in shown if n == "notes"), None) or None
            pairs = [(n, token if n == "notes" else v) for n, v in shown]
            csrf = next(v for n, v in pairs if n == "_csrf")
            began = time.monotonic()
            check = web.post("/api/check", content=urlencode([*pairs, ("_action", "check")]),
                             headers={**form_headers, "X-CSRF-Token": csrf})  # fmt: skip
            results.time("live check", time.monotonic() - began)
            if check.status_code != 200:
                results.counts["errors"] += 1
                continue
            began = time.monotonic()
            saved = web.post("/save", content=urlencode([*pairs, ("_action", "save")]), headers=form_headers)
            if saved.status_code == 409:  # a conflict: the form drawn again holds our edit on the record as it is
                results.counts["conflicts"] += 1
                diff = html.unescape(saved.text)
                # the notes on disk now: the removed line of the diff (its lines are drawn inside <span>s)
                theirs = re.search(r'(?:^|>)-\s*"notes": "(.*?)",?\s*$', diff, re.M)
                started = theirs.group(1) if theirs else None
                again = [(n, token if n == "notes" else v) for n, v in form_pairs(saved.text)]
                saved = web.post("/save", content=urlencode([*again, ("_action", "save")]), headers=form_headers)
                if saved.status_code == 409:
                    continue  # another editor won again: this edit is given up, as a person might
            results.time("save", time.monotonic() - began)
            if saved.status_code != 303:
                results.counts["errors"] += 1
                continue
            with results.lock:
                results.counts["saves"] += 1
                results.saved.setdefault(record_id, []).append((started, token))


def percentiles(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else [ordered[0]] * 99
    return (f"n={len(ordered)} p50={q[49] * 1000:.0f} ms p90={q[89] * 1000:.0f} ms p99={q[98] * 1000:.0f} ms "
            f"max={ordered[-1] * 1000:.0f} ms")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--hot", type=int, default=40, help="how many records the editors share")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds an editor pauses between edits")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "data"
        placed = build(folder, args.records)
        hot = random.Random(3).sample(placed, args.hot)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        exe = Path(sys.executable).with_name("peace-talks")
        server = subprocess.Popen([str(exe), "serve", str(folder), "--port", str(port)], stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(base + "/records", params={"q": "zzz"}, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        results = Results()
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=editor, args=(n, base, hot, until, results), kwargs={"think": args.think})
            for n in range(args.editors)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        server.terminate()
        server.wait(30)
        # nothing lost, nothing corrupted
        for path in folder.rglob("*.json*"):
            if ".peace-talks" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".json":
                json.loads(text)
            else:
                for line in text.splitlines():
                    json.loads(line)
        validate = subprocess.run([str(exe), "validate", str(folder)], capture_output=True, text=True, check=False)
        notes: dict[Any, Any] = {}
        for path in folder.rglob("*.json*"):
            text = path.read_text(encoding="utf-8")
            items = [json.loads(line) for line in text.splitlines()] if path.suffix == ".jsonl" else json.loads(text)
            for item in items if isinstance(items, list) else [items]:
                if isinstance(item, dict):
                    notes[item.get("id")] = item.get("notes")
        # the successful saves of a record form a chain (each started from the notes the previous one wrote, or the
        # app refused it as a conflict): a write is lost when what it wrote is neither in the file nor the start
        # of another successful save
        lost = [
            (rid, wrote)
            for rid, saves in results.saved.items()
            for _, wrote in saves
            if wrote != notes.get(rid) and wrote not in {started for started, _ in saves}
        ]
        print(f"{args.editors} editors (pausing {args.think} s on average) for {elapsed:.0f} s against "
              f"{args.records} records "
              f"({len(list(folder.rglob('*.json*')))} files), {args.hot} records shared")  # fmt: skip
        for what, values in results.times.items():
            print(f"  {what}: {percentiles(values)}")
        print(f"  counts: {results.counts}")
        print(f"  validate afterwards: exit {validate.returncode}: {validate.stdout.strip().splitlines()[-1]}")
        print(f"  records whose last saved edit is not in the file: {len(lost)} {lost[:5]}")
        return 0 if validate.returncode == 0 and not lost and not results.counts["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
