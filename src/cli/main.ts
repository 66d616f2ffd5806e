/**
 * The CLI's one entry point. It never calls process.exit: it returns the exit code and the
 * bin sets it, so the whole CLI runs in-process in tests.
 */
import { addCommand } from "../commands/add.js";
import { regenerateCommand } from "../commands/regenerate.js";
import { newProject, type Environment } from "../commands/new.js";
import { explainFsError, isFsError } from "../core/fs-errors.js";
import { Interrupted } from "../core/write.js";
import { StepError, UsageError } from "../errors.js";
import { createReporter } from "../steps/progress.js";
import { GENERATOR_VERSION } from "../version.js";
import { parseRequest } from "./args.js";
import { HELP } from "./help.js";

export async function main(argv: string[], bin: "rampart" | "create-rampart"): Promise<number> {
  const env: Environment = {
    cwd: process.cwd(),
    interactive: Boolean(process.stdin.isTTY),
    reporter: createReporter(),
  };
  try {
    const request = parseRequest(argv, bin);
    switch (request.command) {
      case "help":
        process.stdout.write(HELP);
        return 0;
      case "version":
        process.stdout.write(`${GENERATOR_VERSION}\n`);
        return 0;
      case "new":
        return await newProject(request, env);
      case "add":
        return await addCommand(request, env);
      case "regenerate":
        return await regenerateCommand(request, env);
    }
  } catch (error) {
    return reportError(error, bin);
  }
}

function reportError(error: unknown, bin: string): number {
  if (error instanceof UsageError) {
    process.stderr.write(`${bin}: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof StepError) {
    process.stderr.write(`${bin}: ${error.message}\n${error.detail ? `${error.detail}\n` : ""}`);
    return error.exitCode;
  }
  if (error instanceof Interrupted || (error instanceof Error && error.name === "ExitPromptError")) {
    process.stderr.write(`${bin}: interrupted; nothing was written\n`);
    return 130;
  }
  // A file-system error no writer translated (reading a file the user cannot read, ...).
  if (isFsError(error)) return reportError(explainFsError(error, error.path ?? "a file", "stopped there", "use"), bin);
  process.stderr.write(`${bin}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
