/**
 * `rampart regenerate` on real renders (no install): answer changes, user edits and
 * deletions, conflicts, dry runs, dirty trees, and a template upgrade with and without git.
 */
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { GIT_IDENTITY } from "../git-identity.js";
import { runCli, snapshot } from "./run.js";

const TEMPLATES = path.resolve(import.meta.dirname, "../../templates");
const GIT_ENV = GIT_IDENTITY;

async function generate(flags: string[] = [], env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "rampart-regen-"));
  const made = await runCli("create-rampart", ["api", "--yes", "--no-install", ...flags], dir, { ...GIT_ENV, ...env });
  expect(made.code, made.stderr).toBe(0);
  return path.join(dir, "api");
}

const read = (root: string, rel: string) => readFileSync(path.join(root, rel), "utf8");
const write = (root: string, rel: string, text: string) => writeFileSync(path.join(root, rel), text);
const commitAll = (root: string) =>
  execa("git", ["commit", "-qam", "user edits", "--allow-empty"], { cwd: root, env: GIT_ENV });

describe("rampart regenerate", () => {
  it("switches the JWT algorithm, keeping the user's edits and secrets", async () => {
    const root = await generate();
    const secretBefore = /^JWT_SECRET=(.*)$/m.exec(read(root, ".env"))?.[1];
    write(root, "app/main.py", read(root, "app/main.py") + "\n# my own note\n");
    rmSync(path.join(root, "Dockerfile"));
    await execa("git", ["add", "-A"], { cwd: root });
    await commitAll(root);

    const result = await runCli("rampart", ["regenerate", "--set", "jwtAlg=ES256"], root, GIT_ENV);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/1 kept as you changed them.*1 left deleted \(base: git\)/);
    expect(result.stdout).not.toMatch(/dependencies changed/);
    expect(read(root, "app/main.py")).toContain("# my own note");
    expect(existsSync(path.join(root, "Dockerfile"))).toBe(false);
    expect(read(root, "app/core/config.py")).toMatch(/= "ES256"/);
    expect(read(root, ".env")).toMatch(/^JWT_PRIVATE_KEY_FILE=keys\/jwt-private.pem$/m);
    expect(read(root, "keys/jwt-private.pem")).toMatch(/BEGIN PRIVATE KEY/);
    expect(/^JWT_SECRET=(.*)$/m.exec(read(root, ".env"))?.[1]).toBe(secretBefore);
    expect(JSON.parse(read(root, "rampart.json")).answers.jwtAlg).toBe("ES256");
  });

  it("keeps .env and keys/ at mode 0600, and makes an older project's secrets private", async () => {
    const root = await generate();
    const mode = (rel: string) => statSync(path.join(root, rel)).mode & 0o777;
    // A project from an older rampart: its .env was written world-readable.
    chmodSync(path.join(root, ".env"), 0o644);
    const result = await runCli("rampart", ["regenerate", "--set", "jwtAlg=ES256"], root, GIT_ENV);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(mode(".env")).toBe(0o600);
    expect(mode("keys/jwt-private.pem")).toBe(0o600);
    // A regenerate that writes no secret leaves them private too.
    chmodSync(path.join(root, "keys/jwt-private.pem"), 0o644);
    await commitAll(root);
    const again = await runCli("rampart", ["regenerate"], root, GIT_ENV);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toMatch(/keys\/jwt-private\.pem: made readable by you only \(mode 0600\)/);
    expect(mode(".env")).toBe(0o600);
    expect(mode("keys/jwt-private.pem")).toBe(0o600);
  });

  it("marks a conflicting edit with git-style markers, lists it and exits 1", async () => {
    const root = await generate();
    const config = read(root, "app/core/config.py");
    write(root, "app/core/config.py", config.replace(/= "HS256"/, '= "HS256"  # pinned by ops'));
    await commitAll(root);
    const result = await runCli("rampart", ["regenerate", "--set", "jwtAlg=EdDSA"], root, GIT_ENV);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/1 conflicted/);
    expect(result.stdout).toMatch(/Conflicts to resolve[\s\S]*app\/core\/config.py/);
    const merged = read(root, "app/core/config.py");
    expect(merged).toMatch(/<<<<<<< yours\n.*# pinned by ops\n=======\n.*"EdDSA"\n>>>>>>> rampart/);
    expect(readdirRej(root)).toEqual([]);
  });

  it("refuses a dirty tree unless --force, and --dry-run writes nothing", async () => {
    const root = await generate();
    write(root, "README.md", read(root, "README.md") + "\nuncommitted\n");
    const before = snapshot(root);
    const refused = await runCli("rampart", ["regenerate", "--set", "jwtAlg=EdDSA"], root, GIT_ENV);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes.*--force/);
    const dry = await runCli("rampart", ["regenerate", "--dry-run", "--set", "jwtAlg=EdDSA"], root, GIT_ENV);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^--- a\/app\/core\/config.py$/m);
    expect(dry.stdout).toMatch(/^\+.*"EdDSA"$/m);
    expect(dry.stdout).toMatch(/Dry run \(regenerate\), nothing written/);
    expect(snapshot(root)).toEqual(before);
    const forced = await runCli("rampart", ["regenerate", "--force", "--set", "jwtAlg=EdDSA"], root, GIT_ENV);
    expect(forced.code, forced.stderr).toBe(0);
    expect(read(root, "README.md")).toContain("uncommitted");
  });

  it("takes the choice flags as --set: --database and --jwt-alg change the answers", async () => {
    const root = await generate();
    const result = await runCli(
      "rampart",
      ["regenerate", "--database", "postgres", "--jwt-alg", "EdDSA"],
      root,
      GIT_ENV,
    );
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).not.toMatch(/ 0 updated/);
    const manifest = JSON.parse(read(root, "rampart.json"));
    expect(manifest.answers).toMatchObject({ database: "postgres", jwtAlg: "EdDSA" });
    expect(read(root, ".env")).toMatch(/^DATABASE_URL=postgresql:/m);
    expect(read(root, "app/core/config.py")).toMatch(/= "EdDSA"/);
    // PostgreSQL's driver is a new dependency: the project does not run until it is installed.
    expect(result.stdout).toMatch(/^ {2}pyproject\.toml: its dependencies changed; install them: .*pip install -e/m);
    // The same value given both ways is one answer, not a contradiction.
    const same = await runCli(
      "rampart",
      ["regenerate", "--dry-run", "--jwt-alg", "EdDSA", "--set", "jwtAlg=EdDSA"],
      root,
    );
    expect(same.code, same.stderr).toBe(0);
  });

  it("says to install when package.json's dependencies changed, and only then", async () => {
    const root = await generate(["--framework", "fastify"]);
    const hint = /package\.json: its dependencies changed; install them: npm install/;
    const switched = await runCli("rampart", ["regenerate", "--set", "jwtAlg=ES256"], root, GIT_ENV);
    expect(switched.code, switched.stderr + switched.stdout).toBe(0);
    expect(switched.stdout).not.toMatch(hint);
    await execa("git", ["add", "-A"], { cwd: root });
    await commitAll(root);
    const moved = await runCli("rampart", ["regenerate", "--set", "database=postgres"], root, GIT_ENV);
    expect(moved.code, moved.stderr + moved.stdout).toBe(0);
    expect(moved.stdout).toMatch(hint);
    expect(JSON.parse(read(root, "package.json")).dependencies).toHaveProperty("pg");
    // Two renders of a Node project (Prettier formats each): more than the default 30 s here.
  }, 120_000);

  it("names the manager the project records in that hint, whichever one runs rampart", async () => {
    const root = await generate(["--framework", "fastify"], { npm_config_user_agent: "pnpm/10.34.9 node/v24.0.0" });
    const npmRuns = { ...GIT_ENV, npm_config_user_agent: "npm/11.6.0 node/v24.0.0" };
    const moved = await runCli("rampart", ["regenerate", "--set", "database=postgres"], root, npmRuns);
    expect(moved.code, moved.stderr + moved.stdout).toBe(0);
    expect(moved.stdout).toMatch(/package\.json: its dependencies changed; install them: pnpm install/);
  }, 120_000);

  it("records no empty generation on rampart-base when nothing changed", async () => {
    const root = await generate();
    const count = async () =>
      (await execa("git", ["rev-list", "--count", "rampart-base"], { cwd: root })).stdout.trim();
    const before = await count();
    const result = await runCli("rampart", ["regenerate"], root, GIT_ENV);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/0 added, 0 updated/);
    expect(await count()).toBe(before);
  });

  it("says so in one line, exit 1, when git cannot record the new base after the files are written", async () => {
    const root = await generate();
    // Another git process holds the branch's lock: fast-import cannot move rampart-base.
    writeFileSync(path.join(root, ".git/refs/heads/rampart-base.lock"), "");
    const result = await runCli("rampart", ["regenerate", "--set", "jwtAlg=EdDSA"], root, GIT_ENV);
    expect(result.stderr).toMatch(/the files are written, but git could not record them on the rampart-base branch/);
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.code).toBe(1);
    expect(read(root, "app/core/config.py")).toMatch(/= "EdDSA"/);
  });

  it.each([
    ["--set nope=1", ["--set", "nope=1"], /unknown key "nope"/],
    ["--set jwtAlg=RS256", ["--set", "jwtAlg=RS256"], /unknown value "RS256"/],
    ["--set auth=oidc", ["--set", "auth=oidc"], /not available yet/],
    ["--set garbage", ["--set", "garbage"], /expected key=value/],
  ])("refuses %s with exit 2 and changes nothing", async (_label, args, message) => {
    const root = await generate(["--no-git"]);
    const before = snapshot(root);
    const result = await runCli("rampart", ["regenerate", ...args], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(snapshot(root)).toEqual(before);
  });

  describe("after a template upgrade", () => {
    /** Two versions of a template set: v2 changes one file, adds one and drops one. */
    function templateVersions(): { v1: string; v2: string } {
      const v1 = mkdtempSync(path.join(tmpdir(), "rampart-templates-v1-"));
      const v2 = mkdtempSync(path.join(tmpdir(), "rampart-templates-v2-"));
      cpSync(TEMPLATES, v1, { recursive: true });
      cpSync(v1, v2, { recursive: true });
      const main = path.join(v2, "framework/fastapi/app/main.py");
      writeFileSync(main, readFileSync(main, "utf8").replace(/^("""[^\n]*)/, "$1\n# v2 of the template"));
      writeFileSync(path.join(v2, "framework/fastapi/SECURITY.md"), "# Security policy\n");
      rmSync(path.join(v2, "framework/fastapi/_dockerignore"));
      return { v1, v2 };
    }

    it("merges through the git base branch", async () => {
      const { v1, v2 } = templateVersions();
      const root = await generate([], { RAMPART_TEMPLATES_DIR: v1 });
      write(root, "app/main.py", read(root, "app/main.py") + "\n# mine\n");
      await commitAll(root);
      const result = await runCli("rampart", ["regenerate"], root, { ...GIT_ENV, RAMPART_TEMPLATES_DIR: v2 });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/1 added, 0 updated, 1 merged, 0 conflicted, 0 kept.*1 removed.*\(base: git\)/);
      expect(read(root, "app/main.py")).toMatch(/# v2 of the template[\s\S]*# mine\n$/);
      expect(read(root, "SECURITY.md")).toBe("# Security policy\n");
      expect(existsSync(path.join(root, ".dockerignore"))).toBe(false);
    });

    it("without git, updates only the files whose hash is unchanged", async () => {
      const { v1, v2 } = templateVersions();
      const root = await generate(["--no-git"], { RAMPART_TEMPLATES_DIR: v1 });
      write(root, ".dockerignore", read(root, ".dockerignore") + "scratch/\n");
      const result = await runCli("rampart", ["regenerate"], root, { RAMPART_TEMPLATES_DIR: v2 });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/1 added, 1 updated.*1 kept as you changed them.*\(base: hashes\)/);
      expect(read(root, "app/main.py")).toContain("# v2 of the template");
      expect(read(root, ".dockerignore")).toContain("scratch/");
    });
  });
});

function readdirRej(root: string): string[] {
  return Object.keys(snapshot(root)).filter((f) => f.endsWith(".rej") || f.endsWith(".orig"));
}
