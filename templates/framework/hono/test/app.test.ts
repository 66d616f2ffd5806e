/**
 * The cross-cutting middleware through `app.request()`: headers on every answer, problem
 * details for 400/404/405/413/415/422, the request id, CORS, the rate limit and the docs.
 */
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  buildTestApp,
  listen,
  sendJson,
  tokenFor,
  type TestApp,
} from "./helpers.js";

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

const post = (
  body: RequestInit["body"],
  headers: Record<string, string> = { "content-type": "application/json" },
) =>
  t.app.request("/items", {
    method: "POST",
    headers: { ...auth, ...headers },
    body,
  });

describe("headers", () => {
  it("sets the contract's header set on a 404 too, and no server name", async () => {
    const res = await t.app.request("/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(
      /^application\/problem\+json/,
    );
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get("strict-transport-security")).toBe(
      "max-age=31536000; includeSubDomains",
    );
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("server")).toBeNull();
    expect(await res.json()).toMatchObject({
      type: "about:blank",
      status: 404,
      title: "Not Found",
    });
  });

  it("says charset=utf-8 on JSON", async () => {
    const res = await t.app.request("/health");
    expect(res.headers.get("content-type")).toBe(
      "application/json; charset=utf-8",
    );
  });

  it("echoes a safe X-Request-ID and replaces an unsafe one", async () => {
    const safe = await t.app.request("/health", {
      headers: { "x-request-id": "abc-123" },
    });
    expect(safe.headers.get("x-request-id")).toBe("abc-123");
    for (const sent of ["a b", "x".repeat(65), "a=b"]) {
      const unsafe = await t.app.request("/health", {
        headers: { "x-request-id": sent },
      });
      expect(unsafe.headers.get("x-request-id")).toMatch(
        /^[A-Za-z0-9._-]{1,64}$/,
      );
      expect(unsafe.headers.get("x-request-id")).not.toBe(sent);
    }
  });

  it("relaxes the CSP for the docs page only, and serves its assets itself", async () => {
    const docs = await t.app.request("/docs");
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
    expect(docs.headers.get("content-security-policy")).toContain(
      "script-src 'self'",
    );
    const page = await docs.text();
    expect(page).not.toMatch(/https?:\/\//);
    const bundle = await t.app.request("/docs/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/^text\/javascript/);
    const css = await t.app.request("/docs/swagger-ui.css");
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
  });
});

