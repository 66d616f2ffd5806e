/**
 * rampart.json arrives with a clone (CONTRACT §1): it is untrusted input. Every value in it is
 * checked by the same validators the command line uses (project names, endpoint names,
 * `--fields`, choice values), its paths must be clean relative paths inside the project, and
 * nothing unknown is let through, so no field of it can steer a render or a write elsewhere.
 */
import { parseFields, type FieldNaming, type FieldSpec } from "../endpoints/fields.js";
import { validateResourceName } from "../endpoints/resource.js";
import { OPTIONS, OPTION_KEYS, appliesTo, isAvailable, isValue, type Choices } from "../options.js";
import { validateProjectName } from "./names.js";
import { stackFor } from "../stacks/index.js";
import { parseRecordedManager } from "../steps/package-manager.js";
import { isSecretPath } from "./secrets.js";
import { safeRelativePath } from "./tree.js";

const MANIFEST_KEYS = ["generator", "answers", "endpoints", "files"];
const GENERATOR_KEYS = ["name", "version", "templates"];
const ENDPOINT_KEYS = ["name", "fields", "revision", "downRevision"];
const SHA256 = /^[0-9a-f]{64}$/;
// A migration id: a file name part and a Python string literal, so word characters only.
const REVISION = /^\w{1,32}$/;
const VERSION = /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:-([0-9A-Za-z.-]{1,64}))?(?:\+[0-9A-Za-z.-]{1,64})?$/;

/** What is wrong with `data` as a manifest, in one phrase naming the key; undefined if nothing. */
export function manifestProblem(data: unknown): string | undefined {
  if (!isRecord(data)) return "expected a JSON object";
  return (
    unknownKeys(data, MANIFEST_KEYS, "") ??
    generatorProblem(data.generator) ??
    answersProblem(data.answers) ??
    // The answers are valid by now: their framework decides how field names are spelled.
    endpointsProblem(data.endpoints, stackFor((data.answers as Choices).framework).fieldNaming) ??
    filesProblem(data.files)
  );
}

function generatorProblem(generator: unknown): string | undefined {
  if (!isRecord(generator)) return "missing generator";
  if (generator.name !== "create-rampart") return 'generator.name must be "create-rampart"';
  if (typeof generator.version !== "string" || !VERSION.test(generator.version)) {
    return "generator.version must be a version such as 1.2.3";
  }
  if (typeof generator.templates !== "string" || !SHA256.test(generator.templates)) {
    return "generator.templates must be a SHA-256 fingerprint";
  }
  return unknownKeys(generator, GENERATOR_KEYS, "generator.");
}

function answersProblem(answers: unknown): string | undefined {
  if (!isRecord(answers)) return "missing answers";
  const extra = unknownKeys(answers, ["projectName", ...OPTION_KEYS, "packageManager"], "answers.");
  if (extra) return extra;
  if (
    answers.packageManager !== undefined &&
    (typeof answers.packageManager !== "string" || !parseRecordedManager(answers.packageManager))
  ) {
    return "answers.packageManager must be npm, pnpm, yarn or bun, optionally @version (pnpm@10.1.0)";
  }
  if (typeof answers.projectName !== "string") return "missing answers.projectName";
  const nameProblem = problemOf(() => validateProjectName(answers.projectName as string));
  if (nameProblem) return `answers.projectName: ${nameProblem}`;
  for (const key of OPTION_KEYS) {
    const value = answers[key];
    const option = OPTIONS[key];
    if (typeof value !== "string" || !isValue(key, value)) {
      return `answers.${key} must be one of ${option.values.join(", ")}`;
    }
    if (!isAvailable(key, value)) {
      return `answers.${key} "${value}" is not available yet in this version; available: ${option.available.join(", ")}`;
    }
  }
  if (!appliesTo("jwtAlg", answers as Partial<Choices>) && answers.jwtAlg !== OPTIONS.jwtAlg.default) {
    return "answers.jwtAlg applies to auth password only";
  }
  return undefined;
}

function endpointsProblem(endpoints: unknown, naming: FieldNaming): string | undefined {
  if (!Array.isArray(endpoints)) return "endpoints must be a list of resources";
  const seen = new Set<string>(["items"]);
  for (const [index, endpoint] of endpoints.entries()) {
    const where = `endpoints[${index}]`;
    if (!isRecord(endpoint)) return `${where} must be an object`;
    const extra = unknownKeys(endpoint, ENDPOINT_KEYS, `${where}.`);
    if (extra) return extra;
    if (typeof endpoint.name !== "string") return `${where}.name must be a string`;
    const name = endpoint.name;
    const nameProblem = problemOf(() => validateResourceName(name));
    if (nameProblem) return `${where}: ${nameProblem}`;
    if (seen.has(name)) return `${where}: endpoint "${name}" appears twice (items is built in)`;
    seen.add(name);
    for (const key of ["revision", "downRevision"] as const) {
      const value = endpoint[key];
      if (typeof value !== "string" || !REVISION.test(value)) {
        return `${where}.${key} must be a migration id (letters, digits, _)`;
      }
    }
    if (!Array.isArray(endpoint.fields) || endpoint.fields.length === 0) {
      return `${where}.fields must be a non-empty list`;
    }
    const spellings: string[] = [];
    for (const [i, field] of endpoint.fields.entries()) {
      const problem = fieldProblem(field, naming);
      if (problem) return `${where}.fields[${i}]: ${problem}`;
      spellings.push(fieldSpelling(field as Record<string, unknown>) as string);
    }
    // Fields valid one by one may still clash together (a repeated name, `class` and `class_`).
    const clash = problemOf(() => parseFields(spellings.join(","), naming));
    if (clash) return `${where}.fields: ${clash.replace(/^--fields, /, "")}`;
  }
  return undefined;
}

