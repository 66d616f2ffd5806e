/**
 * CORS by the core's policy (`src/http/cors-policy.ts`) through hono/cors. hono/cors answers
 * every origin it sees (it sets `Access-Control-Expose-Headers`, and a preflight's methods,
 * for a refused one too), so it only ever sees a request from an allowed origin: that origin
 * gets exactly itself back, any other gets no CORS header at all, and nothing is ever `*`.
 * With no origin configured app.ts mounts none: no CORS header for anyone.
 */
import { cors as honoCors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { CORS_POLICY, originAllowed } from "../http/cors-policy.js";

export function cors(origins: readonly string[]) {
  const allowed = new Set(origins);
  const answer = honoCors({
    origin: (origin) => origin,
    allowMethods: [...CORS_POLICY.methods],
    allowHeaders: [...CORS_POLICY.allowedHeaders],
    exposeHeaders: [...CORS_POLICY.exposedHeaders],
    credentials: false,
    maxAge: CORS_POLICY.maxAgeSeconds,
  });
  return createMiddleware(async (c, next) => {
    if (originAllowed(allowed, c.req.header("origin"))) return answer(c, next);
    await next();
    // The answer depends on Origin for every client, allowed or not: caches must know.
    c.res.headers.append("vary", "Origin");
  });
}
