/**
 * Project names become a directory, a Python distribution or npm package name, the JWT
 * issuer and a database name, so they are held to the strictest of those rules.
 */
import path from "node:path";
import { UsageError } from "../errors.js";

const PROJECT_NAME = /^[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

// Names that would shadow a dependency or a tool when installed, or that the platforms reserve.
const RESERVED_PROJECT_NAMES = new Set([
  "app",
  "src",
  "test",
  "tests",
  "node_modules",
  "favicon.ico",
  "rampart",
  "create-rampart",
  "fastapi",
  "starlette",
  "pydantic",
  "sqlalchemy",
  "alembic",
  "uvicorn",
  "pytest",
  "ruff",
  "mypy",
  "jwt",
  "pyjwt",
  "limits",
  "pwdlib",
  "fastify",
  "express",
  "hono",
  "kysely",
  "zod",
  "jose",
  "con",
  "prn",
  "aux",
  "nul",
  "com1",
  "lpt1",
]);

/**
 * `value` in double quotes, safe to print in a one-line message: quotes, backslashes,
 * control and format characters (ESC, newlines, bidi overrides, zero-width) are escaped, so
 * an echoed name can neither colour the terminal nor forge a second line.
 */
export function quoted(value: string): string {
  const escaped = value.replace(/["\\]|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (ch) => {
    if (ch === '"' || ch === "\\") return `\\${ch}`;
    return NAMED_ESCAPES[ch] ?? `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}

const NAMED_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function validateProjectName(name: string): string {
  if (!PROJECT_NAME.test(name)) {
    throw new UsageError(
      `invalid project name ${quoted(name)}: use 1-64 lower-case letters, digits and hyphens, starting with a letter`,
    );
  }
  if (RESERVED_PROJECT_NAMES.has(name)) {
    throw new UsageError(`invalid project name ${quoted(name)}: it is reserved (it would shadow a package or tool)`);
  }
  return name;
}

/**
 * A relative target must stay inside the working directory: `../../etc` is more likely a
 * slip than a wish. An absolute path says exactly where the user wants the project, and is
 * taken as given (create-vite does the same).
 */
export function resolveTarget(dirArg: string, cwd: string): string {
  const target = path.resolve(cwd, dirArg);
  if (path.isAbsolute(dirArg)) return target;
  const rel = path.relative(cwd, target);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new UsageError(`refusing to write outside the current directory: ${quoted(dirArg)}`);
  }
  return target;
}
