// Starts a generated project's server the way CONTRACT §2 says it is served.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, symlinkSync, copyFileSync, cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { loadProject, type Project } from "./projects.js";

export const SERVER_START_TIMEOUT_MS = 30_000;
export const SERVER_STOP_TIMEOUT_MS = 10_000;
/** Hook timeout for a beforeAll that starts one or two servers. */
export const HOOK_TIMEOUT_MS = 90_000;

/** Contract §2 variables: never inherited from the harness' own environment. */
const CONTRACT_VARS = [
  "HOST",
  "PORT",
  "APP_ENV",
  "DATABASE_URL",
  "MIGRATE_ON_START",
  "JWT_SECRET",
  "JWT_PRIVATE_KEY_FILE",
  "JWT_PUBLIC_KEY_FILE",
  "JWT_ISSUER",
  "JWT_AUDIENCE",
  "ACCESS_TOKEN_TTL_SECONDS",
  "REFRESH_TOKEN_TTL_SECONDS",
  "OIDC_ISSUER",
  "OIDC_AUDIENCE",
  "OIDC_JWKS_URL",
  "RATE_LIMIT_PER_MINUTE",
  "LOGIN_MAX_FAILURES",
  "LOGIN_LOCKOUT_SECONDS",
  "REDIS_URL",
  "TRUST_PROXY",
  "CORS_ORIGINS",
  "MAX_BODY_BYTES",
  "ALLOW_REGISTRATION",
  "BOOTSTRAP_ADMIN_EMAIL",
  "BOOTSTRAP_ADMIN_PASSWORD",
  "EXPOSE_DOCS",
  "TEST_DATABASE_URL",
  "NODE_ENV",
  "REDIS_KEY_PREFIX",
  "DATABASE_POOL_SIZE",
  "DATABASE_MAX_OVERFLOW",
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
  /** Start the server with this many open files at most (soft and hard), through `prlimit`. */
  openFiles?: number;
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

/**
 * Server databases this process created (URL → how to drop it). A server started without
 * `opts.databaseUrl` owns the one made for it: it is dropped when the last server using it
 * stops. Others (made by a test through freshDatabaseUrl) are dropped when this process exits.
 */
const serverDatabases = new Map<string, { drop: () => void; ownedByServer: boolean }>();
const databaseUsers = new Map<string, number>();
let databaseCounter = 0;

/** Runs SQL on a server database through its command-line client, as the base URL's user. */
function serverSql(db: "postgres" | "mysql", baseUrl: string, sql: string): void {
  if (db === "postgres") {
    execFileSync("psql", [baseUrl, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 30_000,
    });
    return;
  }
  const u = new URL(baseUrl);
  const args = [
    "--protocol=TCP",
    "-h",
    u.hostname,
    "-P",
    u.port || "3306",
    "-u",
    decodeURIComponent(u.username),
    "-e",
    sql,
  ];
  execFileSync("mysql", args, {
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 30_000,
    env: { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) },
  });
}

/**
 * Everything a database holds, as an attacker with a copy of it would read it: the SQLite
 * file and its write-ahead log as raw bytes, or a data-only `pg_dump` / `mysqldump`.
 */
