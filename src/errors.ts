/**
 * Errors the CLI turns into one line on stderr. Library code throws these; only the bin
 * decides the exit code, so the pipeline stays usable from tests and other tools.
 */
export class UsageError extends Error {
  /** Bad input: CONTRACT §1 wants exit code 2 and nothing on disk changed. */
  readonly exitCode = 2;
}

export class StepError extends Error {
  /** A step that ran but failed (install, git): exit code 1. */
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}
