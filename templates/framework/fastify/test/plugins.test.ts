/** The edges of the adapter: the router's own refusals, readiness, unexpected errors, the log line. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildApp } from "../src/app.js";
import type { LimiterStore } from "../src/limits/counter.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
import { RequestLog } from "../src/request-log.js";
import { buildTestApp, type TestApp } from "./helpers.js";

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("the router's own refusals", () => {
  it("a URL that does not decode is a 400 problem with the header set", async () => {
    const res = await t.app.inject({ method: "GET", url: "/items/%zz" });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-request-id"]).toBeTruthy();
  });

  it("a parameter longer than any id is a problem too", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: `/items/${"a".repeat(1500)}`,
    });
    expect(res.statusCode).toBe(414);
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });
});

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
    try {
      const res = await app.inject({ method: "GET", url: "/health/ready" });
      expect(res.statusCode).toBe(503);
      expect(res.headers["retry-after"]).toBe("5");
    } finally {
      await app.close();
    }
  });
});

describe("unexpected errors", () => {
  it("are a generic 500 problem", async () => {
    const app = await buildApp({
      config: t.config,
      db: t.db,
      limiterStore: createMemoryStore(),
      logger: false,
    });
    app.get("/boom", () => {
      throw new Error("secret detail: SELECT * FROM users");
    });
    try {
      const res = await app.inject({ method: "GET", url: "/boom" });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain("secret");
      expect(res.json()).toMatchObject({ status: 500, type: "about:blank" });
    } finally {
      await app.close();
    }
  });
});

describe("RequestLog", () => {
  it("writes one line per request, an error line when it failed", () => {
    const info = vi.fn();
    const error = vi.fn();
    const request = { log: { info, error } } as unknown as FastifyRequest;
    const reply = { elapsedTime: 1.4 } as unknown as FastifyReply;
    const log = new RequestLog();
    log.incomingRequest();
    log.routeNotFound();
    log.requestCompleted(null, request, reply);
    log.requestCompleted(new Error("x"), request, reply);
    expect(info).toHaveBeenCalledOnce();
    expect(error).toHaveBeenCalledOnce();
  });
});
