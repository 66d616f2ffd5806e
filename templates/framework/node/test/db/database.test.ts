import { describe, expect, it } from "vitest";
import { orderBySortKey, parseSortKey, sortValues } from "../../src/db/sort.js";
import { toBoolean, toTimestamp } from "../../src/db/columns.js";
import {
  databaseErrorKind,
  isUniqueViolation,
  isValueOutOfRange,
} from "../../src/db/errors.js";
import { isDatabaseReady } from "../../src/health.js";
import { Migrator, NO_MIGRATIONS } from "kysely/migration";
import { MigrationError, migrateToLatest } from "../../src/db/migrate.js";
import { migrations } from "../../src/db/migrations/index.js";
import { createDatabase } from "../../src/db/connect.js";
import { createTestDatabase, useTestDatabase } from "../helpers/db.js";

const t = useTestDatabase();

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe("the database layer", () => {
  it("is migrated, and migrating again applies nothing", async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    const tables = (await t.db.introspection.getTables()).map(
      (table) => table.name,
    );
    expect(tables).toContain("users");
  });

  it("stores booleans and timestamps the same way on every database", async () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const id = crypto.randomUUID();
    await t.db
      .insertInto("users")
      .values({
        id,
        email: `${id}@example.com`,
        hashed_password: null,
        full_name: "A 😀 name",
        role: "user",
        is_active: false,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const row = await t.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect([false, 0]).toContain(row.is_active);
    expect(row.full_name).toBe("A 😀 name");
    const created =
      row.created_at instanceof Date
        ? row.created_at
        : new Date(row.created_at);
    expect(created.toISOString()).toBe("2026-01-02T03:04:05.678Z");
    expect(created.toISOString()).toMatch(RFC3339_UTC);
  });

  it("says which errors are unique violations", async () => {
    const id = crypto.randomUUID();
    const user = {
      email: `${id}@example.com`,
      hashed_password: null,
      full_name: null,
      role: "user",
      is_active: true,
      created_at: new Date(),
      updated_at: new Date(),
    };
    await t.db
      .insertInto("users")
      .values({ id, ...user })
      .execute();
    const error: unknown = await t.db
      .insertInto("users")
      .values({ id: crypto.randomUUID(), ...user })
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error("other"))).toBe(false);
  });

  it("refuses, never truncates, a value the column cannot hold (strict mode on MySQL)", async () => {
    const id = crypto.randomUUID();
    const error: unknown = await t.db
      .insertInto("users")
      .values({
        id,
        email: `${id}@example.com`,
        hashed_password: null,
        full_name: "x".repeat(201),
        role: "user",
        is_active: true,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // SQLite does not enforce VARCHAR lengths: the schemas do, before any query.
    const sqlite = t.url.startsWith("sqlite:");
    if (sqlite) expect(error).toBeUndefined();
    else expect(databaseErrorKind(error)).toBe("out-of-range");
    expect(isValueOutOfRange(error)).toBe(!sqlite);
  });

  it("sorts by allow-listed keys only", async () => {
    const allowed = ["created_at", "email"] as const;
    expect(parseSortKey("-created_at", allowed)).toEqual({
      column: "created_at",
      descending: true,
    });
    expect(parseSortKey("email", allowed)).toEqual({
      column: "email",
      descending: false,
    });
    expect(parseSortKey("password", allowed)).toBeUndefined();
    expect(parseSortKey("-", allowed)).toBeUndefined();
    expect(sortValues(allowed)).toEqual([
      "created_at",
      "-created_at",
      "email",
      "-email",
    ]);
    const query = t.db.selectFrom("users").select("email");
    const rows = await orderBySortKey(
      query,
      { column: "email", descending: true },
      allowed,
    ).execute();
    const emails = rows.map((row) => row.email);
    expect(emails).toEqual([...emails].sort().reverse());
    expect(() =>
      orderBySortKey(
        query,
        { column: "email; drop table users", descending: false },
        allowed,
      ),
    ).toThrow(RangeError);
  });

  it("is ready while it answers, and not when it cannot", async () => {
    expect(await isDatabaseReady(t.db)).toBe(true);
    // A folder that cannot be made (under a file), or a port nothing listens on.
    const unreachable = t.url.startsWith("sqlite:")
      ? "sqlite:////dev/null/no-such-dir/test.db"
      : t.url.replace(/@[^/]+\//, "@127.0.0.1:9/");
    const other = createDatabase({
      databaseUrl: unreachable,
      databasePoolSize: 1,
    });
    try {
      expect(await isDatabaseReady(other)).toBe(false);
    } finally {
      await other.destroy().catch(() => undefined);
    }
  });

  it("undoes every migration, newest first, and applies them again", async () => {
    const migrator = new Migrator({
      db: t.db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(await t.db.introspection.getTables()).toEqual([]);
    expect(await migrateToLatest(t.db)).toEqual(Object.keys(migrations));
  });

  // Last: it leaves this file's database half-migrated (on a server, `other` is the same one).
  it("reports a failed migration by name", async () => {
    // A table in the way of 0001, with no record of migrations: 0001 fails.
    const other = await createTestDatabase();
    try {
      await other.db.schema.dropTable("kysely_migration").execute();
      await other.db.schema.dropTable("kysely_migration_lock").execute();
      const error: unknown = await migrateToLatest(other.db).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toBe("migration 0001_users failed");
    } finally {
      await other.destroy();
    }
  });

  it("maps driver values to domain values", () => {
    expect(toTimestamp("2026-01-02T03:04:05.000Z")).toBe(
      "2026-01-02T03:04:05.000Z",
    );
    expect(() => toTimestamp("not a time")).toThrow(RangeError);
    expect([toBoolean(1), toBoolean(0), toBoolean(true)]).toEqual([
      true,
      false,
      true,
    ]);
  });
});
