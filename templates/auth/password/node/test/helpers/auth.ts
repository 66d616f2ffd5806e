/**
 * Password mode's test wiring: the real services on a test database, with argon2 costs
 * far below the production floor (APP_ENV=test only) so that hashing takes milliseconds.
 */
import type { Kysely } from "kysely";
import {
  createAuthService,
  type AuthService,
} from "../../src/auth/auth.service.js";
import { loadTokenKeys } from "../../src/auth/keys.js";
import { createLockout, type Lockout } from "../../src/auth/lockout.js";
import {
  createPasswordHasher,
  type PasswordHasher,
} from "../../src/auth/passwords.js";
import {
  createTokenService,
  type TokenService,
} from "../../src/auth/tokens.js";
import type { Database } from "../../src/db/database.js";
import { createMemoryStore } from "../../src/limits/memory-store.js";
import type { TestDatabase } from "./db.js";
import { fixture } from "./fixture.js";

export const TEST_COST = { timeCost: 1, memoryCost: 64 };

export const TOKEN_SETTINGS = {
  jwtIssuer: "test-issuer",
  jwtAudience: "test-audience",
  accessTokenTtlSeconds: 900,
};

export interface AuthKit {
  service: AuthService;
  tokens: TokenService;
  hasher: PasswordHasher;
  lockout: Lockout;
}

export async function testTokens(): Promise<TokenService> {
  const keys = await loadTokenKeys({
    jwtAlgorithm: "HS256",
    jwtSecret: "a-test-secret-of-at-least-32-bytes!!",
    jwtPrivateKeyFile: undefined,
    jwtPublicKeyFile: undefined,
  });
  return createTokenService(keys, TOKEN_SETTINGS);
}

export async function createAuthKit(
  db: Kysely<Database>,
  options: { allowRegistration?: boolean; loginMaxFailures?: number } = {},
): Promise<AuthKit> {
  const tokens = await testTokens();
  const hasher = createPasswordHasher(TEST_COST);
  const lockout = createLockout(
    {
      loginMaxFailures: options.loginMaxFailures ?? 1000,
      loginLockoutSeconds: 60,
    },
    createMemoryStore(),
  );
  const service = createAuthService({
    db,
    config: {
      allowRegistration: options.allowRegistration ?? true,
      refreshTokenTtlSeconds: 3600,
    },
    tokens,
    hasher,
    lockout,
  });
  return { service, tokens, hasher, lockout };
}

/** `createAuthKit` on the file's test database (see ./fixture.ts), made before its tests. */
export function useAuthKit(t: TestDatabase): AuthKit {
  return fixture(() => createAuthKit(t.db));
}

/** The OAuth2 error code a promise rejects with, or its HTTP status. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<string | number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (typeof error === "object" && error !== null) {
      if ("error" in error && typeof error.error === "string")
        return error.error;
      if ("status" in error && typeof error.status === "number")
        return error.status;
    }
    throw error;
  }
}
