"""OAuth2 token endpoint (password and refresh_token grants), registration, revocation.

The password grant is for this API's own first-party clients only (RFC 9700 §2.4).
Token endpoint errors follow RFC 6749 §5.2, not problem details.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.api.auth_deps import HasherDep, HashingSlot, LockoutDep, RevokedTokensDep
from app.api.deps import JSONBody, SessionDep, SettingsDep
from app.api.responses import JSON_BODY, oauth_error_response, problem_responses
from app.api.routing import StrictJSONRoute
from app.core.config import Settings
from app.core.errors import JSONResponse, problem
from app.core.lockout import LoginLockout, RevokedAccessTokens
from app.core.passwords import PASSWORD_MAX_LENGTH, PasswordHasher
from app.core.scopes import ALL_SCOPES, allowed_scopes
from app.core.security import InvalidToken, create_access_token, decode_access_token
from app.crud import refresh_tokens
from app.crud import users as users_crud
from app.models.refresh_token import RefreshToken
from app.models.user import User
from app.schemas.auth import RegisterRequest, TokenResponse
from app.schemas.common import normalise_email
from app.schemas.users import UserPublic

router = APIRouter(prefix="/auth", tags=["auth"], route_class=StrictJSONRoute)

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# Absent, never null: a form has no null, so the document does not offer one.
FormStr = Annotated[str | SkipJsonSchema[None], Form()]
GRANT_TYPES = ["password", "refresh_token"]
# One answer for every reason, so it tells nothing about the account.
BAD_CREDENTIALS = "invalid username or password"
# Any other value is answered unsupported_grant_type (a 400, as documented), not a 422.
GrantType = Annotated[str | SkipJsonSchema[None], Form(json_schema_extra={"enum": GRANT_TYPES})]
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


def oauth_error(error: str, description: str) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=400, headers=NO_STORE
    )


def _token_pair(
    session: Session,
    settings: Settings,
    user: User,
    scopes: list[str],
    rotated: RefreshToken | None = None,
    password_hash: str | None = None,
) -> Response:
    """A new access token and refresh token; a rotation keeps the family and its expiry.

    A login passes the hash its password was verified against: the session is refused if
    that is no longer the user's (see refresh_tokens.password_unchanged).
    """
    scope = " ".join(sorted(scopes))
    issued = refresh_tokens.issue(
        session,
        user_id=user.id,
        scope=scope,
        ttl_seconds=settings.refresh_token_ttl_seconds,
        family_id=rotated.family_id if rotated else None,
        expires_at=rotated.expires_at if rotated else None,
    )
    # Read again now that the session is written: SQLite, which has no row lock, begins its
    # transaction (and takes its single write lock) only at that write.
    if password_hash is not None and not refresh_tokens.password_unchanged(
        session, user.id, password_hash
    ):
        session.rollback()
        return oauth_error("invalid_grant", BAD_CREDENTIALS)
    session.commit()
    body = TokenResponse(
        access_token=create_access_token(
            settings, user.id, sorted(scopes), family=issued.row.family_id
        ),
        expires_in=settings.access_token_ttl_seconds,
        refresh_token=issued.token,
        scope=scope,
    )
    return JSONResponse(body.model_dump(), headers=NO_STORE)


def _password_grant(
    session: Session,
    settings: Settings,
    hasher: PasswordHasher,
    lockout: LoginLockout,
    username: str | None,
    password: str | None,
    scope: str | None,
) -> Response:
    if not username or not password:
        return oauth_error("invalid_request", "username and password are required")
    # The spelling registration stores: lookalike forms reach (and lock) the same account.
    username = normalise_email(username)
    requested = scope.split() if scope else None
    if requested is not None and any(s not in ALL_SCOPES for s in requested):
        return oauth_error("invalid_scope", "unknown scope requested")
    wait = lockout.begin(username)  # counts this attempt (a failure unless it succeeds)
    if wait is not None:
        return problem(
            429, "Too many failed logins; try again later", headers={"Retry-After": str(wait)}
        )
    user = users_crud.get_by_email(session, username) if len(username) <= 254 else None
    candidate = password[: PASSWORD_MAX_LENGTH + 1]  # longer can never match; bound the work
    ok, new_hash = hasher.verify_and_update(candidate, user.hashed_password if user else None)
    if not ok or user is None or not user.is_active or len(password) > PASSWORD_MAX_LENGTH:
        return oauth_error("invalid_grant", BAD_CREDENTIALS)
    lockout.record_success(username)
    # A password change that committed while this password was being checked ends this login
    # before it starts: the session would belong to the old password.
    verified = user.hashed_password
    if verified is None or not refresh_tokens.password_unchanged(session, user.id, verified):
        return oauth_error("invalid_grant", BAD_CREDENTIALS)
    if new_hash:  # stored with older argon2 parameters: upgrade now that we know the password
        user.hashed_password = new_hash
    allowed = allowed_scopes(user.role)
    granted = [s for s in (requested or allowed) if s in allowed]
    return _token_pair(session, settings, user, granted, password_hash=new_hash or verified)


def _refresh_grant(
    session: Session,
    settings: Settings,
    revoked: RevokedAccessTokens,
    token: str | None,
    scope: str | None,
) -> Response:
    if not token:
        return oauth_error("invalid_request", "refresh_token is required")
    try:
        row = refresh_tokens.spend(session, token)
    except refresh_tokens.RefreshError as exc:
        session.commit()  # keep the family revocation a replay may have caused
        if exc.revoked_family is not None:  # and the family's access tokens die with it
            revoked.revoke_family(str(exc.revoked_family))
        return oauth_error("invalid_grant", "the refresh token is invalid, expired or spent")
    user = users_crud.get(session, row.user_id)
    if user is None or not user.is_active:
        session.commit()
        return oauth_error("invalid_grant", "the refresh token is invalid, expired or spent")
    original = set(row.scope.split())
    requested = set(scope.split()) if scope else original
    if not requested <= original:
        session.rollback()
        return oauth_error("invalid_scope", "scope exceeds the original grant")
    granted = [s for s in requested if s in allowed_scopes(user.role)]
    return _token_pair(session, settings, user, granted, rotated=row)


async def _form_problem(request: Request) -> JSONResponse | None:
    """RFC 6749 §3.2: no parameter of the form is repeated (a repeat would let two layers
    read two different values). TokenRoute has already refused any other media type."""
    form = await request.form()  # already parsed for the parameters below: cached
    if any(len(form.getlist(name)) > 1 for name in form):
        return oauth_error("invalid_request", "a parameter is given more than once")
    return None


class FormRoute(StrictJSONRoute):
    """RFC 6749 §3.2 and RFC 7009 §2.1: the token and revocation endpoints take
    application/x-www-form-urlencoded only.

    Checked before FastAPI reads the body: it would parse multipart too (file parts and
    all), and answer its errors as problems (400, or 422 for a file part).
    """

    @staticmethod
    def not_a_form() -> Response:
        """The answer to any other media type, the route's handler not run."""
        raise NotImplementedError

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def form_only(request: Request) -> Response:
            media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if media_type != FORM_MEDIA_TYPE:
                return self.not_a_form()
            return await handler(request)

        return form_only


