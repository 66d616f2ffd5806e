// CONTRACT §3 "Auth (oidc mode)": a resource server for an external IdP's JWTs, checked
// against its JWKS. Runs only for `--auth oidc` projects (the resource, HTTP and header probes
// of items.test.ts / http.test.ts run for them too, with tokens minted here).
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { auditLogs, expectRefusal, withServer, type ServerHandle } from "./context.js";
import { expectInsufficientScope, expectProblem, expectUnauthorized } from "./expect-problem.js";
import { auditHeaders } from "./headers.js";
import { OidcProvider, makeKey, signingKey } from "./oidc.js";
import { projects } from "./projects.js";
import { RELAXED, startServer } from "./server.js";
import { b64url, signJwt, unsignedJwt } from "./tokens.js";

function idpOf(h: ServerHandle): OidcProvider {
  if (!h.idp) throw new Error("no identity provider: not an oidc project?");
  return h.idp;
}

describe.each(projects({ auth: "oidc" }))("$label: oidc resource server", (project) => {
  const s = withServer(project, RELAXED);
  const items = (token: string) => s.api.get("/items", { token });

  it("there are no /auth/* routes", async () => {
    for (const p of ["/auth/register", "/auth/token", "/auth/revoke"]) {
      expectProblem(await s.api.post(p, { json: {} }), 404);
    }
  });

  it("IdP tokens are accepted: scope string, scp array, aud array, every published key", async () => {
    const idp = idpOf(s);
    const ok = async (t: string) => {
      const r = await items(t);
      expect(r.status, r.text).toBe(200);
    };
    await ok(idp.mint());
    await ok(idp.mint({ scope: undefined, scp: ["items:read", "items:write"] }));
    await ok(idp.mint({ aud: ["another-api", idp.audience] }));
    for (const k of idp.published) await ok(idp.mint({}, k));
  });

  it("the owner is sub: another subject never sees the rows", async () => {
    const a = await s.api.user();
    const b = await s.api.user();
    const item = await s.api.createItem(a.access);
    expectProblem(await s.api.get(`/items/${String(item.id)}`, { token: b.access }), 404);
    expect((await items(b.access)).body.total).toBe(0);
    expect((await items(a.access)).body.total).toBe(1);
  });

  it("scopes come from the token: items:read only → writes 403 insufficient_scope", async () => {
    const idp = idpOf(s);
    expectInsufficientScope(await s.api.post("/items", { token: idp.mint({ scope: "items:read" }), json: { name: "x" } }), "items:write");
    expectInsufficientScope(await s.api.post("/items", { token: idp.mint({ scope: undefined, scp: ["items:read"] }), json: { name: "x" } }), "items:write");
    expectInsufficientScope(await items(idp.mint({ scope: "items:write" })), "items:read");
    expectInsufficientScope(await items(idp.mint({ scope: undefined })), "items:read");
  });

  it("bad claims → 401: iss, aud, exp (beyond 60 s), nbf, missing exp / sub", async () => {
    const idp = idpOf(s);
    const now = Math.floor(Date.now() / 1000);
    for (const changes of [
      { iss: "https://evil.example.com/" },
      { iss: idp.issuer.replace(/\/$/, "") + "/evil" },
      { iss: undefined },
      { aud: "another-api" },
      { aud: undefined },
      { exp: now - 75, iat: now - 1000, nbf: now - 1000 },
      { nbf: now + 120 },
      { exp: undefined },
      { sub: undefined },
    ]) {
      expectUnauthorized(await items(idp.mint(changes)));
    }
  });

  it("forged signatures → 401: none, stripped, altered, unknown key, symmetric algorithms", async () => {
    const idp = idpOf(s);
    const good = idp.mint();
    const [h, p, sig] = good.split(".") as [string, string, string];
    for (const alg of ["none", "None", "NONE", "nOnE"]) {
      expectUnauthorized(await items(unsignedJwt({ alg, typ: "JWT", kid: idp.key.kid }, idp.claims())));
    }
    expectUnauthorized(await items(`${h}.${p}.`));
    const wider = { ...JSON.parse(Buffer.from(p, "base64url").toString()), sub: `oidc|${randomUUID()}` } as Record<string, unknown>;
    expectUnauthorized(await items(`${h}.${b64url(JSON.stringify(wider))}.${sig}`));
    // A key the IdP never published, under a published kid and under a new one.
    const rogue = makeKey("RS256", idp.key.kid);
    expectUnauthorized(await items(idp.mint({}, rogue)));
    // HS256 with the published public key (PEM, or the JWK's modulus) as the HMAC secret.
    for (const secret of [idp.key.publicPem, String(idp.key.jwk.n ?? "")]) {
      const t = signJwt({ alg: "HS256", typ: "JWT", kid: idp.key.kid }, idp.claims(), { alg: "HS256", secret: Buffer.from(secret) });
      expectUnauthorized(await items(t));
    }
  });

  it("jwk / jku / x5u header injection → 401, the attacker's URL is never fetched", async () => {
    const idp = idpOf(s);
    let hits = 0;
    const rogue = makeKey("RS256", "rogue");
    const evil = createServer((_req, res) => {
      hits++;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [rogue.jwk] }));
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/jwks.json`;
    try {
      const claims = idp.claims();
      for (const extra of [{ jwk: rogue.jwk }, { jku: url }, { x5u: url }]) {
        const t = signJwt({ alg: "RS256", typ: "JWT", kid: "rogue", ...extra }, claims, signingKey(rogue));
        expectUnauthorized(await items(t));
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(hits, "the server fetched an attacker-supplied URL").toBe(0);
    } finally {
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });

  it("unknown kids refresh the JWKS at most once a minute", async () => {
    const idp = idpOf(s);
    await items(idp.mint());
    const before = idp.fetches;
    for (let i = 0; i < 6; i++) {
      expectUnauthorized(await items(idp.mint({}, makeKey("RS256", `unknown-${i}`))));
    }
    expect(idp.fetches - before, "JWKS fetches caused by a burst of unknown kids").toBeLessThanOrEqual(1);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});

describe.each(projects({ auth: "oidc" }))("$label: oidc key rotation", (project) => {
  const s = withServer(project, RELAXED);

  it("a key newly published under a new kid is picked up (within about a minute)", async () => {
    const idp = idpOf(s);
    expect((await s.api.get("/items", { token: idp.mint() })).status).toBe(200);
    const fresh = makeKey("ES256", `rotated-${randomUUID()}`);
    idp.published = [fresh, ...idp.published];
    const deadline = Date.now() + 75_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await s.api.get("/items", { token: idp.mint({}, fresh) })).status;
      if (status === 200) break;
      expect(status).toBe(401);
      await new Promise((r) => setTimeout(r, 5_000));
    }
    expect(status, "the rotated key was never accepted").toBe(200);
    expect(idp.fetches, "JWKS fetches").toBeLessThanOrEqual(4);
  }, 120_000);

  auditHeaders(() => [s.api]);
});

describe.each(projects({ auth: "oidc" }))("$label: oidc start-up", (project) => {
  const full = { OIDC_ISSUER: "https://idp.example.com/", OIDC_AUDIENCE: "api", OIDC_JWKS_URL: "http://127.0.0.1:9/jwks.json" };
  for (const missing of Object.keys(full)) {
    it(`refuses to start without ${missing} (any APP_ENV)`, async () => {
      await expectRefusal(project, { ...full, [missing]: undefined, APP_ENV: "development" }, { dotenv: "none" }, { message: new RegExp(missing) });
    });
  }

  it("SIGTERM: exits cleanly within 10 s", async () => {
    const idp = new OidcProvider();
    await idp.start();
    const server = await startServer(project, { ...RELAXED, ...idp.env() });
    const e = await server.stop();
    await idp.stop();
    expect(e.code === 0 || e.code === 143 || (e.code === null && e.signal === "SIGTERM"), `exit ${e.code} ${e.signal}`).toBe(true);
    expect(e.ms ?? 0).toBeLessThan(10_000);
  });
});
