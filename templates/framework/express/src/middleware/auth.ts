/**
 * Route-level authentication: `requireAuth(authenticate, { scope })` runs before the body is
 * read, checks the bearer token with the core's `authenticate` (401 problems with their
 * challenge) and the scope (403), and leaves the caller in `res.locals.principal`; handlers
 * read it with `principalOf(res)`. Routes ask for it through their `auth` declaration
 * (src/routes/routes.ts), which documents the security requirement too.
 */
import type { RequestHandler, Response } from "express";
import type { Principal } from "../auth/principal.js";
import { forbiddenScope, HttpError } from "../errors.js";

export interface RouteAuth {
  /** The scope the token must carry; none: any valid token. */
  readonly scope?: string;
}

export type Authenticate = (
  authorization: string | undefined,
) => Promise<Principal>;

export function requireAuth(
  authenticate: Authenticate,
  { scope }: RouteAuth,
): RequestHandler {
  return async (req, res, next) => {
    const principal = await authenticate(req.headers.authorization);
    if (scope !== undefined && !principal.scopes.has(scope))
      throw forbiddenScope(scope);
    res.locals.principal = principal;
    next();
  };
}

/** The authenticated caller of a route declared with `auth`. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (principal === undefined)
    throw new HttpError(500, "The route has no authenticated caller");
  return principal;
}
