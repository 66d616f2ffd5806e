"""Settings, read from the environment and `.env` (the real environment wins)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PROJECT_NAME = "golden-api"

# Values shipped in .env.example. The app refuses to run in production with any of them.
PLACEHOLDER_PREFIX = "change-me"

# The documented floor (OWASP) for argon2id. Only APP_ENV=test may go lower, for speed.
ARGON2_MIN_TIME_COST = 2
ARGON2_MIN_MEMORY_COST = 19456

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    app_env: Literal["development", "test", "production"] = "development"
    log_level: str = "INFO"

    database_url: str = "sqlite:///data/app.db"
    migrate_on_start: bool = True
    # Per process, for server databases (ignored by SQLite): size x workers x instances must
    # stay under the server's max_connections.
    database_pool_size: int = Field(default=5, ge=1, le=100)
    database_max_overflow: int = Field(default=10, ge=0, le=100)

    jwt_algorithm: Literal["HS256", "EdDSA", "ES256"] = "HS256"
    jwt_secret: str | None = None
    jwt_private_key_file: str | None = None
    jwt_public_key_file: str | None = None
    jwt_issuer: str = PROJECT_NAME
    jwt_audience: str = PROJECT_NAME
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86400)
    refresh_token_ttl_seconds: int = Field(default=1209600, ge=300)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=900, ge=1)
    allow_registration: bool = True
    bootstrap_admin_email: str | None = None
    bootstrap_admin_password: str | None = None
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost: int = Field(default=65536, ge=8)

    rate_limit_per_minute: int = Field(default=120, ge=1)
    redis_url: str | None = None
    # Namespace of this app's keys in Redis: instances of one deployment share it.
    redis_key_prefix: str = Field(default=PROJECT_NAME, min_length=1, max_length=100)
    trust_proxy: str | None = None
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1048576, ge=1)
    expose_docs: bool | None = None

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _parse_origins(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("cors_origins")
    @classmethod
    def _no_wildcard(cls, value: list[str]) -> list[str]:
        if "*" in value:
            raise ValueError("CORS_ORIGINS lists exact origins; '*' is not allowed")
        return value

    @field_validator("trust_proxy")
    @classmethod
    def _check_trust_proxy(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.isdigit():
            for part in value.split(","):
                ipaddress.ip_network(part.strip(), strict=False)  # raises ValueError
        return value

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.app_env != "test" and (
            self.argon2_time_cost < ARGON2_MIN_TIME_COST
            or self.argon2_memory_cost < ARGON2_MIN_MEMORY_COST
        ):
            raise ValueError("argon2 parameters below t=2, m=19456 KiB are allowed only in tests")
        return self

    @property
    def docs_enabled(self) -> bool:
        if self.expose_docs is None:
            return self.app_env != "production"
        return self.expose_docs

    @property
    def trusted_hops(self) -> int | None:
        """`TRUST_PROXY=N`: the client is the N-th address from the right of X-Forwarded-For."""
        if self.trust_proxy is not None and self.trust_proxy.isdigit():
            return int(self.trust_proxy)
        return None

    @property
    def trusted_networks(self) -> list[Network]:
        if self.trust_proxy is None or self.trust_proxy.isdigit():
            return []
        return [ipaddress.ip_network(p.strip(), strict=False) for p in self.trust_proxy.split(",")]

    @property
    def rate_limit_storage(self) -> str:
        """A `limits` storage URI: Redis when REDIS_URL is set (shared by every instance)."""
        return self.redis_url or "memory://"

    def key_file(self, value: str | None) -> Path | None:
        if not value:
            return None
        path = Path(value)
        return path if path.is_absolute() else PROJECT_ROOT / path


def startup_problems(settings: Settings) -> list[str]:
    """Reasons this configuration must not serve traffic. Empty means fine."""
    problems: list[str] = []
    strict = settings.app_env == "production"
    if settings.jwt_algorithm == "HS256":
        secret = settings.jwt_secret
        if not secret:
            problems.append("JWT_SECRET is not set")
        elif strict and secret.startswith(PLACEHOLDER_PREFIX):
            problems.append("JWT_SECRET is the placeholder from .env.example")
        elif strict and len(secret.encode()) < 32:
            problems.append("JWT_SECRET is shorter than 32 bytes")
    else:
        for name, value in (
            ("JWT_PRIVATE_KEY_FILE", settings.jwt_private_key_file),
            ("JWT_PUBLIC_KEY_FILE", settings.jwt_public_key_file),
        ):
            path = settings.key_file(value)
            if value and strict and value.startswith(PLACEHOLDER_PREFIX):
                problems.append(f"{name} is the placeholder from .env.example")
            elif path is None or not path.is_file():
                problems.append(f"{name} does not name a readable PEM file")
    return problems


@lru_cache
def get_settings() -> Settings:
    return Settings()
