// JWT forging with node:crypto only: the project's real key (valid signature, bad claims)
// and attackers' keys.
import {
  createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify,
  type KeyObject,
} from "node:crypto";
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { JwtAlg, Project } from "./projects.js";

export type Claims = Record<string, unknown>;
export type JoseHeader = Record<string, unknown>;

export const b64url = (b: Buffer | string): string => Buffer.from(b).toString("base64url");
const enc = (o: unknown): string => b64url(JSON.stringify(o));

export interface DecodedJwt {
  header: JoseHeader;
  payload: Claims;
  signingInput: string;
  signature: Buffer;
}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error(`not a JWS compact token: ${token.slice(0, 40)}...`);
  const [h, p, s] = parts as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as JoseHeader,
    payload: JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Claims,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, "base64url"),
  };
}

export type SigningKey =
  | { alg: "HS256" | "HS384" | "HS512"; secret: Buffer }
  | { alg: "EdDSA"; privateKey: KeyObject }
  | { alg: "ES256"; privateKey: KeyObject }
  | { alg: "RS256"; privateKey: KeyObject };

export function signInput(signingInput: string, key: SigningKey): Buffer {
  switch (key.alg) {
    case "HS256":
    case "HS384":
    case "HS512":
      return createHmac(`sha${key.alg.slice(2)}`, key.secret).update(signingInput).digest();
    case "EdDSA":
      return sign(null, Buffer.from(signingInput), key.privateKey);
    case "ES256":
      return sign("sha256", Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
    case "RS256":
      return sign("sha256", Buffer.from(signingInput), key.privateKey);
  }
}

/** Signs exactly the given header (its `alg` is not rewritten) and payload. */
export function signJwt(header: JoseHeader, payload: Claims, key: SigningKey): string {
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${b64url(signInput(input, key))}`;
}

export function unsignedJwt(header: JoseHeader, payload: Claims): string {
  return `${enc(header)}.${enc(payload)}.`;
}

export interface ProjectKeys {
  alg: JwtAlg;
  key: SigningKey;
  /** SPKI PEM of the verification key (asymmetric projects). */
  publicPem?: string;
  publicKey?: KeyObject;
}

function resolveIn(project: Project, p: string): string {
  return isAbsolute(p) ? p : join(project.dir, p);
}

/**
 * The project's signing key from its `.env`. For HS256 the secret's bytes are ambiguous (the
 * string's UTF-8 or its hex decoding): a real token from the server decides.
 */
export function projectKeys(project: Project, realAccessToken: string): ProjectKeys {
  const alg = project.answers.jwtAlg;
  const real = decodeJwt(realAccessToken);
  if (alg === "HS256") {
    const secret = project.dotenv.JWT_SECRET;
    if (!secret) throw new Error(`${project.label}: no JWT_SECRET in .env`);
    const candidates = [Buffer.from(secret, "utf8"), Buffer.from(secret, "hex"), Buffer.from(secret, "base64url")];
    for (const c of candidates) {
      if (c.length === 0) continue;
      const key: SigningKey = { alg: "HS256", secret: c };
      if (signInput(real.signingInput, key).equals(real.signature)) return { alg, key };
    }
    throw new Error(`${project.label}: JWT_SECRET in .env does not verify the server's tokens`);
  }
  const privFile = project.dotenv.JWT_PRIVATE_KEY_FILE;
  const pubFile = project.dotenv.JWT_PUBLIC_KEY_FILE;
  if (!privFile || !pubFile) throw new Error(`${project.label}: JWT_PRIVATE_KEY_FILE / JWT_PUBLIC_KEY_FILE missing in .env`);
  const privateKey = createPrivateKey(readFileSync(resolveIn(project, privFile), "utf8"));
  const publicPem = readFileSync(resolveIn(project, pubFile), "utf8");
  const publicKey = createPublicKey(publicPem);
  const ok =
    alg === "EdDSA"
      ? verify(null, Buffer.from(real.signingInput), publicKey, real.signature)
      : verify("sha256", Buffer.from(real.signingInput), { key: publicKey, dsaEncoding: "ieee-p1363" }, real.signature);
  if (!ok) throw new Error(`${project.label}: the public key in .env does not verify the server's tokens`);
  return { alg, key: alg === "EdDSA" ? { alg, privateKey } : { alg, privateKey }, publicPem, publicKey };
}

/** A key of the same algorithm that the server does not know. */
export function attackerKey(alg: JwtAlg): SigningKey & { publicJwk?: Record<string, unknown> } {
  if (alg === "HS256") return { alg, secret: randomBytes(32) };
  if (alg === "EdDSA") {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    return { alg, privateKey, publicJwk: publicKey.export({ format: "jwk" }) as Record<string, unknown> };
  }
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { alg, privateKey, publicJwk: publicKey.export({ format: "jwk" }) as Record<string, unknown> };
}

/** Re-signs a real token's claims with changes (valid signature by the project's own key). */
export class Forger {
  readonly header: JoseHeader;
  readonly payload: Claims;
  constructor(
    readonly keys: ProjectKeys,
    realAccessToken: string,
  ) {
    const d = decodeJwt(realAccessToken);
    this.header = d.header;
    this.payload = d.payload;
  }

  now(): number {
    return Math.floor(Date.now() / 1000);
  }

  /** Fresh claims (new jti, iat/nbf now, exp in 10 min) with `changes`; `undefined` deletes a claim. */
  claims(changes: Claims = {}): Claims {
    const now = this.now();
    const c: Claims = { ...this.payload, iat: now, nbf: now, exp: now + 600, jti: randomUUID() };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete c[k];
      else c[k] = v;
    }
    return c;
  }

  headerWith(changes: JoseHeader = {}): JoseHeader {
    const h: JoseHeader = { ...this.header };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete h[k];
      else h[k] = v;
    }
    return h;
  }

  /** Signed with the project's real key. */
  forge(claims: Claims = {}, header: JoseHeader = {}): string {
    return signJwt(this.headerWith(header), this.claims(claims), this.keys.key);
  }

  forgeWith(key: SigningKey, claims: Claims = {}, header: JoseHeader = {}): string {
    return signJwt(this.headerWith({ alg: key.alg, ...header }), this.claims(claims), key);
  }
}
