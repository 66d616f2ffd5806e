from __future__ import annotations

from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient

from app.models.user import User
from tests.auth_helpers import PASSWORD


def attempt(client: TestClient, username: str, password: str, ip: str = "1.1.1.1") -> int:
    form = {"grant_type": "password", "username": username, "password": password}
    response: httpx.Response = client.post(
        "/auth/token", data=form, headers={"X-Forwarded-For": ip}
    )
    return response.status_code


def test_lockout_after_max_failures(
    make_client: Callable[..., TestClient], make_user: Callable[..., User]
) -> None:
    user = make_user()
    client = make_client(login_max_failures=3, trust_proxy="1")
    statuses = [attempt(client, user.email, "wrong passphrase!", ip=f"9.9.9.{n}") for n in range(3)]
    assert statuses == [400, 400, 400]
    # Locked whatever the IP, even with the right password.
    locked = client.post(
        "/auth/token",
        data={"grant_type": "password", "username": user.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "8.8.8.8"},
    )
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0


def test_unknown_usernames_lock_the_same_way(make_client: Callable[..., TestClient]) -> None:
    client = make_client(login_max_failures=2)
    assert [attempt(client, "ghost@example.test", "whatever passphrase") for _ in range(3)] == [
        400,
        400,
        429,
    ]


def test_success_resets_the_count(
    make_client: Callable[..., TestClient], make_user: Callable[..., User]
) -> None:
    user = make_user()
    client = make_client(login_max_failures=2)
    assert attempt(client, user.email, "wrong passphrase!") == 400
    assert attempt(client, user.email, PASSWORD) == 200
    assert attempt(client, user.email, "wrong passphrase!") == 400
    assert attempt(client, user.email, PASSWORD) == 200


def test_wrong_current_passwords_lock_the_account(
    make_client: Callable[..., TestClient],
    make_user: Callable[..., User],
    headers_for: Callable[..., dict[str, str]],
) -> None:
    """A stolen access token cannot guess the password through /users/me/password."""
    user = make_user()
    client = make_client(login_max_failures=2)
    bearer = headers_for(user)

    def change(current: str) -> int:
        body = {"current_password": current, "new_password": "brand new passphrase"}
        response: httpx.Response = client.post("/users/me/password", json=body, headers=bearer)
        return response.status_code

    assert [change("wrong passphrase!") for _ in range(2)] == [400, 400]
    assert change(PASSWORD) == 429  # locked, right password or not
    assert attempt(client, user.email, PASSWORD) == 429  # the same account lock as logins
