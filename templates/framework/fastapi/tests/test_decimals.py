"""The decimal building blocks every `decimal` field of `rampart add endpoint` uses."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import Numeric
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine.default import DefaultDialect

from app.models.base import ExactDecimal
from app.schemas.decimals import DecimalText


class Price(BaseModel):
    amount: Annotated[Decimal, DecimalText(precision=6, scale=2)]
    whole: Annotated[Decimal, DecimalText(precision=3, scale=0)] = Decimal(0)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", Decimal(0)), ("1234.5", Decimal("1234.5")), ("-0.01", Decimal("-0.01"))],
)
def test_decimal_strings_are_parsed_exactly(text: str, value: Decimal) -> None:
    assert Price.model_validate({"amount": text}).amount == value


@pytest.mark.parametrize("bad", [1.5, 12, "12345.6", "1.234", "01", "1e2", "", "twelve", None])
def test_anything_but_a_decimal_string_in_range_is_refused(bad: Any) -> None:
    with pytest.raises(ValidationError, match="decimal string"):
        Price.model_validate({"amount": bad})


def test_responses_carry_exactly_the_scale() -> None:
    price = Price(amount=Decimal("3.5"), whole=Decimal(7))
    assert price.model_dump_json() == '{"amount":"3.50","whole":"7"}'


def test_openapi_publishes_the_pattern() -> None:
    properties = Price.model_json_schema()["properties"]
    assert properties["amount"]["type"] == "string"
    assert properties["amount"]["examples"] == ["0.00"]
    assert properties["whole"]["pattern"] == "^-?(?:0|[1-9][0-9]{0,2})$"


def test_sqlite_reads_a_float_back_exactly() -> None:
    column = ExactDecimal(12, 2)
    dialect = sqlite.dialect()
    impl = column.load_dialect_impl(dialect)
    assert isinstance(impl, Numeric)
    assert impl.asdecimal is False
    assert column.process_result_value(1234567890.12, dialect) == Decimal("1234567890.12")
    assert column.process_result_value(None, dialect) is None


def test_other_databases_read_decimals() -> None:
    column = ExactDecimal(12, 2)
    dialect = DefaultDialect()  # anything but SQLite: PostgreSQL and MySQL/MariaDB are exact
    impl = column.load_dialect_impl(dialect)
    assert isinstance(impl, Numeric)
    assert impl.asdecimal is True
    assert column.process_result_value(Decimal("0.1"), dialect) == Decimal("0.10")
