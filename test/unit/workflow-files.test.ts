/**
 * The project's workflow files (issue 13, "Reproducible and reviewable"), rendered in memory
 * for every combination: a frozen install from the lock file in the Dockerfile (uv.lock;
 * package-lock.json through `npm ci`), CI actions pinned by commit SHA with their tag,
 * least-privilege CI with timeouts and a coverage gate, a pre-commit config running a FastAPI
 * project's own pinned tools, and compose migrating once.
 */
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { buildNewProject } from "../../src/core/pipeline.js";
import type { FileTree } from "../../src/core/tree.js";
import type { Answers } from "../../src/options.js";
import { fastapiPython } from "../../src/stacks/fastapi.js";
import { NODE_VERSIONS } from "../../src/stacks/node.js";
import { DEPLOY_FALLBACK, NODE_MANAGERS, deployCommands } from "../../src/steps/package-manager.js";
import { combinations, defaultAnswers } from "../combinations.js";

function file(tree: FileTree, relPath: string): string {
  const contents = tree.get(relPath);
  expect(contents, relPath).toBeDefined();
  return typeof contents === "string" ? contents : Buffer.from(contents ?? "").toString();
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, { "timeout-minutes"?: number; steps: Step[] }>;
}
interface Service {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}

describe.each([...combinations()])("workflow files %o", (choices) => {
  const answers: Answers = { projectName: "wf-api", ...choices };
  const render = buildNewProject(answers);
  const fastapi = choices.framework === "fastapi";

  it.runIf(fastapi)(
    "Dockerfile: uv pinned, frozen sync from uv.lock with a cache mount, never a bare pip install",
    async () => {
      const docker = file(await render, "Dockerfile");
      expect(docker).toContain(`pip install --no-cache-dir uv==${fastapiPython.uv}`);
      expect(docker).toMatch(/^COPY pyproject\.toml uv\.lock \.\/$/m);
      expect(docker).toMatch(/RUN --mount=type=cache,target=\/root\/\.cache\/uv \\\n\s+uv sync --frozen --no-dev/);
      expect(docker).not.toMatch(/pip install \.|pip install -e/);
      expect(docker).toMatch(/^USER app$/m);
      expect(docker).toMatch(/^CMD \["python", "-m", "app"\]$/m);
    },
  );

  it.runIf(!fastapi)(
    "Dockerfile: multi-stage, `npm ci` from package-lock.json with a cache mount, non-root, exec-form CMD",
    async () => {
      const docker = file(await render, "Dockerfile");
      const stages = [...docker.matchAll(/^FROM (\S+)(?: AS (\w+))?$/gm)];
      expect(stages.map((m) => m[2])).toEqual(["build", undefined]);
      expect(docker).toMatch(/^COPY package\.json package-lock\.json \.\/$/m);
      expect(docker).toMatch(/^RUN --mount=type=cache,target=\/root\/\.npm npm ci$/m);
      expect(docker).not.toMatch(/^RUN .*npm install/m);
      // The runtime stage takes the build's output and production dependencies, nothing else.
      const runtime = docker.slice(docker.lastIndexOf("\nFROM "));
      expect(docker).toMatch(/^RUN npm run build && npm prune --omit=dev$/m);
      expect(runtime).toMatch(/^COPY --from=build \/src\/node_modules \.\/node_modules$/m);
      expect(runtime).toMatch(/^COPY --from=build \/src\/dist \.\/dist$/m);
      expect(runtime).toMatch(/^ENV .*\bHOST=0\.0\.0\.0\b/m);
      expect(runtime).toMatch(/^ENV .*\bAPP_ENV=production\b/m);
      expect(runtime).toMatch(/^RUN useradd --system --uid \d+ .* app$/m);
      expect(runtime).toMatch(/^USER app$/m);
      expect(runtime).toMatch(/^CMD \["node", "dist\/server\.js"\]$/m);
    },
  );

  it("CI: every action pinned by a 40-hex commit SHA with its tag, least privilege, timeouts, coverage", async () => {
    const raw = file(await render, ".github/workflows/ci.yml");
    const usesLines = raw.split("\n").filter((line) => /^\s*-?\s*uses:/.test(line));
    expect(usesLines.length).toBeGreaterThan(0);
    for (const line of usesLines) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    const workflow = parseYaml(raw) as Workflow;
    expect(workflow.permissions).toEqual({ contents: "read" });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job["timeout-minutes"], name).toBeGreaterThan(0);
      for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/checkout@"))) {
        expect(step.with?.["persist-credentials"], name).toBe(false);
      }
    }
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    if (fastapi) {
      expect(steps.some((s) => s.run?.includes("uv sync --locked"))).toBe(true);
      expect(steps.some((s) => /pytest --cov\b/.test(s.run ?? ""))).toBe(true);
    } else {
      expect(steps.some((s) => s.uses?.startsWith("actions/setup-node@"))).toBe(true);
      expect(steps.map((s) => s.run)).toEqual(
        expect.arrayContaining([
          "npm ci",
          "npm run lint && npm run format:check",
          "npm run typecheck",
          "npm run migrate",
          "npm run test:coverage",
          "npm run build",
        ]),
      );
    }
    expect(steps.some((s) => s.uses?.startsWith("actions/upload-artifact@"))).toBe(true);
  });

  it.runIf(!fastapi)(
    "package.json: coverage through vitest run --coverage, v8, over src/ with 90% of lines",
    async () => {
      const tree = await render;
      const pkg = JSON.parse(file(tree, "package.json")) as {
        scripts: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      expect(pkg.scripts["test:coverage"]).toBe("vitest run --coverage");
      expect(pkg.devDependencies["@vitest/coverage-v8"]).toBe(NODE_VERSIONS["@vitest/coverage-v8"]);
      const vitest = file(tree, "vitest.config.ts");
      expect(vitest).toMatch(/provider: "v8"/);
      expect(vitest).toMatch(/include: \["src\/\*\*\/\*\.ts"\]/);
      expect(vitest).toMatch(/thresholds: \{[^}]*\blines: 90\b/);
    },
  );

  it.runIf(fastapi)("pyproject: pytest-cov pinned, coverage measured over app/ with fail_under = 90", async () => {
    const pyproject = file(await render, "pyproject.toml");
    expect(fastapiPython.devDependencies.some((d) => /^pytest-cov>=[\d.]+,<\d+$/.test(d))).toBe(true);
    expect(pyproject).toMatch(/^\[tool\.coverage\.run\]\nbranch = true\nsource = \["app"\]$/m);
    expect(pyproject).toMatch(/^\[tool\.coverage\.report\]\nfail_under = 90$/m);
  });

  it.runIf(fastapi)("pre-commit: ruff (lint + format) and mypy, the project's own pinned installs", async () => {
    const config = parseYaml(file(await render, ".pre-commit-config.yaml")) as {
      repos: { repo: string; hooks: { id: string; entry: string; language: string }[] }[];
    };
    const hooks = config.repos.flatMap((r) => r.hooks.map((h) => ({ ...h, repo: r.repo })));
    const entries = hooks.map((h) => h.entry);
    expect(entries).toEqual([".venv/bin/ruff check --fix", ".venv/bin/ruff format", ".venv/bin/mypy"]);
    for (const hook of hooks) expect([hook.repo, hook.language]).toEqual(["local", "system"]);
  });

  it("compose: a one-shot migrate service the api waits for, and no api instance migrating", async () => {
    const compose = parseYaml(file(await render, "compose.yaml")) as { services: Record<string, Service> };
    const { api, migrate } = compose.services;
    expect(migrate?.command).toEqual(fastapi ? ["alembic", "upgrade", "head"] : ["node", "dist/migrate.js"]);
    expect(migrate?.restart).toBe("no");
    expect(api?.depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
    expect(api?.environment?.MIGRATE_ON_START).toBe("false");
    expect(migrate?.environment?.DATABASE_URL).toBe(api?.environment?.DATABASE_URL);
    const readme = file(await render, "README.md");
    expect(readme).toMatch(/instances\s+migrating\s+at\s+once/);
    expect(readme).toMatch(fastapi ? /`uv lock`/ : /`npm ci`/);
  });
});

