from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from app.api.routing import StrictJSONRoute
from app.core.db import ping
from app.core.errors import problem
from app.schemas.common import ResponseModel

router = APIRouter(prefix="/health", tags=["health"], route_class=StrictJSONRoute)


class Health(ResponseModel):
    status: str


@router.get("", response_model=Health)
async def health() -> Health:
    """Liveness: the process answers. Not rate limited, no auth."""
    return Health(status="ok")


@router.get("/ready", response_model=Health, responses={503: {"description": "Not ready"}})
async def ready(request: Request) -> object:
    """Readiness: the database answers."""
    if await run_in_threadpool(ping, request.app.state.engine):
        return Health(status="ok")
    return problem(503, "The database is not reachable")
