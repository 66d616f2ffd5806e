/**
 * The projects `regenerate` rewrote: every user edit (matrix: `userEdits`) survived the
 * three-way merge, nothing is left conflicted, the project is file for file what generating
 * it afresh with its final answers (and the same edits) gives, and the changed answers are in
 * place. Each `*-sqlite-to-postgres-redis*` project grew resources on SQLite, then moved to
 * PostgreSQL and a shared Redis store (the FastAPI one to ES256 too). Their tests, lint and
 * the conformance suite then run on them like on every other project.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, inject, it } from "vitest";
import { loadProject } from "../conformance/projects.js";
import { freshDatabaseUrl } from "../conformance/server.js";
import { applyUserEdits, choiceFlags, e2eMatrix, userEditsFor, type E2eProject } from "./matrix.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LOCKFILES = ["package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb", "uv.lock"];
const CONFLICT = /^(<<<<<<<|=======|>>>>>>>)( |$)/m;

/** The project's files as git sees them: tracked or not ignored (no node_modules, .env, keys). */
async function projectFiles(dir: string): Promise<string[]> {
  const { stdout } = await execa("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: dir });
  return stdout
    .split("\0")
    .filter((f) => f !== "" && existsSync(path.join(dir, f)))
    .sort();
}

/**
 * A project that never saw the old answers: generated with the final ones, the same `add
 * endpoint` commands replayed, and the same user edits made. Returns its directory (a
 * temporary one; the caller removes `path.dirname` of it).
 */
async function freshTwin(spec: E2eProject, dir: string): Promise<string> {
  const { answers } = loadProject(dir);
  const scratch = mkdtempSync(path.join(tmpdir(), "rampart-twin-"));
  const twin = path.join(scratch, path.basename(dir));
  const run = async (bin: string, args: string[], cwd: string) => {
    const result = await execa("node", [path.join(ROOT, "bin", `${bin}.js`), ...args], {
      cwd,
      reject: false,
      all: true,
      stdin: "ignore",
    });
    expect(result.exitCode, `${bin} ${args.join(" ")}:\n${result.all}`).toBe(0);
  };
  const { framework, database, auth, jwtAlg, rateLimitStore } = answers;
  await run(
    "create-rampart",
    [
      path.basename(dir),
      "--yes",
      "--no-install",
      "--no-git",
      ...choiceFlags({ framework, database, auth, jwtAlg, rateLimitStore }),
    ],
    scratch,
  );
  if (spec.userEdits) applyUserEdits(twin, userEditsFor(framework));
  for (const args of spec.commands ?? []) if (args[0] === "add") await run("rampart", args, twin);
  // Listed by the same rules as the project (its own .gitignore).
  await execa("git", ["init", "-q"], { cwd: twin });
  return twin;
}

interface Regenerated {
  name: string;
  checks: (root: string, read: (rel: string) => string) => void;
}

const REGENERATED: Regenerated[] = [
  {
    // User edits committed, `add endpoint` left uncommitted, then `regenerate --force` over it.
    name: "api-sqlite-to-postgres-redis-es256",
    checks(_root, read) {
      it("is a PostgreSQL + Redis project with its resource", () => {
        const manifest = JSON.parse(read("rampart.json"));
        expect(manifest.answers).toMatchObject({ database: "postgres", rateLimitStore: "redis" });
        expect(manifest.endpoints.map((e: { name: string }) => e.name)).toEqual(["orders"]);
        // ruff may wrap a long default in parentheses.
        expect(read("app/core/config.py")).toMatch(/database_url: str = \(?\s*"postgresql:\/\//);
        expect(read("pyproject.toml")).toMatch(/"psycopg\[binary\]/);
        expect(read("pyproject.toml")).toMatch(/"redis>=/);
        expect(read(".env")).toMatch(/^DATABASE_URL=postgresql:\/\//m);
        expect(read(".env")).toMatch(/^REDIS_URL=redis:\/\//m);
        expect(read("compose.yaml")).toMatch(/^ {4}image: postgres:/m);
        expect(read("compose.yaml")).toMatch(/^ {4}image: redis:/m);
      });

      it("switched the project to ES256 with a fresh key pair", () => {
        expect(JSON.parse(read("rampart.json")).answers.jwtAlg).toBe("ES256");
        expect(read("app/core/config.py")).toMatch(/= "ES256"/);
        expect(read(".env")).toMatch(/^JWT_PRIVATE_KEY_FILE=keys\/jwt-private.pem$/m);
        expect(read("keys/jwt-private.pem")).toMatch(/BEGIN PRIVATE KEY/);
      });
    },
  },
  ...(["fastify", "express", "hono"] as const).map((framework): Regenerated => ({
    name: `${framework}-sqlite-to-postgres-redis`,
    checks(root, read) {
      it("is a PostgreSQL + Redis project with both resources", () => {
        const manifest = JSON.parse(read("rampart.json"));
        expect(manifest.answers).toMatchObject({ database: "postgres", rateLimitStore: "redis" });
        expect(manifest.endpoints.map((e: { name: string }) => e.name)).toEqual(["orders", "contacts"]);
        expect(read("src/config.ts")).toMatch(/DATABASE_URL: z\s*\.string\(\)\s*\.default\(\s*"postgresql:\/\//);
        expect(read("src/config.ts")).toMatch(/REDIS_URL is not set/);
        // .env: the values the user never changed follow the new defaults; the compose
        // database's password is a fresh secret.
        const dotenv = read(".env");
        expect(dotenv).toMatch(/^DATABASE_URL=postgresql:\/\//m);
        expect(dotenv).toMatch(/^REDIS_URL=redis:\/\//m);
        expect(dotenv).toMatch(/^DB_PASSWORD=[0-9a-f]{32,}$/m);
        const compose = read("compose.yaml");
        expect(compose).toMatch(/^ {6}DATABASE_URL: postgresql:\/\/app:\$\{DB_PASSWORD/m);
        expect(compose).toMatch(/^ {6}REDIS_URL: redis:\/\/redis:6379/m);
        expect(compose).toMatch(/^ {4}image: postgres:/m);
        expect(compose).toMatch(/^ {4}image: redis:/m);
        expect(compose).not.toMatch(/sqlite:/);
      });

      it("has PostgreSQL's and Redis's packages instead of SQLite's, installed", () => {
        const pkg = JSON.parse(read("package.json"));
        expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(["pg", "ioredis"]));
        expect(pkg.dependencies).not.toHaveProperty("better-sqlite3");
        expect(pkg.devDependencies).toHaveProperty("@types/pg");
        expect(pkg.devDependencies).not.toHaveProperty("@types/better-sqlite3");
        const lock = JSON.parse(read("package-lock.json")).packages;
        expect(lock).toHaveProperty(["node_modules/pg"]);
        expect(lock).toHaveProperty(["node_modules/ioredis"]);
        expect(lock).not.toHaveProperty(["node_modules/better-sqlite3"]);
      });

      it("applies its migrations, written while it was SQLite, on PostgreSQL with native types", async () => {
        const url = freshDatabaseUrl(loadProject(root));
        const migrate = await execa("npm", ["run", "migrate"], {
          cwd: root,
          reject: false,
          all: true,
          env: { DATABASE_URL: url },
          timeout: 120_000,
        });
        expect(migrate.exitCode, migrate.all).toBe(0);
        const script = `
          const { default: pg } = await import("pg");
          const client = new pg.Client({ connectionString: process.argv[1] });
          await client.connect();
          const { rows } = await client.query(
            "SELECT table_name, column_name, data_type FROM information_schema.columns " +
              "WHERE table_schema = 'public' ORDER BY table_name, column_name");
          await client.end();
          console.log(JSON.stringify(rows.map((r) => r.table_name + "." + r.column_name + ":" + r.data_type)));
        `;
        const result = await execa("node", ["--input-type=module", "-e", script, url], {
          cwd: root,
          reject: false,
          all: true,
        });
        expect(result.exitCode, result.all).toBe(0);
        const columns = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "[]") as string[];
        expect(columns).toEqual(
          expect.arrayContaining([
            "users.id:uuid",
            "items.id:uuid",
            "orders.placed_at:timestamp with time zone",
            "orders.due:date",
            "orders.paid:boolean",
            "contacts.external_id:uuid",
            "contacts.email:character varying",
          ]),
        );
      });
    },
  })),
];

for (const { name, checks } of REGENERATED) {
  const dir = inject("e2eProjects").find((d) => path.basename(d) === name);
  const spec = e2eMatrix().find((p) => p.name === name);

  // Narrowed out by E2E_ONLY or E2E_FRAMEWORKS: a skipped test that says why, instead of a
  // block that vanishes. In the matrix but not generated is a failure of the run, never a skip.
  if (!spec) {
    it(`${name}: regenerate after user edits`, ({ skip }) => {
      skip(`${name} is not in this run's matrix (E2E_ONLY=${process.env.E2E_ONLY ?? ""})`);
    });
    continue;
  }

  describe(`${name}: regenerate after user edits`, () => {
    const root = dir ?? "";
    const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");
    const edits = spec.userEdits ? userEditsFor(spec.choices.framework) : { appended: [], deleted: [], replaced: [] };

    it(`${name} was generated`, () => {
      expect(dir, `${name} is in the matrix but was not generated`).toBeDefined();
    });

    it.runIf(spec.userEdits)("keeps the user's edits and deletions", () => {
      for (const { file, text } of edits.appended) expect(read(file), file).toContain(text.trim());
      for (const file of edits.deleted) expect(existsSync(path.join(root, file)), file).toBe(false);
      for (const { file, to } of edits.replaced) expect(read(file), file).toContain(to.trim());
    });

    it("left no conflict markers in any file", async () => {
      const conflicted = (await projectFiles(root)).filter((f) => CONFLICT.test(read(f)));
      expect(conflicted).toEqual([]);
    });

    it("is, file for file, what generating it with its final answers and the same edits gives", async () => {
      // The three-way merge's promise: the new render where the user changed nothing, the
      // user's edits on top of it where they did, whatever answers changed in between.
      const twin = await freshTwin(spec, root);
      try {
        const [ours, theirs] = await Promise.all([projectFiles(root), projectFiles(twin)]);
        // Lockfiles come from the install, which the twin never ran.
        const files = ours.filter((f) => !LOCKFILES.includes(f));
        expect(files).toEqual(theirs);
        const differ = files.filter((f) => !readFileSync(path.join(root, f)).equals(readFileSync(path.join(twin, f))));
        expect(differ).toEqual([]);
      } finally {
        rmSync(path.dirname(twin), { recursive: true, force: true });
      }
    }, 120_000);

    checks(root, read);
  });
}
