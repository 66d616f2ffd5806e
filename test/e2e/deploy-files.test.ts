/**
 * The deployment files of every combination, checked by the tools that know them best, since
 * no Docker engine or GitHub runner is here to run them:
 * - `Dockerfile`: dockerfile-utils' validator (the one behind VS Code's Dockerfile support);
 * - `compose.yaml`: the Compose Specification's JSON schema, as docker compose itself embeds it
 *   (compose-go, pinned, from the Go module proxy);
 * - `.github/workflows/ci.yml`: actionlint (pinned, from the Go module proxy), which also runs
 *   shellcheck on every `run:` script when shellcheck is on PATH.
 * `.ci/run` provides Go (the machine's) and shellcheck (Debian's); without Go the two checks
 * that need it are skipped, visibly.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { validate as validateDockerfile } from "dockerfile-utils";
import { execa } from "execa";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { buildNewProject } from "../../src/core/pipeline.js";
import type { FileTree } from "../../src/core/tree.js";
import type { Choices } from "../../src/options.js";
import { combinations } from "../combinations.js";

const ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12";
const COMPOSE_GO = "github.com/compose-spec/compose-go/v2@v2.16.2";

const hasGo = await execa("go", ["version"], { reject: false }).then((r) => r.exitCode === 0);
const rendered: { label: string; tree: FileTree }[] = [];
const dir = mkdtempSync(path.join(tmpdir(), "rampart-deploy-files-"));

beforeAll(async () => {
  for (const choices of combinations()) {
    rendered.push({ label: label(choices), tree: await buildNewProject({ projectName: "deploy-api", ...choices }) });
    // A project made through `pnpm create rampart`: pnpm's Dockerfile and workflow.
    if (choices.framework !== "fastapi") {
      const tree = await buildNewProject({ projectName: "deploy-api", ...choices, packageManager: "pnpm@10.34.9" });
      rendered.push({ label: `${label(choices)}-pnpm`, tree });
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function label(choices: Choices): string {
  return Object.values(choices).join("-");
}

function file(tree: FileTree, relPath: string): string {
  const contents = tree.get(relPath);
  expect(contents, relPath).toBeDefined();
  return typeof contents === "string" ? contents : Buffer.from(contents ?? "").toString("utf8");
}

describe("generated deployment files", () => {
  it("Dockerfile: no problem reported by dockerfile-utils, for every combination", () => {
    for (const { label, tree } of rendered) {
      const problems = validateDockerfile(file(tree, "Dockerfile")).map(
        (d) => `${label}:${d.range.start.line + 1}: ${d.message}`,
      );
      expect(problems).toEqual([]);
    }
  });

  it.skipIf(!hasGo)("compose.yaml: valid against the Compose Specification schema (skipped without Go)", async () => {
    const download = await execa("go", ["mod", "download", "-json", COMPOSE_GO], { cwd: dir });
    const { Dir } = JSON.parse(download.stdout) as { Dir: string };
    const schema = JSON.parse(readFileSync(path.join(Dir, "schema", "compose-spec.json"), "utf8")) as object;
    const check = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    for (const { label, tree } of rendered) {
      const valid = check(parseYaml(file(tree, "compose.yaml")));
      expect(check.errors ?? [], `${label}: compose.yaml`).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it.skipIf(!hasGo)("CI workflow: no finding from actionlint, for every combination (skipped without Go)", async () => {
    const files = rendered.map(({ label, tree }) => {
      const target = path.join(dir, `${label}.yml`);
      writeFileSync(target, file(tree, ".github/workflows/ci.yml"));
      return target;
    });
    const run = await execa("go", ["run", ACTIONLINT, "-no-color", ...files], { reject: false });
    // Findings go to stdout; stderr carries go's own "downloading" lines on a cold module cache.
    expect(run.stdout, "actionlint findings").toBe("");
    expect(run.exitCode, run.stderr).toBe(0);
  });
});
