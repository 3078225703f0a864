"""Speed and memory, measured in one run, interleaved, median of several rounds, against a fixed yardstick.

The yardstick (Y) is what our code cannot move: jsonschema-rs `is_valid` on the published record schema, each
JSONL line parsed with `json.loads` first, over the same records. Rows: (a) bare pydantic
`TypeAdapter(Record).validate_json` per JSONL line; (b) the library's `validate_paths` on the JSONL file, with
and without cross-record checks; (c) the `peace-talks validate` CLI as a process, on JSONL (one process and
`--jobs 2`) and on a JSON array of the same records; (d) python-jsonschema (format checking on) and the
check-jsonschema CLI on the published schema; (e) jsonschema-rs collecting every error; plus the cost of a
10%-invalid file, one small file against check-jsonschema, peak RSS of the CLI on a 10 MB and a large JSONL file,
and `--help`/`--version` next to `python -c pass` and a two-command Typer app. Every rule is on in (b) and (c)
(cross-record checks and the rules of meaning; the evidence warnings PT901-PT904 are ignored, as the generated
records cite sources that are not among them). The last lines compare each measure with the targets of issue #19
and say met or missed.

Run: `python -m pip install -e '.[test,bench]' && python benchmarks/speed.py [--records 40000] [--rounds 5]`
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jsonschema import Draft202012Validator
from pydantic import TypeAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from generate import variants

from peace_talks_model import Record, validate_paths
from peace_talks_model.schema_export import published
from peace_talks_model.validation import Options

BIN = Path(sys.executable).parent
YARDSTICK = "Y jsonschema-rs is_valid, json.loads per line"
TYPER_APP = """
import typer
app = typer.Typer()
@app.command()
def one() -> None: ...
@app.command()
def two() -> None: ...
app()
"""


def _write_jsonl(path: Path, megabytes: float, seed: int) -> int:
    """Write the examples and their variants (every id unique) until the file holds `megabytes` MB; the number of
    records."""
    count = 0
    limit = megabytes * 1e6
    with path.open("w", encoding="utf-8") as out:
        for record in variants(10**9, seed=seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
            if out.tell() >= limit:
                break
    return count


def _write(records: list[dict[str, object]], folder: Path, name: str) -> tuple[Path, Path]:
    jsonl, array = folder / f"{name}.jsonl", folder / f"{name}.json"
    with jsonl.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    array.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return jsonl, array


def _run(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _peak_rss_mb(argv: list[str]) -> float:
    """Peak resident memory of one child process, in MB."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
                "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
            ),
            *argv,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return int(done.stdout.strip() or 0) / 1024


