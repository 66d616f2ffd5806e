/**
 * `add endpoint` and `regenerate` share their preflight: find the project, read a valid
 * rampart.json. Their own work arrives in a later release and is refused clearly until then.
 */
import type { Request } from "../cli/args.js";
import { UsageError } from "../errors.js";
import { findProjectRoot, readManifest } from "../core/manifest.js";
import type { Environment } from "./new.js";

export async function addCommand(request: Request, env: Environment): Promise<void> {
  const [kind, name] = request.positionals;
  if (kind !== "endpoint" || name === undefined) {
    throw new UsageError("usage: rampart add endpoint <name> [--fields SPEC]");
  }
  openProject(env.cwd);
  throw new UsageError("rampart add endpoint is not available yet in this version");
}

export async function regenerateCommand(_request: Request, env: Environment): Promise<void> {
  openProject(env.cwd);
  throw new UsageError("rampart regenerate is not available yet in this version");
}

function openProject(cwd: string) {
  const root = findProjectRoot(cwd);
  if (root === undefined) {
    throw new UsageError("not inside a rampart project (no rampart.json here or in any parent directory)");
  }
  return { root, manifest: readManifest(root) };
}
