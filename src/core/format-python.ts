/**
 * Formats emitted Python with Ruff itself (Astral's WebAssembly build): imports sorted by
 * ruff's isort rule, then `ruff format`. Templates stay readable and a resource with long
 * names still comes out exactly as `ruff format --check` in the project expects.
 * The settings mirror the project's `[tool.ruff]` (see src/stacks/fastapi.ts).
 */
import type { Workspace as RuffWorkspace } from "@astral-sh/ruff-wasm-nodejs";
import v8 from "node:v8";

export interface RuffSettings {
  lineLength: number;
  targetVersion: string;
  knownFirstParty: readonly string[];
  knownThirdParty: readonly string[];
}

interface Edit {
  location: { row: number; column: number };
  end_location: { row: number; column: number };
  content: string | null;
}

interface Diagnostic {
  code: string | null;
  message: string;
  start_location: { row: number; column: number };
  fix: { edits: Edit[] } | null;
}

export async function pythonFormatter(settings: RuffSettings): Promise<(source: string, file: string) => string> {
  // Ruff's WebAssembly is large: V8's optimizing tier would spend over a second compiling it
  // in the background (holding the process open at exit) to format a few dozen files, which
  // its baseline compiler alone does sooner (measured: `new` 1.8 s → 0.5 s). The largest
  // tiering budget (INT32_MAX "bytes executed" per function) keeps it on the baseline tier.
  // `--liftoff-only` did the same on Node 20 and 22, but Node 24 ignores it once V8 runs
  // (`new` took 1.1 s there); a budget of 1e9 was still reached by `regenerate` with 23
  // endpoints. Wasm only.
  v8.setFlagsFromString("--wasm-tiering-budget=2147483647");
  const { Workspace, PositionEncoding } = await import("@astral-sh/ruff-wasm-nodejs");
  const options = {
    "line-length": settings.lineLength,
    "target-version": settings.targetVersion,
    lint: {
      select: ["I"],
      isort: { "known-first-party": settings.knownFirstParty, "known-third-party": settings.knownThirdParty },
    },
  };
  const workspace: RuffWorkspace = new Workspace(options, PositionEncoding.Utf16);
  return (source, file) => {
    // Linting costs with the file's size, formatting barely: sort just the import header.
    if (source.trim() === "") return workspace.format(source);
    const [header, body] = splitImportHeader(source);
    const sorted = applyFixes(header, workspace.check(header) as Diagnostic[], file, "I001");
    return workspace.format(sorted.trimEnd() + "\n\n" + body);
  };
}

/** The module's leading docstring, comments and imports, and the rest. */
export function splitImportHeader(source: string): [string, string] {
  const lines = source.split("\n");
  let end = 0; // first line after the last import statement of the header
  let inParens = false;
  let inDocstring = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (inDocstring) {
      if (line.includes('"""')) inDocstring = false;
      continue;
    }
    if (inParens) {
      if (line.includes(")")) {
        inParens = false;
        end = i + 1;
      }
      continue;
    }
    if (/^(import |from \S+ import )/.test(line)) {
      inParens = line.includes("(") && !line.includes(")");
      if (!inParens) end = i + 1;
    } else if (i === 0 && line.startsWith('"""')) {
      inDocstring = !line.slice(3).includes('"""');
    } else if (line.trim() !== "" && !line.startsWith("#")) {
      break;
    }
  }
  return [lines.slice(0, end).join("\n") + "\n", lines.slice(end).join("\n").replace(/^\n+/, "")];
}

function applyFixes(source: string, diagnostics: Diagnostic[], file: string, code: string): string {
  const edits = diagnostics.filter((d) => d.code === code).flatMap((d) => d.fix?.edits ?? []);
  if (edits.length === 0) return source;
  const lines = source.split("\n");
  const offset = (row: number, column: number) =>
    lines.slice(0, row - 1).reduce((n, line) => n + line.length + 1, 0) + column - 1;
  let out = source;
  // Apply from the end so earlier offsets stay valid.
  for (const edit of [...edits].sort(
    (a, b) => offset(b.location.row, b.location.column) - offset(a.location.row, a.location.column),
  )) {
    const start = offset(edit.location.row, edit.location.column);
    const end = offset(edit.end_location.row, edit.end_location.column);
    if (start < 0 || end > source.length) throw new Error(`${file}: ruff returned an edit outside the file`);
    out = out.slice(0, start) + (edit.content ?? "") + out.slice(end);
  }
  return out;
}
