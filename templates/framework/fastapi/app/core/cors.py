"""CORS for the exact origins in CORS_ORIGINS, and nothing at all for any other origin.

Starlette's CORSMiddleware sends some CORS headers (expose-headers, preflight methods) to
every origin; this one answers only listed origins and never uses `*` or credentials
(bearer tokens travel in a header, not in cookies).
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOW_METHODS = "GET, POST, PATCH, DELETE"
ALLOW_HEADERS = frozenset({"authorization", "content-type", "x-request-id"})
EXPOSE_HEADERS = "Location, RateLimit, RateLimit-Policy, Retry-After, X-Request-ID"
MAX_AGE = "600"


class CORSMiddleware:
    def __init__(self, app: ASGIApp, *, origins: list[str]) -> None:
        self.app = app
        self.origins = frozenset(origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        allowed = origin is not None and origin in self.origins
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if allowed and preflight:
            await self._preflight(send, origin or "", headers)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                response_headers.add_vary_header("Origin")  # caches must key on it
                if allowed:
                    response_headers["Access-Control-Allow-Origin"] = origin or ""
                    response_headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _preflight(self, send: Send, origin: str, headers: Headers) -> None:
        requested = headers.get("access-control-request-headers", "")
        asked = {h.strip().lower() for h in requested.split(",") if h.strip()}
        raw = [
            (b"access-control-allow-origin", origin.encode()),
            (b"access-control-allow-methods", ALLOW_METHODS.encode()),
            (b"access-control-allow-headers", ", ".join(sorted(asked & ALLOW_HEADERS)).encode()),
            (b"access-control-max-age", MAX_AGE.encode()),
            (b"vary", b"Origin"),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": raw})
        await send({"type": "http.response.body", "body": b""})
