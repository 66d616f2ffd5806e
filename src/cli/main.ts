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
import { HELP, type HelpTopic } from "./help.js";
import { printable, printableLines } from "./printable.js";

type Bin = "rampart" | "create-rampart";

// `npx create-rampart` leaves no `rampart` on PATH, so its bin takes these commands too.
const DISPATCHED = new Set(["add", "regenerate"]);

export async function main(argv: string[], bin: Bin): Promise<number> {
  const env: Environment = {
    cwd: process.cwd(),
    interactive: Boolean(process.stdin.isTTY),
    reporter: createReporter(),
  };
  const parseAs: Bin = bin === "create-rampart" && DISPATCHED.has(argv[0] ?? "") ? "rampart" : bin;
  try {
    const request = parseRequest(argv, parseAs);
    switch (request.command) {
      case "help":
        process.stdout.write(HELP[helpTopic(argv, parseAs)]);
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

/** The command whose help was asked for: `rampart add endpoint --help` is add's. */
function helpTopic(argv: string[], bin: Bin): HelpTopic {
  if (bin === "create-rampart") return "new";
  const word = argv.find((arg) => !arg.startsWith("-"));
  return word === "new" || word === "add" || word === "regenerate" ? word : "rampart";
}

/** Every message is one line, escaped: it may quote a name or value the user typed. */
function reportError(error: unknown, bin: string): number {
  const say = (message: string, detail?: string) =>
    process.stderr.write(`${bin}: ${printable(message)}\n${detail ? `${printableLines(detail)}\n` : ""}`);
  if (error instanceof UsageError) {
    say(error.message);
    return error.exitCode;
  }
  if (error instanceof StepError) {
    say(error.message, error.detail);
    return error.exitCode;
  }
  if (error instanceof Interrupted || (error instanceof Error && error.name === "ExitPromptError")) {
    say("interrupted; nothing was written");
    return 130;
  }
  // A file-system error no writer translated (reading a file the user cannot read, ...).
  if (isFsError(error)) return reportError(explainFsError(error, error.path ?? "a file", "stopped there", "use"), bin);
  say(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
