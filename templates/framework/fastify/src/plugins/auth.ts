/**
 * Route-level authentication, declared in the route's config:
 *
 *     app.get("/items", { config: { auth: { scope: "items:read" } }, ... })
 *
 * An `onRequest` hook (before the body is read) checks the bearer token with the core's
 * `authenticate` (401 problems with their challenge) and the scope (403), and leaves the
 * caller on `request.principal`; handlers read it with `principalOf(request)`. The same
 * config documents the operation's security requirement (plugins/openapi.ts).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Principal } from "../auth/principal.js";
import { forbiddenScope, HttpError } from "../errors.js";

export interface RouteAuth {
  /** The scope the token must carry; none: any valid token. */
  readonly scope?: string;
}

declare module "fastify" {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export type Authenticate = (
  authorization: string | undefined,
) => Promise<Principal>;

export interface AuthOptions {
  authenticate: Authenticate;
}

/** Whether the route this request matched requires a token. */
export const requiresToken = (request: FastifyRequest): boolean =>
  request.routeOptions.config.auth !== undefined;

/** The authenticated caller of a route declared with `config.auth`. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null)
    throw new HttpError(500, "The route has no authenticated caller");
  return request.principal;
}

export default fp<AuthOptions>(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app: FastifyInstance, { authenticate }) => {
    app.decorateRequest("principal", null);
    app.addHook("onRequest", async (request) => {
      const auth = request.routeOptions.config.auth;
      if (auth === undefined) return;
      const principal = await authenticate(request.headers.authorization);
      if (auth.scope !== undefined && !principal.scopes.has(auth.scope))
        throw forbiddenScope(auth.scope);
      request.principal = principal;
    });
  },
  { name: "auth", dependencies: ["rate-limit"] },
);
