import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package root, found by walking up from this module: the same code runs from `src/`
 * (tests) and from `dist/src/` (the published bins).
 */
function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, "package.json")) || !existsSync(path.join(dir, "templates"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("create-rampart: cannot find its package root");
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
/** `RAMPART_TEMPLATES_DIR` points rampart at a working copy of the templates (template development, upgrade tests). */
export const TEMPLATES_DIR = process.env.RAMPART_TEMPLATES_DIR ?? path.join(PACKAGE_ROOT, "templates");
