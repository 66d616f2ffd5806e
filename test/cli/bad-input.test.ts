/**
 * CONTRACT §1: every bad input gets one clear line on stderr, exit code 2, and nothing on
 * disk changes. Each case snapshots the whole sandbox before and after. The commands run
 * from a directory inside the sandbox (`sandbox/cwd`), so that a target outside the current
 * directory (`../escape`) still lies inside the snapshot.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, snapshot } from "./run.js";

const sandbox = mkdtempSync(path.join(tmpdir(), "rampart-cli-"));
const project = path.join(sandbox, "proj");
/** Where the path-escape cases run from: their targets are outside it, but inside the sandbox. */
const inner = path.join(sandbox, "cwd");
const escaped = path.join(sandbox, "escape");

beforeAll(async () => {
  mkdirSync(inner);
  mkdirSync(path.join(sandbox, "work"));
  writeFileSync(path.join(sandbox, "work", "notes.txt"), "a user's file\n");
  mkdirSync(path.join(sandbox, "corrupt"));
  writeFileSync(path.join(sandbox, "corrupt", "rampart.json"), "{ not json");
  mkdirSync(path.join(sandbox, "wrong-shape"));
  writeFileSync(path.join(sandbox, "wrong-shape", "rampart.json"), JSON.stringify({ answers: { framework: "rails" } }));
  const made = await runCli("create-rampart", ["proj", "--yes", "--no-install", "--no-git"], sandbox);
  expect(made.code, made.stderr).toBe(0);
});

type Case = [label: string, bin: "rampart" | "create-rampart", args: string[], cwd: string, message: RegExp];

const cases = (): Case[] => [
  ["an invalid name", "create-rampart", ["My_API", "--yes"], sandbox, /invalid project name "My_API"/],
  ["a reserved name", "create-rampart", ["fastapi", "--yes"], sandbox, /"fastapi": it is reserved/],
  ["a path outside the target", "create-rampart", ["../escape", "--yes"], inner, /outside the current directory/],
  ["a non-empty target", "create-rampart", ["work", "--yes"], sandbox, /work is not empty.*--force/],
  [
    "an unknown flag value",
    "create-rampart",
    ["fresh", "--database", "oracle"],
    sandbox,
    /unknown --database value "oracle"/,
  ],
  ["a value not built yet", "create-rampart", ["fresh", "--auth", "oidc"], sandbox, /not available yet/],
  ["an unknown flag", "create-rampart", ["fresh", "--colour"], sandbox, /unknown option --colour/],
  ["no directory without a TTY", "create-rampart", ["--framework", "fastapi"], sandbox, /missing project directory/],
  [
    "jwt-alg with oidc",
    "create-rampart",
    ["fresh", "--jwt-alg", "ES256", "--auth", "oidc"],
    sandbox,
    /not available yet|applies to --auth password/,
  ],
  ["add outside a project", "rampart", ["add", "endpoint", "orders"], sandbox, /not inside a rampart project/],
  [
    "add with a corrupt rampart.json",
    "rampart",
    ["add", "endpoint", "orders"],
    path.join(sandbox, "corrupt"),
    /rampart.json is not valid JSON/,
  ],
  [
    "regenerate with a corrupt rampart.json",
    "rampart",
    ["regenerate"],
    path.join(sandbox, "wrong-shape"),
    /rampart.json is corrupt/,
  ],
  ["add without a name", "rampart", ["add", "endpoint"], sandbox, /usage: rampart add endpoint <name>/],
  [
    "a flag given twice with different values",
    "create-rampart",
    ["fresh", "--yes", "--jwt-alg", "HS256", "--jwt-alg", "EdDSA"],
    sandbox,
    /--jwt-alg given twice with different values \("HS256", "EdDSA"\)/,
  ],
  [
    "--set, which new does not take",
    "create-rampart",
    ["fresh", "--yes", "--set", "jwtAlg=EdDSA"],
    sandbox,
    /new does not take --set.*--jwt-alg EdDSA/,
  ],
  [
    "--fields, which new does not take",
    "rampart",
    ["new", "fresh", "--yes", "--fields", "a:int"],
    sandbox,
    /new does not take --fields/,
  ],
  ["an unknown command", "rampart", ["deploy"], sandbox, /unknown command "deploy"/],
];

