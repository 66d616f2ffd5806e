"""Headers, errors and protocol details every response must get right."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.models.user import User

Headers = Callable[..., dict[str, str]]

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-resource-policy": "same-origin",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
}


def assert_secure(response_headers: object) -> None:
    headers = dict(response_headers)  # type: ignore[call-overload]
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    assert "server" not in headers
    assert "x-powered-by" not in headers


def test_security_headers_everywhere(client: TestClient) -> None:
    for response in (
        client.get("/health"),
        client.get("/nowhere"),
        client.get("/items"),
        client.delete("/health"),
    ):
        assert_secure(response.headers)
        assert response.headers["cache-control"] == "no-store"


def test_not_found_is_a_problem(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == 404


def test_method_not_allowed_lists_every_method(client: TestClient) -> None:
    response = client.put("/items")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) >= {"GET", "POST"}
    response = client.put("/items/00000000-0000-0000-0000-000000000000")
    assert set(response.headers["allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}


def test_trace_is_never_echoed(client: TestClient) -> None:
    response = client.request("TRACE", "/items", headers={"X-Secret": "echo-me"})
    assert response.status_code == 405
    assert "echo-me" not in response.text


def test_request_id_is_echoed_when_safe(client: TestClient) -> None:
    assert (
        client.get("/health", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    generated = client.get("/health", headers={"X-Request-ID": "bad id<script>"})
    assert generated.headers["x-request-id"] != "bad id"
    assert generated.headers["x-request-id"].isalnum()


def test_cors_off_by_default(client: TestClient) -> None:
    response = client.get("/health", headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_listed_origins_only(make_client: Callable[..., TestClient]) -> None:
    client = make_client(cors_origins=["https://app.example"])
    allowed = client.get("/health", headers={"Origin": "https://app.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "Origin" in allowed.headers["vary"]
    assert "access-control-allow-credentials" not in allowed.headers
    denied = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in denied.headers


def test_unhandled_errors_are_generic(client: TestClient) -> None:
    def boom() -> None:
        raise RuntimeError("SELECT secret FROM /etc/passwd")

    client.app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "SELECT" not in response.text
    assert "RuntimeError" not in response.text
    assert_secure(response.headers)


def test_cors_preflight(make_client: Callable[..., TestClient]) -> None:
    client = make_client(cors_origins=["https://app.example"])
    asked = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    ok = client.options("/items", headers={"Origin": "https://app.example", **asked})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "https://app.example"
    assert "POST" in ok.headers["access-control-allow-methods"]
    assert "x-request-id" in ok.headers["access-control-allow-headers"].lower()
    assert_secure(ok.headers)
    denied = client.options("/items", headers={"Origin": "https://evil.example", **asked})
    assert not [h for h in denied.headers if h.lower().startswith("access-control-")]
    put = {"Access-Control-Request-Method": "PUT"}
    refused = client.options("/items", headers={"Origin": "https://app.example", **put})
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    assert not [h for h in refused.headers if h.lower().startswith("access-control-")]


def test_openapi_json_has_a_charset(client: TestClient) -> None:
    assert client.get("/openapi.json").headers["content-type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("body", [b'{"name": ', b'{"name": "x", "price": NaN}', b"Infinity"])
def test_malformed_json_is_400(
    client: TestClient, user: User, headers_for: Headers, body: bytes
) -> None:
    headers = {**headers_for(user), "Content-Type": "application/json"}
    response = client.post("/items", content=body, headers=headers)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_body_limit(
    make_client: Callable[..., TestClient], user: User, headers_for: Headers
) -> None:
    client = make_client(max_body_bytes=100)
    response = client.post("/items", json={"name": "x" * 150}, headers=headers_for(user))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"

    def chunks() -> object:
        yield b'{"name": "'
        yield b"x" * 200
        yield b'"}'

    streamed = client.post(
        "/items",
        content=chunks(),
        headers={**headers_for(user), "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413


def test_routes_need_a_token(client: TestClient) -> None:
    response = client.get("/items")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"
