/**
 * The package manager a Node project is installed and run with: the one that ran the
 * generator (CONTRACT §1). Kept apart from install.ts, which loads execa, so the next steps
 * can name it without loading a process runner.
 */

/** The package managers a Node project may be installed with, by `npm_config_user_agent`. */
export const NODE_MANAGERS = ["npm", "pnpm", "yarn", "bun"] as const;
export type NodeManager = (typeof NODE_MANAGERS)[number];

/**
 * The first word of the user agent npm, pnpm, yarn and bun set for the scripts they run
 * (`pnpm/10.1.0 npm/? node/v24…`); npm when rampart was started some other way.
 */
export function nodePackageManager(userAgent = process.env.npm_config_user_agent ?? ""): NodeManager {
  const name = /^([a-z]+)\//.exec(userAgent)?.[1];
  return NODE_MANAGERS.find((m) => m === name) ?? "npm";
}

/**
 * A project's install, test and serve commands with `manager` (CONTRACT §2 spells them with
 * npm). `bun test` would run bun's own test runner, not the project's script: `bun run test`.
 */
export function nodeCommands(manager: NodeManager): { install: string; test: string; serve: string } {
  const run = manager === "npm" || manager === "bun" ? `${manager} run` : manager;
  return {
    install: `${manager} install`,
    test: manager === "bun" ? "bun run test" : `${manager} test`,
    serve: `${run} build && ${manager === "bun" ? "bun run" : manager} start`,
  };
}
