import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "templates/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["bin/**/*.js", "bench/**/*.mjs", ".ci/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  {
    rules: {
      // Library code returns exit codes; only bin/ sets process.exitCode.
      "no-restricted-properties": ["error", { object: "process", property: "exit", message: "return an exit code instead" }],
    },
  },
  {
    // Forging malformed tokens means deleting claims by name.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-dynamic-delete": "off" },
  },
);
