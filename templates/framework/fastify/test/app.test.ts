/**
 * The cross-cutting plugins through `inject`: headers on every answer, problem details for
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
    (await tokenFor(t.app, { scopes: ["items:read", "items:write"] })).token,
  );
});

afterAll(async () => {
  await t.close();
});

const json = { "content-type": "application/json" };

describe("headers", () => {
  it("sets the contract's header set on a 404 too, and no server name", async () => {
    const res = await t.app.inject({ method: "GET", url: "/nope" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(res.headers["x-powered-by"]).toBeUndefined();
    expect(res.headers.server).toBeUndefined();
    expect(res.json()).toMatchObject({
      type: "about:blank",
      status: 404,
      title: "Not Found",
    });
  });

  it("echoes a safe X-Request-ID and replaces an unsafe one", async () => {
    const safe = await t.app.inject({
      method: "GET",
      url: "/health",
      headers: { "x-request-id": "abc-123" },
    });
    expect(safe.headers["x-request-id"]).toBe("abc-123");
    const unsafe = await t.app.inject({
      method: "GET",
      url: "/health",
      headers: { "x-request-id": "a b" },
    });
    expect(unsafe.headers["x-request-id"]).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(unsafe.headers["x-request-id"]).not.toBe("a b");
  });

  it("relaxes the CSP for the docs page only", async () => {
    const docs = await t.app.inject({ method: "GET", url: "/docs" });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-security-policy"]).toContain(
      "script-src 'self'",
    );
  });
});

describe("methods and paths", () => {
  it("answers 405 with every method of the path, TRACE included, and never echoes it", async () => {
    const res = await t.app.inject({
      method: "DELETE",
      url: "/items",
      headers: auth,
    });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD, POST");
    const id = `/items/${randomUUID()}`;
    const put = await t.app.inject({
      method: "PUT",
      url: id,
      headers: auth,
      payload: {},
    });
    expect(put.headers.allow).toBe("DELETE, GET, HEAD, PATCH");
    const trace = await t.app.inject({
      method: "TRACE",
      url: "/health",
      headers: { "x-marker": "m" },
    });
    expect(trace.statusCode).toBe(405);
    expect(trace.body).not.toContain("x-marker");
  });

  it("never redirects a trailing slash", async () => {
    for (const url of ["/items/", "/health/"]) {
      const res = await t.app.inject({ method: "GET", url, headers: auth });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers.location).toBeUndefined();
    }
  });
});

describe("bodies", () => {
  it("415 for anything but JSON on a JSON route", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/jsonp",
    ]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/items",
        headers: { ...auth, "content-type": type },
        payload: '{"name":"x"}',
      });
      expect(res.statusCode, type).toBe(415);
    }
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
      const res = await t.app.inject({
        method: "POST",
        url: "/items",
        headers: { ...auth, ...json },
        payload,
      });
      expect(res.statusCode, String(payload).slice(0, 20)).toBe(400);
      expect(res.headers["content-type"]).toMatch(
        /^application\/problem\+json/,
      );
    }
  });

  it("413 over MAX_BODY_BYTES", async () => {
    const payload = JSON.stringify({
      name: "x",
      description: "d".repeat(5000),
    });
    const res = await t.app.inject({
      method: "POST",
      url: "/items",
      headers: { ...auth, ...json },
      payload,
    });
    expect(res.statusCode).toBe(413);
  });

  it("422 with pointers for the body and the query, no coercion of types", async () => {
    const body = await t.app.inject({
      method: "POST",
      url: "/items",
      headers: auth,
      payload: { name: 5, extra: 1 },
    });
    expect(body.statusCode).toBe(422);
    const pointers = body
      .json<{ errors: { pointer: string }[] }>()
      .errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/name", "/extra"]));
    const query = await t.app.inject({
      method: "GET",
      url: "/items?limit=0",
      headers: auth,
    });
    expect(query.statusCode).toBe(422);
    const params = await t.app.inject({
      method: "GET",
      url: "/items/not-a-uuid",
      headers: auth,
    });
    expect(params.statusCode).toBe(422);
  });
});

describe("CORS", () => {
  it("answers the allowed origin with itself, and nothing to another", async () => {
    const ok = await t.app.inject({
      method: "GET",
      url: "/health",
      headers: { origin: "https://app.example.com" },
    });
    expect(ok.headers["access-control-allow-origin"]).toBe(
      "https://app.example.com",
    );
    expect(ok.headers.vary).toMatch(/origin/i);
    const evil = await t.app.inject({
      method: "GET",
      url: "/health",
      headers: { origin: "https://evil.example.com" },
    });
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("preflights list the methods and headers, never *", async () => {
    const res = await t.app.inject({
      method: "OPTIONS",
      url: "/items",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers["access-control-allow-methods"]).not.toContain("PUT");
    expect(res.headers["access-control-allow-headers"]).toContain(
      "authorization",
    );
  });
});

describe("health and docs", () => {
  it("is alive and ready", async () => {
    expect(
      (await t.app.inject({ method: "GET", url: "/health" })).json(),
    ).toEqual({ status: "ok" });
    expect(
      (await t.app.inject({ method: "GET", url: "/health/ready" })).statusCode,
    ).toBe(200);
  });

  it("documents every route with its errors, in OpenAPI 3.1", async () => {
    const doc = (
      await t.app.inject({ method: "GET", url: "/openapi.json" })
    ).json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, unknown>; security?: unknown } | undefined
        >
      >;
    }>();
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
    expect(doc.paths["/health"]?.get?.security).toBeUndefined();
  });
});

describe("without docs, and under a tight limit", () => {
  let tight: TestApp;

  beforeAll(async () => {
    tight = await buildTestApp({
      EXPOSE_DOCS: "false",
      RATE_LIMIT_PER_MINUTE: "2",
    });
  });

  afterAll(async () => {
    await tight.close();
  });

  it("hides the docs", async () => {
    expect(
      (await tight.app.inject({ method: "GET", url: "/openapi.json" }))
        .statusCode,
    ).toBe(404);
    expect(
      (await tight.app.inject({ method: "GET", url: "/docs" })).statusCode,
    ).toBe(404);
  });

  it("counts requests, answers 429 with Retry-After, and never limits liveness", async () => {
    const answers = [];
    const remoteAddress = "10.0.0.9";
    for (let i = 0; i < 3; i++)
      answers.push(
        await tight.app.inject({
          method: "GET",
          url: "/health/ready",
          remoteAddress,
        }),
      );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    expect(answers[0]?.headers.ratelimit).toMatch(/^"default";r=1;t=\d+$/);
    expect(answers[2]?.headers["retry-after"]).toMatch(/^\d+$/);
    expect(
      (await tight.app.inject({ method: "GET", url: "/health", remoteAddress }))
        .statusCode,
    ).toBe(200);
  });
});
