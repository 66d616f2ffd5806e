"""Router assembly: the one place that lists every router, and the auth layer's hooks."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from app.api.routes import admin, auth, health, items, order_lines, password, users
from app.core.bootstrap import bootstrap_admin, setup_auth
from app.core.config import Settings

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(auth.router)
api_router.include_router(password.router)
api_router.include_router(users.router)
api_router.include_router(admin.router)
api_router.include_router(items.router)
api_router.include_router(order_lines.router)


def setup(app: FastAPI, settings: Settings) -> None:
    """Attach what the auth layer needs to app.state (runs in create_app)."""
    setup_auth(app, settings)


def on_startup(app: FastAPI, settings: Settings) -> None:
    """Work to do once the database is migrated, before serving."""
    bootstrap_admin(app, settings)
