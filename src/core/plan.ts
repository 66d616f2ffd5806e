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
import { stackFor } from "../stacks/index.js";
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
  // On every axis: what all frameworks share (`common`: compose services, CI containers),
  // then the stack's folders, shared first: ["node", "fastify"] puts the Node core under the
  // Fastify adapter; FastAPI has one, ["fastapi"].
  const folders = ["common", ...stackFor(answers.framework).templateFolders];
  const existing = (dirs: string[]) => dirs.map((d) => path.join(templatesDir, d)).filter((dir) => existsSync(dir));
  const axis = (prefix: string) => folders.map((folder) => `${prefix}/${folder}`);
  return {
    answers,
    endpoints,
    layers: existing([
      ...axis("framework"),
      ...axis(`database/${answers.database}`),
      ...axis(`auth/${answers.auth}`),
      ...axis(`rate-limit/${answers.rateLimitStore}`),
    ]),
    resourceLayers: existing(axis("resource")),
  };
}
