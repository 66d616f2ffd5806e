from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.models.user import User

Headers = Callable[..., dict[str, str]]


@pytest.fixture
def auth(user: User, headers_for: Headers) -> dict[str, str]:
    return headers_for(user)


def test_create_read_update_delete(client: TestClient, auth: dict[str, str]) -> None:
    created = client.post("/items", json={"name": "Lamp", "price": 12.5}, headers=auth)
    assert created.status_code == 201
    item = created.json()
    assert created.headers["location"] == f"/items/{item['id']}"
    assert item["name"] == "Lamp"
    assert item["description"] is None
    assert item["created_at"].endswith("Z")

    assert client.get(f"/items/{item['id']}", headers=auth).json() == item
    patched = client.patch(f"/items/{item['id']}", json={"description": "Warm"}, headers=auth)
    assert patched.status_code == 200
    assert patched.json()["description"] == "Warm"
    assert patched.json()["name"] == "Lamp"

    assert client.delete(f"/items/{item['id']}", headers=auth).status_code == 204
    assert client.get(f"/items/{item['id']}", headers=auth).status_code == 404


def test_list_is_paginated_and_sorted(client: TestClient, auth: dict[str, str]) -> None:
    for name in ("b", "c", "a"):
        client.post("/items", json={"name": name}, headers=auth)
    page = client.get("/items?limit=2&offset=0&sort=name", headers=auth).json()
    assert [i["name"] for i in page["items"]] == ["a", "b"]
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 0)
    newest = client.get("/items?sort=-created_at", headers=auth).json()["items"]
    assert [i["name"] for i in newest] == ["a", "c", "b"]


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "offset=-1", "sort=owner_id", "sort=name;drop", "limit=x"]
)
def test_bad_list_parameters(client: TestClient, auth: dict[str, str], query: str) -> None:
    response = client.get(f"/items?{query}", headers=auth)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_other_users_items_look_missing(
    client: TestClient, auth: dict[str, str], make_user: Callable[..., User], headers_for: Headers
) -> None:
    item = client.post("/items", json={"name": "mine"}, headers=auth).json()
    other = headers_for(make_user())
    missing = client.get(f"/items/{uuid.uuid4()}", headers=other)
    for response in (
        client.get(f"/items/{item['id']}", headers=other),
        client.patch(f"/items/{item['id']}", json={"name": "x"}, headers=other),
        client.delete(f"/items/{item['id']}", headers=other),
    ):
        assert response.status_code == 404
        assert response.json() == missing.json()
    assert client.get("/items", headers=other).json()["total"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "x" * 201},
        {"name": "ok", "description": "x" * 2001},
        {"name": "ok", "price": -1},
        {"name": "ok", "price": 1e10},
        {"name": "ok", "price": "12"},
        {"name": 5},
        {"name": "nul\u0000byte"},
        {"name": "ok", "owner_id": str(uuid.uuid4())},
        {"name": "ok", "id": str(uuid.uuid4())},
        {"name": "ok", "created_at": "2024-01-01T00:00:00Z"},
    ],
)
def test_create_validation(client: TestClient, auth: dict[str, str], body: object) -> None:
    response = client.post("/items", json=body, headers=auth)
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422
    assert all({"pointer", "message"} <= set(e) for e in problem["errors"])


def test_unknown_field_points_at_it(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/items", json={"name": "ok", "owner_id": "x"}, headers=auth)
    assert {"/owner_id"} <= {e["pointer"] for e in response.json()["errors"]}


def test_patch_rejects_null_name(client: TestClient, auth: dict[str, str]) -> None:
    item = client.post("/items", json={"name": "n"}, headers=auth).json()
    response = client.patch(f"/items/{item['id']}", json={"name": None}, headers=auth)
    assert response.status_code == 422


def test_malformed_id_is_422(client: TestClient, auth: dict[str, str]) -> None:
    assert client.get("/items/not-a-uuid", headers=auth).status_code == 422


@pytest.mark.parametrize("body", [b'{"name": ', b'{"name": "x", "price": NaN}', b"Infinity"])
def test_malformed_json_is_400(client: TestClient, auth: dict[str, str], body: bytes) -> None:
    response = client.post(
        "/items", content=body, headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_other_media_types_are_415(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post(
        "/items", content=b"name=x", headers={**auth, "Content-Type": "text/plain"}
    )
    assert response.status_code == 415


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
        content=chunks(),  # type: ignore[arg-type]
        headers={**headers_for(user), "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413


def test_items_need_a_token(client: TestClient) -> None:
    response = client.get("/items")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"
