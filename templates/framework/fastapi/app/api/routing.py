"""The route class every router uses (JSON bodies parsed strictly), and operation ids.

Python's json module accepts NaN, Infinity and -Infinity, which are not JSON (RFC 8259);
a body holding them is malformed, so it gets the same 400 as any other broken JSON (the
schemas' `allow_inf_nan=False` could only make it a 422, after parsing had accepted it). Given
bytes, it also guesses UTF-16 and UTF-32; JSON exchanged between systems is UTF-8 only
(RFC 8259 §8.1), so the body is decoded as UTF-8 here and anything else is malformed too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute


def _reject_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not valid JSON", name, 0)


class StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise json.JSONDecodeError("not UTF-8", "", exc.start) from None
            # A str, not bytes: json.loads would detect (and accept) UTF-16/32 in bytes.
            self._json = json.loads(text, parse_constant=_reject_constant)
        return self._json


def operation_id(route: APIRoute) -> str:
    """`<tag>-<name>` (`items-list`, `users-update-me`): the names generated API clients
    give their methods. Each route sets `name=` (snake_case, which FastAPI also turns into
    the summary), unique within its router's one tag; a route without a tag is its name."""
    name = route.name.replace("_", "-")
    return f"{route.tags[0]}-{name}" if route.tags else name


class StrictJSONRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
