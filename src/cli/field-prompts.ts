/** `add endpoint` on a terminal without `--fields`: asks field by field, then confirms. */
import { confirm, input, select } from "@inquirer/prompts";
import { FIELD_TYPES, parseFields, type FieldSpec } from "../endpoints/fields.js";

export async function askFields(resource: string): Promise<FieldSpec[]> {
  const items: string[] = [];
  for (;;) {
    const name = await input({
      message: `Field ${items.length + 1} of ${resource}: name (snake_case${items.length ? ", empty to finish" : ""})`,
      required: items.length === 0,
      validate: (value) => value === "" || /^[a-z][a-z0-9_]*$/.test(value) || "use snake_case",
    });
    if (name === "") break;
    let type: string = await select({ message: `Type of ${name}`, choices: FIELD_TYPES.map((t) => ({ value: t })) });
    if (type === "enum") {
      const values = await input({ message: "Values, separated by |", required: true });
      type = `enum(${values})`;
    }
    const required = await confirm({ message: `Is ${name} required?`, default: true });
    const modifiers: string[] = [];
    if (await confirm({ message: `Unique per owner?`, default: false })) modifiers.push("unique");
    if (["string", "text", "int", "number"].includes(type)) {
      const min = await input({ message: "min (empty for none)" });
      const max = await input({ message: "max (empty for the default)" });
      if (min) modifiers.push(`min=${min}`);
      if (max) modifiers.push(`max=${max}`);
    }
    const item = [`${name}${required ? "" : "?"}`, type, ...modifiers].join(":");
    // Parse each field as it is entered, so a mistake is caught at once.
    try {
      parseFields(item);
      items.push(item);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
    }
  }
  const spec = items.join(",");
  process.stdout.write(`\n--fields ${spec}\n`);
  if (!(await confirm({ message: "Create this resource?", default: true }))) {
    throw Object.assign(new Error("cancelled"), { name: "ExitPromptError" });
  }
  return parseFields(spec);
}
