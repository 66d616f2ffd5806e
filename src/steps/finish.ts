/**
 * After the files are written: install, `git init`, then the next steps. The project is
 * complete before any of these run, so a failure or Ctrl-C here says so, carries on where it
 * still makes sense (a failed install still gets its first commit), and prints the commands
 * that finish the job (CONTRACT §1). Exit code 1 for a failure, 130 for an interruption.
 */
import path from "node:path";
import { printable, printableLines } from "../cli/printable.js";
import type { Answers } from "../options.js";
import { stackFor } from "../stacks/index.js";
import type { Reporter } from "./progress.js";
import { rampartCommand } from "./runner.js";
import { StepFailed, shellLine } from "./run-step.js";

export interface Finish {
  target: string;
  /** The directory as the user typed it, for `cd`. */
  dirArg: string;
  answers: Answers;
  files: number;
  install: boolean;
  git: boolean;
  reporter: Reporter;
  /** Runs after rampart's first commit (records the regenerate base). */
  afterCommit(): Promise<unknown>;
}

export async function finishProject(job: Finish): Promise<number> {
  const stack = stackFor(job.answers.framework);
  // Ctrl-C stops the running child and the steps after it, not the process: the message
  // below still has to be printed.
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.on("SIGINT", abort);
  process.on("SIGTERM", abort);
  const commands = stack.commands(job.answers);
  const toFinish: string[] = job.install ? [] : [commands.install];
  let failure: StepFailed | undefined;
  /** Runs one step; false when it failed, was interrupted, or came after an interruption. */
  const attempt = async (label: string, byHand: string, run: () => Promise<void>): Promise<boolean> => {
    if (failure?.interrupted) {
      toFinish.push(byHand);
      return false;
    }
    try {
      await job.reporter.step(label, run);
      return true;
    } catch (error) {
      if (!(error instanceof StepFailed)) throw error;
      failure = error;
      warn(error);
      toFinish.push(shellLine(error.remaining));
      return false;
    }
  };
  try {
    if (job.install) {
      await attempt("Installing dependencies", commands.install, async () => {
        await stack.install(job.target, controller.signal);
      });
    }
    if (job.git) {
      const { GIT_BY_HAND, initRepository } = await import("./git.js");
      let outcome: Awaited<ReturnType<typeof initRepository>> | undefined;
      const done = await attempt("Creating a git repository", shellLine(GIT_BY_HAND), async () => {
        outcome = await initRepository(job.target, controller.signal);
      });
      if (done && outcome === "inside-existing-repo") {
        job.reporter.info("  (already inside a git repository: left it alone)");
      } else if (done) await job.afterCommit();
    }
  } finally {
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
  }
  printNextSteps(job, toFinish);
  if (failure === undefined) return 0;
  process.stderr.write(
    `${binName()}: the project itself is complete in ${printable(job.dirArg)}; ` +
      `the next steps above finish the job, starting with: ${toFinish[0]}\n`,
  );
  return failure.interrupted ? 130 : 1;
}

function binName(): string {
  return path.basename(process.argv[1] ?? "rampart", ".js");
}

function warn(error: StepFailed): void {
  const detail = error.detail ? `${printableLines(error.detail)}\n` : "";
  process.stderr.write(`${binName()}: ${printable(error.message)}\n${detail}`);
}

function printNextSteps(job: Finish, toFinish: string[]): void {
  const { answers } = job;
  const commands = stackFor(answers.framework).commands(answers);
  const rampart = rampartCommand();
  const lines = [
    "",
    `Created ${answers.projectName} (${job.files} files): ${answers.framework} + ${answers.database}, ${answers.auth} auth.`,
    "Next steps:",
    `  ${printable(shellLine([["cd", [job.dirArg]]]))}`,
    ...toFinish.map((command) => `  ${command}`),
    `  ${commands.test}`,
    `  ${commands.serve}`,
    "Then, in the project, add a resource or bring template updates in:",
    `  ${rampart} add endpoint orders --fields 'title:string,done:boolean'`,
    `  ${rampart} regenerate`,
    "Secrets are in .env (git-ignored); README.md explains the security model.",
  ];
  for (const line of lines) job.reporter.info(line);
}
