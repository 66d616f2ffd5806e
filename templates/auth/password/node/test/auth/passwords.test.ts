import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { isBreachedPassword } from "../../src/auth/breached.js";
import {
  characterLength,
  createPasswordHasher,
  hashingSlots,
  needsRehash,
  passwordProblem,
  Slots,
} from "../../src/auth/passwords.js";
import { TEST_COST } from "../helpers/auth.js";

const strong = "correct horse battery staple";

describe("the password policy", () => {
  it("takes 12 to 128 characters, counted as code points, never truncated", () => {
    expect(passwordProblem("x".repeat(11) + "y")).toBeUndefined();
    expect(passwordProblem("abcdefghijk")).toMatch(/12 to 128/);
    expect(passwordProblem("q".repeat(128))).toBeUndefined();
    expect(passwordProblem("q".repeat(129))).toMatch(/12 to 128/);
    // 128 emoji are 256 UTF-16 units, but 128 characters.
    expect(characterLength("😀".repeat(128))).toBe(128);
    expect(passwordProblem("😀".repeat(128))).toBeUndefined();
    expect(passwordProblem("😀".repeat(11))).toMatch(/12 to 128/);
  });

  it("refuses NUL and the breached list, whatever the case", () => {
    expect(passwordProblem(`abc\u0000${strong}`)).toMatch(/NUL/);
    expect(isBreachedPassword("password1234")).toBe(true);
    expect(passwordProblem("password1234")).toMatch(/breached/);
    expect(passwordProblem("PassWord1234")).toMatch(/breached/);
    expect(isBreachedPassword(strong)).toBe(false);
  });
});

describe("the password hasher", () => {
  it("hashes with argon2id and verifies", async () => {
    const hasher = createPasswordHasher(TEST_COST);
    const stored = await hasher.hash(strong);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(await hasher.verify(strong, stored)).toEqual({ matches: true });
    expect(await hasher.verify(`${strong}!`, stored)).toEqual({
      matches: false,
    });
  });

  it("defaults to the OWASP floor the library ships", async () => {
    expect(await hash(strong)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("verifies a dummy hash when there is no stored one, and never matches", async () => {
    const hasher = createPasswordHasher(TEST_COST);
    expect(
      await hasher.verify("dummy password for timing equalisation", undefined),
    ).toEqual({
      matches: false,
    });
    expect(await hasher.verify(strong, null)).toEqual({ matches: false });
  });

  it("treats an unreadable stored hash as a failed login", async () => {
    const hasher = createPasswordHasher(TEST_COST);
    expect(await hasher.verify(strong, "not a hash")).toEqual({
      matches: false,
    });
  });

  it("re-hashes a matching password stored with other parameters", async () => {
    const older = await hash(strong, { timeCost: 1, memoryCost: 32 });
    expect(needsRehash(older, TEST_COST)).toBe(true);
    const result = await createPasswordHasher(TEST_COST).verify(strong, older);
    expect(result.matches).toBe(true);
    expect(result.rehashed).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(needsRehash(result.rehashed ?? "", TEST_COST)).toBe(false);
    expect(
      needsRehash("$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA", TEST_COST),
    ).toBe(true);
    expect(needsRehash("$argon2id$v=19$garbage", TEST_COST)).toBe(true);
  });
});

describe("hashing slots", () => {
  it("runs at most `size` tasks at once, the rest in arrival order", async () => {
    const slots = new Slots(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) =>
      slots.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(n);
        running--;
        return n;
      });
    expect(await Promise.all([1, 2, 3, 4, 5].map(task))).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([3, 4, 5]);
  });

  it("frees the slot when a task fails", async () => {
    const slots = new Slots(1);
    await expect(
      slots.run(() => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    expect(await slots.run(() => Promise.resolve("next"))).toBe("next");
  });

  it("keeps a libuv thread free for the rest of the app", () => {
    expect(hashingSlots()).toBeGreaterThanOrEqual(1);
    expect(hashingSlots()).toBeLessThanOrEqual(3);
  });
});
