"""Access tokens (RFC 9068 JWTs) for password mode: issuing and verifying.

The auth layer's contract with the rest of the app: `token_scheme` (OpenAPI security
scheme), `decode_access_token()` -> AccessClaims, raising InvalidToken on any doubt.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key
from fastapi.security import OAuth2PasswordBearer

from app.core.config import Settings
from app.core.scopes import ALL_SCOPES

ACCESS_TOKEN_TYPE = "at+jwt"  # noqa: S105 - a media type, not a secret
LEEWAY_SECONDS = 60
REQUIRED_CLAIMS = ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"]

token_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token", scopes=ALL_SCOPES, auto_error=False)


class InvalidToken(Exception):
    """The token must not be trusted. The reason stays server-side."""


# RFC 7519 §2 NumericDate: a JSON number of seconds; past the year 9999 it is no date at all.
LAST_NUMERIC_DATE = 253402300799  # 9999-12-31T23:59:59Z


def _is_numeric_date(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 0 <= value <= LAST_NUMERIC_DATE  # also false for NaN; infinity is out of range


@dataclass(frozen=True, slots=True)
class AccessClaims:
    subject: uuid.UUID
    scopes: frozenset[str]
    token_id: str
    # The login (refresh-token family) the token was issued for: a replayed refresh token
    # revokes the whole family, access tokens included.
    family: str | None = None


@lru_cache(maxsize=8)
def _read_key(path: Path, private: bool) -> object:
    data = path.read_bytes()
    return load_pem_private_key(data, password=None) if private else load_pem_public_key(data)


def _key(settings: Settings, *, private: bool) -> object:
    """The signing (private) or verification (public) key; HS256 uses the one secret."""
    if settings.jwt_algorithm == "HS256":
        return settings.jwt_secret
    name = "JWT_PRIVATE_KEY_FILE" if private else "JWT_PUBLIC_KEY_FILE"
    path = settings.key_file(
        settings.jwt_private_key_file if private else settings.jwt_public_key_file
    )
    if path is None:
        raise RuntimeError(f"{name} is not set")
    return _read_key(path, private=private)


def create_access_token(
    settings: Settings,
    subject: uuid.UUID,
    scopes: list[str],
    *,
    ttl: int | None = None,
    family: uuid.UUID | None = None,
) -> str:
    now = datetime.now(UTC)
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(subject),
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl or settings.access_token_ttl_seconds),
        "jti": uuid.uuid4().hex,
        "scope": " ".join(scopes),
    }
    if family is not None:
        claims["sid"] = str(family)  # the login session (OIDC's claim name), for revocation
    return jwt.encode(
        claims,
        _key(settings, private=True),  # type: ignore[arg-type]
        algorithm=settings.jwt_algorithm,
        headers={"typ": ACCESS_TOKEN_TYPE},
    )


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    try:
        # The header is read unverified only to refuse what we never issue; the algorithm
        # and key come from configuration, never from the header (no jwk/jku/x5u/kid).
        header = jwt.get_unverified_header(token)
        if str(header.get("typ", "")).lower() not in {ACCESS_TOKEN_TYPE, "application/at+jwt"}:
            raise InvalidToken("wrong typ")
        if "crit" in header:
            raise InvalidToken("unsupported crit")
        claims = jwt.decode(
            token,
            _key(settings, private=False),  # type: ignore[arg-type]
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": REQUIRED_CLAIMS, "verify_signature": True},
        )
        # PyJWT coerces what it checks (int("1700000000") passes): the types are ours to check.
        if not all(_is_numeric_date(claims[name]) for name in ("exp", "nbf", "iat")):
            raise InvalidToken("exp, nbf or iat is not a NumericDate")
        scope = claims.get("scope", "")
        token_id = claims["jti"]
        family = claims.get("sid")
        if not all(isinstance(v, str) for v in (claims["sub"], scope, token_id)):
            raise InvalidToken("sub, scope or jti is not a string")
        if family is not None and not isinstance(family, str):
            raise InvalidToken("sid is not a string")
        subject = uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
        raise InvalidToken(type(exc).__name__) from None
    return AccessClaims(
        subject=subject, scopes=frozenset(scope.split()), token_id=token_id, family=family
    )


def token_subject(settings: Settings, token: str) -> str | None:
    """The verified `sub`, or None. The rate limiter keys authenticated clients on it."""
    try:
        return str(decode_access_token(settings, token).subject)
    except InvalidToken:
        return None
