"""Access token verification: every way a token can be wrong is a 401."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.security import _key
from app.models.user import User
from tests.auth_helpers import PASSWORD


def forge(
    settings: Settings, user: User, header: dict[str, Any] | None = None, **claims: Any
) -> str:
    now = datetime.now(UTC)
    payload: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(user.id),
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
        "jti": uuid.uuid4().hex,
        "scope": "items:read",
        **claims,
    }
    payload = {k: v for k, v in payload.items() if v is not None}
    headers = {"typ": "at+jwt", **(header or {})}
    return jwt.encode(
        payload,
        _key(settings, private=True),  # type: ignore[arg-type]
        algorithm=settings.jwt_algorithm,
        headers=headers,
    )


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def get_me(client: TestClient, token: str) -> Any:
    return client.get("/items", headers={"Authorization": f"Bearer {token}"})


def test_valid_forged_token_works(client: TestClient, settings: Settings, user: User) -> None:
    assert get_me(client, forge(settings, user)).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"iss": "someone-else"},
        {"aud": "another-api"},
        {"exp": datetime.now(UTC) - timedelta(minutes=2)},
        {"nbf": datetime.now(UTC) + timedelta(minutes=5)},
        {"exp": None},
        {"jti": None},
        {"sub": "not-a-uuid"},
        {"sub": str(uuid.uuid4())},
    ],
)
def test_bad_claims_are_401(
    client: TestClient, settings: Settings, user: User, change: dict[str, Any]
) -> None:
    response = get_me(client, forge(settings, user, **change))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


IN_FIVE_MINUTES = int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())


@pytest.mark.parametrize(
    "change",
    [
        {"exp": str(IN_FIVE_MINUTES)},
        {"exp": 1e30},
        {"exp": True},
        {"exp": [IN_FIVE_MINUTES]},
        {"nbf": str(IN_FIVE_MINUTES - 300)},
        {"iat": str(IN_FIVE_MINUTES - 300)},
        {"sub": 12345},
        {"jti": 12345},
        {"scope": ["items:read"]},
    ],
)
def test_claims_of_the_wrong_type_are_401(
    client: TestClient, settings: Settings, user: User, change: dict[str, Any]
) -> None:
    """Correctly signed, but a registered claim has the wrong JSON type."""
    response = get_me(client, forge(settings, user, **change))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_clock_skew_up_to_a_minute_is_allowed(
    client: TestClient, settings: Settings, user: User
) -> None:
    token = forge(settings, user, exp=datetime.now(UTC) - timedelta(seconds=30))
    assert get_me(client, token).status_code == 200


@pytest.mark.parametrize("header", [{"typ": "JWT"}, {"typ": None}, {"crit": ["exp"]}])
def test_bad_headers_are_401(
    client: TestClient, settings: Settings, user: User, header: dict[str, Any]
) -> None:
    token = forge(settings, user, header=header)
    if header.get("typ", "x") is None:  # drop typ entirely
        head, body, sig = token.split(".")
        parsed = json.loads(base64.urlsafe_b64decode(head + "=="))
        parsed.pop("typ", None)
        token = f"{b64(parsed)}.{body}.{sig}"
    assert get_me(client, token).status_code == 401


def test_alg_none_and_wrong_signatures_are_401(
    client: TestClient, settings: Settings, user: User
) -> None:
    token = forge(settings, user)
    head, body, sig = token.split(".")
    unsigned = f"{b64({'alg': 'none', 'typ': 'at+jwt'})}.{body}."
    tampered = f"{head}.{body}.{sig[:-4]}AAAA"
    other_key = jwt.encode(
        json.loads(base64.urlsafe_b64decode(body + "==")),
        "another-secret-that-is-long-enough-for-hs256",
        algorithm="HS256",
        headers={"typ": "at+jwt"},
    )
    for bad in (unsigned, tampered, other_key, "garbage", ""):
        assert get_me(client, bad).status_code == 401


def test_refresh_token_is_not_a_bearer_token(client: TestClient, user: User) -> None:
    form = {"grant_type": "password", "username": user.email, "password": PASSWORD}
    tokens = client.post("/auth/token", data=form).json()
    assert get_me(client, tokens["refresh_token"]).status_code == 401


def test_scope_is_required(
    client: TestClient, user: User, headers_for: Callable[..., dict[str, str]]
) -> None:
    response = client.post("/items", json={"name": "x"}, headers=headers_for(user, ["items:read"]))
    assert response.status_code == 403
    assert response.headers["www-authenticate"] == (
        'Bearer error="insufficient_scope", scope="items:write"'
    )
