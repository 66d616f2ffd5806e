from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from app.api.deps import EngineDep, LimiterDep
from app.api.responses import problem_responses
from app.api.routing import StrictJSONRoute
from app.core.db import ping
from app.core.errors import problem
from app.schemas.common import ResponseModel

router = APIRouter(prefix="/health", tags=["health"], route_class=StrictJSONRoute)


class Health(ResponseModel):
    status: str


@router.get("", name="live", responses=problem_responses(limited=False))
async def health() -> Health:
    """Liveness: the process answers. Not rate limited, no auth."""
    return Health(status="ok")


@router.get(
    "/ready",
    name="ready",
    response_model=Health,  # the return annotation is wider: a 503 is a problem response
    responses=problem_responses(
        503, when={503: "Not ready: the database or the rate-limit store does not answer"}
    ),
)
async def ready(engine: EngineDep, limiter: LimiterDep) -> object:
    """Readiness: the database answers, and so does the rate-limit store (Redis) if remote."""
    if not await run_in_threadpool(ping, engine):
        return problem(503, "The database is not reachable")
    if not limiter.is_local and not await run_in_threadpool(limiter.ping):
        return problem(503, "The rate-limit store is not reachable")
    return Health(status="ok")
