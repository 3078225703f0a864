"""One defect, one finding: its consequences are not reported again.

The rule (stated in docs/validate.md): a defect gives one finding, at the defect. What follows from it is not a new
finding: a reference to a record that is present but invalid, or that sits in a file or line that could not be
read as JSON, is not reported missing (`RunFacts.unsure`); the failing members of a union at one value give one
finding; a misspelt key is not also a missing field. Checked three ways:
- every invalid example (examples/invalid, one `# Defect:` line each) has at most one finding per defect;
- every case of the error-quality corpus (tests/error_quality, one defect each unless listed in `DEFECTS`);
- the bundled examples (examples/valid, 498 records; `actor:taliban` is referred to 158 times) with one defect
  put into the most referred-to record, or into the file holding it: exactly one finding each time.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from peace_talks_model import validate_paths
from tests.conftest import EXAMPLES, example_files
from tests.test_error_quality import case_names, load_expected

#: Error-quality cases with more than one defect (the others have one).
DEFECTS = {
    "record-several-errors-in-one-record": 3,  # a wrong value, an impossible date, an unknown country code
    "record-errors-in-two-records": 2,  # one defect in each of two records
    "file-array-of-ids": 2,  # two ids written where two records belong
    "warn-outside-basis-uncited": 4,  # an uncited publication date, a place with no source, one not cited, a relation
    "field-unknown-abbreviations": 2,  # 'lat' and 'lng'
    "file-missing-comma-between-records": 2,  # the missing comma, and a record that cites no evidence (a warning)
}


@pytest.mark.parametrize("path", example_files("invalid"), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_an_invalid_example_has_at_most_one_finding_per_defect(path: Path) -> None:
    text = path.with_name(path.name.rsplit(".", 1)[0] + ".errors.txt").read_text(encoding="utf-8")
    defects = sum(line.startswith("# Defect") for line in text.splitlines())
    findings = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert defects >= 1
    assert len(findings) <= defects, text


@pytest.mark.parametrize("name", case_names())
def test_an_error_quality_case_has_at_most_one_finding_per_defect(name: str) -> None:
    assert len(load_expected(name)["findings"]) <= DEFECTS.get(name, 1)


ACTORS = "afghanistan-2019-2020/actors.json"
TARGET = "actor:taliban"


def _broken(record: dict[str, Any]) -> None:
    record["kind"] = "State"


def _unnamed(record: dict[str, Any]) -> None:
    del record["name"]


def _misspelt(record: dict[str, Any]) -> None:
    record["nmae"] = record.pop("name")


def _newer_version(record: dict[str, Any]) -> None:
    record["schema_version"] = "1.9"


@pytest.mark.parametrize("defect", [_broken, _unnamed, _misspelt, _newer_version], ids=lambda f: f.__name__[1:])
def test_a_defect_in_the_most_referred_to_record_is_one_finding(defect: Any, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLES / "valid", tmp_path / "valid")
    actors = folder / ACTORS
    records = json.loads(actors.read_text(encoding="utf-8"))
    defect(next(r for r in records if r["id"] == TARGET))
    actors.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    report = validate_paths([folder])
    assert [(f.code, f.record_id) for f in report.findings] == [(report.findings[0].code, TARGET)]
    assert report.records - report.valid_records == 1


@pytest.mark.parametrize("where", ["inside a record", "after the last record"])
def test_a_file_that_is_not_json_is_one_finding_whatever_refers_to_it(where: str, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLES / "valid", tmp_path / "valid")
    actors = folder / ACTORS
    text = actors.read_text(encoding="utf-8")
    at = text.index('"kind"') if where == "inside a record" else text.rindex("}") + 1
    end = text.index("\n", at) if where == "inside a record" else at
    actors.write_text(text[:end] + ",," + text[end:], encoding="utf-8")
    report = validate_paths([folder])
    assert [(f.code, f.file) for f in report.findings] == [("PT102", str(actors))]
    assert report.exit_code == 3
