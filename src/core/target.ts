/**
 * What can be known about `new`'s target before anything is rendered: that it is a
 * directory or can become one, and that it can be written to. Bad input is a UsageError
 * (exit 2); a directory the user cannot write to is a StepError (exit 1) saying what to do.
 */
import { accessSync, constants, lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.js";
import { explainFsError } from "./fs-errors.js";
import { isWithin } from "./inside.js";

/** Checks `target` (`dirArg` as the user typed it, `cwd` what it must stay inside). */
export function checkTarget(target: string, dirArg: string, cwd: string): void {
  const own = lstatOrUndefined(target);
  if (own?.isSymbolicLink()) {
    const real = realpathOrUndefined(target);
    if (real === undefined)
      throw new UsageError(`${dirArg} is a symlink to a missing path: remove it or choose another`);
    if (!isWithin(realpathSync(cwd), real)) {
      throw new UsageError(`refusing to write outside the current directory: ${dirArg} is a symlink to ${real}`);
    }
  }
  if (own !== undefined && !statSync(target).isDirectory()) {
    throw new UsageError(`${dirArg} is a file, not a directory: choose another name`);
  }
  // The nearest existing ancestor is where the directories will be created: a directory.
  let existing = target;
  while (lstatOrUndefined(existing) === undefined) existing = path.dirname(existing);
  const existingStats = statOrUndefined(existing);
  if (existingStats === undefined || !existingStats.isDirectory()) {
    const shown = path.relative(cwd, existing) || existing;
    throw new UsageError(`${shown} is a file, so ${dirArg} cannot be created under it: choose another directory`);
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw explainFsError(error, target, "nothing was written");
  }
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
