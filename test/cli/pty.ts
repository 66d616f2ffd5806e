/**
 * A conversation with the CLI on a real pseudo-terminal (`script`): each answer is typed
 * once the text it waits for has appeared since the previous answer.
 */
import { spawn } from "node:child_process";

export const DOWN = "\x1b[B";
/** Deletes `n` typed characters, as the Backspace key does. */
export const erase = (n: number) => "\x7f".repeat(n);

export function converse(
  command: string,
  cwd: string,
  answers: [RegExp, string][],
  env: Record<string, string> = {},
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd, env: { ...process.env, CI: "", ...env } });
    let screen = "";
    let pending = "";
    let next = 0;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no ${String(answers[next]?.[0])} on screen (step ${next + 1}); screen:\n${screen}`));
    }, 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
      pending += chunk.toString();
      const step = answers[next];
      if (step && step[0].test(pending)) {
        pending = "";
        next++;
        child.stdin.write(step[1]);
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}
