/**
 * users. Frozen: imports nothing from the app, only Kysely. The types are the portable
 * spellings every database layer's dialect maps (src/db/dialect.ts): `uuid` and
 * `timestamptz` are native on PostgreSQL, CHAR(36) / DATETIME(6) on MySQL, TEXT on SQLite.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (column) => column.notNull())
    .addColumn("email", "varchar(254)", (column) => column.notNull())
    // Null for accounts that cannot sign in with a password.
    .addColumn("hashed_password", "varchar(255)")
    .addColumn("full_name", "varchar(200)")
    .addColumn("role", "varchar(32)", (column) => column.notNull())
    .addColumn("is_active", "boolean", (column) => column.notNull())
    .addColumn("created_at", "timestamptz", (column) => column.notNull())
    .addColumn("updated_at", "timestamptz", (column) => column.notNull())
    .addPrimaryKeyConstraint("pk_users", ["id"])
    .addUniqueConstraint("uq_users_email", ["email"])
    .execute();
  await db.schema
    .createIndex("ix_users_created_at")
    .on("users")
    .column("created_at")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("users").execute();
}
