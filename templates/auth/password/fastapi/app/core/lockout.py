"""Per-account login lockout and access-token revocation, kept in the rate limiter's storage
(so shared through Redis when REDIS_URL is set).

After LOGIN_MAX_FAILURES failed logins for one username, whatever the client IP, the next
attempt locks that username for LOGIN_LOCKOUT_SECONDS. Unknown usernames are counted the
same way, so the answer never tells whether an account exists.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from app.core.config import Settings
from app.core.ratelimit import RateLimiter
from app.core.security import AccessClaims
from app.models.base import utcnow


class RevokedAccessTokens:
    """Access tokens revoked through POST /auth/revoke (by `jti`), or with their login's
    refresh-token family on a replay (by `sid`), until they would expire.

    Kept in the rate limiter's storage: shared through Redis, lost on restart with the
    in-memory store (the tokens then live out their short lifetime).
    """

    def __init__(self, limiter: RateLimiter, settings: Settings) -> None:
        self._limiter = limiter
        # Long enough to outlive any token still accepted (lifetime plus clock leeway).
        self.horizon_seconds = settings.access_token_ttl_seconds + 120
        self._entry = limiter.window(1, self.horizon_seconds, "revoked-jti")

    def revoke(self, token_id: str) -> None:
        self._limiter.count(self._entry, token_id)

    def revoke_family(self, family_id: str) -> None:
        # No access token of the family is newer than the revocation: its refresh tokens are
        # dead, so no later one can be issued.
        self._limiter.count(self._entry, f"family:{family_id}")

    def revoke_families(self, family_ids: Iterable[uuid.UUID]) -> None:
        for family_id in family_ids:
            self.revoke_family(str(family_id))

    def issued_since(self) -> datetime:
        """The oldest issue time of an access token that may still be accepted."""
        return utcnow() - timedelta(seconds=self.horizon_seconds)

    def is_revoked(self, claims: AccessClaims) -> bool:
        if not self._limiter.has_room(self._entry, claims.token_id):
            return True
        family = claims.family
        return family is not None and not self._limiter.has_room(self._entry, f"family:{family}")


class LoginLockout:
    """Counts login attempts per username atomically, before the password is checked.

    `begin` adds one to the username's counter in a single atomic step (an INCR in Redis)
    and lets the attempt through only while the counter is within LOGIN_MAX_FAILURES, so
    concurrent guesses, on one instance or many, can never get more than that many password
    checks per window. A successful login clears the counter; the attempt over the limit
    starts the lock.
    """

    def __init__(self, limiter: RateLimiter, settings: Settings) -> None:
        self._limiter = limiter
        window = settings.login_lockout_seconds
        self._attempts = limiter.window(settings.login_max_failures, window, "login-fail")
        self._lock = limiter.window(1, window, "login-lock")

    @staticmethod
    def _key(username: str) -> str:
        # Hashed: the storage (e.g. Redis) never holds email addresses.
        return hashlib.sha256(username.strip().lower().encode()).hexdigest()

    def begin(self, username: str) -> int | None:
        """Reserve one attempt: None when it may go on, else the seconds left on the lock."""
        key = self._key(username)
        if not self._limiter.has_room(self._lock, key):
            return self._limiter.seconds_left(self._lock, key)
        if self._limiter.count(self._attempts, key):
            return None
        # Over the limit: lock from now; the lock's own window ends it. The attempts are left
        # to expire with their window (no earlier than the lock): resetting them here would
        # let a concurrent attempt in between the check above and the lock.
        self._limiter.count(self._lock, key)
        return self._limiter.seconds_left(self._lock, key)

    def record_success(self, username: str) -> None:
        self._limiter.reset(self._attempts, self._key(username))
