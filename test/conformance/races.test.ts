// CONTRACT §3 Auth and §2: what must hold when requests arrive at the same moment. Each probe
// runs many trials of real parallel requests (one connection each) and counts the trials that
// broke the rule, so a failure says how often the race was lost.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import type { FieldSpec } from "../../src/endpoints/fields.js";
import { maxLength, validBody, type Json } from "../../src/endpoints/samples.js";
import { strongPassword, tokenPair, uniqueEmail, type Api, type ApiResponse, type TokenPair } from "./api.js";
import { auditLogs, withServer } from "./context.js";
import { expectProblem, expectTokenError, expectUnauthorized } from "./expect-problem.js";
import { auditHeaders } from "./headers.js";
import { projects, type Project } from "./projects.js";
import { RELAXED } from "./server.js";

const TRIALS = 10;
const RACE_TIMEOUT_MS = 240_000;

/** Whether a refresh token still buys a new pair (spending it if so). */
async function refreshes(api: Api, refresh: string): Promise<boolean> {
  const res = await api.refresh(refresh);
  if (res.status !== 200) expectTokenError(res, "invalid_grant");
  return res.status === 200;
}

/** Whether an access token is still accepted. */
async function accepted(api: Api, access: string): Promise<boolean> {
  const res = await api.get("/users/me", { token: access });
  if (res.status !== 200) expectUnauthorized(res);
  return res.status === 200;
}

/** The refresh answers of a race: each one a 200 pair or a 400 invalid_grant, nothing else. */
function winners(results: ApiResponse[]): TokenPair[] {
  const pairs: TokenPair[] = [];
  for (const r of results) {
    if (r.status === 200) pairs.push(tokenPair(r));
    else expectTokenError(r, "invalid_grant");
  }
  return pairs;
}

interface UniqueEndpoint {
  name: string;
  fields: FieldSpec[];
}

/** The resources `rampart add` made with per-owner `unique` fields, all of a type uniqueValue covers. */
function uniqueEndpoints(project: Project): UniqueEndpoint[] {
  const manifest = JSON.parse(readFileSync(join(project.dir, "rampart.json"), "utf8")) as {
    endpoints?: UniqueEndpoint[];
  };
  const covered = (f: FieldSpec) => !f.unique || uniqueValue(f, 0) !== undefined;
  return (manifest.endpoints ?? []).filter((e) => e.fields.some((f) => f.unique) && e.fields.every(covered));
}

/**
 * A value for a unique field that no other trial uses, or undefined for a type not covered.
 * Bounded ints count up from their minimum: drawn at random from 0..1000, ten trials
 * reused a value one run in twenty, and a reused value rightly answers four 409s.
 */
function uniqueValue(field: FieldSpec, trial: number): Json | undefined {
  const tag = randomUUID().replace(/-/g, "");
  switch (field.type) {
    case "string":
    case "text":
      return tag.slice(0, Math.max(field.min ?? 1, Math.min(maxLength(field), tag.length)));
    case "email":
      return `u-${tag.slice(0, 12)}@example.com`;
    case "url":
      return `https://example.com/${tag}`;
    case "uuid":
      return randomUUID();
    case "int":
      return (field.min ?? 0) + trial;
    default:
      return undefined;
  }
}

/** Resident memory of a server's whole process group (it runs detached), in bytes; Linux only. */
function groupRss(pgid: number): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the parenthesised command name: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}

