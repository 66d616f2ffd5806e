/**
 * What /users/me and /admin/users accept and answer (Zod: validation and the OpenAPI
 * document from one source). Bodies are strict objects: an unknown field is a 422, so
 * `role` or `is_active` can never ride along on a self-update.
 */
import { z } from "zod";
import { ROLES } from "../auth/scopes.js";
import { queryInt } from "../resources/fields.js";
import type { User } from "./users.repository.js";

/**
 * Text of `min` to `max` characters (code points, as JSON Schema counts them, not UTF-16
 * units), without NUL bytes (they break C-string consumers and PostgreSQL's text).
 */
export function boundedText(min: number, max: number) {
  return (
    z
      .string()
      // eslint-disable-next-line no-control-regex -- the NUL byte is what it refuses
      .regex(/^[^\x00]*$/, "must not contain NUL characters")
      .refine(
        (value) => {
          const length = Array.from(value).length;
          return length >= min && length <= max;
        },
        { error: `must be ${min} to ${max} characters long` },
      )
      .meta({ minLength: min, maxLength: max })
  );
}

export const FullName = boundedText(1, 200);

export const UserPublic = z.object({
  id: z.uuid(),
  email: z.string(),
  full_name: z.string().nullable(),
  role: z.string(),
  is_active: z.boolean(),
  created_at: z.iso.datetime(),
});
export type UserPublic = z.infer<typeof UserPublic>;

/** What users may change about themselves: nothing that grants access. */
export const UserSelfUpdate = z.strictObject({
  full_name: FullName.nullable().optional(),
});
export type UserSelfUpdate = z.infer<typeof UserSelfUpdate>;

/** May be left out, never sent as null. */
export const UserAdminUpdate = z.strictObject({
  role: z.enum(ROLES).optional(),
  is_active: z.boolean().optional(),
});
export type UserAdminUpdate = z.infer<typeof UserAdminUpdate>;

export const UserIdParams = z.strictObject({ user_id: z.uuid() });
export type UserIdParams = z.infer<typeof UserIdParams>;

/** `?limit&offset`; query values arrive as text. 2^31 - 1: every database's OFFSET takes it. */
export const PageQuery = z.object({
  limit: queryInt(1, 100, 20, "Page size"),
  // 2^31 - 1 (CONTRACT §3): every database's OFFSET takes it.
  offset: queryInt(0, 2_147_483_647, 0, "Rows to skip"),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const UserPage = z.object({
  items: z.array(UserPublic),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});
export type UserPage = z.infer<typeof UserPage>;

export function toUserPublic(user: User): UserPublic {
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    role: user.role,
    is_active: user.isActive,
    created_at: user.createdAt,
  };
}
