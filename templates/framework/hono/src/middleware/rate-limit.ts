/**
 * The per-client request limit (CONTRACT §3), before anything of the route runs: the caller's
 * user id on a route that requires a token and was sent a valid one, else the client's
 * address. Hono has no proxy setting of its own: the address is the Node socket's
 * (@hono/node-server's `c.env.incoming`), and TRUST_PROXY decides through the core whether
 * X-Forwarded-For is believed (IPv6 by /64). Every response of a limited route carries the
 * draft-10 headers; over the limit it is a 429 problem and the handler never runs. Liveness
 * (`/health`) is never limited; a 404 or 405 is.
 */
import type { HttpBindings } from "@hono/node-server";
import { createMiddleware } from "hono/factory";
import { clientAddress, type TrustProxy } from "../limits/client-ip.js";
import {
  takeTurn,
  UNLIMITED_PATHS,
  type RateLimiter,
} from "../limits/limiter.js";
import type { AppEnv } from "../router.js";
import { requiresToken } from "./auth.js";

export interface RateLimitOptions {
  limiter: RateLimiter;
  trustProxy: TrustProxy;
  /** The user a valid bearer token names, or undefined. */
  identify: (authorization: string | undefined) => Promise<string | undefined>;
}

/** The socket peer's address (none under `app.request()`, which has no socket). */
function socketAddress(
  bindings: Partial<HttpBindings> | undefined,
): string | undefined {
  return bindings?.incoming?.socket.remoteAddress;
}

export function rateLimit({ limiter, trustProxy, identify }: RateLimitOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (UNLIMITED_PATHS.has(c.req.path)) return next();
    const headers = await takeTurn(limiter, {
      // A token on a route that does not authenticate changes nothing (CONTRACT §3).
      userId: requiresToken(c)
        ? await identify(c.req.header("authorization"))
        : undefined,
      address: clientAddress(
        socketAddress(c.env),
        c.req.header("x-forwarded-for"),
        trustProxy,
      ),
    });
    await next();
    for (const [name, value] of Object.entries(headers))
      c.res.headers.set(name, value);
  });
}
