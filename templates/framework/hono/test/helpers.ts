/**
 * The app as the tests build it: the real middleware and services on a fresh, migrated test
 * database, an in-process limiter store and no log output; requests go through Hono's
 * `app.request()` (no socket). `listen()` serves it on a real socket where the client's
 * address matters (the rate limit by IP).
 */
import { serve } from "@hono/node-server";
import type { Kysely } from "kysely";
import { buildApp, type App } from "../src/app.js";
import type { Config } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
import { testConfig, userWithToken, type TestUser } from "./helpers/app.js";
import { createTestDatabase } from "./helpers/db.js";

export interface TestApp {
  app: App;
  db: Kysely<Database>;
  config: Config;
  close: () => Promise<void>;
}

/** Each test app's database, for `tokenFor` (Hono apps hold no decorators). */
const databases = new WeakMap<App, Kysely<Database>>();

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
  databases.set(app, database.db);
  return { app, db: database.db, config, close: () => database.destroy() };
}

/** `app` on a real socket at 127.0.0.1 (an ephemeral port), served by @hono/node-server. */
export function listen(
  app: App,
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, port: 0, hostname: "127.0.0.1" },
      ({ port }) => {
        resolve({
          url: `http://127.0.0.1:${String(port)}`,
          close: () =>
            new Promise((closed) => {
              server.close(() => {
                closed();
              });
            }),
        });
      },
    );
  });
}

/** A JSON request's init: `payload` serialised, with its Content-Type. */
export function sendJson(
  method: string,
  payload: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(payload),
  };
}

export { bearer, TEST_PASSWORD, type TestUser } from "./helpers/app.js";

/**
 * A new user with an access token holding exactly `scopes` (an admin when one of them is
 * `users:admin`), through the real routes, sent with `app.request()`.
 */
export function tokenFor(
  app: App,
  { scopes }: { scopes: readonly string[] },
): Promise<TestUser> {
  const db = databases.get(app);
  if (db === undefined)
    throw new Error("tokenFor: not an app of buildTestApp()");
  return userWithToken(
    async (path, body) => {
      const res = await app.request(
        path,
        "json" in body
          ? sendJson("POST", body.json)
          : {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams(body.form).toString(),
            },
      );
      return res.json();
    },
    db,
    scopes,
  );
}
