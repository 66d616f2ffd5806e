/**
 * The token check of a route whose `security` names the OAuth2 scheme (`apiRoute` adds it
 * to the route's middleware, before the body is read): the core's `authenticate` (401 with
 * its challenge), then the scope (403). Handlers read the caller with `principalOf(c)`.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { Principal } from "../auth/principal.js";
import { forbiddenScope, HttpError } from "../errors.js";
import type { AppEnv } from "../router.js";

export type Authenticate = (
  authorization: string | undefined,
) => Promise<Principal>;

/** Every token check made, so the rate limiter can tell a route that requires a token. */
const tokenChecks = new WeakSet<object>();

export function requireToken(scope?: string) {
  const check = createMiddleware<AppEnv>(async (c, next) => {
    const principal = await c.var.authenticate(c.req.header("authorization"));
    if (scope !== undefined && !principal.scopes.has(scope))
      throw forbiddenScope(scope);
    c.set("principal", principal);
    await next();
  });
  tokenChecks.add(check);
  return check;
}

/**
 * Whether the route this request matched checks a token (it is among its handlers). Hono
 * wraps the handlers of a sub-app that has an `onError` of its own, so give route groups
 * none: their routes would no longer be recognised and would count against the client's
 * address instead of the user (the conformance suite's per-user rate-limit probe fails then).
 */
export function requiresToken(c: Context): boolean {
  return matchedRoutes(c).some((route) => tokenChecks.has(route.handler));
}

/** The authenticated caller of a route declared with `security: needsToken(...)`. */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get("principal");
  if (principal === undefined)
    throw new HttpError(500, "The route has no authenticated caller");
  return principal;
}
