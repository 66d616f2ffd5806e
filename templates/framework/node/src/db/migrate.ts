/**
 * Migrations to the latest, from the static list in ./migrations/index.ts (no directory
 * scan: the build is the same wherever it runs, and `add endpoint` appends one entry).
 */
import type { Kysely } from "kysely";
import { Migrator, type MigrationResult } from "kysely/migration";
import { migrations } from "./migrations/index.js";

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

/** Applies what is pending; returns the names applied. Throws `MigrationError` on failure. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find(
      (result: MigrationResult) => result.status === "Error",
    );
    const which = failed === undefined ? "" : ` ${failed.migrationName}`;
    throw new MigrationError(`migration${which} failed`, { cause: error });
  }
  return results
    .filter((result) => result.status === "Success")
    .map((result) => result.migrationName);
}
