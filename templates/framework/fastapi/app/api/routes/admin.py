from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from app.api.deps import JSONBody, SessionDep, UsersAdmin
from app.api.responses import JSON_BODY, SCOPED, problem_responses
from app.api.routing import StrictJSONRoute
from app.crud import users as users_crud
from app.schemas.common import Limit, Offset, Page
from app.schemas.users import UserAdminUpdate, UserPublic

router = APIRouter(prefix="/admin", tags=["admin"], route_class=StrictJSONRoute)


@router.get("/users", name="list_users", responses=problem_responses(*SCOPED, 422))
def list_users(
    _admin: UsersAdmin,
    session: SessionDep,
    limit: Annotated[Limit, Query()] = 20,
    offset: Annotated[Offset, Query()] = 0,
) -> Page[UserPublic]:
    rows, total = users_crud.page(session, limit=limit, offset=offset)
    return Page[UserPublic](
        items=[UserPublic.model_validate(u) for u in rows], total=total, limit=limit, offset=offset
    )


@router.patch(
    "/users/{user_id}",
    name="update_user",
    dependencies=[JSONBody],
    responses=problem_responses(
        *SCOPED, *JSON_BODY, 404, 409, when={409: "An admin changing their own role or is_active"}
    ),
)
def update_user(
    user_id: uuid.UUID, body: UserAdminUpdate, admin: UsersAdmin, session: SessionDep
) -> UserPublic:
    user = users_crud.get(session, user_id)
    if user is None:
        raise HTTPException(404, "No such user")
    changes = body.model_dump(exclude_unset=True)
    if user.id == admin.id and any(getattr(user, f) != v for f, v in changes.items()):
        # Demoting or disabling oneself could leave no admin at all, and the bootstrap admin
        # is never recreated for an email that exists: another admin must do it.
        raise HTTPException(409, "Admins cannot change their own role or active state")
    for field, value in changes.items():
        setattr(user, field, value)
    session.commit()
    return UserPublic.model_validate(user)
