/**
 * The per-account login lockout (CONTRACT §3): after LOGIN_MAX_FAILURES failed logins for one
 * account, whatever the client IP, the account answers 429 for LOGIN_LOCKOUT_SECONDS. Unknown
 * usernames are counted the same way, so the answer never tells whether an account exists.
 * Kept in the limiter store, so shared through Redis with the redis store.
 */
import { createHash } from "node:crypto";

import { HttpError } from "../errors.js";
import type { LimiterStore } from "../limits/counter.js";
import { secondsFrom } from "../limits/limiter.js";

/** 429 while the account is locked, `Retry-After` the lock's remaining whole seconds. */
export class LockedOutError extends HttpError {
  constructor(readonly retryAfter: number) {
    super(429, "Too many failed logins; try again later", {
      headers: { "Retry-After": String(retryAfter) },
    });
  }
}

export interface Lockout {
  /**
   * Reserves one login attempt for the account, before its password is checked; throws
   * LockedOutError when the account is locked (this attempt over the limit starts the lock).
   * The count is one atomic step, so concurrent guesses, on one instance or many, never get
   * more than LOGIN_MAX_FAILURES password checks per window.
   */
  begin(email: string): Promise<void>;
  /** The password was right: the failures so far are forgiven. */
  succeeded(email: string): Promise<void>;
}

/** Structural, not `Config`: only password-mode projects have these settings. */
export interface LockoutSettings {
  readonly loginMaxFailures: number;
  readonly loginLockoutSeconds: number;
}

/** Hashed: the store (e.g. Redis) never holds email addresses. */
function accountKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

export function createLockout(
  settings: LockoutSettings,
  store: LimiterStore,
): Lockout {
  // Every attempt counts when it begins; a success resets the count. The attempt past the
  // limit blocks the key for the lockout's length from that moment.
  const attempts = store.counter({
    name: "login",
    limit: settings.loginMaxFailures,
    windowSeconds: settings.loginLockoutSeconds,
    blockSeconds: settings.loginLockoutSeconds,
  });
  return {
    async begin(email) {
      const hit = await attempts.hit(accountKey(email));
      if (!hit.allowed)
        throw new LockedOutError(secondsFrom(hit.msBeforeReset));
    },
    async succeeded(email) {
      await attempts.reset(accountKey(email));
    },
  };
}
