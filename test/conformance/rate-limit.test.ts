// CONTRACT §3 Rate limiting, and the login lockout.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Api, ApiResponse, TestUser, TokenPair } from "./api.js";
import { uniqueEmail, strongPassword } from "./api.js";
import { auditLogs, withServer } from "./context.js";
import { expectLockedOut, expectProblem, expectTokenError } from "./expect-problem.js";
import { auditHeaders } from "./headers.js";
import { projects } from "./projects.js";
import { RELAXED } from "./server.js";

const LIMIT = 10;
const POLICY = `"default";q=${LIMIT};w=60`;

function parseRateLimit(res: ApiResponse): { r: number; t: number } {
  const m = /^"default";r=(\d+);t=(\d+)$/.exec(res.headers["ratelimit"] ?? "");
  expect(
    m,
    `${res.method} ${res.path} ${res.status}: RateLimit ${JSON.stringify(res.headers["ratelimit"])}`,
  ).not.toBeNull();
  return { r: Number(m?.[1]), t: Number(m?.[2]) };
}

function expectLimited(res: ApiResponse): void {
  expectProblem(res, 429);
  const ra = res.headers["retry-after"] ?? "";
  expect(ra, "Retry-After in seconds").toMatch(/^\d+$/);
  expect(Number(ra)).toBeGreaterThanOrEqual(1);
  expect(Number(ra)).toBeLessThanOrEqual(60);
  expect(res.headers["ratelimit-policy"]).toBe(POLICY);
  expect(parseRateLimit(res).r).toBe(0);
}

/**
 * Spends a fresh client's whole budget with `call`, asserting the header countdown: `r` drops
 * by exactly one per request, and `t` counts down with the clock towards the end of one
 * 60-second window (never up, never past it). Callers wait for room in the window first
 * (roomInWindow), so the whole budget is spent inside one window.
 */
async function spend(call: () => Promise<ApiResponse>, expectStatus: number): Promise<void> {
  let first: { t: number; at: number } | undefined;
  let previous = Infinity;
  for (let i = 0; i < LIMIT; i++) {
    const res = await call();
    const at = Date.now();
    expect(res.status, `request ${i + 1}: ${res.text}`).toBe(expectStatus);
    expect(res.headers["ratelimit-policy"], `request ${i + 1}`).toBe(POLICY);
    const { r, t } = parseRateLimit(res);
    expect(r, `request ${i + 1}: remaining`).toBe(LIMIT - 1 - i);
    expect(t, `request ${i + 1}: reset`).toBeGreaterThanOrEqual(1);
    expect(t, `request ${i + 1}: reset`).toBeLessThanOrEqual(60);
    first ??= { t, at };
    // The same reset instant, seen later: t never grows, and shrinks as the clock runs (under 1 s
    // from rounding both t values to whole seconds, plus up to 1 s between the server's clock read
    // and our receipt on a loaded two-core machine).
    expect(t, `request ${i + 1}: t=${t} after t=${previous}`).toBeLessThanOrEqual(previous);
    const elapsed = (at - first.at) / 1000;
    expect(
      Math.abs(first.t - elapsed - t),
      `request ${i + 1}: t=${t}, first t=${first.t}, ${elapsed.toFixed(1)} s later`,
    ).toBeLessThanOrEqual(2);
    previous = t;
  }
}

/** Waits out the current window when fewer than `need` seconds remain in it. */
async function roomInWindow(api: Api, token: string | undefined, need = 15): Promise<void> {
  const res = await api.get("/users/me", { token });
  const t = Number(/;t=(\d+)/.exec(res.headers["ratelimit"] ?? "")?.[1] ?? 60);
  if (t < need) await new Promise((r) => setTimeout(r, (t + 1) * 1000));
}

