/**
 * The only place that touches the target directory. The whole project is written into a
 * temporary sibling first, then moved into place: a fresh directory is one `rename`; an
 * existing one (empty, or `--force`) gets file-by-file renames that are rolled back on any
 * failure or Ctrl-C, so no half-written project is ever left behind.
 */
import { existsSync, lstatSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { explainFsError } from "./fs-errors.js";
import { insideProject } from "./inside.js";
import { isSecretPath } from "./secrets.js";
import type { FileTree } from "./tree.js";

export interface WriteResult {
  written: string[];
  /** Paths that already existed in the target (`--force`): left exactly as they were. */
  kept: string[];
}

export class Interrupted extends Error {
  constructor() {
    super("interrupted: nothing was written");
  }
}

export async function writeProject(targetDir: string, tree: FileTree): Promise<WriteResult> {
  // Into an existing directory (--force): every path is checked before anything is written,
  // so a user's file where a directory goes, or a symlink out, is a refusal that changes nothing.
  if (existsSync(targetDir)) for (const relPath of tree.paths()) insideProject(targetDir, relPath);
  const interrupt = trapInterrupt();
  const parent = path.dirname(targetDir);
  let staging: string | undefined;
  let createdParents: string[] = [];
  try {
    createdParents = await mkdirTracked(parent);
    staging = await mkdtemp(path.join(parent, `.rampart-staging-`));
    // mkdtemp creates 0700; the project directory gets the usual mode.
    await chmod(staging, 0o777 & ~process.umask());
    for (const [relPath, contents] of tree.entries()) {
      const file = path.join(staging, relPath);
      await mkdir(path.dirname(file), { recursive: true });
      // Secrets (.env, keys/) are for their owner only (CONTRACT §1: mode 0600).
      await writeFile(file, contents, { mode: isSecretPath(relPath) ? 0o600 : 0o666 });
      interrupt.check();
    }
    if (!existsSync(targetDir)) {
      await rename(staging, targetDir);
      createdParents = [];
      return { written: tree.paths(), kept: [] };
    }
    const result = await moveInto(staging, targetDir, tree.paths(), interrupt);
    createdParents = [];
    return result;
  } catch (error) {
    throw explainFsError(error, targetDir, "nothing was written");
  } finally {
    interrupt.release();
    if (staging) await rm(staging, { recursive: true, force: true });
    for (const dir of createdParents.reverse()) await rmdir(dir).catch(() => undefined);
  }
}

async function moveInto(
  staging: string,
  targetDir: string,
  paths: string[],
  interrupt: InterruptTrap,
): Promise<WriteResult> {
  const written: string[] = [];
  const kept: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const relPath of paths) {
      const destination = path.join(targetDir, relPath);
      // lstat, not exists: a user's symlink, dangling or not, is theirs and is kept.
      if (lstatOrUndefined(destination) !== undefined) {
        kept.push(relPath);
        continue;
      }
      createdDirs.push(...(await mkdirTracked(path.dirname(destination))));
      await rename(path.join(staging, relPath), destination);
      written.push(relPath);
      interrupt.check();
    }
    return { written, kept };
  } catch (error) {
    for (const relPath of written.reverse()) await rm(path.join(targetDir, relPath), { force: true });
    for (const dir of createdDirs.reverse()) await rmdir(dir).catch(() => undefined);
    throw error;
  }
}

/** mkdir -p that reports which directories it created, so a rollback can remove them. */
export async function mkdirTracked(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let d = dir; lstatOrUndefined(d) === undefined; d = path.dirname(d)) missing.unshift(d);
  const created: string[] = [];
  try {
    for (const d of missing) {
      await mkdir(d);
      created.push(d);
    }
  } catch (error) {
    for (const d of created.reverse()) await rmdir(d).catch(() => undefined);
    throw error;
  }
  return missing;
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

interface InterruptTrap {
  check(): void;
  release(): void;
}

/** Turns SIGINT/SIGTERM into an exception at the next file boundary. */
function trapInterrupt(): InterruptTrap {
  let signalled = false;
  const onSignal = () => {
    signalled = true;
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    check() {
      if (signalled) throw new Interrupted();
    },
    release() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** True when the directory is missing or holds nothing (a lone `.git` counts as empty). */
export async function isEmptyDir(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  const entries = await readdir(dir);
  return entries.every((e) => e === ".git");
}
