"""Fixtures to build on: `client`, `make_client`, `user`, `admin`, `token_for`, `headers_for`.

The suite runs against TEST_DATABASE_URL when set (tables are created there and wiped after
each test), otherwise against a throwaway SQLite file; never against the development data.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import run_migrations
from app.main import create_app
from app.models import Base
from app.models.user import User
from tests import auth_helpers


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    run_migrations(url)
    return url


@pytest.fixture(scope="session")
def auth_settings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return auth_helpers.settings_for_tests(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def make_settings(database_url: str, auth_settings: dict[str, Any]) -> Callable[..., Settings]:
    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "app_env": "test",
            "database_url": database_url,
            "migrate_on_start": False,
            "rate_limit_per_minute": 10_000,
            "cors_origins": [],
            "trust_proxy": None,
            "redis_url": None,  # per-test counters: each app gets a fresh in-memory store
            **auth_settings,
            **overrides,
        }
        return Settings(_env_file=None, **values)

    return build


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


def _wipe(app: FastAPI) -> None:
    with app.state.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def make_client(make_settings: Callable[..., Settings]) -> Iterator[Callable[..., TestClient]]:
    """A client for an app built with overrides: `make_client(rate_limit_per_minute=3)`."""
    opened: list[TestClient] = []

    def build(**overrides: Any) -> TestClient:
        client = TestClient(create_app(make_settings(**overrides)))
        client.__enter__()
        opened.append(client)
        return client

    yield build
    for client in opened:
        client.__exit__(None, None, None)
    if opened:
        _wipe(opened[0].app)  # type: ignore[arg-type]


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    _wipe(application)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def session(app: FastAPI) -> Iterator[Session]:
    with app.state.sessionmaker() as db_session:
        yield db_session


@pytest.fixture
def make_user(app: FastAPI) -> Callable[..., User]:
    counter = iter(range(1_000_000))

    def build(role: str = "user", email: str | None = None, **fields: Any) -> User:
        email = email or f"{role}{next(counter)}@example.test"
        return auth_helpers.create_user(app, email=email, role=role, **fields)

    return build


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user("user")


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user("admin")


@pytest.fixture
def token_for(settings: Settings) -> Callable[..., str]:
    """An access token for a user; scopes default to everything the role allows."""

    def issue(user: User, scopes: list[str] | None = None, **claims: Any) -> str:
        return auth_helpers.access_token(settings, user, scopes, **claims)

    return issue


@pytest.fixture
def headers_for(token_for: Callable[..., str]) -> Callable[..., dict[str, str]]:
    def build(user: User, scopes: list[str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(user, scopes)}"}

    return build
