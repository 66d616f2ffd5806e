import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FileTree } from "../../src/core/tree.js";
import { applyFiles } from "../../src/core/apply.js";
import { StepError } from "../../src/errors.js";
import { Interrupted, writeProject } from "../../src/core/write.js";
import { snapshot } from "../cli/run.js";

// The writer's file operations, observable: the real ones, unless a test says otherwise
// (to raise Ctrl-C or a disk error at an exact point of the write).
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, writeFile: vi.fn(actual.writeFile), rename: vi.fn(actual.rename) };
});
const writeFileMock = vi.mocked(fsp.writeFile);
const renameMock = vi.mocked(fsp.rename);

afterEach(() => {
  writeFileMock.mockClear();
  renameMock.mockClear();
  writeFileMock.mockImplementation(realWriteFile);
  renameMock.mockImplementation(realRename);
});
const realWriteFile = writeFileMock.getMockImplementation() as typeof fsp.writeFile;
const realRename = renameMock.getMockImplementation() as typeof fsp.rename;

/** After the `n`th call, the real operation has run and then the user presses Ctrl-C. */
function ctrlCAfter<F extends (...args: never[]) => Promise<void>>(real: F, n: number): F {
  let calls = 0;
  return (async (...args: Parameters<F>) => {
    await real(...args);
    if (++calls === n) process.emit("SIGINT");
  }) as F;
}

function sandbox(): string {
  return mkdtempSync(path.join(tmpdir(), "rampart-write-"));
}

/** 200 files, half of them in nested directories the write has to create. */
function bigTree(): FileTree {
  const tree = new FileTree();
  for (let i = 0; i < 200; i++) tree.set(i % 2 ? `f${i}.txt` : `d${i % 7}/sub${i % 3}/f${i}.txt`, "x".repeat(1000));
  return tree;
}

describe("writeProject", () => {
  it("moves a fresh project into place with normal permissions and no staging left", async () => {
    const root = sandbox();
    const tree = new FileTree();
    tree.set("a/b.txt", "b");
    tree.set("c.txt", "c");
    const result = await writeProject(path.join(root, "p"), tree);
    expect(result).toEqual({ written: ["a/b.txt", "c.txt"], kept: [] });
    expect(readFileSync(path.join(root, "p/a/b.txt"), "utf8")).toBe("b");
    expect(statSync(path.join(root, "p")).mode & 0o777).toBe(0o777 & ~process.umask());
    expect(readdirSync(root)).toEqual(["p"]);
  });

  it("never overwrites a file that is already there", async () => {
    const root = sandbox();
    mkdirSync(path.join(root, "p"));
    writeFileSync(path.join(root, "p/README.md"), "mine");
    const tree = new FileTree();
    tree.set("README.md", "theirs");
    tree.set("app.py", "x");
    const result = await writeProject(path.join(root, "p"), tree);
    expect(result).toEqual({ written: ["app.py"], kept: ["README.md"] });
    expect(readFileSync(path.join(root, "p/README.md"), "utf8")).toBe("mine");
  });

  it("rolls back every file and directory it added when a move fails", async () => {
    const root = sandbox();
    mkdirSync(path.join(root, "p"));
    writeFileSync(path.join(root, "p/blocker"), "a file where a directory is needed");
    const tree = new FileTree();
    tree.set("a/one.txt", "1");
    tree.set("blocker/two.txt", "2");
    await expect(writeProject(path.join(root, "p"), tree)).rejects.toThrow();
    expect(readdirSync(path.join(root, "p"))).toEqual(["blocker"]);
    expect(readdirSync(root)).toEqual(["p"]);
  });

  it("turns a Ctrl-C before the first file into a clean abort that leaves nothing behind", async () => {
    const root = sandbox();
    const pending = writeProject(path.join(root, "p"), bigTree());
    process.emit("SIGINT");
    await expect(pending).rejects.toBeInstanceOf(Interrupted);
    expect(existsSync(path.join(root, "p"))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it("a Ctrl-C half-way through writing a fresh project leaves no project and no staging", async () => {
    const root = sandbox();
    writeFileMock.mockImplementation(ctrlCAfter(realWriteFile, 100));
    await expect(writeProject(path.join(root, "p"), bigTree())).rejects.toBeInstanceOf(Interrupted);
    // Part-way indeed: 100 of the 200 files were on disk (staged) when Ctrl-C came, and the
    // write stopped at the next file boundary.
    expect(writeFileMock).toHaveBeenCalledTimes(100);
    expect(existsSync(path.join(root, "p"))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it("a Ctrl-C half-way through moving into an existing directory restores it exactly", async () => {
    const root = sandbox();
    const target = path.join(root, "p");
    mkdirSync(path.join(target, "d1", "sub1"), { recursive: true });
    writeFileSync(path.join(target, "notes.txt"), "a user's file\n");
    writeFileSync(path.join(target, "f1.txt"), "the user's own f1\n");
    writeFileSync(path.join(target, "d1", "sub1", "keep.txt"), "kept\n");
    const before = snapshot(target);
    renameMock.mockImplementation(ctrlCAfter(realRename, 60));
    await expect(writeProject(target, bigTree())).rejects.toBeInstanceOf(Interrupted);
    // 60 generated files (and the directories they needed) had been moved into place.
    expect(renameMock).toHaveBeenCalledTimes(60);
    expect(snapshot(target)).toEqual(before);
    expect(readdirSync(root)).toEqual(["p"]);
  });

  it("a disk error half-way through staging leaves nothing behind", async () => {
    const root = sandbox();
    let calls = 0;
    writeFileMock.mockImplementation(async (...args) => {
      if (++calls === 120) throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      return realWriteFile(...args);
    });
    const failure = writeProject(path.join(root, "p"), bigTree());
    // One line naming what failed and what to do (CONTRACT §1), as a step failure (exit 1).
    await expect(failure).rejects.toBeInstanceOf(StepError);
    await expect(failure).rejects.toThrow(
      /^could not write .*\/p: no space left on the device; nothing was written\. To do: free some space/,
    );
    expect(readdirSync(root)).toEqual([]);
  });
});

describe("applyFiles", () => {
  it("refuses a path outside the project before touching anything, whoever asks for it", async () => {
    const root = sandbox();
    mkdirSync(path.join(root, "p"));
    const writes = new Map<string, Uint8Array | null>([
      ["a.txt", Buffer.from("a")],
      ["../victim.txt", null],
    ]);
    writeFileSync(path.join(root, "victim.txt"), "mine");
    await expect(applyFiles(path.join(root, "p"), writes)).rejects.toThrow(/outside the project/);
    expect(readdirSync(path.join(root, "p"))).toEqual([]);
    expect(readFileSync(path.join(root, "victim.txt"), "utf8")).toBe("mine");
  });
});