describe.each(projects({ auth: "password" }))("$label: races", (project) => {
  const s = withServer(project, RELAXED);

  it(
    `one refresh token presented ${3} times at once buys at most one new pair (${TRIALS} trials)`,
    async () => {
      const u = await s.api.register();
      const broken: string[] = [];
      for (let trial = 1; trial <= TRIALS; trial++) {
        const t = await s.api.login(u.email, u.password);
        const results = await Promise.all([1, 2, 3].map(() => s.api.refresh(t.refresh)));
        const pairs = winners(results);
        let liveChildren = 0;
        for (const p of pairs) if (await refreshes(s.api, p.refresh)) liveChildren++;
        if (pairs.length > 1 || liveChildren > 1) {
          broken.push(`trial ${trial}: ${pairs.length} new pairs, ${liveChildren} of them still refresh`);
        }
      }
      expect(broken, `${broken.length} of ${TRIALS} trials spent one refresh token twice`).toEqual([]);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    `a revoke racing a refresh leaves no live token (${TRIALS} trials)`,
    async () => {
      const u = await s.api.register();
      const broken: string[] = [];
      for (let trial = 1; trial <= TRIALS; trial++) {
        const t = await s.api.login(u.email, u.password);
        const [refreshed, revoked] = await Promise.all([
          s.api.refresh(t.refresh),
          s.api.post("/auth/revoke", { form: { token: t.refresh } }),
        ]);
        expect(revoked?.status, revoked?.text).toBe(200);
        const live: string[] = [];
        if (await accepted(s.api, t.access)) live.push("the login's access token");
        for (const child of winners([refreshed as ApiResponse])) {
          if (await accepted(s.api, child.access)) live.push("the refresh's new access token");
          if (await refreshes(s.api, child.refresh)) live.push("the refresh's new refresh token");
        }
        if (live.length > 0) broken.push(`trial ${trial}: ${live.join(", ")} still work(s)`);
      }
      expect(broken, `${broken.length} of ${TRIALS} trials left a live token after the revoke`).toEqual([]);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    `a password change racing a refresh leaves no live session (${TRIALS} trials)`,
    async () => {
      const u = await s.api.register();
      let password = u.password;
      const broken: string[] = [];
      for (let trial = 1; trial <= TRIALS; trial++) {
        const t = await s.api.login(u.email, password);
        const other = await s.api.login(u.email, password);
        const next = strongPassword();
        const [refreshed, changed] = await Promise.all([
          s.api.refresh(t.refresh),
          s.api.post("/users/me/password", {
            token: other.access,
            json: { current_password: password, new_password: next },
          }),
        ]);
        expect(changed?.status, changed?.text).toBe(204);
        password = next;
        const live: string[] = [];
        if (await accepted(s.api, t.access)) live.push("the first session's access token");
        if (await accepted(s.api, other.access)) live.push("the changing session's access token");
        if (await refreshes(s.api, other.refresh)) live.push("the changing session's refresh token");
        for (const child of winners([refreshed as ApiResponse])) {
          if (await accepted(s.api, child.access)) live.push("the refresh's new access token");
          if (await refreshes(s.api, child.refresh)) live.push("the refresh's new refresh token");
        }
        if (live.length > 0) broken.push(`trial ${trial}: ${live.join(", ")} still work(s)`);
      }
      expect(broken, `${broken.length} of ${TRIALS} trials left a session alive`).toEqual([]);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    `a login with the old password racing a password change leaves no live session (${TRIALS} trials)`,
    async () => {
      const u = await s.api.register();
      let password = u.password;
      const change = async (token: string) => {
        const next = strongPassword();
        const started = performance.now();
        const res = await s.api.post("/users/me/password", {
          token,
          json: { current_password: password, new_password: next },
        });
        expect(res.status, res.text).toBe(204);
        password = next;
        return performance.now() - started;
      };
      // How long a change takes here (two password hashes and a commit): each trial starts its
      // login at another fraction of it, so that some login's check straddles the commit.
      let changeMs = await change((await s.api.login(u.email, password)).access);
      const broken: string[] = [];
      for (let trial = 1; trial <= TRIALS; trial++) {
        const other = await s.api.login(u.email, password);
        const old = password;
        const delay = (changeMs * (trial - 1)) / (TRIALS - 1);
        const [elapsed, login] = await Promise.all([
          change(other.access),
          sleep(delay).then(() => s.api.tokenRequest({ grant_type: "password", username: u.email, password: old })),
        ]);
        changeMs = elapsed;
        const live: string[] = [];
        for (const pair of winners([login])) {
          if (await accepted(s.api, pair.access)) live.push("its access token");
          if (await refreshes(s.api, pair.refresh)) live.push("its refresh token");
        }
        if (live.length > 0)
          broken.push(`trial ${trial} (login after ${Math.round(delay)} ms): ${live.join(", ")} still work(s)`);
      }
      expect(broken, `${broken.length} of ${TRIALS} trials left a session of the old password alive`).toEqual([]);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    `one email registered 4 times at once → one 201, the rest 409, never a 500 (${TRIALS} trials)`,
    async () => {
      const broken: string[] = [];
      for (let trial = 1; trial <= TRIALS; trial++) {
        const email = uniqueEmail();
        const results = await Promise.all(
          [1, 2, 3, 4].map(() => s.api.post("/auth/register", { json: { email, password: strongPassword() } })),
        );
        const statuses = results.map((r) => r.status).sort();
        if (statuses.join() !== "201,409,409,409") broken.push(`trial ${trial}: ${statuses.join(", ")}`);
        for (const r of results) if (r.status === 409) expectProblem(r, 409);
      }
      expect(broken, `${broken.length} of ${TRIALS} trials`).toEqual([]);
    },
    RACE_TIMEOUT_MS,
  );

  for (const endpoint of uniqueEndpoints(project)) {
    it(
      `/${endpoint.name}: one owner creating the same unique value 4 times at once → one 201, the rest 409 (${TRIALS} trials)`,
      async () => {
        const owner = await s.api.user();
        const broken: string[] = [];
        for (let trial = 1; trial <= TRIALS; trial++) {
          const body: Record<string, Json> = validBody(endpoint.fields, 0);
          for (const f of endpoint.fields) {
            const value = f.unique ? uniqueValue(f, trial) : undefined;
            if (value !== undefined) body[f.name] = value;
          }
          const results = await Promise.all(
            [1, 2, 3, 4].map(() => s.api.post(`/${endpoint.name}`, { token: owner.access, json: body })),
          );
          const statuses = results.map((r) => r.status).sort();
          if (statuses.join() !== "201,409,409,409") broken.push(`trial ${trial}: ${statuses.join(", ")}`);
          for (const r of results)
            if (r.status === 409) expectProblem(r, 409, { echoed: Object.values(body).map(String) });
        }
        expect(broken, `${broken.length} of ${TRIALS} trials`).toEqual([]);
      },
      RACE_TIMEOUT_MS,
    );
  }

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});

describe.each(projects({ auth: "password" }))("$label: a flood of logins (password hashing)", (project) => {
  const s = withServer(project, RELAXED);
  const FLOOD = 40;

  it(
    `${FLOOD} parallel logins slow logins, not another user's GET /users/me, and memory stays bounded`,
    async () => {
      const other = await s.api.user();
      const pgid = s.server.proc.pid as number;
      const me = () => s.api.get("/users/me", { token: other.access, timeoutMs: 60_000 });
      for (let i = 0; i < 3; i++) expect((await me()).status).toBe(200); // warm
      const rssBefore = groupRss(pgid);
      let peakRss = rssBefore ?? 0;
      let flooding = true;
      const flood = Promise.all(
        Array.from({ length: FLOOD }, () =>
          // Logins may queue behind the hashing slots: slow is allowed here, failing is not.
          s.api.post("/auth/token", {
            form: { grant_type: "password", username: uniqueEmail(), password: strongPassword() },
            timeoutMs: 180_000,
          }),
        ),
      ).finally(() => (flooding = false));
      const latencies: number[] = [];
      // Let the flood reach the server, then sample another user's route until it ends.
      await new Promise((r) => setTimeout(r, 300));
      while (flooding || latencies.length < 3) {
        const res = await me();
        expect(res.status, res.text).toBe(200);
        latencies.push(res.ms);
        peakRss = Math.max(peakRss, groupRss(pgid) ?? 0);
        await new Promise((r) => setTimeout(r, 200));
      }
      const logins = await flood;
      for (const r of logins) expectTokenError(r, "invalid_grant");
      const worst = Math.max(...latencies);
      expect(
        worst,
        `GET /users/me took up to ${Math.round(worst)} ms during the flood (${latencies.length} samples)`,
      ).toBeLessThan(2_000);
      if (rssBefore !== undefined) {
        // One hash in flight per core, each with up to 64 MiB (argon2id's usual memory cost),
        // plus room for the process itself; unbounded, the flood takes FLOOD times that.
        const boundMiB = availableParallelism() * 64 + 128;
        const grownMiB = (peakRss - rssBefore) / 2 ** 20;
        expect(grownMiB, `resident memory grew ${grownMiB.toFixed(0)} MiB during the flood`).toBeLessThan(boundMiB);
      }
    },
    RACE_TIMEOUT_MS,
  );

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});
