/**
 * The app as the tests build it: the real middleware and services on a fresh, migrated test
 * database, an in-process limiter store and no log output, served on an ephemeral port that
 * supertest drives (`t.http.get(...)`).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Kysely } from "kysely";
import supertest from "supertest";
import { createApp, type AppDeps } from "../src/app.js";
import { loadConfig, type Config } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { createMemoryStore } from "../src/limits/memory-store.js";
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
  app: TestApp,
  { scopes }: { scopes: readonly string[] },
): Promise<TestUser> {
  const email = `u-${randomUUID()}@example.com`;
  const registered = await app.http
    .post("/auth/register")
    .send({ email, password: TEST_PASSWORD });
  const user = registered.body as { id: string };
  if (scopes.includes("users:admin")) {
    await app.db
      .updateTable("users")
      .set({ role: "admin" })
      .where("id", "=", user.id)
      .execute();
  }
  const issued = await app.http
    .post("/auth/token")
    .type("form")
    .send({
      grant_type: "password",
      username: email,
      password: TEST_PASSWORD,
      scope: scopes.join(" "),
    });
  const body = issued.body as { access_token: string; refresh_token: string };
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
