/**
 * Installs a Python project's dependencies into `.venv`: with uv when it is on PATH, pip
 * otherwise (CONTRACT §1). Output is captured and shown only on failure. Whatever happens,
 * the caller learns the command that finishes the job by hand.
 */
import { execa } from "execa";
import { DEPLOY_FALLBACK, nodePackageManager } from "./package-manager.js";
import { StepFailed, runStep, type Command } from "./run-step.js";

const venv = (clear: boolean): string[] => ["venv", ...(clear ? ["--clear"] : []), ".venv"];
const PLANS = {
  // uv writes uv.lock (committed by the first commit, read by CI and the Dockerfile), then
  // installs exactly it; --inexact leaves alone what a user's own .venv already holds.
  uv: (clear: boolean): Command[] => [
    ["uv", ["lock"]],
    ...(clear ? [["uv", venv(true)] satisfies Command] : []),
    ["uv", ["sync", "--frozen", "--inexact", "--extra", "dev"]],
  ],
  pip: (clear: boolean): Command[] => [
    ["python3", ["-m", ...venv(clear)]],
    [".venv/bin/pip", ["install", "--disable-pip-version-check", "-e", ".[dev]"]],
  ],
};

export async function installPythonProject(projectDir: string, signal: AbortSignal): Promise<string> {
  const tool = (await probe("uv")).answers ? "uv" : "pip";
  // The install never clears a .venv (with --force it may be the user's); after a failure
  // or Ctrl-C the .venv is rampart's partial one, so the command that finishes starts afresh.
  const finish = PLANS[tool](true);
  await requirePython(finish);
  for (const command of PLANS[tool](false)) await runStep(command, projectDir, signal, finish);
  return tool;
}

async function requirePython(plan: Command[]): Promise<void> {
  const check = await execa("python3", ["-c", "import sys; print(sys.version_info >= (3, 11))"], {
    reject: false,
  });
  if (check.failed || check.stdout.trim() !== "True") {
    throw new StepFailed(
      "Python 3.11 or newer is needed as python3 on PATH to install a FastAPI project",
      "install Python 3.11+, then run the command below in the project",
      plan,
    );
  }
}

/** `command --version`, never thrown: whether it answered, and whether it exists at all. */
async function probe(command: string): Promise<{ answers: boolean; missing: boolean }> {
  const result = await execa(command, ["--version"], { reject: false });
  return { answers: !result.failed, missing: result.code === "ENOENT" };
}

export async function installNodeProject(projectDir: string, signal: AbortSignal): Promise<string> {
  const manager = nodePackageManager();
  const command: Command = [manager, ["install"]];
  // yarn and bun projects' Dockerfile and CI workflow are npm's for now (`npm ci`): give them
  // the package-lock.json they read, resolved from package.json only (nothing downloaded).
  const lockForDeploy: Command[] = DEPLOY_FALLBACK.includes(manager)
    ? [["npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"]]]
    : [];
  const finish = [command, ...lockForDeploy];
  try {
    await runStep(command, projectDir, signal, finish);
    for (const step of lockForDeploy) await runStep(step, projectDir, signal, finish);
  } catch (error) {
    // A manager that is not on PATH (pnpm started by its path, or through `npx pnpm`)
    // fails with no output at all: say so, rather than "pnpm install failed" and nothing.
    if (error instanceof StepFailed && !error.interrupted && (await probe(manager)).missing) {
      throw new StepFailed(
        `${manager} is not on PATH, so the project was not installed`,
        `put ${manager} on PATH, then run the command below in the project`,
        finish,
      );
    }
    throw error;
  }
  return manager;
}
