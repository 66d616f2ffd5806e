/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL and says which, in one
 * line each. On failure one line names the migration and the error's class (its message
 * could carry SQL or a connection string), and the exit code is 1.
 */
import type { Kysely } from "kysely";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createDatabase } from "./db/connect.js";
import type { Database } from "./db/database.js";
import { migrateToLatest, MigrationError } from "./db/migrate.js";
import { readEnvironment } from "./env.js";

function configure(): Config | undefined {
  try {
    return loadConfig(readEnvironment(), { serving: false });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const config = configure();
  if (config === undefined) return 1;
  let db: Kysely<Database>;
  try {
    db = createDatabase(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return 1;
  }
  try {
    const applied = await migrateToLatest(db);
    for (const name of applied) console.log(`applied ${name}`);
    if (applied.length === 0) console.log("the database is up to date");
    return 0;
  } catch (error) {
    const cause = error instanceof MigrationError ? error.cause : error;
    const what =
      error instanceof MigrationError ? error.message : "migrating failed";
    const kind = cause instanceof Error ? cause.constructor.name : typeof cause;
    console.error(
      `error: ${what} (${kind}); is DATABASE_URL right, and does the database answer?`,
    );
    return 1;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
