/**
 * The query layer's one instance. Which driver is behind it is the database layer's
 * business (./dialect.ts, one per database); nothing here logs SQL.
 */
import { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Database } from "./database.js";
import { createDialect } from "./dialect.js";

export function createDatabase(
  config: Pick<Config, "databaseUrl" | "databasePoolSize">,
): Kysely<Database> {
  return new Kysely<Database>({
    dialect: createDialect({
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
    }),
  });
}
