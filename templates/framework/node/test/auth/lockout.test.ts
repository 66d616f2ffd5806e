import { afterEach, describe, expect, it, vi } from "vitest";

import { createLockout, LockedOutError } from "../../src/auth/lockout.js";
import { HttpError } from "../../src/errors.js";
import { createMemoryStore } from "../../src/limits/memory-store.js";

const settings = { loginMaxFailures: 3, loginLockoutSeconds: 60 };

async function lockedFor(attempt: Promise<void>): Promise<number | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    if (error instanceof LockedOutError) return error.retryAfter;
    throw error;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createLockout", () => {
  it("locks the account after LOGIN_MAX_FAILURES attempts, for LOGIN_LOCKOUT_SECONDS", async () => {
    vi.useFakeTimers();
    const lockout = createLockout(settings, createMemoryStore());
    for (let i = 0; i < 3; i++)
      expect(await lockedFor(lockout.begin("a@example.com"))).toBeUndefined();
    vi.advanceTimersByTime(5_000);
    expect(await lockedFor(lockout.begin("a@example.com"))).toBe(60);
    vi.advanceTimersByTime(20_500);
    // The lock runs from the attempt that went over; further attempts do not extend it.
    expect(await lockedFor(lockout.begin("a@example.com"))).toBe(40);
    vi.advanceTimersByTime(40_000);
    expect(await lockedFor(lockout.begin("a@example.com"))).toBeUndefined();
  });

  it("answers 429 with Retry-After", async () => {
    const lockout = createLockout(
      { loginMaxFailures: 1, loginLockoutSeconds: 900 },
      createMemoryStore(),
    );
    await lockout.begin("a@example.com");
    const error: unknown = await lockout
      .begin("a@example.com")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 429,
      detail: "Too many failed logins; try again later",
      headers: { "Retry-After": "900" },
    });
  });

  it("is per account, spelled in any case, known or not", async () => {
    const lockout = createLockout(settings, createMemoryStore());
    for (let i = 0; i < 3; i++) await lockout.begin(" Ghost@Example.com");
    expect(await lockedFor(lockout.begin("ghost@example.com"))).toBeGreaterThan(
      0,
    );
    expect(await lockedFor(lockout.begin("other@example.com"))).toBeUndefined();
  });

  it("forgets the failures on a success", async () => {
    const lockout = createLockout(settings, createMemoryStore());
    for (let i = 0; i < 3; i++) await lockout.begin("a@example.com");
    await lockout.succeeded("a@example.com");
    for (let i = 0; i < 3; i++)
      expect(await lockedFor(lockout.begin("a@example.com"))).toBeUndefined();
    expect(await lockedFor(lockout.begin("a@example.com"))).toBeGreaterThan(0);
  });

  it("lets no more than LOGIN_MAX_FAILURES concurrent attempts through", async () => {
    const lockout = createLockout(settings, createMemoryStore());
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        lockedFor(lockout.begin("a@example.com")),
      ),
    );
    expect(results.filter((r) => r === undefined)).toHaveLength(3);
  });
});
