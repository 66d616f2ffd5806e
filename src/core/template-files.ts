/**
 * Which files under templates/ are template sources. One walker for rendering and for the
 * fingerprint, so a stray tool cache can neither reach a project nor change the fingerprint
 * (it did: a `.ruff_cache` in a working copy changed every project's recorded fingerprint).
 */
import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * Never a template source: anything starting with a dot (tool caches, OS litter; a dotfile a
 * project gets is spelled `_name` in templates/), Python bytecode and installed packages.
 */
export function isIgnoredEntry(name: string): boolean {
  return name.startsWith(".") || name === "__pycache__" || name === "node_modules";
}

/** Every template file under `dir`, relative to it, sorted; folders named in `skip` are left out. */
export function listTemplateFiles(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const walk = (prefix: string) => {
    for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
      if (isIgnoredEntry(entry.name)) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(rel);
      } else if (entry.isFile()) {
        out.push(rel);
      }
    }
  };
  walk("");
  return out.sort();
}
