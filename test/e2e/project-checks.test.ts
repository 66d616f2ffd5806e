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

/**
 * Runs `command` (in `options.cwd`), expects it to exit 0 (its output the failure message)
 * and returns its standard output.
 * `isolated`: `env` is the whole environment (not merged over this process's).
 */
async function passes(
  command: readonly string[],
  options: {
    cwd: string;
    env?: Record<string, string | undefined>;
    isolated?: boolean;
    timeout?: number;
    input?: string;
  },
): Promise<string> {
  const [file = "", ...args] = command;
  const { isolated = false, ...rest } = options;
  const result = await execa(file, args, { ...rest, reject: false, all: true, extendEnv: !isolated });
  expect(result.exitCode, result.all).toBe(0);
  return result.stdout;
}

/**
 * The FastAPI development data stand-in, through the project's own engine (any of its databases):
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

/** The process environment without any of the project's database variables. */
function envWithoutDatabases(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== "TEST_DATABASE_URL" && key !== "DATABASE_URL"),
  );
}

/** One of a project's gates: `command`, run in the project, must exit 0. */
interface Check {
  /** The test's name (CI reports it): `passes \`command\``. */
  name: string;
  command: string[];
  /** Set over the runner's environment, from the project's own variables. */
  env: (project: ProjectEnv) => Record<string, string>;
  timeout: number;
}

/** A project's variables for its checks. */
interface ProjectEnv {
  /** A fresh database of the project's kind, none of the others: the one its migrations run on. */
  migrations: string;
  /** REDIS_URL and TEST_REDIS_URL for a Redis store project, else nothing. */
  redis: Record<string, string>;
}

/** The checks' DATABASE_URL: one fresh database, shared in order (migrations apply, then are checked). */
const onMigrationsDatabase = ({ migrations, redis }: ProjectEnv) => ({ DATABASE_URL: migrations, ...redis });

/** Each check's name from its command, run on the migrations' database within five minutes. */
function checks(commands: string[][]): Check[] {
  return commands.map((command) => ({
    name: `passes \`${command.join(" ")}\``,
    command,
    env: onMigrationsDatabase,
    timeout: 300_000,
  }));
}

/** What a stack's projects are checked with: its commands, and its own view of a database. */
interface Stack {
  /** The test suite: `gated` as the project's CI runs it (under its coverage gate), `plain` as a developer does. */
  suite: { gated: string[]; plain: string[] };
  /** The table the project's migrations record themselves in. */
  migrationsTable: string;
  checks: Check[];
  /** Development data stand-in, through the project's own drivers: `seed` creates a table with one row. */
  sentinel: (dir: string, url: string, mode: "seed" | "read") => Promise<DatabaseState>;
  /** A development database at `url` as a developer's would be: migrated, then seeded. */
  seedMigrated: (dir: string, url: string) => Promise<DatabaseState>;
  /** The tables the suite left on TEST_DATABASE_URL. */
  tables: (dir: string, url: string) => Promise<string[]>;
  /** The linter's configuration refuses SQL built from strings: a probe linted with it. */
  probe: { name: string; timeout?: number; run: (dir: string) => Promise<void> };
}

const PYTEST = [".venv/bin/pytest", "-q", "-p", "no:cacheprovider"];

const FASTAPI: Stack = {
  // As the project's own CI runs it: under coverage, which fails below its pyproject's fail_under.
  suite: { gated: [...PYTEST, "--cov"], plain: PYTEST },
  migrationsTable: "alembic_version",
  checks: checks([
    [".venv/bin/ruff", "check", "--no-cache"],
    [".venv/bin/ruff", "format", "--check", "--no-cache"],
    [".venv/bin/mypy"],
    // The checked-in migrations must produce exactly the models' schema.
    [".venv/bin/alembic", "upgrade", "head"],
    [".venv/bin/alembic", "check"],
  ]),
  sentinel: (dir, url, mode) => pythonSentinel(dir, url, mode),
  seedMigrated: (dir, url) => pythonSentinel(dir, url, "seed", true),
  tables: async (dir, url) => {
    const tables = await passes(
      [
        ".venv/bin/python",
        "-c",
        "import sys; from sqlalchemy import inspect; from app.core.db import make_engine; " +
          "print(' '.join(sorted(inspect(make_engine(sys.argv[1])).get_table_names())))",
        url,
      ],
      { cwd: dir },
    );
    return tables.split(" ");
  },
  probe: {
    name: "its ruff configuration reports S608 on SQL built from strings",
    run: async (dir) => {
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
    },
  },
};

