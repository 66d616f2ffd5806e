/**
 * The project regenerated after user edits (matrix: `userEdits` + `regenerate --set
 * jwtAlg=ES256`): every edit survived, and the new algorithm is in place. Its tests, lint
 * and the conformance suite then run on it like on every other project.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { USER_EDITS, e2eMatrix } from "./matrix.js";

const NAME = "api-regenerated-es256";
const dir = inject("e2eProjects").find((d) => path.basename(d) === NAME);
const inMatrix = e2eMatrix().some((p) => p.name === NAME);

// Narrowed out by E2E_ONLY: a skipped test that says why, instead of a block that vanishes.
// In the matrix but not generated is a failure of the run, never a skip.
if (!inMatrix) {
  it("regenerate after user edits", ({ skip }) => {
    skip(`${NAME} is not in this run's matrix (E2E_ONLY=${process.env.E2E_ONLY ?? ""})`);
  });
}

describe.runIf(inMatrix)("regenerate after user edits", () => {
  const root = dir ?? "";
  const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");

  it(`${NAME} was generated`, () => {
    expect(dir, `${NAME} is in the matrix but was not generated`).toBeDefined();
  });

  it("keeps the user's edits and deletions", () => {
    expect(read(USER_EDITS.appended.file)).toContain(USER_EDITS.appended.line);
    expect(existsSync(path.join(root, USER_EDITS.deleted))).toBe(false);
    expect(read(USER_EDITS.replaced.file)).toContain(USER_EDITS.replaced.to);
    expect(read(USER_EDITS.appended.file)).not.toMatch(/^(<<<<<<<|>>>>>>>)/m);
  });

  it("switched the project to ES256 with a fresh key pair", () => {
    expect(JSON.parse(read("rampart.json")).answers.jwtAlg).toBe("ES256");
    expect(read("app/core/config.py")).toMatch(/= "ES256"/);
    expect(read(".env")).toMatch(/^JWT_PRIVATE_KEY_FILE=keys\/jwt-private.pem$/m);
    expect(read("keys/jwt-private.pem")).toMatch(/BEGIN PRIVATE KEY/);
  });
});
