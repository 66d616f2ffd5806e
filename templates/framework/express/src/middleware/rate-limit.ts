/**
 * The per-client request limit (CONTRACT §3), before routing, so 404s, 405s and 413s count
 * too and carry the headers: the caller's user id on a route that requires a token and was
 * sent a valid one, else the client's address (TRUST_PROXY decides whether X-Forwarded-For is
 * believed; IPv6 by /64). Over the limit it is a 429 problem and no route runs. Liveness
 * (`/health`) is never limited.
 */
import type { Request, RequestHandler } from "express";
import { clientAddress, type TrustProxy } from "../limits/client-ip.js";
import {
  takeTurn,
  UNLIMITED_PATHS,
  type RateLimiter,
} from "../limits/limiter.js";

export interface RateLimitOptions {
  limiter: RateLimiter;
  trustProxy: TrustProxy;
  /** Whether the route `req` asks for requires a token. */
  requiresToken: (req: Request) => boolean;
  /** The user a valid access token names, or undefined. */
  identify: (authorization: string | undefined) => Promise<string | undefined>;
}

export function rateLimit({
  limiter,
  trustProxy,
  requiresToken,
  identify,
}: RateLimitOptions): RequestHandler {
  return async (req, res, next) => {
    if (UNLIMITED_PATHS.has(req.path)) {
      next();
      return;
    }
    const headers = await takeTurn(limiter, {
      userId: requiresToken(req)
        ? await identify(req.headers.authorization)
        : undefined,
      address: clientAddress(
        req.socket.remoteAddress,
        req.headers["x-forwarded-for"],
        trustProxy,
      ),
    });
    res.set(headers);
    next();
  };
}
