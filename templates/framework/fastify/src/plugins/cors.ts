/**
 * CORS by the core's policy (`src/http/cors-policy.ts`) through @fastify/cors: each allowed
 * origin gets exactly itself back with `Vary: Origin`, any other origin gets no CORS header
 * at all. With no origin configured the plugin is not registered: no CORS header for anyone.
 */
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { CORS_POLICY, originAllowed } from "../http/cors-policy.js";

export interface CorsOptions {
  origins: readonly string[];
}

export default fp<CorsOptions>(
  async (app: FastifyInstance, { origins }) => {
    if (origins.length === 0) return;
    const allowed = new Set(origins);
    await app.register(cors, {
      origin: (origin, callback) => {
        callback(null, originAllowed(allowed, origin));
      },
      methods: [...CORS_POLICY.methods],
      allowedHeaders: [...CORS_POLICY.allowedHeaders],
      exposedHeaders: [...CORS_POLICY.exposedHeaders],
      credentials: false,
      maxAge: CORS_POLICY.maxAgeSeconds,
    });
  },
  { name: "cors" },
);
