// Per-file server lifecycle: each test file starts the server profile it needs.
import { afterAll, beforeAll, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Api, strongPassword, type TokenPair } from "./api.js";
import { OidcProvider } from "./oidc.js";
import { logViolations } from "./logs.js";
import type { Project } from "./projects.js";
import {
  HOOK_TIMEOUT_MS,
  RELAXED,
  portOpen,
  spawnServer,
  startServer,
  type RunningServer,
  type ExitInfo,
  type SpawnedServer,
  type StartOptions,
} from "./server.js";

export interface ServerHandle {
  server: RunningServer;
  api: Api;
  idp?: OidcProvider;
}

/**
 * Starts a server in beforeAll and stops it in afterAll. `opts` may be a function so that it
 * can read another handle started earlier (e.g. to share its database). For `--auth oidc`
 * projects a local identity provider is started first, its OIDC_* variables are passed, and
 * `api.user()` mints tokens there (`handle.idp`).
 */
export function withServer(
  project: Project,
  overrides: Record<string, string | undefined> = {},
  opts: StartOptions | (() => StartOptions) = {},
): ServerHandle {
  const h = {} as ServerHandle;
  beforeAll(async () => {
    let env = overrides;
    if (project.answers.auth === "oidc") {
      h.idp = new OidcProvider();
      await h.idp.start();
      env = { ...h.idp.env(), ...overrides };
    }
    h.server = await startServer(project, env, typeof opts === "function" ? opts() : opts);
    h.api = new Api(h.server.baseUrl);
    const idp = h.idp;
    if (idp) h.api.mint = (scope?: string) => idp.caller(scope);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await h.server?.stop();
    await h.idp?.stop();
  }, 20_000);
  return h;
}

export interface AdminCreds {
  email: string;
  password: string;
}

export function adminCreds(): AdminCreds {
  return { email: `admin-${randomUUID()}@example.com`, password: strongPassword() };
}

export function adminEnv(a: AdminCreds): Record<string, string> {
  return { BOOTSTRAP_ADMIN_EMAIL: a.email, BOOTSTRAP_ADMIN_PASSWORD: a.password };
}

export async function adminLogin(api: Api, a: AdminCreds, scope?: string): Promise<TokenPair> {
  return api.login(a.email, a.password, scope);
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 3339, UTC ("Z" or "+00:00"). */
export const RFC3339_UTC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/;

/**
 * CONTRACT §2 Logs / §3 Errors: no log line carries a stack trace, password, token or secret,
 * a raw control character, or starts with one of `markers` (a line a client forged). Checks the
 * captured output of the given servers against everything their clients sent or received.
 * Call it last in the describe block (after auditHeaders if both).
 */
export function auditLogs(
  handles: () => ServerHandle[],
  extraSecrets: () => string[] = () => [],
  markers: () => string[] = () => [],
): void {
  it("server logs carry no password, token, secret, stack trace, raw control character or forged line", () => {
    for (const h of handles()) {
      const out = h.server.output();
      expect(out.length, "the server logged something").toBeGreaterThan(0);
      expect(logViolations(out, markers()), "CONTRACT §2 Logs").toEqual([]);
      const leaked = [...h.api.secrets, ...extraSecrets()].filter((s) => s && out.includes(s));
      expect(
        leaked.map((s) => `${s.slice(0, 12)}…`),
        "secrets found in the server output",
      ).toEqual([]);
      const dotenv = h.server.project.dotenv;
      for (const k of ["JWT_SECRET"]) {
        const v = dotenv[k];
        if (v) expect(out.includes(v), `${k} printed in the log`).toBe(false);
      }
    }
  });
}

/**
 * Waits up to 30 s for a spawned server to exit on its own, noting whether its port ever
 * opened meanwhile; a server still running then is killed (and `exitedInTime` is false).
 */
export async function awaitExit(
  s: SpawnedServer,
): Promise<{ exitedInTime: boolean; listened: boolean; exit: ExitInfo }> {
  let done = false;
  let listened = false;
  const exit = s.exited.then((e) => {
    done = true;
    return e;
  });
  const deadline = Date.now() + 30_000;
  while (!done && Date.now() < deadline) {
    if (await portOpen(s.port)) listened = true;
    await new Promise((r) => setTimeout(r, 50));
  }
  const exitedInTime = done; // read before the kill below makes `done` true
  if (!exitedInTime) {
    try {
      if (s.proc.pid) process.kill(-s.proc.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  return { exitedInTime, listened, exit: await exit };
}

/** Runs the server expecting it to refuse to start: non-zero exit, and the port never opens. */
export async function expectRefusal(
  project: Project,
  env: Record<string, string | undefined>,
  opts: StartOptions,
  check: { secret?: string; message?: RegExp } = {},
): Promise<void> {
  const { secret, message = /JWT|key|secret/i } = check;
  const s = await spawnServer(project, { ...RELAXED, APP_ENV: "production", ...env }, opts);
  const { exitedInTime, listened, exit: e } = await awaitExit(s);
  const out = s.output();
  expect(exitedInTime, `still running after 30 s:\n${out}`).toBe(true);
  expect(listened, `it listened on its port before exiting:\n${out}`).toBe(false);
  expect(e.code, `exit code (signal ${e.signal}):\n${out}`).not.toBe(0);
  expect(e.code).not.toBeNull();
  expect(out, "a clear message naming what is missing").toMatch(message);
  if (secret) expect(out.includes(secret), "the message must not print the secret").toBe(false);
  expect(out).not.toMatch(/Traceback \(most recent call last\)/);
}
