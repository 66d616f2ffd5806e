/**
 * What the auth routes take and answer. JSON bodies are strict Zod objects (an unknown
 * field is a 422); the token endpoint's form is parsed by `parseTokenForm`, because every
 * error there is an RFC 6749 body, never a 422. The form schemas below only document it.
 */
import { z } from "zod";
import type { OAuthErrorCode } from "../errors.js";
import { emailSchema } from "../email.js";
import {
  characterLength,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
} from "./passwords.js";
import { FullName } from "../users/users.schemas.js";

/**
 * A new password: 12 to 128 characters (code points, as JSON Schema counts them; Zod's
 * `min`/`max` would count UTF-16 units), no NUL, not on the breached list. Never echoed.
 */
export const NewPasswordSchema = z
  .string()
  .check((ctx) => {
    const problem = passwordProblem(ctx.value);
    if (problem !== undefined) {
      ctx.issues.push({
        code: "custom",
        message: `password ${problem}`,
        input: ctx.value,
      });
    }
  })
  .meta({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });

/** The current password, to prove it: any length a password can have. */
const CurrentPasswordSchema = z
  .string()
  .check((ctx) => {
    const length = characterLength(ctx.value);
    if (length < 1 || length > PASSWORD_MAX_LENGTH) {
      ctx.issues.push({
        code: "custom",
        message: `must be 1 to ${String(PASSWORD_MAX_LENGTH)} characters`,
        input: ctx.value,
      });
    }
  })
  .meta({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });

export const RegisterSchema = z
  .strictObject({
    email: emailSchema,
    password: NewPasswordSchema,
    full_name: FullName.nullable().optional(),
  })
  .meta({ id: "RegisterRequest" });
export type RegisterBody = z.infer<typeof RegisterSchema>;

export const PasswordChangeSchema = z
  .strictObject({
    current_password: CurrentPasswordSchema,
    new_password: NewPasswordSchema,
  })
  .meta({ id: "PasswordChange" });
export type PasswordChangeBody = z.infer<typeof PasswordChangeSchema>;

export const GRANT_TYPES = ["password", "refresh_token"] as const;

/** The token endpoint's form, for the document (RFC 6749 §4.3 and §6). */
export const TokenFormSchema = z
  .object({
    grant_type: z.enum(GRANT_TYPES).optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    scope: z
      .string()
      .optional()
      .meta({ description: "Space-separated scopes" }),
    refresh_token: z.string().optional(),
  })
  .meta({ id: "TokenRequest" });

/** RFC 7009's form: the token, and the hint clients may send (not needed to find it). */
export const RevokeFormSchema = z
  .object({
    token: z.string().optional(),
    token_type_hint: z.string().optional(),
  })
  .meta({ id: "RevokeRequest" });

export const TokenResponseSchema = z
  .strictObject({
    access_token: z.string(),
    token_type: z
      .literal("bearer")
      .meta({ description: "RFC 6749 token type" }),
    expires_in: z.int(),
    refresh_token: z.string(),
    scope: z.string(),
  })
  .meta({ id: "TokenResponse" });
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

const OAUTH_ERROR_CODES = [
  "invalid_request",
  "invalid_grant",
  "invalid_scope",
  "unsupported_grant_type",
] as const satisfies readonly OAuthErrorCode[];

export const OAuthErrorSchema = z
  .strictObject({
    error: z.enum(OAUTH_ERROR_CODES),
    error_description: z.string(),
  })
  .meta({ id: "OAuthError" });
