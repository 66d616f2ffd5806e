/** `git init` and a first commit, unless the project already sits inside a repository. */
import { execa } from "execa";
import { StepError } from "../errors.js";

// Used only when the user has no git identity, so the first commit still succeeds.
const FALLBACK_IDENTITY = ["-c", "user.name=create-rampart", "-c", "user.email=create-rampart@localhost"];

export async function initRepository(projectDir: string): Promise<"created" | "inside-existing-repo"> {
  const inside = await execa("git", ["rev-parse", "--is-inside-work-tree"], { cwd: projectDir, reject: false });
  if (!inside.failed && inside.stdout.trim() === "true") return "inside-existing-repo";
  const identity = await execa("git", ["config", "user.email"], { cwd: projectDir, reject: false });
  const extra = identity.failed || identity.stdout.trim() === "" ? FALLBACK_IDENTITY : [];
  try {
    await execa("git", ["init", "-q", "-b", "main"], { cwd: projectDir });
    await execa("git", ["add", "-A"], { cwd: projectDir });
    await execa("git", [...extra, "commit", "-q", "--no-verify", "-m", "chore: scaffold with create-rampart"], {
      cwd: projectDir,
    });
  } catch (error) {
    throw new StepError("git init failed", (error as Error).message);
  }
  return "created";
}
