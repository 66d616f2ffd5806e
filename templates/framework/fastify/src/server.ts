/**
 * `npm start`: read and check the configuration, open the database, migrate, run the auth
 * layer's start-up work, then serve until SIGTERM / SIGINT, when in-flight requests finish
 * and the pool and the rate-limit store are closed. Any failure before listening is one
 * line on stderr and exit code 1: no stack trace, no connection string.
 */
import closeWithGrace from "close-with-grace";
import { pino } from "pino";
import { buildApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { LISTEN_BACKLOG, shedIdleConnections } from "./connections.js";
import { createDatabase } from "./db/connect.js";
import { migrateToLatest } from "./db/migrate.js";
import { readEnvironment } from "./env.js";
import { createLimiterStore } from "./limits/store.js";
import { loggerOptions } from "./logging.js";
import { prepareCredentials } from "./plugins/credentials.js";

/** How long in-flight requests may take to finish after SIGTERM. */
const GRACE_MS = 8_000;

function fail(message: string): void {
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
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

  // One logger for the app and the rate-limit store (which reports its connection going
  // down and coming back, one line each).
  const logger = pino(loggerOptions(config));
  let limiterStore;
  try {
    limiterStore = await createLimiterStore(config, logger);
  } catch (err) {
    await db.destroy();
    if (err instanceof ConfigError) {
      fail(err.message);
      return;
    }
    throw err;
  }

  const app = await buildApp({ config, db, limiterStore, logger });
  app.addHook("onClose", async () => {
    await Promise.allSettled([db.destroy(), limiterStore.close()]);
  });
  shedIdleConnections(app.server);
  // A failed accept() (e.g. out of file descriptors) is logged, never a crash.
  app.server.on("error", (err) => {
    app.log.warn({ err }, "server error");
  });

  closeWithGrace(
    {
      delay: GRACE_MS,
      logger: {
        error: (message: string) => {
          app.log.error(message);
        },
      },
    },
    async ({ err }) => {
      if (err !== undefined)
        app.log.error({ err }, "stopping after an unexpected error");
      await app.close();
    },
  );

  await app.listen({
    host: config.host,
    port: config.port,
    backlog: LISTEN_BACKLOG,
  });
}

await main();
