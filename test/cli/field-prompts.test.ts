/**
 * CONTRACT §1: without `--fields` on a terminal, `add endpoint` asks field by field,
 * checking each answer as it is typed, with the rules `--fields` applies: a wrong answer is
 * refused at its own question, with the reason, and can be corrected there.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { converse, DOWN, erase } from "./pty.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("the field prompt", () => {
  it("refuses each wrong answer as it is typed, saying why, and takes the correction", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "rampart-fields-tty-"));
    const made = await converse(`node ${ROOT}/bin/create-rampart.js api --yes --no-install --no-git`, cwd, []);
    expect(made.code, made.screen).toBe(0);
    const { code, screen } = await converse(`node ${ROOT}/bin/rampart.js add endpoint tags`, path.join(cwd, "api"), [
      [/Field 1 of tags/, "Bad-Name\r"],
      [/field name "Bad-Name" is not a snake_case/, `${erase(8)}owner_id\r`],
      [/"owner_id" is a column rampart manages itself/, `${erase(8)}label\r`],
      [/Type of label/, `${DOWN}${DOWN}\r`], // int
      [/required/, "\r"],
      [/Unique per owner/, "\r"],
      [/min/, "abc\r"],
      [/min="abc" is not a number/, `${erase(3)}5\r`],
      [/max/, "1\r"],
      [/min= is greater than max=/, `${erase(1)}1e20\r`],
      [/max="1e20" is outside the signed 64-bit range/, `${erase(4)}100\r`],
      [/Field 2 of tags/, "label\r"],
      [/"label" appears twice/, `${erase(5)}class\r`],
      [/Type of class/, "\r"], // string: `class` is a Python keyword, aliased in the code
      [/required/, "n\r"],
      [/Unique per owner/, "\r"],
      [/min/, "\r"],
      [/max/, "\r"],
      [/Field 3 of tags/, "class_\r"],
      [/"class_" and "class" would both be class_ in the Python code/, `${erase(6)}\r`],
      [/Create this resource/, "\r"],
    ]);
    expect(code, screen).toBe(0);
    // The messages are the prompt's own: nothing speaks of a --fields spec nobody typed.
    expect(screen).not.toMatch(/--fields, field/);
    expect(screen).toContain("--fields label:int:min=5:max=100,class?:string");
    const manifest = JSON.parse(readFileSync(path.join(cwd, "api", "rampart.json"), "utf8"));
    expect(manifest.endpoints[0].fields).toEqual([
      { name: "label", type: "int", optional: false, unique: false, min: 5, max: 100 },
      { name: "class", type: "string", optional: true, unique: false },
    ]);
  }, 60_000);
});