class TokenRoute(FormRoute):
    @staticmethod
    def not_a_form() -> Response:
        return oauth_error("invalid_request", f"the body must be {FORM_MEDIA_TYPE}")


class RevokeRoute(FormRoute):
    @staticmethod
    def not_a_form() -> Response:
        # RFC 7009 §2.2: 200 whatever was sent; a body of another type revokes nothing.
        return Response(status_code=200, headers=NO_STORE)


token_router = APIRouter(route_class=TokenRoute)
revoke_router = APIRouter(route_class=RevokeRoute)


@token_router.post(
    "/token",
    name="token",
    response_model=TokenResponse,  # returned as a Response: the headers are no-store
    responses={
        **oauth_error_response(
            "RFC 6749 §5.2: a missing, repeated or malformed parameter, wrong credentials, "
            "a spent refresh token, an unknown scope or grant type"
        ),
        **problem_responses(
            when={429: "Too many requests, or too many failed logins for this account"}
        ),
    },
)
async def token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    hasher: HasherDep,
    lockout: LockoutDep,
    revoked: RevokedTokensDep,
    grant_type: GrantType = None,
    username: FormStr = None,
    password: FormStr = None,
    scope: FormStr = None,
    refresh_token: FormStr = None,
) -> Response:
    """OAuth2 token endpoint: `password` and `refresh_token` grants.

    Async only to wait for a hashing slot without holding a worker thread; the grants
    themselves (database and argon2) run in the thread pool.
    """
    bad_form = await _form_problem(request)
    if bad_form is not None:
        return bad_form
    values = (grant_type, username, password, scope, refresh_token)
    if any(v is not None and "\x00" in v for v in values):
        return oauth_error("invalid_request", "parameters must not contain NUL characters")
    if grant_type == "password":
        # Bounded concurrency: a flood of logins queues here and slows logins only.
        async with hasher.slots:
            return await run_in_threadpool(
                _password_grant, session, settings, hasher, lockout, username, password, scope
            )
    if grant_type == "refresh_token":
        return await run_in_threadpool(
            _refresh_grant, session, settings, revoked, refresh_token, scope
        )
    if not grant_type:
        return oauth_error("invalid_request", "grant_type is required")
    return oauth_error("unsupported_grant_type", "use password or refresh_token")


