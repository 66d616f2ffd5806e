import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ensureBootstrapAdmin } from "../../src/auth/bootstrap.js";
import { createPasswordHasher } from "../../src/auth/passwords.js";
import { ConfigError } from "../../src/config.js";
import {
  createUser,
  findUserByEmail,
} from "../../src/users/users.repository.js";
import { TEST_COST } from "../helpers/auth.js";
import { useTestDatabase } from "../helpers/db.js";

const t = useTestDatabase();

const hasher = createPasswordHasher(TEST_COST);
const settings = (email: string | undefined, password: string | undefined) => ({
  bootstrapAdminEmail: email,
  bootstrapAdminPassword: password,
  argon2TimeCost: TEST_COST.timeCost,
  argon2MemoryCost: TEST_COST.memoryCost,
});

describe("ensureBootstrapAdmin", () => {
  it("creates the admin once, by the address's normal form", async () => {
    const email = `Admin-${randomUUID()}@Example.com`;
    const config = settings(` ${email}`, "the bootstrap passphrase");
    expect(await ensureBootstrapAdmin(t.db, config, hasher)).toBe(true);
    const admin = await findUserByEmail(t.db, email.toLowerCase());
    expect(admin).toMatchObject({ role: "admin", isActive: true });
    expect(
      (await hasher.verify("the bootstrap passphrase", admin?.hashedPassword))
        .matches,
    ).toBe(true);
    expect(await ensureBootstrapAdmin(t.db, config, hasher)).toBe(false);
  });

  it("leaves the admin another instance created at the same moment", async () => {
    const email = `admin-${randomUUID()}@example.com`;
    const racing = {
      ...hasher,
      // The other instance commits while this one hashes.
      async hash(password: string) {
        await createUser(t.db, { email, hashedPassword: null, role: "admin" });
        return hasher.hash(password);
      },
    };
    const config = settings(email, "the bootstrap passphrase");
    expect(await ensureBootstrapAdmin(t.db, config, racing)).toBe(false);
  });

  it("does nothing unless both settings are given", async () => {
    expect(
      await ensureBootstrapAdmin(
        t.db,
        settings(undefined, "the bootstrap passphrase"),
      ),
    ).toBe(false);
    expect(
      await ensureBootstrapAdmin(
        t.db,
        settings("a@example.com", undefined),
        hasher,
      ),
    ).toBe(false);
  });

  it("refuses a weak password or a bad address as configuration errors", async () => {
    await expect(
      ensureBootstrapAdmin(
        t.db,
        settings("a@example.com", "password1234"),
        hasher,
      ),
    ).rejects.toThrow(ConfigError);
    await expect(
      ensureBootstrapAdmin(
        t.db,
        settings("not an address", "the bootstrap passphrase"),
        hasher,
      ),
    ).rejects.toThrow(/BOOTSTRAP_ADMIN_EMAIL/);
  });
});
