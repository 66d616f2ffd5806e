/**
 * CORS for the origins in `CORS_ORIGINS` only: each gets exactly itself back with
 * `Vary: Origin`, any other origin gets no CORS header at all, and nothing is ever `*`.
 * Bearer tokens travel in a header, not a cookie, so credentials are never allowed. With no
 * origin configured the plugin is not registered: no CORS header for anyone.
 */
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export interface CorsOptions {
  origins: readonly string[];
}

export default fp<CorsOptions>(
  async (app: FastifyInstance, { origins }) => {
    if (origins.length === 0) return;
    const allowed = new Set(origins);
    await app.register(cors, {
      origin: (origin, callback) => {
        callback(null, origin !== undefined && allowed.has(origin));
      },
      methods: ["GET", "HEAD", "POST", "PATCH", "DELETE"],
      allowedHeaders: ["authorization", "content-type", "x-request-id"],
      exposedHeaders: [
        "location",
        "x-request-id",
        "ratelimit",
        "ratelimit-policy",
        "retry-after",
      ],
      credentials: false,
      maxAge: 600,
    });
  },
  { name: "cors" },
);
