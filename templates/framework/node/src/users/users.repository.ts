/**
 * User queries, through Kysely's bound parameters. Functions take the database (or a
 * transaction) first and return domain objects: booleans and timestamps mean the same
 * whichever database answered.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { toBoolean, toCount, toTimestamp } from "../db/columns.js";
import type { Database } from "../db/database.js";
import { isUniqueViolation } from "../db/errors.js";
import { conflict } from "../errors.js";
import type { NewUserRow, UserRow } from "./users.table.js";

export interface User {
  id: string;
  email: string;
  fullName: string | null;
  role: string;
  isActive: boolean;
  /** RFC 3339 UTC, with `Z`. */
  createdAt: string;
  updatedAt: string;
}

/** For the auth layer only: never returned by a route. */
export interface UserWithPassword extends User {
  hashedPassword: string | null;
}

export interface NewUser {
  email: string;
  hashedPassword: string | null;
  fullName?: string | null;
  role?: string;
}

export interface UserChanges {
  fullName?: string | null;
  role?: string;
  isActive?: boolean;
}

export const EMAIL_TAKEN = "This email is already registered";

type Db = Kysely<Database>;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    isActive: toBoolean(row.is_active),
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
  };
}

function toUserWithPassword(row: UserRow): UserWithPassword {
  return { ...toUser(row), hashedPassword: row.hashed_password };
}

/** Ids are stored lower-case; a client may send upper-case hex. */
const normaliseId = (id: string): string => id.toLowerCase();

export async function findUserById(
  db: Db,
  id: string,
): Promise<User | undefined> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", normaliseId(id))
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserWithPasswordById(
  db: Db,
  id: string,
): Promise<UserWithPassword | undefined> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", normaliseId(id))
    .executeTakeFirst();
  return row && toUserWithPassword(row);
}

/** `email` as stored: normalised by the caller (src/auth/email.ts). */
export async function findUserByEmail(
  db: Db,
  email: string,
): Promise<UserWithPassword | undefined> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", email)
    .executeTakeFirst();
  return row && toUserWithPassword(row);
}

/** Throws a 409 `HttpError` when the email is taken, a race included. */
export async function createUser(db: Db, user: NewUser): Promise<User> {
  const now = new Date();
  const row = {
    id: randomUUID(),
    email: user.email,
    hashed_password: user.hashedPassword,
    full_name: user.fullName ?? null,
    role: user.role ?? "user",
    is_active: true,
    created_at: now,
    updated_at: now,
  } satisfies NewUserRow;
  try {
    await db.insertInto("users").values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(EMAIL_TAKEN);
    throw error;
  }
  return toUser(row);
}

/** The changed user, or undefined if there is none with that id. */
export async function updateUser(
  db: Db,
  id: string,
  changes: UserChanges,
): Promise<User | undefined> {
  await db
    .updateTable("users")
    .set({
      ...(changes.fullName !== undefined && { full_name: changes.fullName }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.isActive !== undefined && { is_active: changes.isActive }),
      updated_at: new Date(),
    })
    .where("id", "=", normaliseId(id))
    .execute();
  return findUserById(db, id);
}

export async function setPasswordHash(
  db: Db,
  id: string,
  hashedPassword: string,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ hashed_password: hashedPassword, updated_at: new Date() })
    .where("id", "=", normaliseId(id))
    .execute();
}

export interface UserPage {
  users: User[];
  total: number;
}

/** Oldest first, by id within one instant: a stable order for paging. */
export async function listUsers(
  db: Db,
  { limit, offset }: { limit: number; offset: number },
): Promise<UserPage> {
  const [rows, counted] = await Promise.all([
    db
      .selectFrom("users")
      .selectAll()
      .orderBy("created_at")
      .orderBy("id")
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll().as("total"))
      .executeTakeFirstOrThrow(),
  ]);
  return { users: rows.map(toUser), total: toCount(counted.total) };
}
