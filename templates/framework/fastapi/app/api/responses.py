"""What the OpenAPI document says a route answers besides its success: the contract's errors.

Each route lists the statuses it can send (`responses=problem_responses(401, 404, ...)`);
every one is RFC 9457 problem details, `application/problem+json`, and the token endpoint's
400 is RFC 6749 §5.2. The body schemas are declared once here as Pydantic models and become
components of the document through `install_openapi`, so a fuzzer reading the document
(schemathesis, in tests/test_schemathesis.py) holds the server to exactly what it sends.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI
from fastapi.openapi.utils import validation_error_definition, validation_error_response_definition
from pydantic import BaseModel, Field
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from app.core.errors import PROBLEM_MEDIA_TYPE, JSONResponse

SCHEMAS = "#/components/schemas/"


class FieldError(BaseModel):
    pointer: str = Field(description="JSON Pointer (RFC 6901) into the body, or /<parameter>")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int = Field(ge=400, le=599)
    detail: str


class ValidationProblem(Problem):
    errors: list[FieldError]


class OAuthError(BaseModel):
    """RFC 6749 §5.2: every error of the token endpoint."""

    error: Literal["invalid_request", "invalid_grant", "invalid_scope", "unsupported_grant_type"]
    error_description: str


WHEN = {
    400: "The body is malformed: not JSON, or not UTF-8",
    401: "No access token, or one that is not valid (any more)",
    403: "The access token lacks the scope this route needs",
    404: "No such object, or someone else's",
    409: "A unique value is taken",
    413: "The body is larger than MAX_BODY_BYTES",
    415: "The body is not application/json",
    422: "The request failed validation",
    429: "Too many requests; retry after Retry-After seconds",
    500: "An unexpected error; no details are given",
    503: "The database or the rate-limit store does not answer; retry later",
}

CHALLENGE = {"WWW-Authenticate": {"required": True, "schema": {"type": "string"}}}
SECONDS = {"type": "string", "pattern": "^[0-9]+$"}
RETRY_AFTER = {"Retry-After": {"required": True, "schema": SECONDS}}
HEADERS: dict[int, dict[str, Any]] = {401: CHALLENGE, 403: CHALLENGE, 429: RETRY_AFTER}
# The 201 of a create: where the new object lives.
CREATED: dict[str, Any] = {
    "description": "Created; Location is the new object's path",
    "headers": {"Location": {"required": True, "schema": {"type": "string"}}},
}

# Every route: the body limit and the catch-all sit in front of all of them.
EVERY_ROUTE = (413, 500)
# Every rate-limited route (all but liveness): the limit, and its store or the database down.
LIMITED = (429, 503)
# Every route that parses a JSON body.
JSON_BODY = (400, 413, 415, 422)
AUTHENTICATED = (401,)
SCOPED = (401, 403)


def problem_responses(
    *statuses: int, limited: bool = True, when: dict[int, str] | None = None
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: each error status it can send, as problem details.

    `when` words a status the route's own way (e.g. 404 "Registration is closed").
    """
    codes = {*statuses, *EVERY_ROUTE, *(LIMITED if limited else ())}
    described = {**WHEN, **(when or {})}
    responses: dict[int | str, dict[str, Any]] = {}
    for status in sorted(codes):
        model = ValidationProblem if status == 422 else Problem
        response: dict[str, Any] = {
            "description": described[status],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": SCHEMAS + model.__name__}}},
        }
        if status in HEADERS:
            response["headers"] = HEADERS[status]
        responses[status] = response
    return responses


def oauth_error_response(description: str) -> dict[int | str, dict[str, Any]]:
    return {
        400: {
            "description": description,
            "content": {JSONResponse.media_type: {"schema": {"$ref": SCHEMAS + "OAuthError"}}},
        }
    }


FASTAPI_422 = {"$ref": SCHEMAS + "HTTPValidationError"}


def _drop_fastapi_422(document: dict[str, Any], schemas: dict[str, Any]) -> None:
    """FastAPI documents a 422 of its own body on every route with inputs. Ours declare the
    422 they send; where FastAPI's is left, the route never sends one (the token endpoint
    answers every error as RFC 6749 §5.2), so it goes, with the schemas only it used."""
    for path in document.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            media = responses.get("422", {}).get("content", {}).get("application/json", {})
            if media.get("schema") == FASTAPI_422:
                del responses["422"]
    for name, definition in (
        ("HTTPValidationError", validation_error_response_definition),
        ("ValidationError", validation_error_definition),
    ):
        if schemas.get(name) == definition:  # not a resource's model of the same name
            del schemas[name]


def install_openapi(app: FastAPI) -> None:
    """Add the error bodies above to the components of the app's document."""
    build = app.openapi  # FastAPI's own builder, which caches into app.openapi_schema

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        models: list[tuple[type[BaseModel], JsonSchemaMode]] = [
            (Problem, "serialization"),
            (ValidationProblem, "serialization"),
            (OAuthError, "serialization"),
        ]
        _, defs = models_json_schema(models, ref_template=SCHEMAS + "{model}")
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(defs["$defs"])
        _drop_fastapi_422(document, schemas)
        return document

    # FastAPI's documented way to extend the document is replacing this method.
    app.openapi = openapi  # type: ignore[method-assign]
