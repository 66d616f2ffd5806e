// CONTRACT §2: clean SIGTERM shutdown, the production guard on the signing key, and a
// database that is down at start or goes away mid-run (for every database kind: /health/ready
// says 503, errors stay generic, nothing of the driver reaches a body or a log line).
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Api, strongPassword, uniqueEmail } from "./api.js";
import { adminCreds, adminEnv, awaitExit, expectRefusal } from "./context.js";
import { expectProblem } from "./expect-problem.js";
import { projects, type Project } from "./projects.js";
import {
  RELAXED,
  freePort,
  freshDatabaseUrl,
  portOpen,
  removeTemp,
  spawnServer,
  startServer,
  tempDir,
} from "./server.js";

const KEY_VARS = { JWT_SECRET: undefined, JWT_PRIVATE_KEY_FILE: undefined, JWT_PUBLIC_KEY_FILE: undefined };

describe.each(projects({ auth: "password" }))("$label: lifecycle", (project) => {
  it("SIGTERM: finishes the in-flight request, exits cleanly within 10 s", async () => {
    const server = await startServer(project, RELAXED);
    try {
      const api = new Api(server.baseUrl);
      expect((await api.get("/health")).status).toBe(200);
      const inflight = api.post("/auth/register", { json: { email: uniqueEmail(), password: strongPassword() } });
      await new Promise((r) => setTimeout(r, 30));
      const stopping = server.stop();
      const res = await inflight;
      expect(res.status, `in-flight request: ${res.text}`).toBe(201);
      const e = await stopping;
      expect(e.ms ?? 0, server.output()).toBeLessThan(10_000);
      // Clean: exit 0, or death by the re-raised SIGTERM after a graceful shutdown (uvicorn does
      // that on purpose; 143 = 128 + SIGTERM through a shell/npm). Never SIGKILL, never an error code.
      const clean = e.code === 0 || e.code === 143 || (e.code === null && e.signal === "SIGTERM");
      expect(clean, `exit code ${e.code}, signal ${e.signal}\n${server.output()}`).toBe(true);
      expect(server.output()).not.toMatch(/Traceback|Error|Exception/);
      expect(await portOpen(server.port)).toBe(false);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("production, no signing key at all → non-zero exit before listening", async () => {
    await expectRefusal(project, KEY_VARS, { dotenv: "none" });
  }, 60_000);

  it("production, the placeholder key from .env.example → non-zero exit before listening", async () => {
    await expectRefusal(project, KEY_VARS, { dotenv: "example" });
  }, 60_000);

  it.runIf(project.answers.jwtAlg === "HS256")(
    "production, a 31-byte HS256 secret → non-zero exit before listening",
    async () => {
      const secret = randomBytes(16).toString("hex").slice(0, 31);
      await expectRefusal(project, { JWT_SECRET: secret }, { dotenv: "none" }, { secret });
    },
    60_000,
  );

  it.runIf(project.answers.jwtAlg === "HS256")(
    "control: production with a fresh 64-hex-char secret starts",
    async () => {
      const secret = randomBytes(32).toString("hex");
      const server = await startServer(
        project,
        { ...RELAXED, APP_ENV: "production", JWT_SECRET: secret },
        { dotenv: "none" },
      );
      await server.stop();
    },
    60_000,
  );

  it("BOOTSTRAP_ADMIN_*: creates the admin once; a restart with another password does not reset it", async () => {
    const admin = adminCreds();
    const databaseUrl = freshDatabaseUrl(project);
    const first = await startServer(project, { ...RELAXED, ...adminEnv(admin) }, { databaseUrl });
    try {
      const t = await new Api(first.baseUrl).login(admin.email, admin.password);
      expect(t.scope.split(" ")).toContain("users:admin");
    } finally {
      await first.stop();
    }
    const other = strongPassword();
    const second = await startServer(
      project,
      { ...RELAXED, BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: other },
      { databaseUrl },
    );
    try {
      const api = new Api(second.baseUrl);
      const t = await api.login(admin.email, admin.password);
      const list = await api.get("/admin/users?limit=100", { token: t.access });
      expect(list.status, list.text).toBe(200);
      const emails = (list.body.items as Array<Record<string, unknown>>).map((u) => u.email);
      expect(emails.filter((e) => e === admin.email)).toHaveLength(1);
      const wrong = await api.tokenRequest({ grant_type: "password", username: admin.email, password: other });
      expect(wrong.status, "the env password must not overwrite an existing admin's").toBe(400);
    } finally {
      await second.stop();
      const m = /^sqlite:\/\/\/(.+)\/app\.db$/.exec(databaseUrl);
      if (m?.[1]) removeTemp(m[1]);
    }
  }, 90_000);

  it("a database down at start, MIGRATE_ON_START=false: serves; /health → 200, /health/ready → 503 problem", async () => {
    const down = await unreachableDatabase(project);
    try {
      const server = await startServer(project, { ...RELAXED, MIGRATE_ON_START: "false" }, { databaseUrl: down.url });
      try {
        const api = new Api(server.baseUrl);
        const health = await api.get("/health");
        expect(health.status, health.text).toBe(200);
        expect(health.body).toEqual({ status: "ok" });
        const ready = await api.get("/health/ready");
        expectProblem(ready, 503);
        expect(ready.text).not.toContain(down.secret);
        expect(ready.text).not.toContain(down.where);
        expectCleanLog(server.output(), down);
      } finally {
        await server.stop();
      }
    } finally {
      down.cleanup();
    }
  }, 60_000);

  it("a database down at start, MIGRATE_ON_START=true: one clear line, exit 1, never listens", async () => {
    const down = await unreachableDatabase(project);
    try {
      const s = await spawnServer(project, { ...RELAXED, MIGRATE_ON_START: "true" }, { databaseUrl: down.url });
      // CONTRACT §2 allows a bounded retry said in the log; this app does not retry: it stops.
      const { exitedInTime, listened, exit: e } = await awaitExit(s);
      const out = s.output();
      expect(exitedInTime, `still running after 30 s:\n${out}`).toBe(true);
      expect(listened, `it listened before exiting:\n${out}`).toBe(false);
      expect(e.code, out).toBe(1);
      expect(out.trim().split("\n"), out).toHaveLength(1);
      expect(out).toMatch(/^error: could not start: \w+ \(is DATABASE_URL right, and does the database answer\?\)$/m);
      expectCleanLog(out, down);
    } finally {
      down.cleanup();
    }
  }, 60_000);

  it.runIf(project.answers.database !== "sqlite")(
    "the database going away mid-run: 503 problems, /health/ready → 503, then 200 when it is back",
    async () => {
      const real = new URL(freshDatabaseUrl(project));
      const proxy = await TcpProxy.start(real.hostname, Number(real.port));
      const viaProxy = new URL(real);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      const server = await startServer(project, RELAXED, { databaseUrl: viaProxy.toString() });
      // The harness' password may be a plain word ("rampart"): look for the credentials as a URL holds them.
      const down = { secret: `${real.username}:${real.password}@`, where: `:${proxy.port}` };
      try {
        const api = new Api(server.baseUrl);
        const caller = await api.user();
        expect((await api.get("/users/me", { token: caller.access })).status).toBe(200);
        expect((await api.get("/health/ready")).status).toBe(200);

        await proxy.stop();
        const health = await api.get("/health");
        expect(health.status, health.text).toBe(200);
        expectProblem(await api.get("/health/ready"), 503);
        for (const res of [
          await api.get("/users/me", { token: caller.access }),
          await api.get("/items", { token: caller.access }),
          await api.post("/items", { token: caller.access, json: { name: "while the database is away" } }),
        ]) {
          // 503 (the database is a dependency that is down, as the readiness probe says), generic:
          // no driver, SQL, host or password.
          expect(res.status, `${res.method} ${res.path} -> ${res.status} ${res.text}`).toBe(503);
          expectProblem(res, 503);
          expect(res.headers["retry-after"]).toMatch(/^[1-9][0-9]*$/);
          expect(res.text).not.toContain(down.secret);
          expect(res.text).not.toContain(down.where);
        }

        await proxy.resume();
        const deadline = Date.now() + 20_000;
        let ready = await api.get("/health/ready");
        while (ready.status !== 200 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          ready = await api.get("/health/ready");
        }
        expect(ready.status, `not ready again after the database came back: ${ready.text}`).toBe(200);
        expect((await api.get("/users/me", { token: caller.access })).status).toBe(200);
        expectCleanLog(server.output(), down);
      } finally {
        await server.stop();
        await proxy.stop();
      }
    },
    90_000,
  );
});

interface DownDatabase {
  /** A DATABASE_URL of the project's kind that no database answers. */
  url: string;
  /** The password in it, and where it points: neither may reach a body or a log line. */
  secret: string;
  where: string;
  cleanup(): void;
}

/**
 * SQLite: a path under a regular file (no one, not even root, can create or open it).
 * PostgreSQL / MySQL: the right scheme, on a loopback port nothing listens on.
 */
async function unreachableDatabase(project: Project): Promise<DownDatabase> {
  const secret = `pw-${randomBytes(8).toString("hex")}`;
  if (project.answers.database === "sqlite") {
    const dir = tempDir("broken");
    writeFileSync(join(dir, "not-a-dir"), "");
    return { url: `sqlite:///${join(dir, "not-a-dir", "app.db")}`, secret, where: dir, cleanup: () => removeTemp(dir) };
  }
  const port = await freePort();
  const scheme = project.answers.database === "postgres" ? "postgresql" : "mysql";
  return {
    url: `${scheme}://app:${secret}@127.0.0.1:${port}/app`,
    secret,
    where: `:${port}`,
    cleanup: () => undefined,
  };
}

/** CONTRACT §3: no log line carries a stack trace, driver text, the password or the address. */
function expectCleanLog(out: string, down: { secret: string; where: string }): void {
  expect(out, "a stack trace in the log").not.toMatch(/Traceback \(most recent call last\)|\n\s+at .+:\d+:\d+/);
  expect(out, "driver text in the log").not.toMatch(/psycopg|pymysql|sqlite3\.|connection refused|Can't connect/i);
  expect(out.includes(down.secret), "the database password in the log").toBe(false);
  expect(out.includes(down.where), "the database address in the log").toBe(false);
}

/** A TCP forwarder to a database server that a test can take away and bring back. */
class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly host: string,
    private readonly targetPort: number,
    readonly port: number,
  ) {}

  static async start(host: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(host, targetPort, await freePort());
    await proxy.resume();
    return proxy;
  }

  resume(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    this.server = server;
    return new Promise((res, rej) => {
      server.once("error", rej);
      server.listen(this.port, "127.0.0.1", () => res());
    });
  }

  /** Stop listening and cut every open connection: the database is gone. */
  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return new Promise((res) => (server ? server.close(() => res()) : res()));
  }
}
