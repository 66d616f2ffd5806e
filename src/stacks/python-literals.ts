/** Python literals for generated code and tests (formatting is left to ruff). */

export function pyStr(value: string): string {
  return JSON.stringify(value).replaceAll("\\u0000", "\\x00");
}

/** A JSON-compatible value as a Python literal; long runs of one character as `"x" * n`. */
export function pyLiteral(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const run = /^(.)\1{19,}$/su.exec(value);
    return run ? `${pyStr(run[1] ?? "")} * ${value.length}` : pyStr(value);
  }
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyStr(k)}: ${pyLiteral(v)}`);
  return `{${entries.join(", ")}}`;
}
