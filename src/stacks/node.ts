/**
 * The Node stacks (Fastify, Express, Hono): one shared TypeScript core under templates/*\/node,
 * overlaid by the framework's thin adapter under templates/*\/<framework>. Every Node project
 * pins its packages from the one map below (as create-t3-app does), so one place moves them.
 */
import type { EndpointRecord } from "../core/manifest.js";
import type { Answers } from "../options.js";
import type { Stack } from "./index.js";
import { ITEMS } from "./index.js";
import { deployCommands, nodeCommands, parseRecordedManager } from "../steps/package-manager.js";
import { nodeMigrations } from "./node-migrations.js";
import { tsNaming } from "./node-names.js";
import { tsResource } from "./node-resource.js";

/**
 * `items` has a migration of its own in a Node project, rendered like any added resource's:
 * 0001 makes `users`, 0002 `refresh_tokens` (password mode), 0003 `items`.
 */
// A function: index.ts imports this module before it defines ITEMS (an import cycle).
const nodeItems = (): EndpointRecord => ({ ...ITEMS, revision: "0003", downRevision: "0002_refresh_tokens" });

type NodeFramework = Exclude<Answers["framework"], "fastapi">;

/** The framework's name as its own docs spell it (README). */
const FRAMEWORK_LABEL: Record<NodeFramework, string> = { fastify: "Fastify", express: "Express", hono: "Hono" };

/**
 * Exact versions, checked on the registry (2026-12-01). The projects need Node 22.12+, so
 * the generator's own Node 20 pins (better-sqlite3 12) do not apply to them.
 */
export const NODE_VERSIONS = {
  // shared core
  zod: "4.6.7",
  jose: "6.2.18",
  "@node-rs/argon2": "2.2.1",
  kysely: "0.29.9",
  "rate-limiter-flexible": "11.4.0",
  pino: "10.4.0",
  "proxy-addr": "2.0.8",
  dotenv: "18.0.10",
  "better-sqlite3": "13.2.0",
  pg: "8.23.1",
  mysql2: "3.24.6",
  ioredis: "5.9.2",
  // fastify adapter
  fastify: "5.12.8",
  "fastify-plugin": "6.0.1",
  "fastify-type-provider-zod": "7.0.0",
  "@fastify/helmet": "13.2.0",
  "@fastify/cors": "11.4.3",
  "@fastify/formbody": "9.0.1",
  "@fastify/swagger": "9.9.3",
  "@fastify/swagger-ui": "6.1.3",
  "close-with-grace": "2.5.0",
  // express adapter
  express: "5.3.0",
  helmet: "8.3.0",
  cors: "2.8.6",
  "pino-http": "11.0.0",
  "@asteasolutions/zod-to-openapi": "9.1.0",
  "swagger-ui-dist": "5.35.0",
  supertest: "7.3.2",
  "@types/express": "5.0.6",
  "@types/cors": "2.8.19",
  "@types/supertest": "7.2.1",
  "@types/swagger-ui-dist": "3.30.6",
  // hono adapter (swagger-ui-dist above serves its docs page too, read by path: no types)
  hono: "4.13.19",
  "@hono/node-server": "2.1.9",
  "@hono/zod-openapi": "1.6.3",
  // tooling (typescript-eslint 8 supports TypeScript < 6.1)
  typescript: "6.0.3",
  "typescript-eslint": "8.74.0",
  eslint: "10.15.0",
  "@eslint/js": "10.0.1",
  vitest: "5.1.2",
  "@vitest/coverage-v8": "5.1.2",
  prettier: "3.10.1",
  tsx: "4.23.15",
  "@types/node": "24.19.4",
  "@types/better-sqlite3": "9.6.0",
  "@types/pg": "8.23.1",
  "@types/proxy-addr": "2.0.3",
} as const;

export type NodePackage = keyof typeof NODE_VERSIONS;

const SHARED: NodePackage[] = [
  "zod",
  "jose",
  "@node-rs/argon2",
  "kysely",
  "rate-limiter-flexible",
  "pino",
  "proxy-addr",
  "dotenv",
];
const SHARED_DEV: NodePackage[] = [
  "typescript",
  "typescript-eslint",
  "eslint",
  "@eslint/js",
  "vitest",
  "@vitest/coverage-v8",
  "prettier",
  "tsx",
  "@types/node",
  "@types/proxy-addr",
];

