// CONTRACT §3 "Headers on every response": audited on every response a test file saw.
import { describe, expect, it } from "vitest";
import type { Api, ApiResponse } from "./api.js";

export const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-resource-policy": "same-origin",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
};

/** CONTRACT §3 "a short safe token": what is echoed, and the shape of a generated id. */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const norm = (s: string) => s.replace(/\s+/g, " ").replace(/;\s*$/, "").trim();

/** Resources whose routes are rate limited: `items`, plus any a resource suite registers. */
const limitedResources = new Set<string>(["items"]);
export function registerLimitedResource(resource: string): void {
  limitedResources.add(resource);
}

/** Paths served by a rate-limited route (every route but /health; unknown paths excluded). */
export function isLimitedRoute(path: string): boolean {
  const p = path.split("?")[0] ?? path;
  if (p === "/health") return false;
  if (/^\/(auth\/(register|token|revoke)|users\/me(\/password)?|admin\/users(\/[^/]+)?|health\/ready)$/.test(p))
    return true;
  const m = /^\/([a-z0-9_-]+)(\/[^/]+)?$/.exec(p);
  return m?.[1] !== undefined && limitedResources.has(m[1]);
}

/** Violations of the security header set by one response (empty when fine). */
export function securityHeaderViolations(r: ApiResponse): string[] {
  const v: string[] = [];
  const isDocs = r.path.split("?")[0] === "/docs" || r.path.startsWith("/docs/");
  for (const [name, want] of Object.entries(SECURITY_HEADERS)) {
    const got = r.headers[name];
    if (got === undefined) v.push(`missing ${name}`);
    else if (name === "content-security-policy" && isDocs) continue;
    else if (norm(got).toLowerCase() !== norm(want).toLowerCase())
      v.push(`${name}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  }
  const ct = r.headers["content-type"];
  if (ct && /^application\/json\b/i.test(ct) && !/charset=utf-8/i.test(ct))
    v.push(`JSON content-type without charset=utf-8: ${ct}`);
  if (r.text.length > 0 && r.json !== undefined && !ct) v.push("JSON body without content-type");
  if ("x-powered-by" in r.headers) v.push(`X-Powered-By: ${r.headers["x-powered-by"]}`);
  // "No server version": the app sends no Server header at all (not even a bare product name).
  if ("server" in r.headers) v.push(`Server: ${r.headers["server"]}`);
  const rid = r.headers["x-request-id"];
  if (!rid) v.push("missing X-Request-ID");
  else if (!SAFE_REQUEST_ID.test(rid)) v.push(`X-Request-ID is not a short safe token: ${JSON.stringify(rid)}`);
  else if (r.sentRequestId !== undefined && SAFE_REQUEST_ID.test(r.sentRequestId) && rid !== r.sentRequestId) {
    v.push(`X-Request-ID not echoed: sent ${r.sentRequestId}, got ${rid}`);
  }
  return v;
}

export function rateLimitHeaderViolations(r: ApiResponse): string[] {
  // 405 / OPTIONS / TRACE responses are not a route's own responses.
  if (!isLimitedRoute(r.path) || r.status === 405 || ["OPTIONS", "TRACE"].includes(r.method)) return [];
  const v: string[] = [];
  const policy = r.headers["ratelimit-policy"];
  const limit = r.headers["ratelimit"];
  if (!policy || !/^"default";q=\d+;w=60$/.test(policy)) v.push(`RateLimit-Policy: ${JSON.stringify(policy)}`);
  if (!limit || !/^"default";r=\d+;t=\d+$/.test(limit)) v.push(`RateLimit: ${JSON.stringify(limit)}`);
  return v;
}

/**
 * `Cache-Control: no-store` on token responses and on every response to a request that carried
 * a bearer token, whatever its status (400, 401, 405, 413, 415, 429 and 500 included): what a
 * cache keeps of an authenticated exchange is not the contract's business to guess.
 */
export function cacheControlViolations(r: ApiResponse): string[] {
  const isToken = r.path.startsWith("/auth/token");
  if (!isToken && !r.sentToken) return [];
  const cc = r.headers["cache-control"] ?? "";
  return /\bno-store\b/i.test(cc) ? [] : [`Cache-Control ${JSON.stringify(cc)} lacks no-store`];
}

function report(seen: ApiResponse[], check: (r: ApiResponse) => string[]): string[] {
  const out: string[] = [];
  for (const r of seen) {
    const v = check(r);
    if (v.length > 0) out.push(`${r.method} ${r.path} ${r.status}: ${v.join("; ")}`);
  }
  // One line per distinct problem shape keeps the failure readable.
  return [...new Set(out)].slice(0, 40);
}

export function expectSecurityHeaders(r: ApiResponse): void {
  expect(securityHeaderViolations(r), `${r.method} ${r.path} ${r.status}`).toEqual([]);
}

/**
 * Adds, at the end of the calling describe block, the header audit of every response the
 * given clients saw during that block. Call it last, inside the describe.
 */
export function auditHeaders(clients: () => Api[]): void {
  describe("headers on every response seen above (CONTRACT §3)", () => {
    const all = () => clients().flatMap((c) => c.seen);
    it("the security header set, JSON charset, X-Request-ID, no X-Powered-By / Server header", () => {
      expect(all().length).toBeGreaterThan(0);
      expect(report(all(), securityHeaderViolations)).toEqual([]);
    });
    it("RateLimit-Policy and RateLimit on every rate-limited route's response", () => {
      expect(report(all(), rateLimitHeaderViolations)).toEqual([]);
    });
    it("Cache-Control: no-store on token responses and on every response to a request with a bearer token", () => {
      expect(report(all(), cacheControlViolations)).toEqual([]);
    });
  });
}
