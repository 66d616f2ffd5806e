/**
 * Issue 13: the project stays true as it grows. A render with an added resource lists it in
 * the README (route table, file list, fixtures, ownership) and gives it a `make_<resource>`
 * factory in tests/conftest.py that its generated tests use, as `items` has.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { EndpointRecord } from "../../src/core/manifest.js";
import { renderProject } from "../../src/core/pipeline.js";
import { defaultAnswers } from "../combinations.js";
import type { FileTree } from "../../src/core/tree.js";
import { parseFields } from "../../src/endpoints/fields.js";
import { stackFor } from "../../src/stacks/index.js";

const ORDERS: EndpointRecord = {
  name: "orders",
  fields: parseFields("title:string:max=120,user:int", stackFor("fastapi").fieldNaming),
  revision: "0002",
  downRevision: "0001",
};

const text = (tree: FileTree, file: string) => String(tree.get(file));

let tree: FileTree;
beforeAll(async () => {
  tree = await renderProject(defaultAnswers("grows-api"), [ORDERS]);
}, 60_000);

describe("a project with an added resource", () => {
  it("lists every resource in the README's route table and ownership text", () => {
    const readme = text(tree, "README.md");
    const cells = (line: string) =>
      line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
    const rows = readme
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map(cells);
    expect(rows).toContainEqual([
      "`orders`",
      "`GET`, `POST` `/orders`; `GET`, `PATCH`, `DELETE` `/orders/{order_id}`",
      "`orders:read`, `orders:write`",
      "`tests/test_orders.py`, `make_orders`",
    ]);
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(["`items`", "`orders`"]));
    expect(readme.replace(/\s+/g, " ")).toContain("every query of `/items`, `/orders` filters by the caller");
  });

  it("offers a make_<resource> factory per resource, used by the resource's tests", () => {
    const conftest = text(tree, "tests/conftest.py");
    for (const [name, field] of [
      ["items", '"name": "Sample name"'],
      ["orders", '"title": "Sample title"'],
    ]) {
      expect(conftest).toMatch(new RegExp(`^def make_${name}\\(`, "m"));
      expect(conftest).toContain(`client.post("/${name}", json=body, headers=headers_for(user))`);
      expect(conftest).toContain(field);
      expect(text(tree, `tests/test_${name}.py`)).toContain(`row = make_${name}(user)`);
    }
    // Positional-only: a field may be called `user` without clashing with the owner argument.
    expect(conftest).toContain("def build(user: User, /, **fields: Any) -> Any:");
  });

  it("writes each invalid case as one change to the one valid body", () => {
    const tests = text(tree, "tests/test_orders.py");
    expect(tests).toContain('pytest.param("title", "x" * 121, id="title: too long"),');
    expect(tests).toContain('pytest.param("title", MISSING, id="missing title"),');
    expect(tests).toContain('pytest.param("unexpected", 1, id="an unknown field"),');
    expect(tests.match(/^VALID: /gm)).toHaveLength(1);
  });
});
