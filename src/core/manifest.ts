/**
 * `rampart.json`: the answers, the generator version and a hash of every generated file.
 * `add` and `regenerate` start from it. Never holds a secret.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.js";
import type { Answers } from "../options.js";
import type { FieldSpec } from "../endpoints/fields.js";
import { GENERATOR_VERSION } from "../version.js";
import { templatesFingerprint } from "./fingerprint.js";
import { compareVersions, manifestProblem } from "./manifest-check.js";
import { isSecretPath } from "./secrets.js";
import { sha256, type FileTree } from "./tree.js";

export const MANIFEST = "rampart.json";

/** A resource added by `rampart add endpoint`; re-rendered by every `regenerate`. */
export interface EndpointRecord {
  name: string;
  fields: FieldSpec[];
  /** Its migration's revision and parent, fixed when added so re-renders reproduce it. */
  revision: string;
  downRevision: string;
}

export interface Manifest {
  /** `templates`: the fingerprint of the template set that rendered the files. */
  generator: { name: "create-rampart"; version: string; templates: string };
  answers: Answers;
  endpoints: EndpointRecord[];
  /** SHA-256 of every file as rampart rendered it (not as it is on disk now). */
  files: Record<string, string>;
}

export function buildManifest(answers: Answers, endpoints: EndpointRecord[], tree: FileTree): Manifest {
  const files: Record<string, string> = {};
  for (const [relPath, contents] of tree.entries()) {
    if (!isSecretPath(relPath) && relPath !== MANIFEST) files[relPath] = sha256(contents);
  }
  return {
    generator: { name: "create-rampart", version: GENERATOR_VERSION, templates: templatesFingerprint() },
    answers,
    endpoints,
    files,
  };
}

export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function addManifest(tree: FileTree, answers: Answers, endpoints: EndpointRecord[] = []): Manifest {
  const manifest = buildManifest(answers, endpoints, tree);
  tree.set(MANIFEST, manifestText(manifest));
  return manifest;
}

/** Walks up from `start` to the nearest directory holding rampart.json. */
export function findProjectRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, MANIFEST))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function readManifest(projectDir: string): Manifest {
  const file = path.join(projectDir, MANIFEST);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new UsageError(`${file} is not valid JSON: fix or restore it (git checkout ${MANIFEST})`);
  }
  // First, before its shape: a newer rampart may record what this one does not know.
  const version = isRecord(data) && isRecord(data.generator) ? data.generator.version : undefined;
  if (typeof version === "string" && compareVersions(version, GENERATOR_VERSION) > 0) {
    throw new UsageError(
      `${file} was written by create-rampart ${version} and this is ${GENERATOR_VERSION}: ` +
        `install the newer one (npm install -g create-rampart@${version}, or npx -p create-rampart@${version} rampart ...)`,
    );
  }
  const problem = manifestProblem(data);
  if (problem) throw new UsageError(`${file} is corrupt: ${problem}`);
  return data as Manifest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
