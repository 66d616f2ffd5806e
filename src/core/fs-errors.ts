/**
 * Trouble outside rampart's control while it writes (CONTRACT §1): one line naming what
 * failed and what to do, exit 1 (a StepError), never "unexpected error: ENOSPC ...".
 */
import { StepError } from "../errors.js";

const ADVICE: Record<string, [what: string, todo: string]> = {
  ENOSPC: ["no space left on the device", "free some space and run it again"],
  EDQUOT: ["the disk quota is exceeded", "free some space and run it again"],
  EACCES: ["permission denied", "choose a directory you can write to, or fix its permissions"],
  EPERM: ["operation not permitted", "choose a directory you can write to, or fix its permissions"],
  EROFS: ["the file system is read-only", "choose a directory on a writable file system"],
  EMFILE: ["too many open files", "close some programs (or raise ulimit -n) and run it again"],
  ENFILE: ["too many open files", "close some programs and run it again"],
  EIO: ["an I/O error", "check the disk, then run it again"],
  EBUSY: ["a file is busy", "close what holds it and run it again"],
  EISDIR: ["it is a directory, not a file", "move it away and run it again"],
  ENOTDIR: ["part of the path is a file, not a directory", "move it away and run it again"],
  ELOOP: ["too many levels of symlinks", "fix the symlink and run it again"],
  ENAMETOOLONG: ["the path is too long", "choose a shorter path"],
};

export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/**
 * `error` as a StepError saying where writing failed, why, and what to do; `outcome` says
 * what state things are left in ("nothing was changed"). Anything that is not a file-system
 * error is returned unchanged.
 */
export function explainFsError(error: unknown, where: string, outcome: string, verb = "write"): unknown {
  if (!isFsError(error) || error.code === undefined) return error;
  // Unknown codes keep Node's description, without the bare code in front of it.
  const described = error.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
  const [what, todo] = ADVICE[error.code] ?? [described, "check the path and run it again"];
  return new StepError(`could not ${verb} ${where}: ${what}; ${outcome}. To do: ${todo}`);
}
