/**
 * pg's errors, sorted into the kinds ./errors.ts answers for: a unique conflict, a value
 * the column cannot hold, the database not answering. SQLSTATE codes, not messages (Node's
 * socket errors are sorted there, for every server database).
 */
import type { DatabaseErrorKind } from "./errors.js";

const OUT_OF_RANGE = new Set([
  "22001", // string_data_right_truncation
  "22003", // numeric_value_out_of_range
  "22007", // invalid_datetime_format
  "22008", // datetime_field_overflow
  "22021", // character_not_in_repertoire (a NUL byte in text)
  "22P02", // invalid_text_representation
]);

// pg's own connection failures carry no code, only these messages.
const POOL_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout/i;

export function dialectErrorKind(
  error: unknown,
): DatabaseErrorKind | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code === "string") {
    if (code === "23505") return "unique";
    if (OUT_OF_RANGE.has(code)) return "out-of-range";
    // 08: connection exceptions; 53: out of connections or memory; 57P: shutting down.
    if (/^(08|53|57P)/.test(code)) return "unavailable";
    return undefined;
  }
  return POOL_MESSAGES.test(error.message) ? "unavailable" : undefined;
}
