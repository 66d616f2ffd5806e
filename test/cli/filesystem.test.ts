/**
 * CONTRACT §1, trouble with the file system: a target that is a file, sits under one or is a
 * dangling symlink, and a user's file where a directory goes (`--force`), are bad input
 * (exit 2, one line, nothing changed, checked before rendering where they can be). A
 * read-only directory or a full disk is trouble outside rampart's control: exit 1, one line
 * naming what failed and what to do, no temporary file left, never "unexpected error: E...".
 *
 * The read-only and full disks are small tmpfs mounts, which need root (as in CI's
 * containers); without it those cases are skipped, visibly.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { GIT_IDENTITY } from "../git-identity.js";
import { runCli, snapshot } from "./run.js";

const NEW = ["--yes", "--no-install", "--no-git"];

function sandbox(): string {
  return mkdtempSync(path.join(tmpdir(), "rampart-fs-"));
}

/** Runs and checks the one-line refusal that changes nothing in `dir`. */
async function expectRefusal(
  args: string[],
  cwd: string,
  dir: string,
  code: 1 | 2,
  message: RegExp,
  bin: "rampart" | "create-rampart" = "create-rampart",
) {
  const before = snapshot(dir);
  const result = await runCli(bin, args, cwd, GIT_IDENTITY);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/unexpected error|E[A-Z]{3,}:/);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  expect(result.code).toBe(code);
  expect(snapshot(dir)).toEqual(before);
  return result;
}

describe("bad targets are refused before anything is rendered", () => {
  it("a target that is a file", async () => {
    const dir = sandbox();
    writeFileSync(path.join(dir, "api"), "a user's file\n");
    await expectRefusal(["api", ...NEW], dir, dir, 2, /api is a file, not a directory/);
  });

  it("a target under a file", async () => {
    const dir = sandbox();
    writeFileSync(path.join(dir, "notes"), "a user's file\n");
    await expectRefusal(["notes/api", ...NEW], dir, dir, 2, /notes is a file, so notes\/api cannot be created/);
  });

  it("a dangling symlink as target", async () => {
    const dir = sandbox();
    symlinkSync(path.join(dir, "gone"), path.join(dir, "api"));
    await expectRefusal(["api", ...NEW], dir, dir, 2, /api is a symlink to a missing path/);
  });

  it("--force where a user's file blocks a directory rampart needs", async () => {
    const dir = sandbox();
    mkdirSync(path.join(dir, "api"));
    writeFileSync(path.join(dir, "api", "app"), "a user's file named app\n");
    await expectRefusal(["api", ...NEW, "--force"], dir, dir, 2, /app is a file where rampart needs a directory/);
  });
});

describe("any other file-system error", () => {
  it("is one line naming the path, exit 1, never an unexpected error", async () => {
    const dir = sandbox();
    expect((await runCli("create-rampart", ["api", ...NEW], dir)).code).toBe(0);
    const root = path.join(dir, "api");
    // A migration that is a symlink to itself (ELOOP when add reads it).
    symlinkSync("0099_mine.py", path.join(root, "alembic/versions/0099_mine.py"));
    await expectRefusal(
      ["add", "endpoint", "orders", "--fields", "a:int"],
      root,
      root,
      1,
      /could not use .*0099_mine\.py: too many levels of symlinks; stopped there\. To do: fix the symlink/,
      "rampart",
    );
  });
});

// ---- tmpfs mounts: a read-only directory and full disks -------------------------------------

const mounts: string[] = [];
function mountTmpfs(options: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = sandbox();
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of mounts) execFileSync("umount", ["-l", dir]);
});
const canMount = (() => {
  const probe = mountTmpfs("size=64k");
  return probe !== undefined;
})();

/** Fills the file system holding `dir` up to `leave` bytes free. */
function fillDisk(dir: string, leave: number): string {
  const filler = path.join(dir, "filler");
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) appendFileSync(filler, chunk);
  } catch {
    // ENOSPC: the disk is full.
  }
  truncateSync(filler, Math.max(0, statSync(filler).size - leave));
  return filler;
}

describe.skipIf(!canMount)("a read-only directory and a full disk (tmpfs)", () => {
  it("new in a read-only directory: exit 1, what failed and what to do", async () => {
    const ro = mountTmpfs("size=1m,ro");
    if (!ro) throw new Error("mount failed");
    await expectRefusal(["api", ...NEW], ro, ro, 1, /could not write .*api: the file system is read-only.*To do: /);
  });

  it("new on a full disk: exit 1, no staging directory left", async () => {
    const small = mountTmpfs("size=256k");
    if (!small) throw new Error("mount failed");
    await expectRefusal(
      ["api", ...NEW],
      small,
      small,
      1,
      /could not write .*api: no space left on the device; nothing was written\. To do: free some space/,
    );
  });

  it("add on a full disk rolls back fully: no .rampart-tmp left, and the next add works", async () => {
    const disk = mountTmpfs("size=16m");
    if (!disk) throw new Error("mount failed");
    const made = await runCli("create-rampart", ["api", "--yes", "--no-install"], disk, GIT_IDENTITY);
    expect(made.code, made.stderr).toBe(0);
    const root = path.join(disk, "api");
    const filler = fillDisk(disk, 12 * 1024);
    await expectRefusal(
      ["add", "endpoint", "orders", "--fields", "title:string"],
      root,
      root,
      1,
      /could not write .*api: no space left on the device; the project was left as it was\. To do: free some space/,
      "rampart",
    );
    const status = await execa("git", ["status", "--porcelain", "--ignored"], { cwd: root });
    expect(status.stdout).not.toMatch(/rampart-tmp/);
    rmSync(filler);
    const again = await runCli(
      "rampart",
      ["add", "endpoint", "orders", "--fields", "title:string"],
      root,
      GIT_IDENTITY,
    );
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
  });
});
