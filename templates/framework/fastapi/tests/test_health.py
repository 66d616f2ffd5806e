from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.core.db import make_sessionmaker


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "RateLimit" not in response.headers


def test_ready(client: TestClient) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_without_database(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # A database file in a directory that cannot exist: every connection fails.
    broken = create_engine("sqlite:////nonexistent/dir/app.db")
    monkeypatch.setattr(client.app.state, "engine", broken)  # type: ignore[attr-defined]
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


def test_docs_page_relaxes_csp_for_itself_only(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn.jsdelivr.net" in docs.headers["content-security-policy"]
    assert client.get("/health").headers["content-security-policy"] == (
        "default-src 'none'; frame-ancestors 'none'"
    )


def test_database_down_mid_run_is_a_503_problem(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, headers_for: Any, user: Any
) -> None:
    # Every new connection fails, as when the server went away after start-up.
    broken = create_engine("sqlite:////nonexistent/dir/app.db")
    monkeypatch.setattr(client.app.state, "sessionmaker", make_sessionmaker(broken))  # type: ignore[attr-defined]
    response = client.get("/users/me", headers=headers_for(user))
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    body = response.json()
    assert body["status"] == 503
    assert "sqlite" not in response.text.lower()
    assert "nonexistent" not in response.text
