/**
 * The projects the end-to-end run generates, installs and starts. Rendering and the
 * generator's own checks cover every combination in the unit project; installs are slow, so
 * this is a covering set: for each framework every database, signing algorithm and store at
 * least once, `add endpoint` with two resources of different field types (and, on FastAPI,
 * one whose field names clash with Python, SQL, TypeScript, Pydantic and SQLAlchemy), and
 * `regenerate` after user edits (for each framework, a SQLite project moved to PostgreSQL
 * and Redis).
 * `E2E_ONLY=hs256` narrows it while iterating, and `E2E_FRAMEWORKS=fastify` to frameworks
 * (every framework built so far by default).
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Choices } from "../../src/options.js";
import { clashingFieldsSpec } from "../clashing-names.js";

export interface E2eProject {
  name: string;
  choices: Partial<Choices>;
  /** Create the git repository and first commit (regenerate's base branch needs it). */
  git?: boolean;
  /** rampart commands run in the project after generation, in order. */
  commands?: string[][];
  /** Edits a user makes (and commits) before `commands`: the framework's USER_EDITS. */
  userEdits?: boolean;
  /**
   * Commit everything after each command, as a user does: the next command then finds a
   * clean tree (no `--force`), and the three-way merge runs from committed work.
   */
  commitEach?: boolean;
  /** Re-install after `commands` (a changed answer brought new dependencies). */
  reinstall?: boolean;
}

/** Two resources whose fields cover every type and modifier between them. */
export const ORDERS_FIELDS =
  "title:string:max=120:unique,notes?:text:max=4000,quantity:int:min=1:max=1000,price?:number:min=0:max=100000," +
  "paid:boolean,due?:date,placed_at:datetime,status:enum(open|shipped|closed)";
export const CONTACTS_FIELDS =
  "full_name:string:min=2:max=200,email:email:unique,website?:url,external_id?:uuid:unique,rating?:int:min=1:max=5";

/**
 * A Node framework's three projects: every database, algorithm and store between them, and
 * one SQLite project that grows up after its user edited it (two resources, then PostgreSQL
 * and a shared Redis store by `regenerate`: a three-way merge that keeps the edits). Each
 * framework gets the algorithms in another order, so every row of the table differs.
 */
function nodeProjects(
  framework: "fastify" | "express" | "hono",
  [sqliteAlg, movedAlg, mysqlAlg]: [Choices["jwtAlg"], Choices["jwtAlg"], Choices["jwtAlg"]],
): E2eProject[] {
  return [
    {
      name: `${framework}-sqlite-${sqliteAlg.toLowerCase()}`,
      choices: { framework, database: "sqlite", jwtAlg: sqliteAlg },
    },
    {
      name: `${framework}-sqlite-to-postgres-redis`,
      choices: { framework, database: "sqlite", jwtAlg: movedAlg },
      git: true,
      userEdits: true,
      commitEach: true,
      commands: [
        ["add", "endpoint", "orders", "--fields", ORDERS_FIELDS],
        ["add", "endpoint", "contacts", "--fields", CONTACTS_FIELDS],
        ["regenerate", "--set", "database=postgres", "--set", "rateLimitStore=redis"],
      ],
      reinstall: true,
    },
    {
      name: `${framework}-mysql-${mysqlAlg.toLowerCase()}`,
      choices: { framework, database: "mysql", jwtAlg: mysqlAlg },
      // A datetime field on MySQL: resources.test.ts's year 0001 DATETIME probe runs on it.
      commands: [["add", "endpoint", "orders", "--fields", ORDERS_FIELDS]],
    },
  ];
}

/**
 * The e2e table: each row a framework × database × algorithm × store, every value of each
 * axis at least once per framework, three rows per framework (CI's time).
 */
const ALL: E2eProject[] = [
  {
    name: "api-eddsa-resources",
    choices: { framework: "fastapi", database: "sqlite", jwtAlg: "EdDSA" },
    commands: [
      ["add", "endpoint", "orders", "--fields", ORDERS_FIELDS],
      ["add", "endpoint", "contacts", "--fields", CONTACTS_FIELDS],
      // CONTRACT §1: every name accepted leaves the project green (its pytest, mypy, alembic
      // check) and the resource conformant; on this existing SQLite project, no extra install.
      // Its 452 validation cases share one app (conftest's shared_client): about 25 s of pytest.
      ["add", "endpoint", "clashes", "--fields", clashingFieldsSpec()],
    ],
  },
  {
    // A SQLite HS256 project that grows up after its user edited it: a resource left
    // uncommitted, then `regenerate --force` moves it to PostgreSQL, a shared Redis store and
    // ES256 (a fresh key pair) at once.
    name: "api-sqlite-to-postgres-redis-es256",
    choices: { framework: "fastapi", database: "sqlite", jwtAlg: "HS256" },
    git: true,
    userEdits: true,
    commands: [
      ["add", "endpoint", "orders", "--fields", ORDERS_FIELDS],
      ["regenerate", "--force", "--set", "database=postgres", "--set", "rateLimitStore=redis", "--set", "jwtAlg=ES256"],
    ],
    reinstall: true,
  },
  {
    name: "api-mysql-hs256",
    choices: { framework: "fastapi", database: "mysql", jwtAlg: "HS256" },
    commands: [["add", "endpoint", "contacts", "--fields", CONTACTS_FIELDS]],
  },
  ...nodeProjects("fastify", ["HS256", "EdDSA", "ES256"]),
  ...nodeProjects("express", ["EdDSA", "ES256", "HS256"]),
  ...nodeProjects("hono", ["ES256", "HS256", "EdDSA"]),
];

