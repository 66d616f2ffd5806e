/**
 * The combinations the end-to-end run installs and starts. Rendering and type-checking
 * cover every valid combination elsewhere; installs are slow, so this is a covering set:
 * every signing algorithm at least once. `E2E_ONLY=HS256` narrows it while iterating.
 */
import type { Choices } from "../../src/options.js";

export interface E2eProject {
  name: string;
  choices: Partial<Choices>;
}

const ALL: E2eProject[] = [
  { name: "api-hs256", choices: { framework: "fastapi", database: "sqlite", jwtAlg: "HS256" } },
  { name: "api-eddsa", choices: { framework: "fastapi", database: "sqlite", jwtAlg: "EdDSA" } },
  { name: "api-es256", choices: { framework: "fastapi", database: "sqlite", jwtAlg: "ES256" } },
];

export function e2eMatrix(): E2eProject[] {
  const only = process.env.E2E_ONLY?.split(",").map((s) => s.trim().toLowerCase());
  return only ? ALL.filter((p) => only.some((o) => p.name.includes(o))) : ALL;
}

export function choiceFlags(choices: Partial<Choices>): string[] {
  const flags: Record<keyof Choices, string> = {
    framework: "--framework",
    database: "--database",
    auth: "--auth",
    jwtAlg: "--jwt-alg",
    rateLimitStore: "--rate-limit-store",
  };
  return Object.entries(choices).flatMap(([key, value]) => [flags[key as keyof Choices], String(value)]);
}
