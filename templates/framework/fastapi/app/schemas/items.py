from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, field_validator

from app.schemas.common import NoNul, RequestModel, ResponseModel

Name = Annotated[str, Field(min_length=1, max_length=200), NoNul]
Description = Annotated[str, Field(max_length=2000), NoNul]
Price = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]


class ItemCreate(RequestModel):
    name: Name
    description: Description | None = None
    price: Price | None = None


class ItemUpdate(RequestModel):
    """Partial update: only the fields sent change; `null` clears an optional field."""

    name: Name | None = None
    description: Description | None = None
    price: Price | None = None

    @field_validator("name")
    @classmethod
    def _name_not_null(cls, value: str | None) -> str:
        if value is None:
            raise ValueError("name cannot be null")
        return value


class ItemPublic(ResponseModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    description: str | None
    price: float | None
    created_at: datetime
    updated_at: datetime
