"""Inputs that used to reach the database or the log unchecked: numbers, dates, emails,
non-UTF-8 JSON, trailing slashes, control characters in log lines."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

import pytest
from fastapi.testclient import TestClient
from pydantic import Field, ValidationError

from app.core.logging import OneLineFormatter, _OncePerSecond, escape_control
from app.models.user import User
from app.schemas.common import Email, JsonDatetime, JsonInt, RequestModel


class Sample(RequestModel):
    when: JsonDatetime | None = None
    count: Annotated[int, Field(ge=-(2**63), le=2**63 - 1), JsonInt] | None = None
    email: Email | None = None


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59-01:00",  # past year 9999 once in UTC
        "0001-01-01T00:00:00+01:00",  # before year 1 once in UTC
        "1700000000",
        "2024-05-17",
        "2024-05-17T10:30Z",
        "2024-05-17 10:30:00Z",
        "2024-05-17T10:30:00",
        "2024-05-17T10:30:00+0100",
    ],
)
def test_datetimes_out_of_range_or_not_rfc3339_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        Sample.model_validate({"when": value})


def test_datetimes_are_converted_to_utc() -> None:
    sample = Sample.model_validate({"when": "9999-12-31T23:59:59+01:00"})
    assert sample.when == datetime(9999, 12, 31, 22, 59, 59, tzinfo=UTC)
    assert sample.when is not None
    assert sample.when.utcoffset() is not None


def test_integral_numbers_are_integers() -> None:
    assert Sample.model_validate({"count": 271.0}).count == 271
    assert isinstance(Sample.model_validate({"count": 5.0}).count, int)
    for bad in (5.5, "5", True, 2.0**63, float("inf")):
        with pytest.raises(ValidationError):
            Sample.model_validate({"count": bad})


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def test_lookalike_emails_fold_to_one_spelling() -> None:
    plain = "jose@example.com"
    for variant in (fullwidth("jose") + "@example.com", " JOSE@Example.COM ", fullwidth(plain)):
        assert Sample.model_validate({"email": variant}).email == plain
    decomposed = "jose\u0301@example.com"
    assert Sample.model_validate({"email": decomposed}).email == "jos\u00e9@example.com"


@pytest.mark.parametrize(
    "email",
    [
        "u\u200b@example.com",
        "\ufeffu@example.com",
        "u\u00ad@example.com",
        "u\u202e@example.com",
        "u\x07@example.com",
        "\u0430dmin@example.com",  # Cyrillic a among Latin letters
        "admin@ex\u0430mple.com",
    ],
)
def test_invisible_and_mixed_script_emails_are_refused(email: str) -> None:
    with pytest.raises(ValidationError):
        Sample.model_validate({"email": email})


def test_single_script_emails_are_accepted() -> None:
    assert Sample.model_validate({"email": "иван@почта.рф"}).email == "иван@почта.рф"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_json_that_is_not_utf8_is_400(
    client: TestClient, user: User, headers_for: Callable[..., dict[str, str]], encoding: str
) -> None:
    body = '{"name": "x"}'.encode(encoding)
    headers = {**headers_for(user), "content-type": "application/json"}
    response = client.post("/items", content=body, headers=headers)
    assert response.status_code == 400, response.text
    assert client.get("/items", headers=headers_for(user)).json()["total"] == 0


@pytest.mark.parametrize("offset", ["2147483648", "9223372036854775808"])
def test_admin_offsets_past_the_contract_bound_are_422(
    client: TestClient, admin: User, headers_for: Callable[..., dict[str, str]], offset: str
) -> None:
    response = client.get(f"/admin/users?offset={offset}", headers=headers_for(admin))
    assert response.status_code == 422, response.text
    page = client.get("/admin/users?offset=2147483647", headers=headers_for(admin))
    assert page.json()["items"] == []


def test_trailing_slashes_are_not_redirected(client: TestClient) -> None:
    for path in ("/items/", "/health/", "/auth/token/"):
        response = client.post(path, headers={"host": "attacker.example"}, follow_redirects=False)
        assert response.status_code == 404, path
        assert "location" not in response.headers


def test_log_lines_escape_control_characters() -> None:
    assert escape_control("GET /x\n2026 INFO forged") == "GET /x\\n2026 INFO forged"
    assert escape_control("a\r\x1b[2K\u2028\u202e\x85b") == "a\\r\\x1b[2K\\u2028\\u202e\\x85b"
    assert escape_control("naïve 名前 🚀") == "naïve 名前 🚀"


def test_log_records_never_carry_a_traceback() -> None:
    formatter = OneLineFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("secret detail")
    except ValueError:
        record = logging.LogRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "bad\nline", None, sys.exc_info()
        )
    line = formatter.format(record)
    assert line == "ERROR bad\\nline (ValueError)"
    assert record.exc_info is not None  # other handlers still see the record as it was


def test_repeated_asyncio_messages_are_throttled() -> None:
    throttle = _OncePerSecond()

    def record(msg: str, at: float) -> logging.LogRecord:
        made = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, msg, None, None)
        made.created = at
        return made

    accept = "socket.accept() out of system resource"
    kept = [throttle.filter(record(accept, 100.0 + i / 100)) for i in range(200)]
    assert kept.count(True) == 2  # at 100.0 and at 101.0
    assert throttle.filter(record("another message", 100.5))
