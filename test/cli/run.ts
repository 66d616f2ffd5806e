/** Runs the built bins the way a user does: a child process, no TTY on stdin. */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function runCli(
  bin: "rampart" | "create-rampart",
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
) {
  const result = await execa("node", [path.join(ROOT, "bin", `${bin}.js`), ...args], {
    cwd,
    reject: false,
    stdin: "ignore",
    // A prompt waiting on a closed stdin would hang: the timeout turns that into a failure.
    timeout: 60_000,
    env: { CI: "true", ...extraEnv },
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut };
}

/** Every file under dir with a hash of its contents: equal snapshots mean nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, child);
      const stats = lstatSync(abs);
      // A symlink is recorded as where it points, never followed (it may dangle or loop).
      if (stats.isSymbolicLink()) out[child] = `symlink to ${readlinkSync(abs)}`;
      else if (stats.isDirectory()) {
        out[`${child}/`] = "dir";
        walk(child);
      } else {
        out[child] = createHash("sha256").update(readFileSync(abs)).digest("hex");
      }
    }
  };
  walk("");
  return out;
}
