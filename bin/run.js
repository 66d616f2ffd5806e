import { existsSync } from "node:fs";
import module from "node:module";
import { URL } from "node:url";

/** Runs the CLI as `bin` (the name its messages and help use), or says what builds dist/. */
export async function run(bin) {
  const entry = new URL("../dist/src/cli/main.js", import.meta.url);
  if (existsSync(entry)) {
    // Node 22.1+ caches compiled code between runs: generation time is mostly module loading.
    module.enableCompileCache?.();
    const { main } = await import(entry.href);
    process.exitCode = await main(process.argv.slice(2), bin);
  } else {
    // A clone not installed yet (or installed with --ignore-scripts): say what builds dist/.
    process.stderr.write(`${bin}: dist/ is not built: run \`npm install\` (or \`npm run build\`) in this clone\n`);
    process.exitCode = 1;
  }
}
