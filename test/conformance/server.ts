// Starts a generated project's server the way CONTRACT §2 says it is served.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, symlinkSync, copyFileSync, cpSync, existsSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProject, type Project } from "./projects.js";

export const SERVER_START_TIMEOUT_MS = 30_000;
export const SERVER_STOP_TIMEOUT_MS = 10_000;
/** Hook timeout for a beforeAll that starts one or two servers. */
export const HOOK_TIMEOUT_MS = 90_000;

/** Contract §2 variables: never inherited from the harness' own environment. */
const CONTRACT_VARS = [
  "HOST", "PORT", "APP_ENV", "DATABASE_URL", "MIGRATE_ON_START", "JWT_SECRET", "JWT_PRIVATE_KEY_FILE",
  "JWT_PUBLIC_KEY_FILE", "JWT_ISSUER", "JWT_AUDIENCE", "ACCESS_TOKEN_TTL_SECONDS", "REFRESH_TOKEN_TTL_SECONDS",
  "OIDC_ISSUER", "OIDC_AUDIENCE", "OIDC_JWKS_URL", "RATE_LIMIT_PER_MINUTE", "LOGIN_MAX_FAILURES",
  "LOGIN_LOCKOUT_SECONDS", "REDIS_URL", "TRUST_PROXY", "CORS_ORIGINS", "MAX_BODY_BYTES", "ALLOW_REGISTRATION",
  "BOOTSTRAP_ADMIN_EMAIL", "BOOTSTRAP_ADMIN_PASSWORD", "EXPOSE_DOCS", "TEST_DATABASE_URL", "NODE_ENV",
];

/** A profile that never trips limits: the general suites use it. */
export const RELAXED: Record<string, string> = {
  RATE_LIMIT_PER_MINUTE: "100000",
  LOGIN_MAX_FAILURES: "100000",
  LOGIN_LOCKOUT_SECONDS: "1",
};

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ms between the stop signal and the exit (undefined when it exited on its own). */
  ms?: number;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  project: Project;
  env: Record<string, string>;
  databaseUrl: string;
  proc: ChildProcess;
  /** SIGTERM, wait up to 10 s (SIGKILL after). */
  stop(): Promise<ExitInfo>;
  output(): string;
}

export interface StartOptions {
  /** Reuse another server's database (e.g. to create users through a relaxed server). */
  databaseUrl?: string;
  /** What `.env` the process sees: the project's own (default), none, or `.env.example`'s placeholders. */
  dotenv?: "project" | "none" | "example";
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect({ port, host: "127.0.0.1" });
    sock.once("connect", () => {
      sock.destroy();
      res(true);
    });
    sock.once("error", () => res(false));
  });
}

/** Temporary directories this process made (databases, shadow copies): removed at exit. */
const tempDirs = new Set<string>();
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `rampart-conf-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}
export function removeTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export function freshDatabaseUrl(project: Project): string {
  const db = project.answers.database;
  if (db === "sqlite") {
    const dir = tempDir("db");
    return `sqlite:///${join(dir, "app.db")}`; // "sqlite:///" + "/abs" = four slashes
  }
  const key = `CONFORMANCE_DATABASE_URL_${db.toUpperCase()}`;
  const url = process.env[key];
  if (!url) throw new Error(`${project.label}: set ${key} to a ${db} database the conformance suite may use`);
  return url;
}

/** Installed dependencies and build output: symlinked into a shadow copy, not copied. */
const HEAVY = new Set([".venv", "node_modules", ".git", ".mypy_cache", ".ruff_cache", ".pytest_cache", "data"]);

/**
 * A copy of the project (sources copied so that paths resolved from the code stay inside it;
 * dependencies symlinked), with a different `.env` (or none).
 */
function shadowProject(project: Project, dotenv: "none" | "example"): string {
  const dir = tempDir("shadow");
  for (const name of readdirSync(project.dir)) {
    if (name === ".env") continue;
    if (HEAVY.has(name)) symlinkSync(join(project.dir, name), join(dir, name));
    else cpSync(join(project.dir, name), join(dir, name), { recursive: true });
  }
  if (dotenv === "example") {
    const example = join(project.dir, ".env.example");
    if (!existsSync(example)) throw new Error(`${project.label}: no .env.example`);
    copyFileSync(example, join(dir, ".env"));
  }
  return dir;
}

