/**
 * Password mode's credentials, framework-free: the services behind the OAuth2 routes, the
 * bearer-token check of every route that requires one, and the rate limiter's question
 * "which user does this token name?". An adapter wires these into its own hooks and routes
 * and knows nothing of passwords; the OIDC layer provides the same names.
 */
import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { LimiterStore } from "../limits/counter.js";
import { createAuthService, type AuthService } from "./auth.service.js";
import { authenticate, bearerToken } from "./authenticate.js";
import { ensureBootstrapAdmin } from "./bootstrap.js";
import { loadTokenKeys } from "./keys.js";
import { createLockout } from "./lockout.js";
import { createPasswordHasher } from "./passwords.js";
import type { Principal } from "./principal.js";
import { createTokenService } from "./tokens.js";

export const TOKEN_URL = "/auth/token";

export interface CredentialsDeps {
  config: Config;
  db: Kysely<Database>;
  limiterStore: LimiterStore;
}

export interface PasswordAuth {
  /** Login, refresh, revoke, register and password change, for the routes. */
  service: AuthService;
  /** The caller of a route that requires a token, or a 401 `HttpError` with its challenge. */
  authenticate: (authorization: string | undefined) => Promise<Principal>;
  /**
   * The user a valid access token names (the rate-limit key), or undefined. Ask only on a
   * route that requires a token: elsewhere a token counts against the client's address.
   */
  identify: (authorization: string | undefined) => Promise<string | undefined>;
  tokenUrl: string;
}

export async function createPasswordAuth({
  config,
  db,
  limiterStore,
}: CredentialsDeps): Promise<PasswordAuth> {
  const tokens = createTokenService(await loadTokenKeys(config), config);
  const hasher = createPasswordHasher({
    timeCost: config.argon2TimeCost,
    memoryCost: config.argon2MemoryCost,
  });
  const lockout = createLockout(config, limiterStore);
  return {
    service: createAuthService({ db, config, tokens, hasher, lockout }),
    authenticate: (authorization) => authenticate(db, tokens, authorization),
    identify: async (authorization) => {
      const token = bearerToken(authorization);
      if (token === undefined) return undefined;
      try {
        return (await tokens.verifyAccessToken(token)).userId;
      } catch {
        return undefined; // an invalid token counts against the client's address
      }
    },
    tokenUrl: TOKEN_URL,
  };
}

/** Start-up work before listening: the bootstrap admin. */
export async function prepareCredentials(
  config: Config,
  db: Kysely<Database>,
): Promise<void> {
  await ensureBootstrapAdmin(db, config);
}
