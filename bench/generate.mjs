// rampart's speed, measured in one run on this machine:
// 1. `new` without install, against create-vite (alternating runs, medians, ratio);
// 2. `add endpoint` and `regenerate` on a project that already has 20 endpoints.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "bench",
  GIT_AUTHOR_EMAIL: "b@example.com",
  GIT_COMMITTER_NAME: "bench",
  GIT_COMMITTER_EMAIL: "b@example.com",
};
const FIELDS = "title:string:max=120:unique,notes?:text,quantity:int:min=0,price?:number,done:boolean,due?:date";

const node = (args, cwd) => execFileSync(process.execPath, args, { cwd, stdio: "ignore", env: GIT_ENV });
const git = (args, cwd) => execFileSync("git", args, { cwd, stdio: "ignore", env: GIT_ENV });
const rampart = (args, cwd) => node([path.join(ROOT, "bin/rampart.js"), ...args], cwd);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(run) {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const work = mkdtempSync(path.join(tmpdir(), "rampart-bench-"));
try {
  const samples = { rampart: [], vite: [] };
  for (let i = 0; i < RUNS; i++) {
    samples.rampart.push(
      time(() => node([path.join(ROOT, "bin/create-rampart.js"), `r${i}`, "--yes", "--no-install", "--no-git"], work)),
    );
    samples.vite.push(
      time(() =>
        node(
          [
            path.join(ROOT, "node_modules/create-vite/index.js"),
            `v${i}`,
            "--template",
            "vanilla-ts",
            "--no-interactive",
          ],
          work,
        ),
      ),
    );
  }
  const rampartNew = median(samples.rampart);
  const vite = median(samples.vite);
  console.log(`node ${process.version}, ${RUNS} runs each, medians`);
  console.log(
    `new (no install)        create-rampart ${rampartNew.toFixed(0)} ms, create-vite ${vite.toFixed(0)} ms: ${(rampartNew / vite).toFixed(2)}x (aim: at most 3x)`,
  );

  const project = path.join(work, "big");
  node([path.join(ROOT, "bin/create-rampart.js"), "big", "--yes", "--no-install"], work);
  const commit = () => {
    git(["add", "-A"], project);
    git(["commit", "-qm", "step"], project);
  };
  for (let i = 1; i <= 20; i++) {
    rampart(["add", "endpoint", `things_${i}`, "--fields", FIELDS], project);
    commit();
  }
  const adds = [];
  for (let i = 21; i <= 23; i++) {
    adds.push(time(() => rampart(["add", "endpoint", `things_${i}`, "--fields", FIELDS], project)));
    commit();
  }
  const regenerates = [1, 2, 3].map(() => time(() => rampart(["regenerate"], project)));
  console.log(`add endpoint (21st-23rd) ${median(adds).toFixed(0)} ms (aim: under 1000 ms)`);
  console.log(`regenerate, 23 endpoints ${median(regenerates).toFixed(0)} ms (aim: under 5000 ms)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
