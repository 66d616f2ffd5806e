/**
 * The app as the tests build it: the real plugins and services on a fresh, migrated test
 * database, an in-process limiter store and no log output; requests go through `inject`.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { buildApp } from "../src/app.js";
import { loadConfig, type Config } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
import { createTestDatabase } from "./helpers/db.js";

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<Database>;
  config: Config;
  close: () => Promise<void>;
}

/** Settings of every test app; `env` overrides them (e.g. `{ RATE_LIMIT_PER_MINUTE: "2" }`). */
export async function buildTestApp(
  env: Record<string, string> = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    APP_ENV: "test",
    DATABASE_URL: database.url,
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
  const app = await buildApp({
    config,
    db: database.db,
    limiterStore: createMemoryStore(),
    logger: false,
  });
  await app.ready();
  return {
    app,
    db: database.db,
    config,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

export const TEST_PASSWORD = "correct-horse-battery-staple";

export interface TestUser {
  token: string;
  refreshToken: string;
  userId: string;
  email: string;
  password: string;
}

/**
 * A new user with an access token holding exactly `scopes` (an admin when one of them is
 * `users:admin`), through the real routes: register, then the password grant.
 */
export async function tokenFor(
  app: FastifyInstance,
  { scopes }: { scopes: readonly string[] },
): Promise<TestUser> {
  const email = `u-${randomUUID()}@example.com`;
  const registered = await app.inject({
    method: "POST",
    url: "/auth/register",
    payload: { email, password: TEST_PASSWORD },
  });
  const user = registered.json<{ id: string }>();
  if (scopes.includes("users:admin")) {
    await app.db
      .updateTable("users")
      .set({ role: "admin" })
      .where("id", "=", user.id)
      .execute();
  }
  const issued = await app.inject({
    method: "POST",
    url: "/auth/token",
    payload: new URLSearchParams({
      grant_type: "password",
      username: email,
      password: TEST_PASSWORD,
      scope: scopes.join(" "),
    }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const body = issued.json<{ access_token: string; refresh_token: string }>();
  return {
    token: body.access_token,
    refreshToken: body.refresh_token,
    userId: user.id,
    email,
    password: TEST_PASSWORD,
  };
}

export const bearer = (token: string): { authorization: string } => ({
  authorization: `Bearer ${token}`,
});
