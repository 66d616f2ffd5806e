"""The one table of scopes and which role may hold them.

Each resource (`items`, and every `rampart add endpoint <name>`) has `<name>:read` and
`<name>:write` in RESOURCE_SCOPES.
A token's scopes are always cut to what the user's role allows *now*, so changing this
table or a user's role takes effect on the next request.
"""

from __future__ import annotations

from typing import Literal

Role = Literal["user", "admin"]
ROLES: tuple[Role, ...] = ("user", "admin")

# Scopes every signed-in user may hold: access to their own rows of each resource.
RESOURCE_SCOPES: dict[str, str] = {
    "items:read": "Read your own items",
    "items:write": "Create, change and delete your own items",
    "order_lines:read": "Read your own order lines",
    "order_lines:write": "Create, change and delete your own order lines",
}

ADMIN_SCOPES: dict[str, str] = {
    "users:admin": "List users, change their role and disable them",
}

ALL_SCOPES: dict[str, str] = {**RESOURCE_SCOPES, **ADMIN_SCOPES}

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "user": frozenset(RESOURCE_SCOPES),
    "admin": frozenset(RESOURCE_SCOPES) | frozenset(ADMIN_SCOPES),
}


def allowed_scopes(role: str) -> frozenset[str]:
    return ROLE_SCOPES.get(role, frozenset())
