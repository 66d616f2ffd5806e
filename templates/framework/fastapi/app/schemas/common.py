"""Shared request/response building blocks (Pydantic v2)."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Generic, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

EMAIL_PATTERN = re.compile(r"^[^@\s\x00]{1,64}@[^@\s\x00]{1,189}\.[^@\s\x00.]{1,63}$")


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _check_url(value: str) -> str:
    # Only absolute http(s) URLs with a host: no javascript:, data: or relative references.
    parts = urlsplit(value)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or any(c.isspace() for c in value)
    ):
        raise ValueError("must be an absolute http or https URL")
    return value


def normalise_email(value: str) -> str:
    """One spelling per mailbox: NFKC folds fullwidth and composed/decomposed forms together,
    then trimmed and lower-cased. Login looks accounts up through the same function."""
    return unicodedata.normalize("NFKC", value).strip().lower()


def _normalise_email(value: object) -> object:
    return normalise_email(value) if isinstance(value, str) else value


# Control, format (zero-width, bidi overrides, soft hyphen), separator, surrogate, private
# and unassigned code points: invisible or ambiguous in an address, never needed in one.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Scripts that legitimately mix with Latin in one word (UTS #39 "highly restrictive").
_HAN_FAMILY = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"})


def _script(char: str) -> str:
    word = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return "CJK" if word in _HAN_FAMILY else word


def _mixes_lookalike_scripts(part: str) -> bool:
    """A label like "paypal" spelt with a Cyrillic "a": Latin and another alphabet mixed."""
    scripts = {_script(c) for c in part if unicodedata.category(c).startswith("L")}
    return len(scripts) > 1 and not scripts <= {"LATIN", "CJK"}


def _check_email(value: str) -> str:
    if any(unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in value):
        raise ValueError("must not contain control or invisible characters")
    if len(value) > 254 or not EMAIL_PATTERN.fullmatch(value) or ".." in value:
        raise ValueError("must be an email address")
    if any(_mixes_lookalike_scripts(part) for part in re.split(r"[@.]", value)):
        raise ValueError("must not mix letters of different alphabets in one part")
    return value


# Every free-text field carries this: NUL bytes break C-string consumers and some databases.
# Put length constraints before it (`Annotated[str, Field(max_length=9), NoNul]`) so that
# their error messages speak of characters.
NoNul = AfterValidator(_no_nul)
SafeStr = Annotated[str, NoNul]
# NFKC-normalised, trimmed and lower-cased before checks, so one mailbox cannot sign up twice
# by case, width or composition.
Email = Annotated[
    str,
    Field(max_length=254, json_schema_extra={"format": "email"}),
    BeforeValidator(_normalise_email),
    AfterValidator(_check_email),
]


# Kept as the string the client sent (no normalisation surprises), checked for shape.
Url = Annotated[
    str,
    Field(max_length=2048, json_schema_extra={"format": "uri"}),
    NoNul,
    AfterValidator(_check_url),
]


def _json_string(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


# FastAPI validates the parsed JSON body in Python mode, where a strict model takes dates,
# timestamps and UUIDs only as Python objects. JSON carries them as strings: accept exactly
# strings (never numbers, which lax mode would read as Unix times) and parse those.
JsonString = BeforeValidator(_json_string)
JsonDate = Annotated[date, JsonString, Field(strict=False)]
JsonUuid = Annotated[uuid.UUID, JsonString, Field(strict=False)]

# RFC 3339 section 5.6 date-time: seconds and an offset required; "T" and "Z" in any case.
RFC3339_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})"
)


def _rfc3339(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if not RFC3339_DATETIME.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time with an offset, e.g. 2024-05-17T10:30:00Z")
    return value


def _to_utc(value: datetime) -> datetime:
    # 9999-12-31T23:59:59-01:00 is a valid timestamp that no datetime (nor database) holds in
    # UTC: refuse it here rather than overflow when it is stored.
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("must fall within years 0001 to 9999 in UTC") from None


JsonDatetime = Annotated[
    AwareDatetime,
    BeforeValidator(_rfc3339),
    Field(strict=False),
    AfterValidator(_to_utc),
]


def _integral_number(value: object) -> object:
    # JSON Schema's "integer" is any number without a fraction part, so 5.0 is 5. Floats
    # with a fraction, strings and booleans are left to the strict int check to refuse.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Put it after the bounds (`Annotated[int, Field(ge=0), JsonInt]`).
JsonInt = BeforeValidator(_integral_number)


class RequestModel(BaseModel):
    """Base of every request body: unknown fields are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


Limit = Annotated[int, Field(ge=1, le=100, description="Page size")]
# 2^31 - 1 (CONTRACT §3): every database's OFFSET takes it; past 2^63 drivers overflow (a 500).
Offset = Annotated[int, Field(ge=0, le=2_147_483_647, description="Rows to skip")]
