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
  method: "get" | "patch",
  url: string,
  payload?: object,
) => {
  const request = t.http[method](url).set(bearer(token));
  return payload === undefined ? request : request.send(payload);
};

describe("/users/me", () => {
  it("reads and changes the caller, no-store; other fields are 422", async () => {
    const user = await tokenFor(t, { scopes: [] });
    const me = await send(user.token, "get", "/users/me");
    expect(me.status).toBe(200);
    expect(me.headers["cache-control"]).toBe("no-store");
    expect(me.body).toMatchObject({ id: user.userId, email: user.email });
    const patched = await send(user.token, "patch", "/users/me", {
      full_name: "Ada",
    });
    expect(patched.body).toMatchObject({ full_name: "Ada" });
    const role = await send(user.token, "patch", "/users/me", {
      role: "admin",
    });
    expect(role.status).toBe(422);
  });

  it("is 401 with the right challenge", async () => {
    const none = await t.http.get("/users/me");
    expect([none.status, none.headers["www-authenticate"]]).toEqual([
      401,
      "Bearer",
    ]);
    const bad = await send("not.a.jwt", "get", "/users/me");
    expect(bad.headers["www-authenticate"]).toBe(
      'Bearer error="invalid_token"',
    );
  });
});

describe("/admin/users", () => {
  it("needs users:admin (403 with the scope named)", async () => {
    const user = await tokenFor(t, { scopes: ["items:read"] });
    const res = await send(user.token, "get", "/admin/users");
    expect(res.status).toBe(403);
    expect(res.headers["www-authenticate"]).toContain('scope="users:admin"');
  });

  it("lists users, changes another one, and refuses a change to oneself", async () => {
    const admin = await tokenFor(t, { scopes: ["users:admin"] });
    const other = await tokenFor(t, { scopes: [] });
    const page = await send(
      admin.token,
      "get",
      "/admin/users?limit=5&offset=0",
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ limit: 5, offset: 0 });
    const patched = await send(
      admin.token,
      "patch",
      `/admin/users/${other.userId}`,
      { is_active: false },
    );
    expect(patched.body).toMatchObject({ is_active: false });
    const self = await send(
      admin.token,
      "patch",
      `/admin/users/${admin.userId}`,
      { role: "user" },
    );
    expect(self.status).toBe(409);
    const missing = await send(
      admin.token,
      "patch",
      `/admin/users/${randomUUID()}`,
      {},
    );
    expect(missing.status).toBe(404);
  });
});
