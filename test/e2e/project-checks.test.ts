/**
 * Each generated project's own quality gates, as its user would run them (CONTRACT §2):
 * its test suite, its linter and formatter check, and its type checker.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, inject, it } from "vitest";

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

const projects = inject("e2eProjects");

describe.each(projects)("%s", (dir) => {
  const { answers } = JSON.parse(readFileSync(path.join(dir, "rampart.json"), "utf8")) as {
    answers: { framework: string };
  };
  const checks = CHECKS[answers.framework];
  if (!checks) throw new Error(`no checks known for ${answers.framework}`);

  it.each(checks.map(([command = "", ...args]) => [[command, ...args].join(" "), command, args] as const))(
    "passes `%s`",
    async (_label, command, args) => {
      const result = await execa(command, args, {
        cwd: dir,
        reject: false,
        all: true,
        // The project's tests must not need the developer's .env values to pass.
        env: {
          DATABASE_URL: `sqlite:///${path.join(dir, "data", "checks.db")}`,
        },
        timeout: 300_000,
      });
      expect(result.exitCode, result.all).toBe(0);
    },
    320_000,
  );
});
