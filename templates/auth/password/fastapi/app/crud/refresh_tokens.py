"""Refresh tokens: opaque, stored as SHA-256, rotated on use, revoked by family on replay."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.refresh_token import RefreshToken

TOKEN_BYTES = 32  # 256 bits


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Issued:
    token: str
    row: RefreshToken


class RefreshError(Exception):
    def __init__(self, reason: str, *, revoked_family: uuid.UUID | None = None) -> None:
        super().__init__(reason)
        self.revoked_family = revoked_family  # set when a replay revoked this family


def issue(
    session: Session,
    *,
    user_id: uuid.UUID,
    scope: str,
    ttl_seconds: int,
    family_id: uuid.UUID | None = None,
    expires_at: datetime | None = None,
) -> Issued:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = RefreshToken(
        user_id=user_id,
        family_id=family_id or uuid.uuid4(),
        token_hash=_digest(token),
        scope=scope,
        expires_at=expires_at or utcnow() + timedelta(seconds=ttl_seconds),
    )
    session.add(row)
    session.flush()
    return Issued(token=token, row=row)


def find(session: Session, token: str) -> RefreshToken | None:
    return session.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == _digest(token))
    ).first()


def spend(session: Session, token: str) -> RefreshToken:
    """Mark a live token used and return it. A replayed token revokes its whole family."""
    row = find(session, token)
    if row is None:
        raise RefreshError("unknown")
    now = utcnow()
    if row.used_at is not None or row.revoked_at is not None:
        revoke_family(session, row.family_id)
        raise RefreshError("reused", revoked_family=row.family_id)
    if row.expires_at <= now:
        raise RefreshError("expired")
    row.used_at = now
    session.flush()
    return row


def revoke_family(session: Session, family_id: uuid.UUID) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all_for_user(session: Session, user_id: uuid.UUID) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
