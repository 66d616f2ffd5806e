/**
 * Each generated project's own quality gates, as its user would run them (CONTRACT §2): its
 * test suite (against a fresh database of its own kind, TEST_DATABASE_URL, while
 * DATABASE_URL names development data it must not touch), its linter and formatter check,
 * its type checker, and its migrations against the models. A Node project runs its own npm
 * scripts on Node 24 (global-setup.ts puts it first on PATH), and its tests once on Node 22.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, inject, it } from "vitest";
import { loadProject } from "../conformance/projects.js";
import { freshDatabaseUrl } from "../conformance/server.js";
import { NODE_SENTINEL_SCRIPT } from "./node-sentinel.js";

const PYTEST = [".venv/bin/pytest", "-q", "-p", "no:cacheprovider"];
// As the project's own CI runs it: under coverage, which fails below its pyproject's fail_under.
const PYTEST_GATED = [...PYTEST, "--cov"];

const NPM_CHECKS = [
  ["npm", "run", "lint"],
  ["npm", "run", "format:check"],
  ["npm", "run", "typecheck"],
  ["npm", "run", "build"],
  // On a fresh database: every migration applies, in order.
  ["npm", "run", "migrate"],
];

const CHECKS: Record<string, string[][]> = {
  fastify: NPM_CHECKS,
  fastapi: [
    [".venv/bin/ruff", "check", "--no-cache"],
    [".venv/bin/ruff", "format", "--check", "--no-cache"],
    [".venv/bin/mypy"],
    // The checked-in migrations must produce exactly the models' schema.
    [".venv/bin/alembic", "upgrade", "head"],
    [".venv/bin/alembic", "check"],
  ],
};

/**
 * Development data stand-in, through the project's own engine (any of its databases):
 * `seed` creates a table with one row (after the project's migrations with `--migrate`),
 * then both modes print every table and the sentinel rows.
 */
const SENTINEL_SCRIPT = `
import json, sys
from sqlalchemy import inspect, text
from app.core.db import make_engine, run_migrations
url, mode = sys.argv[1], sys.argv[2]
if mode == "seed" and "--migrate" in sys.argv:
    run_migrations(url)
engine = make_engine(url)
with engine.begin() as c:
    if mode == "seed":
        c.execute(text("CREATE TABLE rampart_sentinel (id INTEGER PRIMARY KEY, note VARCHAR(64))"))
        c.execute(text("INSERT INTO rampart_sentinel (id, note) VALUES (1, 'development data')"))
    tables = sorted(inspect(c).get_table_names())
    rows = [list(r) for r in c.execute(text("SELECT id, note FROM rampart_sentinel ORDER BY id"))]
    counts = {t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in tables}  # noqa: S608
engine.dispose()
print(json.dumps({"tables": tables, "rows": rows, "counts": counts}))
`;

interface DatabaseState {
  tables: string[];
  rows: unknown[][];
  counts: Record<string, number>;
}

async function sentinel(dir: string, url: string, mode: "seed" | "read", migrate = false): Promise<DatabaseState> {
  const args = ["-", url, mode, ...(migrate ? ["--migrate"] : [])];
  const result = await execa(".venv/bin/python", args, { cwd: dir, input: SENTINEL_SCRIPT, reject: false, all: true });
  expect(result.exitCode, result.all).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as DatabaseState;
}

/** The process environment without any of the project's database variables. */
function envWithoutDatabases(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== "TEST_DATABASE_URL" && key !== "DATABASE_URL"),
  );
}

const projects = inject("e2eProjects").map((dir) => ({ dir, framework: loadProject(dir).answers.framework }));
const fastapiProjects = projects.filter((p) => p.framework === "fastapi").map((p) => p.dir);
const nodeProjects = projects.filter((p) => p.framework !== "fastapi").map((p) => p.dir);

