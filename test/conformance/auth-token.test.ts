// CONTRACT §3 Auth: POST /auth/token (password and refresh_token grants) and POST /auth/revoke.
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { strongPassword, tokenPair, uniqueEmail, type ApiResponse } from "./api.js";
import { auditLogs, withServer } from "./context.js";
import { expectTokenError, expectUnauthorized } from "./expect-problem.js";
import { auditHeaders } from "./headers.js";
import { projects, userScopes } from "./projects.js";
import { RELAXED } from "./server.js";
import { decodeJwt } from "./tokens.js";

const scopeSet = (s: unknown) =>
  new Set(
    String(s ?? "")
      .split(" ")
      .filter(Boolean),
  );
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe.each(projects({ auth: "password" }))("$label: POST /auth/token and /auth/revoke", (project) => {
  const s = withServer(project, RELAXED);
  const ttl = Number(project.dotenv.ACCESS_TOKEN_TTL_SECONDS || 900);

  it("password grant → 200 {access_token, token_type: bearer, expires_in, refresh_token, scope}, no-store", async () => {
    const u = await s.api.register();
    const res = await s.api.tokenRequest({ grant_type: "password", username: u.email, password: u.password });
    expect(res.status, res.text).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["cache-control"] ?? "").toMatch(/no-store/);
    const b = res.body;
    expect(b.token_type).toBe("bearer");
    expect(b.expires_in).toBe(ttl);
    expect(typeof b.access_token).toBe("string");
    expect(typeof b.refresh_token).toBe("string");
    expect(scopeSet(b.scope)).toEqual(userScopes(project));
    expect(res.text).not.toContain(u.password);

    const { header, payload } = decodeJwt(String(b.access_token));
    expect(header.typ).toBe("at+jwt");
    expect(header.alg).toBe(project.answers.jwtAlg);
    expect(payload.iss).toBe(project.dotenv.JWT_ISSUER || project.answers.projectName);
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    expect(aud).toContain(project.dotenv.JWT_AUDIENCE || project.answers.projectName);
    expect(payload.sub).toBe(u.id);
    for (const c of ["exp", "iat", "nbf"]) expect(typeof payload[c], c).toBe("number");
    expect(Number(payload.exp) - Number(payload.iat)).toBe(ttl);
    expect(Math.abs(Number(payload.iat) - Date.now() / 1000)).toBeLessThan(60);
    expect(typeof payload.jti).toBe("string");
    expect(scopeSet(payload.scope)).toEqual(userScopes(project));
    expect(JSON.stringify(payload)).not.toContain(u.password);

    // Refresh tokens are opaque and carry >= 256 bits.
    const refresh = String(b.refresh_token);
    expect(refresh.length).toBeGreaterThanOrEqual(43);
    expect(() => decodeJwt(refresh)).toThrow();
  });

  it("granted scopes = requested ∩ role's scopes", async () => {
    const u = await s.api.register();
    const t = await s.api.login(u.email, u.password, "items:read");
    expect(scopeSet(t.scope)).toEqual(new Set(["items:read"]));
    expect(scopeSet(decodeJwt(t.access).payload.scope)).toEqual(new Set(["items:read"]));
    const mixed = await s.api.tokenRequest({
      grant_type: "password",
      username: u.email,
      password: u.password,
      scope: "items:read users:admin",
    });
    expect(mixed.status, mixed.text).toBe(200);
    expect(scopeSet(mixed.body.scope)).toEqual(new Set(["items:read"]));
    expect(scopeSet(decodeJwt(String(mixed.body.access_token)).payload.scope).has("users:admin")).toBe(false);
  });

  it("an unknown scope → 400 invalid_scope", async () => {
    const u = await s.api.register();
    expectTokenError(
      await s.api.tokenRequest({
        grant_type: "password",
        username: u.email,
        password: u.password,
        scope: "items:read root",
      }),
      "invalid_scope",
    );
    expectTokenError(
      await s.api.tokenRequest({ grant_type: "password", username: u.email, password: u.password, scope: "items:*" }),
      "invalid_scope",
    );
  });

  it("wrong password and unknown user → the same 400 invalid_grant body, in about the same time", async () => {
    const u = await s.api.register();
    const wrong: ApiResponse[] = [];
    const unknown: ApiResponse[] = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(await s.api.tokenRequest({ grant_type: "password", username: u.email, password: strongPassword() }));
      unknown.push(
        await s.api.tokenRequest({ grant_type: "password", username: uniqueEmail(), password: strongPassword() }),
      );
    }
    for (const r of [...wrong, ...unknown]) expectTokenError(r, "invalid_grant");
    expect(unknown[0]?.body).toEqual(wrong[0]?.body);
    expect(unknown[0]?.status).toBe(wrong[0]?.status);
    const ratio = median(unknown.map((r) => r.ms)) / median(wrong.map((r) => r.ms));
    expect(ratio, `unknown-user / wrong-password median time ratio ${ratio.toFixed(2)}`).toBeGreaterThan(0.33);
    expect(ratio, `unknown-user / wrong-password median time ratio ${ratio.toFixed(2)}`).toBeLessThan(3);
  });

  it("unsupported or missing grant_type, missing fields → RFC 6749 errors", async () => {
    expectTokenError(await s.api.tokenRequest({ grant_type: "client_credentials" }), "unsupported_grant_type");
    expectTokenError(
      await s.api.tokenRequest({ grant_type: "authorization_code", code: "x" }),
      "unsupported_grant_type",
    );
    expectTokenError(
      await s.api.tokenRequest({ username: uniqueEmail(), password: strongPassword() }),
      "invalid_request",
    );
    expectTokenError(await s.api.tokenRequest({ grant_type: "password", username: uniqueEmail() }), "invalid_request");
    expectTokenError(
      await s.api.tokenRequest({ grant_type: "password", password: strongPassword() }),
      "invalid_request",
    );
    expectTokenError(await s.api.tokenRequest({ grant_type: "refresh_token" }), "invalid_request");
  });

  it("a JSON body instead of the form → 400 invalid_request (RFC 6749 format)", async () => {
    const u = await s.api.register();
    const res = await s.api.post("/auth/token", {
      json: { grant_type: "password", username: u.email, password: u.password },
    });
    expectTokenError(res, "invalid_request");
  });

  it("a multipart/form-data body → 400 invalid_request (RFC 6749 format)", async () => {
    const u = await s.api.register();
    const boundary = `----rampart${randomBytes(8).toString("hex")}`;
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = `${part("grant_type", "password")}${part("username", u.email)}${part("password", u.password)}--${boundary}--\r\n`;
    const res = await s.api.post("/auth/token", {
      body,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expectTokenError(res, "invalid_request");
  });

  // RFC 6749 and 7009 take form-urlencoded bodies only: a multipart body, file parts and
  // all, is never parsed. The token endpoint refuses it; revoke answers 200 always, so the
  // proof there is that the token it carried still works.
  it.each([
    ["/auth/token", "→ 400 invalid_request"],
    ["/auth/revoke", "→ 200, and the token it carries is not revoked"],
  ])("%s: a multipart/form-data body with a file part %s", async (path) => {
    const t = await s.api.user();
    const boundary = `----rampart${randomBytes(8).toString("hex")}`;
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\n${t.refresh}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n` +
      `Content-Type: text/plain\r\n\r\n${"x".repeat(1000)}\r\n--${boundary}--\r\n`;
    const res = await s.api.post(path, {
      body,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    if (path === "/auth/token") expectTokenError(res, "invalid_request");
    else expect([res.status, res.text]).toEqual([200, ""]);
    expect((await s.api.refresh(t.refresh)).status).toBe(200);
  });

  it("a parameter given twice → 400 invalid_request (RFC 6749 §3.2), whichever it is", async () => {
    const u = await s.api.register();
    const t = await s.api.login(u.email, u.password);
    const form = (pairs: [string, string][]) => ({
      body: new URLSearchParams(pairs).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const login: [string, string][] = [
      ["grant_type", "password"],
      ["username", u.email],
      ["password", u.password],
    ];
    for (const repeated of [
      [["grant_type", "password"], ...login],
      [["grant_type", "refresh_token"], ...login],
      [...login, ["username", u.email]],
      [...login, ["password", strongPassword()]],
      [...login, ["scope", "items:read"], ["scope", "items:write"]],
    ] as [string, string][][]) {
      expectTokenError(await s.api.post("/auth/token", form(repeated)), "invalid_request");
    }
    const twice: [string, string][] = [
      ["grant_type", "refresh_token"],
      ["refresh_token", t.refresh],
      ["refresh_token", t.refresh],
    ];
    expectTokenError(await s.api.post("/auth/token", form(twice)), "invalid_request");
    // Nothing above was a login or a spend: the same form once still works.
    expect((await s.api.post("/auth/token", form(login))).status).toBe(200);
    expect((await s.api.refresh(t.refresh)).status).toBe(200);
  });

  it("refresh rotation: a new pair, the old refresh token spent, scopes never widened", async () => {
    const u = await s.api.register();
    const t1 = await s.api.login(u.email, u.password, "items:read");
    const r2 = await s.api.refresh(t1.refresh);
    expect(r2.status, r2.text).toBe(200);
    expect(r2.headers["cache-control"] ?? "").toMatch(/no-store/);
    const t2 = tokenPair(r2);
    expect(r2.body.token_type).toBe("bearer");
    expect(t2.refresh).not.toBe(t1.refresh);
    expect(t2.access).not.toBe(t1.access);
    expect(scopeSet(t2.scope)).toEqual(new Set(["items:read"]));
    expect((await s.api.get("/users/me", { token: t2.access })).status).toBe(200);
    const r3 = await s.api.refresh(t2.refresh);
    expect(r3.status, r3.text).toBe(200);
  });

  it("a spent refresh token → 400 invalid_grant, and its whole family is revoked, access tokens included", async () => {
    const u = await s.api.register();
    const t1 = await s.api.login(u.email, u.password);
    const other = await s.api.login(u.email, u.password); // another login: another family
    const r2 = await s.api.refresh(t1.refresh);
    expect(r2.status, r2.text).toBe(200);
    const t2 = tokenPair(r2);
    for (const t of [t1, t2, other]) expect((await s.api.get("/users/me", { token: t.access })).status).toBe(200);
    expectTokenError(await s.api.refresh(t1.refresh), "invalid_grant");
    expectTokenError(await s.api.refresh(t2.refresh), "invalid_grant");
    // "Every token of that login": the access tokens the family issued stop working at once.
    expectUnauthorized(await s.api.get("/users/me", { token: t1.access }));
    expectUnauthorized(await s.api.get("/users/me", { token: t2.access }));
    expectUnauthorized(await s.api.get("/items", { token: t2.access }));
    // The user's other login is not that family.
    expect((await s.api.get("/users/me", { token: other.access })).status).toBe(200);
    const r3 = await s.api.refresh(other.refresh);
    expect(r3.status, r3.text).toBe(200);
  });

  it("garbage refresh token → invalid_grant", async () => {
    expectTokenError(await s.api.refresh(randomBytes(32).toString("base64url")), "invalid_grant");
  });

  it("a refresh token used as a bearer token → 401 invalid_token", async () => {
    const u = await s.api.register();
    const t = await s.api.login(u.email, u.password);
    expectUnauthorized(await s.api.get("/users/me", { token: t.refresh }));
  });

  it("an access token presented as a refresh token → 400 invalid_grant", async () => {
    const u = await s.api.register();
    const t = await s.api.login(u.email, u.password);
    expectTokenError(await s.api.refresh(t.access), "invalid_grant");
  });

  it("POST /auth/revoke → 200 always; the token is dead after, and so are the user's other sessions, access tokens included", async () => {
    const u = await s.api.register();
    const a = await s.api.login(u.email, u.password);
    const b = await s.api.login(u.email, u.password);
    const res = await s.api.post("/auth/revoke", { form: { token: a.refresh } });
    expect(res.status, res.text).toBe(200);
    expect(res.text).toBe("");
    expect(res.headers["cache-control"] ?? "").toMatch(/no-store/);
    // The sessions end at once, access tokens too (checked first: presenting a dead refresh
    // token below would revoke its family's access tokens as a replay anyway).
    expectUnauthorized(await s.api.get("/users/me", { token: a.access }));
    expectUnauthorized(await s.api.get("/users/me", { token: b.access }));
    expectTokenError(await s.api.refresh(a.refresh), "invalid_grant");
    expectTokenError(await s.api.refresh(b.refresh), "invalid_grant");
    // Again, and garbage: still 200.
    expect((await s.api.post("/auth/revoke", { form: { token: a.refresh } })).status).toBe(200);
    expect((await s.api.post("/auth/revoke", { form: { token: "garbage" } })).status).toBe(200);
    expect((await s.api.post("/auth/revoke", {})).status).toBe(200);
    // A fresh login still works.
    await s.api.login(u.email, u.password);
  });

  it("POST /auth/revoke with an access token → 200, and that access token is refused after (only that one)", async () => {
    const u = await s.api.register();
    const a = await s.api.login(u.email, u.password);
    const b = await s.api.login(u.email, u.password);
    expect((await s.api.get("/users/me", { token: a.access })).status).toBe(200);
    const res = await s.api.post("/auth/revoke", { form: { token: a.access, token_type_hint: "access_token" } });
    expect(res.status, res.text).toBe(200);
    expectUnauthorized(await s.api.get("/users/me", { token: a.access }));
    expectUnauthorized(await s.api.get("/items", { token: a.access }));
    // Revoking it again is still 200 and it stays dead; the other login's token is untouched.
    expect((await s.api.post("/auth/revoke", { form: { token: a.access } })).status).toBe(200);
    expectUnauthorized(await s.api.get("/users/me", { token: a.access }));
    expect((await s.api.get("/users/me", { token: b.access })).status).toBe(200);
  });

  it("POST /users/me/password → 204 and ends every session of the user (refresh and access tokens); the new password logs in", async () => {
    const u = await s.api.register();
    const t = await s.api.login(u.email, u.password);
    const other = await s.api.login(u.email, u.password);
    const newPassword = strongPassword();
    const res = await s.api.post("/users/me/password", {
      token: t.access,
      json: { current_password: u.password, new_password: newPassword },
    });
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe("");
    expect(res.headers["cache-control"] ?? "").toMatch(/no-store/);
    // Every session ends, access tokens included: this one's and the other login's (checked
    // before the refresh tokens, whose replay would revoke their families anyway).
    expectUnauthorized(await s.api.get("/users/me", { token: t.access }));
    expectUnauthorized(await s.api.get("/users/me", { token: other.access }));
    expectTokenError(await s.api.refresh(t.refresh), "invalid_grant");
    expectTokenError(await s.api.refresh(other.refresh), "invalid_grant");
    expectTokenError(
      await s.api.tokenRequest({ grant_type: "password", username: u.email, password: u.password }),
      "invalid_grant",
    );
    const fresh = await s.api.login(u.email, newPassword);
    expect((await s.api.get("/users/me", { token: fresh.access })).status).toBe(200);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});