describe("methods and paths", () => {
  it("answers 405 with every method of the path", async () => {
    const res = await t.app.request("/items", {
      method: "DELETE",
      headers: auth,
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(res.headers.get("content-type")).toMatch(
      /^application\/problem\+json/,
    );
    const put = await t.app.request(
      `/items/${randomUUID()}`,
      sendJson("PUT", {}, auth),
    );
    expect(put.headers.get("allow")).toBe("DELETE, GET, HEAD, PATCH");
  });

  it("never serves or echoes TRACE (a real socket: fetch cannot send it)", async () => {
    const server = await listen(t.app);
    try {
      const { status, allow, body } = await new Promise<{
        status: number | undefined;
        allow: string | undefined;
        body: string;
      }>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}/health`,
          { method: "TRACE", headers: { "x-marker": "m" } },
          (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => {
              resolve({
                status: res.statusCode,
                allow: res.headers.allow,
                body: text,
              });
            });
          },
        );
        req.on("error", reject);
        req.end();
      });
      expect(status).toBe(405);
      expect(allow).toBe("GET, HEAD");
      expect(body).not.toContain("x-marker");
    } finally {
      await server.close();
    }
  });

  it("never redirects a trailing slash", async () => {
    for (const url of ["/items/", "/health/"]) {
      const res = await t.app.request(url, { headers: auth });
      expect(res.status, url).toBe(404);
      expect(res.headers.get("location")).toBeNull();
    }
  });

  it("answers HEAD where GET is served", async () => {
    const res = await t.app.request("/health", { method: "HEAD" });
    expect(res.status).toBe(200);
  });
});

describe("bodies", () => {
  it("415 for anything but JSON on a JSON route, and for no Content-Type", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/jsonp",
      "application/vnd.api+json",
    ]) {
      const res = await post('{"name":"x"}', { "content-type": type });
      expect(res.status, type).toBe(415);
    }
    const none = await t.app.request("/items", {
      method: "POST",
      headers: auth,
      body: '{"name":"x"}',
    });
    expect(none.status).toBe(415);
  });

  it("takes application/json in any case, with a charset", async () => {
    for (const type of [
      "Application/JSON",
      "application/json; charset=utf-8",
    ]) {
      const res = await post('{"name":"x"}', { "content-type": type });
      expect(res.status, type).toBe(201);
    }
  });

  it("400 for malformed JSON, bytes that are not UTF-8, a BOM and deep nesting", async () => {
    const bodies: (string | Uint8Array)[] = [
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
    for (const body of bodies) {
      const res = await post(body);
      expect(res.status, String(body).slice(0, 20)).toBe(400);
      expect(res.headers.get("content-type")).toMatch(
        /^application\/problem\+json/,
      );
    }
  });

  it("413 over MAX_BODY_BYTES, with or without Content-Length", async () => {
    const big = JSON.stringify({ name: "x", description: "d".repeat(5000) });
    expect((await post(big)).status).toBe(413);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await t.app.request("/items", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: chunked,
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(
      /^application\/problem\+json/,
    );
  });

  it("422 with pointers for the body and the query, no coercion of types", async () => {
    const body = await post(JSON.stringify({ name: 5, extra: 1 }));
    expect(body.status).toBe(422);
    const { errors } = (await body.json()) as {
      errors: { pointer: string }[];
    };
    expect(errors.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(["/name", "/extra"]),
    );
    const query = await t.app.request("/items?limit=0", { headers: auth });
    expect(query.status).toBe(422);
    const params = await t.app.request("/items/not-a-uuid", { headers: auth });
    expect(params.status).toBe(422);
  });
});

describe("CORS", () => {
  it("answers the allowed origin with itself, and nothing to another", async () => {
    const ok = await t.app.request("/health", {
      headers: { origin: "https://app.example.com" },
    });
    expect(ok.headers.get("access-control-allow-origin")).toBe(
      "https://app.example.com",
    );
    expect(ok.headers.get("vary")).toMatch(/origin/i);
    const evil = await t.app.request("/health", {
      headers: { origin: "https://evil.example.com" },
    });
    const cors = [...evil.headers.keys()].filter((name) =>
      name.startsWith("access-control-"),
    );
    expect(cors).toEqual([]);
    expect(evil.headers.get("vary")).toMatch(/origin/i);
  });

  it("preflights list the methods and headers, never *", async () => {
    const res = await t.app.request("/items", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-methods")).not.toContain(
      "PUT",
    );
    expect(res.headers.get("access-control-allow-headers")).toContain(
      "authorization",
    );
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("health and docs", () => {
  it("is alive and ready", async () => {
    expect(await (await t.app.request("/health")).json()).toEqual({
      status: "ok",
    });
    expect((await t.app.request("/health/ready")).status).toBe(200);
  });

  it("documents every route with its errors, in OpenAPI 3.1", async () => {
    const doc = (await (await t.app.request("/openapi.json")).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          | {
              operationId: string;
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
    expect(create?.operationId).toBe("items-create");
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
    expect(doc.paths["/items/{id}"]?.get?.responses).toHaveProperty("404");
    expect(doc.paths["/auth/revoke"]?.post?.requestBody?.required).toBe(false);
    expect(Object.keys(doc.paths)).not.toContain("/openapi.json");
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
    expect((await tight.app.request("/openapi.json")).status).toBe(404);
    expect((await tight.app.request("/docs")).status).toBe(404);
  });

  it("counts requests by the socket's address, answers 429 with Retry-After, and never limits liveness", async () => {
    const server = await listen(tight.app);
    try {
      const answers = [];
      for (let i = 0; i < 3; i++)
        answers.push(await fetch(`${server.url}/health/ready`));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(answers[0]?.headers.get("ratelimit")).toMatch(
        /^"default";r=1;t=\d+$/,
      );
      expect(answers[2]?.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(answers[2]?.headers.get("x-frame-options")).toBe("DENY");
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