describe.each(fastapiProjects)("%s", (dir) => {
  const project = loadProject(dir);
  const checks = CHECKS[project.answers.framework];
  if (!checks) throw new Error(`no checks known for ${project.answers.framework}`);
  const redis: Record<string, string> =
    project.answers.rateLimitStore === "redis" && process.env.CONFORMANCE_REDIS_URL
      ? { REDIS_URL: process.env.CONFORMANCE_REDIS_URL, TEST_REDIS_URL: process.env.CONFORMANCE_REDIS_URL }
      : {};
  // Three databases of the project's kind, none of them the project's own: one for the test
  // suite, one standing for development data the suite must leave alone, one for migrations.
  const testDatabase = freshDatabaseUrl(project);
  const developmentDatabase = freshDatabaseUrl(project);
  const env: Record<string, string> = { DATABASE_URL: freshDatabaseUrl(project), ...redis };

  it(`passes \`${PYTEST_GATED.join(" ")}\` on TEST_DATABASE_URL, never touching DATABASE_URL`, async () => {
    const seeded = await sentinel(dir, developmentDatabase, "seed");
    expect(seeded.rows).toEqual([[1, "development data"]]);
    const [command = "", ...args] = PYTEST_GATED;
    const result = await execa(command, args, {
      cwd: dir,
      reject: false,
      all: true,
      env: { ...envWithoutDatabases(), ...redis, TEST_DATABASE_URL: testDatabase, DATABASE_URL: developmentDatabase },
      extendEnv: false,
      timeout: 600_000,
    });
    expect(result.exitCode, result.all).toBe(0);
    // DATABASE_URL: exactly as seeded (no migration, no table, no wipe).
    expect(await sentinel(dir, developmentDatabase, "read")).toEqual(seeded);
    // TEST_DATABASE_URL is where the suite ran: it holds the project's migrated schema.
    const inspect = await execa(
      ".venv/bin/python",
      [
        "-c",
        "import sys; from sqlalchemy import inspect; from app.core.db import make_engine; " +
          "print(' '.join(sorted(inspect(make_engine(sys.argv[1])).get_table_names())))",
        testDatabase,
      ],
      { cwd: dir, reject: false, all: true },
    );
    expect(inspect.exitCode, inspect.all).toBe(0);
    expect(inspect.stdout.split(" ")).toEqual(expect.arrayContaining(["alembic_version", "users", "items"]));
  }, 620_000);

  it.each(checks.map(([command = "", ...args]) => [[command, ...args].join(" "), command, args] as const))(
    "passes `%s`",
    async (_label, command, args) => {
      const result = await execa(command, args, { cwd: dir, reject: false, all: true, env, timeout: 300_000 });
      expect(result.exitCode, result.all).toBe(0);
    },
    320_000,
  );

  it("its ruff configuration reports S608 on SQL built from strings", async () => {
    // A file outside the project, linted with the project's own configuration: the project
    // is never dirtied, and the rule is proven live (not merely listed in pyproject.toml).
    const scratch = mkdtempSync(path.join(tmpdir(), "rampart-s608-"));
    try {
      const probe = path.join(scratch, "probe.py");
      writeFileSync(
        probe,
        [
          '"""SQL built from a string next to a parameterized query."""',
          "",
          "from sqlalchemy import text",
          "",
          "",
          "def unsafe(name: str) -> str:",
          "    return f\"SELECT id FROM items WHERE name = '{name}'\"",
          "",
          "",
          "def safe() -> object:",
          '    return text("SELECT id FROM items WHERE name = :name")',
          "",
        ].join("\n"),
      );
      const result = await execa(
        path.join(dir, ".venv", "bin", "ruff"),
        ["check", "--no-cache", "--config", path.join(dir, "pyproject.toml"), "--output-format", "json", probe],
        { cwd: scratch, reject: false, all: true },
      );
      expect(result.exitCode, result.all).toBe(1);
      const found = (JSON.parse(result.stdout) as { code: string; location: { row: number } }[]).map(
        (d) => `${d.code}@${d.location.row}`,
      );
      expect(found).toEqual(["S608@7"]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it.runIf(project.answers.database === "sqlite")(
    "runs its own tests without TEST_DATABASE_URL and never touches the development data",
    async () => {
      // The development database as `DATABASE_URL`'s default names it, migrated and holding
      // a row of its own, exactly as a developer's would be.
      const dataDir = path.join(dir, "data");
      const devDatabase = path.join(dataDir, "app.db");
      const existed = existsSync(dataDir);
      expect(existsSync(devDatabase), `${devDatabase} exists already`).toBe(false);
      try {
        const seeded = await sentinel(dir, `sqlite:///${devDatabase}`, "seed", true);
        expect(seeded.tables).toEqual(expect.arrayContaining(["rampart_sentinel", "users", "alembic_version"]));
        const before = readFileSync(devDatabase);
        const result = await execa(PYTEST[0] ?? "", PYTEST.slice(1), {
          cwd: dir,
          reject: false,
          all: true,
          env: envWithoutDatabases(),
          extendEnv: false,
        });
        expect(result.exitCode, result.all).toBe(0);
        expect(readFileSync(devDatabase).equals(before), "data/app.db changed").toBe(true);
        expect(await sentinel(dir, `sqlite:///${devDatabase}`, "read")).toEqual(seeded);
      } finally {
        rmSync(existed ? devDatabase : dataDir, { recursive: true, force: true });
        for (const suffix of ["-wal", "-shm"]) rmSync(devDatabase + suffix, { force: true });
      }
    },
    620_000,
  );

  it("records none of its .env secrets in rampart.json", () => {
    const manifest = readFileSync(path.join(dir, "rampart.json"), "utf8");
    for (const [key, value] of Object.entries(project.dotenv)) {
      if (/SECRET|PASSWORD|KEY_FILE/.test(key) && value.length > 8) expect(manifest, key).not.toContain(value);
    }
  });
});

async function nodeSentinel(dir: string, url: string, mode: "seed" | "read"): Promise<DatabaseState> {
  const result = await execa("node", ["--input-type=module", "-e", NODE_SENTINEL_SCRIPT, url, mode], {
    cwd: dir,
    reject: false,
    all: true,
  });
  expect(result.exitCode, result.all).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as DatabaseState;
}

describe.each(nodeProjects)("%s", (dir) => {
  const project = loadProject(dir);
  const checks = CHECKS[project.answers.framework];
  if (!checks) throw new Error(`no checks known for ${project.answers.framework}`);
  const redis: Record<string, string> =
    project.answers.rateLimitStore === "redis" && process.env.CONFORMANCE_REDIS_URL
      ? { REDIS_URL: process.env.CONFORMANCE_REDIS_URL, TEST_REDIS_URL: process.env.CONFORMANCE_REDIS_URL }
      : {};
  const testDatabase = freshDatabaseUrl(project);
  const developmentDatabase = freshDatabaseUrl(project);
  const env: Record<string, string> = { DATABASE_URL: freshDatabaseUrl(project), ...redis };

  it("passes `npm run test:coverage` on TEST_DATABASE_URL, never touching DATABASE_URL", async () => {
    const seeded = await nodeSentinel(dir, developmentDatabase, "seed");
    expect(seeded.rows).toEqual([[1, "development data"]]);
    const result = await execa("npm", ["run", "test:coverage"], {
      cwd: dir,
      reject: false,
      all: true,
      env: { ...envWithoutDatabases(), ...redis, TEST_DATABASE_URL: testDatabase, DATABASE_URL: developmentDatabase },
      extendEnv: false,
      timeout: 600_000,
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(await nodeSentinel(dir, developmentDatabase, "read")).toEqual(seeded);
    // TEST_DATABASE_URL is where the suite ran: it holds the project's migrated schema.
    const tested = await nodeSentinel(dir, testDatabase, "seed");
    expect(tested.tables).toEqual(expect.arrayContaining(["kysely_migration", "users", "items"]));
  }, 620_000);

  it.each(checks.map(([command = "", ...args]) => [[command, ...args].join(" "), command, args] as const))(
    "passes `%s`",
    async (_label, command, args) => {
      const result = await execa(command, args, { cwd: dir, reject: false, all: true, env, timeout: 300_000 });
      expect(result.exitCode, result.all).toBe(0);
    },
    320_000,
  );

  it("its ESLint configuration refuses Kysely's raw-SQL helpers outside src/db/sort.ts", async () => {
    // A probe next to the sources (type-aware lint needs it in the project), removed after.
    const probe = path.join(dir, "src", "rampart-probe.ts");
    writeFileSync(
      probe,
      [
        'import { sql } from "kysely";',
        "",
        "export const unsafe = (name: string) => sql.raw(`SELECT id FROM items WHERE name = '${name}'`);",
        "export const safe = (name: string) => sql`SELECT id FROM items WHERE name = ${name}`;",
        "",
      ].join("\n"),
    );
    try {
      const result = await execa("npx", ["eslint", "--format", "json", probe], { cwd: dir, reject: false, all: true });
      expect(result.exitCode, result.all).toBe(1);
      const [report] = JSON.parse(result.stdout) as { messages: { ruleId: string; line: number }[] }[];
      expect(report?.messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(["no-restricted-syntax@3"]);
    } finally {
      rmSync(probe, { force: true });
    }
  }, 120_000);

  it.runIf(project.answers.database === "sqlite")(
    "runs its own tests without TEST_DATABASE_URL and never touches the development data",
    async () => {
      const dataDir = path.join(dir, "data");
      const devDatabase = path.join(dataDir, "app.db");
      const existed = existsSync(dataDir);
      expect(existsSync(devDatabase), `${devDatabase} exists already`).toBe(false);
      try {
        const url = `sqlite:///${devDatabase}`;
        const migrated = await execa("npm", ["run", "migrate"], {
          cwd: dir,
          reject: false,
          all: true,
          env: { DATABASE_URL: url },
        });
        expect(migrated.exitCode, migrated.all).toBe(0);
        const seeded = await nodeSentinel(dir, url, "seed");
        expect(seeded.tables).toEqual(expect.arrayContaining(["rampart_sentinel", "users", "kysely_migration"]));
        const before = readFileSync(devDatabase);
        const result = await execa("npm", ["test"], {
          cwd: dir,
          reject: false,
          all: true,
          env: envWithoutDatabases(),
          extendEnv: false,
        });
        expect(result.exitCode, result.all).toBe(0);
        expect(readFileSync(devDatabase).equals(before), "data/app.db changed").toBe(true);
        expect(await nodeSentinel(dir, url, "read")).toEqual(seeded);
      } finally {
        rmSync(existed ? devDatabase : dataDir, { recursive: true, force: true });
        for (const suffix of ["-wal", "-shm"]) rmSync(devDatabase + suffix, { force: true });
      }
    },
    620_000,
  );

  // Issue 9: the projects' own tests once on Node 22 (a copy, installed afresh: native
  // modules are built per Node version), on the first SQLite project only.
  const node22 = inject("nodeBins")["22"];
  it.runIf(node22 !== undefined && dir === nodeProjects.find((d) => loadProject(d).answers.database === "sqlite"))(
    "passes `npm ci && npm test` on Node 22",
    async () => {
      const copy = mkdtempSync(path.join(tmpdir(), "rampart-node22-"));
      try {
        cpSync(dir, copy, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|coverage|data)$/.test(src) });
        const env = { ...envWithoutDatabases(), PATH: `${node22}${path.delimiter}${process.env.PATH ?? ""}` };
        const install = await execa("npm", ["ci", "--no-audit", "--no-fund"], {
          cwd: copy,
          reject: false,
          all: true,
          env,
          extendEnv: false,
        });
        expect(install.exitCode, install.all).toBe(0);
        const version = await execa("node", ["--version"], { cwd: copy, env, extendEnv: false });
        expect(version.stdout).toMatch(/^v22\./);
        const result = await execa("npm", ["test"], {
          cwd: copy,
          reject: false,
          all: true,
          env,
          extendEnv: false,
          timeout: 600_000,
        });
        expect(result.exitCode, result.all).toBe(0);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
    900_000,
  );

  it("records none of its .env secrets in rampart.json", () => {
    const manifest = readFileSync(path.join(dir, "rampart.json"), "utf8");
    for (const [key, value] of Object.entries(project.dotenv)) {
      if (/SECRET|PASSWORD|KEY_FILE/.test(key) && value.length > 8) expect(manifest, key).not.toContain(value);
    }
  });
});
