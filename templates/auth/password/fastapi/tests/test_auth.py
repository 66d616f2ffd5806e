"""Registration and the OAuth2 token endpoint (password grant)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi.testclient import TestClient

from app.core.scopes import allowed_scopes
from app.models.user import User
from tests.auth_helpers import PASSWORD


def register(client: TestClient, **body: object) -> httpx.Response:
    response: httpx.Response = client.post("/auth/register", json={"password": PASSWORD, **body})
    return response


def login(
    client: TestClient, username: str, password: str = PASSWORD, **extra: str
) -> httpx.Response:
    form = {"grant_type": "password", "username": username, "password": password, **extra}
    response: httpx.Response = client.post("/auth/token", data=form)
    return response


def test_register(client: TestClient) -> None:
    response = client.post(
        "/auth/register",
        json={"email": "  Ada@Example.TEST ", "password": PASSWORD, "full_name": "Ada"},
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "email", "full_name", "role", "is_active", "created_at"}
    assert body["email"] == "ada@example.test"
    assert (body["role"], body["is_active"]) == ("user", True)


def test_duplicate_email_is_409(client: TestClient) -> None:
    assert register(client, email="a@example.test").status_code == 201
    response = register(client, email="A@EXAMPLE.TEST")
    assert response.status_code == 409


@pytest.mark.parametrize(
    "password", ["short", "x" * 129, "password1234", "PASSWORD1234", "nul\u0000in the middle"]
)
def test_weak_passwords_are_422(client: TestClient, password: str) -> None:
    response = client.post("/auth/register", json={"email": "b@example.test", "password": password})
    assert response.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "password": PASSWORD},
        {"email": "c@example.test", "password": PASSWORD, "role": "admin"},
        {"email": "c@example.test", "password": PASSWORD, "is_active": False},
        {"email": "c@example.test"},
    ],
)
def test_register_validation(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/auth/register", json=body).status_code == 422


def test_registration_can_be_closed(make_client: Callable[..., TestClient]) -> None:
    client = make_client(allow_registration=False)
    response = client.post("/auth/register", json={"email": "d@example.test", "password": PASSWORD})
    assert response.status_code == 404
    assert response.json() == client.get("/nowhere").json()


def test_password_grant(client: TestClient, user: User) -> None:
    response = login(client, user.email)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert body["scope"] == " ".join(sorted(allowed_scopes("user")))
    assert len(body["refresh_token"]) >= 43
    assert response.headers["cache-control"] == "no-store"
    me = client.get("/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["email"] == user.email


def test_wrong_password_and_unknown_user_look_the_same(client: TestClient, user: User) -> None:
    wrong = login(client, user.email, "not the right passphrase")
    unknown = login(client, "nobody@example.test")
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/json")
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"] == "invalid_grant"


def test_requested_scopes_are_intersected(client: TestClient, user: User, admin: User) -> None:
    assert login(client, user.email, scope="items:read").json()["scope"] == "items:read"
    assert login(client, user.email, scope="items:read users:admin").json()["scope"] == (
        "items:read"
    )
    assert "users:admin" in login(client, admin.email).json()["scope"]
    unknown = login(client, user.email, scope="items:read root")
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "invalid_scope"


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({}, "invalid_request"),
        ({"grant_type": "password", "username": "x@example.test"}, "invalid_request"),
        ({"grant_type": "refresh_token"}, "invalid_request"),
    ],
)
def test_token_endpoint_errors(client: TestClient, form: dict[str, str], error: str) -> None:
    response = client.post("/auth/token", data=form)
    assert response.status_code == 400
    assert response.json()["error"] == error
    assert set(response.json()) == {"error", "error_description"}


def test_disabled_user_cannot_log_in(client: TestClient, make_user: Callable[..., User]) -> None:
    disabled = make_user(is_active=False)
    assert login(client, disabled.email).json()["error"] == "invalid_grant"


def test_old_hash_parameters_are_upgraded_on_login(
    make_client: Callable[..., TestClient], make_user: Callable[..., User]
) -> None:
    user = make_user()
    client = make_client(argon2_time_cost=2)
    assert login(client, user.email).status_code == 200
    with client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        stored = session.get(User, user.id)
        assert stored is not None
        assert stored.hashed_password is not None
        assert "t=2" in stored.hashed_password


def test_openapi_has_oauth2_password_flow(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    schemes = document["components"]["securitySchemes"]
    flow = next(iter(schemes.values()))["flows"]["password"]
    assert flow["tokenUrl"] == "/auth/token"
    assert {"items:read", "items:write", "users:admin"} <= set(flow["scopes"])
