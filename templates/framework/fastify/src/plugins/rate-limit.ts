/**
 * The per-client request limit (CONTRACT §3), before anything else of the route runs: the
 * caller's user id on a route that requires a token and was sent a valid one, else the
 * client's address (TRUST_PROXY decides whether X-Forwarded-For is believed; IPv6 by /64).
 * Every response of a limited route carries the draft-10 headers; over the limit it is a 429
 * problem and the handler never runs. Liveness (`/health`) is never limited.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { clientAddress, type TrustProxy } from "../limits/client-ip.js";
import {
  takeTurn,
  UNLIMITED_PATHS,
  type RateLimiter,
} from "../limits/limiter.js";

export interface RateLimitOptions {
  limiter: RateLimiter;
  trustProxy: TrustProxy;
  /** The user a request's token vouches for, on a route that authenticates; else undefined. */
  identify: (request: FastifyRequest) => Promise<string | undefined>;
}

export default fp<RateLimitOptions>(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app: FastifyInstance, { limiter, trustProxy, identify }) => {
    app.addHook("onRequest", async (request, reply) => {
      if (UNLIMITED_PATHS.has(request.url.split("?", 1)[0] ?? request.url))
        return;
      const headers = await takeTurn(limiter, {
        userId: await identify(request),
        address: clientAddress(
          request.socket.remoteAddress,
          request.headers["x-forwarded-for"],
          trustProxy,
        ),
      });
      reply.headers(headers);
    });
  },
  { name: "rate-limit" },
);
