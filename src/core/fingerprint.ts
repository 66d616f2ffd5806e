/**
 * A hash of the whole template set. rampart.json records it, so `regenerate` knows whether
 * re-rendering the recorded answers with the templates at hand reproduces what was
 * generated (same fingerprint) or not (an upgrade, or templates being edited).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TEMPLATES_DIR } from "../paths.js";

let cached: string | undefined;

export function templatesFingerprint(dir = TEMPLATES_DIR): string {
  if (cached !== undefined && dir === TEMPLATES_DIR) return cached;
  const hash = createHash("sha256");
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else
        hash
          .update(child)
          .update("\0")
          .update(readFileSync(path.join(dir, child)))
          .update("\0");
    }
  };
  walk("");
  const digest = hash.digest("hex");
  if (dir === TEMPLATES_DIR) cached = digest;
  return digest;
}
