/**
 * CONTRACT §1: a Node project is installed with the package manager that ran the generator.
 * Here that is a real pnpm (E2E_PNPM, else `pnpm` on PATH; .ci/run installs one from the
 * registry), which sets npm_config_user_agent for the generator it starts, as `pnpm create`
 * does. One Fastify SQLite project, installed once, then its own `pnpm test` (SQLite through
 * better-sqlite3, argon2 hashing) and `pnpm run typecheck` on Node 24, against pnpm's strict
 * node_modules. Dependency build scripts are held to pnpm 11+'s default (strictDepBuilds):
 * an install that leaves a dependency's script undecided fails, on pnpm 10 too. Its deploy
 * files follow pnpm: rampart.json records pnpm@<version>, package.json names it for corepack,
 * the Dockerfile and CI install exactly pnpm-lock.yaml (`pnpm install --frozen-lockfile`, no
 * `npm ci`), and actionlint accepts the workflow (when Go is here, as in deploy-files.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12";
const PNPM = process.env.E2E_PNPM ? path.resolve(process.env.E2E_PNPM) : "pnpm";

/** A folder holding Node 24's binary: global-setup's when it made one, else as it does. */
async function node24Bin(): Promise<string> {
  const given = inject("nodeBins")?.["24"] ?? process.env.E2E_NODE24_BIN;
  if (given) return given;
  const prefix = path.join(tmpdir(), "rampart-e2e-node24");
  const bin = path.join(prefix, "node_modules", "node", "bin");
  if (!existsSync(path.join(bin, "node"))) {
    await execa("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--silent", "node@24"]);
  }
  return bin;
}

/**
 * The environment of a user's shell: none of the npm_* variables `npm test` sets for this
 * run (pnpm would read npm_config_* as its own settings, and the user agent must come from
 * pnpm), no database of the caller's, Node 24 first on PATH.
 */
function userEnv(nodeBin: string): Record<string, string> {
  // The generator runs `pnpm install` by name, so E2E_PNPM's folder goes on PATH too.
  const pnpmDir = path.isAbsolute(PNPM) ? [path.dirname(PNPM)] : [];
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^npm_/i.test(key) && !/DATABASE_URL$/.test(key)) env[key] = value;
  }
  env.PATH = [nodeBin, ...pnpmDir, env.PATH ?? ""].join(path.delimiter);
  // pnpm 11 and newer fail an install that skips an undecided build script; pnpm 10 only warns.
  env.npm_config_strict_dep_builds = "true";
  return env;
}

const pnpmVersion = await execa(PNPM, ["--version"], { reject: false }).catch(() => undefined);
const havePnpm = pnpmVersion?.exitCode === 0;
// CI installs pnpm (.ci/run): there, a missing pnpm is a failure, not a skip.
const inCi = process.env.CI === "true" || process.env.CI === "1";

