/**
 * Who is calling: the user a valid access token names, with the scopes it grants cut to
 * what the user's role allows now. Built per request by the auth layer; services take it.
 */
import type { User } from "../users/users.repository.js";

export interface Principal {
  readonly userId: string;
  readonly scopes: ReadonlySet<string>;
  /** Loaded on every authenticated request (a disabled or deleted user is out at once). */
  readonly user?: User;
}

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.has(scope);
}
