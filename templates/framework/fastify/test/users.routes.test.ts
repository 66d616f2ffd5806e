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

/** `method url` with `token` as its bearer, and `payload` as its JSON body. */
const send = (
  token: string,
  method: "GET" | "PATCH",
  url: string,
  payload?: object,
) =>
  t.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload !== undefined && { payload }),
  });

describe("/users/me", () => {
  it("reads and changes the caller, no-store; other fields are 422", async () => {
    const user = await tokenFor(t.app, { scopes: [] });
    const me = await send(user.token, "GET", "/users/me");
    expect(me.statusCode).toBe(200);
    expect(me.headers["cache-control"]).toBe("no-store");
    expect(me.json()).toMatchObject({ id: user.userId, email: user.email });
    const patched = await send(user.token, "PATCH", "/users/me", {
      full_name: "Ada",
    });
    expect(patched.json()).toMatchObject({ full_name: "Ada" });
    const role = await send(user.token, "PATCH", "/users/me", {
      role: "admin",
    });
    expect(role.statusCode).toBe(422);
  });

  it("is 401 with the right challenge", async () => {
    const none = await t.app.inject({ method: "GET", url: "/users/me" });
    expect([none.statusCode, none.headers["www-authenticate"]]).toEqual([
      401,
      "Bearer",
    ]);
    const bad = await send("not.a.jwt", "GET", "/users/me");
    expect(bad.headers["www-authenticate"]).toBe(
      'Bearer error="invalid_token"',
    );
  });
});

describe("/admin/users", () => {
  it("needs users:admin (403 with the scope named)", async () => {
    const user = await tokenFor(t.app, { scopes: ["items:read"] });
    const res = await send(user.token, "GET", "/admin/users");
    expect(res.statusCode).toBe(403);
    expect(res.headers["www-authenticate"]).toContain('scope="users:admin"');
  });

  it("lists users, changes another one, and refuses a change to oneself", async () => {
    const admin = await tokenFor(t.app, { scopes: ["users:admin"] });
    const other = await tokenFor(t.app, { scopes: [] });
    const page = await send(
      admin.token,
      "GET",
      "/admin/users?limit=5&offset=0",
    );
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ limit: 5, offset: 0 });
    const patched = await send(
      admin.token,
      "PATCH",
      `/admin/users/${other.userId}`,
      { is_active: false },
    );
    expect(patched.json()).toMatchObject({ is_active: false });
    const self = await send(
      admin.token,
      "PATCH",
      `/admin/users/${admin.userId}`,
      { role: "user" },
    );
    expect(self.statusCode).toBe(409);
    const missing = await send(
      admin.token,
      "PATCH",
      `/admin/users/${randomUUID()}`,
      {},
    );
    expect(missing.statusCode).toBe(404);
  });
});
