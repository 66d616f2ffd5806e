"""What the shared fixtures need from the auth layer (password mode)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from fastapi import FastAPI

from app.core.config import Settings
from app.core.scopes import allowed_scopes
from app.core.security import create_access_token
from app.crud import users as users_crud
from app.models.user import User

PASSWORD = "a perfectly fine test passphrase"


def settings_for_tests(key_dir: Path) -> dict[str, Any]:
    """Signing keys made for the run, and argon2 cheap enough for a fast suite."""
    algorithm = Settings.model_fields["jwt_algorithm"].default
    values: dict[str, Any] = {
        "argon2_time_cost": 1,
        "argon2_memory_cost": 8,
        "login_max_failures": 5,
        "login_lockout_seconds": 900,
        "allow_registration": True,
        "bootstrap_admin_email": None,
        "bootstrap_admin_password": None,
    }
    if algorithm == "HS256":
        return {**values, "jwt_secret": "test-secret-" + "x" * 40}
    private: Any = (
        ed25519.Ed25519PrivateKey.generate()
        if algorithm == "EdDSA"
        else ec.generate_private_key(ec.SECP256R1())
    )
    private_file, public_file = key_dir / "private.pem", key_dir / "public.pem"
    private_file.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public_file.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return {
        **values,
        "jwt_private_key_file": str(private_file),
        "jwt_public_key_file": str(public_file),
    }


def create_user(app: FastAPI, *, email: str, role: str = "user", **fields: Any) -> User:
    password = fields.pop("password", PASSWORD)
    with app.state.sessionmaker() as session:
        user = users_crud.create(
            session, email=email, hashed_password=app.state.hasher.hash(password), role=role
        )
        for name, value in fields.items():
            setattr(user, name, value)
        session.commit()
        return user


def access_token(settings: Settings, user: User, scopes: list[str] | None = None, **_: Any) -> str:
    chosen = sorted(allowed_scopes(user.role)) if scopes is None else scopes
    return create_access_token(settings, user.id, chosen)