export function dumpDatabase(databaseUrl: string): string {
  if (databaseUrl.startsWith("sqlite:///")) {
    const file = databaseUrl.slice("sqlite:///".length);
    return [file, `${file}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString("latin1"))
      .join("\n");
  }
  const u = new URL(databaseUrl);
  const run = { encoding: "utf8" as const, maxBuffer: 256 * 1024 * 1024, timeout: 60_000 };
  if (u.protocol === "postgresql:") return execFileSync("pg_dump", ["--data-only", databaseUrl], run);
  const name = u.pathname.slice(1);
  const args = ["--protocol=TCP", "-h", u.hostname, "-P", u.port || "3306", "-u", decodeURIComponent(u.username)];
  return execFileSync("mysqldump", [...args, "--no-create-info", "--skip-extended-insert", name], {
    ...run,
    env: { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) },
  });
}

function dropServerDatabase(url: string): void {
  const entry = serverDatabases.get(url);
  if (!entry) return;
  serverDatabases.delete(url);
  try {
    entry.drop();
  } catch {
    /* best effort: the database server may be gone already */
  }
}

/**
 * A database of its own for one server: a temporary SQLite file, or a new database on the
 * server named by CONFORMANCE_DATABASE_URL_POSTGRES / _MYSQL (a user that may create
 * databases), created through `psql` / `mysql`.
 */
export function freshDatabaseUrl(project: Project): string {
  const db = project.answers.database;
  if (db === "sqlite") {
    const dir = tempDir("db");
    return `sqlite:///${join(dir, "app.db")}`; // "sqlite:///" + "/abs" = four slashes
  }
  const key = `CONFORMANCE_DATABASE_URL_${db.toUpperCase()}`;
  const base = process.env[key];
  if (!base) throw new Error(`${project.label}: set ${key} to a ${db} server URL whose user may create databases`);
  const name = `rampart_conf_${process.pid}_${++databaseCounter}_${randomBytes(4).toString("hex")}`;
  const create =
    db === "postgres" ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`;
  try {
    serverSql(db, base, create);
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? String(err);
    throw new Error(`${project.label}: could not create a ${db} database through ${key}: ${stderr}`);
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const drop = db === "postgres" ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${name}`;
  serverDatabases.set(url.toString(), { drop: () => serverSql(db, base, drop), ownedByServer: false });
  return url.toString();
}

/**
 * Redis for projects with rateLimitStore=redis: CONFORMANCE_REDIS_URL, and a key prefix of
 * the server's own so that servers count separately unless a test passes the same
 * REDIS_KEY_PREFIX to several (as a multi-instance deployment would share one).
 */
function redisEnv(project: Project): Record<string, string> {
  if (project.answers.rateLimitStore !== "redis") return {};
  const url = process.env.CONFORMANCE_REDIS_URL;
  if (!url) throw new Error(`${project.label}: set CONFORMANCE_REDIS_URL to a Redis the conformance suite may use`);
  return { REDIS_URL: url, REDIS_KEY_PREFIX: `rampart-conf-${process.pid}-${randomBytes(6).toString("hex")}` };
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
  for (const url of [...serverDatabases.keys()]) dropServerDatabase(url);
});
// Vitest workers may end without an "exit" event: drop what is left after each test file
// (this module is loaded once per file; a database still in use by a live server is kept).
afterAll(() => {
  for (const url of [...serverDatabases.keys()]) if (!databaseUsers.has(url)) dropServerDatabase(url);
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
  const created = serverDatabases.get(databaseUrl);
  if (created && !opts.databaseUrl) created.ownedByServer = true;
  databaseUsers.set(databaseUrl, (databaseUsers.get(databaseUrl) ?? 0) + 1);
  let released = false;
  const releaseDatabase = () => {
    if (released) return;
    released = true;
    const left = (databaseUsers.get(databaseUrl) ?? 1) - 1;
    if (left > 0) {
      databaseUsers.set(databaseUrl, left);
      return;
    }
    databaseUsers.delete(databaseUrl);
    if (serverDatabases.get(databaseUrl)?.ownedByServer) dropServerDatabase(databaseUrl);
  };
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
    ...redisEnv(project),
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const cwd = opts.dotenv && opts.dotenv !== "project" ? shadowProject(project, opts.dotenv) : project.dir;
  const [serve, serveArgs] = command(project);
  const [cmd, args] =
    opts.openFiles === undefined
      ? [serve, serveArgs]
      : ["prlimit", [`--nofile=${opts.openFiles}:${opts.openFiles}`, "--", serve, ...serveArgs]];
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
      releaseDatabase();
      res({ code, signal });
    });
    proc.once("error", (err) => {
      out += `\n[spawn error] ${err.message}`;
      live.delete(proc);
      releaseDatabase();
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
      throw new Error(
        `${project.label}: GET /health was not 200 within ${SERVER_START_TIMEOUT_MS} ms.\n--- output ---\n${s.output()}`,
      );
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
