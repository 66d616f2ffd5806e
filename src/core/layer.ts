/**
 * Reads one template layer into a FileTree: `.hbs` files are rendered, the rest copied byte
 * for byte. Dotfiles are spelled with `_` in the templates (npm drops `.gitignore` from
 * published packages, create-vite's lesson) and renamed here from one explicit list.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { listTemplateFiles } from "./template-files.js";
import type { FileTree } from "./tree.js";

const RENAMES: Record<string, string> = {
  _gitignore: ".gitignore",
  _dockerignore: ".dockerignore",
  "_env.example": ".env.example",
  _github: ".github",
  "_pre-commit-config.yaml": ".pre-commit-config.yaml",
  _prettierignore: ".prettierignore",
};

// Our own Handlebars environment: we emit code, never HTML, so nothing is escaped, and
// `strict` turns a misspelt variable into an error instead of an empty string.
const handlebars = Handlebars.create();

/** Folder of a layer holding slot fragments (`_slots/<slot>.hbs`), never emitted as files. */
export const SLOTS_DIR = "_slots";

type Slots = Record<string, string[]>;

function slotsOf(options: Handlebars.HelperOptions): Slots {
  return ((options.data as { root?: { slots?: Slots } }).root?.slots ?? {}) as Slots;
}

/**
 * `{{~slot "name"}}`: the fragments every layer of the plan put in `_slots/name.hbs`, in
 * layer order, each on lines of its own. Written with `~` right after the line it follows:
 * the helper supplies the line breaks, so an empty slot leaves no blank line behind.
 */
handlebars.registerHelper("slot", function (this: unknown, name: string, options: Handlebars.HelperOptions) {
  const root = (options.data as { root: object }).root;
  return (slotsOf(options)[name] ?? [])
    .map((fragment) => renderTemplate(fragment, root, `${SLOTS_DIR}/${name}.hbs`).replace(/\n+$/, ""))
    .filter((text) => text.trim() !== "")
    .map((text) => `\n${text}`)
    .join("");
});

/** `{{#ifSlot "name"}}…{{/ifSlot}}`: a block shown only when some layer fills the slot (a header). */
handlebars.registerHelper("ifSlot", function (this: unknown, name: string, options: Handlebars.HelperOptions) {
  return (slotsOf(options)[name] ?? []).length > 0 ? options.fn(this) : options.inverse(this);
});

/** Reads every layer's `_slots/` folder: slot name → fragments, in layer order. */
export function collectSlots(layers: string[]): Slots {
  const slots: Slots = {};
  for (const layer of layers) {
    const dir = path.join(layer, SLOTS_DIR);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(".hbs")) continue;
      (slots[file.slice(0, -4)] ??= []).push(readFileSync(path.join(dir, file), "utf8"));
    }
  }
  return slots;
}

export function renderTemplate(source: string, data: object, name = "template"): string {
  try {
    return handlebars.compile(source, { noEscape: true, strict: true })(data);
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
}

export function outputPath(templateRelPath: string): string {
  return templateRelPath
    .replace(/\.hbs$/, "")
    .split("/")
    .map((segment) => RENAMES[segment] ?? segment)
    .join("/");
}

/**
 * Renders every file of a layer into `tree`. Paths may hold Handlebars too (resource layers:
 * `app/models/{{name}}.py.hbs`); `skip` drops output paths a caller does not want.
 */
export function renderLayer(
  layerDir: string,
  data: object,
  tree: FileTree,
  skip?: (relPath: string) => boolean,
): number {
  let count = 0;
  for (const rel of listTemplateFiles(layerDir, new Set([SLOTS_DIR]))) {
    const absolute = path.join(layerDir, rel);
    const target = outputPath(rel.includes("{{") ? renderTemplate(rel, data, rel) : rel);
    if (skip?.(target)) continue;
    if (rel.endsWith(".hbs")) {
      tree.set(target, renderTemplate(readFileSync(absolute, "utf8"), data, rel), { rendered: true });
    } else {
      tree.set(target, readFileSync(absolute), { rendered: false });
    }
    count++;
  }
  return count;
}
