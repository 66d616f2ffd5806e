/**
 * The contract's header set on every response, set from the core's map once the response
 * exists, by the outermost middleware, so 404s, 405s, 413s, 429s and errors carry it too.
 * hono/secure-headers is not used: its defaults (HSTS `max-age=15552000`, no CSP) differ
 * from CONTRACT §3. Only the docs page relaxes its CSP, for itself; and `c.json()`, which
 * names no charset, says `charset=utf-8`.
 */
import { createMiddleware } from "hono/factory";
import {
  DOCS_CSP,
  REMOVED_HEADERS,
  SECURITY_HEADERS,
  withCharset,
} from "../http/security-headers.js";

export const DOCS_PREFIX = "/docs";

export function isDocsPath(path: string): boolean {
  return path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`);
}

export const securityHeaders = createMiddleware(async (c, next) => {
  await next();
  const headers = c.res.headers;
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    headers.set(name, value);
  if (isDocsPath(c.req.path)) headers.set("content-security-policy", DOCS_CSP);
  for (const name of REMOVED_HEADERS) headers.delete(name);
  const type = headers.get("content-type");
  if (type !== null) headers.set("content-type", withCharset(type));
});
