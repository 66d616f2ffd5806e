/**
 * Formats emitted TS/JS/JSON/YAML/Markdown with Prettier, so generated files look like a
 * person formatted them and re-renders diff cleanly. Python is emitted already
 * ruff-formatted (the end-to-end tests check it with `ruff format --check`).
 */
import * as prettier from "prettier";
import type { FileTree } from "./tree.js";

const PRETTIER_FILES = /\.(?:[cm]?[jt]sx?|json|ya?ml|md)$/;

export async function formatTree(tree: FileTree): Promise<void> {
  await Promise.all(
    tree.entries().map(async ([relPath, contents]) => {
      if (!PRETTIER_FILES.test(relPath)) return;
      const source = typeof contents === "string" ? contents : Buffer.from(contents).toString("utf8");
      tree.set(relPath, await prettier.format(source, { filepath: relPath }));
    }),
  );
}
