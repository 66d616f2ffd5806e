/**
 * A fresh, migrated database per test file (CONTRACT §2): TEST_DATABASE_URL when it is set,
 * else the configured server's `<name>_test` database, else a throwaway SQLite file. A
 * server database is one the run may create tables in and wipe: every table in it is
 * dropped first. Never the development database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { loadConfig } from "../../src/config.js";
import { createDatabase } from "../../src/db/connect.js";
import type { Database } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { readEnvironment } from "../../src/env.js";
import { fixture } from "./fixture.js";

export interface TestDatabase {
  db: Kysely<Database>;
  url: string;
  destroy(): Promise<void>;
}

/**
 * TEST_DATABASE_URL; else the configured server's `<name>_test` database (the name kept
 * when it already ends so); undefined when the configured database is a SQLite file.
 */
function serverTestUrl(): string | undefined {
  const env = readEnvironment();
  const given = env.TEST_DATABASE_URL;
  if (given !== undefined && given !== "") return given;
  const configured = loadConfig(env, { serving: false }).databaseUrl;
  if (configured.startsWith("sqlite:")) return undefined;
  const url = new URL(configured);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = `/${encodeURIComponent(name.endsWith("_test") ? name : `${name}_test`)}`;
  return url.toString();
}

/** The server test database, else a new SQLite file under the OS temp dir, removed afterwards. */
function testUrl(): { url: string; cleanup: () => void; server: boolean } {
  const server = serverTestUrl();
  if (server !== undefined)
    return { url: server, cleanup: () => undefined, server: true };
  const dir = mkdtempSync(path.join(tmpdir(), "api-test-"));
  return {
    url: `sqlite:///${path.join(dir, "test.db")}`,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
    server: false,
  };
}

async function dropAllTables(db: Kysely<Database>): Promise<void> {
  const tables = await db.introspection.getTables({
    withInternalKyselyTables: true,
  });
  // Dependants first: a table with foreign keys goes before the tables it points at.
  const remaining = new Set(tables.map((table) => table.name));
  for (let pass = 0; remaining.size > 0 && pass < 10; pass += 1) {
    for (const name of [...remaining]) {
      try {
        await db.schema.dropTable(name).ifExists().execute();
        remaining.delete(name);
      } catch {
        // Still referenced: dropped on a later pass, once its dependants are gone.
      }
    }
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { url, cleanup, server } = testUrl();
  const db = createDatabase({ databaseUrl: url, databasePoolSize: 5 });
  if (server) await dropAllTables(db);
  await migrateToLatest(db);
  return {
    db,
    url,
    destroy: async () => {
      await db.destroy();
      cleanup();
    },
  };
}

/** The calling test file's database (see ./fixture.ts): made before its tests, destroyed after. */
export function useTestDatabase(): TestDatabase {
  return fixture(createTestDatabase, (made) => made.destroy());
}