const DATABASE: Record<Answers["database"], { dependencies: NodePackage[]; devDependencies: NodePackage[] }> = {
  sqlite: { dependencies: ["better-sqlite3"], devDependencies: ["@types/better-sqlite3"] },
  postgres: { dependencies: ["pg"], devDependencies: ["@types/pg"] },
  mysql: { dependencies: ["mysql2"], devDependencies: [] },
};

const STORE: Record<Answers["rateLimitStore"], NodePackage[]> = { memory: [], redis: ["ioredis"] };

const ADAPTER: Record<NodeFramework, { dependencies: NodePackage[]; devDependencies: NodePackage[] }> = {
  fastify: {
    dependencies: [
      "fastify",
      "fastify-plugin",
      "fastify-type-provider-zod",
      "@fastify/helmet",
      "@fastify/cors",
      "@fastify/formbody",
      "@fastify/swagger",
      "@fastify/swagger-ui",
      "close-with-grace",
    ],
    devDependencies: [],
  },
  express: {
    dependencies: [
      "express",
      "helmet",
      "cors",
      "pino-http",
      "@asteasolutions/zod-to-openapi",
      "swagger-ui-dist",
      "close-with-grace",
    ],
    devDependencies: ["supertest", "@types/express", "@types/cors", "@types/supertest", "@types/swagger-ui-dist"],
  },
  hono: {
    dependencies: ["hono", "@hono/node-server", "@hono/zod-openapi", "swagger-ui-dist", "close-with-grace"],
    devDependencies: [],
  },
};

/** `{ "name": "version" }`, sorted as npm writes package.json. */
function pinned(names: NodePackage[]): Record<string, string> {
  return Object.fromEntries([...new Set(names)].sort().map((name) => [name, NODE_VERSIONS[name]]));
}

export function nodePackages(framework: NodeFramework, answers: Answers) {
  return {
    dependencies: pinned([
      ...SHARED,
      ...ADAPTER[framework].dependencies,
      ...DATABASE[answers.database].dependencies,
      ...STORE[answers.rateLimitStore],
    ]),
    devDependencies: pinned([
      ...SHARED_DEV,
      ...ADAPTER[framework].devDependencies,
      ...DATABASE[answers.database].devDependencies,
    ]),
  };
}

export function nodeStack(framework: NodeFramework): Stack {
  return {
    templateFolders: ["node", framework],
    // The manager the project records (the one that ran create-rampart; absent: npm), not
    // whichever runs `rampart` later: a pnpm project is told `pnpm install`, never `npm install`.
    commands: (answers: Answers) => nodeCommands(parseRecordedManager(answers.packageManager ?? "npm")?.name ?? "npm"),
    context: (answers: Answers, resources: EndpointRecord[]) => {
      const packages = nodePackages(framework, answers);
      const manager = parseRecordedManager(answers.packageManager ?? "npm");
      return {
        node: {
          // package.json's blocks, as JSON text: Prettier formats the file after rendering.
          dependencies: JSON.stringify(packages.dependencies),
          devDependencies: JSON.stringify(packages.devDependencies),
          engines: "^22.12.0 || >=24",
          frameworkLabel: FRAMEWORK_LABEL[framework],
          // corepack's field, for the managers it provides (pnpm, yarn); "" leaves it out.
          packageManager:
            manager?.version && (manager.name === "pnpm" || manager.name === "yarn") ? answers.packageManager : "",
          // The Dockerfile's and CI workflow's install, run and prune commands (one table row).
          pm: deployCommands(manager?.name ?? "npm"),
        },
        resources: [tsResource(nodeItems()), ...resources.map((r) => tsResource(r))],
      };
    },
    fieldNaming: tsNaming,
    nextMigration: nodeMigrations.next,
    isWriteOnce: nodeMigrations.isWriteOnce,
    install: async (projectDir, signal) => (await import("../steps/install.js")).installNodeProject(projectDir, signal),
  };
}
