/**
 * CONTRACT §1: a field name that clashes with the stack works through an alias. One
 * resource holds every such name (test/clashing-names.ts); its render must lint clean under
 * the project's own ruff rules, keep each name in JSON and SQL, and use the alias in Python.
 * The e2e matrix installs the same resource and runs pytest, mypy and alembic on it.
 */
import type { Workspace } from "@astral-sh/ruff-wasm-nodejs";
import { beforeAll, describe, expect, it } from "vitest";
import type { EndpointRecord } from "../../src/core/manifest.js";
import { renderProject } from "../../src/core/pipeline.js";
import { defaultAnswers } from "../combinations.js";
import type { FileTree } from "../../src/core/tree.js";
import { parseFields } from "../../src/endpoints/fields.js";
import { pyResource } from "../../src/stacks/fastapi-resource.js";
import { stackFor } from "../../src/stacks/index.js";
import { clashingFieldsSpec } from "../clashing-names.js";

const CLASHES: EndpointRecord = {
  name: "clashes",
  fields: parseFields(clashingFieldsSpec(), stackFor("fastapi").fieldNaming),
  revision: "0002",
  downRevision: "0001",
};

const FILES = [
  "app/models/clashes.py",
  "app/schemas/clashes.py",
  "app/crud/clashes.py",
  "app/api/routes/clashes.py",
  "tests/test_clashes.py",
  "alembic/versions/0002_clashes.py",
];

const text = (c: string | Uint8Array | undefined) => (typeof c === "string" ? c : Buffer.from(c ?? "").toString());

/** A TOML array of strings from the rendered pyproject.toml (JSON-compatible there). */
function tomlList(pyproject: string, pattern: RegExp): string[] {
  const match = pattern.exec(pyproject);
  if (!match?.[1]) throw new Error(`pyproject.toml has no ${String(pattern)}`);
  return JSON.parse(match[1]) as string[];
}

let tree: FileTree;
let lint: (file: string) => string[];
beforeAll(async () => {
  tree = await renderProject(defaultAnswers("clash-api"), [CLASHES]);
  // The project's own rule set, read from what it renders, so the two cannot drift.
  const pyproject = text(tree.get("pyproject.toml"));
  const select = tomlList(pyproject, /^select = (\[.*\])/m);
  const ignore = tomlList(pyproject, /^ignore = (\[.*\])/m);
  const testIgnores = tomlList(pyproject, /^"tests\/\*\*" = (\[.*\])/m);
  const ruff = await import("@astral-sh/ruff-wasm-nodejs");
  const workspace = (extra: string[]): Workspace =>
    new ruff.Workspace(
      { "line-length": 100, "target-version": "py311", lint: { select, ignore: [...ignore, ...extra] } },
      ruff.PositionEncoding.Utf16,
    );
  const app = workspace([]);
  const tests = workspace(testIgnores);
  lint = (file) =>
    ((file.startsWith("tests/") ? tests : app).check(text(tree.get(file))) as { code: string; message: string }[])
      // I001: the generator sorts imports knowing first-party packages; the in-memory
      // workspace has no project on disk to tell it, so it would sort them otherwise.
      .filter((d) => d.code !== "I001")
      .map((d) => `${d.code} ${d.message}`);
  // Rendering some 200 fields and loading ruff's WebAssembly takes seconds on a busy machine.
}, 60_000);

describe("a resource whose fields clash with Python, TypeScript, SQL, Pydantic and SQLAlchemy", () => {
  it.each(FILES)("%s passes the project's ruff rules", (file) => {
    expect(lint(file)).toEqual([]);
  });

  it("keeps each name in JSON and SQL, and spells clashing ones otherwise in Python", () => {
    const schema = text(tree.get("app/schemas/clashes.py"));
    const model = text(tree.get("app/models/clashes.py"));
    const migration = text(tree.get("alembic/versions/0002_clashes.py"));
    const crud = text(tree.get("app/crud/clashes.py"));
    // `model_config` (a unique string) and `metadata` (a required enum) are typed;
    // `class` and `type` are optional booleans; `order` needs no alias.
    expect(schema).toMatch(/^ {4}field_model_config: ModelConfig = Field\(alias="model_config"\)$/m);
    expect(schema).toMatch(/^ {4}field_model_config: str = Field\(serialization_alias="model_config"\)$/m);
    expect(schema).toMatch(/^ {4}metadata_: Metadata = Field\(alias="metadata"\)$/m);
    expect(schema).toMatch(/^ {4}class_: bool \| None = Field\(serialization_alias="class"\)$/m);
    expect(schema).toMatch(/^ {4}order: Order \| None = None$/m);
    expect(model).toMatch(/^ {4}metadata_: Mapped\[str\] = mapped_column\(\s*"metadata",\s*Enum\(/m);
    // Named by the metadata's naming convention (uq_clashes_owner_id_model_config).
    expect(model).toContain('UniqueConstraint("owner_id", "model_config")');
    expect(migration).toContain('sa.Column("class", sa.Boolean(), nullable=True)');
    expect(crud).toContain('"model_config": Clash.field_model_config,');
    expect(crud).toContain('"dict": Clash.dict_,');
    // Type aliases never rebind a builtin or an import: `None`, `True`, `Uuid`-like names.
    expect(schema).toMatch(/^NoneValue = /m);
    expect(schema).toMatch(/^TrueValue = /m);
  });
});

describe("type alias names in the schema module", () => {
  it("never rebind a builtin, an import, the resource's classes or each other", () => {
    const orders: EndpointRecord = {
      name: "orders",
      fields: parseFields(
        "a_1:int,a1:string,a__1?:int,value_error:int,none:boolean,order:int,order_create:int,request_model:boolean,annotated:int",
        stackFor("fastapi").fieldNaming,
      ),
      revision: "0002",
      downRevision: "0001",
    };
    expect(pyResource(orders).fields.map((f) => f.alias)).toEqual([
      "A1",
      "A1Value",
      "A1Value2",
      "ValueErrorValue",
      "NoneValue",
      "OrderValue",
      "OrderCreateValue",
      "RequestModelValue",
      "AnnotatedValue",
    ]);
  });
});
