/** /users/me and /admin/users over HTTP: auth, scopes, the self-change 409. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, buildTestApp, tokenFor, type TestApp } from "./helpers.js";

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("/users/me", () => {
  it("reads and changes the caller, no-store; other fields are 422", async () => {
    const user = await tokenFor(t.app, { scopes: [] });
    const me = await t.app.inject({
      method: "GET",
      url: "/users/me",
      headers: bearer(user.token),
    });
    expect(me.statusCode).toBe(200);
    expect(me.headers["cache-control"]).toBe("no-store");
    expect(me.json()).toMatchObject({ id: user.userId, email: user.email });
    const patched = await t.app.inject({
      method: "PATCH",
      url: "/users/me",
      headers: bearer(user.token),
      payload: { full_name: "Ada" },
    });
    expect(patched.json()).toMatchObject({ full_name: "Ada" });
    const role = await t.app.inject({
      method: "PATCH",
      url: "/users/me",
      headers: bearer(user.token),
      payload: { role: "admin" },
    });
    expect(role.statusCode).toBe(422);
  });

  it("is 401 with the right challenge", async () => {
    const none = await t.app.inject({ method: "GET", url: "/users/me" });
    expect([none.statusCode, none.headers["www-authenticate"]]).toEqual([
      401,
      "Bearer",
    ]);
    const bad = await t.app.inject({
      method: "GET",
      url: "/users/me",
      headers: bearer("not.a.jwt"),
    });
    expect(bad.headers["www-authenticate"]).toBe(
      'Bearer error="invalid_token"',
    );
  });
});

describe("/admin/users", () => {
  it("needs users:admin (403 with the scope named)", async () => {
    const user = await tokenFor(t.app, { scopes: ["items:read"] });
    const res = await t.app.inject({
      method: "GET",
      url: "/admin/users",
      headers: bearer(user.token),
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers["www-authenticate"]).toContain('scope="users:admin"');
  });

  it("lists users, changes another one, and refuses a change to oneself", async () => {
    const admin = await tokenFor(t.app, { scopes: ["users:admin"] });
    const other = await tokenFor(t.app, { scopes: [] });
    const page = await t.app.inject({
      method: "GET",
      url: "/admin/users?limit=5&offset=0",
      headers: bearer(admin.token),
    });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ limit: 5, offset: 0 });
    const patched = await t.app.inject({
      method: "PATCH",
      url: `/admin/users/${other.userId}`,
      headers: bearer(admin.token),
      payload: { is_active: false },
    });
    expect(patched.json()).toMatchObject({ is_active: false });
    const self = await t.app.inject({
      method: "PATCH",
      url: `/admin/users/${admin.userId}`,
      headers: bearer(admin.token),
      payload: { role: "user" },
    });
    expect(self.statusCode).toBe(409);
    const missing = await t.app.inject({
      method: "PATCH",
      url: `/admin/users/${randomUUID()}`,
      headers: bearer(admin.token),
      payload: {},
    });
    expect(missing.statusCode).toBe(404);
  });
});
