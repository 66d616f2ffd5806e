/**
 * The per-client request limit (CONTRACT §3 Rate limiting): RATE_LIMIT_PER_MINUTE requests per
 * client per 60-second window, announced with the draft-ietf-httpapi-ratelimit-headers-10
 * fields. Framework-free: an adapter calls `consume` once per request, before the handler,
 * and copies `rateLimitHeaders` onto the response (the 429 included).
 */
import type { Config } from "../config.js";
import { tooManyRequests } from "../errors.js";
import { bucketKey } from "./client-ip.js";
import type { LimiterStore } from "./counter.js";

export { StoreUnavailableError } from "./counter.js";

/**
 * A fixed window per client, opened by its first request: the reset time in `RateLimit` is
 * then exact, and the same on every instance sharing a Redis store.
 */
export const WINDOW_SECONDS = 60;

/** Liveness is never limited: an orchestrator's probe must not be throttled into a restart. */
export const UNLIMITED_PATHS: ReadonlySet<string> = new Set(["/health"]);

export interface RateLimitResult {
  /** Within the limit: the handler may run. */
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests left in the window after this one. */
  readonly remaining: number;
  /** Whole seconds until the window resets (1 at least). */
  readonly resetSeconds: number;
}

export interface RateLimiter {
  /**
   * Counts one request against `key` (see `clientKey`). Throws StoreUnavailableError when
   * the store does not answer: the adapter answers 503 (fail closed).
   */
  consume(key: string): Promise<RateLimitResult>;
}

/** Whole seconds until `ms` from now, rounded up: never 0 while something is still counted. */
export function secondsFrom(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export function createRateLimiter(
  config: Pick<Config, "rateLimitPerMinute">,
  store: LimiterStore,
): RateLimiter {
  const limit = config.rateLimitPerMinute;
  const requests = store.counter({
    name: "requests",
    limit,
    windowSeconds: WINDOW_SECONDS,
  });
  return {
    async consume(key) {
      const hit = await requests.hit(key);
      return {
        allowed: hit.allowed,
        limit,
        remaining: Math.max(0, limit - hit.count),
        resetSeconds: Math.min(WINDOW_SECONDS, secondsFrom(hit.msBeforeReset)),
      };
    },
  };
}

/**
 * Who a request counts against: the user, when the route requires a token and was given a
 * valid one; otherwise the client address (its IPv4 address or IPv6 /64). A bearer token sent
 * to a route that does not authenticate changes nothing.
 */
export function clientKey(client: {
  userId?: string | undefined;
  address: string;
}): string {
  return client.userId === undefined
    ? `ip:${bucketKey(client.address)}`
    : `user:${client.userId}`;
}

/**
 * The response fields for `result`: `RateLimit-Policy` and `RateLimit` on every response of
 * a limited route, and `Retry-After` (seconds) as well once over the limit.
 */
export function rateLimitHeaders(
  result: RateLimitResult,
): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"default";q=${result.limit};w=${WINDOW_SECONDS}`,
    RateLimit: `"default";r=${result.remaining};t=${result.resetSeconds}`,
  };
  if (!result.allowed) headers["Retry-After"] = String(result.resetSeconds);
  return headers;
}

/**
 * One request's turn, for every adapter's hook: it counts against `client`, and the answer is
 * the headers its response carries; over the limit, a 429 problem carrying them with
 * `Retry-After`, so the handler never runs. A store that does not answer throws
 * StoreUnavailableError (a 503): the app fails closed.
 */
export async function takeTurn(
  limiter: RateLimiter,
  client: { userId?: string | undefined; address: string },
): Promise<Record<string, string>> {
  const result = await limiter.consume(clientKey(client));
  const headers = rateLimitHeaders(result);
  if (!result.allowed)
    throw tooManyRequests(result.resetSeconds, undefined, headers);
  return headers;
}
