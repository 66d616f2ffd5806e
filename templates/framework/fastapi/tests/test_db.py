from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.core.config import PROJECT_ROOT
from app.core.db import to_sqlalchemy_url
from app.models.user import User


def test_standard_urls_map_to_drivers() -> None:
    assert to_sqlalchemy_url("postgresql://u:p@db:5432/app").drivername == "postgresql+psycopg"
    assert to_sqlalchemy_url("mysql://u:p@db:3306/app").drivername == "mysql+pymysql"
    assert to_sqlalchemy_url("sqlite:////srv/x/app.db").database == "/srv/x/app.db"


def test_relative_sqlite_paths_are_relative_to_the_project() -> None:
    url = to_sqlalchemy_url("sqlite:///data/app.db")
    assert url.database == str(PROJECT_ROOT / "data" / "app.db")


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        to_sqlalchemy_url("oracle://x")


def test_four_byte_utf8_round_trips(
    client: TestClient, user: User, headers_for: Callable[..., dict[str, str]]
) -> None:
    # Emoji and other characters outside the BMP: utf8mb4 on MySQL, as-is elsewhere.
    name = "Zoë 😀 𝄞 漢字"
    response = client.patch("/users/me", json={"full_name": name}, headers=headers_for(user))
    assert response.status_code == 200
    assert client.get("/users/me", headers=headers_for(user)).json()["full_name"] == name
