/**
 * Python requirements of the generated FastAPI project (PEP 508, lower bound for the
 * features the templates use, upper bound at the next major). The generator passes these
 * to the templates as `python.dependencies` / `python.devDependencies`.
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
  devDependencies: ["pytest>=8.3,<9", "httpx>=0.27,<1", "ruff>=0.8,<1", "mypy>=1.13,<2"],
} as const;
