/** /users/me and /admin/users over HTTP: auth, scopes, the self-change 409. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  buildTestApp,
  sendJson,
  tokenFor,
  type TestApp,
} from "./helpers.js";

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
  t.app.request(
    url,
    payload === undefined
      ? { method, headers: bearer(token) }
      : sendJson(method, payload, bearer(token)),
  );

describe("/users/me", () => {
  it("reads and changes the caller, no-store; other fields are 422", async () => {
    const user = await tokenFor(t.app, { scopes: [] });
    const me = await send(user.token, "GET", "/users/me");
    expect(me.status).toBe(200);
    expect(me.headers.get("cache-control")).toBe("no-store");
    expect(await me.json()).toMatchObject({
      id: user.userId,
      email: user.email,
    });
    const patched = await send(user.token, "PATCH", "/users/me", {
      full_name: "Ada",
    });
    expect(await patched.json()).toMatchObject({ full_name: "Ada" });
    const role = await send(user.token, "PATCH", "/users/me", {
      role: "admin",
    });
    expect(role.status).toBe(422);
  });

  it("is 401 with the right challenge", async () => {
    const none = await t.app.request("/users/me");
    expect([none.status, none.headers.get("www-authenticate")]).toEqual([
      401,
      "Bearer",
    ]);
    const bad = await send("not.a.jwt", "GET", "/users/me");
    expect(bad.headers.get("www-authenticate")).toBe(
      'Bearer error="invalid_token"',
    );
  });

  it("checks the token before reading the body", async () => {
    const res = await t.app.request("/users/me", {
      method: "PATCH",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(res.status).toBe(401);
  });
});

describe("/admin/users", () => {
  it("needs users:admin (403 with the scope named)", async () => {
    const user = await tokenFor(t.app, { scopes: ["items:read"] });
    const res = await send(user.token, "GET", "/admin/users");
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain(
      'scope="users:admin"',
    );
  });

  it("lists users, changes another one, and refuses a change to oneself", async () => {
    const admin = await tokenFor(t.app, { scopes: ["users:admin"] });
    const other = await tokenFor(t.app, { scopes: [] });
    const page = await send(
      admin.token,
      "GET",
      "/admin/users?limit=5&offset=0",
    );
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ limit: 5, offset: 0 });
    const patched = await send(
      admin.token,
      "PATCH",
      `/admin/users/${other.userId}`,
      { is_active: false },
    );
    expect(await patched.json()).toMatchObject({ is_active: false });
    const self = await send(
      admin.token,
      "PATCH",
      `/admin/users/${admin.userId}`,
      { role: "user" },
    );
    expect(self.status).toBe(409);
    const missing = await send(
      admin.token,
      "PATCH",
      `/admin/users/${randomUUID()}`,
      {},
    );
    expect(missing.status).toBe(404);
    const malformed = await send(admin.token, "PATCH", "/admin/users/x", {});
    expect(malformed.status).toBe(422);
  });
});