const NODE: Stack = {
  suite: { gated: ["npm", "run", "test:coverage"], plain: ["npm", "test"] },
  migrationsTable: "kysely_migration",
  checks: checks([
    ["npm", "run", "lint"],
    ["npm", "run", "format:check"],
    ["npm", "run", "typecheck"],
    ["npm", "run", "build"],
    // On a fresh database: every migration applies, in order.
    ["npm", "run", "migrate"],
  ]),
  sentinel: nodeSentinel,
  seedMigrated: async (dir, url) => {
    await passes(["npm", "run", "migrate"], { cwd: dir, env: { DATABASE_URL: url } });
    return nodeSentinel(dir, url, "seed");
  },
  // Read through the sentinel, which adds its table there (after the suite: harmless).
  tables: async (dir, url) => (await nodeSentinel(dir, url, "seed")).tables,
  probe: {
    name: "its ESLint configuration refuses Kysely's raw-SQL helpers outside src/db/sort.ts",
    timeout: 120_000,
    run: async (dir) => {
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
        const result = await execa("npx", ["eslint", "--format", "json", probe], {
          cwd: dir,
          reject: false,
          all: true,
        });
        expect(result.exitCode, result.all).toBe(1);
        const [report] = JSON.parse(result.stdout) as { messages: { ruleId: string; line: number }[] }[];
        expect(report?.messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(["no-restricted-syntax@3"]);
      } finally {
        rmSync(probe, { force: true });
      }
    },
  },
};

const STACKS: Record<string, Stack> = { fastapi: FASTAPI, fastify: NODE, express: NODE, hono: NODE };

async function pythonSentinel(
  dir: string,
  url: string,
  mode: "seed" | "read",
  migrate = false,
): Promise<DatabaseState> {
  const args = ["-", url, mode, ...(migrate ? ["--migrate"] : [])];
  const stdout = await passes([".venv/bin/python", ...args], { cwd: dir, input: SENTINEL_SCRIPT });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as DatabaseState;
}

async function nodeSentinel(dir: string, url: string, mode: "seed" | "read"): Promise<DatabaseState> {
  const stdout = await passes(["node", "--input-type=module", "-e", NODE_SENTINEL_SCRIPT, url, mode], { cwd: dir });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as DatabaseState;
}

const projects = inject("e2eProjects").map((dir) => ({ dir, framework: loadProject(dir).answers.framework }));
const fastapiProjects = projects.filter((p) => p.framework === "fastapi").map((p) => p.dir);
const nodeProjects = projects.filter((p) => p.framework !== "fastapi").map((p) => p.dir);

