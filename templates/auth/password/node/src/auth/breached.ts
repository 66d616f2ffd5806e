/**
 * The breached-password list: the 20,000 most common passwords that Django ships
 * (BSD-3-Clause), from Royce Williams' list of the passwords most common in public
 * breaches, lower-cased. JSON so that the build copies it next to this module.
 */
import commonPasswords from "./common-passwords.json" with { type: "json" };

const BREACHED: ReadonlySet<string> = new Set(commonPasswords);

export function isBreachedPassword(password: string): boolean {
  return BREACHED.has(password.toLowerCase());
}
