/**
 * better-sqlite3's error codes, sorted into the kinds ./errors.ts answers for: a unique
 * conflict, a value the column cannot hold, the database not answering.
 */
import type { DatabaseErrorKind } from "./errors.js";

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code } = error as { code?: unknown };
  return typeof code === "string" ? code : undefined;
}

// The E* codes: opening the file (or its folder) failed.
const UNAVAILABLE = new Set([
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_CANTOPEN",
  "SQLITE_FULL",
  "SQLITE_READONLY",
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOSPC",
]);

export function dialectErrorKind(
  error: unknown,
): DatabaseErrorKind | undefined {
  const code = codeOf(error);
  if (code === undefined) return undefined;
  if (
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  )
    return "unique";
  if (code === "SQLITE_TOOBIG") return "out-of-range";
  if (UNAVAILABLE.has(code) || code.startsWith("SQLITE_IOERR"))
    return "unavailable";
  return undefined;
}
