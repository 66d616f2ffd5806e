/**
 * pino options for the app and the server under it: one JSON line per event, nothing
 * secret, no stack traces, and no raw control character from a client (a path may hold
 * `%0a` or `%e2%80%a8`), so a request can neither forge a line nor drive a terminal.
 */
import type { LoggerOptions } from "pino";
import type { Config } from "./config.js";

/**
 * Characters JSON leaves raw but that end a line, move the cursor or hide text: DEL, C1
 * (NEL included), the Unicode line and paragraph separators, bidi and zero-width format
 * characters. C0 controls are escaped by JSON itself; matched here too, tab aside, should
 * any reach the stream raw.
 */
const RAW_CONTROL =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

function unicodeEscape(char: string): string {
  return "\\u" + char.charCodeAt(0).toString(16).padStart(4, "0");
}

/**
 * `GET /x\u2028FORGED` stays on its line, visibly escaped. For any text; on a JSON line
 * each escape is a valid JSON string escape, so the line still parses to the same values.
 */
export function escapeControl(text: string): string {
  return text.replace(RAW_CONTROL, unicodeEscape);
}

/** Class name and code only: messages and stacks can carry SQL, values, paths or secrets. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const serialized: Record<string, unknown> = { type: error.constructor.name };
  const { code, statusCode } = error as {
    code?: unknown;
    statusCode?: unknown;
  };
  if (typeof code === "string" || typeof code === "number")
    serialized.code = code;
  if (typeof statusCode === "number") serialized.statusCode = statusCode;
  return serialized;
}

interface RequestLike {
  method?: unknown;
  url?: unknown;
  id?: unknown;
}

/** Method and path: the query string can carry personal data, so it is left out. */
export function serializeRequest(
  request: RequestLike,
): Record<string, unknown> {
  const url = typeof request.url === "string" ? request.url : "";
  const cut = url.search(/[?#]/);
  return {
    method: request.method,
    path: cut === -1 ? url : url.slice(0, cut),
    id: request.id,
  };
}

export function serializeResponse(response: {
  statusCode?: unknown;
}): Record<string, unknown> {
  return { statusCode: response.statusCode };
}

/** What is never logged, wherever it appears in a logged object. */
export const REDACTED_PATHS: readonly string[] = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
  "*.password",
  "*.current_password",
  "*.new_password",
  "*.token",
  "*.access_token",
  "*.refresh_token",
  "*.client_secret",
  "*.secret",
];

export function loggerOptions(config: Pick<Config, "logLevel">): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
    serializers: {
      err: serializeError,
      error: serializeError,
      req: serializeRequest,
      res: serializeResponse,
    },
    hooks: { streamWrite: escapeControl },
  };
}
