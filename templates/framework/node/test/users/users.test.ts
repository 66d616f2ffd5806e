import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hasScope, type Principal } from "../../src/auth/principal.js";
import { allowedScopes, ROLE_SCOPES } from "../../src/auth/scopes.js";
import { HttpError } from "../../src/errors.js";
import {
  createUser,
  findUserByEmail,
  findUserById,
  listUsers,
  setPasswordHash,
} from "../../src/users/users.repository.js";
import {
  PageQuery,
  UserAdminUpdate,
  UserSelfUpdate,
} from "../../src/users/users.schemas.js";
import {
  getMe,
  listUsersPage,
  updateMe,
  updateUserAsAdmin,
} from "../../src/users/users.service.js";
import { useTestDatabase } from "../helpers/db.js";
import { createTestUser, PUBLIC_USER_FIELDS } from "../helpers/users.js";

const t = useTestDatabase();

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const principalOf = (user: { id: string; role: string }): Principal => ({
  userId: user.id,
  scopes: allowedScopes(user.role),
});

async function statusOf(
  promise: Promise<unknown>,
): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

describe("users repository", () => {
  it("creates users and maps rows to domain objects", async () => {
    const user = await createTestUser(t.db, "user", "hash");
    expect(user).toMatchObject({
      role: "user",
      isActive: true,
      fullName: null,
    });
    expect(user.createdAt).toMatch(RFC3339_UTC);
    const found = await findUserById(t.db, user.id.toUpperCase());
    expect(found).toEqual(user);
    const withPassword = await findUserByEmail(t.db, user.email);
    expect(withPassword?.hashedPassword).toBe("hash");
    await setPasswordHash(t.db, user.id, "new-hash");
    expect((await findUserByEmail(t.db, user.email))?.hashedPassword).toBe(
      "new-hash",
    );
    expect(await findUserById(t.db, randomUUID())).toBeUndefined();
  });

  it("answers a taken email with a 409", async () => {
    const user = await createTestUser(t.db);
    expect(
      await statusOf(
        createUser(t.db, { email: user.email, hashedPassword: null }),
      ),
    ).toBe(409);
  });

  it("pages users in a stable order, with the total", async () => {
    await Promise.all([
      createTestUser(t.db),
      createTestUser(t.db),
      createTestUser(t.db),
    ]);
    const first = await listUsers(t.db, { limit: 2, offset: 0 });
    const second = await listUsers(t.db, { limit: 2, offset: 2 });
    expect(first.users).toHaveLength(2);
    expect(first.total).toBeGreaterThanOrEqual(3);
    expect(typeof first.total).toBe("number");
    const ids = new Set(first.users.map((u) => u.id));
    expect(second.users.some((u) => ids.has(u.id))).toBe(false);
  });
});

describe("users service", () => {
  it("GET /users/me answers the public fields only", async () => {
    const user = await createTestUser(t.db);
    const me = await getMe(t.db, principalOf(user));
    expect(Object.keys(me).sort()).toEqual(PUBLIC_USER_FIELDS);
    expect(
      await statusOf(getMe(t.db, { userId: randomUUID(), scopes: new Set() })),
    ).toBe(401);
  });

  it("PATCH /users/me changes the name, null included, and nothing else", async () => {
    const user = await createTestUser(t.db);
    const named = await updateMe(t.db, principalOf(user), {
      full_name: "Grace Hopper",
    });
    expect(named.full_name).toBe("Grace Hopper");
    expect(
      (await updateMe(t.db, principalOf(user), { full_name: null })).full_name,
    ).toBeNull();
    expect((await updateMe(t.db, principalOf(user), {})).id).toBe(user.id);
  });

  it("refuses fields that grant access, NUL bytes and over-long names", () => {
    for (const body of [
      { role: "admin" },
      { is_active: false },
      { email: "x@example.com" },
      { full_name: "a\u0000b" },
      { full_name: "" },
      { full_name: "x".repeat(201) },
      { full_name: { nested: true } },
    ]) {
      expect(UserSelfUpdate.safeParse(body).success, JSON.stringify(body)).toBe(
        false,
      );
    }
    // 200 characters, counted as code points: 200 emoji are 400 UTF-16 units.
    expect(
      UserSelfUpdate.safeParse({ full_name: "😀".repeat(200) }).success,
    ).toBe(true);
    expect(UserAdminUpdate.safeParse({ role: "root" }).success).toBe(false);
    expect(UserAdminUpdate.safeParse({ role: null }).success).toBe(false);
    expect(UserAdminUpdate.safeParse({ is_active: "nope" }).success).toBe(
      false,
    );
  });

  it("reads ?limit&offset from text, within bounds", () => {
    expect(PageQuery.parse({})).toEqual({ limit: 20, offset: 0 });
    expect(PageQuery.parse({ limit: "5", offset: "10" })).toEqual({
      limit: 5,
      offset: 10,
    });
    for (const query of [
      { limit: "0" },
      { limit: "101" },
      { limit: "abc" },
      { limit: "1.5" },
      { limit: "1e1" },
      { offset: "-1" },
      // Zod's coerce would read these as 0: digits only.
      { offset: "" },
      { offset: " " },
    ]) {
      expect(PageQuery.safeParse(query).success, JSON.stringify(query)).toBe(
        false,
      );
    }
  });

  it("lists a page of users", async () => {
    await createTestUser(t.db);
    const page = await listUsersPage(t.db, { limit: 1, offset: 0 });
    expect(page).toMatchObject({ limit: 1, offset: 0 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(1);
  });

  it("lets an admin change another user's role and state", async () => {
    const admin = await createTestUser(t.db, "admin");
    const user = await createTestUser(t.db);
    const changed = await updateUserAsAdmin(t.db, principalOf(admin), user.id, {
      role: "admin",
      is_active: false,
    });
    expect(changed).toMatchObject({
      id: user.id,
      role: "admin",
      is_active: false,
    });
  });

  it("answers 404 for no such user, 409 for an admin changing themself", async () => {
    const admin = await createTestUser(t.db, "admin");
    const me = principalOf(admin);
    expect(
      await statusOf(
        updateUserAsAdmin(t.db, me, randomUUID(), { role: "user" }),
      ),
    ).toBe(404);
    for (const changes of [{ role: "user" as const }, { is_active: false }]) {
      expect(
        await statusOf(updateUserAsAdmin(t.db, me, admin.id, changes)),
      ).toBe(409);
    }
    // Setting what is already so changes nothing: allowed.
    expect(
      (await updateUserAsAdmin(t.db, me, admin.id, { role: "admin" })).role,
    ).toBe("admin");
    expect((await findUserById(t.db, admin.id))?.isActive).toBe(true);
  });
});

describe("scopes", () => {
  it("give users their resources' scopes and admins users:admin too", () => {
    expect(ROLE_SCOPES.user.has("items:read")).toBe(true);
    expect(ROLE_SCOPES.user.has("users:admin")).toBe(false);
    expect(ROLE_SCOPES.admin.has("users:admin")).toBe(true);
    expect(allowedScopes("root").size).toBe(0);
    expect(
      hasScope({ userId: "u", scopes: allowedScopes("user") }, "items:write"),
    ).toBe(true);
  });
});
