/**
 * The stack-neutral part of a resource as its templates see it: its names, its migration's
 * place, the columns a client may sort by, its unique fields and the literals of its
 * generated tests (samples.ts' bodies and invalid changes). Each stack (src/stacks/*-resource.ts)
 * adds its own type mapping and spells the literals in its own language.
 */
import type { EndpointRecord } from "../core/manifest.js";
import type { FieldSpec } from "./fields.js";
import { resourceNames, type ResourceNames } from "./resource.js";
import { exactDecimal, invalidChanges, sortable, validBody, type Json } from "./samples.js";

/** How a stack writes the test literals. */
export interface Literals {
  /** A string literal: `"title"`. */
  str(value: string): string;
  /** Any JSON-compatible value. */
  value(value: Json): string;
  /** A string of `char` repeated `times` times: `"x".repeat(10001)`, `"x" * 10001`. */
  repeat(char: string, times: number): string;
}

export interface ResourceView extends ResourceNames {
  /** Whether the resource's table has a migration of its own (the built-in `items` may not). */
  ownMigration: boolean;
  revision: string;
  downRevision: string;
  /** Columns a client may sort by (`sort=-created_at` is descending): the timestamps, then each sortable field. */
  sortKeys: string[];
  uniqueFields: string[];
  /** Each decimal field with a value a float would not keep exactly, to round-trip. */
  decimals: { field: FieldSpec; value: string }[];
  /** Literals for the generated tests. */
  test: {
    valid: string;
    update: string;
    /** Each a change to the valid body: `key` set to `value`, or removed when `value` is absent. */
    invalid: { why: string; key: string; value?: string }[];
    sortField: string;
    requiredField?: string;
  };
}

export function resourceView(record: EndpointRecord, ownMigration: boolean, literals: Literals): ResourceView {
  const { fields } = record;
  const sortKeys = ["created_at", "updated_at", ...fields.filter(sortable).map((f) => f.name)];
  // A long run of one character (a too-long string) is spelled as a repetition.
  const expression = (value: Json) => {
    const run = typeof value === "string" && value.length > 16 && /^(.)\1*$/su.exec(value);
    return run ? literals.repeat(run[1] ?? "", [...value].length) : literals.value(value);
  };
  return {
    ...resourceNames(record.name),
    ownMigration,
    revision: record.revision,
    downRevision: record.downRevision,
    sortKeys,
    uniqueFields: fields.filter((f) => f.unique).map((f) => f.name),
    decimals: fields.filter((f) => f.type === "decimal").map((field) => ({ field, value: exactDecimal(field) })),
    test: {
      valid: literals.value(validBody(fields, 0)),
      update: literals.value(validBody(fields, 1)),
      invalid: invalidChanges(fields).map(({ why, key, value }) => ({
        why: literals.str(why),
        key: literals.str(key),
        ...(value === undefined ? {} : { value: expression(value) }),
      })),
      sortField: sortKeys.at(-1) ?? "created_at",
      requiredField: fields.find((f) => !f.optional)?.name,
    },
  };
}
