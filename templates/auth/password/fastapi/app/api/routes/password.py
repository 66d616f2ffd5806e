from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from app.api.auth_deps import HasherDep, HashingSlot, LockoutDep, RevokedTokensDep
from app.api.deps import CurrentUser, JSONBody, SessionDep
from app.api.responses import AUTHENTICATED, JSON_BODY, problem_responses
from app.api.routing import StrictJSONRoute
from app.core.errors import problem
from app.crud import refresh_tokens
from app.schemas.auth import PasswordChange

router = APIRouter(prefix="/users", tags=["users"], route_class=StrictJSONRoute)


@router.post(
    "/me/password",
    name="change_password",
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
    body: PasswordChange,
    user: CurrentUser,
    session: SessionDep,
    hasher: HasherDep,
    lockout: LockoutDep,
    revoked: RevokedTokensDep,
    _slot: HashingSlot,
) -> Response:
    """Change the caller's password; every session of the user (refresh and access tokens)
    ends with the old one.

    Proving the current password is a login attempt: it counts towards the account's
    lockout, or a stolen access token could guess the password here without limit.
    """
    wait = lockout.begin(user.email)
    if wait is not None:
        return problem(
            429, "Too many failed logins; try again later", headers={"Retry-After": str(wait)}
        )
    ok, _ = hasher.verify_and_update(body.current_password, user.hashed_password)
    if not ok:
        raise HTTPException(400, "The current password is wrong")
    lockout.record_success(user.email)
    user.hashed_password = hasher.hash(body.new_password)
    ended = refresh_tokens.end_sessions(session, user.id, issued_since=revoked.issued_since())
    session.commit()
    revoked.revoke_families(ended)
    return Response(status_code=204)
