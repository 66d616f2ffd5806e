/**
 * `add endpoint` on a terminal without `--fields`: asks field by field, then confirms. Each
 * answer is checked when it is entered, by the functions that parse `--fields`, so the
 * prompt refuses exactly what the flag refuses and says why at the question that caused it.
 */
import { confirm, input, select } from "@inquirer/prompts";
import {
  FIELD_TYPES,
  FieldError,
  canBeUnique,
  checkNewName,
  hasBounds,
  parseEnumValues,
  parseField,
  parseFieldName,
  parseFields,
  type FieldNaming,
  type FieldSpec,
  type FieldType,
} from "../endpoints/fields.js";

/** An inquirer `validate` result: true, or what is wrong. */
function check(run: () => unknown): true | string {
  try {
    run();
    return true;
  } catch (error) {
    if (error instanceof FieldError) return error.message;
    throw error;
  }
}

export async function askFields(resource: string, naming: FieldNaming): Promise<FieldSpec[]> {
  const fields: FieldSpec[] = [];
  const items: string[] = [];
  for (;;) {
    const first = fields.length === 0;
    const rawName = await input({
      message: `Field ${fields.length + 1} of ${resource}: name (snake_case${first ? "" : ", empty to finish"})`,
      validate: (value) =>
        value === ""
          ? !first || "a resource needs at least one field"
          : check(() => checkNewName(parseFieldName(value).name, fields, naming)),
    });
    if (rawName === "") break;
    const { name, optional: markedOptional } = parseFieldName(rawName);

    const type: FieldType = await select({
      message: `Type of ${name}`,
      choices: FIELD_TYPES.map((t) => ({ value: t })),
    });
    let typeText: string = type;
    if (type === "enum") {
      const values = await input({
        message: "Values, separated by |",
        validate: (v) => check(() => parseEnumValues(v)),
      });
      typeText = `enum(${values})`;
    }
    const optional = markedOptional || !(await confirm({ message: `Is ${name} required?`, default: true }));
    let parts = [`${name}${optional ? "?" : ""}`, typeText];
    if (canBeUnique(type) && (await confirm({ message: `Unique per owner?`, default: false }))) parts.push("unique");
    if (hasBounds(type)) {
      // Each bound is checked together with what came before it (min= above max=, say).
      const withBound = (key: string, value: string) => (value === "" ? parts : [...parts, `${key}=${value}`]);
      const min = await input({
        message: "min (empty for none)",
        validate: (v) => check(() => parseField(withBound("min", v).join(":"))),
      });
      parts = withBound("min", min);
      const max = await input({
        message: "max (empty for the default)",
        validate: (v) => check(() => parseField(withBound("max", v).join(":"))),
      });
      parts = withBound("max", max);
    }
    if (type === "decimal") {
      for (const key of ["precision", "scale"]) {
        const value = await input({
          message: `${key} (empty for the default)`,
          validate: (v) => check(() => parseField((v === "" ? parts : [...parts, `${key}=${v}`]).join(":"))),
        });
        if (value !== "") parts = [...parts, `${key}=${value}`];
      }
    }
    const item = parts.join(":");
    fields.push(parseField(item));
    items.push(item);
  }
  const spec = items.join(",");
  process.stdout.write(`\n--fields ${spec}\n`);
  if (!(await confirm({ message: "Create this resource?", default: true }))) {
    throw Object.assign(new Error("cancelled"), { name: "ExitPromptError" });
  }
  return parseFields(spec, naming);
}
