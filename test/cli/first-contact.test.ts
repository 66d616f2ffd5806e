/**
 * What a new user meets first, through the real bins: help per command, one command that
 * runs `add` and `regenerate` after `npx create-rampart`, messages that name what is
 * missing, absolute targets, and user values echoed with their control characters escaped.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { FIELD_TYPES } from "../../src/endpoints/fields.js";
import { OPTIONS, OPTION_KEYS } from "../../src/options.js";
import { runCli } from "./run.js";

const sandbox = () => mkdtempSync(path.join(tmpdir(), "rampart-first-"));

describe("--help", () => {
  it("gives each command its own text", async () => {
    const dir = sandbox();
    const texts = await Promise.all(
      [
        ["rampart", ["--help"]],
        ["rampart", ["new", "--help"]],
        ["rampart", ["add", "endpoint", "--help"]],
        ["rampart", ["regenerate", "--help"]],
      ].map(async ([bin, args]) => {
        const r = await runCli(bin as "rampart", args as string[], dir);
        expect(r.code, r.stderr).toBe(0);
        return r.stdout;
      }),
    );
    expect(new Set(texts).size).toBe(texts.length);
    const [global, newHelp, addHelp, regenerateHelp] = texts as [string, string, string, string];
    expect(global).toMatch(/rampart add endpoint --help/);
    for (const key of OPTION_KEYS) expect(newHelp).toContain(`--${OPTIONS[key].flag}`);
    expect(newHelp).not.toContain("--fields");
    // The --fields grammar, with every type the parser takes.
    expect(addHelp).toMatch(/name\[\?\]:type\[:modifier\.\.\.\]/);
    for (const type of FIELD_TYPES) expect(addHelp).toContain(type);
    expect(addHelp).toMatch(/unique/);
    expect(addHelp).toMatch(/min=N/);
    expect(addHelp).not.toContain("--jwt-alg");
    // Every answer --set can change, by its key, with its values.
    for (const key of OPTION_KEYS)
      expect(regenerateHelp).toMatch(new RegExp(`^\\s+${key}\\b.*${OPTIONS[key].default}`, "m"));
    expect(regenerateHelp).toMatch(/--dry-run/);
  });

  it("create-rampart add endpoint --help is add's help too", async () => {
    const dir = sandbox();
    const viaCreate = await runCli("create-rampart", ["add", "endpoint", "--help"], dir);
    const viaRampart = await runCli("rampart", ["add", "endpoint", "--help"], dir);
    expect(viaCreate.code, viaCreate.stderr).toBe(0);
    expect(viaCreate.stdout).toBe(viaRampart.stdout);
  });
});

describe("one command for add and regenerate", () => {
  it("create-rampart add endpoint and create-rampart regenerate work like rampart's, and new's next steps say so", async () => {
    const dir = sandbox();
    // Not started by a package manager (the test runner may have been): no user agent.
    const made = await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git"], dir, {
      npm_config_user_agent: "",
    });
    expect(made.code, made.stderr).toBe(0);
    // Outside npm and PATH (node bin/create-rampart.js), the next steps name the bin by its path.
    const rampartBin = path.resolve(import.meta.dirname, "../../bin/rampart.js");
    expect(made.stdout).toContain(`node ${rampartBin} add endpoint`);
    expect(made.stdout).toContain(`node ${rampartBin} regenerate`);

    const project = path.join(dir, "api");
    const added = await runCli("create-rampart", ["add", "endpoint", "orders", "--fields", "title:string"], project);
    expect(added.code, added.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(project, "rampart.json"), "utf8"));
    expect(manifest.endpoints.map((e: { name: string }) => e.name)).toEqual(["orders"]);
    const regenerated = await runCli("create-rampart", ["regenerate", "--dry-run"], project);
    expect(regenerated.code, regenerated.stderr).toBe(0);
  });

  it("through npx (a package manager's user agent), the next steps say npx create-rampart", async () => {
    const dir = sandbox();
    const made = await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git"], dir, {
      npm_config_user_agent: "npm/11.0.0 node/v22.12.0 linux x64 workspaces/false",
    });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^\s+npx create-rampart add endpoint \S+ --fields /m);
    expect(made.stdout).toMatch(/^\s+npx create-rampart regenerate/m);
  });

  it("the generated README shows add endpoint, regenerate and a curl quickstart", async () => {
    const dir = sandbox();
    expect((await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git"], dir)).code).toBe(0);
    const readme = readFileSync(path.join(dir, "api", "README.md"), "utf8");
    expect(readme).toMatch(/npx create-rampart add endpoint \S+ --fields/);
    expect(readme).toMatch(/npx create-rampart regenerate/);
    for (const step of [
      /curl[^\n]*\/auth\/register/,
      /curl[^\n]*\/auth\/token/,
      /curl[^\n]*-X POST[^\n]*\/items/,
      /curl[^\n]*\/items\b/,
    ]) {
      expect(readme).toMatch(step);
    }
    // `--auth oidc` is refused by this version: the README may name it only as coming.
    for (const line of readme.split("\n\n").filter((p) => p.includes("--auth oidc"))) {
      expect(line.replace(/\s+/g, " ")).toMatch(/not available yet|coming/i);
    }
  });
});

describe("messages", () => {
  it("--yes without a directory names the missing argument, not the terminal", async () => {
    const r = await runCli("create-rampart", ["--yes"], sandbox());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing project directory/);
    expect(r.stderr).toMatch(/<dir>/);
    expect(r.stderr).toMatch(/--yes/);
    expect(r.stderr).not.toMatch(/not a terminal/);
  });

  it("an absolute target outside the current directory is created there", async () => {
    const cwd = sandbox();
    const target = path.join(sandbox(), "abs-api");
    const r = await runCli("create-rampart", [target, "--yes", "--no-install", "--no-git"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(target, "rampart.json"), "utf8")).answers.projectName).toBe("abs-api");
  });

  it.each([
    ["a project name", "create-rampart", ["bad\x1b[31mname\nforged: line", "--yes"]],
    ["a flag value", "create-rampart", ["api", "--database", "\x1b]0;title\x07\r"]],
    ["an endpoint name", "rampart", ["add", "endpoint", "x\x1b[2J\u2028y", "--fields", "a:int"]],
    ["a --fields spec", "rampart", ["add", "endpoint", "orders", "--fields", "a:\x1b[31mint\n"]],
  ])("%s with control characters is echoed escaped, on one line", async (_label, bin, args) => {
    const dir = sandbox();
    expect((await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git"], dir)).code).toBe(0);
    const r = await runCli(bin as "rampart", args as string[], path.join(dir, "api"));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u2028\u2029]/);
    expect(r.stderr).toMatch(/\\x1b|\\u001b/);
  });
});

it("an absolute target's path is escaped where it is echoed (--dry-run, next steps)", async () => {
  const parent = path.join(sandbox(), "odd\x1b[31mparent");
  for (const extra of [["--dry-run"], ["--no-install", "--no-git"]]) {
    const r = await runCli("create-rampart", [path.join(parent, "api"), "--yes", ...extra], sandbox());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("\x1b");
    expect(r.stdout).toContain("odd\\x1b[31mparent");
  }
});

it("a bin without dist/ (a clone not installed yet) says what builds it", async () => {
  const dir = sandbox();
  mkdirSync(path.join(dir, "bin"));
  for (const file of ["create-rampart.js", "run.js"]) {
    copyFileSync(path.resolve(import.meta.dirname, "../../bin", file), path.join(dir, "bin", file));
  }
  const r = await execa("node", [path.join(dir, "bin", "create-rampart.js"), "--version"], { reject: false });
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toBe("create-rampart: dist/ is not built: run `npm install` (or `npm run build`) in this clone");
});
