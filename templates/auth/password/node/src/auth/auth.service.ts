/**
 * Password mode's use cases: registration, the OAuth2 token endpoint (password and
 * refresh_token grants), RFC 7009 revocation and the password change. Framework-free:
 * errors are thrown as `HttpError` (problem details) or `OAuthError` (RFC 6749 §5.2).
 *
 * The password grant is for this API's own first-party clients only (RFC 9700 §2.4).
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import {
  badRequest,
  conflict,
  notFound,
  OAuthError,
  unauthorized,
} from "../errors.js";
import {
  createUser,
  EMAIL_TAKEN,
  findUserByEmail,
  findUserById,
  findUserWithPasswordById,
  setPasswordHash,
  type User,
} from "../users/users.repository.js";
import { toUserPublic, type UserPublic } from "../users/users.schemas.js";
import type {
  RegisterBody,
  PasswordChangeBody,
  TokenResponse,
} from "./auth.schemas.js";
import { EMAIL_MAX_LENGTH, normaliseEmail } from "../email.js";
import type { Lockout } from "./lockout.js";
import {
  characterLength,
  PASSWORD_MAX_LENGTH,
  type PasswordHasher,
} from "./passwords.js";
import type { Principal } from "./principal.js";
import {
  findRefreshToken,
  insertRefreshToken,
  lockUser,
  revokeFamily,
  revokeUserTokens,
  spendRefreshToken,
} from "./refresh-tokens.repository.js";
import { allowedScopes, SCOPES } from "./scopes.js";
import { parseTokenForm, type FormParameters } from "./token-form.js";
import { InvalidTokenError, type TokenService } from "./tokens.js";

export interface AuthServiceDeps {
  db: Kysely<Database>;
  config: Pick<Config, "allowRegistration" | "refreshTokenTtlSeconds">;
  tokens: TokenService;
  hasher: PasswordHasher;
  lockout: Lockout;
}

export interface AuthService {
  /** 201's body; 404 when registration is closed, 409 when the email is taken. */
  register(body: RegisterBody): Promise<UserPublic>;
  /** The token endpoint, from its raw form: every failure is an OAuthError but the 429. */
  token(form: FormParameters): Promise<TokenResponse>;
  passwordGrant(
    username: string,
    password: string,
    scope?: string,
  ): Promise<TokenResponse>;
  refreshGrant(refreshToken: string, scope?: string): Promise<TokenResponse>;
  /** RFC 7009: never fails for a bad token. */
  revoke(token: string | undefined): Promise<void>;
  /** 400 for a wrong current password, 429 while the account is locked. */
  changePassword(principal: Principal, body: PasswordChangeBody): Promise<void>;
}

// One answer for every reason, so it tells nothing about the account.
const BAD_CREDENTIALS = "invalid username or password";
const BAD_REFRESH_TOKEN = "the refresh token is invalid, expired or spent";

/** RFC 6749 §3.3: space-delimited. */
function scopeList(scope: string): string[] {
  return scope.split(/\s+/).filter(Boolean);
}

