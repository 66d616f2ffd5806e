/**
 * Start-up work of password mode: the first admin, from BOOTSTRAP_ADMIN_EMAIL and
 * BOOTSTRAP_ADMIN_PASSWORD, created if no such user exists yet.
 */
import type { Kysely } from "kysely";
import { ConfigError, type Config } from "../config.js";
import type { Database } from "../db/database.js";
import { HttpError } from "../errors.js";
import { createUser, findUserByEmail } from "../users/users.repository.js";
import { emailProblem, normaliseEmail } from "../email.js";
import {
  createPasswordHasher,
  passwordProblem,
  type PasswordHasher,
} from "./passwords.js";

export type BootstrapSettings = Pick<
  Config,
  | "bootstrapAdminEmail"
  | "bootstrapAdminPassword"
  | "argon2TimeCost"
  | "argon2MemoryCost"
>;

/**
 * True when the admin was created now. A password the policy refuses, or an address that
 * is none, is a `ConfigError` (the server prints it and does not start).
 */
export async function ensureBootstrapAdmin(
  db: Kysely<Database>,
  config: BootstrapSettings,
  hasher: PasswordHasher = createPasswordHasher({
    timeCost: config.argon2TimeCost,
    memoryCost: config.argon2MemoryCost,
  }),
): Promise<boolean> {
  const { bootstrapAdminEmail, bootstrapAdminPassword: password } = config;
  if (!bootstrapAdminEmail || !password) return false;
  const email = normaliseEmail(bootstrapAdminEmail);
  const badEmail = emailProblem(email);
  if (badEmail !== undefined)
    throw new ConfigError(`BOOTSTRAP_ADMIN_EMAIL ${badEmail}`);
  const badPassword = passwordProblem(password);
  if (badPassword !== undefined)
    throw new ConfigError(`BOOTSTRAP_ADMIN_PASSWORD ${badPassword}`);
  if ((await findUserByEmail(db, email)) !== undefined) return false;
  try {
    await createUser(db, {
      email,
      hashedPassword: await hasher.hash(password),
      role: "admin",
    });
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (error instanceof HttpError && error.status === 409) return false;
    throw error;
  }
  return true;
}
