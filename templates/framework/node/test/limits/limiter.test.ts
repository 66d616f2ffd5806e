import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterEach, describe, expect, it, vi } from "vitest";

import { HttpError } from "../../src/errors.js";
import { counterOver, type LimiterStore } from "../../src/limits/counter.js";
import {
  clientKey,
  createRateLimiter,
  rateLimitHeaders,
  StoreUnavailableError,
  takeTurn,
  WINDOW_SECONDS,
} from "../../src/limits/limiter.js";
import { createMemoryStore } from "../../src/limits/memory-store.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("createRateLimiter", () => {
  it("counts down per key, then refuses until the window resets", async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter(
      { rateLimitPerMinute: 3 },
      createMemoryStore(),
    );
    const first = await limiter.consume("ip:203.0.113.7");
    expect(first).toEqual({
      allowed: true,
      limit: 3,
      remaining: 2,
      resetSeconds: 60,
    });
    vi.advanceTimersByTime(10_500);
    expect(await limiter.consume("ip:203.0.113.7")).toMatchObject({
      allowed: true,
      remaining: 1,
      resetSeconds: 50, // 49.5 s left: rounded up
    });
    expect((await limiter.consume("ip:203.0.113.7")).remaining).toBe(0);
    const over = await limiter.consume("ip:203.0.113.7");
    expect(over).toMatchObject({
      allowed: false,
      remaining: 0,
      resetSeconds: 50,
    });
    // Another client has its own budget.
    expect((await limiter.consume("ip:203.0.113.8")).remaining).toBe(2);
    vi.advanceTimersByTime(50_000);
    expect(await limiter.consume("ip:203.0.113.7")).toMatchObject({
      allowed: true,
      remaining: 2,
      resetSeconds: WINDOW_SECONDS,
    });
  });

  it("never announces a reset of 0 seconds", async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter(
      { rateLimitPerMinute: 5 },
      createMemoryStore(),
    );
    await limiter.consume("k");
    vi.advanceTimersByTime(59_999);
    expect((await limiter.consume("k")).resetSeconds).toBe(1);
  });

  it("fails closed: a store that errors throws StoreUnavailableError, a 503", async () => {
    const broken = new RateLimiterMemory({ points: 1, duration: 60 });
    vi.spyOn(broken, "consume").mockRejectedValue(
      new Error("connect ECONNREFUSED"),
    );
    const store: LimiterStore = {
      ...createMemoryStore(),
      counter: () => counterOver(broken),
    };
    const error: unknown = await createRateLimiter(
      { rateLimitPerMinute: 1 },
      store,
    )
      .consume("k")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toBeInstanceOf(HttpError);
    const unavailable = error as StoreUnavailableError;
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers).toEqual({ "Retry-After": "5" });
    expect(unavailable.detail).not.toMatch(/ECONNREFUSED|redis/i);
    expect(unavailable.cause).toBeInstanceOf(Error);
  });

  it("fails closed on a reset too", async () => {
    const broken = new RateLimiterMemory({ points: 1, duration: 60 });
    vi.spyOn(broken, "delete").mockRejectedValue(
      new Error("Connection is closed."),
    );
    await expect(counterOver(broken).reset("k")).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});

describe("rateLimitHeaders", () => {
  it("writes the draft-10 fields, and Retry-After once over the limit", () => {
    const result = {
      allowed: true,
      limit: 120,
      remaining: 119,
      resetSeconds: 60,
    };
    expect(rateLimitHeaders(result)).toEqual({
      "RateLimit-Policy": '"default";q=120;w=60',
      RateLimit: '"default";r=119;t=60',
    });
    expect(
      rateLimitHeaders({
        ...result,
        allowed: false,
        remaining: 0,
        resetSeconds: 7,
      }),
    ).toEqual({
      "RateLimit-Policy": '"default";q=120;w=60',
      RateLimit: '"default";r=0;t=7',
      "Retry-After": "7",
    });
  });
});

describe("takeTurn", () => {
  it("answers the headers within the limit, then a 429 carrying them and Retry-After", async () => {
    const limiter = createRateLimiter(
      { rateLimitPerMinute: 1 },
      createMemoryStore(),
    );
    const client = { address: "203.0.113.9" };
    const headers = await takeTurn(limiter, client);
    expect(headers.RateLimit).toMatch(/^"default";r=0;t=\d+$/);
    const refused = await takeTurn(limiter, client).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(HttpError);
    const error = refused as HttpError;
    expect(error.status).toBe(429);
    expect(error.headers).toMatchObject({
      "RateLimit-Policy": `"default";q=1;w=${String(WINDOW_SECONDS)}`,
      "Retry-After": expect.stringMatching(/^\d+$/) as unknown,
    });
    // Another client has its own budget.
    await expect(
      takeTurn(limiter, { address: "203.0.113.10" }),
    ).resolves.toHaveProperty("RateLimit");
  });
});

describe("clientKey", () => {
  it("is the user when a token vouched for one, else the address's bucket", () => {
    expect(clientKey({ userId: "u1", address: "203.0.113.7" })).toBe("user:u1");
    expect(clientKey({ address: "::ffff:203.0.113.7" })).toBe("ip:203.0.113.7");
    expect(clientKey({ userId: undefined, address: "2001:db8::1" })).toBe(
      "ip:2001:db8:0:0::/64",
    );
  });
});
