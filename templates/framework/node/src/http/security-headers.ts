/**
 * The headers the contract puts on every response (errors, 404 and 429 included), as one
 * map an adapter sets in its last hook. Exact strings: helmet's defaults differ
 * (`SAMEORIGIN`, CSP directives joined without a space).
 */

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The docs page only: Swagger UI served from the project itself (no CDN), with its one
 * inline bootstrap script and inline styles.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** Where the interactive docs page and its assets are served. */
export const DOCS_PREFIX = "/docs";

/** Whether a request URL (query string and all) is the docs page or one of its assets. */
export function isDocsPath(url: string): boolean {
  const path = url.split("?", 1)[0] ?? url;
  return path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`);
}

/** An API answer is personal or fresh: no shared or browser cache keeps it. */
export const NO_STORE = { "Cache-Control": "no-store" } as const;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": API_CSP,
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
  ...NO_STORE,
};

/** Headers that name the server or its stack: removed from every response. */
export const REMOVED_HEADERS: readonly string[] = ["server", "x-powered-by"];

/** `application/json` without a charset (a library's own JSON) gets one, as the contract asks. */
export function withCharset(contentType: string): string {
  return /^application\/json\s*$/i.test(contentType)
    ? "application/json; charset=utf-8"
    : contentType;
}
