/**
 * answers → plan: the ordered template layers a project is built from. Later layers
 * overlay earlier ones file by file, like better-t-stack's axis folders: the framework layer
 * owns the project's files, database/auth/rate-limit layers add or replace theirs. Resource
 * layers are rendered once per resource (`items`, then each `rampart add endpoint`).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Answers } from "../options.js";
import { TEMPLATES_DIR } from "../paths.js";
import type { EndpointRecord } from "./manifest.js";

export interface Plan {
  answers: Answers;
  endpoints: EndpointRecord[];
  /** Absolute template folders, in overlay order. */
  layers: string[];
  /** Absolute template folders rendered once per resource. */
  resourceLayers: string[];
}

export function planProject(answers: Answers, endpoints: EndpointRecord[] = [], templatesDir = TEMPLATES_DIR): Plan {
  const { framework } = answers;
  const existing = (dirs: string[]) => dirs.map((d) => path.join(templatesDir, d)).filter((dir) => existsSync(dir));
  return {
    answers,
    endpoints,
    layers: existing([
      "common",
      `framework/${framework}`,
      `database/${answers.database}/${framework}`,
      `auth/${answers.auth}/${framework}`,
      `rate-limit/${answers.rateLimitStore}/${framework}`,
    ]),
    resourceLayers: existing([`resource/${framework}`]),
  };
}