router.include_router(token_router)


@revoke_router.post(
    "/revoke",
    name="revoke",
    response_class=Response,  # an empty 200, documented without a body
    responses={
        200: {"description": "Always, whatever the token or the body (RFC 7009)"},
        **problem_responses(),
    },
)
def revoke(
    session: SessionDep, settings: SettingsDep, revoked: RevokedTokensDep, token: FormStr = None
) -> Response:
    """RFC 7009: 200 whatever the token. A refresh token ends every session of the user
    (refresh and access tokens); an access token is refused from now until it expires."""
    if token and "\x00" not in token:
        row = refresh_tokens.find(session, token)
        if row is not None:
            ended = refresh_tokens.end_sessions(
                session, row.user_id, issued_since=revoked.issued_since()
            )
            session.commit()
            revoked.revoke_families(ended)  # their access tokens die with them
        else:
            try:
                claims = decode_access_token(settings, token)
            except InvalidToken:
                pass
            else:
                revoked.revoke(claims.token_id)
    return Response(status_code=200, headers=NO_STORE)


router.include_router(revoke_router)


def registration_open(settings: SettingsDep) -> None:
    if not settings.allow_registration:
        raise HTTPException(404, "Not Found")


@router.post(
    "/register",
    name="register",
    status_code=201,
    dependencies=[Depends(registration_open), JSONBody],
    responses=problem_responses(
        *JSON_BODY,
        404,
        409,
        when={
            404: "Registration is closed (ALLOW_REGISTRATION=false)",
            409: "This email is already registered",
        },
    ),
)
def register(
    body: RegisterRequest, session: SessionDep, hasher: HasherDep, _slot: HashingSlot
) -> UserPublic:
    if users_crud.get_by_email(session, body.email) is not None:
        raise HTTPException(409, "This email is already registered")
    try:
        user = users_crud.create(
            session,
            email=body.email,
            hashed_password=hasher.hash(body.password),
            full_name=body.full_name,
        )
        session.commit()
    except IntegrityError:  # a concurrent registration won the race (at flush or commit)
        session.rollback()
        raise HTTPException(409, "This email is already registered") from None
    return UserPublic.model_validate(user)