export function createAuthService({
  db,
  config,
  tokens,
  hasher,
  lockout,
}: AuthServiceDeps): AuthService {
  /** The refresh token row is written (and committed) before the access token is signed. */
  async function tokenPair(
    user: User,
    scopes: readonly string[],
    issued: { token: string; familyId: string },
  ): Promise<TokenResponse> {
    return {
      access_token: await tokens.issueAccessToken({
        userId: user.id,
        scopes,
        sessionId: issued.familyId,
      }),
      token_type: "bearer",
      expires_in: tokens.accessTokenTtlSeconds,
      refresh_token: issued.token,
      scope: [...scopes].sort().join(" "),
    };
  }

  const service: AuthService = {
    async register(body) {
      if (!config.allowRegistration) throw notFound("Not Found");
      if ((await findUserByEmail(db, body.email)) !== undefined) {
        throw conflict(EMAIL_TAKEN);
      }
      // A concurrent registration that wins the race past this check: createUser's own 409.
      const user = await createUser(db, {
        email: body.email,
        hashedPassword: await hasher.hash(body.password),
        fullName: body.full_name ?? null,
      });
      return toUserPublic(user);
    },

    async token(form) {
      const request = parseTokenForm(form);
      if (request.grantType === "password") {
        const { username, password, scope } = request;
        return await service.passwordGrant(username, password, scope);
      }
      return await service.refreshGrant(request.refreshToken, request.scope);
    },

    async passwordGrant(username, password, scope) {
      // The spelling registration stores: lookalike forms reach (and lock) the same account.
      const email = normaliseEmail(username);
      const requested = scope === undefined ? [] : scopeList(scope);
      if (requested.some((name) => !Object.hasOwn(SCOPES, name))) {
        throw new OAuthError("invalid_scope", "unknown scope requested");
      }
      await lockout.begin(email); // counts this attempt (a failure unless it succeeds)
      const user =
        characterLength(email) <= EMAIL_MAX_LENGTH
          ? await findUserByEmail(db, email)
          : undefined;
      // Longer can never match: verify a bounded prefix, so an unknown user costs the same.
      const tooLong = characterLength(password) > PASSWORD_MAX_LENGTH;
      const candidate = tooLong
        ? password.slice(0, PASSWORD_MAX_LENGTH + 1)
        : password;
      const { matches, rehashed } = await hasher.verify(
        candidate,
        user?.hashedPassword,
      );
      if (!matches || user === undefined || !user.isActive || tooLong) {
        throw new OAuthError("invalid_grant", BAD_CREDENTIALS);
      }
      await lockout.succeeded(email);
      const allowed = allowedScopes(user.role);
      const granted = [
        ...new Set(requested.length > 0 ? requested : allowed),
      ].filter((name) => allowed.has(name));
      const issued = await db.transaction().execute(async (trx) => {
        // A password change that committed while this one was being verified ends this
        // login before it starts: the session would belong to the old password.
        await lockUser(trx, user.id);
        const current = await findUserWithPasswordById(trx, user.id);
        if (current?.hashedPassword !== user.hashedPassword) return undefined;
        // Stored with older argon2 parameters: upgrade now that we know the password.
        if (rehashed !== undefined)
          await setPasswordHash(trx, user.id, rehashed);
        return insertRefreshToken(trx, {
          userId: user.id,
          scope: [...granted].sort().join(" "),
          familyId: randomUUID(),
          expiresAt: new Date(
            Date.now() + config.refreshTokenTtlSeconds * 1000,
          ),
        });
      });
      if (issued === undefined)
        throw new OAuthError("invalid_grant", BAD_CREDENTIALS);
      return tokenPair(user, granted, issued);
    },

    async refreshGrant(refreshToken, scope) {
      // Spend and rotate in one transaction; a replay's family revocation is kept (returned,
      // not thrown, so that it commits), a refused scope rolls the spend back (thrown).
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await findRefreshToken(trx, refreshToken);
        if (row === undefined) return undefined;
        await lockUser(trx, row.userId);
        const now = new Date();
        if (row.expiresAt <= now) return undefined;
        if (!(await spendRefreshToken(trx, row.id, now))) {
          // Spent or revoked already: a replay. Every token of that login dies with it.
          await revokeFamily(trx, row.familyId, now);
          return undefined;
        }
        const user = await findUserById(trx, row.userId);
        if (!user?.isActive) return undefined;
        const original = new Set(scopeList(row.scope));
        const requested =
          scope === undefined ? original : new Set(scopeList(scope));
        if (![...requested].every((name) => original.has(name))) {
          throw new OAuthError(
            "invalid_scope",
            "scope exceeds the original grant",
          );
        }
        const allowed = allowedScopes(user.role);
        const granted = [...requested].filter((name) => allowed.has(name));
        const issued = await insertRefreshToken(trx, {
          userId: user.id,
          scope: granted.sort().join(" "),
          familyId: row.familyId,
          expiresAt: row.expiresAt, // absolute: rotation never extends the login
        });
        return { user, granted, issued };
      });
      if (outcome === undefined)
        throw new OAuthError("invalid_grant", BAD_REFRESH_TOKEN);
      return tokenPair(outcome.user, outcome.granted, outcome.issued);
    },

    async revoke(token) {
      if (!token) return;
      const row = await findRefreshToken(db, token);
      if (row !== undefined) {
        // A refresh token ends every session of its user: refresh and access tokens.
        await db.transaction().execute(async (trx) => {
          await lockUser(trx, row.userId);
          await revokeUserTokens(trx, row.userId, new Date());
        });
        return;
      }
      let claims;
      try {
        claims = await tokens.verifyAccessToken(token);
      } catch (error) {
        if (error instanceof InvalidTokenError) return;
        throw error;
      }
      // An access token ends its own login (RFC 7009 §2.1 allows the refresh token to go
      // with it): the user's other sessions are untouched.
      const { userId, sessionId } = claims;
      await db.transaction().execute(async (trx) => {
        await lockUser(trx, userId);
        await revokeFamily(trx, sessionId, new Date());
      });
    },

    async changePassword(principal, { current_password, new_password }) {
      const user = await findUserWithPasswordById(db, principal.userId);
      // authenticate() has just loaded this user: deleted since, the token is worth nothing.
      if (user === undefined)
        throw unauthorized(undefined, { invalidToken: true });
      // Proving the current password is a login attempt: a stolen access token must not
      // buy unlimited guesses here.
      await lockout.begin(user.email);
      const { matches } = await hasher.verify(
        current_password,
        user.hashedPassword,
      );
      if (!matches) throw badRequest("The current password is wrong");
      await lockout.succeeded(user.email);
      const hashed = await hasher.hash(new_password);
      await db.transaction().execute(async (trx) => {
        await lockUser(trx, user.id);
        await setPasswordHash(trx, user.id, hashed);
        await revokeUserTokens(trx, user.id, new Date());
      });
    },
  };
  return service;
}
