/**
 * Password mode's part of the app: access tokens this API issues itself, checked on every
 * route that declares `config.auth`, and the OAuth2 routes that issue them. The framework
 * layer's app.ts asks for these through `createCredentials` and knows nothing of passwords.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { AppDeps } from "../app.js";
import { createAuthService } from "../auth/auth.service.js";
import { authenticate } from "../auth/authenticate.js";
import { ensureBootstrapAdmin } from "../auth/bootstrap.js";
import { loadTokenKeys } from "../auth/keys.js";
import { createLockout } from "../auth/lockout.js";
import { createPasswordHasher } from "../auth/passwords.js";
import { createTokenService } from "../auth/tokens.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import authRoutes from "../routes/auth.js";
import passwordRoutes from "../routes/password.js";
import { requiresToken, type Authenticate } from "./auth.js";

export const TOKEN_URL = "/auth/token";

export interface Credentials {
  authenticate: Authenticate;
  /** The user a valid bearer token names, on a route that authenticates (the rate-limit key). */
  identify: (request: FastifyRequest) => Promise<string | undefined>;
  tokenUrl: string;
  routes: FastifyPluginAsync;
}

/** `Bearer <token>` → the token; anything else → undefined. */
export function bearerToken(
  authorization: string | undefined,
): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  return match?.[1];
}

export async function createCredentials({
  config,
  db,
  limiterStore,
}: AppDeps): Promise<Credentials> {
  const tokens = createTokenService(await loadTokenKeys(config), config);
  const hasher = createPasswordHasher({
    timeCost: config.argon2TimeCost,
    memoryCost: config.argon2MemoryCost,
  });
  const lockout = createLockout(config, limiterStore);
  const service = createAuthService({ db, config, tokens, hasher, lockout });
  return {
    authenticate: (authorization) => authenticate(db, tokens, authorization),
    identify: async (request) => {
      const token = requiresToken(request)
        ? bearerToken(request.headers.authorization)
        : undefined;
      if (token === undefined) return undefined;
      try {
        return (await tokens.verifyAccessToken(token)).userId;
      } catch {
        return undefined; // an invalid token counts against the client's address
      }
    },
    tokenUrl: TOKEN_URL,
    routes: async (app) => {
      await app.register(authRoutes, {
        service,
        allowRegistration: config.allowRegistration,
      });
      await app.register(passwordRoutes, { service });
    },
  };
}

/** Start-up work before listening: the bootstrap admin. */
export async function prepareCredentials(
  config: Config,
  db: Kysely<Database>,
): Promise<void> {
  await ensureBootstrapAdmin(db, config);
}
