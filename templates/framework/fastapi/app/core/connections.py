"""uvicorn's HTTP/1.1 protocol with the bounds uvicorn lacks (CONTRACT §2).

- Read deadlines. uvicorn arms its keep-alive timer only once a response is sent, so a
  client that connects and sends nothing, or drips a header a byte at a time, holds its
  socket for ever: thousands of them starve the process of file descriptors. Here request
  headers must be complete within HEADER_TIMEOUT_SECONDS of the connection (or of the last
  response), and a body within BODY_TIMEOUT_SECONDS of its headers.
- A cap on open connections that sheds the oldest idle one first. uvicorn's own
  `limit_concurrency` answers 503 to every new request once idle sockets fill it, so a
  flood of idle connections would lock everyone else out; closing an idle one costs its
  client nothing but a reconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol, RequestResponseCycle

HEADER_TIMEOUT_SECONDS = 10.0
# MAX_BODY_BYTES (1 MiB by default) in 30 s is about 35 KB/s: slow links still make it.
BODY_TIMEOUT_SECONDS = 30.0
MAX_CONNECTIONS = 1000
# uvicorn's default, stated: a request line plus headers larger than this is a 400.
MAX_HEADER_BYTES = 16 * 1024
# Connections accepted in one go before any is set up (and shed): asyncio accepts up to the
# listen backlog per wake-up, each taking a file descriptor. uvicorn's default is 2048.
BACKLOG = 128
# File descriptors beyond the connections: database pool, log stream, imports, Redis.
_SPARE_FILES = 256


# Connections with no request in progress, longest idle first (dicts keep insertion order):
# shedding one is O(1), so a flood costs the event loop no scans. One server per process.
_idle: dict[BoundedH11Protocol, None] = {}


class BoundedH11Protocol(H11Protocol):
    # Lowered by fit_to_open_file_limit() when the process may not open that many files.
    max_connections = MAX_CONNECTIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect_within(HEADER_TIMEOUT_SECONDS)
        if len(self.connections) > self.max_connections:
            # The longest idle connection makes room (this one, if every other is busy).
            victim = next(iter(_idle), self)
            _idle.pop(victim, None)
            victim.transport.close()
        if not self.transport.is_closing():
            _idle[self] = None

    def connection_lost(self, exc: Exception | None) -> None:
        _idle.pop(self, None)
        self._expect_within(None)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        before = self.cycle
        super().data_received(data)
        self._after_reading(before)

    def on_response_complete(self) -> None:
        before = self.cycle
        super().on_response_complete()
        if self.transport.is_closing():
            return
        if self.cycle is before:  # no pipelined request was waiting: the next one starts now
            self._expect_within(HEADER_TIMEOUT_SECONDS)
            _idle[self] = None
        else:
            self._after_reading(before)

    def _after_reading(self, before: RequestResponseCycle | None) -> None:
        cycle = self.cycle
        if cycle is None:
            return  # still reading the first request's headers
        if cycle is not before:  # a request's headers are complete: now its body, if any
            _idle.pop(self, None)
            self._expect_within(BODY_TIMEOUT_SECONDS if cycle.more_body else None)
        elif not cycle.more_body and not cycle.response_complete:
            self._expect_within(None)  # the body is complete; the app has the request

    def _expect_within(self, seconds: float | None) -> None:
        """Close the connection unless what it is reading arrives within `seconds`."""
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None
        if seconds is not None:
            self._read_deadline = self.loop.call_later(seconds, self._too_slow)

    def _too_slow(self) -> None:
        self._read_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def fit_to_open_file_limit() -> int:
    """Raise the open-file limit to fit MAX_CONNECTIONS (many systems start at 1024); where
    the hard limit forbids it, lower the cap instead, so the cap sheds connections before
    accept() runs out of file descriptors (asyncio logs every failed accept). Returns the cap.
    """
    try:
        import resource  # POSIX only
    except ImportError:
        return BoundedH11Protocol.max_connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    reserve = BACKLOG + _SPARE_FILES
    wanted = MAX_CONNECTIONS + reserve
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
            soft = ceiling
        if soft < wanted:
            BoundedH11Protocol.max_connections = max(1, soft // 4, soft - reserve)
    return BoundedH11Protocol.max_connections
