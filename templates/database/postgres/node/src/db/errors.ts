/**
 * pg's errors, sorted into what the contract answers: a unique conflict (409), a value the
 * column cannot hold (422), the database not answering (503). SQLSTATE codes, not messages.
 */
export type DatabaseErrorKind = "unique" | "out-of-range" | "unavailable";

const OUT_OF_RANGE = new Set([
  "22001", // string_data_right_truncation
  "22003", // numeric_value_out_of_range
  "22007", // invalid_datetime_format
  "22008", // datetime_field_overflow
  "22021", // character_not_in_repertoire (a NUL byte in text)
  "22P02", // invalid_text_representation
]);

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
]);

// pg's own connection failures carry no code, only these messages.
const POOL_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout/i;

export function databaseErrorKind(
  error: unknown,
): DatabaseErrorKind | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code === "string") {
    if (code === "23505") return "unique";
    if (OUT_OF_RANGE.has(code)) return "out-of-range";
    // 08: connection exceptions; 53: out of connections or memory; 57P: shutting down.
    if (/^(08|53|57P)/.test(code) || NETWORK.has(code)) return "unavailable";
    return undefined;
  }
  return POOL_MESSAGES.test(error.message) ? "unavailable" : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return databaseErrorKind(error) === "unique";
}

export function isValueOutOfRange(error: unknown): boolean {
  return databaseErrorKind(error) === "out-of-range";
}
