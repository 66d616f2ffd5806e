import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  base64url,
  decodeJwt,
  decodeProtectedHeader,
  SignJWT,
  type JWTPayload,
} from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { loadTokenKeys, type TokenKeys } from "../../src/auth/keys.js";
import {
  createTokenService,
  InvalidTokenError,
  type AccessGrant,
  type TokenService,
} from "../../src/auth/tokens.js";
import { TOKEN_SETTINGS } from "../helpers/auth.js";

const dir = mkdtempSync(path.join(tmpdir(), "keys-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function pemFiles(alg: "EdDSA" | "ES256") {
  const pair =
    alg === "EdDSA"
      ? generateKeyPairSync("ed25519")
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  const privateFile = path.join(dir, `${alg}-${randomUUID()}-private.pem`);
  const publicFile = path.join(dir, `${alg}-${randomUUID()}-public.pem`);
  writeFileSync(
    privateFile,
    pair.privateKey.export({ type: "pkcs8", format: "pem" }),
  );
  writeFileSync(
    publicFile,
    pair.publicKey.export({ type: "spki", format: "pem" }),
  );
  return { privateFile, publicFile };
}

/** Fresh keys (a new pair each call); for HS256, `secret`. */
async function keysFor(
  alg: "HS256" | "EdDSA" | "ES256",
  secret = "s".repeat(32),
): Promise<TokenKeys> {
  if (alg === "HS256") {
    return loadTokenKeys({
      jwtAlgorithm: alg,
      jwtSecret: secret,
      jwtPrivateKeyFile: undefined,
      jwtPublicKeyFile: undefined,
    });
  }
  const { privateFile, publicFile } = pemFiles(alg);
  return loadTokenKeys({
    jwtAlgorithm: alg,
    jwtSecret: undefined,
    jwtPrivateKeyFile: privateFile,
    jwtPublicKeyFile: publicFile,
  });
}

const grant: AccessGrant = {
  userId: randomUUID(),
  scopes: ["items:write", "items:read"],
  sessionId: randomUUID(),
};
const now = () => Math.floor(Date.now() / 1000);

async function rejects(tokens: TokenService, token: string): Promise<void> {
  await expect(tokens.verifyAccessToken(token)).rejects.toBeInstanceOf(
    InvalidTokenError,
  );
}

describe.each(["HS256", "EdDSA", "ES256"] as const)(
  "%s access tokens",
  (alg) => {
    it("carry the RFC 9068 header and claims, and verify", async () => {
      const keys = await keysFor(alg);
      const tokens = createTokenService(keys, TOKEN_SETTINGS);
      const token = await tokens.issueAccessToken(grant);
      expect(decodeProtectedHeader(token)).toEqual({ alg, typ: "at+jwt" });
      const payload = decodeJwt(token);
      expect(payload).toMatchObject({
        iss: "test-issuer",
        aud: "test-audience",
        sub: grant.userId,
        scope: "items:read items:write",
        sid: grant.sessionId,
      });
      expect(payload.exp).toBe(Number(payload.iat) + 900);
      expect(payload.nbf).toBe(payload.iat);
      expect(typeof payload.jti).toBe("string");
      const claims = await tokens.verifyAccessToken(token);
      expect(claims).toMatchObject({
        userId: grant.userId,
        sessionId: grant.sessionId,
      });
      expect([...claims.scopes].sort()).toEqual(["items:read", "items:write"]);
    });

    it("refuse another key of the same algorithm, and another issuer or audience", async () => {
      const keys = await keysFor(alg);
      const tokens = createTokenService(keys, TOKEN_SETTINGS);
      const stranger = createTokenService(
        await keysFor(alg, "t".repeat(32)),
        TOKEN_SETTINGS,
      );
      await rejects(tokens, await stranger.issueAccessToken(grant));
      for (const settings of [
        { ...TOKEN_SETTINGS, jwtIssuer: "someone-else" },
        { ...TOKEN_SETTINGS, jwtAudience: "someone-else" },
      ]) {
        await rejects(
          tokens,
          await createTokenService(keys, settings).issueAccessToken(grant),
        );
      }
    });
  },
);

describe("access-token verification", async () => {
  const keys = await keysFor("HS256");
  const tokens = createTokenService(keys, TOKEN_SETTINGS);
  const base = (): JWTPayload => ({
    iss: "test-issuer",
    aud: "test-audience",
    sub: grant.userId,
    sid: grant.sessionId,
    jti: randomUUID(),
    scope: "items:read",
    iat: now(),
    nbf: now(),
    exp: now() + 600,
  });
  /** Signed with the project's own key: only the claims or the header are wrong. */
  const forge = (
    changes: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
    crit?: Record<string, boolean>,
  ) => {
    // An `undefined` claim or header is left out (JSON has no undefined).
    return new SignJWT({ ...base(), ...changes })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt", ...header })
      .sign(keys.signingKey, crit && { crit });
  };

  it("accepts the control token and a 60 s clock skew", async () => {
    expect((await tokens.verifyAccessToken(await forge())).userId).toBe(
      grant.userId,
    );
    await tokens.verifyAccessToken(await forge({ exp: now() - 30 }));
    await tokens.verifyAccessToken(
      await forge({ nbf: now() + 30, iat: now() + 30 }),
    );
    await tokens.verifyAccessToken(
      await forge({ typ: undefined }, { typ: "application/at+jwt" }),
    );
    await tokens.verifyAccessToken(await forge({ scope: undefined }));
  });

  it("refuses expired, not yet valid and future-issued tokens beyond the skew", async () => {
    await rejects(tokens, await forge({ exp: now() - 75 }));
    await rejects(tokens, await forge({ nbf: now() + 120 }));
    await rejects(tokens, await forge({ iat: now() + 120 }));
  });

  it("requires exp, nbf, iat, jti, sub, sid, iss and aud", async () => {
    for (const claim of [
      "exp",
      "nbf",
      "iat",
      "jti",
      "sub",
      "sid",
      "iss",
      "aud",
    ]) {
      await rejects(tokens, await forge({ [claim]: undefined }));
    }
  });

  it("checks every claim's registered type", async () => {
    for (const changes of [
      { exp: String(now() + 600) },
      { exp: 1e30 },
      { exp: true },
      { exp: null },
      { nbf: String(now()) },
      { nbf: -1 },
      { iat: { at: now() } },
      { sub: 12345 },
      { sub: [grant.userId] },
      { sub: "1 OR 1=1" },
      { sid: "not-a-uuid" },
      { jti: 12345 },
      { scope: ["items:read"] },
      { scope: 1 },
    ]) {
      await rejects(tokens, await forge(changes));
    }
  });

  it("refuses another typ, an unknown crit, and unsigned tokens", async () => {
    await rejects(tokens, await forge({}, { typ: "JWT" }));
    await rejects(tokens, await forge({}, { typ: undefined }));
    await rejects(
      tokens,
      await forge(
        {},
        { crit: ["x-unknown"], "x-unknown": true },
        { "x-unknown": true },
      ),
    );
    const [, payload] = (await forge()).split(".");
    const none = base64url.encode(
      JSON.stringify({ alg: "none", typ: "at+jwt" }),
    );
    await rejects(tokens, `${none}.${payload ?? ""}.`);
    for (const garbage of ["", "abc", "a.b.c", "e30.e30."])
      await rejects(tokens, garbage);
  });

  it("pins the algorithm: HS512 with the same secret is refused", async () => {
    const token = await new SignJWT(base())
      .setProtectedHeader({ alg: "HS512", typ: "at+jwt" })
      .sign(new TextEncoder().encode("s".repeat(64)));
    await rejects(tokens, token);
  });

  it("lower-cases the ids it returns", async () => {
    const claims = await tokens.verifyAccessToken(
      await forge({ sub: grant.userId.toUpperCase() }),
    );
    expect(claims.userId).toBe(grant.userId);
  });
});

describe("loading keys", () => {
  it("says which setting is missing", async () => {
    await expect(
      loadTokenKeys({
        jwtAlgorithm: "HS256",
        jwtSecret: undefined,
        jwtPrivateKeyFile: undefined,
        jwtPublicKeyFile: undefined,
      }),
    ).rejects.toThrow("JWT_SECRET is not set");
    await expect(
      loadTokenKeys({
        jwtAlgorithm: "EdDSA",
        jwtSecret: undefined,
        jwtPrivateKeyFile: undefined,
        jwtPublicKeyFile: pemFiles("EdDSA").publicFile,
      }),
    ).rejects.toThrow("JWT_PRIVATE_KEY_FILE is not set");
  });
});
