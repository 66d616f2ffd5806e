/**
 * `refresh_tokens`: one row per issued refresh token. Only the token's SHA-256 is stored;
 * `family_id` ties the tokens of one login together (and is the access tokens' `sid`), so
 * that a replayed token, a revoke or a password change can end the whole chain.
 */
import type { ColumnType, Selectable } from "kysely";

/** Bound as a `Date`; read back as a `Date`, or as ISO 8601 text on SQLite. */
type Timestamp = ColumnType<Date | string, Date, Date>;
type OptionalTimestamp = ColumnType<
  Date | string | null,
  Date | null | undefined,
  Date | null
>;

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  /** The scopes granted at login, space-separated: a rotation never widens them. */
  scope: string;
  created_at: Timestamp;
  /** Absolute: a rotation carries the family's original expiry forward. */
  expires_at: Timestamp;
  used_at: OptionalTimestamp;
  revoked_at: OptionalTimestamp;
}

export type RefreshTokenRow = Selectable<RefreshTokensTable>;
