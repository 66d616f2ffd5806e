/**
 * Python requirements of the generated FastAPI project (PEP 508, lower bound for the
 * features the templates use, upper bound at the next major). The generator passes these
 * to the templates as `python.dependencies` / `python.devDependencies`, and formats emitted
 * Python with `ruff` (the same settings pyproject.toml.hbs writes into `[tool.ruff]`).
 */
export const fastapiPython = {
  dependencies: [
    "fastapi>=0.115,<1",
    "uvicorn>=0.32,<1",
    "pydantic>=2.9,<3",
    "pydantic-settings>=2.7,<3",
    "sqlalchemy>=2.0.36,<3",
    "alembic>=1.14,<2",
    "pyjwt[crypto]>=2.10,<3",
    "pwdlib[argon2]>=0.2.1,<1",
    "limits>=4,<6",
    "python-multipart>=0.0.18,<1",
  ],
  // Ruff pinned to the minor the generator formats with (@astral-sh/ruff-wasm-nodejs), so
  // `ruff format --check` agrees with the emitted code; ruff changes style between minors.
  // schemathesis pinned to a minor too: a new minor adds checks, which would turn a project's
  // own suite (tests/test_schemathesis.py) red without a change of its code.
  devDependencies: [
    "pytest>=8.3,<9",
    "pytest-cov>=6,<8",
    "httpx>=0.27,<1",
    "ruff>=0.17.4,<0.18",
    "mypy>=1.13,<2",
    "schemathesis>=4.32.5,<4.33",
  ],
  // uv in the Docker build stage and in CI, pinned: the tool that reads uv.lock is part of
  // what makes the install reproducible.
  uv: "0.13.9",
  ruff: {
    lineLength: 100,
    targetVersion: "py311",
    // Ruff finds first-party packages on disk; the generator formats in memory, so it is told.
    knownFirstParty: ["app", "tests"],
    // The alembic/ folder at the root is migrations, not the alembic package.
    knownThirdParty: ["alembic"],
  },
} as const;

/** Driver per server database (app/core/db.py maps `postgresql://` / `mysql://` to these). */
export const databaseDependencies = {
  sqlite: [],
  // psycopg 3 with its bundled libpq wheel: no system libpq or compiler needed.
  postgres: ["psycopg[binary]>=3.2,<4"],
  // Pure-Python MySQL/MariaDB driver; `cryptography` (already there through pyjwt[crypto])
  // covers MySQL 8's caching_sha2_password.
  mysql: ["pymysql>=1.1.1,<2"],
} as const satisfies Record<"sqlite" | "postgres" | "mysql", readonly string[]>;

/** What the rate-limit store needs beyond the `limits` library. */
export const rateLimitStoreDependencies = {
  memory: [],
  redis: ["redis>=5,<9"],
} as const satisfies Record<"memory" | "redis", readonly string[]>;
