import type { Insertable, Selectable, Updateable } from "kysely";
import type { Flag, Timestamp } from "../db/columns.js";

export interface UserTable {
  /** A UUID made by the app (MySQL has no RETURNING). */
  id: string;
  /** Normalised (NFKC, trimmed, lower-cased) before it is stored. */
  email: string;
  /** Null for accounts that cannot sign in with a password. */
  hashed_password: string | null;
  full_name: string | null;
  role: string;
  is_active: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
