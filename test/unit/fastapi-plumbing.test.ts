/**
 * The FastAPI project leans on the framework's own parts (issue 13, "Less plumbing"):
 * Starlette's CORSMiddleware, typed dependencies instead of `app.state` reads in routes,
 * `<tag>-<name>` operation ids, and each route naming its response model once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { renderProject } from "../../src/core/pipeline.js";
import { defaultAnswers } from "../combinations.js";
import type { EndpointRecord } from "../../src/core/manifest.js";
import type { FileTree } from "../../src/core/tree.js";
import { parseFields } from "../../src/endpoints/fields.js";
import { pythonNaming } from "../../src/stacks/fastapi-names.js";

const ORDERS: EndpointRecord = {
  name: "orders",
  fields: parseFields("title:string:max=120:unique,status:enum(open|closed)", pythonNaming),
  revision: "0003",
  downRevision: "0002",
};

const text = (c: string | Uint8Array | undefined) => (typeof c === "string" ? c : Buffer.from(c ?? "").toString());

let tree: FileTree;
const file = (path: string) => {
  expect(tree.has(path), path).toBe(true);
  return text(tree.get(path));
};
const routes = () => [...tree.entries()].filter(([p]) => p.startsWith("app/api/routes/") && p.endsWith(".py"));

beforeAll(async () => {
  tree = await renderProject(defaultAnswers("plumbing-api"), [ORDERS]);
});

describe("FastAPI plumbing", () => {
  it("CORS is Starlette's CORSMiddleware with explicit lists, no credentials", () => {
    const cors = file("app/core/cors.py");
    expect(cors).toMatch(/from starlette\.middleware import cors/);
    expect(cors).toMatch(/class CORSMiddleware\(cors\.CORSMiddleware\)/);
    expect(cors).toMatch(/allow_methods=\["GET", "POST", "PATCH", "DELETE"\]/);
    expect(cors).toMatch(/allow_credentials=False/);
    expect(cors).not.toMatch(/"\*"/);
    // No hand-written preflight answer: Starlette's builds it.
    expect(cors).not.toMatch(/http\.response\.start/);
  });

  it("routes read no app.state: they take typed dependencies", () => {
    const found = routes().filter(([, c]) => /app\.state/.test(text(c)));
    expect(found.map(([p]) => p)).toEqual([]);
    expect(file("app/api/routes/auth.py")).toMatch(/hasher: HasherDep/);
    expect(file("app/api/routes/password.py")).toMatch(/lockout: LockoutDep/);
    expect(file("app/api/auth_deps.py")).toMatch(/HasherDep = Annotated\[PasswordHasher, Depends\(get_hasher\)\]/);
  });

  it("operation ids are <tag>-<name>: every route names itself, the app uses the scheme", () => {
    expect(file("app/main.py")).toMatch(/generate_unique_id_function=operation_id/);
    expect(file("app/api/routing.py")).toMatch(/return f"\{route\.tags\[0\]\}-\{name\}"/);
    const names = [...text(tree.get("app/api/routes/orders.py")).matchAll(/name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(["list", "create", "get", "update", "delete"]);
    for (const [path, contents] of routes()) {
      const decorators = text(contents).match(/@router\.(get|post|patch|delete|put)\(/g) ?? [];
      const named = text(contents).match(/@router\.\w+\([^@]*?name="[a-z0-9]+(_[a-z0-9]+)*"/gs) ?? [];
      expect(named.length, path).toBe(decorators.length);
    }
    expect(file("README.md")).toMatch(
      /## API clients[\s\S]*npx @hey-api\/openapi-ts -i http:\/\/127\.0\.0\.1:8000\/openapi\.json/,
    );
  });

  it("a resource route names its model in the return annotation, not again in the decorator", () => {
    const orders = file("app/api/routes/orders.py");
    expect(orders).not.toMatch(/response_model=/);
    expect(orders).toMatch(/\) -> Page\[OrderPublic\]:/);
    expect(file("app/api/routes/users.py")).not.toMatch(/response_model=/);
    expect(file("app/api/routes/admin.py")).not.toMatch(/response_model=/);
  });

  it("no dead session_scope", () => {
    expect(file("app/core/db.py")).not.toMatch(/session_scope/);
  });
});
