/**
 * answers → plan: the ordered template layers a project is built from. Later layers
 * overlay earlier ones file by file, like better-t-stack's axis folders: the framework layer
 * owns the project's files, database/auth/rate-limit layers add or replace theirs.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Answers } from "../options.js";
import type { EndpointRecord } from "./manifest.js";
import { TEMPLATES_DIR } from "../paths.js";

export interface Plan {
  answers: Answers;
  endpoints: EndpointRecord[];
  /** Absolute template folders, in overlay order. */
  layers: string[];
}

export function planProject(answers: Answers, endpoints: EndpointRecord[] = [], templatesDir = TEMPLATES_DIR): Plan {
  const { framework } = answers;
  const candidates = [
    "common",
    `framework/${framework}`,
    `database/${answers.database}/${framework}`,
    `auth/${answers.auth}/${framework}`,
    `rate-limit/${answers.rateLimitStore}/${framework}`,
  ];
  const layers = candidates.map((c) => path.join(templatesDir, c)).filter((dir) => existsSync(dir));
  return { answers, endpoints, layers };
}
