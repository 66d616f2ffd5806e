"""RFC 9457 problem details for every error, and the handlers that produce them."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from limits.errors import StorageError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse as StarletteJSONResponse
from starlette.responses import Response
from starlette.routing import Match

PROBLEM_MEDIA_TYPE = "application/problem+json"


class JSONResponse(StarletteJSONResponse):
    """JSON with an explicit charset, as the contract asks of every JSON body."""

    media_type = "application/json; charset=utf-8"


class ProblemResponse(StarletteJSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem(
    status: int,
    detail: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> ProblemResponse:
    title = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        **extra,
    }
    return ProblemResponse(body, status_code=status, headers=headers)


def _pointer(loc: tuple[int | str, ...]) -> str:
    # ("body", "tags", 0, "name") -> "/tags/0/name"; query/path params -> "/limit".
    parts = list(loc[1:]) if loc and loc[0] in {"body", "query", "path", "header"} else list(loc)
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _clean_message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "Invalid value"))
    # Pydantic prefixes custom errors; the rest of its text never echoes the input.
    return message.removeprefix("Value error, ")


PROBED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """Every method any route accepts on this path.

    Starlette's 405 lists only the first matching route's methods, so ask the router, one
    method at a time, whether some route fully matches. TRACE and CONNECT are never served.
    """
    allowed = []
    for method in PROBED_METHODS:
        probe = {**request.scope, "method": method}
        if any(route.matches(probe)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):  # registered for this type only
        raise exc
    headers = dict(exc.headers or {})
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == HTTPStatus.NOT_FOUND and detail == "Not Found":
        detail = "No such resource"
    return problem(exc.status_code, detail, headers=headers)


async def validation_exception_handler(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):  # registered for this type only
        raise exc
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return problem(HTTPStatus.BAD_REQUEST, "The request body is not valid JSON")
    return problem(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "The request failed validation",
        errors=[
            {"pointer": _pointer(tuple(e["loc"])), "message": _clean_message(e)} for e in errors
        ],
    )


async def database_unavailable_handler(request: Request, exc: Exception) -> Response:
    """The database (or the pool) did not answer: 503, retryable, and nothing of the driver's
    message (it can name the host, the driver or the SQL). One log line, class name only."""
    logging.getLogger("app.errors").error("database unavailable: %s", type(exc).__name__)
    return problem(503, "The database is not available; retry later", headers={"Retry-After": "5"})


async def store_unavailable_handler(request: Request, exc: Exception) -> Response:
    """The rate-limit store (Redis) did not answer while a route used it (login attempts,
    revoked tokens): fail closed, as the rate-limit middleware does."""
    logging.getLogger("app.errors").error("rate-limit store unavailable: %s", type(exc).__name__)
    return problem(503, STORE_UNAVAILABLE, headers={"Retry-After": "5"})


STORE_UNAVAILABLE = "The rate-limit store is not available; retry later"


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_exception_handler)
    app.add_exception_handler(RequestValidationError, validation_exception_handler)
    # Connection refused or lost, server gone away, pool exhausted: not the client's fault.
    for error in (OperationalError, InterfaceError, SQLAlchemyTimeoutError):
        app.add_exception_handler(error, database_unavailable_handler)
    app.add_exception_handler(StorageError, store_unavailable_handler)
