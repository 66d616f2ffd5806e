/** `git init` and a first commit, unless the project already sits inside a repository. */
import { execa } from "execa";
import { runStep, type Command } from "./run-step.js";

// Used only when the user has no git identity, so the first commit still succeeds.
const FALLBACK_IDENTITY = ["-c", "user.name=create-rampart", "-c", "user.email=create-rampart@localhost"];
const MESSAGE = "chore: scaffold with create-rampart";

/** The same by hand, with the user's own identity and hooks; `git init` again is harmless. */
export const GIT_BY_HAND: Command[] = [
  ["git", ["init", "-b", "main"]],
  ["git", ["add", "-A"]],
  ["git", ["commit", "-m", MESSAGE]],
];

export async function initRepository(
  projectDir: string,
  signal: AbortSignal,
): Promise<"created" | "inside-existing-repo"> {
  const inside = await execa("git", ["rev-parse", "--is-inside-work-tree"], { cwd: projectDir, reject: false });
  if (!inside.failed && inside.stdout.trim() === "true") return "inside-existing-repo";
  const identity = await execa("git", ["config", "user.email"], { cwd: projectDir, reject: false });
  const extra = identity.failed || identity.stdout.trim() === "" ? FALLBACK_IDENTITY : [];
  const steps: Command[] = [
    ["git", ["init", "-q", "-b", "main"]],
    ["git", ["add", "-A"]],
    ["git", [...extra, "commit", "-q", "--no-verify", "-m", MESSAGE]],
  ];
  for (const step of steps) await runStep(step, projectDir, signal, GIT_BY_HAND);
  return "created";
}
