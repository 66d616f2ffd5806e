/**
 * Installs a Python project's dependencies into `.venv`: with uv when it is on PATH, pip
 * otherwise. Output is captured and shown only on failure.
 */
import { execa, type ResultPromise } from "execa";
import { StepError } from "../errors.js";

export async function installPythonProject(projectDir: string): Promise<string> {
  await requirePython();
  if (await onPath("uv")) {
    await run(execa("uv", ["venv", ".venv"], { cwd: projectDir, all: true }), "uv venv");
    await run(
      execa("uv", ["pip", "install", "--python", ".venv/bin/python", "-e", ".[dev]"], { cwd: projectDir, all: true }),
      "uv pip install",
    );
    return "uv";
  }
  await run(execa("python3", ["-m", "venv", ".venv"], { cwd: projectDir, all: true }), "python3 -m venv");
  await run(
    execa(".venv/bin/pip", ["install", "--disable-pip-version-check", "-e", ".[dev]"], { cwd: projectDir, all: true }),
    "pip install",
  );
  return "pip";
}

async function requirePython(): Promise<void> {
  const check = await execa("python3", ["-c", "import sys; print(sys.version_info >= (3, 11))"], {
    reject: false,
  });
  if (check.failed || check.stdout.trim() !== "True") {
    throw new StepError("Python 3.11 or newer is needed as python3 on PATH to install a FastAPI project");
  }
}

async function onPath(command: string): Promise<boolean> {
  const result = await execa(command, ["--version"], { reject: false });
  return !result.failed;
}

async function run(child: ResultPromise<{ all: true }>, what: string): Promise<void> {
  const result = await child.catch((error: { all?: string }) => error);
  if ("exitCode" in result && result.exitCode === 0) return;
  const output = String((result as { all?: string }).all ?? "");
  throw new StepError(`${what} failed`, output.split("\n").slice(-30).join("\n"));
}
