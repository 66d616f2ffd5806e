// A small HTTP client over node:http (fetch refuses TRACE and some headers), which records
// every response so that headers.ts can audit them all.
import { request as httpRequest } from "node:http";
import { randomUUID, randomBytes } from "node:crypto";
import { expect } from "vitest";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface ApiResponse {
  method: string;
  path: string;
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON when the body is JSON, else undefined. */
  json: Json | undefined;
  /** `json` as an object (empty object when it is not one): handy for field access. */
  body: JsonObject;
  ms: number;
  /** The request carried an Authorization header. */
  sentToken: boolean;
  sentRequestId?: string | undefined;
}

export interface RequestOptions {
  token?: string | undefined;
  json?: unknown | undefined;
  form?: Record<string, string | undefined>;
  /** Raw body, sent as is. */
  body?: string | Buffer | undefined;
  headers?: Record<string, string> | undefined;
  timeoutMs?: number | undefined;
  /** Send the body chunked (no Content-Length). */
  chunked?: boolean | undefined;
}

export class Api {
  readonly seen: ApiResponse[] = [];
  /** Passwords and tokens this client sent or received: they must never reach a log line. */
  readonly secrets = new Set<string>();
  /** Set in oidc mode: mints a caller's token at the test identity provider instead of logging in. */
  mint?: ((scope?: string) => Caller) | undefined;
  constructor(readonly baseUrl: string) {}

  request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: "application/json", ...lower(opts.headers ?? {}) };
    let payload: Buffer | undefined;
    if (opts.json !== undefined) {
      payload = Buffer.from(JSON.stringify(opts.json), "utf8");
      headers["content-type"] ??= "application/json";
    } else if (opts.form !== undefined) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.form)) if (v !== undefined) p.append(k, v);
      payload = Buffer.from(p.toString(), "utf8");
      headers["content-type"] ??= "application/x-www-form-urlencoded";
    } else if (opts.body !== undefined) {
      payload = typeof opts.body === "string" ? Buffer.from(opts.body, "utf8") : opts.body;
    }
    if (payload !== undefined && !opts.chunked) headers["content-length"] = String(payload.length);
    if (opts.token !== undefined) headers["authorization"] = `Bearer ${opts.token}`;
    this.remember(opts);
    const url = new URL(path, this.baseUrl);
    const t0 = performance.now();
    return new Promise<ApiResponse>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method, headers, agent: false, timeout: opts.timeoutMs ?? 20_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
            }
            let json: Json | undefined;
            if (/json/i.test(h["content-type"] ?? "") && text.length > 0) {
              try {
                json = JSON.parse(text) as Json;
              } catch {
                json = undefined;
              }
            }
            const r: ApiResponse = {
              method,
              path,
              status: res.statusCode ?? 0,
              headers: h,
              text,
              json,
              body: json !== null && typeof json === "object" && !Array.isArray(json) ? json : {},
              ms: performance.now() - t0,
              sentToken: "authorization" in headers,
              sentRequestId: headers["x-request-id"],
            };
            this.seen.push(r);
            for (const k of ["access_token", "refresh_token"]) {
              const v = r.body[k];
              if (typeof v === "string" && v.length >= 16) this.secrets.add(v);
            }
            resolve(r);
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on("error", (err: NodeJS.ErrnoException) => {
        // The server may answer (413) and close before the whole body is written.
        reject(err);
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private remember(opts: RequestOptions): void {
    const add = (v: unknown) => {
      if (typeof v === "string" && v.length >= 12) this.secrets.add(v);
    };
    if (opts.token && opts.token.split(".").length === 3 && opts.token.length > 40) add(opts.token);
    const fields = ["password", "current_password", "new_password", "refresh_token", "token"];
    const bag = (opts.form ?? (opts.json !== null && typeof opts.json === "object" ? opts.json : {})) as Record<string, unknown>;
    for (const f of fields) add(bag[f]);
  }

  get(path: string, opts?: RequestOptions) {
    return this.request("GET", path, opts);
  }
  post(path: string, opts?: RequestOptions) {
    return this.request("POST", path, opts);
  }
  patch(path: string, opts?: RequestOptions) {
    return this.request("PATCH", path, opts);
  }
  delete(path: string, opts?: RequestOptions) {
    return this.request("DELETE", path, opts);
  }

  // ---- auth helpers -------------------------------------------------------------------

  async register(overrides: Partial<{ email: string; password: string; full_name: string }> = {}): Promise<TestUser> {
    const email = overrides.email ?? uniqueEmail();
    const password = overrides.password ?? strongPassword();
    const res = await this.post("/auth/register", { json: { email, password, full_name: overrides.full_name ?? "Test User" } });
    expect(res.status, `register ${email}: ${res.text}`).toBe(201);
    return { email: email.trim().toLowerCase(), password, id: String(res.body.id) };
  }

  async login(email: string, password: string, scope?: string): Promise<TokenPair> {
    const res = await this.tokenRequest({ grant_type: "password", username: email, password, scope });
    expect(res.status, `login ${email}: ${res.text}`).toBe(200);
    return tokenPair(res);
  }

  tokenRequest(form: Record<string, string | undefined>, headers?: Record<string, string>): Promise<ApiResponse> {
    return this.post("/auth/token", { form, headers });
  }

  async refresh(refreshToken: string): Promise<ApiResponse> {
    return this.tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken });
  }

  /** A new registered user with a token pair (all scopes its role allows unless `scope`). */
  async user(scope?: string): Promise<Caller> {
    if (this.mint) return this.mint(scope);
    const u = await this.register();
    const t = await this.login(u.email, u.password, scope);
    return { ...u, ...t };
  }

  async createItem(token: string, body: Record<string, unknown> = { name: `item-${randomUUID()}` }): Promise<JsonObject> {
    const res = await this.post("/items", { token, json: body });
    expect(res.status, `create item: ${res.text}`).toBe(201);
    return res.body;
  }
}

