/**
 * The token endpoint's form (RFC 6749 §4.3, §6), parsed by hand: every error here is an
 * RFC 6749 §5.2 body, never a 422. The adapter has already refused a body that is not
 * application/x-www-form-urlencoded; it hands over the parameters as parsed.
 */
import { OAuthError } from "../errors.js";

/** URLSearchParams, or a parser's record (a repeated parameter arrives as an array). */
export type FormParameters =
  | URLSearchParams
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export type TokenRequest =
  | {
      grantType: "password";
      username: string;
      password: string;
      scope: string | undefined;
    }
  | {
      grantType: "refresh_token";
      refreshToken: string;
      scope: string | undefined;
    };

const FIELDS = [
  "grant_type",
  "username",
  "password",
  "scope",
  "refresh_token",
] as const;
type Field = (typeof FIELDS)[number];

function valuesOf(form: FormParameters): Map<string, readonly string[]> {
  const values = new Map<string, string[]>();
  if (form instanceof URLSearchParams) {
    for (const [name, value] of form)
      values.set(name, [...(values.get(name) ?? []), value]);
    return values;
  }
  for (const [name, value] of Object.entries(form)) {
    if (value !== undefined)
      values.set(name, typeof value === "string" ? [value] : [...value]);
  }
  return values;
}

/**
 * The grant asked for, or an OAuthError: a parameter given twice (RFC 6749 §3.2: two
 * layers could read two different values), a NUL, a missing parameter, an unknown grant.
 * Empty values count as missing, as they do in FastAPI's form handling.
 */
export function parseTokenForm(form: FormParameters): TokenRequest {
  const values = valuesOf(form);
  for (const list of values.values()) {
    if (list.length > 1) {
      throw new OAuthError(
        "invalid_request",
        "a parameter is given more than once",
      );
    }
  }
  const field = (name: Field): string | undefined => values.get(name)?.[0];
  if (FIELDS.some((name) => field(name)?.includes("\u0000"))) {
    throw new OAuthError(
      "invalid_request",
      "parameters must not contain NUL characters",
    );
  }
  const grantType = field("grant_type");
  const scope = field("scope") === "" ? undefined : field("scope");
  if (grantType === "password") {
    const username = field("username");
    const password = field("password");
    if (!username || !password) {
      throw new OAuthError(
        "invalid_request",
        "username and password are required",
      );
    }
    return { grantType, username, password, scope };
  }
  if (grantType === "refresh_token") {
    const refreshToken = field("refresh_token");
    if (!refreshToken)
      throw new OAuthError("invalid_request", "refresh_token is required");
    return { grantType, refreshToken, scope };
  }
  if (!grantType)
    throw new OAuthError("invalid_request", "grant_type is required");
  throw new OAuthError(
    "unsupported_grant_type",
    "use password or refresh_token",
  );
}

/** RFC 7009's `token`; anything unusable is simply no token (the answer is 200 anyway). */
export function parseRevokeForm(form: FormParameters): string | undefined {
  const token = valuesOf(form).get("token")?.[0];
  return token && !token.includes("\u0000") ? token : undefined;
}
