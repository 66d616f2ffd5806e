"""Start-up work specific to password mode."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from app.core.config import Settings
from app.core.lockout import LoginLockout, RevokedAccessTokens
from app.core.passwords import PasswordHasher, password_problem
from app.crud import users as users_crud

logger = logging.getLogger("app.bootstrap")


def setup_auth(app: FastAPI, settings: Settings) -> None:
    app.state.hasher = PasswordHasher(settings.argon2_time_cost, settings.argon2_memory_cost)
    app.state.login_lockout = LoginLockout(app.state.limiter, settings)
    app.state.revoked_tokens = RevokedAccessTokens(app.state.limiter, settings)


def bootstrap_admin(app: FastAPI, settings: Settings) -> None:
    """Create BOOTSTRAP_ADMIN_EMAIL as an admin if no such user exists yet."""
    email, password = settings.bootstrap_admin_email, settings.bootstrap_admin_password
    if not email or not password:
        return
    problem = password_problem(password)
    if problem:
        raise SystemExit(f"BOOTSTRAP_ADMIN_PASSWORD {problem}")
    with app.state.sessionmaker() as session:
        if users_crud.get_by_email(session, email) is not None:
            return
        users_crud.create(
            session,
            email=email,
            hashed_password=app.state.hasher.hash(password),
            role="admin",
        )
        session.commit()
    logger.info("created the bootstrap admin account")
