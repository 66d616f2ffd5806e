/**
 * The steps after the files are written (CONTRACT §1): install with uv when it is on PATH,
 * else pip; a failed or interrupted install or `git init` says what failed, says the
 * project is complete, and prints the commands that finish the job. The tools are fakes on
 * PATH (shell scripts), so each case takes a second, not a real install.
 */
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { GIT_IDENTITY } from "../git-identity.js";
import { REAL_GIT, fakeGit, fakePython, sandbox } from "./fake-tools.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
function start(box: { dir: string; bin: string }, args: string[]) {
  return execa("node", [path.join(ROOT, "bin", "create-rampart.js"), "api", "--yes", ...args], {
    cwd: box.dir,
    reject: false,
    stdin: "ignore",
    timeout: 60_000,
    env: { ...GIT_IDENTITY, CI: "true", npm_config_user_agent: "", PATH: `${box.bin}:${process.env.PATH}` },
  });
}

async function whenExists(file: string): Promise<void> {
  for (let i = 0; i < 300 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  expect(existsSync(file), `${file} never appeared`).toBe(true);
}

function expectCompleteProject(dir: string): void {
  const manifest = JSON.parse(readFileSync(path.join(dir, "api", "rampart.json"), "utf8")) as {
    files: Record<string, string>;
  };
  for (const file of Object.keys(manifest.files)) expect(existsSync(path.join(dir, "api", file)), file).toBe(true);
}

const PIP_BY_HAND = "python3 -m venv --clear .venv && .venv/bin/pip install --disable-pip-version-check -e '.[dev]'";
const GIT_BY_HAND = "git init -b main && git add -A && git commit -m 'chore: scaffold with create-rampart'";

describe("install and git after the files are written", () => {
  it("installs with uv when it is on PATH", async () => {
    const box = sandbox({ uv: "mkdir -p .venv/bin", python3: fakePython("exit 1") });
    const result = await start(box, ["--no-git"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const calls = readFileSync(box.log, "utf8");
    expect(calls).toMatch(/^uv lock\nuv sync --frozen --inexact --extra dev$/m);
    expect(calls).not.toMatch(/^python3 -m venv/m);
  });

  it("a failed pip still commits, prints the next steps with the command that finishes, and exits 1", async () => {
    const box = sandbox({
      python3: fakePython("echo 'ERROR: No matching distribution found for fastapi' >&2; exit 1"),
    });
    const result = await start(box, []);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/pip install .* failed/);
    expect(result.stderr).toContain("No matching distribution found for fastapi");
    expect(result.stderr).toMatch(/the project itself is complete/);
    expect(result.stdout).toContain(`  ${PIP_BY_HAND}`);
    expect(result.stdout).toMatch(/Next steps:/);
    expectCompleteProject(box.dir);
    const log = await execa(REAL_GIT, ["log", "--format=%s", "main"], { cwd: path.join(box.dir, "api") });
    expect(log.stdout).toBe("chore: scaffold with create-rampart");
  });

  it("Ctrl-C during the install stops it, says the project is complete, prints what finishes it, exits 130", async () => {
    const started = path.join(tmpdir(), `rampart-pip-${process.pid}-${Date.now()}`);
    const box = sandbox({ python3: fakePython(`touch ${started}; exec sleep 60`) });
    const child = start(box, []);
    await whenExists(started);
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/pip install .* was interrupted/);
    expect(result.stderr).toMatch(/the project itself is complete/);
    // Interrupted: git does not run afterwards, and its command is among those that finish.
    expect(result.stdout).toContain(`  ${PIP_BY_HAND}\n  ${GIT_BY_HAND}\n`);
    expect(existsSync(path.join(box.dir, "api", ".git"))).toBe(false);
    expectCompleteProject(box.dir);
  });

  it("Ctrl-C during the first commit says so, prints the git commands, exits 130", async () => {
    const started = path.join(tmpdir(), `rampart-git-${process.pid}-${Date.now()}`);
    const box = sandbox({ git: fakeGit(`touch ${started}; exec sleep 60`) });
    const child = start(box, ["--no-install"]);
    await whenExists(started);
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/git .*commit .* was interrupted/);
    expect(result.stderr).toMatch(/the project itself is complete/);
    expect(result.stdout).toContain(`  ${GIT_BY_HAND}\n`);
    expectCompleteProject(box.dir);
  });

  it("a failed first commit says what failed and exits 1", async () => {
    const box = sandbox({ git: fakeGit("echo 'fatal: cannot lock ref' >&2; exit 128") });
    const result = await start(box, ["--no-install"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/git .*commit .* failed/);
    expect(result.stderr).toContain("fatal: cannot lock ref");
    expect(result.stdout).toContain(`  ${GIT_BY_HAND}\n`);
    expectCompleteProject(box.dir);
  });
});

describe("a Node project's install and next steps, with the package manager that ran rampart", () => {
  const PNPM_AGENT = "pnpm/10.12.1 npm/? node/v24.11.0 linux x64";
  const startNode = (box: { dir: string; bin: string }, args: string[], userAgent: string) =>
    execa("node", [path.join(ROOT, "bin", "create-rampart.js"), "api", "--yes", "--framework", "fastify", ...args], {
      cwd: box.dir,
      reject: false,
      stdin: "ignore",
      timeout: 60_000,
      env: { ...GIT_IDENTITY, CI: "true", npm_config_user_agent: userAgent, PATH: `${box.bin}:${process.env.PATH}` },
    });

  it("installs with pnpm under pnpm, and names pnpm in the next steps", async () => {
    const box = sandbox({ pnpm: "exit 0", npm: "exit 1" });
    const result = await startNode(box, ["--no-git"], PNPM_AGENT);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(box.log, "utf8")).toBe("pnpm install\n");
    expect(result.stdout).toContain("  pnpm test\n  pnpm build && pnpm start\n");
    // Recorded, so regenerate renders pnpm's Dockerfile and CI workflow again.
    const manifest = JSON.parse(readFileSync(path.join(box.dir, "api", "rampart.json"), "utf8")) as {
      answers: { packageManager?: string };
    };
    expect(manifest.answers.packageManager).toBe("pnpm@10.12.1");
  });

  it("under yarn: installs with yarn, then writes the package-lock.json its npm deploy files read", async () => {
    const box = sandbox({ yarn: "exit 0", npm: "exit 0" });
    const result = await startNode(box, ["--no-git"], "yarn/4.10.3 npm/? node/v24.11.0 linux x64");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(box.log, "utf8")).toBe("yarn install\nnpm install --package-lock-only --no-audit --no-fund\n");
  });

  it("--no-install under pnpm: the next steps start with `pnpm install`", async () => {
    const box = sandbox({});
    const result = await startNode(box, ["--no-git", "--no-install"], PNPM_AGENT);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain("  cd api\n  pnpm install\n  pnpm test\n  pnpm build && pnpm start\n");
  });

  it("a failed npm install says so and prints `npm install` to finish; npm when no manager is known", async () => {
    const box = sandbox({ npm: "echo 'npm error code E404' >&2; exit 1" });
    const result = await startNode(box, ["--no-git"], "");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/npm install .*failed/);
    expect(result.stderr).toMatch(/the project itself is complete/);
    expect(result.stdout).toContain("  cd api\n  npm install\n  npm test\n  npm run build && npm start\n");
    expectCompleteProject(box.dir);
  });
});