function command(project: Project): [string, string[]] {
  switch (project.answers.framework) {
    case "fastapi":
      return [join(project.dir, ".venv", "bin", "python"), ["-m", "app"]];
    case "fastify":
    case "express":
    case "hono":
      return ["npm", ["start", "--silent"]];
  }
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of live) {
    try {
      if (p.pid) process.kill(-p.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

export interface SpawnedServer {
  proc: ChildProcess;
  port: number;
  env: Record<string, string>;
  databaseUrl: string;
  exited: Promise<ExitInfo>;
  output(): string;
  cwd: string;
}

/** Spawn without waiting for readiness (the production-guard probes need this). */
export async function spawnServer(
  projectOrDir: Project | string,
  overrides: Record<string, string | undefined> = {},
  opts: StartOptions = {},
): Promise<SpawnedServer> {
  const project = typeof projectOrDir === "string" ? loadProject(projectOrDir) : projectOrDir;
  const port = await freePort();
  const databaseUrl = opts.databaseUrl ?? freshDatabaseUrl(project);
  const inherited: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !CONTRACT_VARS.includes(k)) inherited[k] = v;
  }
  const env: Record<string, string> = {
    ...inherited,
    HOST: "127.0.0.1",
    PORT: String(port),
    APP_ENV: "development",
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: "true",
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const cwd = opts.dotenv && opts.dotenv !== "project" ? shadowProject(project, opts.dotenv) : project.dir;
  const [cmd, args] = command(project);
  const proc = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  live.add(proc);
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString("utf8");
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const exited = new Promise<ExitInfo>((res) => {
    proc.once("exit", (code, signal) => {
      live.delete(proc);
      if (cwd !== project.dir) removeTemp(cwd);
      // A database this server created for itself goes with it.
      const m = /^sqlite:\/\/\/(.+)\/app\.db$/.exec(databaseUrl);
      if (!opts.databaseUrl && m?.[1] && tempDirs.has(m[1])) removeTemp(m[1]);
      res({ code, signal });
    });
    proc.once("error", (err) => {
      out += `\n[spawn error] ${err.message}`;
      live.delete(proc);
      res({ code: -1, signal: null });
    });
  });
  return { proc, port, env, databaseUrl, exited, output: () => out, cwd };
}

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function startServer(
  projectOrDir: Project | string,
  overrides: Record<string, string | undefined> = {},
  opts: StartOptions = {},
): Promise<RunningServer> {
  const project = typeof projectOrDir === "string" ? loadProject(projectOrDir) : projectOrDir;
  const s = await spawnServer(project, overrides, opts);
  let exitInfo: ExitInfo | undefined;
  void s.exited.then((e) => (exitInfo = e));
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) {
      throw new Error(
        `${project.label}: server exited (code ${exitInfo.code}, signal ${exitInfo.signal}) before /health answered 200.\n--- output ---\n${s.output()}`,
      );
    }
    if (await healthy(s.port)) break;
    if (Date.now() > deadline) {
      try {
        if (s.proc.pid) process.kill(-s.proc.pid, "SIGKILL");
      } catch {
        /* gone */
      }
      throw new Error(`${project.label}: GET /health was not 200 within ${SERVER_START_TIMEOUT_MS} ms.\n--- output ---\n${s.output()}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  let stopped: Promise<ExitInfo> | undefined;
  const stop = (): Promise<ExitInfo> => {
    if (stopped) return stopped;
    stopped = (async () => {
      if (exitInfo) return exitInfo;
      const t0 = Date.now();
      s.proc.kill("SIGTERM");
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), SERVER_STOP_TIMEOUT_MS).unref());
      const first = await Promise.race([s.exited, timer]);
      if (first === "timeout") {
        try {
          if (s.proc.pid) process.kill(-s.proc.pid, "SIGKILL");
        } catch {
          /* gone */
        }
        const e = await s.exited;
        return { ...e, ms: Date.now() - t0 };
      }
      return { ...first, ms: Date.now() - t0 };
    })();
    return stopped;
  };
  return {
    baseUrl: `http://127.0.0.1:${s.port}`,
    port: s.port,
    project,
    env: s.env,
    databaseUrl: s.databaseUrl,
    proc: s.proc,
    stop,
    output: s.output,
  };
}
