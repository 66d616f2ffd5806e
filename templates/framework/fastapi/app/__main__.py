"""`python -m app`: check the configuration, then serve with uvicorn."""

from __future__ import annotations

import sys

import uvicorn
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from app.core.config import Settings, get_settings, startup_problems
from app.core.connections import (
    BACKLOG,
    MAX_HEADER_BYTES,
    BoundedH11Protocol,
    fit_to_open_file_limit,
)
from app.core.logging import configure_logging


def main() -> int:
    try:
        settings: Settings = get_settings()
    except ValidationError as exc:
        names = [".".join(str(p) for p in e["loc"]) or "settings" for e in exc.errors()]
        fields = ", ".join(names)
        print(f"error: invalid configuration: {fields}", file=sys.stderr)
        return 2
    problems = startup_problems(settings)
    if problems:
        # Refuse before listening: a server with a guessable key is worse than none.
        for problem in problems:
            print(f"error: refusing to start: {problem}", file=sys.stderr)
        print("hint: .env.example lists every setting", file=sys.stderr)
        return 1
    configure_logging(settings.log_level)

    from app.main import create_app, prepare

    try:
        app = create_app(settings)
        prepare(app)  # before listening, so a failure here never half-starts the server
    except Exception as exc:
        # One line, no traceback: it could show paths, SQL or connection strings.
        hint = " (is DATABASE_URL right, and does the database answer?)"
        hint = hint if isinstance(exc, SQLAlchemyError) else ""
        print(f"error: could not start: {type(exc).__name__}{hint}", file=sys.stderr)
        return 1

    fit_to_open_file_limit()
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        # What a client may hold (CONTRACT §2): a header deadline and a connection cap that
        # sheds idle sockets first (app/core/connections.py), a listen backlog that keeps
        # accept() within the open-file limit, headers of at most 16 KiB,
        # and 5 s of keep-alive idleness between requests. No `limit_concurrency`: it would
        # answer 503 to everyone once idle sockets filled it.
        http=BoundedH11Protocol,
        backlog=BACKLOG,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_keep_alive=5,
        # Forwarding headers are handled by TRUST_PROXY in the app, never by uvicorn.
        proxy_headers=False,
        server_header=False,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=30,  # SIGTERM: stop accepting, finish in-flight requests
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
