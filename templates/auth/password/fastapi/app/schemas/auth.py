from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from app.core.passwords import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, password_problem
from app.schemas.common import Email, RequestModel
from app.schemas.users import FullName


def _check_password(value: str) -> str:
    problem = password_problem(value)
    if problem:
        raise ValueError(f"password {problem}")
    return value


NewPassword = Annotated[
    str,
    Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH),
    AfterValidator(_check_password),
]


class RegisterRequest(RequestModel):
    email: Email
    password: NewPassword
    full_name: FullName | None = None


class PasswordChange(RequestModel):
    current_password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)]
    new_password: NewPassword


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = Field(default="bearer", description="RFC 6749 token type")
    expires_in: int
    refresh_token: str
    scope: str