const work = mkdtempSync(path.join(tmpdir(), "rampart-pnpm-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a Node project generated through pnpm", () => {
  it.runIf(inCi && !havePnpm)("finds pnpm (CI installs it)", () => {
    expect.fail(
      `${PNPM} --version failed: ${pnpmVersion?.stderr || pnpmVersion?.shortMessage || "not found"}; set E2E_PNPM or put pnpm on PATH`,
    );
  });

  it.runIf(havePnpm)(
    "is installed by pnpm, its build scripts decided, and passes its own pnpm test and typecheck on Node 24",
    async () => {
      const env = userEnv(await node24Bin());
      const dir = path.join(work, "shop");
      const run = (file: string, args: string[], cwd: string) =>
        execa(file, args, { cwd, env, extendEnv: false, reject: false, all: true, stdin: "ignore" });

      // `pnpm exec` sets npm_config_user_agent=pnpm/… for the generator, as `pnpm create` does.
      const args = ["--framework", "fastify", "--database", "sqlite", "--yes", "--no-git"];
      const made = await run(PNPM, ["--dir", ROOT, "exec", "node", "bin/create-rampart.js", dir, ...args], work);
      expect(made.exitCode, made.all).toBe(0);
      expect(made.all).toMatch(/^\s*pnpm test$/m);

      expect(existsSync(path.join(dir, "pnpm-lock.yaml")), "pnpm-lock.yaml").toBe(true);
      expect(existsSync(path.join(dir, "package-lock.json")), "no package-lock.json").toBe(false);
      expect(existsSync(path.join(dir, "node_modules", ".pnpm")), "pnpm's virtual store").toBe(true);
      // pnpm records which pnpm laid node_modules out (JSON, which is YAML too).
      const modules = parse(readFileSync(path.join(dir, "node_modules", ".modules.yaml"), "utf8")) as {
        packageManager?: string;
      };
      expect(modules.packageManager).toBe(`pnpm@${pnpmVersion?.stdout.trim()}`);
      // pnpm left the allowBuilds map the template wrote as it was.
      expect(readFileSync(path.join(dir, "pnpm-workspace.yaml"), "utf8")).toBe(
        readFileSync(path.join(ROOT, "templates", "framework", "node", "pnpm-workspace.yaml"), "utf8"),
      );

      // The deploy files name what pnpm wrote, not package-lock.json / `npm ci`.
      const version = pnpmVersion?.stdout.trim() ?? "";
      const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
      const manifest = JSON.parse(read("rampart.json")) as { answers: { packageManager?: string } };
      expect(manifest.answers.packageManager).toBe(`pnpm@${version}`);
      expect((JSON.parse(read("package.json")) as { packageManager?: string }).packageManager).toBe(`pnpm@${version}`);
      const docker = read("Dockerfile");
      expect(docker).toMatch(/^COPY package\.json pnpm-lock\.yaml pnpm-workspace\.yaml \.\/$/m);
      expect(docker).toMatch(/^RUN --mount=type=cache,\S+ pnpm install --frozen-lockfile$/m);
      expect(docker).toMatch(/^RUN corepack enable$/m);
      expect(docker).toMatch(/^RUN pnpm run build && pnpm prune --prod$/m);
      expect(docker).not.toMatch(/\bnpm (ci|prune|run)\b|package-lock\.json/);
      const ci = read(".github/workflows/ci.yml");
      expect(ci).toMatch(/^\s+run: pnpm install --frozen-lockfile$/m);
      expect(ci).toMatch(/^\s+cache: pnpm$/m);
      expect(ci).toMatch(/^\s+- uses: pnpm\/action-setup@[0-9a-f]{40} # v\d+\.\d+\.\d+$/m);
      expect(ci.indexOf("pnpm/action-setup@")).toBeLessThan(ci.indexOf("actions/setup-node@"));
      expect(ci).not.toMatch(/\bnpm (ci|run)\b|package-lock\.json/);
      // The install step's checks are pnpm's own: pnpm accepts the lock file the way CI will.
      const frozen = await run(PNPM, ["install", "--frozen-lockfile", "--offline"], dir);
      expect(frozen.exitCode, `pnpm install --frozen-lockfile:\n${frozen.all}`).toBe(0);
      const go = await execa("go", ["version"], { reject: false }).catch(() => undefined);
      if (go?.exitCode === 0) {
        const lint = await execa("go", ["run", ACTIONLINT, "-no-color", path.join(dir, ".github/workflows/ci.yml")], {
          reject: false,
        });
        expect(lint.stdout, "actionlint findings").toBe("");
        expect(lint.exitCode, lint.stderr).toBe(0);
      }

      // The native binding loads under Node 24 (prebuilt; nothing was compiled or skipped).
      const sqlite = await run(
        "node",
        ["--input-type=module", "-e", "import D from 'better-sqlite3'; new D(':memory:').prepare('select 1').get();"],
        dir,
      );
      expect(sqlite.exitCode, sqlite.all).toBe(0);

      for (const script of [["test"], ["run", "typecheck"]]) {
        const result = await run(PNPM, script, dir);
        expect(result.exitCode, `pnpm ${script.join(" ")}:\n${result.all}`).toBe(0);
      }
    },
    480_000,
  );
});
