/**
 * The package as npm would publish it: `npm pack`, installed into an empty prefix (its
 * dependencies from the registry or npm's cache), then both bins run from node_modules/.bin.
 * A file missing from package.json's "files", or one npm leaves out of every tarball (a
 * `.gitignore`, say), shows up here and nowhere else.
 */
import { execa } from "execa";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, snapshot } from "../cli/run.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "rampart-package-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Generated files that differ between two runs by design: fresh secrets. */
const SECRET = (file: string) => file === ".env" || file.startsWith("keys/");

describe("the packed package", () => {
  it("installs from its tarball; its create-rampart makes the same project as the repository, and rampart runs", async () => {
    const pack = await execa("npm", ["pack", "--silent", "--pack-destination", work], { cwd: ROOT });
    const tarball = path.join(work, pack.stdout.trim().split("\n").pop() ?? "");
    const prefix = path.join(work, "prefix");
    await execa("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--silent", tarball]);
    const bin = (name: string) => path.join(prefix, "node_modules", ".bin", name);

    const packed = path.join(work, "packed");
    mkdirSync(packed);
    const args = ["demo", "--yes", "--no-install", "--no-git", "--database", "postgres", "--jwt-alg", "EdDSA"];
    const made = await execa(bin("create-rampart"), args, { cwd: packed, reject: false, stdin: "ignore" });
    expect(made.exitCode, made.stderr).toBe(0);
    const fromRepo = path.join(work, "repo");
    mkdirSync(fromRepo);
    const reference = await runCli("create-rampart", args, fromRepo);
    expect(reference.code, reference.stderr).toBe(0);

    const files = (dir: string) =>
      Object.fromEntries(Object.entries(snapshot(path.join(dir, "demo"))).filter(([file]) => !SECRET(file)));
    const expected = files(fromRepo);
    expect(Object.keys(expected)).toContain(".gitignore");
    expect(Object.keys(expected)).toContain("app/core/common_passwords.txt");
    expect(files(packed)).toEqual(expected);

    const help = await execa(bin("rampart"), ["--help"], { reject: false, stdin: "ignore" });
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/rampart add endpoint/);
  });
});
