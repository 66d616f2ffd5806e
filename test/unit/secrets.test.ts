import { createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addSecrets, envDefaultChanges, fillEnv } from "../../src/core/secrets.js";
import { FileTree } from "../../src/core/tree.js";
import type { Answers } from "../../src/options.js";

const answers = (jwtAlg: Answers["jwtAlg"]): Answers => ({
  projectName: "x",
  framework: "fastapi",
  database: "sqlite",
  auth: "password",
  jwtAlg,
  rateLimitStore: "memory",
});

const EXAMPLE = [
  "APP_ENV=development",
  "JWT_SECRET=change-me",
  "# JWT_PRIVATE_KEY_FILE=change-me",
  "# JWT_PUBLIC_KEY_FILE=change-me",
  "",
].join("\n");

function envOf(tree: FileTree): string {
  return String(tree.get(".env"));
}

describe("secrets", () => {
  it("fills only the named keys", () => {
    expect(fillEnv("A=1\nB=2\n# C=3\n", { B: "x", C: "y" })).toBe("A=1\nB=x\nC=y\n");
  });

  it("gives every HS256 project a fresh 256-bit secret", () => {
    const secrets = [1, 2].map(() => {
      const tree = new FileTree();
      tree.set(".env.example", EXAMPLE);
      addSecrets(tree, answers("HS256"));
      return /^JWT_SECRET=([0-9a-f]+)$/m.exec(envOf(tree))?.[1];
    });
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets[1]).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets[0]).not.toBe(secrets[1]);
  });

  it.each([
    ["EdDSA", "ed25519"],
    ["ES256", "ec"],
  ] as const)("writes a %s key pair as PEM files", (alg, type) => {
    const tree = new FileTree();
    tree.set(".env.example", EXAMPLE);
    addSecrets(tree, answers(alg));
    const privateKey = createPrivateKey(String(tree.get("keys/jwt-private.pem")));
    const publicKey = createPublicKey(String(tree.get("keys/jwt-public.pem")));
    expect(privateKey.asymmetricKeyType).toBe(type);
    expect(createPublicKey(privateKey).export({ format: "der", type: "spki" })).toEqual(
      publicKey.export({ format: "der", type: "spki" }),
    );
    expect(envOf(tree)).toContain("JWT_PRIVATE_KEY_FILE=keys/jwt-private.pem");
    expect(envOf(tree)).toContain("JWT_PUBLIC_KEY_FILE=keys/jwt-public.pem");
    expect(envOf(tree)).toContain("JWT_SECRET=change-me");
  });
});

describe("fillEnv without a matching line", () => {
  it("appends the values the example does not mention", () => {
    expect(fillEnv("A=1", { B: "2" })).toMatch(/A=1\nB=2\n$/);
  });
});

describe("envDefaultChanges", () => {
  const base = "DATABASE_URL=sqlite:///data/app.db\nRATE_LIMIT_PER_MINUTE=120\n# REDIS_URL=redis://localhost:6379/0\n";
  const next =
    "DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/api\nRATE_LIMIT_PER_MINUTE=120\nREDIS_URL=redis://localhost:6379/0\nJWT_SECRET=change-me\n";

  it("moves untouched defaults to the new ones and adds what is new", () => {
    const env = "# Generated\nDATABASE_URL=sqlite:///data/app.db\nRATE_LIMIT_PER_MINUTE=120\n";
    expect(envDefaultChanges(env, base, next)).toEqual({
      DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:5432/api",
      REDIS_URL: "redis://localhost:6379/0",
    });
  });

  it("never touches a value the user chose, nor secrets", () => {
    const env = "DATABASE_URL=sqlite:////srv/prod.db\nRATE_LIMIT_PER_MINUTE=30\nREDIS_URL=redis://cache:6379/1\n";
    expect(envDefaultChanges(env, base, next)).toEqual({});
  });

  it("without a base, only adds missing keys", () => {
    expect(envDefaultChanges("DATABASE_URL=sqlite:///data/app.db\n", undefined, next)).toEqual({
      RATE_LIMIT_PER_MINUTE: "120",
      REDIS_URL: "redis://localhost:6379/0",
    });
  });
});
