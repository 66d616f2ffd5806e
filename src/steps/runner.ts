/**
 * How the user can run rampart again, for the next steps after `new`: `npx create-rampart`
 * leaves nothing on PATH, a global install or `npm link` does, and `node bin/...` from a
 * clone needs its path spelled out.
 */
import path from "node:path";

/** Package managers' one-off runners, by the name npm_config_user_agent starts with. */
const NPX = "npx create-rampart";
const RUNNERS: Record<string, string> = {
  npm: NPX,
  pnpm: "pnpm dlx create-rampart",
  yarn: "yarn dlx create-rampart",
  bun: "bunx create-rampart",
};

export function rampartCommand(script = process.argv[1] ?? "", env: NodeJS.ProcessEnv = process.env): string {
  // Set only when a package manager started us (npx, npm create, pnpm dlx, bunx...): its
  // temporary bin directory is on PATH now, but will not be in the user's next shell.
  const agent = env.npm_config_user_agent?.split("/")[0];
  if (agent) return RUNNERS[agent] ?? NPX;
  const binDir = path.dirname(script);
  const onPath = (env.PATH ?? "").split(path.delimiter).some((dir) => dir !== "" && path.resolve(dir) === binDir);
  if (onPath) return "rampart";
  return `node ${path.join(binDir, "rampart.js")}`;
}
