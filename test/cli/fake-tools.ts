/** Fake install and git tools on PATH (shell scripts), for the steps after the files are written. */
import { execSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const REAL_GIT = execSync("command -v git", { shell: "/bin/sh" }).toString().trim();
const REAL_PYTHON = execSync("command -v python3", { shell: "/bin/sh" }).toString().trim();

/** A sandbox with fake tools in bin/; every fake logs its arguments to calls.log. */
export function sandbox(tools: Record<string, string>): { dir: string; bin: string; log: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "rampart-steps-"));
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  const log = path.join(dir, "calls.log");
  for (const [name, body] of Object.entries(tools)) {
    const file = path.join(bin, name);
    writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> '${log}'\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return { dir, bin, log };
}

/** python3 that answers the version check and makes a .venv whose pip runs `pipBody`. */
export const fakePython = (pipBody: string) => `
if [ "$1" = "-c" ]; then exec '${REAL_PYTHON}' "$@"; fi
mkdir -p .venv/bin
printf '#!/bin/sh\\n%s\\n' '${pipBody.replace(/'/g, `'\\''`)}' > .venv/bin/pip
chmod +x .venv/bin/pip`;

/** git that behaves as git, except `commit`, which runs `commitBody`. */
export const fakeGit = (commitBody: string) => `
for arg in "$@"; do if [ "$arg" = commit ]; then ${commitBody}; fi; done
exec '${REAL_GIT}' "$@"`;
