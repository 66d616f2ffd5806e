/**
 * Database errors, sorted into what the contract answers: a unique conflict (409), a value
 * the column cannot hold (422), the database not answering (503). Which driver codes mean
 * which is the database layer's knowledge (./dialect-errors.ts); the app asks here.
 */
import { dialectErrorKind } from "./dialect-errors.js";

export type DatabaseErrorKind = "unique" | "out-of-range" | "unavailable";

// Node's socket errors, on every driver that talks to a server: it did not answer.
const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
]);

function isNetworkError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  return typeof code === "string" && NETWORK.has(code);
}

export function databaseErrorKind(
  error: unknown,
): DatabaseErrorKind | undefined {
  return (
    dialectErrorKind(error) ??
    (isNetworkError(error) ? "unavailable" : undefined)
  );
}

export function isUniqueViolation(error: unknown): boolean {
  return databaseErrorKind(error) === "unique";
}

export function isValueOutOfRange(error: unknown): boolean {
  return databaseErrorKind(error) === "out-of-range";
}
