"""Refresh token rotation, replay detection, revocation."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.models.user import User
from tests.auth_helpers import PASSWORD


def login(client: TestClient, user: User) -> dict[str, Any]:
    form = {"grant_type": "password", "username": user.email, "password": PASSWORD}
    response = client.post("/auth/token", data=form)
    assert response.status_code == 200
    return dict(response.json())


def refresh(client: TestClient, token: str) -> Any:
    return client.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": token})


def test_rotation(client: TestClient, user: User) -> None:
    first = login(client, user)
    second = refresh(client, first["refresh_token"])
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert second.json()["scope"] == first["scope"]
    assert refresh(client, second.json()["refresh_token"]).status_code == 200


def test_replay_revokes_the_family(client: TestClient, user: User) -> None:
    first = login(client, user)
    second = refresh(client, first["refresh_token"]).json()
    replay = refresh(client, first["refresh_token"])
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    # The thief's (or the victim's) newer token died with the family.
    assert refresh(client, second["refresh_token"]).json()["error"] == "invalid_grant"


def test_replay_revokes_the_familys_access_tokens(client: TestClient, user: User) -> None:
    first = login(client, user)
    second = refresh(client, first["refresh_token"]).json()
    other = login(client, user)
    assert refresh(client, first["refresh_token"]).status_code == 400
    for tokens in (first, second):
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        response = client.get("/users/me", headers=bearer)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    # Another login of the same user is another family.
    bearer = {"Authorization": f"Bearer {other['access_token']}"}
    assert client.get("/users/me", headers=bearer).status_code == 200


def test_other_logins_survive_a_replay(client: TestClient, user: User) -> None:
    stolen, other = login(client, user), login(client, user)
    refresh(client, stolen["refresh_token"])
    refresh(client, stolen["refresh_token"])
    assert refresh(client, other["refresh_token"]).status_code == 200


def test_access_token_is_not_a_refresh_token(client: TestClient, user: User) -> None:
    tokens = login(client, user)
    assert refresh(client, tokens["access_token"]).json()["error"] == "invalid_grant"


def test_revoke(client: TestClient, user: User) -> None:
    tokens = login(client, user)
    assert client.post("/auth/revoke", data={"token": tokens["refresh_token"]}).status_code == 200
    assert refresh(client, tokens["refresh_token"]).status_code == 400
    assert client.post("/auth/revoke", data={"token": "unknown"}).status_code == 200
    assert client.post("/auth/revoke").status_code == 200


def test_revoke_reads_a_form_only(client: TestClient, user: User) -> None:
    # RFC 7009 §2.1: a multipart body (a file part included) is not read, so revokes nothing.
    tokens = login(client, user)
    files = {"file": ("a.txt", b"x" * 100, "text/plain")}
    response = client.post("/auth/revoke", data={"token": tokens["refresh_token"]}, files=files)
    assert (response.status_code, response.content) == (200, b"")
    assert refresh(client, tokens["refresh_token"]).status_code == 200


def test_revoked_access_token_is_refused(client: TestClient, user: User) -> None:
    tokens = login(client, user)
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/users/me", headers=bearer).status_code == 200
    assert client.post("/auth/revoke", data={"token": tokens["access_token"]}).status_code == 200
    response = client.get("/users/me", headers=bearer)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_password_change_revokes_refresh_tokens(client: TestClient, user: User) -> None:
    tokens = login(client, user)
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    wrong = client.post(
        "/users/me/password",
        json={"current_password": "not my passphrase", "new_password": "brand new passphrase"},
        headers=bearer,
    )
    assert wrong.status_code == 400
    changed = client.post(
        "/users/me/password",
        json={"current_password": PASSWORD, "new_password": "brand new passphrase"},
        headers=bearer,
    )
    assert changed.status_code == 204
    assert refresh(client, tokens["refresh_token"]).status_code == 400
    form = {"grant_type": "password", "username": user.email, "password": "brand new passphrase"}
    assert client.post("/auth/token", data=form).status_code == 200


def test_new_password_must_be_strong(client: TestClient, user: User) -> None:
    bearer = {"Authorization": f"Bearer {login(client, user)['access_token']}"}
    response = client.post(
        "/users/me/password",
        json={"current_password": PASSWORD, "new_password": "password1234"},
        headers=bearer,
    )
    assert response.status_code == 422


def test_expired_refresh_token(client: TestClient, user: User) -> None:
    from datetime import UTC, datetime, timedelta

    from app.models.refresh_token import RefreshToken

    tokens = login(client, user)
    with client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        for row in session.query(RefreshToken).all():
            row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        session.commit()
    assert refresh(client, tokens["refresh_token"]).json()["error"] == "invalid_grant"


def test_spend_is_atomic(client: TestClient, user: User) -> None:
    """Two requests that both read the token as live: only the first UPDATE spends it."""
    import pytest

    from app.crud import refresh_tokens

    tokens = login(client, user)
    sessions = client.app.state.sessionmaker  # type: ignore[attr-defined]
    with sessions() as late, sessions() as early:
        stale = refresh_tokens.find(late, tokens["refresh_token"])  # read before the spend
        assert stale is not None
        assert stale.used_at is None
        refresh_tokens.spend(early, tokens["refresh_token"])
        early.commit()
        with pytest.raises(refresh_tokens.RefreshError) as raised:
            refresh_tokens.spend(late, tokens["refresh_token"])
        assert raised.value.revoked_family == stale.family_id


def test_revoke_ends_the_access_tokens_of_every_session(client: TestClient, user: User) -> None:
    tokens, other = login(client, user), login(client, user)
    assert client.post("/auth/revoke", data={"token": tokens["refresh_token"]}).status_code == 200
    for access in (tokens["access_token"], other["access_token"]):
        response = client.get("/users/me", headers={"Authorization": f"Bearer {access}"})
        assert response.status_code == 401
    assert refresh(client, other["refresh_token"]).status_code == 400


def test_password_change_ends_every_access_token(client: TestClient, user: User) -> None:
    tokens, other = login(client, user), login(client, user)
    changed = client.post(
        "/users/me/password",
        json={"current_password": PASSWORD, "new_password": "brand new passphrase"},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert changed.status_code == 204
    for access in (tokens["access_token"], other["access_token"]):
        response = client.get("/users/me", headers={"Authorization": f"Bearer {access}"})
        assert response.status_code == 401
