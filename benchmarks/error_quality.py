"""Error quality, side by side: does each tool name the right field and the right problem?

Runs every defective record of `tests/error_quality/` (each with its exact expected finding) through
`peace-talks validate`, through python-jsonschema (with format checking) and through check-jsonschema, both on
the published JSON Schema (`schemas/record.schema.json`, the portable profile), and prints how often each tool
points at the expected field (JSON pointer) and names the expected kind of problem.

Run: `python -m pip install -e '.[bench]' && python benchmarks/error_quality.py [--details]`
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from peace_talks_model import validate_paths
from peace_talks_model.schema_export import published
from peace_talks_model.validation import Options

CASES = Path(__file__).resolve().parent.parent / "tests" / "error_quality"

#: JSON Schema keywords that express the problem a code names (codes without an entry cannot be expressed).
KEYWORDS: dict[str, set[str]] = {
    "PT110": {"discriminator", "oneOf", "anyOf", "const", "enum"},
    "PT111": {"required", "discriminator", "oneOf", "anyOf"},
    "PT112": {"additionalProperties", "unevaluatedProperties"},
    "PT113": {"required"},
    "PT114": {"type"},
    "PT201": {"enum", "const"},
    "PT202": {"pattern", "format"},
    "PT203": {"minLength", "maxLength", "minItems", "maxItems"},
    "PT204": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "PT205": {"pattern", "format"},
    "PT211": {"pattern", "format"},
    "PT230": {"pattern", "const", "enum"},
    "PT232": {"pattern", "enum"},
}


@dataclass
class Case:
    name: str
    path: Path
    document: Any
    expected: dict[str, Any]


@dataclass
class Verdict:
    field: bool
    problem: bool


def cases() -> Iterator[Case]:
    for expected_path in sorted(CASES.glob("*.expected.json")):
        name = expected_path.name.removesuffix(".expected.json")
        path = next((p for p in CASES.glob(name + ".*") if not p.name.endswith(".expected.json")), None)
        if path is None:
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        if not expected["findings"] or path.suffix != ".json":
            continue
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue  # broken files: no schema validator gets that far
        yield Case(name, path, document, expected)


def schema_for(document: Any, record_schema: dict[str, Any]) -> dict[str, Any]:
    defs = record_schema.get("$defs", {})
    # the record schema is embedded: without its own $id, or its "#/$defs/..." would resolve inside itself
    root = {k: v for k, v in record_schema.items() if k not in ("$defs", "$id", "$schema")}
    if isinstance(document, list):
        wrapped: dict[str, Any] = {"type": "array", "items": root}
    elif isinstance(document, dict) and "records" in document and "record_type" not in document:
        wrapped = {"type": "object", "properties": {"records": {"type": "array", "items": root}}}
    else:
        wrapped = root
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **wrapped, "$defs": defs}


def pointer_of(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def judge(
    expected: dict[str, Any],
    pointer: str | None,
    keyword: str | None,
    ours_code: str | None = None,
    message: str = "",
) -> Verdict:
    want = expected["findings"][0]
    field = pointer == want["pointer"]
    # a generic validator names unknown keys in the message of the parent object's error: count that as right
    parent, _, key = str(want["pointer"]).rpartition("/")
    if not field and keyword == "additionalProperties" and pointer == parent and f"'{key}'" in message:
        field = True
    if ours_code is not None:
        return Verdict(field, ours_code == want["code"])
    return Verdict(field, keyword in KEYWORDS.get(want["code"], set()))


#: check-jsonschema prints messages, not keywords: the keyword each message form comes from.
MESSAGE_KEYWORDS = (
    ("Additional properties are not allowed", "additionalProperties"),
    ("is a required property", "required"),
    ("is not of type", "type"),
    ("is not one of", "enum"),
    ("was expected", "const"),
    ("does not match", "pattern"),
    ("is too short", "minLength"),
    ("should be non-empty", "minItems"),
    ("is too long", "maxLength"),
    ("is less than the minimum", "minimum"),
    ("is greater than the maximum", "maximum"),
    ("is not a ", "format"),
    ("is not valid under any of the given schemas", "oneOf"),
)


def run_ours(case: Case) -> Verdict:
    args: list[str] = case.expected.get("args", [])
    ignore = args[args.index("--ignore") + 1].split(",") if "--ignore" in args else []
    options = Options(
        allow_external_refs="--allow-external-refs" in args, ignore=frozenset(ignore), strict="--strict" in args
    )
    report = validate_paths([case.path], options)
    first = report.findings[0] if report.findings else None
    return judge(case.expected, first.pointer if first else None, None, first.code if first else "-")


def run_jsonschema(case: Case, schema: dict[str, Any]) -> Verdict:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    error: ValidationError | None = best_match(validator.iter_errors(case.document))
    if error is None:
        return Verdict(False, False)
    return judge(case.expected, pointer_of(error.absolute_path), str(error.validator), message=error.message)


def run_check_jsonschema(case: Case, schema: dict[str, Any], tool: str) -> Verdict:
    with tempfile.TemporaryDirectory() as tmp:
        schema_path = Path(tmp) / "schema.json"
        schema_path.write_text(json.dumps(schema), encoding="utf-8")
        done = subprocess.run(
            [
                tool,
                "--schemafile",
                str(schema_path),
                "--output-format",
                "json",
                "--traceback-mode",
                "short",
                str(case.path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        errors = json.loads(done.stdout).get("errors", [])
    except ValueError:
        return Verdict(False, False)
    if not errors:
        return Verdict(False, False)
    best = errors[0].get("best_match") or errors[0]
    path = str(best.get("path", "$"))
    pointer = "".join(
        "/" + part for part in path.removeprefix("$").replace("[", ".").replace("]", "").split(".") if part
    )
    message = str(best.get("message", ""))
    keyword = next((k for text, k in MESSAGE_KEYWORDS if text in message), None)
    return judge(case.expected, pointer, keyword, message=message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every case's verdicts")
    args = parser.parse_args(argv)
    record_schema = published("record.schema.json")
    beside = Path(sys.executable).parent / "check-jsonschema"
    tool = str(beside) if beside.exists() else shutil.which("check-jsonschema")
    tools = ["peace-talks", "python-jsonschema"] + (["check-jsonschema"] if tool else [])
    totals = {t: [0, 0, 0] for t in tools}
    count = 0
    for case in cases():
        schema = schema_for(case.document, record_schema)
        verdicts = {"peace-talks": run_ours(case), "python-jsonschema": run_jsonschema(case, schema)}
        if tool:
            verdicts["check-jsonschema"] = run_check_jsonschema(case, schema, tool)
        count += 1
        for name, v in verdicts.items():
            totals[name][0] += v.field
            totals[name][1] += v.problem
            totals[name][2] += v.field and v.problem
        if args.details:
            marks = "  ".join(f"{n}: {'F' if v.field else '-'}{'P' if v.problem else '-'}" for n, v in verdicts.items())
            print(f"{case.name:<50} {case.expected['findings'][0]['code']}  {marks}")
    print(f"{count} defective records (tests/error_quality, one expected finding each; broken JSON excluded)")
    print(f"{'tool':<20} {'right field':>12} {'right problem':>14} {'both':>8}")
    for name, (field, problem, both) in totals.items():
        print(f"{name:<20} {field / count:>11.0%} {problem / count:>14.0%} {both / count:>8.0%}")
    if not tool:
        print("(check-jsonschema not installed: python -m pip install -e '.[bench]')", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
