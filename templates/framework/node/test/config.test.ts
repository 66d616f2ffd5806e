import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const SECRET = "x".repeat(32);
// HS256 whatever the project signs with: the guard is tested for each algorithm below.
// REDIS_URL: a redis-store project refuses to serve without it (outside tests).
const REDIS = { REDIS_URL: "redis://localhost:6379/0" };
const base = { JWT_ALGORITHM: "HS256", JWT_SECRET: SECRET, ...REDIS };

describe("loadConfig", () => {
  it("has the contract's defaults", () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8000,
      appEnv: "development",
      migrateOnStart: true,
      rateLimitPerMinute: 120,
      loginMaxFailures: 5,
      loginLockoutSeconds: 900,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 1209600,
      maxBodyBytes: 1048576,
      allowRegistration: true,
      corsOrigins: [],
      trustedHops: undefined,
      trustedNetworks: [],
      docsEnabled: true,
    });
  });

  it("reads values, and an empty value means unset", () => {
    const config = loadConfig({
      ...base,
      PORT: "9000",
      MIGRATE_ON_START: "false",
      ALLOW_REGISTRATION: "0",
      CORS_ORIGINS: "https://a.example, https://b.example,",
      BOOTSTRAP_ADMIN_EMAIL: "",
      LOG_LEVEL: "WARNING",
    });
    expect(config.port).toBe(9000);
    expect(config.migrateOnStart).toBe(false);
    expect(config.allowRegistration).toBe(false);
    expect(config.corsOrigins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
    expect(config.bootstrapAdminEmail).toBeUndefined();
    expect(config.logLevel).toBe("warn");
  });

  it("parses TRUST_PROXY as hops or networks", () => {
    expect(loadConfig({ ...base, TRUST_PROXY: "2" }).trustedHops).toBe(2);
    expect(
      loadConfig({ ...base, TRUST_PROXY: "10.0.0.0/8, ::1" }).trustedNetworks,
    ).toEqual(["10.0.0.0/8", "::1"]);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "10.0.0.0/99" })).toThrow(
      ConfigError,
    );
  });

  it.each([
    [{ PORT: "0" }, "PORT"],
    [{ PORT: "eighty" }, "PORT"],
    [{ APP_ENV: "staging" }, "APP_ENV"],
    [{ MIGRATE_ON_START: "maybe" }, "MIGRATE_ON_START"],
    [{ CORS_ORIGINS: "*" }, "CORS_ORIGINS"],
    [{ RATE_LIMIT_PER_MINUTE: "-1" }, "RATE_LIMIT_PER_MINUTE"],
  ])("refuses %o in one line naming the variable", (env, name) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(name);
      expect(message).not.toContain("\n");
    }
  });

  it("never echoes a value in its message", () => {
    expect(() => loadConfig({ ...base, PORT: "s3cr3t-value" })).toThrow(
      /^(?!.*s3cr3t).*$/,
    );
  });

  describe("production guard", () => {
    const production = {
      APP_ENV: "production",
      JWT_ALGORITHM: "HS256",
      ...REDIS,
    };

    it.each([
      [{}, "JWT_SECRET is not set"],
      [{ JWT_SECRET: "change-me-run-openssl-rand-hex-32" }, "placeholder"],
      [{ JWT_SECRET: "short" }, "shorter than 32 bytes"],
    ])("refuses %o", (env, reason) => {
      expect(() => loadConfig({ ...production, ...env })).toThrow(ConfigError);
      expect(() => loadConfig({ ...production, ...env })).toThrow(reason);
    });

    it("takes a 32-byte secret, and turns the docs off", () => {
      const config = loadConfig({ ...production, JWT_SECRET: SECRET });
      expect(config.docsEnabled).toBe(false);
      expect(
        loadConfig({ ...production, JWT_SECRET: SECRET, EXPOSE_DOCS: "true" })
          .docsEnabled,
      ).toBe(true);
    });

    it("refuses argon2 costs below the floor outside tests", () => {
      expect(() => loadConfig({ ...base, ARGON2_TIME_COST: "1" })).toThrow(
        /argon2/,
      );
      expect(
        loadConfig({ ...base, APP_ENV: "test", ARGON2_TIME_COST: "1" })
          .argon2TimeCost,
      ).toBe(1);
    });

    it("wants readable key files for EdDSA and ES256", () => {
      const asymmetric = {
        APP_ENV: "production",
        JWT_ALGORITHM: "EdDSA",
        ...REDIS,
      };
      expect(() => loadConfig(asymmetric)).toThrow(
        "JWT_PRIVATE_KEY_FILE does not name a readable PEM file",
      );
      expect(() =>
        loadConfig({
          ...asymmetric,
          JWT_PRIVATE_KEY_FILE: "change-me/jwt-private.pem",
          JWT_PUBLIC_KEY_FILE: "change-me/jwt-public.pem",
        }),
      ).toThrow("JWT_PRIVATE_KEY_FILE is the placeholder from .env.example");
    });

    it("is skipped when not serving (npm run migrate needs no key)", () => {
      expect(loadConfig(production, { serving: false }).appEnv).toBe(
        "production",
      );
    });
  });
});