def _versions() -> str:
    """The versions of the packages the figures depend on."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("pydantic", "pydantic-core", "jiter", "jsonschema-rs", "jsonschema"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return ", ".join(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=40000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--schema-sample", type=int, default=500, help="records for the slow schema validators")
    parser.add_argument("--rss-mb", default="10,1000", help="sizes (MB) of the JSONL files peak RSS is measured on")
    parser.add_argument(
        "--markdown",
        type=Path,
        help="also write the results as a table into this Markdown file, between its two 'speed.py results' "
        "marker comments (benchmarks/README.md)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = list(variants(args.records))
        jsonl, array = _write(records, folder, "records")
        invalid_jsonl, _ = _write(list(variants(args.records, invalid_share=0.10)), folder, "invalid10")
        valid_jsonl, _ = _write(list(variants(args.records, invalid_share=0.0)), folder, "valid")
        sample_jsonl, sample_array = _write(records[: args.schema_sample], folder, "sample")
        n, n_sample = len(records), min(args.schema_sample, len(records))
        megabytes_n = jsonl.stat().st_size / 1e6
        adapter = TypeAdapter(Record)
        lines = jsonl.read_bytes().splitlines()
        schema = published("record.schema.json")
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        schema_file = folder / "records.schema.json"  # check-jsonschema reads no JSONL: give it the array
        schema_file.write_text(json.dumps(published("records.schema.json")), encoding="utf-8")
        sample_docs = [json.loads(line) for line in sample_jsonl.read_bytes().splitlines()]
        try:
            import jsonschema_rs  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            print("jsonschema-rs is the yardstick: python -m pip install -e '.[bench]'", file=sys.stderr)
            return 2
        rs_validator = jsonschema_rs.validator_for(schema)
        cli = str(BIN / "peace-talks")
        base_opts = ["--allow-external-refs", "--ignore", "PT901,PT902,PT903,PT904", "-q"]

        def bare() -> None:
            for line in lines:
                with contextlib.suppress(ValueError):
                    adapter.validate_json(line)

        def yardstick() -> None:
            for line in lines:
                rs_validator.is_valid(json.loads(line))

        measures: dict[str, tuple[Callable[[], object], int]] = {
            YARDSTICK: (yardstick, n),
            "(a) pydantic validate_json per line": (bare, n),
            "(b) validate_paths, no cross-record checks": (
                lambda: validate_paths([jsonl], Options(cross_checks=False)),
                n,
            ),
            "(b) validate_paths, with cross-record checks": (lambda: validate_paths([jsonl]), n),
            "(c) CLI process, JSONL": (lambda: _run([cli, "validate", str(jsonl), *base_opts]), n),
            "(c) CLI process, JSON array": (lambda: _run([cli, "validate", str(array), *base_opts]), n),
            "(c) CLI process, JSONL, --jobs 2": (lambda: _run([cli, "validate", str(jsonl), *base_opts, "-j", "2"]), n),
            "(c) CLI, all-valid JSONL": (lambda: _run([cli, "validate", str(valid_jsonl), *base_opts]), n),
            "(c) CLI, 10%-invalid JSONL": (lambda: _run([cli, "validate", str(invalid_jsonl), *base_opts]), n),
            "(d) python-jsonschema (formats)": (
                lambda: [list(validator.iter_errors(d)) for d in sample_docs],
                n_sample,
            ),
            "(d) check-jsonschema CLI": (
                lambda: _run([str(BIN / "check-jsonschema"), "--schemafile", str(schema_file), str(sample_array)]),
                n_sample,
            ),
        }
        measures["(e) jsonschema-rs, every error"] = (
            lambda: [list(rs_validator.iter_errors(d)) for d in sample_docs],
            n_sample,
        )
        timings: dict[str, list[float]] = {name: [] for name in measures}
        for _ in range(args.rounds):
            for name, (work, _count) in measures.items():
                start = time.perf_counter()
                work()
                timings[name].append(time.perf_counter() - start)
        startup = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "two-command Typer app --help": [sys.executable, "-c", TYPER_APP, "--help"],
            "peace-talks --help": [cli, "--help"],
            "peace-talks --version": [cli, "--version"],
        }
        start_times = {
            name: statistics.median(_run(argv) for _ in range(args.rounds)) for name, argv in startup.items()
        }
        small = folder / "small.json"
        small.write_text(json.dumps(records[:3], ensure_ascii=False), encoding="utf-8")
        small_times = {
            "peace-talks validate, one 3-record file": [cli, "validate", str(small), *base_opts],
            "check-jsonschema, the same file": [
                str(BIN / "check-jsonschema"),
                "--schemafile",
                str(schema_file),
                str(small),
            ],
        }
        start_times.update(
            {name: statistics.median(_run(argv) for _ in range(args.rounds)) for name, argv in small_times.items()}
        )
        rss: dict[str, float] = {}
        for megabytes in (float(m) for m in args.rss_mb.split(",")):
            big = folder / f"rss-{megabytes:g}.jsonl"
            count = _write_jsonl(big, megabytes, seed=11)
            label = f"{big.stat().st_size / 1e6:,.0f} MB JSONL ({count:,} records)"
            rss[f"peak RSS, CLI, {label}"] = _peak_rss_mb([cli, "validate", str(big), *base_opts])
            rss[f"peak RSS, CLI --no-cross-checks, {label}"] = _peak_rss_mb(
                [cli, "validate", str(big), *base_opts, "--no-cross-checks"]
            )
            big.unlink()

    rate = {name: measures[name][1] / statistics.median(times) for name, times in timings.items()}
    ceiling, fixed = rate["(a) pydantic validate_json per line"], rate[YARDSTICK]
    heading = (
        f"{n:,} records ({megabytes_n:,.1f} MB of JSONL), {args.rounds} interleaved rounds, medians; "
        f"{time.strftime('%Y-%m-%d')}, commit {_commit()}; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {_versions()}"
    )
    print(heading)
    print(f"{'measure':<48} {'records/s':>12} {'x Y':>8} {'x (a)':>8}")
    for name, value in rate.items():
        print(f"{name:<48} {value:>12,.0f} {value / fixed:>8.3f} {value / ceiling:>8.3f}")
    cost = statistics.median(timings["(c) CLI, 10%-invalid JSONL"]) / statistics.median(
        timings["(c) CLI, all-valid JSONL"]
    )
    print(f"{'cost of a 10%-invalid file vs all-valid':<48} {cost:>21.2f}x")
    for name, seconds in start_times.items():
        print(f"{name:<48} {seconds * 1000:>11.0f} ms")
    for name, megabytes in rss.items():
        print(f"{name:<72} {megabytes:>8.0f} MB")
    sizes = [megabytes for name, megabytes in rss.items() if name.startswith("peak RSS, CLI, ")]
    targets = [
        ("CLI JSONL, one process >= 0.20 Y", rate["(c) CLI process, JSONL"] / fixed, 0.20),
        ("CLI JSONL, --jobs 2 >= 0.33 Y", rate["(c) CLI process, JSONL, --jobs 2"] / fixed, 0.33),
        ("validate_paths, every rule >= 0.22 Y", rate["(b) validate_paths, with cross-record checks"] / fixed, 0.22),
        ("JSON array >= 0.90 of JSONL", rate["(c) CLI process, JSON array"] / rate["(c) CLI process, JSONL"], 0.90),
        ("peak RSS, every rule, largest / first <= 1.5", -sizes[-1] / sizes[0], -1.5),
        (
            "one small file <= 0.5 check-jsonschema",
            -start_times["peace-talks validate, one 3-record file"] / start_times["check-jsonschema, the same file"],
            -0.5,
        ),
        (
            "--help <= 1.1 a two-command Typer app",
            -start_times["peace-talks --help"] / start_times["two-command Typer app --help"],
            -1.1,
        ),
    ]
    print("targets (issue #19)")
    for label, value, bound in targets:
        print(f"{label:<48} {abs(value):>12.3f} {'met' if value >= bound else 'MISSED':>8}")
    if args.markdown is not None:
        table = _markdown(
            heading,
            rate=rate,
            fixed=fixed,
            ceiling=ceiling,
            cost=cost,
            start_times=start_times,
            rss=rss,
            targets=targets,
        )
        _write_between_markers(args.markdown, table)
    return 0


MARKERS = ("<!-- speed.py results: written by benchmarks/speed.py --markdown -->", "<!-- end of speed.py results -->")


def _markdown(
    heading: str,
    *,
    rate: dict[str, float],
    fixed: float,
    ceiling: float,
    cost: float,
    start_times: dict[str, float],
    rss: dict[str, float],
    targets: list[tuple[str, float, float]],
) -> str:
    """The results as Markdown: the heading, the rates, the times and memory, the targets."""
    lines = [heading, "", "| measure | records/s | x Y | x (a) |", "|---|---:|---:|---:|"]
    lines += [
        f"| {name} | {value:,.0f} | {value / fixed:.3f} | {value / ceiling:.3f} |" for name, value in rate.items()
    ]
    lines += ["", "| measure | value |", "|---|---:|", f"| cost of a 10%-invalid file vs all-valid | {cost:.2f}x |"]
    lines += [f"| {name} | {seconds * 1000:,.0f} ms |" for name, seconds in start_times.items()]
    lines += [f"| {name} | {megabytes:,.0f} MB |" for name, megabytes in rss.items()]
    lines += ["", "| target (issue #19) | measured | |", "|---|---:|---|"]
    lines += [
        f"| {label} | {abs(value):.3f} | {'met' if value >= bound else 'MISSED'} |" for label, value, bound in targets
    ]
    return "\n".join(lines)


def _write_between_markers(path: Path, table: str) -> None:
    """Replace what lies between the two `MARKERS` of the file with `table`."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(MARKERS[0]) + len(MARKERS[0]), text.index(MARKERS[1])
    path.write_text(f"{text[:start]}\n{table}\n{text[end:]}", encoding="utf-8")


def _commit() -> str:
    """The short hash of the checked-out commit ('unknown' outside a git work tree), with '+' if it has changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, check=False
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


if __name__ == "__main__":
    raise SystemExit(main())
