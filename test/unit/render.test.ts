/**
 * Renders every available combination in memory (the full matrix), with and without added
 * resources: nothing left unrendered, the expected files present, Python parsed by ruff's
 * formatter (which refuses invalid syntax), and golden files for one combination so a
 * template change shows up in review.
 */
import type { Workspace } from "@astral-sh/ruff-wasm-nodejs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildNewProject, renderProject } from "../../src/core/pipeline.js";
import type { FileTree } from "../../src/core/tree.js";
import type { EndpointRecord } from "../../src/core/manifest.js";
import { parseFields } from "../../src/endpoints/fields.js";
import type { Answers } from "../../src/options.js";
import { pythonNaming } from "../../src/stacks/fastapi-names.js";
import { tsNaming } from "../../src/stacks/node-names.js";
import { combinations } from "../combinations.js";

const text = (c: string | Uint8Array | undefined) => (typeof c === "string" ? c : Buffer.from(c ?? "").toString());

const ORDERS: EndpointRecord = {
  name: "order_lines",
  fields: parseFields(
    "sku:string:max=24:unique,qty:int:min=1,placed_at?:datetime,ref?:uuid,kind:enum(a|b),note?:text",
    pythonNaming,
  ),
  revision: "0003",
  downRevision: "0002",
};

let lint: Workspace;
beforeAll(async () => {
  const ruff = await import("@astral-sh/ruff-wasm-nodejs");
  lint = new ruff.Workspace({ lint: { select: ["F401", "F821", "F811"] } }, ruff.PositionEncoding.Utf16);
});

/** Every type and modifier, long strings (TEXT columns) included. */
const EVERYTHING: EndpointRecord = {
  name: "everything",
  fields: parseFields(
    "s:string:min=1:max=80:unique,long_s?:string:max=5000,t?:text,i:int:min=0:max=9,n?:number,b:boolean," +
      "d?:date,dt?:datetime,u?:uuid:unique,e:email,w?:url,k:enum(x|y)",
    pythonNaming,
  ),
  revision: "0004",
  downRevision: "0003",
};

/** The same resources for a Node project: its migrations follow 0003_items. */
const NODE_ORDERS: EndpointRecord = {
  ...ORDERS,
  fields: parseFields(
    "sku:string:max=24:unique,qty:int:min=1,placed_at?:datetime,ref?:uuid,kind:enum(a|b),note?:text",
    tsNaming,
  ),
  revision: "0004",
  downRevision: "0003_items",
};
const NODE_EVERYTHING: EndpointRecord = {
  ...EVERYTHING,
  fields: parseFields(
    "s:string:min=1:max=80:unique,long_s?:string:max=5000,t?:text,i:int:min=0:max=9,n?:number,b:boolean," +
      "d?:date,dt?:datetime,u?:uuid:unique,e:email,w?:url,k:enum(x|y)",
    tsNaming,
  ),
  revision: "0005",
  downRevision: "0004_order_lines",
};

