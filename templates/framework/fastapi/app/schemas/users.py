from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, field_validator

from app.core.scopes import Role
from app.schemas.common import NoNul, RequestModel, ResponseModel, not_null

FullName = Annotated[str, Field(min_length=1, max_length=200), NoNul]


class UserPublic(ResponseModel):
    id: uuid.UUID
    email: str
    full_name: str | None
    role: str
    is_active: bool
    created_at: datetime


class UserSelfUpdate(RequestModel):
    """What users may change about themselves: nothing that grants access."""

    full_name: FullName | None = None


class UserAdminUpdate(RequestModel):
    role: Role | None = not_null()
    is_active: bool | None = not_null()

    @field_validator("role", "is_active")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("cannot be null")
        return value
