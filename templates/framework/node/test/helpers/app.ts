/**
 * What every adapter's `test/helpers.ts` shares: the settings a test app runs with, and a
 * user with an access token obtained through the real routes. An adapter supplies only how
 * it sends a POST (`inject`, supertest, `app.request`).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { loadConfig, type Config } from "../../src/config.js";
import type { Database } from "../../src/db/database.js";

export const TEST_PASSWORD = "correct-horse-battery-staple";

export interface TestUser {
  token: string;
  refreshToken: string;
  userId: string;
  email: string;
  password: string;
}

/** Settings of every test app on `databaseUrl`; `env` overrides them (e.g. `{ RATE_LIMIT_PER_MINUTE: "2" }`). */
export function testConfig(
  databaseUrl: string,
  env: Record<string, string> = {},
): Config {
  return loadConfig({
    APP_ENV: "test",
    DATABASE_URL: databaseUrl,
    // Route tests sign with a throwaway HS256 secret whatever the project's algorithm:
    // test/auth/tokens.test.ts covers signing and verification with each of the three.
    JWT_ALGORITHM: "HS256",
    JWT_SECRET: randomBytes(32).toString("hex"),
    RATE_LIMIT_PER_MINUTE: "100000",
    LOGIN_MAX_FAILURES: "1000",
    ARGON2_TIME_COST: "1",
    ARGON2_MEMORY_COST: "64",
    ...env,
  });
}

/** A POST through the adapter's own client, with a JSON or a form body; resolves to the parsed JSON answer. */
export type Post = (
  path: string,
  body: { json: Record<string, unknown> } | { form: Record<string, string> },
) => Promise<unknown>;

/**
 * A new user with an access token holding exactly `scopes` (an admin when one of them is
 * `users:admin`), through the real routes: register, then the password grant.
 */
export async function userWithToken(
  post: Post,
  db: Kysely<Database>,
  scopes: readonly string[],
): Promise<TestUser> {
  const email = `u-${randomUUID()}@example.com`;
  const user = (await post("/auth/register", {
    json: { email, password: TEST_PASSWORD },
  })) as { id: string };
  if (scopes.includes("users:admin")) {
    await db
      .updateTable("users")
      .set({ role: "admin" })
      .where("id", "=", user.id)
      .execute();
  }
  const issued = (await post("/auth/token", {
    form: {
      grant_type: "password",
      username: email,
      password: TEST_PASSWORD,
      scope: scopes.join(" "),
    },
  })) as { access_token: string; refresh_token: string };
  return {
    token: issued.access_token,
    refreshToken: issued.refresh_token,
    userId: user.id,
    email,
    password: TEST_PASSWORD,
  };
}

export const bearer = (token: string): { authorization: string } => ({
  authorization: `Bearer ${token}`,
});
