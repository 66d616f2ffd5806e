/**
 * The access-token keys: the one configured algorithm (JWT_ALGORITHM, the project's
 * `--jwt-alg`) and its keys, loaded once at start. Verification uses these keys only,
 * never one a token's header names (jwk, jku, x5u, kid).
 */
import { readFile } from "node:fs/promises";
import { importPKCS8, importSPKI, type CryptoKey } from "jose";
import type { Config, JwtAlgorithm } from "../config.js";

export interface TokenKeys {
  algorithm: JwtAlgorithm;
  signingKey: CryptoKey | Uint8Array;
  verificationKey: CryptoKey | Uint8Array;
}

export type KeySettings = Pick<
  Config,
  "jwtAlgorithm" | "jwtSecret" | "jwtPrivateKeyFile" | "jwtPublicKeyFile"
>;

async function readPem(
  name: string,
  file: string | undefined,
): Promise<string> {
  if (file === undefined) throw new Error(`${name} is not set`);
  return readFile(file, "utf8");
}

/**
 * HS256: JWT_SECRET's UTF-8 bytes sign and verify. EdDSA and ES256: the PEM files
 * JWT_PRIVATE_KEY_FILE (PKCS #8) and JWT_PUBLIC_KEY_FILE (SPKI). config.ts has already
 * refused a missing, placeholder or short key.
 */
export async function loadTokenKeys(settings: KeySettings): Promise<TokenKeys> {
  const algorithm = settings.jwtAlgorithm;
  if (algorithm === "HS256") {
    if (settings.jwtSecret === undefined)
      throw new Error("JWT_SECRET is not set");
    const secret = new TextEncoder().encode(settings.jwtSecret);
    return { algorithm, signingKey: secret, verificationKey: secret };
  }
  const [privatePem, publicPem] = await Promise.all([
    readPem("JWT_PRIVATE_KEY_FILE", settings.jwtPrivateKeyFile),
    readPem("JWT_PUBLIC_KEY_FILE", settings.jwtPublicKeyFile),
  ]);
  return {
    algorithm,
    signingKey: await importPKCS8(privatePem, algorithm),
    verificationKey: await importSPKI(publicPem, algorithm),
  };
}
