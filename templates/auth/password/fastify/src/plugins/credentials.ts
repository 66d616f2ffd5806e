/**
 * Password mode's part of the Fastify app: the core's credentials (`src/auth/credentials.ts`)
 * wired into the auth and rate-limit plugins, and the OAuth2 routes that issue the tokens.
 * The framework layer's app.ts asks for these through `createCredentials` and knows nothing
 * of passwords.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { AppDeps } from "../app.js";
import { createPasswordAuth } from "../auth/credentials.js";
import authRoutes from "../routes/auth.js";
import passwordRoutes from "../routes/password.js";
import { requiresToken, type Authenticate } from "./auth.js";

export interface Credentials {
  authenticate: Authenticate;
  /** The user a valid bearer token names, on a route that authenticates (the rate-limit key). */
  identify: (request: FastifyRequest) => Promise<string | undefined>;
  tokenUrl: string;
  routes: FastifyPluginAsync;
}

export async function createCredentials(deps: AppDeps): Promise<Credentials> {
  const auth = await createPasswordAuth(deps);
  return {
    authenticate: auth.authenticate,
    identify: async (request) =>
      requiresToken(request)
        ? auth.identify(request.headers.authorization)
        : undefined,
    tokenUrl: auth.tokenUrl,
    routes: async (app) => {
      await app.register(authRoutes, {
        service: auth.service,
        allowRegistration: deps.config.allowRegistration,
      });
      await app.register(passwordRoutes, { service: auth.service });
    },
  };
}