describe.each(projects({ auth: "password" }))("$label: rate limiting (RATE_LIMIT_PER_MINUTE=10)", (project) => {
  // Users are made and counted through a relaxed server sharing the limited one's database.
  const base = withServer(project, RELAXED);
  const lim = withServer(project, { RATE_LIMIT_PER_MINUTE: String(LIMIT), LOGIN_MAX_FAILURES: "100000" }, () => ({
    databaseUrl: base.server.databaseUrl,
  }));
  const fresh = async (): Promise<TestUser & TokenPair> => base.api.user();

  it("per user: RateLimit headers count down, the 11th request → 429 with Retry-After; another user is unaffected", async () => {
    const a = await fresh();
    const b = await fresh();
    await roomInWindow(lim.api, (await fresh()).access);
    await spend(() => lim.api.get("/items", { token: a.access }), 200);
    expectLimited(await lim.api.get("/items", { token: a.access }));
    expectLimited(await lim.api.get("/users/me", { token: a.access }));
    const other = await lim.api.get("/items", { token: b.access });
    expect(other.status, "user B is not limited by user A").toBe(200);
    expect(parseRateLimit(other).r).toBe(LIMIT - 1);
  });

  it("over the limit the handler does not run (the 11th POST creates nothing)", async () => {
    const c = await fresh();
    await roomInWindow(lim.api, (await fresh()).access);
    let n = 0;
    await spend(() => lim.api.post("/items", { token: c.access, json: { name: `rl-${++n}` } }), 201);
    expectLimited(await lim.api.post("/items", { token: c.access, json: { name: "must-not-exist" } }));
    const list = await base.api.get("/items?limit=100", { token: c.access });
    expect(list.body.total).toBe(LIMIT);
    expect(JSON.stringify(list.body)).not.toContain("must-not-exist");
  });

  it("per IP when anonymous; spoofed X-Forwarded-For / X-Real-IP / Forwarded do not reset it; /health is not limited", async () => {
    await roomInWindow(lim.api, (await fresh()).access);
    const spoof = (i: number) => ({
      "x-forwarded-for": `203.0.113.${i}`,
      "x-real-ip": `198.51.100.${i}`,
      forwarded: `for=192.0.2.${i}`,
      "true-client-ip": `192.0.2.${i}`,
      "cf-connecting-ip": `192.0.2.${i}`,
    });
    let i = 0;
    await spend(() => lim.api.post("/auth/revoke", { form: { token: randomUUID() }, headers: spoof(++i) }), 200);
    for (let k = 0; k < 3; k++)
      expectLimited(await lim.api.post("/auth/revoke", { form: { token: randomUUID() }, headers: spoof(100 + k) }));
    expectLimited(
      await lim.api.post("/auth/token", {
        form: { grant_type: "password", username: uniqueEmail(), password: strongPassword() },
      }),
    );
    for (let k = 0; k < 15; k++) expect((await lim.api.get("/health")).status).toBe(200);
    // An authenticated client from the same IP has its own budget.
    const d = await fresh();
    expect((await lim.api.get("/items", { token: d.access })).status).toBe(200);
  });

  auditHeaders(() => [lim.api]);
  auditLogs(() => [base, lim]);
});

describe.each(projects({ auth: "password" }))(
  "$label: login lockout (LOGIN_MAX_FAILURES=3, TRUST_PROXY=1)",
  (project) => {
    // TRUST_PROXY=1 makes X-Forwarded-For the client address, so each attempt below really
    // comes from another client IP (each one's first request shows a fresh per-IP budget).
    const PER_MINUTE = 100000;
    const s = withServer(project, {
      RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      LOGIN_MAX_FAILURES: "3",
      LOGIN_LOCKOUT_SECONDS: "60",
      TRUST_PROXY: "1",
    });
    let nextIp = 0;
    const attempt = async (username: string, password: string): Promise<ApiResponse> => {
      const ip = ++nextIp;
      const res = await s.api.tokenRequest(
        { grant_type: "password", username, password },
        { "x-forwarded-for": `203.0.${ip >> 8}.${ip & 255}` },
      );
      expect(parseRateLimit(res).r, `attempt from a new client IP: ${res.headers["ratelimit"]}`).toBe(PER_MINUTE - 1);
      return res;
    };

    it("after 3 failures the account answers 429, even with the right password and from other client IPs", async () => {
      const u = await s.api.register();
      for (let i = 1; i <= 3; i++) expectTokenError(await attempt(u.email, strongPassword()), "invalid_grant");
      for (let i = 0; i < 3; i++) expectLockedOut(await attempt(u.email, u.password), 60);
      // The socket address too.
      expectLockedOut(
        await s.api.tokenRequest({ grant_type: "password", username: u.email, password: u.password }),
        60,
      );
    });

    it("the lockout is per account: another account logs in", async () => {
      const locked = await s.api.register();
      for (let i = 1; i <= 3; i++) expectTokenError(await attempt(locked.email, strongPassword()), "invalid_grant");
      expectLockedOut(await attempt(locked.email, locked.password), 60);
      const other = await s.api.register();
      await s.api.login(other.email, other.password);
    });

    it("an unknown username is treated the same way", async () => {
      const ghost = uniqueEmail();
      for (let i = 1; i <= 3; i++) expectTokenError(await attempt(ghost, strongPassword()), "invalid_grant");
      expectLockedOut(await attempt(ghost, strongPassword()), 60);
    });

    auditHeaders(() => [s.api]);
    auditLogs(() => [s]);
  },
);

