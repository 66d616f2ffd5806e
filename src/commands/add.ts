/**
 * `rampart add endpoint <name> [--fields SPEC]`: records the resource in rampart.json and
 * re-renders the project through the same merge as `regenerate`, so the shared files it
 * touches (scopes, router list) keep the user's edits.
 */
import type { Request } from "../cli/args.js";
import { parseFields, type FieldNaming, type FieldSpec } from "../endpoints/fields.js";
import { validateResourceName } from "../endpoints/resource.js";
import { UsageError } from "../errors.js";
import { stackFor } from "../stacks/index.js";
import type { Environment } from "./new.js";
import { openProject, requireCleanTree } from "./project.js";
import { syncProject } from "./regenerate.js";

export async function addCommand(request: Request, env: Environment): Promise<number> {
  const [kind, given, ...extra] = request.positionals;
  const canAsk = env.interactive && !request.yes;
  if (kind !== "endpoint" || (given === undefined && !canAsk) || extra.length > 0) {
    throw new UsageError("usage: rampart add endpoint <name> [--fields SPEC]");
  }
  if (given !== undefined) validateResourceName(given);
  const project = openProject(env.cwd);
  const { manifest, root } = project;
  const checkNew = (name: string) => {
    validateResourceName(name);
    if (name === "items" || manifest.endpoints.some((e) => e.name === name)) {
      throw new UsageError(`endpoint "${name}" exists already in this project`);
    }
  };
  // On a terminal without a name, it is asked for, and each answer checked as it is typed.
  const name = given ?? (await (await import("../cli/prompts.js")).askEndpointName(checkNew));
  checkNew(name);
  const stack = stackFor(manifest.answers.framework);
  const fields = await resolveFields(request, env, name, stack.fieldNaming);
  if (!request.dryRun) await requireCleanTree(root, request.force);
  const record = { name, fields, ...stack.nextMigration(root) };
  return syncProject(
    project,
    manifest.answers,
    [...manifest.endpoints, record],
    request.dryRun,
    env,
    `add endpoint ${name}`,
  );
}

async function resolveFields(
  request: Request,
  env: Environment,
  name: string,
  naming: FieldNaming,
): Promise<FieldSpec[]> {
  if (request.fields !== undefined) return parseFields(request.fields, naming);
  if (!env.interactive || request.yes) {
    throw new UsageError(
      "missing --fields (stdin is not a terminal, so no prompt): e.g. --fields title:string,done:boolean",
    );
  }
  const { askFields } = await import("../cli/field-prompts.js");
  return askFields(name, naming);
}
