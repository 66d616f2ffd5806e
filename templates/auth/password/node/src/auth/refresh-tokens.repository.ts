/**
 * Refresh-token queries: opaque 256-bit tokens, stored as SHA-256, rotated on use, revoked
 * by family. Every function takes `db` or a transaction; the service decides which.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { ROW_LOCKS } from "../db/dialect.js";
import type { RefreshTokenRow } from "./refresh-tokens.table.js";

const TOKEN_BYTES = 32; // 256 bits

export interface RefreshToken {
  id: string;
  userId: string;
  familyId: string;
  scope: string;
  expiresAt: Date;
}

export interface IssuedRefreshToken {
  /** The only copy of the token itself: the row holds its hash. */
  token: string;
  familyId: string;
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function toRefreshToken(row: RefreshTokenRow): RefreshToken {
  return {
    id: row.id,
    userId: row.user_id,
    familyId: row.family_id,
    scope: row.scope,
    expiresAt: toDate(row.expires_at),
  };
}

/** A new token; a rotation passes the family and its original expiry. */
export async function insertRefreshToken(
  db: Kysely<Database>,
  grant: { userId: string; scope: string; familyId: string; expiresAt: Date },
): Promise<IssuedRefreshToken> {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  await db
    .insertInto("refresh_tokens")
    .values({
      id: randomUUID(),
      user_id: grant.userId,
      family_id: grant.familyId,
      token_hash: digest(token),
      scope: grant.scope,
      created_at: new Date(),
      expires_at: grant.expiresAt,
    })
    .execute();
  return { token, familyId: grant.familyId };
}

export async function findRefreshToken(
  db: Kysely<Database>,
  token: string,
): Promise<RefreshToken | undefined> {
  const row = await db
    .selectFrom("refresh_tokens")
    .selectAll()
    .where("token_hash", "=", digest(token))
    .executeTakeFirst();
  return row && toRefreshToken(row);
}

/**
 * Serialises every change to one user's sessions (refresh, revoke, password change) on
 * the user's row, until the transaction ends. Without it a revoke's UPDATE can miss the
 * token a racing refresh is inserting (PostgreSQL), or deadlock with it (MySQL's gap
 * locks). SQLite has no row locks and needs none: Kysely runs one transaction at a time
 * on its one connection.
 */
export async function lockUser(
  trx: Kysely<Database>,
  userId: string,
): Promise<void> {
  if (!ROW_LOCKS) return;
  await trx
    .selectFrom("users")
    .select("id")
    .where("id", "=", userId)
    .forUpdate()
    .execute();
}

/**
 * Marks a live token used: true for exactly one of any number of concurrent callers.
 * The check and the mark are one conditional UPDATE, so the database decides the race.
 */
export async function spendRefreshToken(
  trx: Kysely<Database>,
  id: string,
  now: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable("refresh_tokens")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function revokeFamily(
  db: Kysely<Database>,
  familyId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable("refresh_tokens")
    .set({ revoked_at: now })
    .where("family_id", "=", familyId)
    .where("revoked_at", "is", null)
    .execute();
}

/** Every session of the user: a logout everywhere, or a password change. */
export async function revokeUserTokens(
  db: Kysely<Database>,
  userId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable("refresh_tokens")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}

/**
 * Whether the login has ended: its access tokens (whose `sid` names the family) are
 * refused from then on. Revocation marks every live row of the family, so one is enough.
 */
export async function isFamilyRevoked(
  db: Kysely<Database>,
  familyId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("refresh_tokens")
    .select("id")
    .where("family_id", "=", familyId)
    .where("revoked_at", "is not", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
