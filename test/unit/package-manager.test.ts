/**
 * The package manager that ran the generator (CONTRACT §1) decides the Node project's deploy
 * files: detected from npm_config_user_agent, recorded in rampart.json's answers (absent: npm),
 * and rendered from one table row per manager into the Dockerfile, the CI workflow and
 * package.json's `packageManager`. Rendered in memory through the pipeline: no install.
 */
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { manifestProblem } from "../../src/core/manifest-check.js";
import { applySets } from "../../src/core/answers.js";
import { buildNewProject, renderProject } from "../../src/core/pipeline.js";
import type { FileTree } from "../../src/core/tree.js";
import type { Answers } from "../../src/options.js";
import {
  DEPLOY_FALLBACK,
  NODE_MANAGERS,
  deployCommands,
  detectedManager,
  parseRecordedManager,
} from "../../src/steps/package-manager.js";
import { defaultAnswers } from "../combinations.js";

const text = (tree: FileTree, relPath: string): string => {
  const contents = tree.get(relPath);
  expect(contents, relPath).toBeDefined();
  return typeof contents === "string" ? contents : Buffer.from(contents ?? "").toString();
};

const AGENTS = {
  npm: "npm/11.6.2 node/v24.11.0 linux x64 workspaces/false",
  pnpm: "pnpm/10.34.9 npm/? node/v24.11.0 linux x64",
  yarn: "yarn/4.10.3 npm/? node/v24.11.0",
  bun: "bun/1.3.2 npm/? node/v24.3.0 linux x64",
} as const;

describe("detectedManager / parseRecordedManager", () => {
  it("records manager@version from the user agent; nothing for npm or an unknown agent", () => {
    expect(detectedManager(AGENTS.npm)).toBeUndefined();
    expect(detectedManager("")).toBeUndefined();
    expect(detectedManager("deno/2.0.0")).toBeUndefined();
    expect(detectedManager(AGENTS.pnpm)).toBe("pnpm@10.34.9");
    expect(detectedManager(AGENTS.yarn)).toBe("yarn@4.10.3");
    expect(detectedManager(AGENTS.bun)).toBe("bun@1.3.2");
    // A version that is not one is left out, the manager kept.
    expect(detectedManager("pnpm/?? node/v24")).toBe("pnpm");
  });

  it("reads back only what it records", () => {
    expect(parseRecordedManager("pnpm@10.34.9")).toEqual({ name: "pnpm", version: "10.34.9" });
    expect(parseRecordedManager("yarn")).toEqual({ name: "yarn" });
    for (const bad of ["pnpm@latest", "pnpm@10", "deno@2.0.0", "pnpm@1.2.3 && rm -rf /", ""]) {
      expect(parseRecordedManager(bad), bad).toBeUndefined();
    }
  });
});

describe("rampart.json records the manager", () => {
  const answers = (packageManager?: string): Answers => ({
    ...defaultAnswers("pm-api"),
    framework: "fastify",
    ...(packageManager ? { packageManager } : {}),
  });

  it("in answers, accepted by the manifest check; an npm project records nothing (as before)", async () => {
    const pnpm = JSON.parse(text(await buildNewProject(answers("pnpm@10.34.9")), "rampart.json")) as {
      answers: Record<string, unknown>;
    };
    expect(pnpm.answers.packageManager).toBe("pnpm@10.34.9");
    expect(manifestProblem(pnpm)).toBeUndefined();
    const npm = JSON.parse(text(await buildNewProject(answers()), "rampart.json")) as {
      answers: Record<string, unknown>;
    };
    expect("packageManager" in npm.answers).toBe(false);
    expect(manifestProblem(npm)).toBeUndefined();
  });

  it("is kept by regenerate's --set and rendered the same from the recorded answers", async () => {
    const first = await buildNewProject(answers("pnpm@10.34.9"));
    const recordedAnswers = (JSON.parse(text(first, "rampart.json")) as { answers: Answers }).answers;
    const next = applySets(recordedAnswers, ["jwtAlg=EdDSA"]);
    expect(next.packageManager).toBe("pnpm@10.34.9");
    const again = await renderProject(next);
    for (const file of ["Dockerfile", ".github/workflows/ci.yml", "package.json"]) {
      expect(text(again, file), file).toBe(text(first, file));
    }
  });

  it("rejects a recorded manager that is not one (rampart.json is untrusted input)", async () => {
    const manifest = JSON.parse(text(await buildNewProject(answers("pnpm@10.34.9")), "rampart.json")) as {
      answers: Record<string, unknown>;
    };
    for (const bad of ["pnpm@latest", "make", 7]) {
      manifest.answers.packageManager = bad;
      expect(manifestProblem(manifest), String(bad)).toMatch(/answers\.packageManager/);
    }
  });
});

describe.each(NODE_MANAGERS)("deploy files of a Fastify project installed with %s", (name) => {
  const recorded = detectedManager(AGENTS[name]);
  const render = buildNewProject({
    ...defaultAnswers("pm-api"),
    framework: "fastify",
    ...(recorded ? { packageManager: recorded } : {}),
  });
  // yarn and bun fall back to npm's row (their install also writes package-lock.json).
  const row = deployCommands(DEPLOY_FALLBACK.includes(name) ? "npm" : name);

  it("Dockerfile: copies the lock file and installs exactly it, prunes with the same manager", async () => {
    const docker = text(await render, "Dockerfile");
    expect(docker).toMatch(new RegExp(`^COPY package\\.json ${row.lockFile.replace(".", "\\.")}( |.* )?\\./$`, "m"));
    expect(docker).toContain(`${row.frozenInstall}\n`);
    expect(docker).toContain(`RUN ${row.run} build && ${row.prune}\n`);
    expect(docker.includes("RUN corepack enable\n")).toBe(row.corepack);
    if (row.manager === "pnpm") {
      expect(docker).toMatch(/^COPY package\.json pnpm-lock\.yaml pnpm-workspace\.yaml \.\/$/m);
      expect(docker).not.toMatch(/\bnpm (ci|run|prune|install)\b/);
    }
  });

  it("CI: setup-node caches for the manager, the frozen install, every script through it", async () => {
    const workflow = parseYaml(text(await render, ".github/workflows/ci.yml")) as {
      jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const setupNode = steps.findIndex((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(steps[setupNode]?.with?.cache).toBe(row.setupNodeCache);
    const runs = steps.map((s) => s.run);
    expect(runs).toContain(row.frozenInstall);
    expect(runs).toEqual(
      expect.arrayContaining(
        ["lint && X format:check", "typecheck", "migrate", "test:coverage", "build"].map(
          (script) => `${row.run} ${script.replace("X", row.run)}`,
        ),
      ),
    );
    const pnpmAction = steps.findIndex((s) => s.uses?.startsWith("pnpm/action-setup@"));
    if (row.manager === "pnpm") {
      // pnpm is on PATH before setup-node looks for its store; its version from package.json.
      expect(pnpmAction).toBeGreaterThanOrEqual(0);
      expect(pnpmAction).toBeLessThan(setupNode);
      expect(steps[pnpmAction]?.with).toBeUndefined();
      expect(runs.filter((r) => r && /\bnpm\b/.test(r))).toEqual([]);
    } else {
      expect(pnpmAction).toBe(-1);
    }
  });

  it("package.json: corepack's packageManager for pnpm and yarn, nothing otherwise", async () => {
    const pkg = JSON.parse(text(await render, "package.json")) as { packageManager?: string };
    expect(pkg.packageManager).toBe(name === "pnpm" || name === "yarn" ? recorded : undefined);
  });
});
