/**
 * schemathesis, the OpenAPI fuzzer, as a black box: a pinned release in a virtualenv of its
 * own (made once, cached under node_modules/.cache), run with every check against any
 * server that serves /openapi.json. It needs only a base URL and a bearer token, so any
 * framework's project can be put under it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";

export const SCHEMATHESIS_VERSION = "4.32.5";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CACHE = path.join(ROOT, "node_modules", ".cache", `rampart-schemathesis-${SCHEMATHESIS_VERSION}`);

/** The `st` binary of the cached virtualenv; creates it (python3 -m venv, pip) when missing. */
export async function ensureSchemathesis(): Promise<string> {
  const st = path.join(CACHE, "bin", "st");
  // Written last: a venv without it is an interrupted install, made again from scratch.
  const complete = path.join(CACHE, "installed");
  if (existsSync(complete)) return st;
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(path.dirname(CACHE), { recursive: true });
  await execa("python3", ["-m", "venv", CACHE]);
  const pip = path.join(CACHE, "bin", "pip");
  await execa(pip, ["install", "--disable-pip-version-check", "-q", `schemathesis==${SCHEMATHESIS_VERSION}`]);
  writeFileSync(complete, `schemathesis==${SCHEMATHESIS_VERSION}\n`);
  return st;
}

export interface FuzzOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` on every request. */
  token: string;
  seed: number;
  /** Seconds for the whole run; fuzzing and stateful phases repeat until it is spent. */
  maxTimeSeconds: number;
  /** The project's own schemathesis.toml (rejections its document cannot express), if any. */
  configFile?: string | undefined;
}

export interface FuzzResult {
  exitCode: number;
  output: string;
  /** From the WARNINGS (or SUMMARY) banner to the end: phases, failures by check, counts. */
  summary: string;
  /** The FAILURES section, empty when there is none. */
  failures: string;
}

export const PHASES = ["examples", "coverage", "fuzzing", "stateful"];

export async function runSchemathesis(st: string, o: FuzzOptions): Promise<FuzzResult> {
  const args = [
    ...(o.configFile ? ["--config-file", o.configFile] : []),
    "--no-color",
    "run",
    `${o.baseUrl}/openapi.json`,
    "--checks",
    "all",
    "--phases",
    PHASES.join(","),
    "--seed",
    String(o.seed),
    "--max-time",
    String(o.maxTimeSeconds),
    // One worker and no example database: the same seed replays the same run.
    "--workers",
    "1",
    "--generation-database",
    "none",
    "--header",
    `Authorization: Bearer ${o.token}`,
  ];
  // In a fresh directory: st keeps the crashes it found under ./.schemathesis and replays
  // them first next time, so a run from a shared directory would depend on earlier ones.
  const cwd = mkdtempSync(path.join(tmpdir(), "rampart-schemathesis-"));
  const result = await execa(st, args, {
    cwd,
    reject: false,
    all: true,
    timeout: (o.maxTimeSeconds + 120) * 1000,
  }).finally(() => rmSync(cwd, { recursive: true, force: true }));
  const output = result.all ?? "";
  const section = (name: string) => {
    const start = output.search(new RegExp(`^=+ ${name} =+$`, "m"));
    return start < 0 ? "" : output.slice(start);
  };
  const failures = section("FAILURES");
  const summary = section("WARNINGS") || section("SUMMARY");
  return {
    exitCode: result.exitCode ?? -1,
    output,
    summary,
    failures: failures.slice(0, Math.max(0, failures.search(/^=+ (WARNINGS|SUMMARY) =+$/m))) || failures,
  };
}
