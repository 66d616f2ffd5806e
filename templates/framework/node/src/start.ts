/**
 * What every server entry does before it builds its app: read and check the configuration,
 * open the database, migrate, run the auth layer's start-up work, then make the logger and
 * the rate-limit store. Any failure is one line on stderr and exit code 1, never a stack trace
 * or a connection string; the adapter's server.ts then builds the app and listens.
 */
import type { Kysely } from "kysely";
import { pino, type Logger } from "pino";
import { prepareCredentials } from "./auth/credentials.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createDatabase } from "./db/connect.js";
import type { Database } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { readEnvironment } from "./env.js";
import type { LimiterStore } from "./limits/counter.js";
import { createLimiterStore } from "./limits/store.js";
import { loggerOptions } from "./logging.js";

/** How long in-flight requests may take to finish after SIGTERM. */
export const GRACE_MS = 8_000;

export interface Services {
  config: Config;
  db: Kysely<Database>;
  limiterStore: LimiterStore;
  /** One logger for the app and the rate-limit store (which reports its connection going down and back). */
  logger: Logger;
}

function fail(message: string): void {
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}

/** The started services, or undefined once the reason they could not start is on stderr. */
export async function startServices(): Promise<Services | undefined> {
  let config: Config;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    if (err instanceof ConfigError) {
      fail(err.message);
      return;
    }
    throw err;
  }

  const db = createDatabase(config);
  try {
    if (config.migrateOnStart) await migrateToLatest(db);
    await prepareCredentials(config, db);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    const name = err instanceof Error ? err.constructor.name : typeof err;
    fail(
      `could not start: ${name} (is DATABASE_URL right, and does the database answer?)`,
    );
    return;
  }

  const logger = pino(loggerOptions(config));
  try {
    return {
      config,
      db,
      limiterStore: await createLimiterStore(config, logger),
      logger,
    };
  } catch (err) {
    await db.destroy();
    if (err instanceof ConfigError) {
      fail(err.message);
      return;
    }
    throw err;
  }
}
