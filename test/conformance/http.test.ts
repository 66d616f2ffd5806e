// CONTRACT §3: errors, 404/405/413/415/400, request ids, CORS, health, OpenAPI and docs.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { JsonObject } from "./api.js";
import { auditLogs, withServer } from "./context.js";
import { expectProblem } from "./expect-problem.js";
import { SAFE_REQUEST_ID, auditHeaders } from "./headers.js";
import { adminScopes, projects, resourcesOf } from "./projects.js";
import { RELAXED } from "./server.js";

const ALLOWED = "https://app.example.com";
const EVIL = "https://evil.example.com";
const MAX_BODY = 65536;

const allowOf = (h: Record<string, string>) =>
  new Set(
    (h["allow"] ?? "")
      .split(",")
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean),
  );
const HTTP_METHODS = new Set(["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]);
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
      // RFC 10008's QUERY, sent without a body: Fastify refused it with a 400 before routing.
      ["QUERY", "/health", ["GET"], "QUERY"],
    ];
    if (password) cases.push(["PUT", "/users/me", ["GET", "PATCH"], "PUT"], ["GET", "/auth/token", ["POST"], "GET"]);
    for (const [method, path, allowed, notAllowed] of cases) {
      const res = await s.api.request(method, path, {
        token: u.access,
        json: method === "PUT" ? { name: "x" } : undefined,
      });
      expectProblem(res, 405);
      const allow = allowOf(res.headers);
      for (const m of allowed) expect([...allow], `${method} ${path}: Allow ${res.headers["allow"]}`).toContain(m);
      expect(allow.has(notAllowed)).toBe(false);
    }
    expect((await s.api.get(`/items/${String(item.id)}`, { token: u.access })).body.name).toBe(item.name);
  });

  it("a bare OPTIONS (no preflight) is a method no path serves: 405 with the path's Allow", async () => {
    // Express answers OPTIONS itself (200, a text/plain method list) unless told not to.
    for (const [path, allowed] of [
      ["/items", ["GET", "POST"]],
      ["/health", ["GET"]],
    ] as const) {
      const res = await s.api.request("OPTIONS", path);
      expectProblem(res, 405);
      const allow = allowOf(res.headers);
      for (const m of allowed) expect([...allow], `OPTIONS ${path}: Allow ${res.headers["allow"]}`).toContain(m);
      expect(allow.has("OPTIONS"), `OPTIONS ${path}: Allow ${res.headers["allow"]}`).toBe(false);
    }
    expectProblem(await s.api.request("OPTIONS", "/nope"), 404);
  });

  it("TRACE is never echoed: 405 with the path's Allow header on a route, 404 elsewhere", async () => {
    const marker = `marker-${randomUUID()}`;
    const u = await s.api.user();
    const headers = { "x-trace-marker": marker, cookie: `s=${marker}` };
    const cases: Array<[string, string[]]> = [
      ["/items", ["GET", "POST"]],
      ["/health", ["GET"]],
    ];
    for (const [path, allowed] of cases) {
      for (const token of [undefined, u.access]) {
        const res = await s.api.request("TRACE", path, { token, headers });
        expectProblem(res, 405);
        const allow = allowOf(res.headers);
        for (const m of allowed) expect([...allow], `TRACE ${path}: Allow ${res.headers["allow"]}`).toContain(m);
        expect(allow.has("TRACE"), `TRACE ${path}: Allow ${res.headers["allow"]}`).toBe(false);
        expect(res.text).not.toContain(marker);
        expect(JSON.stringify(res.headers)).not.toContain(marker);
      }
    }
    const root = await s.api.request("TRACE", "/", { headers });
    expectProblem(root, 404);
    expect(root.text).not.toContain(marker);
    expect(JSON.stringify(root.headers)).not.toContain(marker);
  });

  it("a JSON route sent anything but application/json → 415", async () => {
    const u = await s.api.user();
    const body = JSON.stringify({ name: "x" });
    for (const ct of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
      "application/jsonp",
    ]) {
      expectProblem(await s.api.post("/items", { token: u.access, body, headers: { "content-type": ct } }), 415);
    }
    expectProblem(await s.api.post("/items", { token: u.access, body }), 415);
    if (password)
      expectProblem(await s.api.post("/auth/register", { body, headers: { "content-type": "text/plain" } }), 415);
    const ok = await s.api.post("/items", {
      token: u.access,
      body,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(ok.status, ok.text).toBe(201);
    const list = await s.api.get("/items", { token: u.access });
    expect(list.body.total).toBe(1);
  });

  it("malformed JSON → 400 problem", async () => {
    const u = await s.api.user();
    // NaN / Infinity are not JSON (RFC 8259), however lenient a parser is by default.
    for (const raw of [
      '{"name": ',
      '{"name": "x"} trailing',
      "{'name': 'x'}",
      '{"name": "x",}',
      "\u0000",
      '{"name": NaN}',
      '{"name": "x", "price": Infinity}',
    ]) {
      const res = await s.api.post("/items", {
        token: u.access,
        body: raw,
        headers: { "content-type": "application/json" },
      });
      expect(res.status, `body ${JSON.stringify(raw)}: ${res.text}`).toBe(400);
      expectProblem(res, 400);
    }
    const invalidUtf8 = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    // Bytes that are not UTF-8 (RFC 8259 §8.1) are not a JSON text at all: malformed, not invalid.
    const res = await s.api.post("/items", {
      token: u.access,
      body: invalidUtf8,
      headers: { "content-type": "application/json" },
    });
    expectProblem(res, 400);
    expect((await s.api.get("/items", { token: u.access })).body.total).toBe(0);
  });

  it("JSON that is not UTF-8 (UTF-16, UTF-32, with or without a BOM) → 400; nothing is written", async () => {
    const u = await s.api.user();
    const text = JSON.stringify({ name: `utf-${randomUUID()}` });
    const utf16le = Buffer.from(text, "utf16le");
    const utf16be = Buffer.from(utf16le).swap16();
    const utf32le = Buffer.alloc(text.length * 4);
    for (let i = 0; i < text.length; i++) utf32le.writeUInt32LE(text.charCodeAt(i), i * 4);
    const utf32be = Buffer.from(utf32le).swap32();
    const bom = (b: number[]) => Buffer.from(b);
    const bodies: Array<[string, Buffer]> = [
      ["UTF-16LE", utf16le],
      ["UTF-16BE", utf16be],
      ["UTF-16LE with BOM", Buffer.concat([bom([0xff, 0xfe]), utf16le])],
      ["UTF-16BE with BOM", Buffer.concat([bom([0xfe, 0xff]), utf16be])],
      ["UTF-32LE", utf32le],
      ["UTF-32BE", utf32be],
      ["UTF-32LE with BOM", Buffer.concat([bom([0xff, 0xfe, 0, 0]), utf32le])],
      ["UTF-32BE with BOM", Buffer.concat([bom([0, 0, 0xfe, 0xff]), utf32be])],
    ];
    for (const [why, body] of bodies) {
      for (const contentType of ["application/json", `application/json; charset=${why.slice(0, 6).toLowerCase()}`]) {
        const res = await s.api.post("/items", { token: u.access, body, headers: { "content-type": contentType } });
        expect(res.status, `${why} as ${contentType}: ${res.text}`).toBe(400);
        expectProblem(res, 400);
      }
    }
    expect((await s.api.get("/items", { token: u.access })).body.total).toBe(0);
  });

  it("no route redirects: a trailing slash is 404, and no Location is built from Host", async () => {
    const u = await s.api.user();
    const host = { host: "attacker.example" };
    const probes: Array<[string, string, Parameters<typeof s.api.request>[2]]> = [
      ["GET", "/items/", { token: u.access, headers: host }],
      ["POST", "/items/", { token: u.access, json: { name: "x" }, headers: host }],
      ["GET", "/health/", { headers: host }],
      ["GET", "/health/ready/", { headers: host }],
    ];
    if (password) {
      const form = { grant_type: "password", username: u.email, password: u.password };
      probes.push(
        ["POST", "/auth/token/", { form, headers: host }],
        ["POST", "/auth/register/", { json: { email: `r-${randomUUID()}@example.com` }, headers: host }],
        ["GET", "/users/me/", { token: u.access, headers: host }],
      );
    }
    for (const [method, path, opts] of probes) {
      const res = await s.api.request(method, path, opts);
      expect(res.status, `${method} ${path}: ${res.status} ${res.headers["location"] ?? ""}`).toBe(404);
      expectProblem(res, 404);
      expect(res.headers["location"], `${method} ${path}: Location`).toBeUndefined();
    }
    // A route that answers Location builds it from the path alone, whatever Host says.
    const created = await s.api.post("/items", { token: u.access, json: { name: "x" }, headers: host });
    expect(created.status, created.text).toBe(201);
    expect(created.headers["location"] ?? "").not.toMatch(/attacker/);
    expect((await s.api.get("/items", { token: u.access })).body.total).toBe(1);
  });

  it("deeply nested JSON → 400 (refused while parsing), never 500; the server stays up", async () => {
    const u = await s.api.user();
    for (const depth of [1000, 10000]) {
      const arr = "[".repeat(depth) + "]".repeat(depth);
      const obj = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
      for (const nested of [arr, obj, `{"name": "x", "description": ${obj}}`]) {
        const res = await s.api.post("/items", {
          token: u.access,
          body: nested,
          headers: { "content-type": "application/json" },
        });
        expectProblem(res, 400);
      }
    }
    expect((await s.api.get("/health")).status).toBe(200);
    expect((await s.api.get("/items", { token: u.access })).body.total).toBe(0);
  });

  it("a body over MAX_BODY_BYTES → 413 problem, with or without Content-Length", async () => {
    const u = await s.api.user();
    const big = JSON.stringify({ name: "x", description: "d".repeat(MAX_BODY + 10) });
    expectProblem(
      await s.api.post("/items", { token: u.access, body: big, headers: { "content-type": "application/json" } }),
      413,
    );
    expectProblem(
      await s.api.post("/items", {
        token: u.access,
        body: big,
        chunked: true,
        headers: { "content-type": "application/json" },
      }),
      413,
    );
    if (password)
      expectProblem(
        await s.api.post("/auth/register", { body: big, headers: { "content-type": "application/json" } }),
        413,
      );
    // Just under the limit is parsed (and refused by validation, not by size).
    const under = JSON.stringify({ name: "x", description: "d".repeat(MAX_BODY - 100) });
    expectProblem(
      await s.api.post("/items", { token: u.access, body: under, headers: { "content-type": "application/json" } }),
      422,
    );
    expect((await s.api.get("/items", { token: u.access })).body.total).toBe(0);
  });

  it("X-Request-ID: a safe one is echoed; an unsafe one is replaced; one is generated otherwise", async () => {
    const safe = `req-${randomUUID()}`;
    // 64 characters is still "short"; 65 is not (headers.ts SAFE_REQUEST_ID).
    const longest = "a".repeat(64);
    expect((await s.api.get("/health", { headers: { "x-request-id": longest } })).headers["x-request-id"]).toBe(
      longest,
    );
    expect((await s.api.get("/health", { headers: { "x-request-id": safe } })).headers["x-request-id"]).toBe(safe);
    expect((await s.api.get("/nope", { headers: { "x-request-id": safe } })).headers["x-request-id"]).toBe(safe);
    for (const unsafe of [
      "<script>alert(1)</script>",
      "a b c",
      "x".repeat(65),
      "x".repeat(500),
      "id;drop",
      "../../etc/passwd",
    ]) {
      const got = (await s.api.get("/health", { headers: { "x-request-id": unsafe } })).headers["x-request-id"];
      expect(got, `unsafe ${unsafe.slice(0, 30)}`).toBeTruthy();
      expect(got).not.toBe(unsafe);
      expect(got).toMatch(SAFE_REQUEST_ID);
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
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
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

  it("CORS preflight for a method or header not listed: not granted, and any error is a problem", async () => {
    const asks: Array<[string, string]> = [
      ["PUT", "content-type"],
      ["POST", "x-not-listed"],
    ];
    for (const [method, requested] of asks) {
      const res = await s.api.request("OPTIONS", "/items", {
        headers: {
          origin: ALLOWED,
          "access-control-request-method": method,
          "access-control-request-headers": requested,
        },
      });
      const methods = (res.headers["access-control-allow-methods"] ?? "").toUpperCase().split(/\s*,\s*/);
      const allowed = (res.headers["access-control-allow-headers"] ?? "").toLowerCase().split(/\s*,\s*/);
      expect(methods, `${method} ${requested}`).not.toContain("*");
      if (method === "PUT") expect(methods).not.toContain("PUT");
      else expect(allowed).not.toContain(requested);
      if (res.status >= 400) expectProblem(res, res.status);
    }
  });

  it("GET /health → 200 {status: ok}; GET /health/ready → 200", async () => {
    const h = await s.api.get("/health");
    expect(h.status).toBe(200);
    expect(h.json).toEqual({ status: "ok" });
    expect(h.headers["content-type"]).toMatch(/^application\/json/);
    const r = await s.api.get("/health/ready");
    expect(r.status, r.text).toBe(200);
  });

  it("GET /openapi.json → OpenAPI 3.1, every route with its methods, OAuth2 password flow with the scopes", async () => {
    const res = await s.api.get("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const doc = res.body;
    expect(String(doc.openapi)).toMatch(/^3\.1\./);
    // Path templates normalised ("/items/{item_id}" → "/items/{id}"); methods upper-cased.
    const documented = new Map<string, Set<string>>();
    for (const [path, ops] of Object.entries((doc.paths ?? {}) as Record<string, JsonObject>)) {
      const methods = Object.keys(ops).filter((k) => HTTP_METHODS.has(k.toUpperCase()));
      documented.set(path.replace(/\{[^}]+\}/g, "{id}"), new Set(methods.map((m) => m.toUpperCase())));
    }
    const operation = (path: string, method: string): JsonObject | undefined => {
      const entry = Object.entries((doc.paths ?? {}) as Record<string, JsonObject>).find(
        ([p]) => p.replace(/\{[^}]+\}/g, "{id}") === path,
      );
      return entry?.[1][method.toLowerCase()] as JsonObject | undefined;
    };
    const want = new Map<string, string[]>([
      ["/health", ["GET"]],
      ["/health/ready", ["GET"]],
    ]);
    for (const r of resourcesOf(project)) {
      want.set(`/${r}`, ["GET", "POST"]);
      want.set(`/${r}/{id}`, ["DELETE", "GET", "PATCH"]);
    }
    if (password) {
      want.set("/auth/register", ["POST"]);
      want.set("/auth/token", ["POST"]);
      want.set("/auth/revoke", ["POST"]);
      want.set("/users/me", ["GET", "PATCH"]);
      want.set("/users/me/password", ["POST"]);
      want.set("/admin/users", ["GET"]);
      want.set("/admin/users/{id}", ["PATCH"]);
    }
    for (const [path, methods] of want) {
      expect([...(documented.get(path) ?? [])].sort(), `OpenAPI methods of ${path}`).toEqual(methods);
    }
    expect(
      [...documented.keys()].filter((p) => p.startsWith("/auth/") && !password),
      "no /auth routes in oidc mode",
    ).toEqual([]);
    if (!password) return; // oidc mode: the scheme is the IdP's, not specified further.
    expect([...documented.keys()].sort(), "every documented path is a contract route").toEqual([...want.keys()].sort());
    const schemes = (((doc.components ?? {}) as JsonObject).securitySchemes ?? {}) as Record<string, JsonObject>;
    const oauth = Object.entries(schemes).filter(([, x]) => x.type === "oauth2");
    expect(oauth.length, "one oauth2 security scheme").toBe(1);
    const [schemeName, scheme] = oauth[0] as [string, JsonObject];
    const flows = (scheme.flows ?? {}) as JsonObject;
    expect(Object.keys(flows), "only the password flow").toEqual(["password"]);
    const flow = flows.password as JsonObject;
    expect(String(flow.tokenUrl)).toMatch(/^\/?auth\/token$/);
    const scopes = (flow.scopes ?? {}) as JsonObject;
    expect(Object.keys(scopes).sort(), "the flow lists exactly the contract's scopes").toEqual(
      [...adminScopes(project)].sort(),
    );
    for (const v of Object.values(scopes))
      expect(typeof v === "string" && v.length > 0, "each scope is described").toBe(true);
    // Each protected operation names that scheme and the scope its route needs.
    const needs: Array<[string, string, string]> = [
      ["/users/me", "GET", ""],
      ["/admin/users", "GET", "users:admin"],
      ["/admin/users/{id}", "PATCH", "users:admin"],
    ];
    for (const r of resourcesOf(project)) {
      needs.push([`/${r}`, "GET", `${r}:read`], [`/${r}`, "POST", `${r}:write`], [`/${r}/{id}`, "GET", `${r}:read`]);
      needs.push([`/${r}/{id}`, "PATCH", `${r}:write`], [`/${r}/{id}`, "DELETE", `${r}:write`]);
    }
    for (const [path, method, scope] of needs) {
      const security = (operation(path, method)?.security ?? []) as JsonObject[];
      const granted = security.flatMap((req) => (req[schemeName] ?? []) as string[]);
      expect(
        security.some((req) => schemeName in req),
        `${method} ${path}: security ${JSON.stringify(security)}`,
      ).toBe(true);
      if (scope) expect(granted, `${method} ${path}: security ${JSON.stringify(security)}`).toContain(scope);
    }
    expect(operation("/health", "GET")?.security ?? [], "GET /health needs no token").toEqual([]);
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
    const pre = await prod.api.request("OPTIONS", "/items", {
      headers: { origin: ALLOWED, "access-control-request-method": "POST" },
    });
    expect(corsHeaders(pre.headers)).toEqual([]);
  });

  it("errors in production carry no details", async () => {
    const u = await prod.api.user();
    const res = await prod.api.post("/items", {
      token: u.access,
      body: '{"name": ',
      headers: { "content-type": "application/json" },
    });
    expectProblem(res, 400);
  });

  auditHeaders(() => [prod.api, docs.api]);
  auditLogs(() => [prod, docs]);
});

describe.each(projects())("$label: EXPOSE_DOCS=false in development", (project) => {
  const s = withServer(project, { ...RELAXED, APP_ENV: "development", EXPOSE_DOCS: "false" });

  it("/docs and /openapi.json → 404 problem+json; the API still answers", async () => {
    expectProblem(await s.api.get("/openapi.json"), 404);
    expectProblem(await s.api.get("/docs", { headers: { accept: "text/html" } }), 404);
    expectProblem(await s.api.get("/docs/oauth2-redirect"), 404);
    expect((await s.api.get("/health")).status).toBe(200);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});

const DEFAULT_MAX_BODY = 1048576;

describe.each(projects())("$label: §2 defaults (no RATE_LIMIT_PER_MINUTE, no MAX_BODY_BYTES anywhere)", (project) => {
  // No .env at all (the project's sets both to their defaults, which would prove nothing):
  // only the signing key and the variables the harness always sets.
  const key: Record<string, string> = {};
  for (const [k, v] of Object.entries(project.dotenv)) if (k.startsWith("JWT_")) key[k] = v;
  const s = withServer(
    project,
    { ...key, RATE_LIMIT_PER_MINUTE: undefined, MAX_BODY_BYTES: undefined },
    { dotenv: "none" },
  );

  /** A JSON body of exactly `n` bytes that parses (and fails validation: description too long). */
  const bodyOf = (n: number) => {
    const head = '{"name":"x","description":"';
    const tail = '"}';
    return head + "d".repeat(n - head.length - tail.length) + tail;
  };

  it('RateLimit-Policy: "default";q=120;w=60', async () => {
    const u = await s.api.user();
    const res = await s.api.get("/items", { token: u.access });
    expect(res.status, res.text).toBe(200);
    expect(res.headers["ratelimit-policy"]).toBe('"default";q=120;w=60');
    expect(res.headers["ratelimit"]).toMatch(/^"default";r=119;t=\d+$/);
  });

  it("a body of exactly 1048576 bytes passes the size check; 1048577 → 413", async () => {
    const u = await s.api.user();
    const exact = bodyOf(DEFAULT_MAX_BODY);
    expect(Buffer.byteLength(exact)).toBe(DEFAULT_MAX_BODY);
    const headers = { "content-type": "application/json" };
    expectProblem(await s.api.post("/items", { token: u.access, body: exact, headers }), 422, {
      pointers: ["/description"],
    });
    expectProblem(await s.api.post("/items", { token: u.access, body: exact, headers, chunked: true }), 422, {
      pointers: ["/description"],
    });
    const over = bodyOf(DEFAULT_MAX_BODY + 1);
    expectProblem(await s.api.post("/items", { token: u.access, body: over, headers }), 413);
    expectProblem(await s.api.post("/items", { token: u.access, body: over, headers, chunked: true }), 413);
    expect((await s.api.get("/items", { token: u.access })).body.total).toBe(0);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});
