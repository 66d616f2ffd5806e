/**
 * Refresh tokens (password mode). Frozen: a later change is a new migration. Portable
 * types only; each database's dialect spells `uuid` and `timestamptz` its own way.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("refresh_tokens")
    .addColumn("id", "uuid", (column) => column.primaryKey())
    .addColumn("user_id", "uuid", (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("family_id", "uuid", (column) => column.notNull())
    .addColumn("token_hash", "varchar(64)", (column) =>
      column.notNull().unique(),
    )
    .addColumn("scope", "varchar(2000)", (column) => column.notNull())
    .addColumn("created_at", "timestamptz", (column) => column.notNull())
    .addColumn("expires_at", "timestamptz", (column) => column.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("ix_refresh_tokens_user_id")
    .on("refresh_tokens")
    .column("user_id")
    .execute();
  await db.schema
    .createIndex("ix_refresh_tokens_family_id")
    .on("refresh_tokens")
    .column("family_id")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("refresh_tokens").execute();
}
