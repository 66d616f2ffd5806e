/**
 * `add endpoint`: its preflight (a project with a valid rampart.json) is real; the resource
 * templates arrive in a later release, so it is refused clearly until then.
 */
import type { Request } from "../cli/args.js";
import { UsageError } from "../errors.js";
import type { Environment } from "./new.js";
import { openProject } from "./project.js";

export async function addCommand(request: Request, env: Environment): Promise<number> {
  const [kind, name] = request.positionals;
  if (kind !== "endpoint" || name === undefined) {
    throw new UsageError("usage: rampart add endpoint <name> [--fields SPEC]");
  }
  openProject(env.cwd);
  throw new UsageError("rampart add endpoint is not available yet in this version");
}
