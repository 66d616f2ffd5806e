from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from app.api.responses import problem_responses
from app.api.routing import StrictJSONRoute
from app.core.db import ping
from app.core.errors import problem
from app.schemas.common import ResponseModel

router = APIRouter(prefix="/health", tags=["health"], route_class=StrictJSONRoute)


class Health(ResponseModel):
    status: str


@router.get("", response_model=Health, responses=problem_responses(limited=False))
async def health() -> Health:
    """Liveness: the process answers. Not rate limited, no auth."""
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Health,
    responses=problem_responses(
        503, when={503: "Not ready: the database or the rate-limit store does not answer"}
    ),
)
async def ready(request: Request) -> object:
    """Readiness: the database answers, and so does the rate-limit store (Redis) if remote."""
    if not await run_in_threadpool(ping, request.app.state.engine):
        return problem(503, "The database is not reachable")
    limiter = request.app.state.limiter
    if not limiter.is_local and not await run_in_threadpool(limiter.ping):
        return problem(503, "The rate-limit store is not reachable")
    return Health(status="ok")
