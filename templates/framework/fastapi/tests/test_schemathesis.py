"""The API against its own OpenAPI document, fuzzed in-process by schemathesis.

Every operation (your edits and every `rampart add endpoint` resource included) gets a few
generated requests, valid and invalid, and every check schemathesis has: no 500, statuses,
media types, headers and bodies as documented, invalid input refused, valid input accepted.
A failure prints a curl line that reproduces it. schemathesis.toml lists the rejections the
document cannot express (a login needs a password the fuzzer cannot know).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from app.models.user import User

# Enough to walk every operation's valid and invalid shapes; the run stays in seconds.
EXAMPLES_PER_OPERATION = 8
CONFIG = Path(__file__).resolve().parents[1] / "schemathesis.toml"


@pytest.fixture
def api_schema(app: FastAPI) -> schemathesis.BaseSchema:
    config = SchemathesisConfig.from_path(CONFIG)
    # Examples and fuzzing, bounded above; the coverage phase's boundary cases (hundreds an
    # operation) and stateful sequences run in rampart's own end-to-end suite.
    config.projects.default.phases.update(phases=["examples", "fuzzing"])
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


@pytest.fixture
def auth_headers(admin: User, headers_for: Callable[..., dict[str, str]]) -> dict[str, str]:
    """An admin's token with every scope, so every route gets past its scope check."""
    return headers_for(admin)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_api_matches_its_openapi_document(
    case: schemathesis.Case[Any], auth_headers: dict[str, str]
) -> None:
    case.call_and_validate(headers=auth_headers)