describe.each(projects({ auth: "password" }))("$label: TRUST_PROXY=1 (one trusted hop)", (project) => {
  const base = withServer(project, RELAXED);
  const s = withServer(
    project,
    { RATE_LIMIT_PER_MINUTE: String(LIMIT), LOGIN_MAX_FAILURES: "100000", TRUST_PROXY: "1" },
    () => ({
      databaseUrl: base.server.databaseUrl,
    }),
  );

  it("the client address comes from X-Forwarded-For: one client exhausted, another is not", async () => {
    await roomInWindow(s.api, (await base.api.user()).access);
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    await spend(() => s.api.post("/auth/revoke", { form: { token: randomUUID() }, headers: from("203.0.113.7") }), 200);
    expectLimited(await s.api.post("/auth/revoke", { form: { token: randomUUID() }, headers: from("203.0.113.7") }));
    // A spoofed left-most entry does not help: the trusted hop appends the real client.
    expectLimited(
      await s.api.post("/auth/revoke", { form: { token: randomUUID() }, headers: from("198.51.100.1, 203.0.113.7") }),
    );
    const other = await s.api.post("/auth/revoke", { form: { token: randomUUID() }, headers: from("203.0.113.8") });
    expect(other.status, other.text).toBe(200);
    expect(parseRateLimit(other).r).toBe(LIMIT - 1);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [base, s]);
});

describe.each(projects({ auth: "password" }))("$label: who a request counts against (TRUST_PROXY=1)", (project) => {
  // TRUST_PROXY=1: each test below is its own set of client addresses, so budgets never mix.
  const base = withServer(project, RELAXED);
  const s = withServer(
    project,
    { RATE_LIMIT_PER_MINUTE: String(LIMIT), LOGIN_MAX_FAILURES: "100000", TRUST_PROXY: "1" },
    () => ({ databaseUrl: base.server.databaseUrl }),
  );
  const revoke = (ip: string, token?: string) =>
    s.api.post("/auth/revoke", { form: { token: randomUUID() }, token, headers: { "x-forwarded-for": ip } });

  it("a bearer token on a route that does not authenticate changes nothing: the IP's budget applies", async () => {
    const u = await base.api.user();
    await roomInWindow(s.api, u.access);
    const ip = "198.51.100.77";
    const from = { "x-forwarded-for": ip };
    await spend(() => revoke(ip), 200);
    // Tokens of valid (throwaway) accounts buy no fresh budget on /auth/* ...
    expectLimited(await revoke(ip, u.access));
    expectLimited(
      await s.api.post("/auth/token", {
        token: u.access,
        headers: from,
        form: { grant_type: "password", username: uniqueEmail(), password: strongPassword() },
      }),
    );
    expectLimited(
      await s.api.post("/auth/register", {
        token: u.access,
        headers: from,
        json: { email: uniqueEmail(), password: strongPassword() },
      }),
    );
    expectLimited(await s.api.get("/health/ready", { token: u.access, headers: from }));
    // Nor on a path no route serves, a method a path does not allow, or the docs.
    expectLimited(await s.api.get("/no-such-route", { token: u.access, headers: from }));
    expectLimited(await s.api.delete("/users/me/password", { token: u.access, headers: from }));
    expectLimited(await s.api.get("/openapi.json", { token: u.access, headers: from }));
    // ... nor does an invalid token on a route that requires one.
    expectLimited(await s.api.get("/items", { token: `${u.access}x`, headers: from }));
    // A route that requires a token, given a valid one, counts against the user.
    const mine = await s.api.get("/items", { token: u.access, headers: from });
    expect(mine.status, mine.text).toBe(200);
  });

  it("IPv6 clients are counted per /64", async () => {
    await roomInWindow(s.api, (await base.api.user()).access);
    let i = 0;
    await spend(() => revoke(`2001:db8:77:1::${(++i).toString(16)}`), 200);
    expectLimited(await revoke("2001:db8:77:1:ffff:ffff:ffff:ffff"));
    expectLimited(await revoke("2001:0db8:0077:0001:0:0:0:abcd"));
    const other = await revoke("2001:db8:77:2::1");
    expect(other.status, other.text).toBe(200);
    expect(parseRateLimit(other).r).toBe(LIMIT - 1);
  });

  it("an IPv4-mapped IPv6 address counts as its IPv4 address", async () => {
    await roomInWindow(s.api, (await base.api.user()).access);
    let i = 0;
    await spend(() => revoke(++i % 2 ? "::ffff:203.0.113.61" : "203.0.113.61"), 200);
    expectLimited(await revoke("203.0.113.61"));
    expectLimited(await revoke("::ffff:cb00:713d"));
    const other = await revoke("::ffff:203.0.113.62");
    expect(other.status, other.text).toBe(200);
    expect(parseRateLimit(other).r).toBe(LIMIT - 1);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [base, s]);
});

describe.each(projects({ auth: "password" }))("$label: TRUST_PROXY as a comma list of CIDRs", (project) => {
  const base = withServer(project, RELAXED);
  const env = { RATE_LIMIT_PER_MINUTE: String(LIMIT), LOGIN_MAX_FAILURES: "100000" };
  const shared = () => ({ databaseUrl: base.server.databaseUrl });
  // The suite connects from 127.0.0.1: trusted by the first list, not by the second.
  const trusted = withServer(project, { ...env, TRUST_PROXY: "10.0.0.0/8, 127.0.0.1/32" }, shared);
  const untrusted = withServer(project, { ...env, TRUST_PROXY: "10.0.0.0/8,192.168.0.0/16" }, shared);
  const revoke = (api: Api, xff: string) =>
    api.post("/auth/revoke", { form: { token: randomUUID() }, headers: { "x-forwarded-for": xff } });

  it("the socket address in the list: X-Forwarded-For's right-most untrusted entry is the client", async () => {
    await roomInWindow(trusted.api, (await base.api.user()).access);
    await spend(() => revoke(trusted.api, "203.0.113.7"), 200);
    expectLimited(await revoke(trusted.api, "203.0.113.7"));
    // Trusted hops on the right are skipped; a spoofed left-most entry does not help.
    expectLimited(await revoke(trusted.api, "198.51.100.1, 203.0.113.7, 10.1.2.3"));
    const other = await revoke(trusted.api, "203.0.113.8");
    expect(other.status, other.text).toBe(200);
    expect(parseRateLimit(other).r).toBe(LIMIT - 1);
  });

  it("the socket address not in the list: X-Forwarded-For is ignored (one client, the socket)", async () => {
    await roomInWindow(untrusted.api, (await base.api.user()).access);
    let i = 0;
    await spend(() => revoke(untrusted.api, `203.0.113.${++i}`), 200);
    expectLimited(await revoke(untrusted.api, "203.0.113.200"));
    expectLimited(await revoke(untrusted.api, "10.9.9.9"));
  });

  auditHeaders(() => [trusted.api, untrusted.api]);
  auditLogs(() => [base, trusted, untrusted]);
});

describe.each(projects({ auth: "password" }))(
  "$label: lockout expiry (LOGIN_MAX_FAILURES=2, LOGIN_LOCKOUT_SECONDS=4)",
  (project) => {
    // 4 s, not 1: on a loaded machine the lockout must still be running when the third
    // request lands, or the probe would see the right password accepted and fail for nothing.
    const lockoutSeconds = 4;
    const s = withServer(project, {
      RATE_LIMIT_PER_MINUTE: "100000",
      LOGIN_MAX_FAILURES: "2",
      LOGIN_LOCKOUT_SECONDS: String(lockoutSeconds),
    });

    it("the lockout lasts LOGIN_LOCKOUT_SECONDS, then the right password works", async () => {
      const u = await s.api.register();
      let lockedSince = 0;
      for (let i = 0; i < 2; i++) {
        lockedSince = Date.now();
        expectTokenError(
          await s.api.tokenRequest({ grant_type: "password", username: u.email, password: strongPassword() }),
          "invalid_grant",
        );
      }
      const locked = await s.api.tokenRequest({ grant_type: "password", username: u.email, password: u.password });
      const elapsed = Date.now() - lockedSince;
      expect(elapsed, "the machine was too slow for this probe to mean anything").toBeLessThan(lockoutSeconds * 1000);
      expectLockedOut(locked, lockoutSeconds);
      // The lockout started at the second failure at the latest: wait it out, with a margin.
      await new Promise((r) => setTimeout(r, lockedSince + (lockoutSeconds + 1.5) * 1000 - Date.now()));
      await s.api.login(u.email, u.password);
    });

    auditHeaders(() => [s.api]);
    auditLogs(() => [s]);
  },
);
