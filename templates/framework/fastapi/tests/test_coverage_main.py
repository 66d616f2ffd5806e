"""`python -m app` in-process: each way `main()` ends, with uvicorn.run replaced (no socket).

The subprocess tests elsewhere run the real entry point, but coverage does not see child
processes; these reach the same branches in the test process itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy.exc import OperationalError

import app.__main__ as entry
from app.core.config import Settings
from app.core.connections import BoundedH11Protocol


def test_invalid_configuration_exits_2_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    invalid: dict[str, Any] = {"port": "not-a-port"}
    monkeypatch.setattr(entry, "get_settings", lambda: Settings(_env_file=None, **invalid))
    assert entry.main() == 2
    assert capsys.readouterr().err == "error: invalid configuration: port\n"


def test_an_unreachable_database_is_one_line_without_details(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make_settings: Callable[..., Settings],
) -> None:
    def unreachable(app: FastAPI) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("secret-host:5432"))

    monkeypatch.setattr(entry, "get_settings", make_settings)
    monkeypatch.setattr(entry, "configure_logging", lambda level: None)
    monkeypatch.setattr("app.main.prepare", unreachable)
    monkeypatch.setattr(uvicorn, "run", pytest.fail)
    assert entry.main() == 1
    err = capsys.readouterr().err
    assert err == (
        "error: could not start: OperationalError"
        " (is DATABASE_URL right, and does the database answer?)\n"
    )


def test_serves_with_bounded_connections_and_no_server_header(
    monkeypatch: pytest.MonkeyPatch, make_settings: Callable[..., Settings]
) -> None:
    served: dict[str, Any] = {}

    def run(app: FastAPI, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr(entry, "get_settings", make_settings)
    monkeypatch.setattr(entry, "configure_logging", lambda level: None)
    monkeypatch.setattr(uvicorn, "run", run)
    assert entry.main() == 0
    assert isinstance(served["app"], FastAPI)
    assert served["http"] is BoundedH11Protocol
    assert (served["proxy_headers"], served["server_header"], served["access_log"]) == (
        False,
        False,
        False,
    )
    assert served["timeout_graceful_shutdown"] == 30
