"""Decimal fields: exact numbers sent and received as JSON strings ("12.50").

A JSON number is a binary float to most clients and parsers (0.1 + 0.2 != 0.3), so a
decimal travels as a string whose shape the OpenAPI document publishes as a pattern:
at most `precision - scale` digits before the point and `scale` after it. A JSON number
is refused (422); responses always carry exactly `scale` digits after the point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema


@dataclass(frozen=True)
class DecimalText:
    """`Annotated[Decimal, DecimalText(precision=12, scale=2)]`: NUMERIC(12, 2) as a string."""

    precision: int
    scale: int

    @property
    def pattern(self) -> str:
        whole = self.precision - self.scale
        head = "0" if whole == 0 else rf"(?:0|[1-9][0-9]{{0,{whole - 1}}})"
        tail = rf"(?:\.[0-9]{{1,{self.scale}}})?" if self.scale else ""
        return rf"^-?{head}{tail}$"

    def _parse(self, value: object) -> Decimal:
        # FastAPI validates parsed JSON in Python mode, so a JSON number arrives as a float
        # (refused here); a Decimal comes only from the code itself (rows read back).
        text = format(value, "f") if isinstance(value, Decimal) else value
        if not isinstance(text, str) or not re.fullmatch(self.pattern, text):
            raise ValueError(
                f"must be a decimal string of at most {self.precision - self.scale} digits "
                f"before the point and {self.scale} after it, as in {self._format(Decimal(0))!r}"
            )
        return Decimal(text)

    def _format(self, value: Decimal) -> str:
        return f"{value:.{self.scale}f}"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self._parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                self._format, return_schema=core_schema.str_schema(), when_used="json"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": self.pattern, "examples": [self._format(Decimal(0))]}
