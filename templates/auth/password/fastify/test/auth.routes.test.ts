/**
 * The OAuth2 routes over HTTP: register, the token endpoint's RFC 6749 errors (whatever the
 * body), revoke's empty 200 and the password change. The rules are tested with the service.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  buildTestApp,
  TEST_PASSWORD,
  tokenFor,
  type TestApp,
} from "./helpers.js";

let t: TestApp;
const form = { "content-type": "application/x-www-form-urlencoded" };

beforeAll(async () => {
  t = await buildTestApp();
});

afterAll(async () => {
  await t.close();
});

const token = (payload: string, headers: Record<string, string> = form) =>
  t.app.inject({ method: "POST", url: "/auth/token", headers, payload });

describe("POST /auth/register", () => {
  it("creates the account (201) and refuses the same email (409)", async () => {
    const email = `r-${randomUUID()}@example.com`;
    const first = await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email, password: TEST_PASSWORD },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      email,
      role: "user",
      is_active: true,
    });
    const again = await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email, password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(409);
  });

  it("is 422 for a short password and 415 for a form", async () => {
    const short = await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email: "a@example.com", password: "short" },
    });
    expect(short.statusCode).toBe(422);
    const asForm = await t.app.inject({
      method: "POST",
      url: "/auth/register",
      headers: form,
      payload: "email=a",
    });
    expect(asForm.statusCode).toBe(415);
  });
});

describe("POST /auth/token", () => {
  it("issues a pair for the password grant, no-store", async () => {
    const user = await tokenFor(t.app, { scopes: ["items:read"] });
    const res = await token(
      new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: user.refreshToken,
      }).toString(),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.json()).toMatchObject({
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
      ["", {}],
    ];
    for (const [payload, headers] of cases) {
      const res = await token(payload, headers);
      expect(res.statusCode, payload).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.json()).toMatchObject({ error: "invalid_request" });
      expect(res.headers["cache-control"]).toBe("no-store");
    }
  });

  it("says unsupported_grant_type and invalid_grant", async () => {
    expect((await token("grant_type=client_credentials")).json()).toMatchObject(
      { error: "unsupported_grant_type" },
    );
    const wrong = await token(
      `grant_type=password&username=nobody%40example.com&password=${TEST_PASSWORD}`,
    );
    expect(wrong.json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("POST /auth/revoke", () => {
  it("is an empty 200 whatever it is sent, and ends the login", async () => {
    const user = await tokenFor(t.app, { scopes: ["items:read"] });
    for (const [payload, headers] of [
      ["token=nonsense", form],
      ['{"token":"x"}', { "content-type": "application/json" }],
    ] as const) {
      const res = await t.app.inject({
        method: "POST",
        url: "/auth/revoke",
        headers,
        payload,
      });
      expect([res.statusCode, res.body]).toEqual([200, ""]);
    }
    const res = await t.app.inject({
      method: "POST",
      url: "/auth/revoke",
      headers: form,
      payload: `token=${user.refreshToken}`,
    });
    expect(res.statusCode).toBe(200);
    const me = await t.app.inject({
      method: "GET",
      url: "/users/me",
      headers: bearer(user.token),
    });
    expect(me.statusCode).toBe(401);
  });
});

describe("POST /users/me/password", () => {
  it("changes the password (204) and ends the sessions; a wrong one is 400", async () => {
    const user = await tokenFor(t.app, { scopes: [] });
    const wrong = await t.app.inject({
      method: "POST",
      url: "/users/me/password",
      headers: bearer(user.token),
      payload: {
        current_password: "not-the-password",
        new_password: "another-long-password",
      },
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: "POST",
      url: "/users/me/password",
      headers: bearer(user.token),
      payload: {
        current_password: TEST_PASSWORD,
        new_password: "another-long-password",
      },
    });
    expect(ok.statusCode).toBe(204);
    expect(
      (
        await t.app.inject({
          method: "GET",
          url: "/users/me",
          headers: bearer(user.token),
        })
      ).statusCode,
    ).toBe(401);
  });

  it("needs a token", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/users/me/password",
      payload: {},
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toBe("Bearer");
  });
});

describe("ALLOW_REGISTRATION=false", () => {
  it("is a 404", async () => {
    const closed = await buildTestApp({ ALLOW_REGISTRATION: "false" });
    try {
      const res = await closed.app.inject({
        method: "POST",
        url: "/auth/register",
        payload: {},
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await closed.close();
    }
  });
});
