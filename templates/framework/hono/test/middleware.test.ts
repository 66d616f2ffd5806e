/** The edges of the adapter: readiness, unexpected errors, the log line, the listener's own refusals. */
import { RequestError } from "@hono/node-server";
import { pino } from "pino";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import type { LimiterStore } from "../src/limits/counter.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
import { loggerOptions } from "../src/logging.js";
import { principalOf } from "../src/middleware/auth.js";
import { listenerError } from "../src/middleware/errors.js";
import { buildTestApp, type TestApp } from "./helpers.js";

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});

afterAll(async () => {
  await t.close();
});

/** A logger writing its lines into `lines`, as the app's own would. */
function capture(lines: Record<string, unknown>[]) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return pino(loggerOptions(t.config), stream);
}

describe("readiness", () => {
  it("is 503 when the rate-limit store does not answer", async () => {
    const store: LimiterStore = {
      ...createMemoryStore(),
      isReady: () => Promise.resolve(false),
    };
    const app = await buildApp({
      config: t.config,
      db: t.db,
      limiterStore: store,
      logger: false,
    });
    const res = await app.request("/health/ready");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });
});

describe("unexpected errors", () => {
  it("are a generic 500 problem, logged once on the request's line without details", async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await buildApp({
      config: t.config,
      db: t.db,
      limiterStore: createMemoryStore(),
      logger: capture(lines),
    });
    app.get("/boom", () => {
      throw new Error("secret detail: SELECT * FROM users");
    });
    const res = await app.request("/boom?email=a@example.com");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text)).toMatchObject({
      status: 500,
      type: "about:blank",
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: "request errored",
      req: { method: "GET", path: "/boom" },
      res: { statusCode: 500 },
      err: { type: "Error" },
    });
    expect(JSON.stringify(lines)).not.toMatch(/secret|stack|example\.com/);
  });

  it("a route without a token check has no caller", async () => {
    const app = await buildApp({
      config: t.config,
      db: t.db,
      limiterStore: createMemoryStore(),
      logger: false,
    });
    app.get("/who", (c) => c.json(principalOf(c)));
    expect((await app.request("/who")).status).toBe(500);
  });
});

describe("the request log", () => {
  it("writes one line per request with the request id, never the query or a token", async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await buildApp({
      config: t.config,
      db: t.db,
      limiterStore: createMemoryStore(),
      logger: capture(lines),
    });
    await app.request("/health?secret=1", {
      headers: { "x-request-id": "req-1", authorization: "Bearer abc" },
    });
    await app.request("/nope\u2028FORGED");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      reqId: "req-1",
      req: { path: "/health", id: "req-1" },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0]?.ms).toBe("number");
    expect(JSON.stringify(lines)).not.toMatch(/secret|abc/);
    expect(lines[1]).toMatchObject({ res: { statusCode: 404 } });
  });
});

describe("listenerError", () => {
  it("answers a request Node could not read with a 400 problem and the header set", async () => {
    const res = listenerError(new RequestError("Invalid host header"));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toMatch(/^[a-f0-9]{32}$/);
    expect(await res.text()).not.toContain("host");
  });

  it("anything else is a generic 500", () => {
    expect(listenerError(new Error("boom")).status).toBe(500);
  });
});
