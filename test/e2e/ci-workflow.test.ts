/**
 * The generated `.github/workflows/ci.yml` of every combination passes actionlint (GitHub
 * Actions schema, expressions, service containers, and shellcheck on each `run:` script when
 * shellcheck is on PATH). There is no GitHub runner here, so this is as close as the workflow
 * gets to running. actionlint comes from the Go module proxy, pinned; `.ci/run` provides Go
 * (the machine's) and shellcheck (Debian's).
 */
import { execa } from "execa";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildNewProject } from "../../src/core/pipeline.js";
import { combinations } from "../combinations.js";

const ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12";
const WORKFLOW = ".github/workflows/ci.yml";

const hasGo = await execa("go", ["version"], { reject: false }).then((r) => r.exitCode === 0);
const dir = mkdtempSync(path.join(tmpdir(), "rampart-workflows-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("generated CI workflows", () => {
  it.skipIf(!hasGo)("pass actionlint for every combination (skipped without Go on PATH)", async () => {
    const files: string[] = [];
    for (const choices of combinations()) {
      const tree = await buildNewProject({ projectName: "workflow-api", ...choices });
      const workflow = tree.get(WORKFLOW);
      expect(typeof workflow, `${WORKFLOW} for ${JSON.stringify(choices)}`).toBe("string");
      const file = path.join(dir, `${Object.values(choices).join("-")}.yml`);
      writeFileSync(file, workflow as string);
      files.push(file);
    }
    const run = await execa("go", ["run", ACTIONLINT, "-no-color", ...files], { reject: false, all: true });
    expect(run.all, "actionlint findings").toBe("");
    expect(run.exitCode).toBe(0);
  });
});