it("pins each action by the same commit in every framework's workflow", async () => {
  const pins = new Map<string, Set<string>>();
  for (const framework of ["fastapi", "fastify"] as const) {
    const tree = await buildNewProject({ ...defaultAnswers("pins-api"), framework });
    for (const [, action = "", pin = ""] of file(tree, ".github/workflows/ci.yml").matchAll(
      /uses: ([\w./-]+)@(\S+ # \S+)/g,
    ))
      pins.set(action, (pins.get(action) ?? new Set()).add(pin));
  }
  expect(pins.get("actions/checkout")?.size).toBe(1);
  for (const [action, seen] of pins) expect([...seen], action).toHaveLength(1);
});

describe.each(NODE_MANAGERS)("workflow files of a Node project installed with %s", (name) => {
  // As `pnpm create rampart` records it (see test/unit/package-manager.test.ts for the rest).
  const packageManager = name === "npm" ? undefined : `${name}@1.2.3`;
  // Rendered when the test runs, not while collecting: the matrix above renders then.
  const render = () =>
    buildNewProject({
      ...defaultAnswers("wf-api"),
      framework: "fastify",
      ...(packageManager ? { packageManager } : {}),
    });
  const row = deployCommands(DEPLOY_FALLBACK.includes(name) ? "npm" : name);

  it("names its lock file and frozen install in the Dockerfile and CI; actions still pinned by SHA", async () => {
    const tree = await render();
    const docker = file(tree, "Dockerfile");
    const raw = file(tree, ".github/workflows/ci.yml");
    expect(docker).toMatch(new RegExp(`^COPY package\\.json ${row.lockFile.replace(".", "\\.")}\\b.*\\./$`, "m"));
    expect(docker).toContain(` ${row.frozenInstall}\n`);
    expect(raw).toContain(`Install exactly ${row.lockFile} `);
    expect(raw).toContain(`run: ${row.frozenInstall}\n`);
    for (const line of raw.split("\n").filter((l) => /^\s*-?\s*uses:/.test(l))) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
    if (name === "pnpm") {
      expect(docker).not.toMatch(/\bnpm ci\b/);
      expect(raw).not.toMatch(/\bnpm ci\b/);
      expect(raw).toContain("cache: pnpm");
    }
  });
});
