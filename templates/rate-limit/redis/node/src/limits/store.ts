/**
 * This project's limiter store: Redis (`--rate-limit-store redis`), so every instance sharing
 * REDIS_URL and REDIS_KEY_PREFIX shares every limit and lockout. Each hit is one atomic
 * server-side step (rate-limiter-flexible's INCR + EXPIRE Lua script).
 *
 * It fails closed: a Redis that is down or slow makes each hit throw StoreUnavailableError
 * within STORE_TIMEOUT_MS (the app answers 503), never hang, and never count elsewhere.
 */
import { once } from "node:events";
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";

import { ConfigError } from "../config.js";
import {
  counterOver,
  limiterOptions,
  type CreateLimiterStore,
  type StoreLog,
} from "./counter.js";
import { createMemoryStore } from "./memory-store.js";

/** A command Redis has not answered within this fails the request (503). */
export const STORE_TIMEOUT_MS = 2000;

function describe(error: unknown): string {
  // The code or class only: messages can carry the host, and REDIS_URL may hold a password.
  if (error instanceof Error)
    return (error as NodeJS.ErrnoException).code ?? error.name;
  return "unknown error";
}

/** Logs the connection's state changes, not every failed reconnect attempt. */
function watch(client: Redis, log: StoreLog | undefined): void {
  let down = false;
  client.on("error", (error: unknown) => {
    if (down) return;
    down = true;
    log?.warn(
      `rate-limit store unavailable (${describe(error)}); refusing limited requests`,
    );
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    log?.info("rate-limit store available again");
  });
}

export const createLimiterStore: CreateLimiterStore = async (config, log) => {
  if (config.redisUrl === undefined) {
    // config.ts allows this in tests only (FastAPI does the same): they then count in-process.
    if (config.appEnv === "test") return createMemoryStore();
    throw new ConfigError(
      "REDIS_URL is not set (this project keeps its rate limits in Redis)",
    );
  }
  const client = new Redis(config.redisUrl, {
    // Commands issued while disconnected fail at once instead of queueing: a queue would hold
    // requests for the whole outage, then replay stale INCRs into the wrong windows.
    enableOfflineQueue: false,
    // Nor are commands that were in flight when the connection dropped sent twice (INCR is
    // not idempotent): they fail, and the client retries the next request, not this one.
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: STORE_TIMEOUT_MS,
    commandTimeout: STORE_TIMEOUT_MS,
  });
  watch(client, log);
  // The first requests should not fail only because the connection is still opening; a Redis
  // that is down must not stop the server from starting either (it answers 503 meanwhile).
  try {
    await once(client, "ready", {
      signal: AbortSignal.timeout(STORE_TIMEOUT_MS),
    });
  } catch {
    // Down or slow: ioredis keeps reconnecting in the background.
  }
  const prefix = config.redisKeyPrefix;
  return {
    counter: (options) =>
      counterOver(
        new RateLimiterRedis({
          ...limiterOptions(options, `${prefix}:${options.name}`),
          storeClient: client,
          // Refuse at once while the connection is not ready, rather than after a timeout.
          rejectIfRedisNotReady: true,
        }),
      ),
    async isReady() {
      if (client.status !== "ready") return false;
      try {
        await client.ping(); // within commandTimeout, or it throws
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (client.status === "ready") {
        try {
          await client.quit();
          return;
        } catch {
          // Fall through: drop the connection.
        }
      }
      client.disconnect();
    },
  };
};