describe.each([...fastapiProjects, ...nodeProjects])("%s", (dir) => {
  const project = loadProject(dir);
  const stack = STACKS[project.answers.framework];
  if (!stack) throw new Error(`no checks known for ${project.answers.framework}`);
  const redis: Record<string, string> =
    project.answers.rateLimitStore === "redis" && process.env.CONFORMANCE_REDIS_URL
      ? { REDIS_URL: process.env.CONFORMANCE_REDIS_URL, TEST_REDIS_URL: process.env.CONFORMANCE_REDIS_URL }
      : {};
  // Three databases of the project's kind, none of them the project's own: one for the test
  // suite, one standing for development data the suite must leave alone, one for migrations.
  const testDatabase = freshDatabaseUrl(project);
  const developmentDatabase = freshDatabaseUrl(project);
  const projectEnv: ProjectEnv = { migrations: freshDatabaseUrl(project), redis };

  it(`passes \`${stack.suite.gated.join(" ")}\` on TEST_DATABASE_URL, never touching DATABASE_URL`, async () => {
    const seeded = await stack.sentinel(dir, developmentDatabase, "seed");
    expect(seeded.rows).toEqual([[1, "development data"]]);
    await passes(stack.suite.gated, {
      cwd: dir,
      env: { ...envWithoutDatabases(), ...redis, TEST_DATABASE_URL: testDatabase, DATABASE_URL: developmentDatabase },
      isolated: true,
      timeout: 600_000,
    });
    // DATABASE_URL: exactly as seeded (no migration, no table, no wipe).
    expect(await stack.sentinel(dir, developmentDatabase, "read")).toEqual(seeded);
    // TEST_DATABASE_URL is where the suite ran: it holds the project's migrated schema.
    expect(await stack.tables(dir, testDatabase)).toEqual(
      expect.arrayContaining([stack.migrationsTable, "users", "items"]),
    );
  }, 620_000);

  for (const check of stack.checks) {
    it(
      check.name,
      async () => {
        await passes(check.command, { cwd: dir, env: check.env(projectEnv), timeout: check.timeout });
      },
      check.timeout + 20_000,
    );
  }

  it(stack.probe.name, () => stack.probe.run(dir), stack.probe.timeout);

  it.runIf(project.answers.database === "sqlite")(
    "runs its own tests without TEST_DATABASE_URL and never touches the development data",
    async () => {
      // The development database as `DATABASE_URL`'s default names it, migrated and holding
      // a row of its own, exactly as a developer's would be.
      const dataDir = path.join(dir, "data");
      const devDatabase = path.join(dataDir, "app.db");
      const url = `sqlite:///${devDatabase}`;
      const existed = existsSync(dataDir);
      expect(existsSync(devDatabase), `${devDatabase} exists already`).toBe(false);
      try {
        const seeded = await stack.seedMigrated(dir, url);
        expect(seeded.tables).toEqual(expect.arrayContaining(["rampart_sentinel", "users", stack.migrationsTable]));
        const before = readFileSync(devDatabase);
        await passes(stack.suite.plain, { cwd: dir, env: envWithoutDatabases(), isolated: true });
        expect(readFileSync(devDatabase).equals(before), "data/app.db changed").toBe(true);
        expect(await stack.sentinel(dir, url, "read")).toEqual(seeded);
      } finally {
        rmSync(existed ? devDatabase : dataDir, { recursive: true, force: true });
        for (const suffix of ["-wal", "-shm"]) rmSync(devDatabase + suffix, { force: true });
      }
    },
    620_000,
  );

  // Issue 9: the projects' own tests once on Node 22 (a copy, installed afresh: native
  // modules are built per Node version), on the first SQLite project only.
  if (stack === NODE) {
    const node22 = inject("nodeBins")["22"];
    it.runIf(node22 !== undefined && dir === nodeProjects.find((d) => loadProject(d).answers.database === "sqlite"))(
      "passes `npm ci && npm test` on Node 22",
      async () => {
        const copy = mkdtempSync(path.join(tmpdir(), "rampart-node22-"));
        try {
          cpSync(dir, copy, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|coverage|data)$/.test(src) });
          const env = { ...envWithoutDatabases(), PATH: `${node22}${path.delimiter}${process.env.PATH ?? ""}` };
          await passes(["npm", "ci", "--no-audit", "--no-fund"], { cwd: copy, env, isolated: true });
          const version = await passes(["node", "--version"], { cwd: copy, env, isolated: true });
          expect(version).toMatch(/^v22\./);
          await passes(stack.suite.plain, { cwd: copy, env, isolated: true, timeout: 600_000 });
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      },
      900_000,
    );
  }

  it("records none of its .env secrets in rampart.json", () => {
    const manifest = readFileSync(path.join(dir, "rampart.json"), "utf8");
    for (const [key, value] of Object.entries(project.dotenv)) {
      if (/SECRET|PASSWORD|KEY_FILE/.test(key) && value.length > 8) expect(manifest, key).not.toContain(value);
    }
  });
});
