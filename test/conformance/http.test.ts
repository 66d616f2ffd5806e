// CONTRACT §3: errors, 404/405/413/415/400, request ids, CORS, health, OpenAPI and docs.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { JsonObject } from "./api.js";
import { auditLogs, withServer } from "./context.js";
import { expectProblem } from "./expect-problem.js";
import { auditHeaders } from "./headers.js";
import { projects } from "./projects.js";
import { RELAXED } from "./server.js";

const ALLOWED = "https://app.example.com";
const EVIL = "https://evil.example.com";
const MAX_BODY = 65536;

const allowOf = (h: Record<string, string>) =>
  new Set((h["allow"] ?? "").split(",").map((m) => m.trim().toUpperCase()).filter(Boolean));
const corsHeaders = (h: Record<string, string>) => Object.keys(h).filter((k) => k.startsWith("access-control-"));

describe.each(projects())("$label: HTTP behaviour", (project) => {
  const password = project.answers.auth === "password";
  const s = withServer(project, { ...RELAXED, CORS_ORIGINS: ALLOWED, MAX_BODY_BYTES: String(MAX_BODY) });

  it("unknown path → 404 problem+json", async () => {
    expectProblem(await s.api.get("/nope"), 404);
    expectProblem(await s.api.get(`/items/${randomUUID()}/extra`), 404);
    expectProblem(await s.api.post("/nope", { json: {} }), 404);
  });

  it("405 with a complete Allow header", async () => {
    const u = await s.api.user();
    const item = await s.api.createItem(u.access);
    const cases: Array<[string, string, string[], string]> = [
      ["DELETE", "/items", ["GET", "POST"], "DELETE"],
      ["PUT", `/items/${String(item.id)}`, ["GET", "PATCH", "DELETE"], "PUT"],
      ["POST", "/health", ["GET"], "POST"],
    ];
    if (password) cases.push(["PUT", "/users/me", ["GET", "PATCH"], "PUT"], ["GET", "/auth/token", ["POST"], "GET"]);
    for (const [method, path, allowed, notAllowed] of cases) {
      const res = await s.api.request(method, path, { token: u.access, json: method === "PUT" ? { name: "x" } : undefined });
      expectProblem(res, 405);
      const allow = allowOf(res.headers);
      for (const m of allowed) expect([...allow], `${method} ${path}: Allow ${res.headers["allow"]}`).toContain(m);
      expect(allow.has(notAllowed)).toBe(false);
    }
    expect((await s.api.get(`/items/${String(item.id)}`, { token: u.access })).body.name).toBe(item.name);
  });

  it("TRACE is never echoed", async () => {
    const marker = `marker-${randomUUID()}`;
    for (const path of ["/", "/items", "/health"]) {
      const res = await s.api.request("TRACE", path, { headers: { "x-trace-marker": marker, cookie: `s=${marker}` } });
      expect(res.status, `TRACE ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.text).not.toContain(marker);
      expect(res.headers["content-type"] ?? "").not.toMatch(/message\/http/);
    }
  });

  it("a JSON route sent anything but application/json → 415", async () => {
    const u = await s.api.user();
    const body = JSON.stringify({ name: "x" });
    for (const ct of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/jsonp"]) {
      expectProblem(await s.api.post("/items", { token: u.access, body, headers: { "content-type": ct } }), 415);
    }
    expectProblem(await s.api.post("/items", { token: u.access, body }), 415);
    if (password) expectProblem(await s.api.post("/auth/register", { body, headers: { "content-type": "text/plain" } }), 415);
    const ok = await s.api.post("/items", { token: u.access, body, headers: { "content-type": "application/json; charset=utf-8" } });
    expect(ok.status, ok.text).toBe(201);
    const list = await s.api.get("/items", { token: u.access });
    expect(list.body.total).toBe(1);
  });

  it("malformed JSON → 400 problem", async () => {
    const u = await s.api.user();
    // NaN / Infinity are not JSON (RFC 8259), however lenient a parser is by default.
    for (const raw of ['{"name": ', '{"name": "x"} trailing', "{'name': 'x'}", '{"name": "x",}', "\u0000", '{"name": NaN}', '{"name": "x", "price": Infinity}']) {
      const res = await s.api.post("/items", { token: u.access, body: raw, headers: { "content-type": "application/json" } });
      expect(res.status, `body ${JSON.stringify(raw)}: ${res.text}`).toBe(400);
      expectProblem(res, 400);
    }
    const invalidUtf8 = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const res = await s.api.post("/items", { token: u.access, body: invalidUtf8, headers: { "content-type": "application/json" } });
    expect([400, 422], res.text).toContain(res.status);
    expectProblem(res, res.status);
  });

  it("deeply nested JSON → 400/413/422, never 500; the server stays up", async () => {
    const u = await s.api.user();
    for (const depth of [1000, 10000]) {
      const arr = "[".repeat(depth) + "]".repeat(depth);
      const obj = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
      for (const nested of [arr, obj, `{"name": "x", "description": ${obj}}`]) {
        const res = await s.api.post("/items", { token: u.access, body: nested, headers: { "content-type": "application/json" } });
        expect([400, 413, 422], `depth ${depth}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
        expectProblem(res, res.status);
      }
    }
    expect((await s.api.get("/health")).status).toBe(200);
  });

  it("a body over MAX_BODY_BYTES → 413 problem, with or without Content-Length", async () => {
    const u = await s.api.user();
    const big = JSON.stringify({ name: "x", description: "d".repeat(MAX_BODY + 10) });
    expectProblem(await s.api.post("/items", { token: u.access, body: big, headers: { "content-type": "application/json" } }), 413);
    expectProblem(await s.api.post("/items", { token: u.access, body: big, chunked: true, headers: { "content-type": "application/json" } }), 413);
    if (password) expectProblem(await s.api.post("/auth/register", { body: big, headers: { "content-type": "application/json" } }), 413);
    // Just under the limit is parsed (and refused by validation, not by size).
    const under = JSON.stringify({ name: "x", description: "d".repeat(MAX_BODY - 100) });
    expectProblem(await s.api.post("/items", { token: u.access, body: under, headers: { "content-type": "application/json" } }), 422);
    expect((await s.api.get("/items", { token: u.access })).body.total).toBe(0);
  });

  it("X-Request-ID: a safe one is echoed; an unsafe one is replaced; one is generated otherwise", async () => {
    const safe = `req-${randomUUID()}`;
    expect((await s.api.get("/health", { headers: { "x-request-id": safe } })).headers["x-request-id"]).toBe(safe);
    expect((await s.api.get("/nope", { headers: { "x-request-id": safe } })).headers["x-request-id"]).toBe(safe);
    for (const unsafe of ["<script>alert(1)</script>", "a b c", "x".repeat(500), "id;drop", "../../etc/passwd"]) {
      const got = (await s.api.get("/health", { headers: { "x-request-id": unsafe } })).headers["x-request-id"];
      expect(got, `unsafe ${unsafe.slice(0, 30)}`).toBeTruthy();
      expect(got).not.toBe(unsafe);
      expect(got).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    }
    const a = (await s.api.get("/health")).headers["x-request-id"];
    const b = (await s.api.get("/health")).headers["x-request-id"];
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
  });

  it("CORS: the allowed origin gets exactly itself and Vary: Origin; others get no CORS header", async () => {
    const u = await s.api.user();
    const ok = await s.api.get("/items", { token: u.access, headers: { origin: ALLOWED } });
    expect(ok.status).toBe(200);
    expect(ok.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect((ok.headers["vary"] ?? "").toLowerCase()).toContain("origin");
    for (const origin of [EVIL, "null", `${ALLOWED}.evil.com`, "http://app.example.com", `${ALLOWED}:8443`]) {
      const res = await s.api.get("/items", { token: u.access, headers: { origin } });
      expect(corsHeaders(res.headers), `origin ${origin}`).toEqual([]);
    }
    const err = await s.api.get("/nope", { headers: { origin: ALLOWED } });
    expect(err.headers["access-control-allow-origin"]).toBe(ALLOWED);
  });

  it("CORS preflight: allowed origin answered, disallowed origin gets no CORS header; never * with credentials", async () => {
    const pre = (origin: string) =>
      s.api.request("OPTIONS", "/items", {
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
      });
    const ok = await pre(ALLOWED);
    expect([200, 204], ok.text).toContain(ok.status);
    expect(ok.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect((ok.headers["access-control-allow-methods"] ?? "").toUpperCase()).toMatch(/POST|\*/);
    expect((ok.headers["access-control-allow-headers"] ?? "").toLowerCase()).toMatch(/authorization|\*/);
    if ((ok.headers["access-control-allow-credentials"] ?? "") === "true") {
      for (const h of ["access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers"]) {
        expect(ok.headers[h], h).not.toBe("*");
      }
    }
    const bad = await pre(EVIL);
    expect(corsHeaders(bad.headers)).toEqual([]);
  });

  it("GET /health → 200 {status: ok}; GET /health/ready → 200", async () => {
    const h = await s.api.get("/health");
    expect(h.status).toBe(200);
    expect(h.json).toEqual({ status: "ok" });
    expect(h.headers["content-type"]).toMatch(/^application\/json/);
    const r = await s.api.get("/health/ready");
    expect(r.status, r.text).toBe(200);
  });

  it("GET /openapi.json → OpenAPI 3.1, every route, OAuth2 password flow with the scopes", async () => {
    const res = await s.api.get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(String(doc.openapi)).toMatch(/^3\.1\./);
    const paths = Object.keys((doc.paths ?? {}) as JsonObject).map((p) => p.replace(/\{[^}]+\}/g, "{id}"));
    if (!password) {
      // oidc mode: no /auth routes; the scheme is the IdP's, not specified further.
      for (const p of ["/items", "/items/{id}"]) expect(paths, `OpenAPI path ${p}`).toContain(p);
      expect(paths.filter((p) => p.startsWith("/auth/"))).toEqual([]);
      return;
    }
    for (const p of ["/auth/register", "/auth/token", "/auth/revoke", "/users/me", "/users/me/password", "/admin/users", "/admin/users/{id}", "/items", "/items/{id}"]) {
      expect(paths, `OpenAPI path ${p}`).toContain(p);
    }
    const schemes = (((doc.components ?? {}) as JsonObject).securitySchemes ?? {}) as Record<string, JsonObject>;
    const oauth = Object.values(schemes).find((x) => x.type === "oauth2");
    expect(oauth, "an oauth2 security scheme").toBeDefined();
    const flow = ((oauth?.flows ?? {}) as JsonObject).password as JsonObject | undefined;
    expect(flow, "with a password flow").toBeDefined();
    expect(String(flow?.tokenUrl)).toMatch(/\/?auth\/token$/);
    expect(Object.keys((flow?.scopes ?? {}) as JsonObject).sort()).toEqual(expect.arrayContaining(["items:read", "items:write", "users:admin"]));
  });

  it("GET /docs → 200 HTML", async () => {
    const res = await s.api.get("/docs", { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});

describe.each(projects())("$label: production mode", (project) => {
  const prod = withServer(project, { ...RELAXED, APP_ENV: "production" });
  const docs = withServer(project, { ...RELAXED, APP_ENV: "production", EXPOSE_DOCS: "true" });

  it("/docs and /openapi.json → 404 in production", async () => {
    expectProblem(await prod.api.get("/openapi.json"), 404);
    expectProblem(await prod.api.get("/docs"), 404);
    expect((await prod.api.get("/health")).status).toBe(200);
  });

  it("EXPOSE_DOCS=true serves them in production", async () => {
    expect((await docs.api.get("/openapi.json")).status).toBe(200);
    expect((await docs.api.get("/docs")).status).toBe(200);
  });

  it("no CORS_ORIGINS → no CORS header for any origin", async () => {
    const res = await prod.api.get("/health", { headers: { origin: ALLOWED } });
    expect(corsHeaders(res.headers)).toEqual([]);
    const pre = await prod.api.request("OPTIONS", "/items", { headers: { origin: ALLOWED, "access-control-request-method": "POST" } });
    expect(corsHeaders(pre.headers)).toEqual([]);
  });

  it("errors in production carry no details", async () => {
    const u = await prod.api.user();
    const res = await prod.api.post("/items", { token: u.access, body: '{"name": ', headers: { "content-type": "application/json" } });
    expectProblem(res, 400);
  });

  auditHeaders(() => [prod.api, docs.api]);
  auditLogs(() => [prod, docs]);
});
