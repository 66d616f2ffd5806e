/**
 * The app as the tests build it: the real plugins and services on a fresh, migrated test
 * database, an in-process limiter store and no log output; requests go through `inject`.
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { buildApp } from "../src/app.js";
import type { Config } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
import { testConfig, userWithToken, type TestUser } from "./helpers/app.js";
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
  const config = testConfig(database.url, env);
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

export { bearer, TEST_PASSWORD, type TestUser } from "./helpers/app.js";

/**
 * A new user with an access token holding exactly `scopes` (an admin when one of them is
 * `users:admin`), through the real routes, sent with `inject`.
 */
export function tokenFor(
  app: FastifyInstance,
  { scopes }: { scopes: readonly string[] },
): Promise<TestUser> {
  return userWithToken(
    async (url, body) => {
      const res = await app.inject(
        "json" in body
          ? { method: "POST", url, payload: body.json }
          : {
              method: "POST",
              url,
              payload: new URLSearchParams(body.form).toString(),
              headers: { "content-type": "application/x-www-form-urlencoded" },
            },
      );
      return res.json();
    },
    app.db,
    scopes,
  );
}
