/**
 * The only place that touches the target directory. The whole project is written into a
 * temporary sibling first, then moved into place: a fresh directory is one `rename`; an
 * existing one (empty, or `--force`) gets file-by-file renames that are rolled back on any
 * failure or Ctrl-C, so no half-written project is ever left behind.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
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
  const interrupt = trapInterrupt();
  const parent = path.dirname(targetDir);
  let staging: string | undefined;
  try {
    await mkdir(parent, { recursive: true });
    staging = await mkdtemp(path.join(parent, `.rampart-staging-`));
    // mkdtemp creates 0700; the project directory gets the usual mode.
    await chmod(staging, 0o777 & ~process.umask());
    for (const [relPath, contents] of tree.entries()) {
      const file = path.join(staging, relPath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, contents);
      interrupt.check();
    }
    if (!existsSync(targetDir)) {
      await rename(staging, targetDir);
      return { written: tree.paths(), kept: [] };
    }
    return await moveInto(staging, targetDir, tree.paths(), interrupt);
  } finally {
    interrupt.release();
    if (staging) await rm(staging, { recursive: true, force: true });
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
      if (existsSync(destination)) {
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
async function mkdirTracked(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) await mkdir(d);
  return missing;
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
