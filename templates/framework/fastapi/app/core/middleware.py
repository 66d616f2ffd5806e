"""Pure ASGI middleware: security headers, request ids, rate limits, body limits, 500s.

Pure ASGI (not BaseHTTPMiddleware) so that streaming, background tasks and contextvars
behave, and so that every response, errors included, passes through each layer.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus

import anyio
from fastapi import HTTPException
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings
from app.core.errors import STORE_UNAVAILABLE
from app.core.ratelimit import RateLimiter, StorageError, client_bucket, client_ip

logger = logging.getLogger("app.access")

API_CSP = "default-src 'none'; frame-ancestors 'none'"
# Swagger UI loads its bundle from jsDelivr and runs one inline bootstrap script.
DOCS_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src data: https://fastapi.tiangolo.com; connect-src 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect"})
UNLIMITED_PATHS = frozenset({"/health"})  # liveness only; readiness touches the database
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _problem_body(status: int, detail: str) -> bytes:
    title = HTTPStatus(status).phrase
    return json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail}
    ).encode()


async def send_problem(
    send: Send, status: int, detail: str, headers: list[tuple[str, str]] | None = None
) -> None:
    body = _problem_body(status, detail)
    raw = [(b"content-type", b"application/problem+json"), (b"content-length", b"%d" % len(body))]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers or []]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """The contract's headers on every response, errors, 404 and 429 included (outermost)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] in DOCS_PATHS else API_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name in ("server", "x-powered-by"):
                    del headers[name]
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Content-Security-Policy"] = csp
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                headers["Cross-Origin-Resource-Policy"] = "same-origin"
                headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
                # An API answer is personal or fresh; no shared or browser cache should keep it.
                headers["Cache-Control"] = "no-store"
                if headers.get("content-type") == "application/json":  # e.g. /openapi.json
                    headers["Content-Type"] = "application/json; charset=utf-8"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestIdMiddleware:
    """Echo a safe X-Request-ID or mint one; write one access log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = Headers(scope=scope).get("x-request-id", "")
        request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            # Path only: query strings may carry personal data.
            logger.info(
                "%s %s %d %.1fms",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
                extra={"request_id": request_id},
            )


class RateLimitMiddleware:
    """Count every request against its client: the user id when `identify` vouches for the
    request's bearer token (a valid token, on a route that requires one), else the IP."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limiter: RateLimiter,
        settings: Settings,
        identify: Callable[[Scope, str], str | None],
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.settings = settings
        self.identify = identify

    def client_key(self, scope: Scope) -> str:
        headers = Headers(scope=scope)
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            subject = self.identify(scope, token.strip())
            if subject:
                return f"user:{subject}"
        peer = scope["client"][0] if scope.get("client") else None
        ip = client_ip(
            peer,
            headers.getlist("x-forwarded-for"),
            self.settings.trusted_hops,
            self.settings.trusted_networks,
        )
        return f"ip:{client_bucket(ip)}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        key = self.client_key(scope)
        if self.limiter.is_local:
            decision = self.limiter.hit(key)
        else:  # a network store must not block the event loop
            try:
                decision = await anyio.to_thread.run_sync(self.limiter.hit, key)
            except StorageError as exc:
                # Fail closed: without the store there are no limits, lockouts or revocations.
                logging.getLogger("app.errors").error(
                    "rate-limit store unavailable: %s", type(exc.storage_error).__name__
                )
                await send_problem(send, 503, STORE_UNAVAILABLE, [("Retry-After", "5")])
                return
        if not decision.allowed:
            headers = [*decision.headers, ("Retry-After", str(decision.reset_after))]
            await send_problem(send, 429, "Too many requests; retry later", headers)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in decision.headers:
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_limits)


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=413, detail="The request body is too large")


class BodyLimitMiddleware:
    """413 past MAX_BODY_BYTES, by Content-Length up front and by counting streamed bytes.

    Not FastAPI's `max_body_size`: its 413 is a text/plain answer from outside the app's
    middleware and exception handlers, so it would carry neither problem details nor the
    security headers the contract puts on every response.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status = 413 if declared.isdigit() else 400
            await send_problem(send, status, HTTPStatus(status).phrase)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        await self.app(scope, counted_receive, send)


class CatchAllMiddleware:
    """Turn any unhandled exception into a bare 500 problem, logged without details.

    Sits inside the other middleware so the 500 still gets security and rate-limit headers
    (Starlette's own fallback handler runs outside all user middleware).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            # Class name only: messages and tracebacks can carry SQL, paths or secrets.
            logging.getLogger("app.errors").error("unhandled error: %s", type(exc).__name__)
            if not started:
                await send_problem(send, 500, "An unexpected error occurred")