describe.each([...combinations()])("render %o", (choices) => {
  const answers: Answers = { projectName: "golden-api", ...choices };
  const fastapi = choices.framework === "fastapi";
  const orders = fastapi ? ORDERS : NODE_ORDERS;
  const everything = fastapi ? EVERYTHING : NODE_EVERYTHING;

  it("leaves no template syntax and writes the project's pillars", async () => {
    const tree = await buildNewProject(answers);
    for (const [relPath, contents] of tree.entries()) {
      // Python may hold `{{` (f-strings, dict literals) and workflows `${{ }}`; ruff parsed the Python.
      if (!relPath.endsWith(".py")) expect(text(contents), relPath).not.toMatch(/(?<!\$)\{\{/);
    }
    for (const required of ["rampart.json", ".env", ".env.example", ".gitignore", "README.md", "Dockerfile"]) {
      expect(tree.has(required), required).toBe(true);
    }
  });

  it("renders deterministically (regenerate's base depends on it)", async () => {
    const [a, b] = await Promise.all([renderProject(answers, [orders]), renderProject(answers, [orders])]);
    expect(b.entries()).toEqual(a.entries());
  });

  it.runIf(fastapi)("imports exactly what the rendered Python uses (ruff F401, F821)", async () => {
    const tree = await renderProject(answers, [orders, everything]);
    for (const relPath of tree.paths().filter((p) => p.endsWith(".py") && tree.isRendered(p))) {
      const problems = (lint.check(text(tree.get(relPath))) as { code: string; message: string }[]).map(
        (d) => `${d.code} ${d.message}`,
      );
      expect(problems, relPath).toEqual([]);
    }
  });

  it.runIf(!fastapi)("renders an added resource through every layer of a Node project", async () => {
    const tree = await renderProject(answers, [orders]);
    for (const file of [
      "src/order_lines/order_lines.table.ts",
      "src/order_lines/order_lines.schemas.ts",
      "src/order_lines/order_lines.repository.ts",
      "src/order_lines/order_lines.service.ts",
      "src/routes/order_lines.ts",
      "test/order_lines.service.test.ts",
      "test/order_lines.routes.test.ts",
      "src/db/migrations/0004_order_lines.ts",
    ]) {
      expect(tree.has(file), file).toBe(true);
    }
    expect(text(tree.get("src/auth/scopes.ts"))).toContain('"order_lines:write"');
    // app.ts imports the resource's routes and mounts them (each adapter in its own idiom).
    const app = text(tree.get("src/app.ts"));
    const imported = /^import (?:(\w+)|\{ (\w+) \}) from "\.\/routes\/order_lines\.js";$/m
      .exec(app)
      ?.slice(1)
      .find(Boolean);
    expect(imported, "app.ts imports routes/order_lines.js").toBeDefined();
    expect(app.split(imported ?? "").length - 1, `${imported ?? ""} used in app.ts`).toBeGreaterThan(1);
    expect(text(tree.get("src/db/migrations/index.ts"))).toMatch(/"0004_order_lines": migration0004,/);
    expect(text(tree.get("src/db/migrations/0004_order_lines.ts"))).toContain("after 0003_items");
    // items' own migration, and no other resource's.
    expect(tree.paths().filter((p) => p.startsWith("src/db/migrations/0"))).toEqual([
      "src/db/migrations/0001_users.ts",
      ...(answers.auth === "password" ? ["src/db/migrations/0002_refresh_tokens.ts"] : []),
      "src/db/migrations/0003_items.ts",
      "src/db/migrations/0004_order_lines.ts",
    ]);
  });

  it.runIf(fastapi)("renders an added resource through every layer it touches", async () => {
    const tree = await renderProject(answers, [ORDERS]);
    for (const file of [
      "app/models/order_lines.py",
      "app/schemas/order_lines.py",
      "app/crud/order_lines.py",
      "app/api/routes/order_lines.py",
      "tests/test_order_lines.py",
      "alembic/versions/0003_order_lines.py",
    ]) {
      expect(tree.has(file), file).toBe(true);
    }
    expect(text(tree.get("app/core/scopes.py"))).toContain('"order_lines:write"');
    expect(text(tree.get("app/api/main.py"))).toContain("api_router.include_router(order_lines.router)");
    expect(text(tree.get("alembic/versions/0003_order_lines.py"))).toMatch(/down_revision: str \| None = "0002"/);
  });
});

describe("golden files (fastapi, sqlite, password, HS256, memory)", () => {
  const answers: Answers = {
    projectName: "golden-api",
    framework: "fastapi",
    database: "sqlite",
    auth: "password",
    jwtAlg: "HS256",
    rateLimitStore: "memory",
  };

  let tree: FileTree;
  beforeAll(async () => {
    tree = await renderProject(answers, [ORDERS]);
  });

  it.each([
    "pyproject.toml",
    "app/core/config.py",
    "app/core/scopes.py",
    "app/api/main.py",
    "app/models/order_lines.py",
    "app/schemas/order_lines.py",
    "app/api/routes/order_lines.py",
    "alembic/versions/0003_order_lines.py",
    ".env.example",
  ])("%s", async (file) => {
    await expect(text(tree.get(file))).toMatchFileSnapshot(`__golden__/fastapi-sqlite-password-hs256/${file}`);
  });
});
