/**
 * The app as the tests build it: the real middleware and services on a fresh, migrated test
 * database, an in-process limiter store and no log output; requests go through Hono's
 * `app.request()` (no socket). `listen()` serves it on a real socket where the client's
 * address matters (the rate limit by IP).
 */
import { serve } from "@hono/node-server";
import { randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { buildApp, type App } from "../src/app.js";
import { loadConfig, type Config } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
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
  app: App,
  { scopes }: { scopes: readonly string[] },
): Promise<TestUser> {
  const email = `u-${randomUUID()}@example.com`;
  const registered = await app.request(
    "/auth/register",
    sendJson("POST", { email, password: TEST_PASSWORD }),
  );
  const user = (await registered.json()) as { id: string };
  const db = databases.get(app);
  if (scopes.includes("users:admin") && db !== undefined) {
    await db
      .updateTable("users")
      .set({ role: "admin" })
      .where("id", "=", user.id)
      .execute();
  }
  const issued = await app.request("/auth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      username: email,
      password: TEST_PASSWORD,
      scope: scopes.join(" "),
    }).toString(),
  });
  const body = (await issued.json()) as {
    access_token: string;
    refresh_token: string;
  };
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
