/** Users as the tests make and expect them, on every auth mode. */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/database.js";
import { createUser } from "../../src/users/users.repository.js";

/** A user's public fields, sorted: what every answer about a user shows, and no secret. */
export const PUBLIC_USER_FIELDS = [
  "created_at",
  "email",
  "full_name",
  "id",
  "is_active",
  "role",
];

/** A new user with a fresh address. */
export function createTestUser(
  db: Kysely<Database>,
  role = "user",
  hashedPassword: string | null = null,
) {
  return createUser(db, {
    email: `${randomUUID()}@example.com`,
    hashedPassword,
    role,
  });
}
