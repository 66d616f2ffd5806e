// Which generated projects the conformance suite runs against, and what each one is.
import { readFileSync, existsSync } from "node:fs";
import { join, isAbsolute, resolve } from "node:path";
import { describe, inject, it, vi } from "vitest";

// Generous per-file timeouts, whichever vitest config runs the suite (servers start in hooks,
// argon2 makes logins slow). Every conformance test file imports this module.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

declare module "vitest" {
  export interface ProvidedContext {
    conformanceProjects: string[];
  }
}

export type Framework = "fastapi" | "fastify" | "express" | "hono";
export type JwtAlg = "HS256" | "EdDSA" | "ES256";

export interface Answers {
  projectName: string;
  framework: Framework;
  database: "sqlite" | "postgres" | "mysql";
  auth: "password" | "oidc";
  jwtAlg: JwtAlg;
  rateLimitStore: "memory" | "redis";
}

export interface Project {
  dir: string;
  answers: Answers;
  /** `.env` of the project, parsed (not the process env). */
  dotenv: Record<string, string>;
  label: string;
}

/** The project directories to test: vitest `provide("conformanceProjects")`, else `CONFORMANCE_PROJECTS`. */
export function projectDirs(): string[] {
  let provided: string[] | undefined;
  try {
    provided = inject("conformanceProjects");
  } catch {
    provided = undefined;
  }
  const fromEnv = (process.env.CONFORMANCE_PROJECTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const dirs = provided && provided.length > 0 ? provided : fromEnv;
  if (dirs.length === 0) {
    throw new Error(
      "No conformance projects: provide('conformanceProjects', [...]) in a global setup or set CONFORMANCE_PROJECTS=/abs/dir[,/abs/dir]",
    );
  }
  return dirs.map((d) => (isAbsolute(d) ? d : resolve(d)));
}

export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2] ?? "";
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out[m[1] as string] = v;
  }
  return out;
}

export function loadProject(dir: string): Project {
  const manifest = join(dir, "rampart.json");
  if (!existsSync(manifest)) throw new Error(`${dir} is not a rampart project (no rampart.json)`);
  const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { answers: Answers };
  const answers = parsed.answers;
  const envFile = join(dir, ".env");
  const dotenv = existsSync(envFile) ? parseDotenv(readFileSync(envFile, "utf8")) : {};
  const label = `${answers.projectName} [${answers.framework}/${answers.database}/${answers.auth}/${answers.jwtAlg}/${answers.rateLimitStore}]`;
  return { dir, answers, dotenv, label };
}

/**
 * Every target project, loaded, optionally only one auth mode. Use with
 * `describe.each(projects())("$label: ...", ...)`. When the filter leaves nothing (e.g. only
 * password projects in an oidc file), the file still has one visibly skipped test rather than
 * "no test found".
 */
export function projects(filter: { auth?: Answers["auth"] } = {}): Project[] {
  const all = projectDirs().map(loadProject);
  const kept = all.filter((p) => !filter.auth || p.answers.auth === filter.auth);
  if (kept.length === 0) {
    describe(`no ${filter.auth ?? ""} project among ${all.map((p) => p.label).join(", ")}`, () => {
      it.skip(`this file only applies to auth=${filter.auth ?? "?"} projects`, () => {});
    });
  }
  return kept;
}

/** `items` and every resource `rampart add endpoint` recorded in rampart.json (its path segment). */
export function resourcesOf(project: Project): string[] {
  const manifest = JSON.parse(readFileSync(join(project.dir, "rampart.json"), "utf8")) as {
    endpoints?: { name: string }[];
  };
  return ["items", ...(manifest.endpoints ?? []).map((e) => e.name)];
}

/** CONTRACT §3 "Scopes and roles": `items` and every resource in rampart.json, read and write. */
export function userScopes(project: Project): Set<string> {
  return new Set(resourcesOf(project).flatMap((r) => [`${r}:read`, `${r}:write`]));
}

export function adminScopes(project: Project): Set<string> {
  return new Set([...userScopes(project), "users:admin"]);
}
