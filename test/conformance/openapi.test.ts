// CONTRACT §3 "Health and docs": the OpenAPI document is truthful. Black-box checks of the
// document itself (every operation lists the statuses it can answer, with their media type
// and schema) and, where the document makes a promise a request can test, of that promise.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Json, JsonObject } from "./api.js";
import { adminCreds, adminEnv, adminLogin } from "./context.js";
import { withServer } from "./context.js";
import { adminScopes, projects, resourcesOf } from "./projects.js";
import { RELAXED } from "./server.js";

const PROBLEM = "application/problem+json";
const FORM = "application/x-www-form-urlencoded";
const METHODS = ["get", "put", "post", "delete", "patch", "options", "head"];
// `<tag>-<name>`: a resource's tag is its snake_case name, the name kebab-case words.
const OPERATION_ID = /^[a-z][a-z0-9_]*(-[a-z0-9]+)+$/;
const OAUTH_ERRORS = ["invalid_grant", "invalid_request", "invalid_scope", "unsupported_grant_type"];

interface Operation {
  path: string;
  method: string;
  op: JsonObject;
  label: string;
}

const obj = (v: Json | undefined): JsonObject => (v !== null && typeof v === "object" && !Array.isArray(v) ? v : {});

/** Follows local `$ref`s ("#/components/schemas/X") until a schema that is not one. */
function deref(doc: JsonObject, schema: Json | undefined): JsonObject {
  let s = obj(schema);
  for (let hops = 0; typeof s.$ref === "string" && hops < 20; hops++) {
    const parts = s.$ref.replace(/^#\//, "").split("/");
    let at: Json | undefined = doc;
    for (const p of parts) at = obj(at)[p.replace(/~1/g, "/").replace(/~0/g, "~")];
    s = obj(at);
  }
  return s;
}

/** Whether a schema admits JSON null (`type: "null"`, a type list with it, or an anyOf/oneOf branch). */
function allowsNull(doc: JsonObject, schema: Json | undefined): boolean {
  const s = deref(doc, schema);
  if (s.type === "null" || (Array.isArray(s.type) && s.type.includes("null")) || s.nullable === true) return true;
  return [s.anyOf, s.oneOf].some((list) => Array.isArray(list) && list.some((b) => allowsNull(doc, b)));
}

function operations(doc: JsonObject): Operation[] {
  return Object.entries(obj(doc.paths)).flatMap(([path, item]) =>
    Object.entries(obj(item))
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ path, method, op: obj(op), label: `${method.toUpperCase()} ${path}` })),
  );
}

const requirements = (op: JsonObject): JsonObject[] => (Array.isArray(op.security) ? op.security.map(obj) : []);
const authenticated = (op: JsonObject) => requirements(op).some((r) => Object.keys(r).length > 0);
const scoped = (op: JsonObject) =>
  requirements(op).some((r) => Object.values(r).some((scopes) => Array.isArray(scopes) && scopes.length > 0));
const bodyTypes = (op: JsonObject) => Object.keys(obj(obj(op.requestBody).content));
const hasInput = (op: JsonObject) =>
  (Array.isArray(op.parameters) && op.parameters.length > 0) || op.requestBody !== undefined;

/** What the contract says an operation can answer, from what the document says it takes. */
function expectedErrorStatuses(o: Operation): string[] {
  const want = new Set(["500"]);
  if (o.path !== "/health") want.add("429"); // every route but liveness is rate limited
  if (authenticated(o.op)) want.add("401");
  if (scoped(o.op)) want.add("403");
  if (/\{[^}]+\}/.test(o.path)) want.add("404");
  const types = bodyTypes(o.op);
  if (types.includes("application/json")) for (const s of ["400", "413", "415", "422"]) want.add(s);
  else if (hasInput(o.op) && !types.includes(FORM)) want.add("422");
  if (o.path === "/auth/token") want.add("400"); // RFC 6749 §5.2, every error of the route
  if (o.path === "/auth/register") for (const s of ["404", "409"]) want.add(s);
  return [...want].sort();
}

