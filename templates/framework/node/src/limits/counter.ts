/**
 * Counters kept in a limiter store (in-process, or Redis shared by every instance), the one
 * building block of the request limit and the login lockout. Each store layer (src/limits/
 * store.ts) builds them on rate-limiter-flexible; this file is what the rest of the app sees.
 */
import {
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";

import type { Config } from "../config.js";
import { HttpError, STORE_UNAVAILABLE } from "../errors.js";

/**
 * The store did not answer. The app fails closed: without its store there is no request
 * limit and no lockout, so the request is refused (503, retryable) rather than let through.
 */
export class StoreUnavailableError extends HttpError {
  constructor(options?: ErrorOptions) {
    super(503, STORE_UNAVAILABLE, { headers: { "Retry-After": "5" } });
    // Kept for the logs of whoever catches it; never part of the response.
    this.cause = options?.cause;
  }
}

export interface CounterOptions {
  /** Names the counter in the store: two counters never share a key. */
  readonly name: string;
  /** Hits a key may make per window. */
  readonly limit: number;
  /** The window opens at a key's first hit and lasts this long (a fixed window per key). */
  readonly windowSeconds: number;
  /** Once a hit goes over the limit, the key stays refused this long from that hit. */
  readonly blockSeconds?: number;
}

export interface Hit {
  /** This hit was within the limit. */
  readonly allowed: boolean;
  /** Hits in the current window, this one included. */
  readonly count: number;
  /** Until the window (or the block) ends and the key starts afresh. */
  readonly msBeforeReset: number;
}

export interface Counter {
  /** Adds one to the key's count in one atomic step of the store. */
  hit(key: string): Promise<Hit>;
  /** Forgets the key: its next hit opens a new window. */
  reset(key: string): Promise<void>;
}

export interface LimiterStore {
  counter(options: CounterOptions): Counter;
  /** The store answers (always, in-process): `/health/ready` is 503 otherwise. */
  isReady(): Promise<boolean>;
  /** Releases the connection, if any; on shutdown. */
  close(): Promise<void>;
}

/** Where a store reports its connection going down and coming back (e.g. a pino logger). */
export interface StoreLog {
  warn(message: string): void;
  info(message: string): void;
}

/** What each store layer's src/limits/store.ts exports as `createLimiterStore`. */
export type CreateLimiterStore = (
  config: Pick<Config, "appEnv" | "redisUrl" | "redisKeyPrefix">,
  log?: StoreLog,
) => Promise<LimiterStore>;

/**
 * A Counter over one rate-limiter-flexible limiter. The library rejects `consume` with a
 * `RateLimiterRes` when the key is over its points, and with an `Error` when the store
 * fails: the first is an answer, the second a `StoreUnavailableError` (the app fails closed,
 * so no `insuranceLimiter` ever stands in for the store).
 */
export function counterOver(limiter: RateLimiterAbstract): Counter {
  const hitOf = (allowed: boolean, res: RateLimiterRes): Hit => ({
    allowed,
    count: res.consumedPoints,
    msBeforeReset: Math.max(0, res.msBeforeNext),
  });
  return {
    async hit(key) {
      try {
        return hitOf(true, await limiter.consume(key));
      } catch (error) {
        if (error instanceof RateLimiterRes) return hitOf(false, error);
        throw new StoreUnavailableError({ cause: error });
      }
    },
    async reset(key) {
      try {
        await limiter.delete(key);
      } catch (error) {
        throw new StoreUnavailableError({ cause: error });
      }
    },
  };
}

/** The options every store passes to its rate-limiter-flexible limiter. */
export function limiterOptions(options: CounterOptions, keyPrefix: string) {
  return {
    keyPrefix,
    points: options.limit,
    duration: options.windowSeconds,
    blockDuration: options.blockSeconds ?? 0,
  };
}
