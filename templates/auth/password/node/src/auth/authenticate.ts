/**
 * The bearer-token check of every authenticated request, framework-free: the token is
 * verified, its login must not have ended, and the user is loaded, so that a disabled or
 * deleted user is out at once and the token's scopes are cut to what the role allows now.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { unauthorized } from "../errors.js";
import { findUserById } from "../users/users.repository.js";
import type { Principal } from "./principal.js";
import { isFamilyRevoked } from "./refresh-tokens.repository.js";
import { allowedScopes } from "./scopes.js";
import { InvalidTokenError, type TokenService } from "./tokens.js";

/**
 * The token of an `Authorization: Bearer <token>` header: everything after the first
 * space, as FastAPI's OAuth2PasswordBearer reads it (so `Bearer  a b` is a token that
 * fails verification, not a missing one). Another scheme, or nothing after it: none.
 */
export function bearerToken(
  authorization: string | undefined,
): string | undefined {
  if (!authorization) return undefined;
  const space = authorization.indexOf(" ");
  const scheme = space === -1 ? authorization : authorization.slice(0, space);
  const token = space === -1 ? "" : authorization.slice(space + 1);
  return scheme.toLowerCase() === "bearer" && token !== "" ? token : undefined;
}

/** The caller, or a 401 `HttpError` with its challenge (`error="invalid_token"` when a
 * token was sent). The scope a route needs (403) is the route's to check. */
export async function authenticate(
  db: Kysely<Database>,
  tokens: TokenService,
  authorization: string | undefined,
): Promise<Principal> {
  const token = bearerToken(authorization);
  if (token === undefined) throw unauthorized();
  const invalid = unauthorized(undefined, { invalidToken: true });
  let claims;
  try {
    claims = await tokens.verifyAccessToken(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw invalid;
    throw error;
  }
  // A revoke, a replayed refresh token or a password change ended the token's login.
  if (await isFamilyRevoked(db, claims.sessionId)) throw invalid;
  const user = await findUserById(db, claims.userId);
  if (!user?.isActive) throw invalid;
  const allowed = allowedScopes(user.role);
  return {
    userId: user.id,
    scopes: new Set([...claims.scopes].filter((scope) => allowed.has(scope))),
    user,
  };
}
