// CONTRACT §3 Tokens: access-token verification, attacked through GET /users/me.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { strongPassword, type TestUser, type TokenPair } from "./api.js";
import { adminCreds, adminEnv, adminLogin, auditLogs, withServer } from "./context.js";
import { expectInsufficientScope, expectProblem, expectTokenError, expectUnauthorized } from "./expect-problem.js";
import { auditHeaders } from "./headers.js";
import { projects } from "./projects.js";
import { RELAXED } from "./server.js";
import { Forger, attackerKey, b64url, decodeJwt, projectKeys, unsignedJwt } from "./tokens.js";

describe.each(projects({ auth: "password" }))("$label: access-token verification", (project) => {
  const admin = adminCreds();
  const s = withServer(project, { ...RELAXED, ...adminEnv(admin) });
  let victim: TestUser & TokenPair;
  let forger: Forger;
  // A JWKS server an attacker would point jku/x5u at: it must never be fetched.
  let jwks: Server;
  let jwksHits = 0;
  let jwksUrl = "";
  const evil = attackerKey(project.answers.jwtAlg === "HS256" ? "EdDSA" : project.answers.jwtAlg);

  beforeAll(async () => {
    victim = await s.api.user();
    forger = new Forger(projectKeys(project, victim.access), victim.access);
    jwks = createServer((_req, res) => {
      jwksHits++;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [{ ...evil.publicJwk, kid: "evil", use: "sig" }] }));
    });
    await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", r));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  }, 60_000);
  afterAll(() => new Promise<void>((r) => (jwks ? jwks.close(() => r()) : r())));

  const me = (token: string) => s.api.get("/users/me", { token });
  const rejected = async (token: string) => expectUnauthorized(await me(token));

  it("control: the real token, and a copy re-signed by the suite with the project's key, are accepted", async () => {
    const real = await me(victim.access);
    expect(real.status, real.text).toBe(200);
    expect(real.body.id).toBe(victim.id);
    const copy = await me(forger.forge());
    expect(copy.status, copy.text).toBe(200);
  });

  it("no Authorization → 401, WWW-Authenticate: Bearer without error=", async () => {
    expectUnauthorized(await s.api.get("/users/me"));
  });

  it("malformed tokens → 401 invalid_token", async () => {
    // "Bearer " (or "Bearer") with nothing after it carries no token: RFC 6750 §3.1 says the
    // challenge then names no error, exactly as with no Authorization header at all.
    for (const authorization of ["Bearer ", "Bearer"]) {
      const empty = await s.api.get("/users/me", { headers: { authorization } });
      expectProblem(empty, 401);
      expect(empty.headers["www-authenticate"], `Authorization: ${JSON.stringify(authorization)}`).toBe("Bearer");
    }
    for (const t of [
      "abc",
      "a.b.c",
      "a.b",
      `${victim.access}x`,
      `${victim.access}.x`,
      "e30.e30.",
      victim.access.split(".").reverse().join("."),
    ]) {
      await rejected(t);
    }
    expectUnauthorized(await s.api.get("/users/me", { headers: { authorization: `Bearer  ${victim.access} extra` } }));
  });

  it("expired beyond the 60 s skew → 401", async () => {
    await rejected(forger.forge({ exp: forger.now() - 75, iat: forger.now() - 1000, nbf: forger.now() - 1000 }));
    await rejected(forger.forge({ exp: forger.now() - 3600, iat: forger.now() - 7200, nbf: forger.now() - 7200 }));
  });

  it("within the 60 s clock skew → accepted (exp 30 s ago; nbf and iat 30 s ahead)", async () => {
    const now = forger.now();
    for (const claims of [
      { exp: now - 30, iat: now - 900, nbf: now - 900 },
      { nbf: now + 30, iat: now + 30, exp: now + 900 },
      { nbf: now + 30, iat: now - 10, exp: now + 900 },
    ]) {
      const res = await me(forger.forge(claims));
      expect(res.status, `${JSON.stringify(claims)} (now ${now}): ${res.text}`).toBe(200);
      expect(res.body.id).toBe(victim.id);
    }
  });

  it("not yet valid (nbf beyond the skew) → 401", async () => {
    await rejected(forger.forge({ nbf: forger.now() + 120 }));
    await rejected(forger.forge({ nbf: forger.now() + 86400, exp: forger.now() + 90000 }));
  });

  it("missing exp → 401", async () => {
    await rejected(forger.forge({ exp: undefined }));
  });

  it("claims of the wrong type, correctly signed → 401 (exp/nbf/iat NumericDates, sub/jti/scope strings)", async () => {
    const now = forger.now();
    for (const changes of [
      { exp: String(now + 600) },
      { exp: 1e30 },
      { exp: true },
      { exp: null },
      { exp: [now + 600] },
      { nbf: String(now) },
      { nbf: 1e30 },
      { iat: String(now) },
      { iat: { at: now } },
      { sub: Number.parseInt(victim.id.replace(/-/g, "").slice(0, 12), 16) },
      { sub: [victim.id] },
      { jti: 12345 },
      { jti: ["a"] },
      { scope: ["items:read", "items:write"] },
      { scope: 1 },
    ]) {
      const res = await me(forger.forge(changes));
      expect(res.status, `${JSON.stringify(changes)}: ${res.text}`).toBe(401);
      expectUnauthorized(res);
    }
  });

  it("wrong or missing iss / aud → 401", async () => {
    const name = project.answers.projectName;
    await rejected(forger.forge({ iss: `${name}-evil` }));
    await rejected(forger.forge({ iss: `https://evil.example.com/${name}` }));
    await rejected(forger.forge({ iss: undefined }));
    await rejected(forger.forge({ aud: `${name}-evil` }));
    await rejected(forger.forge({ aud: ["someone-else"] }));
    await rejected(forger.forge({ aud: undefined }));
  });

  it("typ other than at+jwt → 401", async () => {
    await rejected(forger.forge({}, { typ: "JWT" }));
    await rejected(forger.forge({}, { typ: undefined }));
    await rejected(forger.forge({}, { typ: "refresh" }));
  });

  it("an unknown crit header → 401", async () => {
    await rejected(forger.forge({}, { crit: ["x-rampart-unknown"], "x-rampart-unknown": true }));
  });

  it("alg none (every spelling) → 401", async () => {
    for (const alg of ["none", "None", "NONE", "nOnE"]) {
      await rejected(unsignedJwt(forger.headerWith({ alg }), forger.claims()));
      // With the original signature kept as well.
      const [, , sig] = victim.access.split(".");
      await rejected(`${unsignedJwt(forger.headerWith({ alg }), forger.claims())}${sig}`);
    }
  });

  it("stripped or altered signature, altered payload → 401", async () => {
    const [h, p, sig] = victim.access.split(".") as [string, string, string];
    await rejected(`${h}.${p}.`);
    await rejected(`${h}.${p}`);
    const flipped = Buffer.from(sig, "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 0x01;
    await rejected(`${h}.${p}.${b64url(flipped)}`);
    const other = await s.api.register();
    const payload = { ...decodeJwt(victim.access).payload, sub: other.id };
    await rejected(`${h}.${b64url(JSON.stringify(payload))}.${sig}`);
    const wider = { ...decodeJwt(victim.access).payload, scope: "items:read items:write users:admin" };
    await rejected(`${h}.${b64url(JSON.stringify(wider))}.${sig}`);
  });

  it("signed with a key the server does not have → 401", async () => {
    await rejected(forger.forgeWith(attackerKey(project.answers.jwtAlg)));
  });

  it("algorithm pinned: other algorithms, even with the right secret or the public key as HMAC secret → 401", async () => {
    const keys = forger.keys;
    if (keys.key.alg === "HS256") {
      await rejected(forger.forgeWith({ alg: "HS384", secret: keys.key.secret }));
      await rejected(forger.forgeWith({ alg: "HS512", secret: keys.key.secret }));
      await rejected(forger.forgeWith(attackerKey("EdDSA")));
      await rejected(forger.forgeWith(attackerKey("ES256")));
    } else {
      const pem = keys.publicPem ?? "";
      for (const secret of [
        pem,
        pem.trim(),
        keys.publicKey?.export({ format: "der", type: "spki" }) ?? Buffer.alloc(0),
      ]) {
        await rejected(forger.forgeWith({ alg: "HS256", secret: Buffer.from(secret) }));
        await rejected(forger.forgeWith({ alg: "HS512", secret: Buffer.from(secret) }));
      }
      await rejected(forger.forgeWith(attackerKey(project.answers.jwtAlg === "EdDSA" ? "ES256" : "EdDSA")));
    }
  });

  it("jwk / jku / x5u / kid header injection → 401, and the attacker's URL is never fetched", async () => {
    const k = evil;
    await rejected(forger.forgeWith(k, {}, { jwk: k.publicJwk }));
    await rejected(forger.forgeWith(k, {}, { jku: jwksUrl, kid: "evil" }));
    await rejected(forger.forgeWith(k, {}, { x5u: jwksUrl }));
    await rejected(forger.forgeWith(k, {}, { kid: "evil" }));
    await rejected(forger.forgeWith(k, {}, { kid: "' OR '1'='1" }));
    await rejected(
      forger.forgeWith({ alg: "HS256", secret: Buffer.alloc(0) }, {}, { kid: "../../../../../../dev/null" }),
    );
    await rejected(forger.forgeWith({ alg: "HS256", secret: Buffer.from("") }, {}, { kid: "/dev/null" }));
    await new Promise((r) => setTimeout(r, 300));
    expect(jwksHits, "the server fetched an attacker-supplied jku/x5u").toBe(0);
  });

  it("a token for a user that does not exist (deleted) → 401", async () => {
    await rejected(forger.forge({ sub: randomUUID() }));
    await rejected(forger.forge({ sub: "1 OR 1=1" }));
    await rejected(forger.forge({ sub: undefined }));
  });

  it("a disabled user's tokens stop working at once (admin PATCH is_active=false)", async () => {
    const a = await adminLogin(s.api, admin);
    const u = await s.api.user();
    expect((await me(u.access)).status).toBe(200);
    const res = await s.api.patch(`/admin/users/${u.id}`, { token: a.access, json: { is_active: false } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.is_active).toBe(false);
    expectUnauthorized(await me(u.access));
    expectUnauthorized(await s.api.get("/items", { token: u.access }));
    expectTokenError(await s.api.refresh(u.refresh), "invalid_grant");
    // The right password of a disabled account: the same invalid_grant as a wrong one.
    const login = await s.api.tokenRequest({ grant_type: "password", username: u.email, password: u.password });
    expectTokenError(login, "invalid_grant");
    expect(login.body.error_description).toBe(
      (await s.api.tokenRequest({ grant_type: "password", username: u.email, password: strongPassword() })).body
        .error_description,
    );
  });

  it("scopes are cut to the role: a user's self-made users:admin token → 403 on admin routes", async () => {
    const t = forger.forge({ sub: victim.id, scope: "items:read items:write users:admin" });
    expect((await me(t)).status).toBe(200);
    expectInsufficientScope(await s.api.get("/admin/users", { token: t }), "users:admin");
  });

  it("a demoted admin loses users:admin at once", async () => {
    const a = await adminLogin(s.api, admin);
    const u = await s.api.register();
    const promote = await s.api.patch(`/admin/users/${u.id}`, { token: a.access, json: { role: "admin" } });
    expect(promote.status, promote.text).toBe(200);
    expect(promote.body.role).toBe("admin");
    const t = await s.api.login(u.email, u.password);
    expect(t.scope.split(" ")).toContain("users:admin");
    expect((await s.api.get("/admin/users", { token: t.access })).status).toBe(200);
    const demote = await s.api.patch(`/admin/users/${u.id}`, { token: a.access, json: { role: "user" } });
    expect(demote.status, demote.text).toBe(200);
    expectInsufficientScope(await s.api.get("/admin/users", { token: t.access }), "users:admin");
    expect((await me(t.access)).status).toBe(200);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});
