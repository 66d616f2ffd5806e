from __future__ import annotations

import ipaddress
from collections.abc import Callable

from fastapi.testclient import TestClient

from app.core.ratelimit import client_bucket, client_ip
from app.models.user import User


def test_headers_on_every_limited_response(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=5)
    first = client.get("/nowhere")
    assert first.headers["ratelimit-policy"] == '"default";q=5;w=60'
    assert first.headers["ratelimit"].startswith('"default";r=4;t=')
    assert client.post("/items").headers["ratelimit"].startswith('"default";r=3;t=')


def test_flood_gets_429_without_running_the_handler(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(rate_limit_per_minute=3)
    statuses = [client.get("/items").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    limited = client.get("/items")
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["ratelimit"].startswith('"default";r=0;t=')
    # Health checks are never limited.
    assert client.get("/health").status_code == 200


def test_users_are_limited_by_id_not_ip(
    make_client: Callable[..., TestClient],
    make_user: Callable[..., User],
    headers_for: Callable[..., dict[str, str]],
) -> None:
    client = make_client(rate_limit_per_minute=2)
    alice, bob = headers_for(make_user()), headers_for(make_user())
    assert [client.get("/users/me", headers=alice).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert client.get("/users/me", headers=bob).status_code == 200


def test_forwarded_for_is_ignored_by_default(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=1)
    assert client.get("/nowhere", headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 404
    assert client.get("/nowhere", headers={"X-Forwarded-For": "2.2.2.2"}).status_code == 429


def test_forwarded_for_with_trusted_hops(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=1, trust_proxy="1")
    assert client.get("/nowhere", headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 404
    assert client.get("/nowhere", headers={"X-Forwarded-For": "2.2.2.2"}).status_code == 404
    assert client.get("/nowhere", headers={"X-Forwarded-For": "2.2.2.2"}).status_code == 429


def test_client_ip_resolution() -> None:
    nets = [ipaddress.ip_network("10.0.0.0/8")]
    assert client_ip("10.0.0.1", ["6.6.6.6, 5.5.5.5"], None, []) == "10.0.0.1"
    assert client_ip("10.0.0.1", ["6.6.6.6, 5.5.5.5"], 1, []) == "5.5.5.5"
    assert client_ip("10.0.0.1", ["6.6.6.6, 5.5.5.5"], 2, []) == "6.6.6.6"
    assert client_ip("10.0.0.1", ["6.6.6.6, 5.5.5.5, 10.1.1.1"], None, nets) == "5.5.5.5"
    assert client_ip("7.7.7.7", ["6.6.6.6"], None, nets) == "7.7.7.7"


def test_a_token_buys_no_budget_on_routes_that_do_not_authenticate(
    make_client: Callable[..., TestClient],
    make_user: Callable[..., User],
    headers_for: Callable[..., dict[str, str]],
) -> None:
    client = make_client(rate_limit_per_minute=2)
    spent = [client.get("/health/ready").status_code for _ in range(2)]
    assert spent == [200, 200]
    token = headers_for(make_user())
    assert client.get("/health/ready", headers=token).status_code == 429  # still the IP's
    assert client.get("/users/me", headers=token).status_code == 200  # the user's own


def test_client_buckets() -> None:
    assert client_bucket("203.0.113.7") == "203.0.113.7"
    assert client_bucket("::ffff:203.0.113.7") == "203.0.113.7"
    assert client_bucket("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert client_bucket("[2001:db8:1:2::9]") == "2001:db8:1:2::/64"
    assert client_bucket("unknown") == "unknown"
