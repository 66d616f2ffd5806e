from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import CurrentUser, JSONBody, SessionDep
from app.api.responses import AUTHENTICATED, JSON_BODY, problem_responses
from app.api.routing import StrictJSONRoute
from app.schemas.users import UserPublic, UserSelfUpdate

router = APIRouter(prefix="/users", tags=["users"], route_class=StrictJSONRoute)


@router.get("/me", name="me", responses=problem_responses(*AUTHENTICATED))
def read_me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@router.patch(
    "/me",
    name="update_me",
    dependencies=[JSONBody],
    responses=problem_responses(*AUTHENTICATED, *JSON_BODY),
)
def update_me(body: UserSelfUpdate, user: CurrentUser, session: SessionDep) -> UserPublic:
    for field, value in body.model_dump(exclude_unset=True).items():
        setattr(user, field, value)
    session.commit()
    return UserPublic.model_validate(user)
