/**
 * CONTRACT §3 (Auth, password mode): the password grant is for the API's own first-party
 * clients only, and the generated README says so, pointing to `--auth oidc` for delegated
 * access. Checked on the render of every password-mode combination.
 */
import { describe, expect, it } from "vitest";
import { buildNewProject } from "../../src/core/pipeline.js";
import { combinations } from "../combinations.js";

const passwordCombinations = [...combinations()].filter((c) => c.auth === "password");

describe.each(passwordCombinations)("README of %o", (choices) => {
  it("says the password grant is for first-party clients only and points to --auth oidc", async () => {
    const tree = await buildNewProject({ projectName: "readme-api", ...choices });
    const readme = tree.get("README.md");
    expect(typeof readme).toBe("string");
    // One paragraph (a list item), wrapped at any column: join its lines before matching.
    const paragraphs = String(readme)
      .split(/\n(?=\s*\n|- )/)
      .map((p) => p.replace(/\s+/g, " "));
    const grant = paragraphs.find((p) => /password grant/i.test(p));
    expect(grant, "a paragraph about the password grant").toBeDefined();
    expect(grant).toMatch(/first-party clients only/i);
    expect(grant).toMatch(/RFC 9700/);
    expect(grant).toMatch(/delegated access[^.]*`--auth oidc`/i);
  });
});

it("covers at least one combination", () => {
  expect(passwordCombinations.length).toBeGreaterThan(0);
});
