import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { templatesFingerprint } from "../../src/core/fingerprint.js";
import { collectSlots, outputPath, renderLayer, renderTemplate } from "../../src/core/layer.js";
import { planProject } from "../../src/core/plan.js";
import { FileTree, safeRelativePath } from "../../src/core/tree.js";
import type { Answers } from "../../src/options.js";

describe("template layers", () => {
  it("renames underscore dotfiles from an explicit list only", () => {
    expect(outputPath("_gitignore")).toBe(".gitignore");
    expect(outputPath("_github/workflows/ci.yml.hbs")).toBe(".github/workflows/ci.yml");
    expect(outputPath("_env.example.hbs")).toBe(".env.example");
    expect(outputPath("app/__init__.py")).toBe("app/__init__.py");
    expect(outputPath("app/_private.py")).toBe("app/_private.py");
  });

  it("renders without HTML escaping and fails on unknown variables", () => {
    expect(renderTemplate("x = '{{value}}'", { value: "<a & b>" })).toBe("x = '<a & b>'");
    expect(() => renderTemplate("{{missing}}", {}, "pyproject.toml.hbs")).toThrow(/pyproject.toml.hbs/);
  });

  it("renders .hbs files and copies the rest byte for byte, later layers winning", () => {
    const root = mkdtempSync(path.join(tmpdir(), "rampart-layer-"));
    const base = path.join(root, "base");
    const overlay = path.join(root, "overlay");
    mkdirSync(path.join(base, "app"), { recursive: true });
    mkdirSync(overlay);
    writeFileSync(path.join(base, "app", "main.py"), "d = {{not a template}}\n");
    writeFileSync(path.join(base, "README.md.hbs"), "# {{projectName}}\n");
    writeFileSync(path.join(base, "_gitignore"), ".env\n");
    writeFileSync(path.join(overlay, "_gitignore"), ".env\nkeys/\n");
    const tree = new FileTree();
    renderLayer(base, { projectName: "shop" }, tree);
    renderLayer(overlay, { projectName: "shop" }, tree);
    expect(tree.paths()).toEqual([".gitignore", "README.md", "app/main.py"]);
    expect(tree.get("README.md")).toBe("# shop\n");
    expect(Buffer.from(tree.get("app/main.py") as Uint8Array).toString()).toBe("d = {{not a template}}\n");
    expect(Buffer.from(tree.get(".gitignore") as Uint8Array).toString()).toBe(".env\nkeys/\n");
  });

  it("ignores tool caches and bytecode: never rendered, never part of the fingerprint", () => {
    const root = mkdtempSync(path.join(tmpdir(), "rampart-litter-"));
    const layer = path.join(root, "framework", "x");
    mkdirSync(path.join(layer, "app"), { recursive: true });
    writeFileSync(path.join(layer, "app", "main.py"), "x = 1\n");
    writeFileSync(path.join(layer, "_gitignore"), ".env\n");
    const clean = templatesFingerprint(root);
    for (const litter of [
      ".ruff_cache/0.17.6/123",
      "app/__pycache__/main.cpython-311.pyc",
      ".DS_Store",
      "app/.mypy_cache/x",
    ]) {
      mkdirSync(path.dirname(path.join(layer, litter)), { recursive: true });
      writeFileSync(path.join(layer, litter), "litter");
    }
    mkdirSync(path.join(root, ".ruff_cache"));
    writeFileSync(path.join(root, ".ruff_cache", "CACHEDIR.TAG"), "litter");
    const tree = new FileTree();
    renderLayer(layer, {}, tree);
    expect(tree.paths().sort()).toEqual([".gitignore", "app/main.py"]);
    expect(templatesFingerprint(root)).toBe(clean);
    writeFileSync(path.join(layer, "app", "main.py"), "x = 2\n");
    expect(templatesFingerprint(root), "a real template change").not.toBe(clean);
  });

  it("fills named slots from every layer in order, leaving no blank line when empty", () => {
    const root = mkdtempSync(path.join(tmpdir(), "rampart-slots-"));
    const [a, b] = [path.join(root, "a"), path.join(root, "b")];
    mkdirSync(path.join(a, "_slots"), { recursive: true });
    mkdirSync(path.join(b, "_slots"), { recursive: true });
    writeFileSync(path.join(a, "_slots", "env.hbs"), "  A: {{projectName}}\n");
    writeFileSync(path.join(b, "_slots", "env.hbs"), "  B: 2\n");
    writeFileSync(path.join(b, "_slots", "blank.hbs"), "{{#if never}}x{{/if}}\n");
    const slots = collectSlots([a, b]);
    const data = { projectName: "shop", never: false, slots };
    const template =
      'env:{{~slot "env"}}\nempty:{{~slot "blank"}}\n{{#ifSlot "env"}}has env\n{{/ifSlot}}{{#ifSlot "none"}}no\n{{/ifSlot}}end\n';
    expect(renderTemplate(template, data)).toBe("env:\n  A: shop\n  B: 2\nempty:\nhas env\nend\n");
    const tree = new FileTree();
    renderLayer(a, data, tree);
    expect(tree.paths()).toEqual([]); // _slots/ is never emitted as files
  });

  it("plans layers in overlay order and skips axes with no folder", () => {
    const root = mkdtempSync(path.join(tmpdir(), "rampart-plan-"));
    for (const dir of [
      "framework/fastapi",
      "auth/password/fastapi",
      "auth/password/hono",
      "database/postgres/fastapi",
    ]) {
      mkdirSync(path.join(root, dir), { recursive: true });
    }
    const answers: Answers = {
      projectName: "x",
      framework: "fastapi",
      database: "sqlite",
      auth: "password",
      jwtAlg: "HS256",
      rateLimitStore: "memory",
    };
    expect(planProject(answers, [], root).layers.map((l) => path.relative(root, l))).toEqual([
      "framework/fastapi",
      "auth/password/fastapi",
    ]);
  });

  it.each(["../x", "/etc/passwd", "a/../../x", "."])("refuses to place a file at %s", (p) => {
    expect(() => safeRelativePath(p)).toThrow(/outside the project/);
  });
});
