"""Per-client request limits, kept in a `limits` storage (memory, or Redis via REDIS_URL).

A fixed 60-second window per key: the `RateLimit` header's reset time is then exact and
identical on every instance sharing the store.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from app.core.config import Network

WINDOW_SECONDS = 60
# A network store that does not answer within this fails the request (503), never hangs it.
STORE_TIMEOUT_SECONDS = 2.0

__all__ = ["Decision", "RateLimiter", "StorageError", "client_bucket", "client_ip"]


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_after: int  # whole seconds until the window resets

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [
            ("RateLimit-Policy", f'"default";q={self.limit};w={WINDOW_SECONDS}'),
            ("RateLimit", f'"default";r={self.remaining};t={self.reset_after}'),
        ]


class RateLimiter:
    """Every counter of the app (request limits, login attempts, revoked token ids).

    With Redis, each count is one atomic server-side step (INCR and EXPIRE in a Lua script),
    so any number of instances sharing REDIS_URL share every limit. A store that does not
    answer raises `StorageError`, which the app turns into 503 (it fails closed).
    """

    def __init__(self, storage_url: str, per_minute: int, key_prefix: str = "rampart") -> None:
        self.is_local = storage_url.startswith("memory")
        options: dict[str, Any] = {}
        if not self.is_local:
            options = {
                "key_prefix": key_prefix,
                "socket_connect_timeout": STORE_TIMEOUT_SECONDS,
                "socket_timeout": STORE_TIMEOUT_SECONDS,
            }
        self.storage = storage_from_string(storage_url, wrap_exceptions=True, **options)
        self._limiter = FixedWindowRateLimiter(self.storage)
        self._default = RateLimitItemPerMinute(per_minute, namespace="rl")

    def ping(self) -> bool:
        """Whether the store answers (always, for the in-process store)."""
        try:
            return bool(self.storage.check())
        except Exception:
            return False

    def hit(self, key: str) -> Decision:
        allowed = self._limiter.hit(self._default, key)
        stats = self._limiter.get_window_stats(self._default, key)
        return Decision(
            allowed=allowed,
            limit=self._default.amount,
            remaining=max(0, stats.remaining),
            reset_after=max(1, math.ceil(stats.reset_time - time.time())),
        )

    # Building blocks for counters other than the default limit (e.g. login failures).
    def window(self, amount: int, seconds: int, namespace: str) -> RateLimitItem:
        return RateLimitItemPerSecond(amount, seconds, namespace=namespace)

    def count(self, item: RateLimitItem, key: str) -> bool:
        """Add one; False when this went over the item's amount."""
        return self._limiter.hit(item, key)

    def has_room(self, item: RateLimitItem, key: str) -> bool:
        return self._limiter.test(item, key)

    def seconds_left(self, item: RateLimitItem, key: str) -> int:
        stats = self._limiter.get_window_stats(item, key)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def reset(self, item: RateLimitItem, key: str) -> None:
        self._limiter.clear(item, key)


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(
    peer: str | None,
    forwarded_for: list[str],
    trusted_hops: int | None,
    trusted_networks: list[Network],
) -> str:
    """The client address: the socket peer unless TRUST_PROXY says a proxy is in front.

    `forwarded_for` is every X-Forwarded-For value in order. Each proxy appends the address
    it saw, so only the right-most entries written by trusted proxies can be believed.
    """
    peer = peer or "unknown"
    chain = [a.strip() for value in forwarded_for for a in value.split(",") if a.strip()]
    if trusted_hops is not None:
        if trusted_hops == 0 or not chain:
            return peer
        return chain[-trusted_hops] if len(chain) >= trusted_hops else chain[0]
    if not trusted_networks:
        return peer
    hops = [*chain, peer]
    for address in reversed(hops):
        ip = _parse_ip(address)
        if ip is None or not any(ip in network for network in trusted_networks):
            return address
    return hops[0]


# One IPv6 subscriber gets at least a /64 (RFC 6177): counting single addresses in it would
# give every client 2**64 budgets.
IPV6_CLIENT_PREFIX = 64


def client_bucket(address: str) -> str:
    """What one client's budget is counted on: its IPv4 address (an IPv4-mapped IPv6
    address included), or its IPv6 /64. Anything unparsable counts as itself."""
    ip = _parse_ip(address)
    if ip is None:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    return str(ipaddress.IPv6Network((ip, IPV6_CLIENT_PREFIX), strict=False))
