"""Engine, sessions and migrations. The only place that knows about database drivers."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, Float, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.compiler import TypeCompiler

from app.core.config import PROJECT_ROOT

# Standard URL scheme (what DATABASE_URL holds) -> SQLAlchemy dialect+driver.
_DRIVERS = {
    "sqlite": "sqlite+pysqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "mysql": "mysql+pymysql",
    "mariadb": "mysql+pymysql",
}


def to_sqlalchemy_url(database_url: str) -> URL:
    """Map `DATABASE_URL` to a driver URL. Relative SQLite paths are relative to the project."""
    url = make_url(database_url)
    backend = url.drivername.split("+", 1)[0]
    if "+" not in url.drivername:
        if backend not in _DRIVERS:
            raise ValueError(f"unsupported DATABASE_URL scheme: {backend}")
        url = url.set(drivername=_DRIVERS[backend])
    if backend == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        if not path.is_absolute():
            path = PROJECT_ROOT / path
        # On failure, connecting fails later and says so; /health/ready reports it.
        with suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
        url = url.set(database=str(path))
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets readers run beside one writer.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# MySQL / MariaDB: the same schema as PostgreSQL, whatever the migration spells. Plain
# DATETIME keeps whole seconds and FLOAT is single precision there; these make every
# `DateTime` a DATETIME(6) (microseconds, like PostgreSQL's timestamptz; values are UTC, see
# UTCDateTime) and every `Float` a DOUBLE, in migrations and `alembic check` alike.
@compiles(DateTime, "mysql")
@compiles(DateTime, "mariadb")
def _mysql_datetime(type_: DateTime, compiler: TypeCompiler, **kw: Any) -> str:
    return "DATETIME(6)"


@compiles(Float, "mysql")
@compiles(Float, "mariadb")
def _mysql_double(type_: Float[Any], compiler: TypeCompiler, **kw: Any) -> str:
    return "DOUBLE"


CONNECT_TIMEOUT_SECONDS = 5


def make_engine(database_url: str, *, pool_size: int = 5, max_overflow: int = 10) -> Engine:
    url = to_sqlalchemy_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        # Sync routes run in a thread pool, so connections cross threads.
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    if backend in {"mysql", "mariadb"}:
        # utf8mb4 end to end (4-byte characters such as emoji are stored, not refused), UTC
        # sessions, and strict mode: a value that does not fit is an error, never truncated.
        url = url.update_query_dict({"charset": "utf8mb4"})
        connect_args["init_command"] = "SET SESSION sql_mode = 'TRADITIONAL', time_zone = '+00:00'"
    return create_engine(
        url,
        connect_args=connect_args,
        pool_pre_ping=True,  # a connection the server dropped is replaced, not handed out
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=10,  # waiting longer for a free connection: answer 503 instead
        # Under MySQL's wait_timeout (8 h) and most proxies' idle limits.
        pool_recycle=1800,
    )


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)


def ping(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


def run_migrations(database_url: str) -> None:
    """`alembic upgrade head`, in-process (MIGRATE_ON_START and the test suite use it)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")
