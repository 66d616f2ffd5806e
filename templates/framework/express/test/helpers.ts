/**
 * The app as the tests build it: the real middleware and services on a fresh, migrated test
 * database, an in-process limiter store and no log output, served on an ephemeral port that
 * supertest drives (`t.http.get(...)`).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Kysely } from "kysely";
import supertest from "supertest";
import { createApp, type AppDeps } from "../src/app.js";
import type { Config } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
import { testConfig, userWithToken, type TestUser } from "./helpers/app.js";
import { createTestDatabase } from "./helpers/db.js";

export interface TestApp {
  app: Express;
  /** supertest, bound to the app's server. */
  http: ReturnType<typeof supertest>;
  /** The server's base URL, for requests supertest cannot send (raw bytes). */
  url: string;
  db: Kysely<Database>;
  config: Config;
  close: () => Promise<void>;
}

/** A listening server for `app`, and how to close it. */
export async function serve(
  app: Express,
): Promise<{ server: Server; close: () => Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
      }),
  };
}

/** Settings of every test app; `env` overrides them (e.g. `{ RATE_LIMIT_PER_MINUTE: "2" }`). */
export async function buildTestApp(
  env: Record<string, string> = {},
  deps: Partial<Pick<AppDeps, "limiterStore">> = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, env);
  const app = await createApp({
    config,
    db: database.db,
    limiterStore: deps.limiterStore ?? createMemoryStore(),
    logger: false,
  });
  const { server, close } = await serve(app);
  return {
    app,
    http: supertest(server),
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    db: database.db,
    config,
    close: async () => {
      await close();
      await database.destroy();
    },
  };
}

export { bearer, TEST_PASSWORD, type TestUser } from "./helpers/app.js";

/**
 * A new user with an access token holding exactly `scopes` (an admin when one of them is
 * `users:admin`), through the real routes, sent with supertest.
 */
export function tokenFor(
  app: TestApp,
  { scopes }: { scopes: readonly string[] },
): Promise<TestUser> {
  return userWithToken(
    async (path, body) =>
      (
        await ("json" in body
          ? app.http.post(path).send(body.json)
          : app.http.post(path).type("form").send(body.form))
      ).body as unknown,
    app.db,
    scopes,
  );
}