describe("bad input", () => {
  it.each(cases())("refuses %s with exit 2 and changes nothing", async (_label, bin, args, cwd, message) => {
    const before = snapshot(sandbox);
    const result = await runCli(bin, args, cwd);
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(snapshot(sandbox)).toEqual(before);
    // The escaping target is in the snapshot, but say it outright: nothing was made there.
    expect(existsSync(escaped)).toBe(false);
  });

  it.each([
    ["no --fields without a TTY", ["orders"], /missing --fields/],
    ["an endpoint that exists", ["items", "--fields", "a:int"], /endpoint "items" exists already/],
    ["a reserved endpoint name", ["users", "--fields", "a:int"], /endpoint name "users" is reserved/],
    ["a keyword as endpoint name", ["class", "--fields", "a:int"], /reserved word/],
    ["a path as endpoint name", ["../orders", "--fields", "a:int"], /not a snake_case identifier/],
    [
      "a malformed --fields",
      ["orders", "--fields", "title:string,qty:integer"],
      /field 2 \("qty:integer"\): unknown type/,
    ],
    [
      "a field rampart manages",
      ["orders", "--fields", "title:string,owner_id:uuid"],
      /field 2 \("owner_id:uuid"\): "owner_id" is a column rampart manages itself/,
    ],
    [
      "a choice flag, which add does not take",
      ["orders", "--fields", "a:int", "--jwt-alg", "EdDSA"],
      /add does not take --jwt-alg: answers change with rampart regenerate --jwt-alg EdDSA/,
    ],
    [
      "--no-install, which add does not take",
      ["orders", "--fields", "a:int", "--no-install"],
      /add does not take --no-install/,
    ],
    [
      "--set, which add does not take",
      ["orders", "--fields", "a:int", "--set", "jwtAlg=ES256"],
      /add does not take --set/,
    ],
    [
      "--fields given twice with different values",
      ["orders", "--fields", "a:int", "--fields", "b:int"],
      /--fields given twice with different values/,
    ],
  ])("refuses add endpoint with %s, changing nothing", async (_label, args, message) => {
    const before = snapshot(project);
    const result = await runCli("rampart", ["add", "endpoint", ...args], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(snapshot(project)).toEqual(before);
  });
});

describe("regenerate's flags", () => {
  it.each([
    ["--no-git", ["--no-git"], /regenerate does not take --no-git/],
    ["--install", ["--install"], /regenerate does not take --install/],
    ["--fields", ["--fields", "a:int"], /regenerate does not take --fields/],
    [
      "a choice flag and --set that disagree",
      ["--jwt-alg", "EdDSA", "--set", "jwtAlg=ES256"],
      /jwtAlg given twice with different values/,
    ],
    [
      "--set of one key twice",
      ["--set", "database=postgres", "--set", "database=mysql"],
      /database given twice with different values/,
    ],
    ["a choice flag twice", ["--database", "postgres", "--database", "mysql"], /--database given twice/],
  ])("refuses %s with exit 2, changing nothing", async (_label, args, message) => {
    const before = snapshot(project);
    const result = await runCli("rampart", ["regenerate", ...args], project);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.code).toBe(2);
    expect(snapshot(project)).toEqual(before);
  });
});

describe("add endpoint twice", () => {
  it("refuses an endpoint that `add` already created, changing nothing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rampart-twice-"));
    expect((await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git"], dir)).code).toBe(0);
    const root = path.join(dir, "api");
    const first = await runCli("rampart", ["add", "endpoint", "orders", "--fields", "title:string"], root);
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(root);
    const again = await runCli("rampart", ["add", "endpoint", "orders", "--fields", "qty:int"], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/endpoint "orders" exists already/);
    expect(snapshot(root)).toEqual(before);
  });
});
