/**
 * One file's three-way merge for `regenerate`: the base (what rampart last generated), the
 * user's file on disk, and the new render. Line-based diff3 (node-diff3); conflicts are
 * written with git-style markers, never as `.rej` files.
 */
import { diff3Merge } from "node-diff3";

export type Outcome =
  /** Nothing to do: the disk already holds the new render, or both sides are gone. */
  | { kind: "unchanged" }
  /** New file from the templates. */
  | { kind: "added"; content: Buffer }
  /** The user had not touched it: take the new render. */
  | { kind: "updated"; content: Buffer }
  /** Only the user changed it: keep theirs. */
  | { kind: "kept" }
  /** Both changed it, in different places. */
  | { kind: "merged"; content: Buffer }
  /** Both changed the same lines: markers written (or, for binary files, the user's kept). */
  | { kind: "conflict"; content: Buffer }
  /** The user deleted it: it stays deleted. */
  | { kind: "deleted-by-user" }
  /** The templates dropped it and the user had not touched it. */
  | { kind: "removed" };

export interface Sides {
  base?: Uint8Array;
  disk?: Uint8Array;
  next?: Uint8Array;
}

export const MARKER_DISK = "yours";
export const MARKER_NEXT = "rampart";

export function mergeFile({ base, disk, next }: Sides): Outcome {
  if (disk === undefined) {
    if (base !== undefined) return { kind: "deleted-by-user" };
    return next === undefined ? { kind: "unchanged" } : { kind: "added", content: Buffer.from(next) };
  }
  if (next === undefined) {
    // Only files rampart generated (a base exists) are ever removed, and only if untouched.
    return base !== undefined && same(disk, base) ? { kind: "removed" } : { kind: "kept" };
  }
  if (same(disk, next)) return { kind: "unchanged" };
  if (base !== undefined && same(disk, base)) return { kind: "updated", content: Buffer.from(next) };
  if (base !== undefined && same(next, base)) return { kind: "kept" };
  if (isBinary(disk) || isBinary(next) || (base !== undefined && isBinary(base))) {
    return { kind: "conflict", content: Buffer.from(disk) };
  }
  const merged = mergeText(base === undefined ? "" : decode(base), decode(disk), decode(next));
  // The template's change was already on disk (the user made it too): nothing to write.
  return merged.kind === "merged" && same(merged.content, disk) ? { kind: "kept" } : merged;
}

function mergeText(base: string, disk: string, next: string): Outcome {
  // Follow the user's line endings, so a file they converted to CRLF still merges by line.
  const eol = disk.includes("\r\n") ? "\r\n" : "\n";
  const lines = (text: string) => splitLines(text.replaceAll("\r\n", "\n"));
  const regions = diff3Merge(lines(disk), lines(base), lines(next), { excludeFalseConflicts: true });
  const { out, conflict } = joinRegions(regions);
  const endsWithNewline = (conflict ? next : disk).endsWith("\n") || next.endsWith("\n");
  const text = out.join(eol) + (endsWithNewline && out.length > 0 ? eol : "");
  return { kind: conflict ? "conflict" : "merged", content: Buffer.from(text, "utf8") };
}

type Region = ReturnType<typeof diff3Merge<string>>[number];

/**
 * The merged lines, conflicts between git-style markers. Appends line by line: spreading a
 * region into `push` passes each line as an argument and overflows the stack on a region of
 * some 100,000 lines.
 */
export function joinRegions(regions: readonly Region[]): { out: string[]; conflict: boolean } {
  const out: string[] = [];
  const append = (lines: readonly string[]) => {
    for (const line of lines) out.push(line);
  };
  let conflict = false;
  for (const region of regions) {
    if (region.ok) {
      append(region.ok);
    } else if (region.conflict) {
      conflict = true;
      out.push(`<<<<<<< ${MARKER_DISK}`);
      append(region.conflict.a);
      out.push("=======");
      append(region.conflict.b);
      out.push(`>>>>>>> ${MARKER_NEXT}`);
    }
  }
  return { out, conflict };
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

export function isBinary(data: Uint8Array): boolean {
  return data.subarray(0, 8000).includes(0);
}

function decode(data: Uint8Array): string {
  return Buffer.from(data).toString("utf8");
}
