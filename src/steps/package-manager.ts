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

/** `pnpm@10.34.9`: corepack's spelling (package.json `packageManager`), as rampart.json records it. */
const RECORDED = /^(npm|pnpm|yarn|bun)(?:@(\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,64})?))?$/;

/**
 * The manager that ran the generator, with its version when the user agent gives one
 * (`pnpm/10.34.9 npm/? node/v24…` → `pnpm@10.34.9`), to record in rampart.json. undefined for
 * npm: a project without the record is an npm project (so npm projects' rampart.json is unchanged).
 */
export function detectedManager(userAgent = process.env.npm_config_user_agent ?? ""): string | undefined {
  const name = nodePackageManager(userAgent);
  if (name === "npm") return undefined;
  const version = /^[a-z]+\/(\S+)/.exec(userAgent)?.[1] ?? "";
  return RECORDED.test(`${name}@${version}`) ? `${name}@${version}` : name;
}

/** A recorded manager (`pnpm@10.34.9`, `yarn`) as name and version; undefined if not one. */
export function parseRecordedManager(recorded: string): { name: NodeManager; version?: string } | undefined {
  const match = RECORDED.exec(recorded);
  if (!match) return undefined;
  return { name: match[1] as NodeManager, ...(match[2] ? { version: match[2] } : {}) };
}

/**
 * What a project's deploy files (Dockerfile, CI workflow) say for the manager that installed
 * it: plain values, one row per manager, rendered as they are. yarn and bun fall back to npm's
 * row for now (`deployFallback`): their lock files and images are not wired yet, so the
 * generator says so rather than write files that fail.
 */
export interface DeployCommands {
  /** Which row: the manager itself, or npm when it falls back. */
  manager: NodeManager;
  lockFile: string;
  /** What the Dockerfile copies before the install: package.json, the lock file, the settings. */
  installFiles: string;
  /** Installs exactly the lock file, failing if it is missing or stale. */
  frozenInstall: string;
  /** The Dockerfile's cache mount for the manager's download cache / store. */
  cacheDir: string;
  /** `<run> lint`. */
  run: string;
  /** Drops the dev dependencies from node_modules. */
  prune: string;
  /** actions/setup-node's `cache` input. */
  setupNodeCache: string;
  /** The manager is provided by corepack (package.json `packageManager`) in the image. */
  corepack: boolean;
  /** CI installs the manager with pnpm/action-setup before actions/setup-node. */
  pnpmAction: boolean;
}

const DEPLOY: Record<"npm" | "pnpm", DeployCommands> = {
  npm: {
    manager: "npm",
    lockFile: "package-lock.json",
    installFiles: "package.json package-lock.json",
    frozenInstall: "npm ci",
    cacheDir: "/root/.npm",
    run: "npm run",
    prune: "npm prune --omit=dev",
    setupNodeCache: "npm",
    corepack: false,
    pnpmAction: false,
  },
  pnpm: {
    manager: "pnpm",
    lockFile: "pnpm-lock.yaml",
    // pnpm-workspace.yaml holds allowBuilds: which dependencies' install scripts run.
    installFiles: "package.json pnpm-lock.yaml pnpm-workspace.yaml",
    frozenInstall: "pnpm install --frozen-lockfile",
    // pnpm's default store-dir on Linux (~/.local/share/pnpm/store), root in the build stage.
    cacheDir: "/root/.local/share/pnpm/store",
    run: "pnpm run",
    prune: "pnpm prune --prod",
    setupNodeCache: "pnpm",
    corepack: true,
    pnpmAction: true,
  },
};

/** The managers whose deploy files are npm's for now (see DeployCommands). */
export const DEPLOY_FALLBACK: readonly NodeManager[] = ["yarn", "bun"];

export function deployCommands(manager: NodeManager): DeployCommands {
  return manager === "pnpm" ? DEPLOY.pnpm : DEPLOY.npm;
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
