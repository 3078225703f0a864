"""Writing imported records: whole files or nothing."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_jsonl(target: Path, records: Iterable[dict[str, Any]]) -> int:
    """Stream records into a temporary file beside `target`, renamed over it once complete: a failing run leaves
    no partial file (and any old `target` as it was). Returns the number of records written; writes nothing
    when there are none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    count = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        if count:
            os.replace(temporary, target)
        else:
            Path(temporary).unlink()
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