/** Whether any project of the matrix needs PostgreSQL, MySQL or Redis running. */
export function needsServices(projects: E2eProject[]): boolean {
  return projects.some(
    (p) =>
      p.choices.database !== "sqlite" ||
      (p.commands ?? []).some((c) => c.some((a) => /database=(postgres|mysql)|rateLimitStore=redis/.test(a))),
  );
}

const list = (value: string | undefined) => value?.split(",").map((s) => s.trim().toLowerCase());

export function e2eMatrix(): E2eProject[] {
  const frameworks = list(process.env.E2E_FRAMEWORKS) ?? ["fastapi", "fastify", "express", "hono"];
  const only = list(process.env.E2E_ONLY);
  return ALL.filter((p) => frameworks.includes(p.choices.framework ?? "fastapi")).filter(
    (p) => !only || only.some((o) => p.name.includes(o)),
  );
}

/** Whether a project is a Node one (installed with npm, checked with its scripts). */
export function isNodeProject(spec: E2eProject): boolean {
  return (spec.choices.framework ?? "fastapi") !== "fastapi";
}

export function choiceFlags(choices: Partial<Choices>): string[] {
  const flags: Record<keyof Choices, string> = {
    framework: "--framework",
    database: "--database",
    auth: "--auth",
    jwtAlg: "--jwt-alg",
    rateLimitStore: "--rate-limit-store",
  };
  return Object.entries(choices).flatMap(([key, value]) => [flags[key as keyof Choices], String(value)]);
}

/** Edits a user makes by hand; `applyUserEdits` makes them, the regenerate test checks them. */
export interface UserEdits {
  /** Text appended to a file (exactly as written: the file stays lint- and format-clean). */
  appended: { file: string; text: string }[];
  /** Generated files the user deleted. */
  deleted: string[];
  /** The first match of `from` replaced by `to`, literally (a `from` that matches nothing is an error). */
  replaced: { file: string; from: RegExp | string; to: string }[];
}

const FASTAPI_EDITS: UserEdits = {
  // Formatted as ruff wants it: the user's file stays `ruff format`-clean.
  appended: [{ file: "app/main.py", text: "\n\n# Edited by the user: kept across regenerate.\n" }],
  deleted: ["Dockerfile"],
  replaced: [{ file: "README.md", from: /^# .*$/m, to: "# Our API (renamed by the user)" }],
};

/**
 * A Node user's edits, each in a file that `add endpoint` or the move to PostgreSQL and Redis
 * rewrites too (so each is a real three-way merge), formatted as prettier wants them.
 */
const NODE_EDITS: UserEdits = {
  appended: [
    { file: "src/app.ts", text: "\n// Edited by the user: kept across regenerate.\n" },
    {
      file: ".env.example",
      text: "\n# Ours: the billing service this API calls.\nBILLING_URL=http://127.0.0.1:9000\n",
    },
  ],
  deleted: ["Dockerfile"],
  replaced: [
    { file: "README.md", from: /^# .*$/m, to: "# Our API (renamed by the user)" },
    // Another port on the host, next to the database and Redis services regenerate adds.
    { file: "compose.yaml", from: /"127\.0\.0\.1:8000:8000"/, to: '"127.0.0.1:8080:8000"' },
    // A script of their own, next to the dependencies regenerate swaps.
    {
      file: "package.json",
      from: '    "dev": "tsx watch src/server.ts",\n',
      to: '    "dev": "tsx watch src/server.ts",\n    "dev:inspect": "tsx watch --inspect src/server.ts",\n',
    },
  ],
};

/** What `userEdits` does in a project of `framework`. */
export function userEditsFor(framework: Choices["framework"] | undefined): UserEdits {
  return (framework ?? "fastapi") === "fastapi" ? FASTAPI_EDITS : NODE_EDITS;
}

/** Makes `edits` in the project at `dir`, as a user with an editor would. */
export function applyUserEdits(dir: string, edits: UserEdits): void {
  for (const { file, text } of edits.appended) appendFileSync(path.join(dir, file), text);
  for (const file of edits.deleted) rmSync(path.join(dir, file));
  for (const { file, from, to } of edits.replaced) {
    const target = path.join(dir, file);
    const before = readFileSync(target, "utf8");
    if (typeof from === "string" ? !before.includes(from) : !from.test(before)) {
      throw new Error(`user edit: ${String(from)} matches nothing in ${file}`);
    }
    writeFileSync(
      target,
      before.replace(from, () => to),
    );
  }
}
