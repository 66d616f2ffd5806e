from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from app.api.deps import CurrentUser, JSONBody, SessionDep
from app.api.responses import AUTHENTICATED, JSON_BODY, problem_responses
from app.api.routing import StrictJSONRoute
from app.crud import refresh_tokens
from app.schemas.auth import PasswordChange

router = APIRouter(prefix="/users", tags=["users"], route_class=StrictJSONRoute)


@router.post(
    "/me/password",
    status_code=204,
    dependencies=[JSONBody],
    responses=problem_responses(
        *AUTHENTICATED,
        *JSON_BODY,
        when={
            400: "The body is malformed, or the current password is wrong",
            429: "Too many requests, or too many failed logins for this account",
        },
    ),
)
def change_password(
    body: PasswordChange, request: Request, user: CurrentUser, session: SessionDep
) -> Response:
    """Change the caller's password; every refresh token of the user dies with the old one."""
    hasher = request.app.state.hasher
    ok, _ = hasher.verify_and_update(body.current_password, user.hashed_password)
    if not ok:
        raise HTTPException(400, "The current password is wrong")
    user.hashed_password = hasher.hash(body.new_password)
    refresh_tokens.revoke_all_for_user(session, user.id)
    session.commit()
    return Response(status_code=204)
