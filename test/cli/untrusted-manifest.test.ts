/**
 * CONTRACT §1: rampart.json arrives with a clone, so it is untrusted input. Every path, name
 * and answer in it is checked as strictly as on the command line, and nothing it says makes
 * rampart read, write or delete outside the project. Each case tampers with a fresh copy of
 * a generated project inside a sandbox that also holds a "victim" file next to it, and
 * snapshots the whole sandbox before and after.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, snapshot } from "./run.js";

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }
).version;

const pristine = mkdtempSync(path.join(tmpdir(), "rampart-untrusted-src-"));
const VICTIM_TEXT = "# a stock ~/.bashrc\n";
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

beforeAll(async () => {
  const made = await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git"], pristine);
  expect(made.code, made.stderr).toBe(0);
});

type Manifest = {
  generator: Record<string, unknown>;
  answers: Record<string, unknown>;
  endpoints: Record<string, unknown>[];
  files: Record<string, string>;
};

/** A sandbox with `victim.txt` and a copy of the project as `api/`, rampart.json tampered with. */
function tampered(edit: (m: Manifest, sandbox: string) => void): { sandbox: string; root: string } {
  const sandbox = mkdtempSync(path.join(tmpdir(), "rampart-untrusted-"));
  writeFileSync(path.join(sandbox, "victim.txt"), VICTIM_TEXT);
  const root = path.join(sandbox, "api");
  cpSync(path.join(pristine, "api"), root, { recursive: true });
  const file = path.join(root, "rampart.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  // A fingerprint of other templates: no re-render base, so the recorded hashes decide.
  manifest.generator.templates = "0".repeat(64);
  edit(manifest, sandbox);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return { sandbox, root };
}

const anEndpoint = (over: Record<string, unknown> = {}) => ({
  name: "orders",
  fields: [{ name: "title", type: "string", optional: false, unique: false }],
  revision: "0002",
  downRevision: "0001",
  ...over,
});

type Case = [label: string, edit: (m: Manifest, sandbox: string) => void, message: RegExp];

const cases: Case[] = [
  [
    "a files key climbing out of the project",
    (m) => (m.files["../victim.txt"] = sha(VICTIM_TEXT)),
    /"\.\.\/victim\.txt"/,
  ],
  [
    "an absolute files key",
    (m, sandbox) => (m.files[path.join(sandbox, "victim.txt")] = sha(VICTIM_TEXT)),
    /files: .*not a relative path inside the project/,
  ],
  ["a files key through ..", (m) => (m.files["app/../../victim.txt"] = sha(VICTIM_TEXT)), /files: /],
  ["a files key not in normal form", (m) => (m.files["app//x.py"] = sha("x")), /files: "app\/\/x\.py"/],
  ["a backslash files key", (m) => (m.files["..\\victim.txt"] = sha(VICTIM_TEXT)), /files: /],
  ["a files key naming a secret", (m) => (m.files[".env"] = sha("x")), /files: "\.env"/],
  ["a hash that is not SHA-256", (m) => (m.files["README.md"] = "abc"), /files\["README\.md"\].*SHA-256/],
  [
    "a projectName that is a path",
    (m) => (m.answers.projectName = "../../x"),
    /answers\.projectName.*invalid project name/,
  ],
  ["an unknown answer", (m) => (m.answers.shell = "rm -rf /"), /answers\.shell.*unknown/],
  ["an answer not available yet", (m) => (m.answers.auth = "oidc"), /answers\.auth.*oidc.*not available yet/],
  [
    "an endpoint name that is a path",
    (m) => m.endpoints.push(anEndpoint({ name: "../evil" })),
    /endpoints\[0\].*"\.\.\/evil"/,
  ],
  ["a reserved endpoint name", (m) => m.endpoints.push(anEndpoint({ name: "users" })), /endpoints\[0\].*reserved/],
  ["an endpoint named items", (m) => m.endpoints.push(anEndpoint({ name: "items" })), /endpoints\[0\].*"items"/],
  ["an endpoint twice", (m) => m.endpoints.push(anEndpoint(), anEndpoint()), /endpoints\[1\].*twice/],
  [
    "a field rampart manages itself",
    (m) =>
      m.endpoints.push(anEndpoint({ fields: [{ name: "owner_id", type: "uuid", optional: false, unique: false }] })),
    /endpoints\[0\]\.fields\[0\].*"owner_id".*manages itself/,
  ],
  [
    "two fields the stack spells alike",
    (m) =>
      m.endpoints.push(
        anEndpoint({
          fields: [
            { name: "class", type: "int", optional: false, unique: false },
            { name: "class_", type: "int", optional: false, unique: false },
          ],
        }),
      ),
    /endpoints\[0\]\.fields: field 2 .*class_/,
  ],
  [
    "a field of an unknown type",
    (m) => m.endpoints.push(anEndpoint({ fields: [{ name: "t", type: "exec", optional: false, unique: false }] })),
    /endpoints\[0\]\.fields\[0\].*unknown type "exec"/,
  ],
  [
    "a field with an extra key",
    (m) =>
      m.endpoints.push(anEndpoint({ fields: [{ name: "t", type: "int", optional: false, unique: false, sql: "x" }] })),
    /endpoints\[0\]\.fields\[0\].*"sql"/,
  ],
  [
    "a revision that is a path",
    (m) => m.endpoints.push(anEndpoint({ revision: "../../x" })),
    /endpoints\[0\]\.revision/,
  ],
  [
    "a down revision that breaks out of its string",
    (m) => m.endpoints.push(anEndpoint({ downRevision: '0001"\nimport os' })),
    /endpoints\[0\]\.downRevision/,
  ],
];

describe("an untrusted rampart.json", () => {
  it.each(cases)("refuses %s: exit 2, one line, nothing changed", async (_label, edit, message) => {
    for (const command of [["regenerate"], ["add", "endpoint", "gadgets", "--fields", "a:int"]]) {
      const { sandbox, root } = tampered(edit);
      const before = snapshot(sandbox);
      const result = await runCli("rampart", command, root);
      expect(result.stderr, command.join(" ")).toMatch(message);
      expect(result.stderr).toMatch(/rampart\.json/);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.code).toBe(2);
      expect(snapshot(sandbox)).toEqual(before);
      expect(readFileSync(path.join(sandbox, "victim.txt"), "utf8")).toBe(VICTIM_TEXT);
    }
  });

  it("refuses a project made by a newer rampart, naming the version to install", async () => {
    const { sandbox, root } = tampered((m) => (m.generator.version = "99.1.0"));
    const before = snapshot(sandbox);
    const result = await runCli("rampart", ["regenerate"], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`create-rampart 99\\.1\\.0.*this is ${PACKAGE_VERSION.replaceAll(".", "\\.")}`),
    );
    expect(result.stderr).toMatch(/create-rampart@99\.1\.0/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(snapshot(sandbox)).toEqual(before);
  });

  it("refuses a generator version that is not a version", async () => {
    const { sandbox, root } = tampered((m) => (m.generator.version = "latest; rm -rf ~"));
    const before = snapshot(sandbox);
    const result = await runCli("rampart", ["regenerate"], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/generator\.version/);
    expect(snapshot(sandbox)).toEqual(before);
  });

  it("accepts what rampart itself records (the checks refuse only what is wrong)", async () => {
    const { root } = tampered(() => undefined);
    const fields = "status:enum(open|closed):unique,price?:number:min=0.5:max=10,note?:text:max=50,qty:int:min=-3";
    const added = await runCli("rampart", ["add", "endpoint", "orders", "--fields", fields], root);
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    const result = await runCli("rampart", ["regenerate", "--dry-run"], root);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("symlinks inside the project", () => {
  it("never writes through a symlinked directory that leads outside the project", async () => {
    const { sandbox, root } = tampered(() => undefined);
    // app/core is a symlink to a copy outside the project: regenerate would rewrite config.py there.
    const outside = path.join(sandbox, "outside-core");
    cpSync(path.join(root, "app/core"), outside, { recursive: true });
    rmSync(path.join(root, "app/core"), { recursive: true });
    symlinkSync(outside, path.join(root, "app/core"));
    const before = snapshot(sandbox);
    const result = await runCli("rampart", ["regenerate", "--set", "jwtAlg=EdDSA"], root);
    expect(result.stderr).toMatch(/app\/core.*symlink.*outside the project/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.code).toBe(2);
    expect(snapshot(sandbox)).toEqual(before);
  });

  it("never reads or deletes through a symlinked file that leads outside the project", async () => {
    const { sandbox, root } = tampered(() => undefined);
    mkdirSync(path.join(sandbox, "home"));
    writeFileSync(path.join(sandbox, "home", ".bashrc"), VICTIM_TEXT);
    rmSync(path.join(root, "Dockerfile"));
    symlinkSync(path.join(sandbox, "home", ".bashrc"), path.join(root, "Dockerfile"));
    const before = snapshot(sandbox);
    const result = await runCli("rampart", ["regenerate", "--set", "jwtAlg=EdDSA"], root);
    expect(result.stderr).toMatch(/Dockerfile.*symlink.*outside the project/);
    expect(result.code).toBe(2);
    expect(snapshot(sandbox)).toEqual(before);
  });

  it("never reads migrations through a symlinked directory that leads outside the project", async () => {
    const { sandbox, root } = tampered(() => undefined);
    const outside = path.join(sandbox, "outside-versions");
    cpSync(path.join(root, "alembic/versions"), outside, { recursive: true });
    rmSync(path.join(root, "alembic/versions"), { recursive: true });
    symlinkSync(outside, path.join(root, "alembic/versions"));
    const before = snapshot(sandbox);
    const result = await runCli("rampart", ["add", "endpoint", "orders", "--fields", "a:int"], root);
    expect(result.stderr).toMatch(/alembic\/versions.*symlink.*outside the project/);
    expect(result.code).toBe(2);
    expect(snapshot(sandbox)).toEqual(before);
  });

  it("never writes through a symlink planted where a temporary file goes", async () => {
    const { sandbox, root } = tampered(() => undefined);
    symlinkSync(path.join(sandbox, "victim.txt"), path.join(root, "app/core/config.py.rampart-tmp"));
    const result = await runCli("rampart", ["regenerate", "--set", "jwtAlg=EdDSA"], root);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(path.join(sandbox, "victim.txt"), "utf8")).toBe(VICTIM_TEXT);
    expect(readFileSync(path.join(root, "app/core/config.py"), "utf8")).toMatch(/= "EdDSA"/);
    expect(Object.keys(snapshot(root)).filter((f) => f.endsWith(".rampart-tmp"))).toEqual([]);
  });
});
