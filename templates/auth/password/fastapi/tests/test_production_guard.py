"""APP_ENV=production refuses to start with a missing, placeholder or short signing key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import uvicorn

import app.__main__ as entry
from app.core.config import PROJECT_ROOT, Settings, startup_problems


def settings(**values: Any) -> Settings:
    base: dict[str, Any] = {
        "app_env": "production",
        "jwt_secret": None,
        "jwt_private_key_file": None,
        "jwt_public_key_file": None,
        "redis_url": "redis://localhost:6379/0",  # required with the redis store; unused here
    }
    return Settings(_env_file=None, **{**base, **values})


def test_missing_placeholder_and_short_keys_are_refused() -> None:
    if Settings.model_fields["jwt_algorithm"].default == "HS256":
        assert startup_problems(settings())
        assert startup_problems(settings(jwt_secret="change-me-run-openssl-rand-hex-32"))
        assert startup_problems(settings(jwt_secret="too-short"))
        assert not startup_problems(settings(jwt_secret="k" * 32))
    else:
        assert startup_problems(settings())
        assert startup_problems(
            settings(
                jwt_private_key_file="change-me/jwt-private.pem",
                jwt_public_key_file="change-me/jwt-public.pem",
            )
        )


def test_weak_argon2_is_refused_outside_tests() -> None:
    with pytest.raises(ValueError, match="argon2"):
        settings(jwt_secret="k" * 32, argon2_time_cost=1)


def test_process_exits_before_listening(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "APP_ENV": "production",
        "JWT_SECRET": "change-me-run-openssl-rand-hex-32",
        "JWT_PRIVATE_KEY_FILE": "change-me/jwt-private.pem",
        "JWT_PUBLIC_KEY_FILE": "change-me/jwt-public.pem",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'guard.db'}",
        "PORT": "1",  # never reached: binding port 1 would fail differently
    }
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode != 0
    assert "refusing to start" in result.stderr
    assert "change-me" not in result.stderr


def test_python_m_app_exits_1_before_listening(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In-process, so coverage sees `main()`'s refusal (the test above runs a child process).
    monkeypatch.setattr(entry, "get_settings", settings)
    monkeypatch.setattr(uvicorn, "run", pytest.fail)
    assert entry.main() == 1
    err = capsys.readouterr().err
    assert err.startswith("error: refusing to start: ")
    assert err.endswith("hint: .env.example lists every setting\n")
