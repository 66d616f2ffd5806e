// The Redis store: shared between instances, atomic, and failing closed. The tests that need
// a live Redis run when TEST_REDIS_URL is set (each under a key prefix of its own); the
// others point at a port nothing listens on.
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";

import { createLockout, LockedOutError } from "../../src/auth/lockout.js";
import { ConfigError } from "../../src/config.js";
import {
  createRateLimiter,
  StoreUnavailableError,
} from "../../src/limits/limiter.js";
import {
  createLimiterStore,
  STORE_TIMEOUT_MS,
} from "../../src/limits/store.js";

const LIVE_REDIS = process.env.TEST_REDIS_URL;

/** A port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === "string")
    throw new Error("no port");
  return address.port;
}

describe("the Redis store without Redis", () => {
  it("is required outside tests", async () => {
    const config = {
      appEnv: "development",
      redisUrl: undefined,
      redisKeyPrefix: "x",
    } as const;
    await expect(createLimiterStore(config)).rejects.toBeInstanceOf(
      ConfigError,
    );
  });

  it("starts, then fails closed, quickly, on a Redis that does not answer", async () => {
    const warnings: string[] = [];
    const log = {
      warn: (message: string) => {
        warnings.push(message);
      },
      info: () => undefined,
    };
    const started = Date.now();
    const store = await createLimiterStore(
      {
        appEnv: "test",
        redisUrl: `redis://127.0.0.1:${await deadPort()}/0`,
        redisKeyPrefix: "dead",
      },
      log,
    );
    try {
      expect(Date.now() - started).toBeLessThan(STORE_TIMEOUT_MS + 1000);
      expect(await store.isReady()).toBe(false);
      const limiter = createRateLimiter({ rateLimitPerMinute: 10 }, store);
      const began = Date.now();
      await expect(limiter.consume("k")).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      const lockout = createLockout(
        { loginMaxFailures: 3, loginLockoutSeconds: 60 },
        store,
      );
      await expect(lockout.begin("a@example.com")).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(lockout.succeeded("a@example.com")).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      expect(Date.now() - began).toBeLessThan(1000); // refused at once, not after a timeout
      // One line when it goes down, not one per reconnect attempt; no address in it.
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/ECONNREFUSED/);
      expect(warnings[0]).not.toMatch(/127\.0\.0\.1/);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(LIVE_REDIS === undefined)(
  "the Redis store (TEST_REDIS_URL)",
  () => {
    const connect = (prefix: string) =>
      createLimiterStore({
        appEnv: "test",
        redisUrl: LIVE_REDIS,
        redisKeyPrefix: prefix,
      });

    it("is ready", async () => {
      const store = await connect(`test-${randomUUID()}`);
      try {
        expect(await store.isReady()).toBe(true);
      } finally {
        await store.close();
      }
    });

    it("shares one limit between two instances", async () => {
      const prefix = `test-${randomUUID()}`;
      const [one, two] = await Promise.all([connect(prefix), connect(prefix)]);
      try {
        const limiters = [one, two].map((s) =>
          createRateLimiter({ rateLimitPerMinute: 6 }, s),
        );
        const results = [];
        for (let i = 0; i < 12; i++)
          results.push(await limiters[i % 2]!.consume("ip:203.0.113.7"));
        expect(results.map((r) => r.allowed)).toEqual([
          ...Array<boolean>(6).fill(true),
          ...Array<boolean>(6).fill(false),
        ]);
        expect(results.map((r) => r.remaining).slice(0, 6)).toEqual([
          5, 4, 3, 2, 1, 0,
        ]);
        for (const r of results) {
          expect(r.resetSeconds).toBeGreaterThanOrEqual(59);
          expect(r.resetSeconds).toBeLessThanOrEqual(60);
        }
        // Another deployment (key prefix) counts on its own.
        const elsewhere = await connect(`test-${randomUUID()}`);
        try {
          const other = createRateLimiter({ rateLimitPerMinute: 6 }, elsewhere);
          expect((await other.consume("ip:203.0.113.7")).remaining).toBe(5);
        } finally {
          await elsewhere.close();
        }
      } finally {
        await Promise.all([one.close(), two.close()]);
      }
    });

    it("counts concurrent login attempts atomically across instances", async () => {
      const prefix = `test-${randomUUID()}`;
      const stores = await Promise.all([connect(prefix), connect(prefix)]);
      try {
        const lockouts = stores.map((s) =>
          createLockout({ loginMaxFailures: 3, loginLockoutSeconds: 60 }, s),
        );
        const outcomes = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            lockouts[i % 2]!.begin("a@example.com").then(
              () => "checked",
              (error: unknown) =>
                error instanceof LockedOutError ? error.retryAfter : error,
            ),
          ),
        );
        expect(outcomes.filter((o) => o === "checked")).toHaveLength(3);
        for (const o of outcomes.filter((o) => o !== "checked")) {
          expect(o).toBeGreaterThanOrEqual(59);
          expect(o).toBeLessThanOrEqual(60);
        }
        // A success on one instance forgives the failures on both.
        await lockouts[0]!.succeeded("b@example.com");
        for (let i = 0; i < 3; i++)
          await lockouts[i % 2]!.begin("b@example.com");
        await lockouts[1]!.succeeded("b@example.com");
        await expect(
          lockouts[0]!.begin("b@example.com"),
        ).resolves.toBeUndefined();
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  },
);
