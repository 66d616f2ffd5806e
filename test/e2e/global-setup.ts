/**
 * Generates and installs every project of the e2e matrix once, through the real CLI, then
 * hands their directories to the test files (`inject("e2eProjects")`, and to the conformance
 * suite as `conformanceProjects`). Installs share the machine's pip and npm caches.
 */
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import type { TestProject } from "vitest/node";
import { choiceFlags, e2eMatrix } from "./matrix.js";

declare module "vitest" {
  export interface ProvidedContext {
    conformanceProjects: string[];
    e2eProjects: string[];
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export default async function setup(project: TestProject): Promise<void> {
  const workdir = process.env.E2E_WORKDIR ?? path.join(tmpdir(), "rampart-e2e");
  rmSync(workdir, { recursive: true, force: true });
  mkdirSync(workdir, { recursive: true });
  const matrix = e2eMatrix();
  // Two at a time: the machine has two cores and pip is mostly network and unpacking.
  const dirs: string[] = [];
  for (let i = 0; i < matrix.length; i += 2) {
    const batch = matrix.slice(i, i + 2);
    dirs.push(
      ...(await Promise.all(
        batch.map(async ({ name, choices }) => {
          const started = Date.now();
          const result = await execa(
            "node",
            [path.join(ROOT, "bin", "create-rampart.js"), name, "--yes", "--no-git", ...choiceFlags(choices)],
            { cwd: workdir, reject: false, all: true, stdin: "ignore" },
          );
          if (result.exitCode !== 0) {
            throw new Error(`generating ${name} failed (exit ${result.exitCode}):\n${result.all}`);
          }
          process.stdout.write(
            `[e2e] generated and installed ${name} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
          );
          return path.join(workdir, name);
        }),
      )),
    );
  }
  project.provide("e2eProjects", dirs);
  project.provide("conformanceProjects", dirs);
}
