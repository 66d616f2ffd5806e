/**
 * mysql2's errors, sorted into the kinds ./errors.ts answers for: a unique conflict, a
 * value the column cannot hold, the database not answering. Codes, not messages (a MySQL
 * message quotes the offending value); Node's socket errors are sorted there.
 */
import type { DatabaseErrorKind } from "./errors.js";

const OUT_OF_RANGE = new Set([
  "ER_WARN_DATA_OUT_OF_RANGE", // 1264
  "ER_DATA_OUT_OF_RANGE", // 1690
  "ER_TRUNCATED_WRONG_VALUE", // 1292: a datetime it cannot hold
  "ER_TRUNCATED_WRONG_VALUE_FOR_FIELD", // 1366: a string it cannot hold
  "ER_DATA_TOO_LONG", // 1406
  "ER_WARN_DATA_TRUNCATED", // 1265
  "ER_DATETIME_FUNCTION_OVERFLOW", // 1441
]);

const UNAVAILABLE = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_CON_COUNT_ERROR",
  "ER_TOO_MANY_USER_CONNECTIONS",
  "ER_SERVER_SHUTDOWN",
  "ER_ACCESS_DENIED_ERROR",
  "ER_BAD_DB_ERROR",
  "ER_LOCK_WAIT_TIMEOUT",
]);

export function dialectErrorKind(
  error: unknown,
): DatabaseErrorKind | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, fatal } = error as { code?: unknown; fatal?: unknown };
  if (code === "ER_DUP_ENTRY") return "unique";
  if (typeof code === "string" && OUT_OF_RANGE.has(code)) return "out-of-range";
  if ((typeof code === "string" && UNAVAILABLE.has(code)) || fatal === true)
    return "unavailable";
  return undefined;
}
