"""Plain, one-line logs. Nothing here logs bodies, headers, SQL or secrets by design:
request lines carry method, path, status, time and the request id only.

Every record, from the app or from uvicorn, asyncio and any other library, goes through one
formatter that keeps it on one line: control characters (a path may hold `%0a`) are
escaped, so a client cannot forge a line, and tracebacks are reduced to the exception's
class name, since their frames and messages can carry paths, SQL or secrets.
"""

from __future__ import annotations

import copy
import logging
import sys
import threading
import unicodedata
from types import TracebackType

# C0 and C1 controls, DEL, format characters (bidi overrides, zero-width) and the Unicode
# line and paragraph separators: each can end a line, hide text or drive a terminal.
# Lone surrogates too: a stream cannot encode them, and would fail the whole line.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def escape_control(text: str) -> str:
    """`GET /x\\n2026-... INFO` -> `GET /x\\\\n2026-... INFO`: one line, visibly escaped."""
    if text.isprintable():  # the common case: nothing to escape (spaces are printable)
        return text
    return "".join(
        ascii(c)[1:-1] if unicodedata.category(c) in _ESCAPED_CATEGORIES else c for c in text
    )


class _RequestIdDefault(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return True


class _OncePerSecond(logging.Filter):
    """asyncio logs a failed accept() (out of file descriptors) once per pending connection,
    up to the listen backlog, every time it retries: one line a second says the same."""

    def __init__(self) -> None:
        super().__init__()
        self._last: dict[object, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        last = self._last.get(record.msg)
        if last is not None and record.created - last < 1.0:
            return False
        if len(self._last) > 1000:  # distinct messages are few; never let this grow
            self._last.clear()
        self._last[record.msg] = record.created
        return True


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        exc_type = record.exc_info[0] if record.exc_info else None
        # Drop what would print a traceback or a stack; keep the exception's name only (on a
        # copy: other handlers, a test's log capture for one, see the record unchanged).
        record = copy.copy(record)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        line = super().format(record)
        if exc_type is not None:
            line += f" ({exc_type.__name__})"
        return escape_control(line)


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> None:
    logging.getLogger("app.errors").critical("uncaught exception: %s", exc_type.__name__)


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    logging.getLogger("app.errors").error(
        "uncaught exception in a thread: %s", args.exc_type.__name__
    )


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_RequestIdDefault())
    handler.setFormatter(
        OneLineFormatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Uvicorn's access log would print query strings; app.access replaces it.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error", "asyncio"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("asyncio").filters[:] = [_OncePerSecond()]
    # SQL statements (and their parameters) are never logged.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # What would otherwise reach stderr without a logger: warnings, and exceptions nothing
    # caught (Python prints those with a full traceback).
    logging.captureWarnings(True)
    logging.raiseExceptions = False  # a failing handler would print its own traceback
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
