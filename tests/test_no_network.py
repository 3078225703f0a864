"""No network, proven: validation, schema export and checking records against the published schema with
python-jsonschema all run with every socket operation made to fail."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path
from typing import Any, NoReturn

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from peace_talks_model.cli import app
from peace_talks_model.schema_export import published
from tests.conftest import EXAMPLES

runner = CliRunner()


class NetworkUsedError(AssertionError):
    """Raised by every socket operation during these tests."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> NoReturn:
            attempts.append(name)
            raise NetworkUsedError(f"network used: socket.{name}{args[:2]}")

        return fail

    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(name))
    return attempts


def test_sockets_are_really_disabled(no_network: list[str]) -> None:
    with pytest.raises(Exception, match="network used"):
        urllib.request.urlopen("http://example.com", timeout=1)
    assert no_network


def test_validate_export_and_schema_check_use_no_network(no_network: list[str], tmp_path: Path) -> None:
    for args in (
        ["validate", str(EXAMPLES / "valid"), "-q"],
        ["validate", str(EXAMPLES / "invalid"), "-q", "--jobs", "2"],
        ["schema", "export", "--out", str(tmp_path / "schemas")],
        ["schema", "export", "--check"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1, 3), (args, result.output)
        assert "network used" not in result.output
    # the exported schemas are self-contained: every example validates with no $ref resolved remotely
    schema = json.loads((tmp_path / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
    assert schema == published("record.schema.json")
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for path in sorted((EXAMPLES / "valid").rglob("*.json"))[:10]:
        data = json.loads(path.read_text(encoding="utf-8"))
        for record in data if isinstance(data, list) else [data]:
            assert not list(validator.iter_errors(record))
    assert no_network == []
