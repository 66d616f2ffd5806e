"""Refresh tokens: opaque, stored as SHA-256, rotated on use, revoked by family on replay."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.refresh_token import RefreshToken
from app.models.user import User

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


def lock_user(session: Session, user_id: uuid.UUID) -> None:
    """Serialise every change to one user's sessions (refresh, revoke, password change) on
    the user's row, until the transaction ends.

    Without it, PostgreSQL's revoke (an UPDATE of the user's tokens) runs on a snapshot that
    misses the token a racing refresh has just inserted, which then outlives the logout.
    SQLite has no row locks: there every transaction's first write takes the database's
    single write lock, and every statement that decides here is such a write.
    """
    session.execute(select(User.id).where(User.id == user_id).with_for_update())


def password_unchanged(session: Session, user_id: uuid.UUID, verified_hash: str) -> bool:
    """Whether the user's password hash is still the one a login has just verified against.

    Read under the user's row lock (as lock_user takes it), so a password change has either
    committed before this read, and the login is refused, or waits until the login's session
    is committed, and then ends it with the others.
    """
    current = session.scalar(
        select(User.hashed_password).where(User.id == user_id).with_for_update()
    )
    return current == verified_hash


def spend(session: Session, token: str) -> RefreshToken:
    """Mark a live token used and return it. A replayed token revokes its whole family.

    The check and the mark are one conditional UPDATE, so of requests presenting one token at
    the same moment exactly one matches its row; the others see it spent, as a replay.
    """
    row = find(session, token)
    if row is None:
        raise RefreshError("unknown")
    lock_user(session, row.user_id)
    now = utcnow()
    if row.expires_at <= now:
        raise RefreshError("expired")
    spent = cast(
        CursorResult[Any],
        session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.id == row.id,
                RefreshToken.used_at.is_(None),
                RefreshToken.revoked_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        ),
    )
    if spent.rowcount != 1:
        revoke_family(session, row.family_id)
        raise RefreshError("reused", revoked_family=row.family_id)
    return row


def revoke_family(session: Session, family_id: uuid.UUID) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def end_sessions(session: Session, user_id: uuid.UUID, *, issued_since: datetime) -> set[uuid.UUID]:
    """Revoke every refresh token of the user (a logout everywhere, or a password change).

    Returns the families (logins) that issued a token since `issued_since`: the ones that
    may still have live access tokens, which the caller revokes with them.
    """
    lock_user(session, user_id)
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    # A locking read: MySQL's plain SELECT would read the snapshot taken before the lock.
    recent = session.scalars(
        select(RefreshToken.family_id)
        .where(RefreshToken.user_id == user_id, RefreshToken.created_at >= issued_since)
        .with_for_update()
    )
    return set(recent)
