/**
 * Writes a reconciled set of changes into an existing project: every new file is staged next
 * to its target first, then all are renamed into place, so a failure while staging changes
 * nothing and a failure while renaming leaves each file either old or new, never partial.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export async function applyFiles(root: string, writes: Map<string, Uint8Array | null>): Promise<void> {
  const staged: [string, string][] = [];
  try {
    for (const [relPath, contents] of writes) {
      if (contents === null) continue;
      const target = path.join(root, relPath);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.rampart-tmp`;
      await writeFile(temp, contents);
      staged.push([temp, target]);
    }
  } catch (error) {
    await Promise.all(staged.map(([temp]) => rm(temp, { force: true })));
    throw error;
  }
  for (const [temp, target] of staged) await rename(temp, target);
  for (const [relPath, contents] of writes) {
    if (contents === null) await rm(path.join(root, relPath), { force: true });
  }
}
