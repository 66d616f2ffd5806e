/**
 * CORS for the origins in `CORS_ORIGINS` only, by the core's policy: each gets exactly
 * itself back with `Vary: Origin`; any other origin (or none) gets no CORS header at all, and
 * its preflight goes on like any OPTIONS request (a 405). Nothing is ever `*`, and no
 * credentials are allowed. With no origin configured the middleware is not mounted.
 */
import cors from "cors";
import type { RequestHandler } from "express";
import { CORS_POLICY, originAllowed } from "../http/cors-policy.js";

export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    // `false` for a refused origin: the cors package then adds nothing and calls next().
    origin: (origin, callback) => {
      callback(null, originAllowed(allowed, origin));
    },
    methods: [...CORS_POLICY.methods],
    allowedHeaders: [...CORS_POLICY.allowedHeaders],
    exposedHeaders: [...CORS_POLICY.exposedHeaders],
    credentials: false,
    maxAge: CORS_POLICY.maxAgeSeconds,
    optionsSuccessStatus: 204,
  });
}
