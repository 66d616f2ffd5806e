/**
 * `rampart.json`: the answers, the generator version and a hash of every generated file.
 * `add` and `regenerate` start from it. Never holds a secret.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.js";
import { OPTION_KEYS, OPTIONS, isValue, type Answers } from "../options.js";
import type { FieldSpec } from "../endpoints/fields.js";
import { GENERATOR_VERSION } from "../version.js";
import { templatesFingerprint } from "./fingerprint.js";
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
  const problem = manifestProblem(data);
  if (problem) throw new UsageError(`${file} is corrupt: ${problem}`);
  return data as Manifest;
}

function manifestProblem(data: unknown): string | undefined {
  if (!isRecord(data)) return "expected a JSON object";
  if (!isRecord(data.generator) || typeof data.generator.version !== "string") return "missing generator.version";
  if (!isRecord(data.answers)) return "missing answers";
  const answers = data.answers;
  if (typeof answers.projectName !== "string") return "missing answers.projectName";
  for (const key of OPTION_KEYS) {
    const value = answers[key];
    if (typeof value !== "string" || !isValue(key, value)) {
      return `answers.${key} must be one of ${OPTIONS[key].values.join(", ")}`;
    }
  }
  if (!Array.isArray(data.endpoints) || !data.endpoints.every((e) => isRecord(e) && typeof e.name === "string")) {
    return "endpoints must be a list of resources";
  }
  if (!isRecord(data.files) || !Object.values(data.files).every((h) => typeof h === "string")) {
    return "files must map paths to hashes";
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
