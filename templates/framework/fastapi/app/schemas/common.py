"""Shared request/response building blocks (Pydantic v2)."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, TypeVar, cast

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

# Each rule below is a regular expression that the validator applies and the OpenAPI document
# publishes as `pattern`, so what a client (or a fuzzer) reads is what the server enforces.
# Written to mean the same in Python's `re` and in ECMA-262 (JSON Schema's dialect): no `\s`,
# whose members differ between the two; WHITESPACE spells out what str.strip() removes.
WHITESPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NO_NUL_PATTERN = re.compile(r"^[^\x00]*$")
# The shape the server checks, once the address is normalised (below).
EMAIL_PATTERN = re.compile(r"^[^@\s\x00]{1,64}@[^@\s\x00]{1,189}\.[^@\s\x00.]{1,63}$")
# What the document promises: addresses in ASCII and Latin-1 letters (surrounding whitespace
# trimmed; no ".."), every one of which the server takes. It takes other Unicode letters
# too, one script per label; JSON Schema has no way to say that, so the description does.
EMAIL_LETTERS = r"A-Za-z0-9\xc0-\xd6\xd8-\xf6\xf8-\xff"
EMAIL_DOCUMENTED = re.compile(
    rf"^[{WHITESPACE}]*(?![^{WHITESPACE}]*\.\.)[{EMAIL_LETTERS}!#$%&'*+/=?^_`{{|}}~.-]{{1,64}}"
    rf"@[{EMAIL_LETTERS}.-]{{1,189}}\.[{EMAIL_LETTERS}-]{{1,63}}[{WHITESPACE}]*$"
)
EMAIL_DESCRIPTION = (
    "An email address, NFKC-normalised, trimmed and lower-cased. Beyond the pattern, other "
    "Unicode letters are accepted, one script per label (Latin may mix with Han, Kana and "
    "Hangul); control and invisible characters and mixed-script labels are refused."
)
# Only absolute http(s) URLs with an ASCII (RFC 3986 reg-name) host: no javascript:, data:,
# relative references or look-alike Unicode hosts.
URL_PATTERN = re.compile(
    r"^[Hh][Tt][Tt][Pp][Ss]?://(?:[A-Za-z0-9._~%!$&'()*+,;=:-]*@)?"
    rf"[A-Za-z0-9._~%!$&'()*+,;=-]+(?::[0-9]*)?(?:[/?#][^{WHITESPACE}\x00]*)?$"
)


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _check_url(value: str) -> str:
    if not URL_PATTERN.fullmatch(value):
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


class _Documented:
    """Annotated metadata: a check, and the pattern that says it in the JSON schema."""

    def __init__(self, check: Callable[[str], str], pattern: re.Pattern[str]) -> None:
        self.check = check
        self.pattern = pattern.pattern

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema


# Every free-text field carries this: NUL bytes break C-string consumers and some databases.
# Put length constraints before it (`Annotated[str, Field(max_length=9), NoNul]`) so that
# their error messages speak of characters.
NoNul = _Documented(_no_nul, NO_NUL_PATTERN)
SafeStr = Annotated[str, NoNul]
# NFKC-normalised, trimmed and lower-cased before checks, so one mailbox cannot sign up twice
# by case, width or composition.
Email = Annotated[
    str,
    Field(
        max_length=254,
        json_schema_extra={"pattern": EMAIL_DOCUMENTED.pattern, "description": EMAIL_DESCRIPTION},
    ),
    BeforeValidator(_normalise_email),
    AfterValidator(_check_email),
]


# Kept as the string the client sent (no normalisation surprises), checked for shape.
Url = Annotated[str, Field(max_length=2048), _Documented(_check_url, URL_PATTERN)]


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


def _drop_null(schema: dict[str, Any]) -> None:
    if schema.get("default", False) is None:
        del schema["default"]  # the default is "left out", not null
    branches = [b for b in cast(list[Any], schema.pop("anyOf", [])) if b != {"type": "null"}]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = list(branches)


def not_null(alias: str | None = None) -> Any:
    """The default of an update field that may be left out but never sent as null (its
    model's validator refuses null): the document offers no null either. The type stays
    `X | None`, so validation errors point at the field itself. `alias` is the JSON name
    of a field whose Python name differs."""
    return Field(default=None, alias=alias, json_schema_extra=_drop_null)


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
