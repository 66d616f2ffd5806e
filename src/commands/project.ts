/** What `add endpoint` and `regenerate` share: finding the project and checking git. */
import { execa } from "execa";
import { UsageError } from "../errors.js";
import { findProjectRoot, readManifest, type Manifest } from "../core/manifest.js";

export interface OpenProject {
  root: string;
  manifest: Manifest;
}

export function openProject(cwd: string): OpenProject {
  const root = findProjectRoot(cwd);
  if (root === undefined) {
    throw new UsageError("not inside a rampart project (no rampart.json here or in any parent directory)");
  }
  return { root, manifest: readManifest(root) };
}

/** Refuses to rewrite files over uncommitted work, which the user could not get back. */
export async function requireCleanTree(root: string, force: boolean): Promise<void> {
  if (force) return;
  const status = await execa("git", ["status", "--porcelain", "--untracked-files=normal"], {
    cwd: root,
    reject: false,
  });
  if (status.failed) return; // not a git repository: nothing to compare against
  if (status.stdout.trim() !== "") {
    throw new UsageError("the git tree has uncommitted changes: commit or stash them first, or pass --force");
  }
}
