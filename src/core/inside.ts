/**
 * The guard every read, write and delete of a project file goes through, whatever asked for
 * the path (a template, rampart.json, a base branch): the path must be a clean relative path,
 * and no directory on the way, nor the file itself, may be a symlink that leads outside the
 * project. rampart.json is validated too; this is the second line, at the writer.
 */
import { lstatSync, realpathSync, type Stats } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.js";
import { safeRelativePath } from "./tree.js";

/** The absolute path of `relPath` (a file, or a directory) under `root`, once it is known to stay inside. */
export function insideProject(root: string, relPath: string, kind: "file" | "directory" = "file"): string {
  let normal: string;
  try {
    normal = safeRelativePath(relPath);
  } catch {
    throw new UsageError(`refusing a path outside the project: ${relPath}`);
  }
  const realRoot = realRootOf(root);
  const parts = normal.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const rel = parts.slice(0, i).join("/");
    const abs = path.join(root, rel);
    let stats = lstatOrUndefined(abs);
    if (stats === undefined) break; // the rest does not exist yet: it will be created inside
    if (stats.isSymbolicLink()) {
      const target = realpathOrUndefined(abs);
      if (target === undefined || !isWithin(realRoot, target)) {
        throw new UsageError(
          `${rel} is a symlink to outside the project (${target ?? "a missing path"}): rampart does not follow it; ` +
            "replace it with the real file or directory",
        );
      }
      stats = lstatSync(target);
    }
    const last = i === parts.length;
    if ((!last || kind === "directory") && !stats.isDirectory()) {
      throw new UsageError(`${rel} is a file where rampart needs a directory (for ${normal}): move it away`);
    }
    if (last && kind === "file" && stats.isDirectory()) {
      throw new UsageError(`${rel} is a directory where rampart generates a file: move it away`);
    }
  }
  return path.join(root, normal);
}

// One realpath per project per run: the guard runs for every file rampart touches.
const realRoots = new Map<string, string>();
function realRootOf(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSync(root);
    realRoots.set(root, real);
  }
  return real;
}

export function isWithin(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function lstatOrUndefined(abs: string): Stats | undefined {
  try {
    return lstatSync(abs);
  } catch {
    return undefined;
  }
}

function realpathOrUndefined(abs: string): string | undefined {
  try {
    return realpathSync(abs);
  } catch {
    return undefined;
  }
}
