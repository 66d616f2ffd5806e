// Generation time without install, rampart against create-vite, measured side by side in
// one run (alternating, so drift in machine load hits both alike). Prints medians and ratio.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

const tools = {
  "create-rampart": (dir) => [path.join(ROOT, "bin/create-rampart.js"), dir, "--yes", "--no-install", "--no-git"],
  "create-vite": (dir) => [
    path.join(ROOT, "node_modules/create-vite/index.js"),
    dir,
    "--template",
    "vanilla-ts",
    "--no-interactive",
  ],
};

function timeOnce(args, cwd) {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd, stdio: "ignore" });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(path.join(tmpdir(), "rampart-bench-"));
const samples = Object.fromEntries(Object.keys(tools).map((t) => [t, []]));
try {
  for (let i = 0; i < RUNS; i++) {
    for (const [name, argsFor] of Object.entries(tools)) {
      samples[name].push(timeOnce(argsFor(`${name}-${i}`), work));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const rampart = median(samples["create-rampart"]);
const vite = median(samples["create-vite"]);
console.log(`generation without install, median of ${RUNS} runs (node ${process.version})`);
console.log(`  create-rampart  ${rampart.toFixed(0)} ms`);
console.log(`  create-vite     ${vite.toFixed(0)} ms`);
console.log(`  ratio           ${(rampart / vite).toFixed(2)}x (aim: at most 3x)`);
