"""Password hashing (argon2id via pwdlib) and the password policy.

The breached-password list (common_passwords.txt, one lower-cased password a line) is the
20,000 most common passwords list that Django ships (BSD-3-Clause), itself derived from
Royce Williams' list of the most common passwords in public breaches.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib.resources import files

from anyio import CapacityLimiter
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 128  # argon2 has no 72-byte cut like bcrypt; this only bounds the work


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class PasswordHasher:
    def __init__(self, time_cost: int, memory_cost: int) -> None:
        self._hash = PasswordHash(
            (Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1),)
        )
        # Each hash takes a core and memory_cost KiB for its whole run. Requests wait for a
        # slot on the event loop, holding no worker thread, so a flood of logins queues
        # behind the cores and every other route keeps its threads, CPU and memory.
        self.slots = CapacityLimiter(usable_cores())
        # Verified against when the account does not exist, so both paths cost the same.
        self._dummy = self._hash.hash("dummy password for timing equalisation")

    def hash(self, password: str) -> str:
        return self._hash.hash(password)

    def verify_and_update(self, password: str, hashed: str | None) -> tuple[bool, str | None]:
        """(matches, new hash when the stored one uses older parameters)."""
        if hashed is None:
            self._hash.verify(password, self._dummy)
            return False, None
        try:
            return self._hash.verify_and_update(password, hashed)
        except Exception:  # an unreadable stored hash is a failed login, not a 500
            return False, None


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = files("app.core").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def password_problem(password: str) -> str | None:
    """Why this password is refused, or None."""
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        return f"must be {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters"
    if "\x00" in password:
        return "must not contain NUL characters"
    if password.lower() in common_passwords():
        return "is too common: it appears in lists of breached passwords"
    return None
