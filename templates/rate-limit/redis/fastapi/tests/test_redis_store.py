"""The Redis rate-limit store: required, shared between instances, and failing closed.

Tests that need a live Redis run when TEST_REDIS_URL is set (each uses a key prefix of its
own); the others point REDIS_URL at a closed port.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings, startup_problems
from app.models.user import User
from tests.auth_helpers import PASSWORD

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LIVE_REDIS = os.environ.get("TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(not LIVE_REDIS, reason="set TEST_REDIS_URL to a Redis to use")


def test_redis_url_is_required_outside_tests() -> None:
    for env in ("development", "production"):
        settings = Settings(_env_file=None, app_env=env, redis_url=None)
        assert any("REDIS_URL" in problem for problem in startup_problems(settings))


def test_unreachable_store_fails_closed(
    make_client: Callable[..., TestClient], user: User, headers_for: Callable[..., Any]
) -> None:
    client = make_client(redis_url=DEAD_REDIS)
    form = {"grant_type": "password", "username": user.email, "password": PASSWORD}
    for response in (
        client.post("/auth/token", data=form),
        client.get("/items", headers=headers_for(user)),
        client.get("/health/ready"),
    ):
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert "redis" not in response.text.lower()
    assert client.get("/health").status_code == 200  # liveness does not use the store


@needs_redis
def test_instances_sharing_redis_share_one_limit(make_client: Callable[..., TestClient]) -> None:
    prefix = f"test-{uuid.uuid4().hex}"
    one, two = (
        make_client(redis_url=LIVE_REDIS, redis_key_prefix=prefix, rate_limit_per_minute=6)
        for _ in range(2)
    )
    statuses = [(one if n % 2 else two).get("/health/ready").status_code for n in range(12)]
    assert statuses.count(200) == 6
    assert statuses.count(429) == 6


@needs_redis
def test_concurrent_wrong_passwords_get_at_most_the_allowed_checks(
    make_client: Callable[..., TestClient], user: User
) -> None:
    prefix = f"test-{uuid.uuid4().hex}"
    clients = [
        make_client(redis_url=LIVE_REDIS, redis_key_prefix=prefix, login_max_failures=3)
        for _ in range(2)
    ]
    form = {"grant_type": "password", "username": user.email, "password": "wrong passphrase!"}

    def attempt(n: int) -> int:
        response: httpx.Response = clients[n % 2].post("/auth/token", data=form)
        return response.status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(attempt, range(16)))
    assert statuses.count(400) == 3  # the counter is atomic: never more than 3 guesses
    assert statuses.count(429) == 13
