/**
 * The OAuth2 routes over HTTP: register, the token endpoint's RFC 6749 errors (whatever the
 * body), revoke's empty 200 and the password change. The rules are tested with the service.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  buildTestApp,
  sendJson,
  TEST_PASSWORD,
  tokenFor,
  type TestApp,
} from "./helpers.js";

let t: TestApp;
const form = { "content-type": "application/x-www-form-urlencoded" };

beforeAll(async () => {
  t = await buildTestApp({ MAX_BODY_BYTES: "4096" });
});

afterAll(async () => {
  await t.close();
});

const token = (body: string, headers: Record<string, string> = form) =>
  t.app.request("/auth/token", { method: "POST", headers, body });

describe("POST /auth/register", () => {
  it("creates the account (201) and refuses the same email (409)", async () => {
    const email = `r-${randomUUID()}@example.com`;
    const first = await t.app.request(
      "/auth/register",
      sendJson("POST", { email, password: TEST_PASSWORD }),
    );
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      email,
      role: "user",
      is_active: true,
    });
    const again = await t.app.request(
      "/auth/register",
      sendJson("POST", { email, password: TEST_PASSWORD }),
    );
    expect(again.status).toBe(409);
  });

  it("is 422 for a short password and 415 for a form", async () => {
    const short = await t.app.request(
      "/auth/register",
      sendJson("POST", { email: "a@example.com", password: "short" }),
    );
    expect(short.status).toBe(422);
    const asForm = await t.app.request("/auth/register", {
      method: "POST",
      headers: form,
      body: "email=a",
    });
    expect(asForm.status).toBe(415);
  });
});

describe("POST /auth/token", () => {
  it("issues a pair for the refresh grant, no-store", async () => {
    const user = await tokenFor(t.app, { scopes: ["items:read"] });
    const res = await token(
      new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: user.refreshToken,
      }).toString(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({
      token_type: "bearer",
      scope: "items:read",
    });
  });

  it("answers every malformed request with invalid_request, never a problem", async () => {
    const cases: [string, Record<string, string>][] = [
      ['{"grant_type":"password"}', { "content-type": "application/json" }],
      ['{"grant_type":', { "content-type": "application/json" }],
      ["--x\r\n", { "content-type": "multipart/form-data; boundary=x" }],
      ["grant_type=password&grant_type=password&username=a&password=b", form],
      [`grant_type=password&username=${"a".repeat(5000)}`, form],
      ["", {}],
    ];
    for (const [body, headers] of cases) {
      const res = await token(body, headers);
      expect(res.status, body.slice(0, 40)).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("says unsupported_grant_type and invalid_grant", async () => {
    expect(
      await (await token("grant_type=client_credentials")).json(),
    ).toMatchObject({ error: "unsupported_grant_type" });
    const wrong = await token(
      `grant_type=password&username=nobody%40example.com&password=${TEST_PASSWORD}`,
    );
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("POST /auth/revoke", () => {
  it("is an empty 200 whatever it is sent, and ends the login", async () => {
    const user = await tokenFor(t.app, { scopes: ["items:read"] });
    for (const [body, headers] of [
      ["token=nonsense", form],
      ['{"token":"x"}', { "content-type": "application/json" }],
      ["", {}],
    ] as const) {
      const res = await t.app.request("/auth/revoke", {
        method: "POST",
        headers,
        body,
      });
      expect([res.status, await res.text()]).toEqual([200, ""]);
    }
    const res = await t.app.request("/auth/revoke", {
      method: "POST",
      headers: form,
      body: `token=${user.refreshToken}`,
    });
    expect(res.status).toBe(200);
    const me = await t.app.request("/users/me", {
      headers: bearer(user.token),
    });
    expect(me.status).toBe(401);
  });
});

describe("POST /users/me/password", () => {
  it("changes the password (204) and ends the sessions; a wrong one is 400", async () => {
    const user = await tokenFor(t.app, { scopes: [] });
    const wrong = await t.app.request(
      "/users/me/password",
      sendJson(
        "POST",
        {
          current_password: "not-the-password",
          new_password: "another-long-password",
        },
        bearer(user.token),
      ),
    );
    expect(wrong.status).toBe(400);
    const ok = await t.app.request(
      "/users/me/password",
      sendJson(
        "POST",
        {
          current_password: TEST_PASSWORD,
          new_password: "another-long-password",
        },
        bearer(user.token),
      ),
    );
    expect([ok.status, await ok.text()]).toEqual([204, ""]);
    const me = await t.app.request("/users/me", {
      headers: bearer(user.token),
    });
    expect(me.status).toBe(401);
  });

  it("needs a token", async () => {
    const res = await t.app.request("/users/me/password", sendJson("POST", {}));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });
});

describe("ALLOW_REGISTRATION=false", () => {
  it("is a 404, whatever the body", async () => {
    const closed = await buildTestApp({ ALLOW_REGISTRATION: "false" });
    try {
      const res = await closed.app.request(
        "/auth/register",
        sendJson("POST", {}),
      );
      expect(res.status).toBe(404);
    } finally {
      await closed.close();
    }
  });
});
