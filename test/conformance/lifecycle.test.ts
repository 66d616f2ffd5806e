// CONTRACT §2: clean SIGTERM shutdown, and the production guard on the signing key.
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Api, strongPassword, uniqueEmail } from "./api.js";
import { adminCreds, adminEnv, expectRefusal } from "./context.js";
import { expectProblem } from "./expect-problem.js";
import { projects } from "./projects.js";
import { RELAXED, freshDatabaseUrl, portOpen, removeTemp, spawnServer, startServer, tempDir } from "./server.js";

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

  it.runIf(project.answers.jwtAlg === "HS256")("production, a 31-byte HS256 secret → non-zero exit before listening", async () => {
    const secret = randomBytes(16).toString("hex").slice(0, 31);
    await expectRefusal(project, { JWT_SECRET: secret }, { dotenv: "none" }, { secret });
  }, 60_000);

  it.runIf(project.answers.jwtAlg === "HS256")("control: production with a fresh 64-hex-char secret starts", async () => {
    const secret = randomBytes(32).toString("hex");
    const server = await startServer(project, { ...RELAXED, APP_ENV: "production", JWT_SECRET: secret }, { dotenv: "none" });
    await server.stop();
  }, 60_000);

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
    const second = await startServer(project, { ...RELAXED, BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: other }, { databaseUrl });
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

  it("GET /health/ready → 503 problem when the database does not answer (or the server refuses to start)", async () => {
    if (project.answers.database !== "sqlite") return;
    // A path under a regular file: no one, not even root, can create or open it.
    const dir = tempDir("broken");
    writeFileSync(join(dir, "not-a-dir"), "");
    const broken = `sqlite:///${join(dir, "not-a-dir", "app.db")}`;
    const s = await spawnServer(project, { ...RELAXED, MIGRATE_ON_START: "false" }, { databaseUrl: broken });
    let exited = false;
    void s.exited.then(() => (exited = true));
    const deadline = Date.now() + 20_000;
    let up = false;
    while (!exited && Date.now() < deadline) {
      try {
        const r = await fetch(`http://127.0.0.1:${s.port}/health`);
        await r.arrayBuffer();
        if (r.status === 200) {
          up = true;
          break;
        }
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    try {
      if (up) {
        const ready = await new Api(`http://127.0.0.1:${s.port}`).get("/health/ready");
        expectProblem(ready, 503);
      } else {
        expect(exited, `neither up nor exited:\n${s.output()}`).toBe(true);
        expect((await s.exited).code).not.toBe(0);
        // CONTRACT §3: no log line carries a stack trace or file path, a start-up failure included.
        expect(s.output(), "start-up failure logged a stack trace").not.toMatch(/Traceback \(most recent call last\)|\n\s+at .+:\d+:\d+/);
      }
    } finally {
      if (!exited) {
        s.proc.kill("SIGTERM");
        await s.exited;
      }
      removeTemp(dir);
    }
  }, 60_000);
});
