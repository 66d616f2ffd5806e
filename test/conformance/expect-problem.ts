// RFC 9457 problem details and RFC 6749 §5.2 token errors, as CONTRACT §3 "Errors" requires.
import { expect } from "vitest";
import { expectNoLeak, type ApiResponse } from "./api.js";

export interface ProblemExpectation {
  /** Each of these pointers must appear in `errors[]` (422 only). */
  pointers?: string[];
  /** Client input the body may quote back (not a leak). */
  echoed?: string[];
}

export function expectProblem(res: ApiResponse, status: number, exp: ProblemExpectation = {}): void {
  const where = `${res.method} ${res.path} -> ${res.status} ${res.text.slice(0, 500)}`;
  expect(res.status, where).toBe(status);
  expect(res.headers["content-type"] ?? "", where).toMatch(/^application\/problem\+json\b/i);
  const b = res.body;
  expect(typeof b.type, `${where}: type`).toBe("string");
  expect(typeof b.title, `${where}: title`).toBe("string");
  expect(b.status, `${where}: status field`).toBe(status);
  expect(typeof b.detail, `${where}: detail`).toBe("string");
  if (status === 422) {
    expect(Array.isArray(b.errors), `${where}: errors[]`).toBe(true);
    const errors = Array.isArray(b.errors) ? b.errors : [];
    expect(errors.length, `${where}: errors[] non-empty`).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e !== null && typeof e === "object" && !Array.isArray(e), `${where}: error entry is an object`).toBe(true);
      const o = e as Record<string, unknown>;
      expect(typeof o.pointer, `${where}: error.pointer`).toBe("string");
      expect(String(o.pointer), `${where}: JSON pointer`).toMatch(/^(\/.*)?$/);
      expect(typeof o.message, `${where}: error.message`).toBe("string");
    }
    for (const p of exp.pointers ?? []) {
      const pointers = errors.map((e) => String((e as Record<string, unknown>).pointer));
      expect(pointers, `${where}: pointer ${p}`).toContain(p);
    }
  }
  if (status === 500) expect(b.detail).not.toMatch(/error:|exception/i);
  expectNoLeak(res, { echoed: exp.echoed });
}

export type TokenErrorCode = "invalid_request" | "invalid_grant" | "invalid_scope" | "unsupported_grant_type";

export function expectTokenError(res: ApiResponse, error: TokenErrorCode): void {
  const where = `${res.method} ${res.path} -> ${res.status} ${res.text.slice(0, 500)}`;
  expect(res.status, where).toBe(400);
  expect(res.headers["content-type"] ?? "", where).toMatch(/^application\/json\b/i);
  expect(res.body.error, where).toBe(error);
  expect(typeof res.body.error_description, `${where}: error_description`).toBe("string");
  expect(res.body.access_token, where).toBeUndefined();
  expect(res.headers["cache-control"] ?? "", `${where}: Cache-Control`).toMatch(/no-store/);
  expectNoLeak(res);
}

/** 401 with the right challenge: `error="invalid_token"` exactly when a token was sent. */
export function expectUnauthorized(res: ApiResponse): void {
  expectProblem(res, 401);
  const www = res.headers["www-authenticate"] ?? "";
  const where = `${res.method} ${res.path}: WWW-Authenticate ${JSON.stringify(www)}`;
  expect(www, where).toMatch(/^Bearer\b/);
  if (res.sentToken) expect(www, where).toMatch(/error="invalid_token"/);
  else expect(www, where).not.toMatch(/error=/);
}

export function expectInsufficientScope(res: ApiResponse, scope: string): void {
  expectProblem(res, 403);
  const www = res.headers["www-authenticate"] ?? "";
  const where = `${res.method} ${res.path}: WWW-Authenticate ${JSON.stringify(www)}`;
  expect(www, where).toMatch(/^Bearer\b/);
  expect(www, where).toMatch(/error="insufficient_scope"/);
  expect(www, where).toContain(`scope="${scope}"`);
}

/**
 * The login lockout (CONTRACT §3 Rate limiting): 429 problem+json with `Retry-After` in whole
 * seconds, at most the lockout's length, and no token.
 */
export function expectLockedOut(res: ApiResponse, lockoutSeconds: number): void {
  expectProblem(res, 429);
  const where = `${res.method} ${res.path} -> ${res.status}: Retry-After ${JSON.stringify(res.headers["retry-after"])}`;
  const ra = res.headers["retry-after"] ?? "";
  expect(ra, where).toMatch(/^\d+$/);
  expect(Number(ra), where).toBeGreaterThanOrEqual(1);
  expect(Number(ra), where).toBeLessThanOrEqual(lockoutSeconds);
  expect(res.body.access_token, where).toBeUndefined();
  expect(res.body.refresh_token, where).toBeUndefined();
  expect(res.headers["cache-control"] ?? "", `${where}: Cache-Control`).toMatch(/no-store/);
}
