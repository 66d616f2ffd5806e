"""/users/me and the admin routes: who may change what, and that changes bite at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.models.user import User

Headers = Callable[..., dict[str, str]]


def test_me(client: TestClient, user: User, headers_for: Headers) -> None:
    me = client.get("/users/me", headers=headers_for(user))
    assert me.status_code == 200
    assert me.json()["id"] == str(user.id)
    assert me.headers["cache-control"] == "no-store"


def test_update_me(client: TestClient, user: User, headers_for: Headers) -> None:
    response = client.patch("/users/me", json={"full_name": "New Name"}, headers=headers_for(user))
    assert response.status_code == 200
    assert response.json()["full_name"] == "New Name"


@pytest.mark.parametrize(
    "body",
    [{"role": "admin"}, {"is_active": False}, {"email": "x@example.test"}, {"id": "x"}],
)
def test_me_cannot_grant_itself_anything(
    client: TestClient, user: User, headers_for: Headers, body: dict[str, object]
) -> None:
    assert client.patch("/users/me", json=body, headers=headers_for(user)).status_code == 422


def test_admin_routes_need_the_scope(
    client: TestClient, user: User, admin: User, headers_for: Headers
) -> None:
    assert client.get("/admin/users", headers=headers_for(user)).status_code == 403
    assert client.get("/admin/users", headers=headers_for(admin, ["items:read"])).status_code == 403
    page = client.get("/admin/users?limit=1", headers=headers_for(admin))
    assert page.status_code == 200
    assert (page.json()["total"], page.json()["limit"], len(page.json()["items"])) == (2, 1, 1)


def test_user_token_with_admin_scope_is_cut_to_the_role(
    client: TestClient, user: User, headers_for: Headers
) -> None:
    forged_scope = headers_for(user, ["users:admin", "items:read"])
    assert client.get("/admin/users", headers=forged_scope).status_code == 403


def test_demoted_admin_loses_admin_at_once(
    client: TestClient, admin: User, make_user: Callable[..., User], headers_for: Headers
) -> None:
    other_admin = make_user("admin")
    token = headers_for(admin)
    demote = client.patch(
        f"/admin/users/{admin.id}", json={"role": "user"}, headers=headers_for(other_admin)
    )
    assert demote.status_code == 200
    assert demote.json()["role"] == "user"
    assert client.get("/admin/users", headers=token).status_code == 403
    assert client.get("/items", headers=token).status_code == 200


def test_disabled_user_is_out_at_once(
    client: TestClient, user: User, admin: User, headers_for: Headers
) -> None:
    token = headers_for(user)
    client.patch(f"/admin/users/{user.id}", json={"is_active": False}, headers=headers_for(admin))
    response = client.get("/users/me", headers=token)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


@pytest.mark.parametrize(
    "body", [{"role": "root"}, {"is_active": "yes"}, {"role": None}, {"email": "a@b.test"}]
)
def test_admin_update_validation(
    client: TestClient, user: User, admin: User, headers_for: Headers, body: dict[str, object]
) -> None:
    response = client.patch(f"/admin/users/{user.id}", json=body, headers=headers_for(admin))
    assert response.status_code == 422


def test_admin_update_unknown_user(client: TestClient, admin: User, headers_for: Headers) -> None:
    response = client.patch(
        "/admin/users/00000000-0000-0000-0000-000000000000",
        json={"role": "admin"},
        headers=headers_for(admin),
    )
    assert response.status_code == 404


@pytest.mark.parametrize("body", [{"role": "user"}, {"is_active": False}])
def test_admin_cannot_demote_or_disable_themselves(
    client: TestClient, admin: User, headers_for: Headers, body: dict[str, object]
) -> None:
    token = headers_for(admin)
    response = client.patch(f"/admin/users/{admin.id}", json=body, headers=token)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/admin/users", headers=token).status_code == 200
