/**
 * Generates and installs every project of the e2e matrix once, through the real CLI, runs
 * the rampart commands each one lists (add endpoint, regenerate after user edits), then
 * hands their directories to the tests (`inject("e2eProjects")`, and to the conformance suite
 * as `conformanceProjects`). Installs share the machine's pip and npm caches.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import type { TestProject } from "vitest/node";
import { GIT_IDENTITY } from "../git-identity.js";
import {
  applyUserEdits,
  choiceFlags,
  e2eMatrix,
  isNodeProject,
  needsServices,
  userEditsFor,
  type E2eProject,
} from "./matrix.js";

declare module "vitest" {
  export interface ProvidedContext {
    conformanceProjects: string[];
    e2eProjects: string[];
    /** `{ "24": dir, "22": dir }`: folders holding those Node binaries (only when Node projects run). */
    nodeBins: Record<string, string>;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

async function rampart(bin: "create-rampart" | "rampart", args: string[], cwd: string): Promise<void> {
  const result = await execa("node", [path.join(ROOT, "bin", `${bin}.js`), ...args], {
    cwd,
    reject: false,
    all: true,
    stdin: "ignore",
    env: GIT_IDENTITY,
  });
  if (result.exitCode !== 0)
    throw new Error(`${bin} ${args.join(" ")} failed (exit ${result.exitCode}):\n${result.all}`);
}

async function commitAll(dir: string, message: string): Promise<void> {
  await execa("git", ["add", "-A"], { cwd: dir });
  await execa("git", ["commit", "-qm", message], { cwd: dir, env: GIT_IDENTITY });
}

/**
 * A folder holding Node `major`'s binary: E2E_NODE<major>_BIN when set, else the registry's
 * `node@<major>` package installed once into the temporary directory (npm's cache keeps it).
 */
async function nodeBin(major: number): Promise<string> {
  const given = process.env[`E2E_NODE${major}_BIN`];
  if (given) return given;
  const prefix = path.join(tmpdir(), `rampart-e2e-node${major}`);
  const bin = path.join(prefix, "node_modules", "node", "bin");
  if (!existsSync(path.join(bin, "node"))) {
    await execa("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--silent", `node@${major}`]);
  }
  return bin;
}

async function prepare(workdir: string, spec: E2eProject): Promise<string> {
  const started = Date.now();
  const dir = path.join(workdir, spec.name);
  // A Node project is installed by the generator itself, as for a user: `npm install`.
  await rampart(
    "create-rampart",
    [spec.name, "--yes", ...(spec.git ? [] : ["--no-git"]), ...choiceFlags(spec.choices)],
    workdir,
  );
  if (spec.userEdits) {
    applyUserEdits(dir, userEditsFor(spec.choices.framework));
    await commitAll(dir, "edits by the user");
  }
  for (const args of spec.commands ?? []) {
    await rampart("rampart", args, dir);
    if (spec.commitEach) await commitAll(dir, `rampart ${args.slice(0, 3).join(" ")}`);
  }
  if (spec.reinstall && isNodeProject(spec)) {
    await execa("npm", ["install", "--no-audit", "--no-fund", "--silent"], { cwd: dir });
  } else if (spec.reinstall) {
    await execa(".venv/bin/pip", ["install", "--disable-pip-version-check", "-q", "-e", ".[dev]"], { cwd: dir });
  }
  if (isNodeProject(spec)) {
    // `npm start` (the conformance suite's server) runs the compiled dist/.
    await execa("npm", ["run", "build", "--silent"], { cwd: dir });
  }
  process.stdout.write(`[e2e] ${spec.name} ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  return dir;
}

/**
 * PostgreSQL, MariaDB and Redis on loopback (.ci/services.sh: installs them when missing and
 * starts them; idempotent), unless the environment already names servers to use.
 */
async function ensureServices(): Promise<void> {
  if (process.env.CONFORMANCE_DATABASE_URL_POSTGRES && process.env.CONFORMANCE_REDIS_URL) return;
  const started = Date.now();
  const { stdout } = await execa("bash", [path.join(ROOT, ".ci", "services.sh")]);
  for (const line of stdout.split("\n")) {
    const match = /^(CONFORMANCE_[A-Z_]+)=(.*)$/.exec(line);
    if (match?.[1] && match[2]) process.env[match[1]] = match[2];
  }
  process.stdout.write(`[e2e] services up in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

export default async function setup(project: TestProject): Promise<void> {
  const workdir = process.env.E2E_WORKDIR ?? path.join(tmpdir(), "rampart-e2e");
  rmSync(workdir, { recursive: true, force: true });
  mkdirSync(workdir, { recursive: true });
  const matrix = e2eMatrix();
  if (needsServices(matrix)) await ensureServices();
  const nodeBins: Record<string, string> = {};
  if (matrix.some(isNodeProject)) {
    nodeBins["24"] = await nodeBin(24);
    nodeBins["22"] = await nodeBin(22);
    // Node 24 first on PATH, for this process and the test workers it starts: the generator,
    // `npm install`, the projects' scripts and the conformance suite's `npm start` run on it.
    process.env.PATH = `${nodeBins["24"]}${path.delimiter}${process.env.PATH ?? ""}`;
  }
  // Two at a time: the machine has two cores and pip is mostly network and unpacking.
  const dirs: string[] = [];
  for (let i = 0; i < matrix.length; i += 2) {
    dirs.push(...(await Promise.all(matrix.slice(i, i + 2).map((spec) => prepare(workdir, spec)))));
  }
  project.provide("nodeBins", nodeBins);
  project.provide("e2eProjects", dirs);
  project.provide("conformanceProjects", dirs);
}
