/**
 * `regenerate`'s note after a changed answer brought new dependencies (a database driver, the
 * Redis client): which file changed them, and the command that installs them.
 */
import { describe, expect, it } from "vitest";
import { installHints } from "../../src/commands/regenerate.js";

const b = (s: string) => Buffer.from(s, "utf8");
const diskOf = (files: Record<string, string>) => (p: string) => (p in files ? b(files[p] ?? "") : undefined);

const pkg = (deps: Record<string, string>, scripts: Record<string, string> = {}) =>
  JSON.stringify({ name: "api", scripts, dependencies: deps, devDependencies: { typescript: "5.9.3" } }, null, 2);

const pyproject = (deps: string[], description = "an API") =>
  [
    "[project]",
    'name = "api"',
    `description = "${description}"`,
    "dependencies = [",
    ...deps.map((d) => `    "${d}",`),
    "]",
    "",
    "[project.optional-dependencies]",
    'dev = ["pytest>=8"]',
    "",
    "[tool.ruff]",
    "line-length = 100",
    "",
  ].join("\n");

describe("installHints", () => {
  it("names package.json and the install command when its dependencies changed", () => {
    const disk = diskOf({ "package.json": pkg({ "better-sqlite3": "13.2.0" }) });
    const writes = new Map([["package.json", b(pkg({ pg: "8.23.1" }))]]);
    expect(installHints(disk, writes, "npm install")).toEqual([
      "package.json: its dependencies changed; install them: npm install",
    ]);
  });

  it("says nothing when only scripts, a description or the tool settings changed", () => {
    const disk = diskOf({
      "package.json": pkg({ pg: "8.23.1" }),
      "pyproject.toml": pyproject(["fastapi>=0.115"]),
    });
    const writes = new Map([
      ["package.json", b(pkg({ pg: "8.23.1" }, { dev: "tsx watch src/server.ts" }))],
      ["pyproject.toml", b(pyproject(["fastapi>=0.115"], "a renamed API").replace("100", "120"))],
    ]);
    expect(installHints(disk, writes, "npm install")).toEqual([]);
  });

  it("names pyproject.toml, with uv's commands when the project has a uv.lock", () => {
    const before = pyproject(["fastapi>=0.115"]);
    const after = pyproject(["fastapi>=0.115", "psycopg[binary]>=3.2,<4"]);
    const writes = new Map([["pyproject.toml", b(after)]]);
    const pip = "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'";
    expect(installHints(diskOf({ "pyproject.toml": before }), writes, pip)).toEqual([
      `pyproject.toml: its dependencies changed; install them: ${pip}`,
    ]);
    expect(installHints(diskOf({ "pyproject.toml": before, "uv.lock": "" }), writes, pip)).toEqual([
      "pyproject.toml: its dependencies changed; install them: uv lock && uv sync --extra dev",
    ]);
    // A changed optional group counts too.
    const dev = new Map([["pyproject.toml", b(before.replace("pytest>=8", "pytest>=9"))]]);
    expect(installHints(diskOf({ "pyproject.toml": before }), dev, pip)).toHaveLength(1);
  });

  it("says nothing for a file it does not write, or one the project did not have", () => {
    const writes = new Map([["package.json", b(pkg({ pg: "8.23.1" }))]]);
    expect(installHints(diskOf({}), writes, "npm install")).toEqual([]);
    expect(installHints(diskOf({ "package.json": pkg({}) }), new Map(), "npm install")).toEqual([]);
  });
});
