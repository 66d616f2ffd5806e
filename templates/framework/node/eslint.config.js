// typescript-eslint's strictest type-aware presets, plus one project rule: no raw SQL.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

// Kysely's escape hatches put text into the SQL unparameterised (its docs warn that they
// inject). Queries are built from the typed query builder; the one file that maps
// allow-listed sort keys to columns is the exception below.
const RAW_SQL = "raw|lit|ref|id|table";
const rawSqlMessage =
  "Raw SQL can inject: use the typed query builder (sort keys go through src/db/sort.ts).";
const noRawSql = [
  {
    selector: `MemberExpression[object.name='sql'][property.name=/^(${RAW_SQL})$/]`,
    message: rawSqlMessage,
  },
  {
    selector: `MemberExpression[object.name='sql'][property.value=/^(${RAW_SQL})$/]`,
    message: rawSqlMessage,
  },
  {
    selector:
      "MemberExpression[object.name='CompiledQuery'][property.name='raw']",
    message: rawSqlMessage,
  },
  {
    selector: "MemberExpression[property.name='dynamic']",
    message: rawSqlMessage,
  },
  {
    selector:
      "VariableDeclarator[id.type='ObjectPattern'][init.name=/^(sql|CompiledQuery)$/]",
    message: rawSqlMessage,
  },
];

export default defineConfig(
  { ignores: ["dist/", "coverage/", "data/"] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "no-restricted-syntax": ["error", ...noRawSql],
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true },
      ],
    },
  },
  {
    files: ["src/db/sort.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Tests assert on values the type system cannot narrow (`rows[0]!`).
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    // This file and other plain JS: not in tsconfig.json, so no type-aware rules.
    files: ["**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
