/**
 * uv.lock (issue 13): with uv on PATH, `new` locks the dependencies and the first commit
 * holds uv.lock; with pip there is no lock to commit (the README says to run `uv lock`).
 * The tools are fakes on PATH, as in install-steps.test.ts.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { GIT_IDENTITY } from "../git-identity.js";
import { REAL_GIT, fakePython, sandbox } from "./fake-tools.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const start = (box: { dir: string; bin: string }) =>
  execa("node", [path.join(ROOT, "bin", "create-rampart.js"), "api", "--yes"], {
    cwd: box.dir,
    reject: false,
    stdin: "ignore",
    timeout: 60_000,
    env: { ...GIT_IDENTITY, CI: "true", npm_config_user_agent: "", PATH: `${box.bin}:${process.env.PATH}` },
  });
const committed = async (dir: string) =>
  (await execa(REAL_GIT, ["ls-tree", "-r", "--name-only", "main"], { cwd: path.join(dir, "api") })).stdout.split("\n");

describe("uv.lock in the first commit", () => {
  it("with uv on PATH: `uv lock` runs before the install and uv.lock is committed", async () => {
    const box = sandbox({
      uv: `if [ "$1" = lock ]; then echo 'version = 1' > uv.lock; else mkdir -p .venv/bin; fi`,
      python3: fakePython("exit 1"),
    });
    const result = await start(box);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await committed(box.dir)).toContain("uv.lock");
  });

  it("with pip only: no uv.lock, and nothing pretends there is one", async () => {
    const box = sandbox({ python3: fakePython("exit 0") });
    const result = await start(box);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(path.join(box.dir, "api", "uv.lock"))).toBe(false);
    expect(await committed(box.dir)).not.toContain("uv.lock");
  });
});
