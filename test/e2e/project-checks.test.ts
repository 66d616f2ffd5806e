/**
 * Each generated project's own quality gates, as its user would run them (CONTRACT §2): its
 * test suite (against a fresh database of its own kind, TEST_DATABASE_URL), its linter and
 * formatter check, its type checker, and its migrations against the models.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, inject, it } from "vitest";
import { loadProject } from "../conformance/projects.js";
import { freshDatabaseUrl } from "../conformance/server.js";

const CHECKS: Record<string, string[][]> = {
  fastapi: [
    [".venv/bin/pytest", "-q", "-p", "no:cacheprovider"],
    [".venv/bin/ruff", "check", "--no-cache"],
    [".venv/bin/ruff", "format", "--check", "--no-cache"],
    [".venv/bin/mypy"],
    // The checked-in migrations must produce exactly the models' schema.
    [".venv/bin/alembic", "upgrade", "head"],
    [".venv/bin/alembic", "check"],
  ],
};

describe.each(inject("e2eProjects"))("%s", (dir) => {
  const project = loadProject(dir);
  const checks = CHECKS[project.answers.framework];
  if (!checks) throw new Error(`no checks known for ${project.answers.framework}`);
  // One database for the test suite, another for the migrations: never the project's own.
  const env: Record<string, string> = {
    TEST_DATABASE_URL: freshDatabaseUrl(project),
    DATABASE_URL: freshDatabaseUrl(project),
    ...(project.answers.rateLimitStore === "redis" && process.env.CONFORMANCE_REDIS_URL
      ? { REDIS_URL: process.env.CONFORMANCE_REDIS_URL, TEST_REDIS_URL: process.env.CONFORMANCE_REDIS_URL }
      : {}),
  };

  it.each(checks.map(([command = "", ...args]) => [[command, ...args].join(" "), command, args] as const))(
    "passes `%s`",
    async (_label, command, args) => {
      const result = await execa(command, args, { cwd: dir, reject: false, all: true, env, timeout: 300_000 });
      expect(result.exitCode, result.all).toBe(0);
    },
    320_000,
  );

  it.runIf(project.answers.database === "sqlite")(
    "runs its own tests without TEST_DATABASE_URL and never touches the development data",
    async () => {
      const devDatabase = path.join(dir, "data", "app.db");
      const before = existsSync(devDatabase) ? readFileSync(devDatabase) : undefined;
      const rest = Object.fromEntries(
        Object.entries(process.env).filter(([key]) => key !== "TEST_DATABASE_URL" && key !== "DATABASE_URL"),
      );
      const result = await execa(".venv/bin/pytest", ["-q", "-p", "no:cacheprovider"], {
        cwd: dir,
        reject: false,
        all: true,
        env: rest,
        extendEnv: false,
      });
      expect(result.exitCode, result.all).toBe(0);
      const after = existsSync(devDatabase) ? readFileSync(devDatabase) : undefined;
      expect(after).toEqual(before);
    },
    120_000,
  );

  it("records none of its .env secrets in rampart.json", () => {
    const manifest = readFileSync(path.join(dir, "rampart.json"), "utf8");
    for (const [key, value] of Object.entries(project.dotenv)) {
      if (/SECRET|PASSWORD|KEY_FILE/.test(key) && value.length > 8) expect(manifest, key).not.toContain(value);
    }
  });
});
