// CONTRACT §3 Rate limiting, redis store: limits hold across instances sharing REDIS_URL, and
// a Redis that does not answer fails closed. Only projects generated with
// --rate-limit-store redis; the file is visibly skipped for the others.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Api, strongPassword, uniqueEmail } from "./api.js";
import { expectLockedOut, expectProblem, expectTokenError } from "./expect-problem.js";
import { projects, type Project } from "./projects.js";
import { freePort, startServer } from "./server.js";

const all = projects();
const redisProjects = all.filter((p) => p.answers.rateLimitStore === "redis");
if (redisProjects.length === 0) {
  describe(`no redis project among ${all.map((p) => p.label).join(", ")}`, () => {
    it.skip("this file only applies to rateLimitStore=redis projects", () => {});
  });
}

/** Two instances of one deployment (one database, one Redis key namespace), stopped after `use`. */
async function twoInstances(
  project: Project,
  env: Record<string, string>,
  use: (a: Api, b: Api) => Promise<void>,
): Promise<void> {
  const shared = { ...env, REDIS_KEY_PREFIX: `rampart-conf-shared-${randomUUID()}` };
  const a = await startServer(project, shared);
  const b = await startServer(project, shared, { databaseUrl: a.databaseUrl });
  try {
    await use(new Api(a.baseUrl), new Api(b.baseUrl));
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

describe.each(redisProjects)("$label: a Redis store shared by two instances", (project) => {
  it("RATE_LIMIT_PER_MINUTE=20 on both: exactly 20 of 40 interleaved requests get through", async () => {
    await twoInstances(project, { RATE_LIMIT_PER_MINUTE: "20", LOGIN_MAX_FAILURES: "100000" }, async (apiA, apiB) => {
      const statuses: number[] = [];
      // Anonymous requests from one address: one per-IP counter, whichever instance answers.
      for (let i = 0; i < 40; i++)
        statuses.push((await (i % 2 ? apiB : apiA).post("/auth/revoke", { form: { token: randomUUID() } })).status);
      expect(statuses.filter((s) => s === 429).length, statuses.join(",")).toBe(20);
      expect(statuses.filter((s) => s !== 429).length, statuses.join(",")).toBe(20);
      expect(
        statuses.slice(0, 20).every((s) => s !== 429),
        "the first 20 pass",
      ).toBe(true);
    });
  }, 90_000);

  it.runIf(project.answers.auth === "password")(
    "the login lockout is shared too: failures on one instance lock the account on the other",
    async () => {
      const env = { RATE_LIMIT_PER_MINUTE: "100000", LOGIN_MAX_FAILURES: "3", LOGIN_LOCKOUT_SECONDS: "60" };
      await twoInstances(project, env, async (apiA, apiB) => {
        const u = await apiA.register();
        for (let i = 0; i < 3; i++) {
          const res = await (i % 2 ? apiB : apiA).tokenRequest({
            grant_type: "password",
            username: u.email,
            password: strongPassword(),
          });
          expectTokenError(res, "invalid_grant");
        }
        const right = { grant_type: "password", username: u.email, password: u.password };
        expectLockedOut(await apiB.tokenRequest(right), 60);
        expectLockedOut(await apiA.tokenRequest(right), 60);
      });
    },
    90_000,
  );
});

describe.each(redisProjects)("$label: Redis does not answer", (project) => {
  it("the server still starts; /auth/token and limited routes → 503 problem (fail closed); /health/ready → 503; /health → 200; the log says why, without the URL", async () => {
    const dead = `redis://127.0.0.1:${await freePort()}/0`; // nothing listens there
    const s = await startServer(project, { REDIS_URL: dead });
    try {
      const api = new Api(s.baseUrl);
      expect((await api.get("/health")).status).toBe(200);
      expectProblem(await api.get("/health/ready"), 503);
      const token = await api.tokenRequest({
        grant_type: "password",
        username: uniqueEmail(),
        password: strongPassword(),
      });
      expectProblem(token, 503);
      expect(token.body.access_token).toBeUndefined();
      expectProblem(await api.get("/items"), 503);
      for (const res of [token]) expect(res.text).not.toMatch(/redis|refused|errno|127\.0\.0\.1/i);
      expect(s.output()).not.toMatch(/Traceback \(most recent call last\)/);
      // The operator is told why, without the URL (REDIS_URL may carry a password).
      expect(s.output()).toMatch(/rate-limit store unavailable/);
      expect(s.output()).not.toContain(dead);
    } finally {
      await s.stop();
    }
  }, 60_000);
});
