/**
 * `X-Request-ID`: echoed when the client sent a short, safe token (so it can never forge a
 * log line or a header), otherwise a fresh one.
 */
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "X-Request-ID";

const SAFE = /^[A-Za-z0-9._-]{1,64}$/;

export function newRequestId(): string {
  return randomUUID().replaceAll("-", "");
}

/** The sent id if it is safe; a new one if it is absent, repeated or anything else. */
export function acceptRequestId(
  sent: string | readonly string[] | undefined,
): string {
  return typeof sent === "string" && SAFE.test(sent) ? sent : newRequestId();
}
