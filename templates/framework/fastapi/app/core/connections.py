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
# File descriptors beyond the connections: database pool, log stream, imports, Redis.
_SPARE_FILES = 256


class BoundedH11Protocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_deadline: asyncio.TimerHandle | None = None
        self._opened_at = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._opened_at = self.loop.time()
        self._expect_within(HEADER_TIMEOUT_SECONDS)
        if len(self.connections) > MAX_CONNECTIONS:
            self._shed_one()

    def connection_lost(self, exc: Exception | None) -> None:
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
        else:
            self._after_reading(before)

    def _after_reading(self, before: RequestResponseCycle | None) -> None:
        cycle = self.cycle
        if cycle is None:
            return  # still reading the first request's headers
        if cycle is not before:  # a request's headers are complete: now its body, if any
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

    def _idle(self) -> bool:
        return (self.cycle is None or self.cycle.response_complete) and not (
            self.transport.is_closing()
        )

    def _shed_one(self) -> None:
        """Close the oldest connection with no request in progress (this one if none is)."""
        idle = [
            c
            for c in self.connections
            if c is not self and isinstance(c, BoundedH11Protocol) and c._idle()
        ]
        victim = min(idle, key=lambda c: c._opened_at, default=self)
        victim.transport.close()

    def _too_slow(self) -> None:
        self._read_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def raise_open_file_limit() -> None:
    """Let the process hold MAX_CONNECTIONS sockets: many systems start it at 1024 files."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource  # POSIX only

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = MAX_CONNECTIONS + _SPARE_FILES
        if soft != resource.RLIM_INFINITY and soft < wanted:
            ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
