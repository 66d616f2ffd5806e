/**
 * An in-memory project: relative POSIX path → file contents. Everything is rendered here
 * first, so a dry run, a diff against disk and an atomic write are all cheap.
 */
import { createHash } from "node:crypto";
import path from "node:path";

export type FileContents = string | Uint8Array;

export class FileTree {
  private readonly files = new Map<string, FileContents>();
  /** Paths produced by a template (not copied verbatim): the ones a formatter must see. */
  private readonly rendered = new Set<string>();

  set(relPath: string, contents: FileContents, options: { rendered?: boolean } = {}): void {
    const normal = safeRelativePath(relPath);
    this.files.set(normal, contents);
    if (options.rendered) this.rendered.add(normal);
    else if (options.rendered === false) this.rendered.delete(normal);
  }

  isRendered(relPath: string): boolean {
    return this.rendered.has(relPath);
  }

  get(relPath: string): FileContents | undefined {
    return this.files.get(relPath);
  }

  has(relPath: string): boolean {
    return this.files.has(relPath);
  }

  delete(relPath: string): void {
    this.files.delete(relPath);
    this.rendered.delete(relPath);
  }

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  entries(): [string, FileContents][] {
    return [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  get size(): number {
    return this.files.size;
  }
}

/** Refuses absolute paths and `..` so no template or name can write outside the project. */
export function safeRelativePath(relPath: string): string {
  const normal = path.posix.normalize(relPath.replaceAll("\\", "/"));
  if (path.posix.isAbsolute(normal) || normal === ".." || normal.startsWith("../") || normal === ".") {
    throw new Error(`refusing to write outside the project: ${relPath}`);
  }
  return normal;
}

export function sha256(contents: FileContents): string {
  return createHash("sha256").update(contents).digest("hex");
}
