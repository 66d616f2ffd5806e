/**
 * /users/me and the admin routes' rules. Framework-free: each takes the database and the
 * caller, throws `HttpError`s, and returns the response body.
 */
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.js";
import type { Database } from "../db/database.js";
import { conflict, notFound, unauthorized } from "../errors.js";
import {
  findUserById,
  listUsers,
  updateUser,
  type User,
} from "./users.repository.js";
import {
  toUserPublic,
  type PageQuery,
  type UserAdminUpdate,
  type UserPage,
  type UserPublic,
  type UserSelfUpdate,
} from "./users.schemas.js";

type Db = Kysely<Database>;

async function caller(db: Db, principal: Principal): Promise<User> {
  const user = principal.user ?? (await findUserById(db, principal.userId));
  // Authentication loaded this user a moment ago; gone since, the token is no good.
  if (user === undefined) throw unauthorized(undefined, { invalidToken: true });
  return user;
}

export async function getMe(db: Db, principal: Principal): Promise<UserPublic> {
  return toUserPublic(await caller(db, principal));
}

export async function updateMe(
  db: Db,
  principal: Principal,
  changes: UserSelfUpdate,
): Promise<UserPublic> {
  const user = await caller(db, principal);
  if (changes.full_name === undefined) return toUserPublic(user);
  const updated = await updateUser(db, user.id, {
    fullName: changes.full_name,
  });
  if (updated === undefined)
    throw unauthorized(undefined, { invalidToken: true });
  return toUserPublic(updated);
}

export async function listUsersPage(
  db: Db,
  { limit, offset }: PageQuery,
): Promise<UserPage> {
  const { users, total } = await listUsers(db, { limit, offset });
  return { items: users.map(toUserPublic), total, limit, offset };
}

export const SELF_CHANGE =
  "Admins cannot change their own role or active state";

/**
 * An admin's change to a user. Demoting or disabling oneself could leave no admin at all
 * (and the bootstrap admin is never recreated for an email that exists): another admin
 * must do it, so that is a 409 even when the admin is not the last one.
 */
export async function updateUserAsAdmin(
  db: Db,
  admin: Principal,
  userId: string,
  changes: UserAdminUpdate,
): Promise<UserPublic> {
  const user = await findUserById(db, userId);
  if (user === undefined) throw notFound("No such user");
  const role = changes.role;
  const isActive = changes.is_active;
  const changesSomething =
    (role !== undefined && role !== user.role) ||
    (isActive !== undefined && isActive !== user.isActive);
  if (user.id === admin.userId && changesSomething) throw conflict(SELF_CHANGE);
  if (role === undefined && isActive === undefined) return toUserPublic(user);
  const updated = await updateUser(db, user.id, {
    ...(role !== undefined && { role }),
    ...(isActive !== undefined && { isActive }),
  });
  if (updated === undefined) throw notFound("No such user");
  return toUserPublic(updated);
}
