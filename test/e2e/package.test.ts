/**
 * The package as a new user and npm meet it: the repository's HEAD cloned into an empty
 * directory, `npm ci` (the committed lock must be complete), its bin run straight from the
 * clone, then `npm pack` there, the tarball installed into an empty prefix (its dependencies
 * from the registry or npm's cache), and both bins run from node_modules/.bin. A lock out of
 * sync, a build that only `npm test` runs, or a file missing from package.json's "files"
 * shows up here and nowhere else.
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
const QUIET = ["--no-audit", "--no-fund", "--silent"];

describe("the package from a fresh clone", () => {
  it("installs with npm ci, runs from the clone, packs dist/ and the docs, and its tarball generates what the repository does", async () => {
    const clone = path.join(work, "clone");
    await execa("git", ["clone", "--quiet", "--no-hardlinks", ROOT, clone]);
    const ci = await execa("npm", ["ci", ...QUIET], { cwd: clone, reject: false });
    expect(ci.exitCode, ci.stderr).toBe(0);

    // What the README tells a user with a clone to run, right after the install.
    const fromClone = await execa("node", [path.join(clone, "bin", "create-rampart.js"), "--version"], {
      reject: false,
      stdin: "ignore",
    });
    expect(fromClone.exitCode, fromClone.stderr).toBe(0);
    // The README's one command for a clone, `npm install && npm link`, into a throwaway
    // global folder: both bins land on PATH and run.
    const globalDir = path.join(work, "global");
    const link = await execa("npm", ["link", ...QUIET], {
      cwd: clone,
      reject: false,
      env: { npm_config_prefix: globalDir },
    });
    expect(link.exitCode, link.stderr).toBe(0);
    for (const name of ["create-rampart", "rampart"]) {
      const linked = await execa(name, ["--version"], {
        reject: false,
        stdin: "ignore",
        env: { PATH: `${path.join(globalDir, "bin")}${path.delimiter}${process.env.PATH}` },
      });
      expect(linked.exitCode, `${name}: ${linked.stderr}`).toBe(0);
    }

    const pack = await execa("npm", ["pack", "--json", "--pack-destination", work], { cwd: clone });
    const [packed] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const shipped = packed.files.map((f) => f.path);
    expect(shipped).toContain("dist/src/cli/main.js");
    expect(shipped).toContain("LICENSE");
    expect(shipped).toContain("docs/guarantees.md");
    // The generator's own compiled tests stay out; the templates' tests are product.
    expect(shipped.filter((f) => f.startsWith("dist/") && f.includes(".test."))).toEqual([]);
    expect(shipped).toContain("templates/framework/node/test/config.test.ts");

    const prefix = path.join(work, "prefix");
    await execa("npm", ["install", "--prefix", prefix, ...QUIET, path.join(work, packed.filename)]);
    const bin = (name: string) => path.join(prefix, "node_modules", ".bin", name);

    const fromTarball = path.join(work, "packed");
    mkdirSync(fromTarball);
    const args = ["demo", "--yes", "--no-install", "--no-git", "--database", "postgres", "--jwt-alg", "EdDSA"];
    const made = await execa(bin("create-rampart"), args, { cwd: fromTarball, reject: false, stdin: "ignore" });
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
    expect(files(fromTarball)).toEqual(expected);

    const help = await execa(bin("rampart"), ["--help"], { reject: false, stdin: "ignore" });
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/rampart add endpoint/);
  });
});
