"""CORS for the exact origins in CORS_ORIGINS, and nothing at all for any other origin."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware import cors
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.errors import problem


class CORSMiddleware(cors.CORSMiddleware):
    """Starlette's CORSMiddleware with explicit lists; no credentials (bearer tokens travel
    in a header, not in cookies), so never `*`.

    Starlette sends a listed origin's headers (expose-headers, a preflight's allow lists) to
    any origin, where the contract allows none to an origin not listed: such a request skips
    it (with `Vary: Origin` still), and a preflight it refuses is a problem like every error.
    """

    def __init__(self, app: ASGIApp, *, origins: list[str]) -> None:
        super().__init__(
            app,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            allow_credentials=False,
            expose_headers=[
                "Location",
                "RateLimit",
                "RateLimit-Policy",
                "Retry-After",
                "X-Request-ID",
            ],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = Headers(scope=scope).get("origin") if scope["type"] == "http" else None
        if origin is not None and not self.is_allowed_origin(origin):
            await self.simple_response(scope, receive, send, request_headers=Headers())
            return
        await super().__call__(scope, receive, send)

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 400:  # a method or header not listed
            return problem(400, bytes(response.body).decode(), headers={"Vary": "Origin"})
        return response