/**
 * A recorded field is valid when it is exactly what `--fields` would parse from its own
 * spelling: the command line's parser is the one definition of a valid field.
 */
function fieldProblem(field: unknown, naming: FieldNaming): string | undefined {
  if (!isRecord(field)) return "must be an object";
  const spec = fieldSpelling(field);
  if (typeof spec !== "string") return spec.problem;
  let parsed: FieldSpec[];
  try {
    parsed = parseFields(spec, naming);
  } catch (error) {
    return (error as Error).message.replace(/^--fields, field 1 /, "");
  }
  if (parsed.length !== 1 || JSON.stringify(canonical(parsed[0])) !== JSON.stringify(canonical(field))) {
    const keys = Object.keys(field).filter((k) => !(parsed[0] && k in parsed[0]));
    return keys.length > 0 ? `unknown key "${keys[0]}"` : `is not what --fields "${spec}" gives`;
  }
  return undefined;
}

function fieldSpelling(field: Record<string, unknown>): string | { problem: string } {
  const { name, type, optional, unique, min, max, values, precision, scale } = field;
  if (typeof name !== "string") return { problem: "name must be a string" };
  if (typeof type !== "string") return { problem: "type must be a string" };
  if (typeof optional !== "boolean" || typeof unique !== "boolean") {
    return { problem: "optional and unique must be true or false" };
  }
  for (const bound of [min, max, precision, scale]) {
    if (bound !== undefined && (typeof bound !== "number" || !Number.isFinite(bound))) {
      return { problem: "min, max, precision and scale must be numbers" };
    }
  }
  let typeText = type;
  if (type === "enum") {
    if (!Array.isArray(values) || !values.every((v) => typeof v === "string")) {
      return { problem: "an enum needs values, a list of strings" };
    }
    typeText = `enum(${values.join("|")})`;
  } else if (values !== undefined) {
    return { problem: 'unknown key "values"' };
  }
  const modifiers = [
    ...(unique ? ["unique"] : []),
    ...(min === undefined ? [] : [`min=${String(min)}`]),
    ...(max === undefined ? [] : [`max=${String(max)}`]),
    ...(precision === undefined ? [] : [`precision=${String(precision)}`]),
    ...(scale === undefined ? [] : [`scale=${String(scale)}`]),
  ];
  return [`${name}${optional ? "?" : ""}`, typeText, ...modifiers].join(":");
}

/** Key order does not matter, absent and undefined are the same. */
function canonical(value: object | undefined): [string, unknown][] {
  return Object.entries(value ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

function filesProblem(files: unknown): string | undefined {
  if (!isRecord(files)) return "files must map paths to hashes";
  for (const [relPath, hash] of Object.entries(files)) {
    const problem = pathProblem(relPath);
    if (problem) return `files: "${relPath}" ${problem}`;
    if (typeof hash !== "string" || !SHA256.test(hash)) return `files["${relPath}"] must be a SHA-256 hash`;
  }
  return undefined;
}

/** A generated file's path must be one a template could have produced: relative, normal, inside. */
function pathProblem(relPath: string): string | undefined {
  let normal: string | undefined;
  try {
    normal = safeRelativePath(relPath);
  } catch {
    normal = undefined;
  }
  // Backslashes, NULs and control characters never occur in a template's paths.
  // eslint-disable-next-line no-control-regex
  if (normal !== relPath || /[\\\u0000-\u001f]/.test(relPath)) return "is not a relative path inside the project";
  if (isSecretPath(relPath) || relPath === "rampart.json") return "is a file rampart never records";
  return undefined;
}

function unknownKeys(record: Record<string, unknown>, known: readonly string[], prefix: string): string | undefined {
  const extra = Object.keys(record).find((key) => !known.includes(key));
  return extra === undefined ? undefined : `${prefix}${extra} is unknown`;
}

function problemOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** -1, 0 or 1 as semantic version `a` is older, the same as or newer than `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a);
  const pb = VERSION.exec(b);
  if (!pa || !pb) return 0;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  // A pre-release precedes its release (SemVer §11); pre-releases compare as text here.
  const [ra, rb] = [pa[4], pb[4]];
  if (ra === rb) return 0;
  if (ra === undefined) return 1;
  if (rb === undefined) return -1;
  return ra < rb ? -1 : 1;
}
