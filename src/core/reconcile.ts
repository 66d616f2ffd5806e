/**
 * new render + base + disk → what to do with every file. Shared by `regenerate` and
 * `add endpoint`: adding a resource is a regenerate with one more endpoint recorded.
 */
import { existsSync, readFileSync } from "node:fs";
import { createTwoFilesPatch } from "diff";
import { mergeFile, isBinary, type Outcome } from "../merge/three-way.js";
import type { Base } from "./base-store.js";
import { insideProject } from "./inside.js";
import { MANIFEST } from "./manifest.js";
import { isSecretPath } from "./secrets.js";
import type { FileTree } from "./tree.js";

export interface FileChange {
  relPath: string;
  outcome: Outcome;
  disk?: Uint8Array;
}

/** The project's files as they are now; a path that would lead outside it is a refusal. */
export function readDisk(root: string): (relPath: string) => Uint8Array | undefined {
  const cache = new Map<string, Uint8Array | undefined>();
  return (relPath) => {
    if (!cache.has(relPath)) {
      const file = insideProject(root, relPath);
      cache.set(relPath, existsSync(file) ? readFileSync(file) : undefined);
    }
    return cache.get(relPath);
  };
}

/**
 * Every path rampart renders now or rendered last time, merged three ways. Paths
 * `isWriteOnce` accepts (migrations) are never rewritten once on disk.
 */
export function reconcile(
  next: FileTree,
  previous: Iterable<string>,
  base: Base,
  disk: (p: string) => Uint8Array | undefined,
  isWriteOnce: (relPath: string) => boolean,
): FileChange[] {
  const paths = new Set([...next.paths(), ...previous]);
  const changes: FileChange[] = [];
  for (const relPath of [...paths].sort()) {
    if (relPath === MANIFEST || isSecretPath(relPath)) continue;
    const rendered = next.get(relPath);
    const current = disk(relPath);
    if (current !== undefined && isWriteOnce(relPath)) {
      const same = rendered !== undefined && Buffer.from(current).equals(Buffer.from(rendered));
      changes.push({ relPath, outcome: { kind: same ? "unchanged" : "kept" }, disk: current });
      continue;
    }
    const outcome = mergeFile({
      base: base.get(relPath),
      disk: current,
      next: typeof rendered === "string" ? Buffer.from(rendered, "utf8") : rendered,
    });
    changes.push({ relPath, outcome, disk: current });
  }
  return changes;
}

/** The content a change leaves on disk: bytes to write, null to delete, undefined to leave. */
export function resultOf(change: FileChange): Uint8Array | null | undefined {
  const { outcome } = change;
  if (outcome.kind === "removed") return null;
  if ("content" in outcome) {
    return change.disk !== undefined && Buffer.from(change.disk).equals(outcome.content) ? undefined : outcome.content;
  }
  return undefined;
}

export function unifiedDiff(change: FileChange): string {
  const after = resultOf(change);
  if (after === undefined) return "";
  const before = change.disk;
  if ((before && isBinary(before)) || (after && isBinary(after))) return `Binary file ${change.relPath} changes\n`;
  return createTwoFilesPatch(
    before === undefined ? "/dev/null" : `a/${change.relPath}`,
    after === null ? "/dev/null" : `b/${change.relPath}`,
    before === undefined ? "" : Buffer.from(before).toString("utf8"),
    after === null ? "" : Buffer.from(after).toString("utf8"),
    undefined,
    undefined,
    { context: 3 },
  );
}
