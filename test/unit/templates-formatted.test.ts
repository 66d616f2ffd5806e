/**
 * Python that templates/ holds verbatim is emitted without formatting (src/core/format.ts
 * formats only rendered files), so it must already be exactly what `ruff format` and ruff's
 * import sorting produce with the project's settings. The same holds for Prettier and the
 * TypeScript, JSON, YAML and Markdown files templates/ holds verbatim.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { beforeAll, describe, expect, it } from "vitest";
import { PRETTIER_FILES } from "../../src/core/format.js";
import { pythonFormatter } from "../../src/core/format-python.js";
import { outputPath, SLOTS_DIR } from "../../src/core/layer.js";
import { TEMPLATES_DIR } from "../../src/paths.js";
import { fastapiPython } from "../../src/stacks/fastapi.js";

function staticPython(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return staticPython(dir, child);
    return entry.name.endsWith(".py") ? [child] : [];
  });
}

const files = staticPython(TEMPLATES_DIR);

describe("verbatim Python templates", () => {
  let format: (source: string, file: string) => string;
  beforeAll(async () => {
    format = await pythonFormatter(fastapiPython.ruff);
  });

  it("exist (the check below covers something)", () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)("%s is ruff-formatted", (file) => {
    const source = readFileSync(path.join(TEMPLATES_DIR, file), "utf8");
    expect(format(source, file)).toBe(source);
  });
});

/** Every verbatim template Prettier formats (TS, JSON, YAML, Markdown), by its output path. */
function staticPrettier(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name === SLOTS_DIR ? [] : staticPrettier(dir, child);
    return PRETTIER_FILES.test(outputPath(child)) && !child.endsWith(".hbs") ? [child] : [];
  });
}

const prettierFiles = staticPrettier(TEMPLATES_DIR);

describe("verbatim TypeScript, JSON, YAML and Markdown templates", () => {
  it("exist (the check below covers something)", () => {
    expect(prettierFiles.length).toBeGreaterThan(0);
  });

  // Prettier's defaults, as src/core/format.ts and the Node projects' `format:check` apply them.
  it.each(prettierFiles)("%s is Prettier-formatted", async (file) => {
    const source = readFileSync(path.join(TEMPLATES_DIR, file), "utf8");
    expect(await prettier.format(source, { filepath: outputPath(file) })).toBe(source);
  });
});
