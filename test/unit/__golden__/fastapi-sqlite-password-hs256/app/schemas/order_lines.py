from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, field_validator

from app.schemas.common import (
    JsonDatetime,
    JsonInt,
    JsonUuid,
    NoNul,
    RequestModel,
    ResponseModel,
    not_null,
)

Sku = Annotated[str, Field(min_length=1, max_length=24), NoNul]
Qty = Annotated[int, Field(ge=1, le=9007199254740991), JsonInt]
PlacedAt = JsonDatetime
Ref = JsonUuid
Kind = Literal["a", "b"]
Note = Annotated[str, Field(max_length=10000), NoNul]


class OrderLineCreate(RequestModel):
    sku: Sku
    qty: Qty
    placed_at: PlacedAt | None = None
    ref: Ref | None = None
    kind: Kind
    note: Note | None = None


class OrderLineUpdate(RequestModel):
    """Partial update: only the fields sent change; `null` clears an optional field.

    A required field may be left out but not nulled: not_null() keeps null out of the
    document, and the validator below refuses it.
    """

    sku: Sku | None = not_null()
    qty: Qty | None = not_null()
    placed_at: PlacedAt | None = None
    ref: Ref | None = None
    kind: Kind | None = not_null()
    note: Note | None = None

    @field_validator("sku", "qty", "kind")
    @classmethod
    def _required_not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("cannot be null")
        return value


class OrderLinePublic(ResponseModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    sku: str
    qty: int
    placed_at: datetime | None
    ref: uuid.UUID | None
    kind: Kind
    note: str | None
    created_at: datetime
    updated_at: datetime
