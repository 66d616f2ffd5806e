/**
 * The cross-cutting middleware over HTTP: headers on every answer, problem details for
 * 400/404/405/413/415/422, the request id, CORS, the rate limit and the docs.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, buildTestApp, tokenFor, type TestApp } from "./helpers.js";

let t: TestApp;
let auth: { authorization: string };

beforeAll(async () => {
  t = await buildTestApp({
    CORS_ORIGINS: "https://app.example.com",
    MAX_BODY_BYTES: "4096",
  });
  auth = bearer(
    (await tokenFor(t, { scopes: ["items:read", "items:write"] })).token,
  );
});

afterAll(async () => {
  await t.close();
});

const json = { "content-type": "application/json" };

describe("headers", () => {
  it("sets the contract's header set on a 404 too, and no server name", async () => {
    const res = await t.http.get("/nope");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(res.headers["x-powered-by"]).toBeUndefined();
    expect(res.headers.server).toBeUndefined();
    expect(res.body).toMatchObject({
      type: "about:blank",
      status: 404,
      title: "Not Found",
    });
  });

  it("echoes a safe X-Request-ID and replaces an unsafe one", async () => {
    const safe = await t.http.get("/health").set("x-request-id", "abc-123");
    expect(safe.headers["x-request-id"]).toBe("abc-123");
    const unsafe = await t.http.get("/health").set("x-request-id", "a b");
    expect(unsafe.headers["x-request-id"]).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(unsafe.headers["x-request-id"]).not.toBe("a b");
  });

  it("relaxes the CSP for the docs page only", async () => {
    const docs = await t.http.get("/docs");
    expect(docs.status).toBe(200);
    expect(docs.headers["content-type"]).toMatch(/^text\/html/);
    expect(docs.headers["content-security-policy"]).toContain(
      "script-src 'self'",
    );
    const asset = await t.http.get("/docs/swagger-ui-bundle.js");
    expect(asset.status).toBe(200);
    expect((await t.http.get("/docs/")).status).toBe(404);
  });
});

describe("methods and paths", () => {
  it("answers 405 with every method of the path, and never echoes TRACE", async () => {
    const res = await t.http.delete("/items").set(auth);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD, POST");
    const put = await t.http.put(`/items/${randomUUID()}`).set(auth).send({});
    expect(put.headers.allow).toBe("DELETE, GET, HEAD, PATCH");
    const trace = await t.http.trace("/health").set("x-marker", "m");
    expect(trace.status).toBe(405);
    expect(trace.text).not.toContain("x-marker");
  });

  it("never redirects a trailing slash, and paths are case-sensitive", async () => {
    for (const url of ["/items/", "/health/", "/Health", "/docs/"]) {
      const res = await t.http.get(url).set(auth);
      expect(res.status, url).toBe(404);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it("a path that does not decode is a 400 problem with the header set", async () => {
    const res = await t.http.get("/items/%zz").set(auth);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-request-id"]).toBeTruthy();
  });

  it("repeated or bracketed query parameters never reach a schema as arrays or objects", async () => {
    for (const query of ["limit=1&limit=2", "limit[a]=1", "sort[]=name"]) {
      const res = await t.http.get(`/items?${query}`).set(auth);
      expect([200, 422], query).toContain(res.status);
    }
    expect((await t.http.get("/items?limit=1&limit=2").set(auth)).status).toBe(
      422,
    );
  });
});

describe("bodies", () => {
  it("415 for anything but JSON on a JSON route", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/jsonp",
    ]) {
      const res = await t.http
        .post("/items")
        .set({ ...auth, "content-type": type })
        .send('{"name":"x"}');
      expect(res.status, type).toBe(415);
    }
    const gzip = await t.http
      .post("/items")
      .set({ ...auth, ...json, "content-encoding": "gzip" })
      .send('{"name":"x"}');
    expect(gzip.status).toBe(415);
  });

  it("400 for malformed JSON, bytes that are not UTF-8, a BOM and deep nesting", async () => {
    const bodies: (string | Buffer)[] = [
      '{"name": ',
      '{"name": NaN}',
      Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]),
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('{"name":"x"}'),
      ]),
      Buffer.from('{"name":"x"}', "utf16le"),
      "[".repeat(100) + "]".repeat(100),
      "",
    ];
    for (const payload of bodies) {
      // fetch sends the bytes as they are (supertest would JSON-encode a Buffer).
      const res = await fetch(`${t.url}/items`, {
        method: "POST",
        headers: { ...auth, ...json },
        body: payload,
      });
      expect(res.status, String(payload).slice(0, 20)).toBe(400);
      expect(res.headers.get("content-type")).toMatch(
        /^application\/problem\+json/,
      );
    }
  });

  it("413 over MAX_BODY_BYTES", async () => {
    const payload = JSON.stringify({
      name: "x",
      description: "d".repeat(5000),
    });
    const res = await t.http
      .post("/items")
      .set({ ...auth, ...json })
      .send(payload);
    expect(res.status).toBe(413);
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers.ratelimit).toBeDefined();
  });

  it("422 with pointers for the body and the query, no coercion of types", async () => {
    const body = await t.http
      .post("/items")
      .set(auth)
      .send({ name: 5, extra: 1 });
    expect(body.status).toBe(422);
    const pointers = (
      body.body as { errors: { pointer: string }[] }
    ).errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/name", "/extra"]));
    expect((await t.http.get("/items?limit=0").set(auth)).status).toBe(422);
    expect((await t.http.get("/items/not-a-uuid").set(auth)).status).toBe(422);
  });
});

describe("CORS", () => {
  it("answers the allowed origin with itself, and nothing to another", async () => {
    const ok = await t.http
      .get("/health")
      .set("origin", "https://app.example.com");
    expect(ok.headers["access-control-allow-origin"]).toBe(
      "https://app.example.com",
    );
    expect(ok.headers.vary).toMatch(/origin/i);
    const evil = await t.http
      .get("/health")
      .set("origin", "https://evil.example.com");
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("preflights list the methods and headers, never *; a refused one is a 405 problem", async () => {
    const res = await t.http.options("/items").set({
      origin: "https://app.example.com",
      "access-control-request-method": "POST",
    });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-methods"]).not.toContain("PUT");
    expect(res.headers["access-control-allow-headers"]).toContain(
      "authorization",
    );
    const refused = await t.http.options("/items").set({
      origin: "https://evil.example.com",
      "access-control-request-method": "POST",
    });
    expect(refused.status).toBe(405);
    expect(
      Object.keys(refused.headers).filter((h) =>
        h.startsWith("access-control-"),
      ),
    ).toEqual([]);
  });
});

describe("health and docs", () => {
  it("is alive and ready", async () => {
    expect((await t.http.get("/health")).body).toEqual({ status: "ok" });
    expect((await t.http.get("/health/ready")).status).toBe(200);
  });

  it("documents every route with its errors, in OpenAPI 3.1", async () => {
    const res = await t.http.get("/openapi.json");
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const doc = res.body as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          | {
              responses: Record<string, unknown>;
              security?: unknown;
              requestBody?: { required?: boolean };
            }
          | undefined
        >
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.paths["/items"]?.post;
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining([
        "201",
        "400",
        "401",
        "403",
        "413",
        "415",
        "422",
        "429",
        "500",
      ]),
    );
    expect(create?.security).toEqual([
      { OAuth2PasswordBearer: ["items:write"] },
    ]);
    expect(Object.keys(doc.paths["/items/{id}"] ?? {}).sort()).toEqual([
      "delete",
      "get",
      "patch",
    ]);
    expect(doc.paths["/health"]?.get?.security).toBeUndefined();
    expect(doc.paths["/auth/revoke"]?.post?.requestBody?.required).toBe(false);
    // The same document, made once.
    expect((await t.http.get("/openapi.json")).body).toEqual(doc);
  });
});

describe("without docs, and under a tight limit", () => {
  let tight: TestApp;

  beforeAll(async () => {
    tight = await buildTestApp({
      EXPOSE_DOCS: "false",
      RATE_LIMIT_PER_MINUTE: "2",
      TRUST_PROXY: "1",
    });
  });

  afterAll(async () => {
    await tight.close();
  });

  it("hides the docs", async () => {
    expect((await tight.http.get("/openapi.json")).status).toBe(404);
    expect((await tight.http.get("/docs")).status).toBe(404);
  });

  it("counts requests, answers 429 with Retry-After, and never limits liveness", async () => {
    // One proxy hop is trusted: the client is the address it saw.
    const client = { "x-forwarded-for": "10.0.0.9" };
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await tight.http.get("/health/ready").set(client));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(answers[0]?.headers.ratelimit).toMatch(/^"default";r=\d+;t=\d+$/);
    expect(answers[2]?.headers["retry-after"]).toMatch(/^\d+$/);
    expect(answers[2]?.headers["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect((await tight.http.get("/health").set(client)).status).toBe(200);
    expect(
      (
        await tight.http
          .get("/health/ready")
          .set("x-forwarded-for", "10.0.0.10")
      ).status,
    ).toBe(200);
  });
});
