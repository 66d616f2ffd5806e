/**
 * One external command of a step after the files are written (install, git): run quietly,
 * stoppable by the caller's AbortSignal (Ctrl-C), and on failure a StepFailed that carries
 * the shell line finishing the step by hand.
 */
import { StepError } from "../errors.js";

export type Command = [file: string, args: string[]];

export class StepFailed extends StepError {
  constructor(
    message: string,
    detail: string | undefined,
    /** The commands, from the project directory, that finish this step. */
    readonly remaining: Command[],
    readonly interrupted = false,
  ) {
    super(message, detail);
  }
}

export async function runStep(command: Command, cwd: string, signal: AbortSignal, remaining: Command[]): Promise<void> {
  const [file, args] = command;
  // Loaded here, not at the top: `new --no-install --no-git` never pays for execa.
  const { execa } = await import("execa");
  const result = await execa(file, args, { cwd, all: true, reject: false, cancelSignal: signal });
  // Ctrl-C on a terminal reaches the child too, which may exit before our handler has run.
  if (result.failed && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, 100));
  if (signal.aborted || result.isCanceled) {
    throw new StepFailed(`${shellLine([command])} was interrupted`, undefined, remaining, true);
  }
  if (result.failed) {
    const output = String(result.all ?? result.message);
    throw new StepFailed(`${shellLine([command])} failed`, output.split("\n").slice(-30).join("\n"), remaining);
  }
}

/** The commands as one line a POSIX shell runs as written. */
export function shellLine(commands: Command[]): string {
  return commands.map(([file, args]) => [file, ...args].map(quote).join(" ")).join(" && ");
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
