/**
 * Writes a reconciled set of changes into an existing project: every new file is staged next
 * to its target first, then all are renamed into place, so a failure while staging (a full
 * disk) leaves the project exactly as it was, temporary files and new directories included,
 * and a failure while renaming leaves each file either old or new, never partial.
 */
import { chmod, lstat, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { explainFsError } from "./fs-errors.js";
import { insideProject } from "./inside.js";
import { PRIVATE_KEY_PATH, isSecretPath } from "./secrets.js";
import { mkdirTracked } from "./write.js";

export const TEMP_SUFFIX = ".rampart-tmp";

/** Secrets (`.env`, `keys/`) are readable by their owner only; everything else as umask says. */
export function modeFor(relPath: string): number {
  return isSecretPath(relPath) ? 0o600 : 0o666;
}

export async function applyFiles(root: string, writes: Map<string, Uint8Array | null>): Promise<void> {
  // Every path is checked before anything is touched: a refusal changes nothing.
  const targets = [...writes].map(([relPath, contents]) => ({
    relPath,
    contents,
    target: insideProject(root, relPath),
  }));
  const staged: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const { relPath, contents, target } of targets) {
      if (contents === null) continue;
      createdDirs.push(...(await mkdirTracked(path.dirname(target))));
      const temp = `${target}${TEMP_SUFFIX}`;
      // Recorded before the write, so a write that fails half-way is removed too.
      staged.push(temp);
      // `wx` never follows a symlink planted where the temporary file goes.
      await rm(temp, { force: true });
      await writeFile(temp, contents, { flag: "wx", mode: modeFor(relPath) });
    }
  } catch (error) {
    for (const temp of staged) await rm(temp, { force: true });
    for (const dir of createdDirs.reverse()) await rmdir(dir).catch(() => undefined);
    throw explainFsError(error, root, "the project was left as it was");
  }
  try {
    for (const { contents, target } of targets) if (contents !== null) await rename(`${target}${TEMP_SUFFIX}`, target);
    for (const { contents, target } of targets) if (contents === null) await rm(target, { force: true });
  } catch (error) {
    for (const temp of staged) await rm(temp, { force: true });
    throw explainFsError(error, root, "some files were updated and others not: check git status");
  }
}

/**
 * `.env` and the files of `keys/` as CONTRACT §1 wants them, mode 0600, also in a project an
 * older rampart wrote world-readable. Returns the files whose mode it changed.
 */
export async function makeSecretsPrivate(root: string): Promise<string[]> {
  const keysDir = path.dirname(PRIVATE_KEY_PATH);
  // Runs after the files are written: a `keys` that is not a directory is not ours to refuse now.
  let keys: string[] = [];
  try {
    keys = await readdir(insideProject(root, keysDir, "directory"));
  } catch {
    keys = [];
  }
  const changed: string[] = [];
  for (const relPath of [".env", ...keys.map((k) => `${keysDir}/${k}`)]) {
    const file = insideProject(root, relPath);
    const stats = await lstat(file).catch(() => undefined);
    if (!stats?.isFile() || (stats.mode & 0o077) === 0) continue;
    await chmod(file, stats.mode & 0o700);
    changed.push(relPath);
  }
  return changed;
}
