/**
 * Where `regenerate` finds the base of its three-way merge: what rampart last generated.
 *
 * 1. The `rampart-base` branch of the project's git repository: one commit per generation
 *    whose tree is exactly the render (never a secret). It survives generator upgrades and is
 *    shared like any branch (`git push origin rampart-base`). Each commit names the digest of
 *    the rampart.json written with it, and the base is the newest commit whose digest is the
 *    rampart.json on disk: a generation the user threw away with git (`git checkout -- .`
 *    after an `add`) is skipped, since the files on disk no longer descend from it.
 * 2. Without it (no git, or a clone without that branch), and when rampart.json was written
 *    from this same template set (its fingerprint), re-rendering the recorded answers gives
 *    the base exactly.
 * 3. Otherwise, a file whose hash still matches rampart.json is its own base; other files have
 *    none, and a difference becomes a conflict for the user to resolve.
 */
import { execa } from "execa";
import { StepError } from "../errors.js";
import { manifestText, type Manifest } from "./manifest.js";
import { renderProject } from "./pipeline.js";
import { FileTree, sha256 } from "./tree.js";
import { templatesFingerprint } from "./fingerprint.js";

export const BASE_BRANCH = "rampart-base";

export type BaseSource = "git" | "re-render" | "hashes";

export interface Base {
  source: BaseSource;
  get(relPath: string): Uint8Array | undefined;
}

export async function loadBase(
  root: string,
  manifest: Manifest,
  disk: (p: string) => Uint8Array | undefined,
): Promise<Base> {
  const fromGit = await readBranch(root, manifestDigest(manifest));
  if (fromGit) return { source: "git", get: (p) => asBytes(fromGit.get(p)) };
  if (manifest.generator.templates === templatesFingerprint()) {
    const rendered = await renderProject(manifest.answers, manifest.endpoints);
    return { source: "re-render", get: (p) => (p in manifest.files ? asBytes(rendered.get(p)) : undefined) };
  }
  return {
    source: "hashes",
    get(p) {
      const current = disk(p);
      return current !== undefined && manifest.files[p] === sha256(current) ? current : undefined;
    },
  };
}

async function isGitRepo(root: string): Promise<boolean> {
  const r = await execa("git", ["rev-parse", "--show-toplevel"], { cwd: root, reject: false });
  return !r.failed && r.stdout.trim() !== "";
}

const DIGEST_TRAILER = "Rampart-Manifest";

/** What identifies a generation: its rampart.json, whatever whitespace it was written with. */
export function manifestDigest(manifest: Manifest): string {
  return sha256(manifestText(manifest));
}

/**
 * The base branch's commit that wrote the rampart.json now on disk: the newest one carrying
 * its digest; on a branch from before digests were recorded, its tip.
 */
async function findBaseCommit(root: string, digest: string): Promise<string | undefined> {
  const log = await execa("git", ["log", "-z", "--format=%H%n%B", BASE_BRANCH, "--"], { cwd: root, reject: false });
  if (log.failed) return undefined;
  const commits = log.stdout
    .split("\0")
    .filter(Boolean)
    .map((entry) => ({
      id: entry.slice(0, entry.indexOf("\n")),
      digest: new RegExp(`^${DIGEST_TRAILER}: ([0-9a-f]{64})$`, "m").exec(entry)?.[1],
    }));
  const match = commits.find((c) => c.digest === digest);
  if (match) return match.id;
  return commits.every((c) => c.digest === undefined) ? commits[0]?.id : undefined;
}

/** Reads every file of one base commit with two git processes, whatever the project's size. */
async function readBranch(root: string, digest: string): Promise<FileTree | undefined> {
  if (!(await isGitRepo(root))) return undefined;
  const commit = await findBaseCommit(root, digest);
  if (commit === undefined) return undefined;
  const ls = await execa("git", ["ls-tree", "-r", "-z", commit], { cwd: root, reject: false });
  if (ls.failed) return undefined;
  const entries = ls.stdout
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta = "", relPath = ""] = line.split("\t");
      return { object: meta.split(" ")[2] ?? "", relPath };
    });
  const batch = await execa("git", ["cat-file", "--batch"], {
    cwd: root,
    input: entries.map((e) => e.object).join("\n") + "\n",
    encoding: "buffer",
  });
  const tree = new FileTree();
  let offset = 0;
  const out = Buffer.from(batch.stdout);
  for (const { relPath } of entries) {
    const headerEnd = out.indexOf(10, offset);
    const size = Number(out.subarray(offset, headerEnd).toString().split(" ")[2]);
    tree.set(relPath, out.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return tree;
}

/**
 * Records `tree`, written with `manifest`, as the new tip of the base branch (one `git
 * fast-import` process). Skipped silently outside a git repository: strategies 2 and 3 above
 * cover that case.
 */
export async function saveBase(root: string, tree: FileTree, message: string, manifest: Manifest): Promise<boolean> {
  if (!(await isGitRepo(root))) return false;
  const parent = await execa("git", ["rev-parse", "--verify", "-q", `refs/heads/${BASE_BRANCH}`], {
    cwd: root,
    reject: false,
  });
  const digest = manifestDigest(manifest);
  if (!parent.failed) {
    // The same rampart.json means the same render: a regenerate that changed nothing adds no commit.
    const tip = await execa("git", ["log", "-1", "--format=%B", parent.stdout.trim()], { cwd: root, reject: false });
    if (!tip.failed && tip.stdout.includes(`${DIGEST_TRAILER}: ${digest}`)) return true;
  }
  const now = Math.floor(Date.now() / 1000);
  const chunks: Buffer[] = [];
  const text = (s: string) => chunks.push(Buffer.from(s, "utf8"));
  const data = (d: Uint8Array) => {
    text(`data ${d.length}\n`);
    chunks.push(Buffer.from(d));
    text("\n");
  };
  text(`commit refs/heads/${BASE_BRANCH}\ncommitter create-rampart <create-rampart@localhost> ${now} +0000\n`);
  data(Buffer.from(`${message}\n\n${DIGEST_TRAILER}: ${digest}\n`, "utf8"));
  if (!parent.failed) text(`from ${parent.stdout.trim()}\n`);
  text("deleteall\n");
  for (const [relPath, contents] of tree.entries()) {
    text(`M 100644 inline ${quotePath(relPath)}\n`);
    data(typeof contents === "string" ? Buffer.from(contents, "utf8") : contents);
  }
  text("done\n");
  const imported = await execa("git", ["fast-import", "--quiet", "--done"], {
    cwd: root,
    input: Buffer.concat(chunks),
    reject: false,
  });
  if (imported.failed) {
    // The files are in place by now: say so, and what the next run does without this commit.
    const reason =
      imported.stderr.split("\n").find((line) => line.trim() !== "") ??
      imported.shortMessage ??
      "git fast-import failed";
    throw new StepError(
      `the files are written, but git could not record them on the ${BASE_BRANCH} branch (${reason.trim()}); ` +
        "fix that (disk space, repository permissions) and the next regenerate re-renders its base from rampart.json",
    );
  }
  return true;
}

function quotePath(relPath: string): string {
  return /["\\\n]/.test(relPath) || relPath.startsWith('"') ? JSON.stringify(relPath) : relPath;
}

function asBytes(contents: string | Uint8Array | undefined): Uint8Array | undefined {
  return typeof contents === "string" ? Buffer.from(contents, "utf8") : contents;
}
