/**
 * The one registry of choices. Prompts, flags, validation, `--help` and the `Answers` type are
 * all derived from it, so a new framework or database is a line here plus its layer folder.
 */
export const OPTIONS = {
  framework: {
    flag: "framework",
    message: "Framework",
    values: ["fastapi", "fastify", "express", "hono"],
    available: ["fastapi", "fastify", "express", "hono"],
    default: "fastapi",
  },
  database: {
    flag: "database",
    message: "Database",
    values: ["sqlite", "postgres", "mysql"],
    available: ["sqlite", "postgres", "mysql"],
    default: "sqlite",
  },
  auth: {
    flag: "auth",
    message: "Authentication",
    values: ["password", "oidc"],
    available: ["password"],
    default: "password",
  },
  jwtAlg: {
    flag: "jwt-alg",
    message: "JWT signing algorithm",
    values: ["HS256", "EdDSA", "ES256"],
    available: ["HS256", "EdDSA", "ES256"],
    default: "HS256",
  },
  rateLimitStore: {
    flag: "rate-limit-store",
    message: "Rate-limit store",
    values: ["memory", "redis"],
    available: ["memory", "redis"],
    default: "memory",
  },
} as const;

export type OptionKey = keyof typeof OPTIONS;
export type OptionValue<K extends OptionKey> = (typeof OPTIONS)[K]["values"][number];
export type Choices = { [K in OptionKey]: OptionValue<K> };
export interface Answers extends Choices {
  projectName: string;
  /**
   * Not a choice: the package manager that ran the generator for a Node project, as corepack
   * spells it (`pnpm@10.34.9`), detected from npm_config_user_agent. Absent means npm (and
   * every project made before it was recorded). Kept so `regenerate` renders the same
   * Dockerfile, CI workflow and package.json.
   */
  packageManager?: string;
}

export const OPTION_KEYS = Object.keys(OPTIONS) as OptionKey[];

export function isValue<K extends OptionKey>(key: K, value: string): value is OptionValue<K> {
  return (OPTIONS[key].values as readonly string[]).includes(value);
}

export function isAvailable<K extends OptionKey>(key: K, value: OptionValue<K>): boolean {
  return (OPTIONS[key].available as readonly string[]).includes(value);
}

/** The signing algorithm only matters when the API issues its own tokens. */
export function appliesTo(key: OptionKey, choices: Partial<Choices>): boolean {
  return key !== "jwtAlg" || choices.auth !== "oidc";
}
