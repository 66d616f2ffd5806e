/**
 * Access tokens: RFC 9068 JWTs (`typ: at+jwt`), signed with this project's one key.
 *
 * Verification pins the configured algorithm and key, requires every claim we issue, and
 * checks each claim's registered type itself: jose checks `exp`/`nbf` only when present
 * (hence `requiredClaims`) and leaves `sub`, `jti` and `scope` untyped.
 */
import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { TokenKeys } from "./keys.js";

export const ACCESS_TOKEN_TYPE = "at+jwt";
/** The clock skew tolerated between this server and whoever checks its tokens. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** RFC 7519 NumericDate past 9999-12-31T23:59:59Z is no date at all. */
const LAST_NUMERIC_DATE = 253_402_300_799;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token must not be trusted. The reason is for logs only, never for the client. */
export class InvalidTokenError extends Error {
  override readonly name = "InvalidTokenError";
}

export interface AccessClaims {
  userId: string;
  scopes: ReadonlySet<string>;
  tokenId: string;
  /** The login (refresh-token family) the token was issued for: revoking it ends the token. */
  sessionId: string;
  expiresAt: number;
}

export interface AccessGrant {
  userId: string;
  scopes: readonly string[];
  sessionId: string;
}

export interface TokenSettings {
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
}

export interface TokenService {
  readonly accessTokenTtlSeconds: number;
  issueAccessToken(grant: AccessGrant): Promise<string>;
  /** The verified claims; throws InvalidTokenError on any doubt. */
  verifyAccessToken(token: string): Promise<AccessClaims>;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === "number" && value >= 0 && value <= LAST_NUMERIC_DATE;
}

/** What jose leaves to us: the registered types, and `iat` not in the future. */
function claimsOf(payload: JWTPayload, now: number): AccessClaims {
  const { exp, nbf, iat, sub, jti, scope, sid } = payload;
  if (!isNumericDate(exp) || !isNumericDate(nbf) || !isNumericDate(iat)) {
    throw new InvalidTokenError("exp, nbf or iat is not a NumericDate");
  }
  if (iat > now + CLOCK_TOLERANCE_SECONDS)
    throw new InvalidTokenError("issued in the future");
  if (
    typeof sub !== "string" ||
    typeof jti !== "string" ||
    typeof sid !== "string"
  ) {
    throw new InvalidTokenError("sub, jti or sid is not a string");
  }
  if (scope !== undefined && typeof scope !== "string") {
    throw new InvalidTokenError("scope is not a string");
  }
  if (!UUID.test(sub) || !UUID.test(sid))
    throw new InvalidTokenError("sub or sid is not a UUID");
  return {
    userId: sub.toLowerCase(),
    scopes: new Set((scope ?? "").split(" ").filter(Boolean)),
    tokenId: jti,
    sessionId: sid.toLowerCase(),
    expiresAt: exp,
  };
}

export function createTokenService(
  keys: TokenKeys,
  settings: TokenSettings,
): TokenService {
  const {
    jwtIssuer: issuer,
    jwtAudience: audience,
    accessTokenTtlSeconds,
  } = settings;

  return {
    accessTokenTtlSeconds,

    issueAccessToken({ userId, scopes, sessionId }) {
      const now = Math.floor(Date.now() / 1000);
      return (
        // `sid` (OpenID's name for the login session) ties the token to its family.
        new SignJWT({ scope: [...scopes].sort().join(" "), sid: sessionId })
          .setProtectedHeader({ alg: keys.algorithm, typ: ACCESS_TOKEN_TYPE })
          .setIssuer(issuer)
          .setAudience(audience)
          .setSubject(userId)
          .setIssuedAt(now)
          .setNotBefore(now)
          .setExpirationTime(now + accessTokenTtlSeconds)
          .setJti(randomUUID())
          .sign(keys.signingKey)
      );
    },

    async verifyAccessToken(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys.verificationKey, {
          algorithms: [keys.algorithm],
          typ: ACCESS_TOKEN_TYPE,
          issuer,
          audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ["exp", "nbf", "iat", "jti", "sub"],
        }));
      } catch (error) {
        throw new InvalidTokenError(
          error instanceof Error ? error.name : "unreadable",
          {
            cause: error,
          },
        );
      }
      return claimsOf(payload, Math.floor(Date.now() / 1000));
    },
  };
}
