/**
 * `rampart regenerate [--dry-run] [--force] [--set key=value ...] [--database ... choice flags]`:
 * re-render the project from rampart.json (plus changed answers) and merge three ways into
 * the files on disk.
 */
import type { Request } from "../cli/args.js";
import { applySets, choicesAsSets } from "../core/answers.js";
import { applyFiles, makeSecretsPrivate } from "../core/apply.js";
import { loadBase, saveBase } from "../core/base-store.js";
import { MANIFEST, buildManifest, manifestText, type EndpointRecord } from "../core/manifest.js";
import { renderProject } from "../core/pipeline.js";
import { readDisk, reconcile, resultOf, unifiedDiff, type FileChange } from "../core/reconcile.js";
import { envDefaultChanges, fillEnv, missingSecrets } from "../core/secrets.js";
import { UsageError } from "../errors.js";
import type { Answers } from "../options.js";
import { stackFor } from "../stacks/index.js";
import type { Environment } from "./new.js";
import { openProject, requireCleanTree, type OpenProject } from "./project.js";

export async function regenerateCommand(request: Request, env: Environment): Promise<number> {
  if (request.positionals.length > 0) {
    throw new UsageError(`regenerate takes no arguments, got: ${request.positionals.join(" ")}`);
  }
  const project = openProject(env.cwd);
  const answers = applySets(project.manifest.answers, [...choicesAsSets(request.choices), ...request.set]);
  if (!request.dryRun) await requireCleanTree(project.root, request.force);
  return syncProject(project, answers, project.manifest.endpoints, request.dryRun, env, "regenerate");
}

/** Renders `answers` + `endpoints`, merges into the project, records the new base. */
export async function syncProject(
  { root, manifest }: OpenProject,
  answers: Answers,
  endpoints: EndpointRecord[],
  dryRun: boolean,
  env: Environment,
  reason: string,
): Promise<number> {
  const disk = readDisk(root);
  const [next, base] = await Promise.all([renderProject(answers, endpoints), loadBase(root, manifest, disk)]);
  const changes = reconcile(next, Object.keys(manifest.files), base, disk, stackFor(answers.framework).isWriteOnce);
  const secrets = missingSecrets(answers, (p) => disk(p)?.toString());
  const envText = disk(".env")?.toString() ?? "";
  const defaults = envDefaultChanges(envText, base.get(".env.example")?.toString(), text(next.get(".env.example")));
  const envChanges = { ...defaults, ...secrets.env };

  const writes = new Map<string, Uint8Array | null>();
  for (const change of changes) {
    const result = resultOf(change);
    if (result !== undefined) writes.set(change.relPath, result);
  }
  for (const [relPath, contents] of Object.entries(secrets.files)) writes.set(relPath, Buffer.from(contents));
  if (Object.keys(envChanges).length > 0) writes.set(".env", Buffer.from(fillEnv(envText, envChanges)));
  const manifestNext = buildManifest(answers, endpoints, next);
  writes.set(MANIFEST, Buffer.from(manifestText(manifestNext)));

  if (dryRun) {
    for (const change of changes) env.reporter.info(unifiedDiff(change).trimEnd());
    if (Object.keys(secrets.files).length + Object.keys(secrets.env).length > 0) {
      env.reporter.info(
        `(secrets not shown: ${[...Object.keys(secrets.files), ...Object.keys(secrets.env)].join(", ")})`,
      );
    }
    summarize(changes, env, `Dry run (${reason}), nothing written`, base.source);
    return 0;
  }
  await applyFiles(root, writes);
  const madePrivate = await makeSecretsPrivate(root);
  await saveBase(root, next, `rampart ${reason}`, manifestNext);
  for (const note of secrets.notes) env.reporter.info(`  ${note}`);
  for (const relPath of madePrivate) env.reporter.info(`  ${relPath}: made readable by you only (mode 0600)`);
  for (const key of Object.keys(defaults)) env.reporter.info(`  .env: ${key} set to its new default`);
  // A new database driver or store client: nothing runs until it is installed.
  for (const hint of installHints(disk, writes, stackFor(answers.framework).commands(answers).install)) {
    env.reporter.info(`  ${hint}`);
  }
  return summarize(changes, env, `rampart ${reason}`, base.source);
}

function summarize(changes: FileChange[], env: Environment, title: string, baseSource: string): number {
  const counts = new Map<string, string[]>();
  for (const { relPath, outcome } of changes) counts.set(outcome.kind, [...(counts.get(outcome.kind) ?? []), relPath]);
  const n = (kind: string) => counts.get(kind)?.length ?? 0;
  env.reporter.info(
    `${title}: ${n("added")} added, ${n("updated")} updated, ${n("merged")} merged, ${n("conflict")} conflicted, ` +
      `${n("kept")} kept as you changed them, ${n("removed")} removed, ${n("deleted-by-user")} left deleted ` +
      `(base: ${baseSource})`,
  );
  const conflicts = counts.get("conflict") ?? [];
  if (conflicts.length === 0) return 0;
  env.reporter.info("Conflicts to resolve (look for <<<<<<< yours / >>>>>>> rampart):");
  for (const relPath of conflicts) env.reporter.info(`  ${relPath}`);
  return 1;
}

/** What a project's dependencies are, by the file that declares them. */
const DEPENDENCY_FILES: Record<string, (text: string) => unknown> = {
  "package.json": (source) => {
    try {
      const pkg = JSON.parse(source) as Record<string, unknown>;
      return ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"].map((k) => pkg[k]);
    } catch {
      return source; // not JSON (a conflict being resolved): any change counts
    }
  },
  // [project]'s `dependencies = [...]` and the [project.optional-dependencies] table.
  "pyproject.toml": (source) => {
    const kept: string[] = [];
    let table = "";
    let inList = false;
    for (const line of source.split("\n")) {
      if (/^\[[^\]]*\]\s*$/.test(line)) table = line.trim();
      if (table === "[project]" && /^dependencies\s*=/.test(line)) inList = true;
      if (inList || table === "[project.optional-dependencies]") kept.push(line.trim());
      if (inList && /^\]/.test(line)) inList = false;
    }
    return kept;
  },
};

/**
 * One line per dependency file whose dependencies `writes` change, naming the command that
 * installs them (`install`, or uv's when the project has a uv.lock: its CI and Dockerfile
 * install exactly that file, so it has to follow).
 */
export function installHints(
  disk: (relPath: string) => Uint8Array | undefined,
  writes: Map<string, Uint8Array | null>,
  install: string,
): string[] {
  return changedDependencyFiles(disk, writes).map((file) => {
    const command =
      file === "pyproject.toml" && disk("uv.lock") !== undefined ? "uv lock && uv sync --extra dev" : install;
    return `${file}: its dependencies changed; install them: ${command}`;
  });
}

/** The dependency files among `writes` whose declared dependencies differ from the disk's. */
function changedDependencyFiles(
  disk: (relPath: string) => Uint8Array | undefined,
  writes: Map<string, Uint8Array | null>,
): string[] {
  return Object.entries(DEPENDENCY_FILES).flatMap(([file, declared]) => {
    const next = writes.get(file);
    const before = disk(file);
    if (!next || !before) return [];
    const same = JSON.stringify(declared(text(before))) === JSON.stringify(declared(text(next)));
    return same ? [] : [file];
  });
}

function text(contents: string | Uint8Array | undefined): string {
  return contents === undefined ? "" : typeof contents === "string" ? contents : Buffer.from(contents).toString("utf8");
}
