/**
 * Just enough of ruff's formatting rules to emit generated Python already formatted: a
 * statement that fits the line stays on one line; one that does not is split one argument
 * per line with a magic trailing comma, which ruff keeps exactly as it is.
 */
export const PY_LINE_LENGTH = 100;

export function pyCall(prefix: string, args: string[], suffix = "", indent = 0): string {
  const pad = " ".repeat(indent);
  const oneLine = `${pad}${prefix}(${args.join(", ")})${suffix}`;
  if (oneLine.length <= PY_LINE_LENGTH) return oneLine;
  const inner = " ".repeat(indent + 4);
  return [`${pad}${prefix}(`, ...args.map((a) => `${inner}${a},`), `${pad})${suffix}`].join("\n");
}

/** A Python string literal the way ruff writes it: double quotes unless that needs escapes. */
export function pyStr(value: string): string {
  const escaped = value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll("\0", "\\x00");
  if (escaped.includes('"') && !escaped.includes("'")) return `'${escaped}'`;
  return `"${escaped.replaceAll('"', '\\"')}"`;
}

/** A number literal as ruff leaves it: ints stay ints, `1e9` becomes `1000000000.0`. */
export function pyNumber(value: number, float: boolean): string {
  if (!float) return String(value);
  const text = Number.isInteger(value) ? `${value}.0` : String(value);
  return text.includes("e") ? value.toExponential() : text;
}

/** A JSON-compatible value as a Python literal (for generated tests). */
export function pyLiteral(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === "string") return pyStr(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyStr(k)}: ${pyLiteral(v)}`);
  return `{${entries.join(", ")}}`;
}
