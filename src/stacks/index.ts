/**
 * Everything that differs by framework, behind one interface: the core pipeline (render,
 * format, reconcile, add) asks `stackFor(framework)` and never names a framework itself.
 * A new framework is one more entry here plus its template folders.
 */
import type { RuffSettings } from "../core/format-python.js";
import type { EndpointRecord } from "../core/manifest.js";
import type { FieldNaming } from "../endpoints/fields.js";
import { ITEMS_FIELDS } from "../endpoints/resource.js";
import type { Answers } from "../options.js";
import { databaseDependencies, fastapiPython, rateLimitStoreDependencies } from "./fastapi.js";
import { pythonNaming } from "./fastapi-names.js";
import { pyResource } from "./fastapi-resource.js";
import { isWriteOnce, nextMigration } from "./migrations.js";
import { nodeStack } from "./node.js";

/** What the core needs of every resource view a stack renders its resource layer with. */
export interface ResourceView {
  name: string;
  /** False for the built-in `items`, whose table the initial migration creates. */
  ownMigration: boolean;
}

export interface Stack {
  /**
   * Its template folders on every axis (framework/, database/<db>/, auth/, rate-limit/,
   * resource/), overlaid in this order: the layer every framework of a language shares,
   * then the framework's own adapter.
   */
  templateFolders: readonly string[];
  /**
   * How a project is installed, tested and served (CONTRACT §2): install, next steps and
   * regenerate's hints, with the tools its answers record (a Node project's package manager).
   */
  commands(answers: Answers): { install: string; test: string; serve: string };
  /** Template data beyond the answers: dependencies, and one view per resource. */
  context(answers: Answers, resources: EndpointRecord[]): { resources: ResourceView[] } & Record<string, unknown>;
  /**
   * How a field name is spelled in the stack's code, where it would clash with the language
   * or a library (CONTRACT §1: aliased, never refused for a clash the stack can avoid).
   */
  fieldNaming: FieldNaming;
  /** Formatter settings for emitted Python (absent: no Python to format). */
  ruff?: RuffSettings;
  /** A new resource's migration, chained onto the project's head on disk. */
  nextMigration(root: string): { revision: string; downRevision: string };
  /** Files that, once written, no template change may rewrite (migrations). */
  isWriteOnce(relPath: string): boolean;
  /** Installs the project's dependencies; returns the tool used. Loaded lazily (execa). */
  install(projectDir: string, signal: AbortSignal): Promise<string>;
}

/** The one resource every project starts with (CONTRACT §3), built like any added one. */
export const ITEMS: EndpointRecord = { name: "items", fields: ITEMS_FIELDS, revision: "0001", downRevision: "" };

const fastapi: Stack = {
  templateFolders: ["fastapi"],
  commands: () => ({
    install: "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'",
    test: ".venv/bin/pytest",
    serve: ".venv/bin/python -m app",
  }),
  context: (answers, resources) => ({
    python: {
      ...fastapiPython,
      dependencies: [
        ...fastapiPython.dependencies,
        ...databaseDependencies[answers.database],
        ...rateLimitStoreDependencies[answers.rateLimitStore],
      ],
    },
    resources: [pyResource(ITEMS, false), ...resources.map((r) => pyResource(r))],
  }),
  fieldNaming: pythonNaming,
  ruff: fastapiPython.ruff,
  nextMigration,
  isWriteOnce,
  install: async (projectDir, signal) => (await import("../steps/install.js")).installPythonProject(projectDir, signal),
};

const STACKS: Partial<Record<Answers["framework"], Stack>> = {
  fastapi,
  fastify: nodeStack("fastify"),
  express: nodeStack("express"),
  hono: nodeStack("hono"),
};

export function stackFor(framework: Answers["framework"]): Stack {
  const stack = STACKS[framework];
  // The options registry refuses frameworks not built yet, so this is a programming error.
  if (!stack) throw new Error(`no stack for framework ${framework}`);
  return stack;
}
