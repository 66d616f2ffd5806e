/**
 * A hash of the whole template set. rampart.json records it, so `regenerate` knows whether
 * re-rendering the recorded answers with the templates at hand reproduces what was
 * generated (same fingerprint) or not (an upgrade, or templates being edited).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TEMPLATES_DIR } from "../paths.js";
import { listTemplateFiles } from "./template-files.js";

let cached: string | undefined;

export function templatesFingerprint(dir = TEMPLATES_DIR): string {
  if (cached !== undefined && dir === TEMPLATES_DIR) return cached;
  const hash = createHash("sha256");
  for (const file of listTemplateFiles(dir)) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(dir, file)))
      .update("\0");
  }
  const digest = hash.digest("hex");
  if (dir === TEMPLATES_DIR) cached = digest;
  return digest;
}
