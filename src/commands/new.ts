/**
 * `rampart new [dir]` / `create-rampart [dir]`: validate everything, build the project in
 * memory, then write it in one move, install and commit.
 */
import path from "node:path";
import type { Request } from "../cli/args.js";
import { printable } from "../cli/printable.js";
import { UsageError } from "../errors.js";
import { OPTIONS, OPTION_KEYS, appliesTo, type Answers, type Choices, type OptionKey } from "../options.js";
import { resolveTarget, validateProjectName } from "../core/names.js";
import { MANIFEST, type Manifest } from "../core/manifest.js";
import { buildNewProject } from "../core/pipeline.js";
import { checkTarget } from "../core/target.js";
import { isSecretPath } from "../core/secrets.js";
import { FileTree } from "../core/tree.js";
import { isEmptyDir, writeProject } from "../core/write.js";
import { detectedManager } from "../steps/package-manager.js";
import type { Reporter } from "../steps/progress.js";

export interface Environment {
  cwd: string;
  interactive: boolean;
  reporter: Reporter;
}

export async function newProject(request: Request, env: Environment): Promise<number> {
  const interactive = env.interactive && !request.yes;
  if (request.positionals.length > 1) {
    throw new UsageError(
      `expected one project directory, got ${request.positionals.length}: ${request.positionals.join(" ")}`,
    );
  }
  // Prompts, execa and friends load only when used: `new --yes` stays fast (npm run bench).
  const prompts = interactive ? await import("../cli/prompts.js") : undefined;
  const dirArg = request.positionals[0] ?? (await prompts?.askProjectDir(env.cwd, request.force));
  if (dirArg === undefined) {
    throw new UsageError(
      `missing project directory argument: run \`create-rampart <dir>\`${request.yes ? " (--yes never prompts)" : " (stdin is not a terminal, so no prompt)"}`,
    );
  }
  const target = resolveTarget(dirArg, env.cwd);
  const projectName = validateProjectName(path.basename(target));
  checkTarget(target, dirArg, env.cwd);
  if (!request.force && !(await isEmptyDir(target))) {
    throw new UsageError(`${dirArg} is not empty: choose another directory, or pass --force (existing files are kept)`);
  }
  checkCombination(request.choices);
  const choices = prompts ? await prompts.askChoices(request.choices) : request.choices;
  const filled = withDefaults(choices);
  // Detected, not asked: the manager that runs `create rampart` installs a Node project and
  // names its lock file in the Dockerfile and CI workflow (absent: npm).
  const manager = filled.framework === "fastapi" ? undefined : detectedManager();
  const answers: Answers = { projectName, ...filled, ...(manager ? { packageManager: manager } : {}) };

  const tree = await env.reporter.step("Rendering templates", () => buildNewProject(answers));
  if (request.dryRun) {
    env.reporter.info(`Dry run: would write ${tree.size} files to ${printable(target)}:`);
    for (const relPath of tree.paths()) env.reporter.info(`  ${relPath}`);
    return 0;
  }
  const { written, kept } = await env.reporter.step(`Writing ${tree.size} files`, () => writeProject(target, tree));
  for (const relPath of kept) env.reporter.info(`  kept your ${relPath} (rampart's version was not written)`);
  const { finishProject } = await import("../steps/finish.js");
  return finishProject({
    target,
    dirArg,
    answers,
    files: written.length,
    install: request.install,
    git: request.git,
    reporter: env.reporter,
    afterCommit: async () =>
      (await import("../core/base-store.js")).saveBase(
        target,
        withoutSecrets(tree),
        "rampart new",
        JSON.parse(String(tree.get(MANIFEST))) as Manifest,
      ),
  });
}

/** The regenerate base: what was rendered, without secrets or the manifest. */
function withoutSecrets(tree: FileTree): FileTree {
  const base = new FileTree();
  for (const [relPath, contents] of tree.entries()) {
    if (!isSecretPath(relPath) && relPath !== MANIFEST) base.set(relPath, contents);
  }
  return base;
}

function checkCombination(choices: Partial<Choices>): void {
  if (choices.jwtAlg !== undefined && !appliesTo("jwtAlg", choices)) {
    throw new UsageError(
      "--jwt-alg applies to --auth password only (oidc tokens are signed by your identity provider)",
    );
  }
}

function withDefaults(choices: Partial<Choices>): Choices {
  const filled: Record<string, string> = {};
  for (const key of OPTION_KEYS) filled[key] = choices[key] ?? OPTIONS[key as OptionKey].default;
  return filled as Choices;
}
