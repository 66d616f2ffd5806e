import { describe, expect, it } from "vitest";
import { joinRegions, mergeFile, type Outcome } from "../../src/merge/three-way.js";

const b = (s: string) => Buffer.from(s, "utf8");
const text = (o: Outcome) => ("content" in o ? o.content.toString("utf8") : undefined);

const BASE = "import os\n\nA = 1\nB = 2\nC = 3\n";

describe("mergeFile", () => {
  it("updates a file the user did not touch", () => {
    const o = mergeFile({ base: b(BASE), disk: b(BASE), next: b(BASE.replace("B = 2", "B = 20")) });
    expect(o.kind).toBe("updated");
    expect(text(o)).toContain("B = 20");
  });

  it("keeps a file only the user changed", () => {
    expect(mergeFile({ base: b(BASE), disk: b(BASE + "D = 4\n"), next: b(BASE) }).kind).toBe("kept");
  });

  it("merges edits to different lines cleanly", () => {
    const disk = BASE.replace("A = 1", "A = 100");
    const next = BASE.replace("C = 3", "C = 300");
    const o = mergeFile({ base: b(BASE), disk: b(disk), next: b(next) });
    expect(o.kind).toBe("merged");
    expect(text(o)).toBe("import os\n\nA = 100\nB = 2\nC = 300\n");
  });

  it("marks edits to the same lines with git-style markers", () => {
    const o = mergeFile({
      base: b(BASE),
      disk: b(BASE.replace("B = 2", "B = 'mine'")),
      next: b(BASE.replace("B = 2", "B = 'theirs'")),
    });
    expect(o.kind).toBe("conflict");
    expect(text(o)).toBe(
      "import os\n\nA = 1\n<<<<<<< yours\nB = 'mine'\n=======\nB = 'theirs'\n>>>>>>> rampart\nC = 3\n",
    );
  });

  it("treats the same change on both sides as no conflict", () => {
    const both = BASE.replace("B = 2", "B = 3");
    expect(mergeFile({ base: b(BASE), disk: b(both), next: b(both) }).kind).toBe("unchanged");
    const o = mergeFile({ base: b(BASE), disk: b(both + "E = 5\n"), next: b(both) });
    expect(o.kind).toBe("kept");
  });

  it("leaves a file the user deleted deleted, even when the template changed", () => {
    expect(mergeFile({ base: b(BASE), next: b(BASE + "X = 1\n") }).kind).toBe("deleted-by-user");
  });

  it("removes a dropped file only when untouched", () => {
    expect(mergeFile({ base: b(BASE), disk: b(BASE) }).kind).toBe("removed");
    expect(mergeFile({ base: b(BASE), disk: b(BASE + "# mine\n") }).kind).toBe("kept");
    expect(mergeFile({ disk: b("a user's own file\n") }).kind).toBe("kept");
  });

  it("adds new files, and conflicts on add/add with different contents", () => {
    expect(mergeFile({ next: b("new\n") }).kind).toBe("added");
    expect(mergeFile({ disk: b("same\n"), next: b("same\n") }).kind).toBe("unchanged");
    const o = mergeFile({ disk: b("user\n"), next: b("rampart\n") });
    expect(o.kind).toBe("conflict");
    expect(text(o)).toBe("<<<<<<< yours\nuser\n=======\nrampart\n>>>>>>> rampart\n");
  });

  it("keeps the user's binary file on a binary conflict", () => {
    const o = mergeFile({ base: b("\0a"), disk: b("\0user"), next: b("\0new") });
    expect(o).toEqual({ kind: "conflict", content: b("\0user") });
    expect(mergeFile({ base: b("\0a"), disk: b("\0a"), next: b("\0new") }).kind).toBe("updated");
  });

  it("merges by line when the user switched the file to CRLF", () => {
    const disk = BASE.replaceAll("\n", "\r\n").replace("A = 1", "A = 100");
    const o = mergeFile({ base: b(BASE), disk: b(disk), next: b(BASE.replace("C = 3", "C = 300")) });
    expect(o.kind).toBe("merged");
    expect(text(o)).toBe("import os\r\n\r\nA = 100\r\nB = 2\r\nC = 300\r\n");
  });

  // A whole merge of a file this long takes node-diff3 minutes, so the joining is tested alone.
  it("joins regions of 300,000 lines without overflowing the stack", () => {
    const many = Array.from({ length: 300_000 }, (_, i) => `line ${i}`);
    const { out, conflict } = joinRegions([
      { ok: many },
      { conflict: { a: many, aIndex: 0, o: [], oIndex: 0, b: ["x"], bIndex: 0 } },
    ]);
    expect(conflict).toBe(true);
    expect(out).toHaveLength(600_004);
    expect(out.slice(299_999, 300_002)).toEqual(["line 299999", "<<<<<<< yours", "line 0"]);
    expect(out.slice(-3)).toEqual(["=======", "x", ">>>>>>> rampart"]);
  });
});
