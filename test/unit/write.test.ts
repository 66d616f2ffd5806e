import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileTree } from "../../src/core/tree.js";
import { Interrupted, writeProject } from "../../src/core/write.js";

function sandbox(): string {
  return mkdtempSync(path.join(tmpdir(), "rampart-write-"));
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

  it("turns Ctrl-C into a clean abort that leaves nothing behind", async () => {
    const root = sandbox();
    const tree = new FileTree();
    for (let i = 0; i < 200; i++) tree.set(`f${i}.txt`, "x".repeat(1000));
    const pending = writeProject(path.join(root, "p"), tree);
    process.emit("SIGINT");
    await expect(pending).rejects.toBeInstanceOf(Interrupted);
    expect(existsSync(path.join(root, "p"))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });
});
