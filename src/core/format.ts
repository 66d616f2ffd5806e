/**
 * Formats emitted files the way their own tools would: Prettier for TS/JS/JSON/YAML/
 * Markdown, Ruff for Python. Generated projects pass their format checks from the first
 * commit, and re-renders diff cleanly against what is on disk.
 */
import * as prettier from "prettier";
import { pythonFormatter, type RuffSettings } from "./format-python.js";
import type { FileTree } from "./tree.js";

export const PRETTIER_FILES = /\.(?:[cm]?[jt]sx?|json|ya?ml|md)$/;

export async function formatTree(tree: FileTree, ruff?: RuffSettings): Promise<void> {
  const text = (contents: string | Uint8Array) =>
    typeof contents === "string" ? contents : Buffer.from(contents).toString("utf8");
  // Python copied verbatim is kept ruff-formatted in templates/ (a unit test checks it), so
  // only rendered Python pays for the formatter.
  const python = tree.paths().filter((p) => p.endsWith(".py") && tree.isRendered(p));
  if (ruff && python.length > 0) {
    const format = await pythonFormatter(ruff);
    for (const relPath of python) tree.set(relPath, format(text(tree.get(relPath) ?? ""), relPath), { rendered: true });
  }
  // Likewise for Prettier: templates/ keeps verbatim TS/JSON/YAML/Markdown formatted (a unit
  // test checks it), so a Node project, mostly verbatim files, renders in a fraction of the time.
  await Promise.all(
    tree.entries().map(async ([relPath, contents]) => {
      if (!PRETTIER_FILES.test(relPath) || !tree.isRendered(relPath)) return;
      tree.set(relPath, await prettier.format(text(contents), { filepath: relPath }));
    }),
  );
}
