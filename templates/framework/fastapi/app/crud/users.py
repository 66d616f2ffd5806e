"""User queries. All SQL goes through SQLAlchemy's bound parameters."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.user import User
from app.schemas.common import normalise_email


def get(session: Session, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def get_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).first()


def create(
    session: Session,
    *,
    email: str,
    hashed_password: str | None,
    full_name: str | None = None,
    role: str = "user",
) -> User:
    user = User(
        email=normalise_email(email),
        hashed_password=hashed_password,
        full_name=full_name,
        role=role,
        is_active=True,
    )
    session.add(user)
    session.flush()
    return user


def page(session: Session, *, limit: int, offset: int) -> tuple[list[User], int]:
    total = session.scalar(select(func.count()).select_from(User)) or 0
    rows = session.scalars(
        select(User).order_by(User.created_at, User.id).limit(limit).offset(offset)
    ).all()
    return list(rows), total
