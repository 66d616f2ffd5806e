"""Request dependencies: settings, DB session, the current user and scope checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Security
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security import SecurityScopes
from fastapi.security.base import SecurityBase
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.types import Scope

from app.core.config import Settings
from app.core.ratelimit import RateLimiter
from app.core.scopes import allowed_scopes
from app.core.security import InvalidToken, decode_access_token, token_scheme
from app.crud import users as users_crud
from app.models.user import User


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


EngineDep = Annotated[Engine, Depends(get_engine)]


def get_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.limiter
    return limiter


LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]


def get_session(request: Request) -> Iterator[Session]:
    # Routes commit explicitly, before the response is built; anything else rolls back.
    with request.app.state.sessionmaker() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def _unauthorized(error: str | None = None) -> HTTPException:
    challenge = f'Bearer error="{error}"' if error else "Bearer"
    detail = "The access token is missing" if error is None else "The access token is not valid"
    return HTTPException(401, detail, headers={"WWW-Authenticate": challenge})


def get_current_user(
    security_scopes: SecurityScopes,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(token_scheme)],
) -> User:
    """Load the caller on every request: a disabled or deleted user is out at once, and the
    token's scopes are cut to what the user's role allows now."""
    if not token:
        raise _unauthorized()
    try:
        claims = decode_access_token(settings, token)
    except InvalidToken:
        raise _unauthorized("invalid_token") from None
    revoked = getattr(request.app.state, "revoked_tokens", None)  # set by auth layers that revoke
    if revoked is not None and revoked.is_revoked(claims):
        raise _unauthorized("invalid_token")
    user = users_crud.get(session, claims.subject)
    if user is None or not user.is_active:
        raise _unauthorized("invalid_token")
    granted = claims.scopes & allowed_scopes(user.role)
    missing = [s for s in security_scopes.scopes if s not in granted]
    if missing:
        needed = " ".join(security_scopes.scopes)
        raise HTTPException(
            403,
            "The access token lacks the scope this route needs",
            headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{needed}"'},
        )
    request.state.scopes = granted
    return user


CurrentUser = Annotated[User, Security(get_current_user)]
UsersAdmin = Annotated[User, Security(get_current_user, scopes=["users:admin"])]


def _uses_security_scheme(dependant: Dependant) -> bool:
    return any(
        isinstance(sub.call, SecurityBase) or _uses_security_scheme(sub)
        for sub in dependant.dependencies
    )


def _token_operations(app: Any) -> list[tuple[str, re.Pattern[str]]]:
    """(method, path pattern) of every operation that requires an access token, read once
    from the app's routes: those with a security scheme among their dependencies, the rule
    FastAPI's OpenAPI document applies, however routers nest. Not from the document itself:
    building its schemas takes seconds for a wide resource, on the first authenticated request."""
    operations: list[tuple[str, re.Pattern[str]]] | None = getattr(
        app.state, "token_operations", None
    )
    if operations is None:
        operations = [
            (method, route.path_regex)
            # FastAPI's own walk of nested routers, the one its OpenAPI document uses.
            for route in iter_route_contexts(app.routes)
            if isinstance(route.original_route, APIRoute) and _uses_security_scheme(route.dependant)
            for method in route.methods or ()
        ]
        app.state.token_operations = operations
    return operations


def requires_token(scope: Scope) -> bool:
    """Whether the request goes to a route that authenticates its caller.

    The rate limiter keys only those requests on the token's user: elsewhere a bearer token
    (say, of a throwaway account) must not buy a budget of its own, so they count by IP.
    """
    method = "GET" if scope["method"] == "HEAD" else scope["method"]
    return any(
        m == method and pattern.match(scope["path"])
        for m, pattern in _token_operations(scope["app"])
    )


def require_json(request: Request) -> None:
    """415 for a JSON route sent a body of any other media type.

    FastAPI's `strict_content_type` (on by default) only declines to parse a body sent
    without a Content-Type, which then fails validation (422); the contract says 415.
    """
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    has_body = request.headers.get("content-length", "0") != "0" or (
        "transfer-encoding" in request.headers
    )
    if (has_body or media_type) and not (
        media_type == "application/json"
        or (media_type.startswith("application/") and media_type.endswith("+json"))
    ):
        raise HTTPException(415, "This route accepts application/json only")


JSONBody = Depends(require_json)
