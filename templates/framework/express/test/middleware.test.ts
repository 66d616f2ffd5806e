/**
 * The edges of the adapter: readiness, a store that fails, unexpected errors, how
 * body-parser's errors are worded, the one log line per request, and `trust proxy`.
 */
import type { Response } from "express";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import supertest from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { loadConfig, type Config } from "../src/config.js";
import { HttpError, OAuthError } from "../src/errors.js";
import type { LimiterStore } from "../src/limits/counter.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
import { loggerOptions } from "../src/logging.js";
import { principalOf } from "../src/middleware/auth.js";
import { asHttpError } from "../src/middleware/errors.js";
import { bearer, buildTestApp, serve, type TestApp } from "./helpers.js";

let t: TestApp;

/** The config's TRUST_PROXY fields for `value`, parsed as the app parses them. */
function trustSettings(
  value: string | undefined,
): Pick<Config, "trustedHops" | "trustedNetworks"> {
  const { trustedHops, trustedNetworks } = loadConfig({
    APP_ENV: "test",
    JWT_ALGORITHM: "HS256",
    JWT_SECRET: "x".repeat(32),
    ...(value === undefined ? {} : { TRUST_PROXY: value }),
  });
  return { trustedHops, trustedNetworks };
}

beforeAll(async () => {
  t = await buildTestApp();
});

afterAll(async () => {
  await t.close();
});

/** `store`'s app on a server; the test's body gets supertest, and the server is closed after. */
async function withApp(
  store: LimiterStore,
  test: (http: ReturnType<typeof supertest>) => Promise<void>,
  logger: Parameters<typeof createApp>[0]["logger"] = false,
): Promise<void> {
  const app = await createApp({
    config: t.config,
    db: t.db,
    limiterStore: store,
    logger,
  });
  const served = await serve(app);
  try {
    await test(supertest(served.server));
  } finally {
    await served.close();
  }
}

/** A logger with the app's options whose lines land in `lines`. */
function captureLog(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: pino(loggerOptions(t.config), stream) };
}

describe("readiness", () => {
  it("is 503 when the rate-limit store does not answer", async () => {
    const store: LimiterStore = {
      ...createMemoryStore(),
      isReady: () => Promise.resolve(false),
    };
    await withApp(store, async (http) => {
      const res = await http.get("/health/ready");
      expect(res.status).toBe(503);
      expect(res.headers["retry-after"]).toBe("5");
    });
  });
});

describe("unexpected errors", () => {
  it("are a generic 500 problem, logged as one line without the message", async () => {
    const failing: LimiterStore = {
      ...createMemoryStore(),
      counter: () => ({
        hit: () =>
          Promise.reject(new Error("secret detail: SELECT * FROM users")),
      }),
    } as unknown as LimiterStore;
    const { lines, logger } = captureLog();
    await withApp(
      failing,
      async (http) => {
        const res = await http.get("/users/me").set(bearer("secret-token"));
        expect(res.status).toBe(500);
        expect(res.text).not.toContain("secret");
        expect(res.body).toMatchObject({ status: 500, type: "about:blank" });
        expect(res.headers["x-frame-options"]).toBe("DENY");
      },
      logger,
    );
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: "request errored",
      req: { method: "GET", path: "/users/me" },
      res: { statusCode: 500 },
      err: { type: "Error" },
    });
    expect(lines[0]).not.toContain("secret");
    expect(lines[0]).not.toContain("stack");
  });

  it("a request that succeeds is one info line, without its headers", async () => {
    const { lines, logger } = captureLog();
    await withApp(
      createMemoryStore(),
      async (http) => {
        await http.get("/health?email=a@example.com").set(bearer("tok"));
      },
      logger,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"msg":"request completed"');
    expect(lines[0]).not.toContain("tok");
    expect(lines[0]).not.toContain("example.com");
  });
});

describe("asHttpError", () => {
  it("words body-parser's errors as the contract does, and nothing else of them", () => {
    const cases: [string, number][] = [
      ["entity.too.large", 413],
      ["entity.parse.failed", 400],
      ["charset.unsupported", 415],
      ["encoding.unsupported", 415],
      ["request.aborted", 400],
      ["parameters.too.many", 413],
    ];
    for (const [type, status] of cases) {
      const err = Object.assign(new Error("raw: password=hunter2"), {
        type,
        status: 400,
        body: "password=hunter2",
      });
      const mapped = asHttpError(err);
      expect(mapped, type).toBeInstanceOf(HttpError);
      expect((mapped as HttpError).status, type).toBe(status);
      expect((mapped as HttpError).detail).not.toContain("hunter2");
    }
    const decoding = Object.assign(new URIError("bad %zz"), { status: 400 });
    expect((asHttpError(decoding) as HttpError).detail).toBe("Bad Request");
    const oauth = new OAuthError("invalid_grant", "no");
    expect(asHttpError(oauth)).toBe(oauth);
    const plain = new Error("x");
    expect(asHttpError(plain)).toBe(plain);
    expect(asHttpError("text")).toBe("text");
  });
});

describe("trust proxy", () => {
  it("follows TRUST_PROXY as the rate limiter does, and is never `true`", async () => {
    const trustOf = async (value: string | undefined) => {
      const app = await createApp({
        config: { ...t.config, ...trustSettings(value) },
        db: t.db,
        limiterStore: createMemoryStore(),
        logger: false,
      });
      return app.get("trust proxy fn") as (
        address: string,
        hop: number,
      ) => boolean;
    };
    const none = await trustOf(undefined);
    expect(none("10.0.0.1", 0)).toBe(false);
    const hops = await trustOf("1");
    expect([hops("203.0.113.9", 0), hops("10.0.0.1", 1)]).toEqual([
      true,
      false,
    ]);
    const networks = await trustOf("10.0.0.0/8");
    expect([networks("10.1.2.3", 0), networks("203.0.113.9", 0)]).toEqual([
      true,
      false,
    ]);
  });
});

describe("principalOf", () => {
  it("is a 500 on a route that did not authenticate", () => {
    const res = { locals: {} } as unknown as Response;
    expect(() => principalOf(res)).toThrow(HttpError);
  });
});
