/**
 * CONTRACT §3 (Auth, password mode): the password grant is for the API's own first-party
 * clients only, and the generated README says so, pointing to `--auth oidc` for delegated
 * access. Checked on the render of every password-mode combination.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
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

/**
 * The repository's own README (and the docs it links) are read in a clone and, on npm, in
 * the tarball: a relative link must name a file the repository holds and the package ships.
 */
describe("the repository's documentation", () => {
  const ROOT = path.resolve(import.meta.dirname, "../..");
  const shipped = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { files: string[] }).files;

  it.each(["README.md", "docs/guarantees.md"])("every relative link in %s resolves to a shipped file", (doc) => {
    const text = readFileSync(path.join(ROOT, doc), "utf8");
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => String(m[1]).split("#")[0] ?? "")
      .filter((href) => href !== "" && !/^[a-z][a-z+.-]*:/i.test(href));
    for (const href of targets) {
      const resolved = path.resolve(ROOT, path.dirname(doc), href);
      const rel = path.relative(ROOT, resolved);
      expect(rel.startsWith(".."), `${doc} links ${href}, outside the repository`).toBe(false);
      expect(existsSync(resolved), `${doc} links ${href}, which does not exist`).toBe(true);
      const [top = ""] = rel.split(path.sep);
      expect(["README.md", "package.json", ...shipped], `${doc} links ${href}, not in package.json "files"`).toContain(
        top,
      );
    }
  });

  it("links the guarantees page from the README", () => {
    expect(readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain("](docs/guarantees.md)");
  });
});
