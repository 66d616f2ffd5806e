// A local identity provider for `--auth oidc` projects: a JWKS endpoint the suite controls
// (keys added and rotated at will, fetches counted) and token minting.
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Caller } from "./api.js";
import { signJwt, type Claims, type JoseHeader, type SigningKey } from "./tokens.js";

export type OidcAlg = "RS256" | "ES256" | "EdDSA";

export interface ProviderKey {
  kid: string;
  alg: OidcAlg;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  jwk: Record<string, unknown>;
}

export function makeKey(alg: OidcAlg, kid: string = randomUUID()): ProviderKey {
  const pair =
    alg === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : alg === "ES256"
        ? generateKeyPairSync("ec", { namedCurve: "P-256" })
        : generateKeyPairSync("ed25519");
  const jwk = { ...(pair.publicKey.export({ format: "jwk" }) as Record<string, unknown>), kid, alg, use: "sig" };
  return {
    kid,
    alg,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
    jwk,
  };
}

export function signingKey(k: ProviderKey): SigningKey {
  return { alg: k.alg, privateKey: k.privateKey };
}

export class OidcProvider {
  readonly audience = "rampart-conformance-api";
  /** Keys published in the JWKS. */
  published: ProviderKey[] = [];
  fetches = 0;
  private server?: Server;
  private port = 0;

  get issuer(): string {
    return `http://127.0.0.1:${this.port}/`;
  }
  get jwksUrl(): string {
    return `http://127.0.0.1:${this.port}/.well-known/jwks.json`;
  }

  async start(): Promise<void> {
    this.published = [makeKey("RS256", "k-rs256"), makeKey("ES256", "k-es256")];
    this.server = createServer((req, res) => {
      if (req.url?.startsWith("/.well-known/jwks.json")) {
        this.fetches++;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ keys: this.published.map((k) => k.jwk) }));
        return;
      }
      if (req.url?.startsWith("/.well-known/openid-configuration")) {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ issuer: this.issuer, jwks_uri: this.jwksUrl }));
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => this.server?.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  env(): Record<string, string> {
    return { OIDC_ISSUER: this.issuer, OIDC_AUDIENCE: this.audience, OIDC_JWKS_URL: this.jwksUrl };
  }

  get key(): ProviderKey {
    const k = this.published[0];
    if (!k) throw new Error("no published key");
    return k;
  }

  /** Standard claims for `sub`, valid for 10 minutes, with `changes` (`undefined` deletes). */
  claims(changes: Claims = {}): Claims {
    const now = Math.floor(Date.now() / 1000);
    const c: Claims = {
      iss: this.issuer,
      aud: this.audience,
      sub: `oidc|${randomUUID()}`,
      iat: now,
      nbf: now,
      exp: now + 600,
      jti: randomUUID(),
      scope: "items:read items:write",
    };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete c[k];
      else c[k] = v;
    }
    return c;
  }

  mint(changes: Claims = {}, key: ProviderKey = this.key, header: JoseHeader = {}): string {
    return signJwt({ alg: key.alg, typ: "JWT", kid: key.kid, ...header }, this.claims(changes), signingKey(key));
  }

  caller(scope?: string): Caller {
    const sub = `oidc|${randomUUID()}`;
    const s = scope ?? "items:read items:write";
    return { id: sub, email: "", password: "", access: this.mint({ sub, scope: s }), refresh: "", scope: s, expiresIn: 600 };
  }
}