describe.each(projects())("$label: the OpenAPI document tells the truth", (project) => {
  const password = project.answers.auth === "password";
  const admin = adminCreds();
  const s = withServer(project, { ...RELAXED, ...(password ? adminEnv(admin) : {}) });
  let doc: JsonObject;
  let ops: Operation[];
  beforeAll(async () => {
    const res = await s.api.get("/openapi.json");
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    doc = res.body;
    ops = operations(doc);
    expect(ops.length).toBeGreaterThan(0);
  });
  const op = (label: string): Operation => {
    const found = ops.find((o) => o.label === label);
    expect(found, `${label} is documented`).toBeDefined();
    return found as Operation;
  };

  it("operation ids are unique and `<tag>-<name>`; a resource's are exactly <resource>-list|create|get|update|delete", () => {
    // What generated API clients name their methods after (e.g. `itemsList`, `authToken`).
    const ids = ops.map((o) => o.op.operationId);
    const bad = ops.filter((o) => typeof o.op.operationId !== "string" || !OPERATION_ID.test(o.op.operationId));
    expect(
      bad.map((o) => `${o.label}: ${String(o.op.operationId)}`),
      "ids off the scheme",
    ).toEqual([]);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      "duplicate ids",
    ).toEqual([]);
    for (const r of resourcesOf(project)) {
      const own = ops.filter((o) => o.path === `/${r}` || o.path.startsWith(`/${r}/`));
      expect(Object.fromEntries(own.map((o) => [o.label, o.op.operationId])), r).toEqual({
        [`GET /${r}`]: `${r}-list`,
        [`POST /${r}`]: `${r}-create`,
        ...Object.fromEntries(
          own
            .filter((o) => o.path !== `/${r}`)
            .map((o) => [o.label, `${r}-${{ get: "get", patch: "update", delete: "delete" }[o.method] ?? o.method}`]),
        ),
      });
      expect(own.length, `${r}: five operations`).toBe(5);
    }
  });

  it("every operation documents each error status it can answer (401/403/404/409/413/415/422/429/500)", () => {
    const missing: string[] = [];
    for (const o of ops) {
      const documented = new Set(Object.keys(obj(o.op.responses)));
      for (const status of expectedErrorStatuses(o)) if (!documented.has(status)) missing.push(`${o.label} ${status}`);
    }
    expect(missing, "undocumented statuses").toEqual([]);
  });

  it("every documented error is application/problem+json with the RFC 9457 schema; 422 with errors[] of {pointer, message}", () => {
    const wrong: string[] = [];
    for (const o of ops) {
      for (const [status, response] of Object.entries(obj(o.op.responses))) {
        if (Number(status) < 400 || (o.path === "/auth/token" && status === "400")) continue;
        const content = obj(obj(response).content);
        const types = Object.keys(content);
        if (types.length !== 1 || types[0] !== PROBLEM) {
          wrong.push(`${o.label} ${status}: media types ${JSON.stringify(types)}`);
          continue;
        }
        const schema = deref(doc, obj(content[PROBLEM]).schema);
        const props = obj(schema.properties);
        const required = Array.isArray(schema.required) ? schema.required : [];
        for (const p of ["type", "title", "status", "detail"]) {
          if (!(p in props) || !required.includes(p)) wrong.push(`${o.label} ${status}: required ${p}`);
        }
        if (deref(doc, props.status).type !== "integer") wrong.push(`${o.label} ${status}: status is not an integer`);
        if (status !== "422") continue;
        const errors = deref(doc, props.errors);
        const item = deref(doc, errors.items);
        const itemRequired = Array.isArray(item.required) ? item.required : [];
        if (errors.type !== "array" || !required.includes("errors")) wrong.push(`${o.label} 422: errors[] required`);
        for (const p of ["pointer", "message"]) {
          if (deref(doc, obj(item.properties)[p]).type !== "string" || !itemRequired.includes(p)) {
            wrong.push(`${o.label} 422: errors[].${p}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(Object.keys(obj(obj(doc.components).schemas)), "FastAPI's own 422 body is never sent").not.toContain(
      "HTTPValidationError",
    );
  });

  it("no field is documented nullable where null is refused: each PATCH body sends null for every nullable field", async () => {
    const patches = ops.filter((o) => o.method === "patch");
    expect(patches.length).toBeGreaterThan(0);
    const token = password
      ? (await adminLogin(s.api, admin)).access
      : s.api.mint?.([...adminScopes(project)].join(" "))?.access;
    const refused: string[] = [];
    for (const o of patches) {
      const json = obj(obj(obj(o.op.requestBody).content)["application/json"]);
      const schema = deref(doc, json.schema);
      const path = o.path.replace(/\{[^}]+\}/g, randomUUID());
      for (const [field, fieldSchema] of Object.entries(obj(schema.properties))) {
        if (!allowsNull(doc, fieldSchema)) continue;
        // A random id: a body that passes validation gets 404, one refused gets 422.
        const res = await s.api.patch(path, { token, json: { [field]: null } });
        if (res.status === 422) refused.push(`${o.label} ${field}: ${res.text.slice(0, 200)}`);
      }
    }
    expect(refused, "documented nullable, answered 422 for null").toEqual([]);
  });

  it("a PATCH body's wrong-typed field is a 422 pointing at the field itself, never at a schema branch", async () => {
    const token = password
      ? (await adminLogin(s.api, admin)).access
      : s.api.mint?.([...adminScopes(project)].join(" "))?.access;
    const wrong: string[] = [];
    for (const o of ops.filter((x) => x.method === "patch")) {
      const schema = deref(doc, obj(obj(obj(o.op.requestBody).content)["application/json"]).schema);
      const path = o.path.replace(/\{[^}]+\}/g, randomUUID());
      for (const field of Object.keys(obj(schema.properties))) {
        const res = await s.api.patch(path, { token, json: { [field]: { not: "a value" } } });
        const pointers = (Array.isArray(res.body.errors) ? res.body.errors : []).map((e) => String(obj(e).pointer));
        if (res.status !== 422 || pointers.some((p) => p !== `/${field}`)) {
          wrong.push(`${o.label} ${field}: ${res.status} ${JSON.stringify(pointers)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.runIf(password)("passwords are documented as enforced: 12 to 128 characters", () => {
    const cases: Array<[string, string]> = [
      ["POST /auth/register", "password"],
      ["POST /users/me/password", "new_password"],
    ];
    for (const [label, field] of cases) {
      const body = deref(doc, obj(obj(obj(op(label).op.requestBody).content)["application/json"]).schema);
      const schema = deref(doc, obj(body.properties)[field]);
      expect([schema.minLength, schema.maxLength], `${label} ${field}`).toEqual([12, 128]);
    }
  });

  it.runIf(password)("POST /auth/token documents its form (grant_type enum) and its RFC 6749 §5.2 error body", () => {
    const token = op("POST /auth/token").op;
    const form = deref(doc, obj(obj(obj(token.requestBody).content)[FORM]).schema);
    const grant = deref(doc, obj(form.properties).grant_type);
    expect([...(Array.isArray(grant.enum) ? grant.enum : [])].sort(), "grant_type enum").toEqual([
      "password",
      "refresh_token",
    ]);
    const responses = obj(token.responses);
    expect(Object.keys(responses), "the token endpoint never answers 422").not.toContain("422");
    const content = obj(obj(responses["400"]).content);
    const types = Object.keys(content);
    expect(types.length, `400 media types ${JSON.stringify(types)}`).toBe(1);
    expect(types[0]).toMatch(/^application\/json\b/);
    const schema = deref(doc, obj(content[types[0] as string]).schema);
    const props = obj(schema.properties);
    const error = deref(doc, props.error);
    expect([...(Array.isArray(error.enum) ? error.enum : [])].sort(), "error enum").toEqual(OAUTH_ERRORS);
    expect(deref(doc, props.error_description).type).toBe("string");
    expect(schema.required).toEqual(expect.arrayContaining(["error", "error_description"]));
  });

  it.runIf(password)("POST /auth/revoke documents its 200 as empty, as it is", async () => {
    const ok = obj(obj(op("POST /auth/revoke").op.responses)["200"]);
    expect(Object.keys(obj(ok.content)), "200 content").toEqual([]);
    const res = await s.api.post("/auth/revoke", { form: { token: "not-a-token" } });
    expect([res.status, res.text]).toEqual([200, ""]);
    // RFC 7009 answers 200 without a body too: the document may not call the body required
    // (schemathesis found a Fastify document that did).
    const body = obj(op("POST /auth/revoke").op.requestBody);
    expect(body.required ?? false, "requestBody.required").toBe(false);
    const bare = await s.api.post("/auth/revoke");
    expect([bare.status, bare.text]).toEqual([200, ""]);
  });
});
