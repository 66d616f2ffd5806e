"""Request dependencies of password mode: the hasher, the login lockout, revocations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from app.core.lockout import LoginLockout, RevokedAccessTokens
from app.core.passwords import PasswordHasher


def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher
    return hasher


HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]


def get_lockout(request: Request) -> LoginLockout:
    lockout: LoginLockout = request.app.state.login_lockout
    return lockout


LockoutDep = Annotated[LoginLockout, Depends(get_lockout)]


def get_revoked_tokens(request: Request) -> RevokedAccessTokens:
    revoked: RevokedAccessTokens = request.app.state.revoked_tokens
    return revoked


RevokedTokensDep = Annotated[RevokedAccessTokens, Depends(get_revoked_tokens)]


async def _hashing_slot(hasher: HasherDep) -> AsyncIterator[None]:
    async with hasher.slots:
        yield


# A route that hashes or verifies a password takes one of the hasher's slots for its run.
HashingSlot = Annotated[None, Depends(_hashing_slot)]
