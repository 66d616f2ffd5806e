"""Shared request/response building blocks (Pydantic v2)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Generic, TypeVar, cast

from pydantic import (
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
# As sent: surrounding whitespace is trimmed afterwards; no "..".
EMAIL_PATTERN = re.compile(
    rf"^[{WHITESPACE}]*(?![^{WHITESPACE}]*\.\.)[^@{WHITESPACE}\x00]{{1,64}}"
    rf"@[^@{WHITESPACE}\x00]{{1,189}}\.[^@{WHITESPACE}\x00.]{{1,63}}[{WHITESPACE}]*$"
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


def _check_email(value: str) -> str:
    if not EMAIL_PATTERN.fullmatch(value):
        raise ValueError("must be an email address")
    normal = value.strip().lower()
    if len(normal) > 254:  # only where lower-casing lengthens a character (e.g. "İ")
        raise ValueError("must be an email address")
    return normal


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
# Checked as sent (at most 254 characters), then trimmed and lower-cased, so one mailbox
# cannot sign up twice by case.
Email = Annotated[str, Field(max_length=254), _Documented(_check_email, EMAIL_PATTERN)]


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
JsonDatetime = Annotated[AwareDatetime, JsonString, Field(strict=False)]
JsonUuid = Annotated[uuid.UUID, JsonString, Field(strict=False)]


def _drop_null(schema: dict[str, Any]) -> None:
    if schema.get("default", False) is None:
        del schema["default"]  # the default is "left out", not null
    branches = [b for b in cast(list[Any], schema.pop("anyOf", [])) if b != {"type": "null"}]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = list(branches)


def not_null() -> Any:
    """The default of an update field that may be left out but never sent as null (its
    model's validator refuses null): the document offers no null either. The type stays
    `X | None`, so validation errors point at the field itself."""
    return Field(default=None, json_schema_extra=_drop_null)


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
Offset = Annotated[int, Field(ge=0, description="Rows to skip")]
