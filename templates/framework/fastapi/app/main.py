"""Application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from app.api.deps import requires_token
from app.api.main import api_router, on_startup, setup
from app.api.responses import install_openapi
from app.api.routing import operation_id
from app.core.config import PROJECT_NAME, Settings, get_settings, startup_problems
from app.core.cors import CORSMiddleware
from app.core.db import make_engine, make_sessionmaker, run_migrations
from app.core.errors import JSONResponse, install_error_handlers
from app.core.middleware import (
    BodyLimitMiddleware,
    CatchAllMiddleware,
    RateLimitMiddleware,
    RequestIdMiddleware,
    SecurityHeadersMiddleware,
)
from app.core.ratelimit import RateLimiter
from app.core.security import token_subject


def prepare(app: FastAPI) -> None:
    """Start-up work before serving: refuse bad keys, migrate, run the auth layer's hooks."""
    settings: Settings = app.state.settings
    problems = startup_problems(settings)
    if problems:
        raise RuntimeError("refusing to start: " + "; ".join(problems))
    if settings.migrate_on_start:
        run_migrations(settings.database_url)
    on_startup(app, settings)
    limiter: RateLimiter = app.state.limiter
    if not limiter.is_local and not limiter.ping():
        # Not fatal: Redis may come back. Until then limited routes and /health/ready say 503.
        logging.getLogger("app").warning(
            "the rate-limit store (REDIS_URL) does not answer; limited routes answer 503 until then"
        )
    app.state.prepared = True


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = make_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not app.state.prepared:  # started by another server than `python -m app`
            await run_in_threadpool(prepare, app)
        yield
        engine.dispose()  # after uvicorn has drained in-flight requests

    docs = settings.docs_enabled
    app = FastAPI(
        title=PROJECT_NAME,
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
        swagger_ui_oauth2_redirect_url="/docs/oauth2-redirect" if docs else None,
        default_response_class=JSONResponse,
        generate_unique_id_function=operation_id,
        # No redirects: `/items/` is not `/items` (404), and Starlette would build the
        # redirect's Location from the client's Host header (CONTRACT §3).
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.prepared = False
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.limiter = RateLimiter(
        settings.rate_limit_storage, settings.rate_limit_per_minute, settings.redis_key_prefix
    )
    setup(app, settings)
    install_error_handlers(app)
    app.include_router(api_router)
    install_openapi(app)

    # Added innermost first: each add_middleware wraps everything added before it.
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        RateLimitMiddleware,
        limiter=app.state.limiter,
        settings=settings,
        identify=lambda scope, token: (
            token_subject(settings, token) if requires_token(scope) else None
        ),
    )
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, origins=settings.cors_origins)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
