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
  t.http.post("/auth/token").set(headers).send(payload);

describe("POST /auth/register", () => {
  it("creates the account (201) and refuses the same email (409)", async () => {
    const email = `r-${randomUUID()}@example.com`;
    const first = await t.http
      .post("/auth/register")
      .send({ email, password: TEST_PASSWORD });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ email, role: "user", is_active: true });
    const again = await t.http
      .post("/auth/register")
      .send({ email, password: TEST_PASSWORD });
    expect(again.status).toBe(409);
  });

  it("is 422 for a short password and 415 for a form", async () => {
    const short = await t.http
      .post("/auth/register")
      .send({ email: "a@example.com", password: "short" });
    expect(short.status).toBe(422);
    const asForm = await t.http
      .post("/auth/register")
      .set(form)
      .send("email=a");
    expect(asForm.status).toBe(415);
  });
});

describe("POST /auth/token", () => {
  it("issues a pair for the refresh grant, no-store", async () => {
    const user = await tokenFor(t, { scopes: ["items:read"] });
    const res = await token(
      new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: user.refreshToken,
      }).toString(),
    );
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body).toMatchObject({
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
      ["grant_type=password", { ...form, "content-encoding": "gzip" }],
      [
        "grant_type=password",
        { "content-type": "application/x-www-form-urlencoded; charset=utf-16" },
      ],
      ["", {}],
    ];
    for (const [payload, headers] of cases) {
      const res = await token(payload, headers);
      expect(res.status, payload).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ error: "invalid_request" });
      expect(res.headers["cache-control"]).toBe("no-store");
    }
  });

  it("says unsupported_grant_type and invalid_grant", async () => {
    expect((await token("grant_type=client_credentials")).body).toMatchObject({
      error: "unsupported_grant_type",
    });
    const wrong = await token(
      `grant_type=password&username=nobody%40example.com&password=${TEST_PASSWORD}`,
    );
    expect(wrong.body).toMatchObject({ error: "invalid_grant" });
  });
});

describe("POST /auth/revoke", () => {
  it("is an empty 200 whatever it is sent, and ends the login", async () => {
    const user = await tokenFor(t, { scopes: ["items:read"] });
    for (const [payload, headers] of [
      ["token=nonsense", form],
      ['{"token":"x"}', { "content-type": "application/json" }],
      ["", {}],
    ] as const) {
      const res = await t.http.post("/auth/revoke").set(headers).send(payload);
      expect([res.status, res.text]).toEqual([200, ""]);
    }
    const res = await t.http
      .post("/auth/revoke")
      .set(form)
      .send(`token=${user.refreshToken}`);
    expect(res.status).toBe(200);
    const me = await t.http.get("/users/me").set(bearer(user.token));
    expect(me.status).toBe(401);
  });
});

describe("POST /users/me/password", () => {
  it("changes the password (204) and ends the sessions; a wrong one is 400", async () => {
    const user = await tokenFor(t, { scopes: [] });
    const wrong = await t.http
      .post("/users/me/password")
      .set(bearer(user.token))
      .send({
        current_password: "not-the-password",
        new_password: "another-long-password",
      });
    expect(wrong.status).toBe(400);
    const ok = await t.http
      .post("/users/me/password")
      .set(bearer(user.token))
      .send({
        current_password: TEST_PASSWORD,
        new_password: "another-long-password",
      });
    expect(ok.status).toBe(204);
    expect((await t.http.get("/users/me").set(bearer(user.token))).status).toBe(
      401,
    );
  });

  it("needs a token", async () => {
    const res = await t.http.post("/users/me/password").send({});
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe("Bearer");
  });
});

describe("ALLOW_REGISTRATION=false", () => {
  it("is a 404", async () => {
    const closed = await buildTestApp({ ALLOW_REGISTRATION: "false" });
    try {
      const res = await closed.http.post("/auth/register").send({});
      expect(res.status).toBe(404);
    } finally {
      await closed.close();
    }
  });
});