export interface TestUser {
  email: string;
  password: string;
  id: string;
}

export type Caller = TestUser & TokenPair;

export interface TokenPair {
  access: string;
  refresh: string;
  scope: string;
  expiresIn: number;
}

export function tokenPair(res: ApiResponse): TokenPair {
  return {
    access: String(res.body.access_token),
    refresh: String(res.body.refresh_token),
    scope: String(res.body.scope ?? ""),
    expiresIn: Number(res.body.expires_in),
  };
}

export function uniqueEmail(): string {
  return `u-${randomUUID()}@example.com`;
}

/** 24 random characters, never in any breached list. */
export function strongPassword(): string {
  return `Pw-${randomBytes(12).toString("base64url")}!x`;
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** Run async jobs with bounded parallelism (argon2 hashing is the slow part). */
export async function pool<T>(n: number, jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return results;
}

/** Strings that must never appear in an error body (CONTRACT §3 Errors). */
export const LEAK_PATTERNS: RegExp[] = [
  /traceback/i, /sqlite/i, /sqlalchemy/i, /psycopg/i, /asyncpg/i, /pymysql/i, /aiomysql/i, /mysql/i, /postgres/i,
  /\bSELECT\b/, /\bINSERT\b/, /\bUPDATE\s+\w+\s+SET\b/i, /\bFROM\s+\w+/, /File "/, /\.py\b/, /\.ts:\d+/, /\.js:\d+/,
  /node_modules/, /at \w+ \(/, /\/work\//, /\/home\//, /\/usr\//, /pydantic\.dev/, /errors\.pydantic/, /prisma/i,
  /drizzle/i, /knex/i, /kysely/i, /better-sqlite/i, /Exception/,
];

export function expectNoLeak(res: ApiResponse, opts: { secrets?: string[] | undefined; echoed?: string[] | undefined } = {}): void {
  // What the client sent may legitimately be quoted back; strip it before scanning.
  let text = res.text;
  for (const e of opts.echoed ?? []) {
    text = text.split(e).join("").split(JSON.stringify(e).slice(1, -1)).join("");
  }
  for (const p of LEAK_PATTERNS) expect(text, `${res.method} ${res.path} body leaks ${p}`).not.toMatch(p);
  for (const s of opts.secrets ?? []) {
    if (s) expect(res.text.includes(s), `${res.method} ${res.path} body echoes a secret`).toBe(false);
  }
}
