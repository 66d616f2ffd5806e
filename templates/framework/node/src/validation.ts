/**
 * Zod issues → the `errors[]` of a 422, with the pointers the FastAPI projects send: a JSON
 * Pointer (RFC 6901) into the body (`/tags/0/name`, `""` for the body itself), and
 * `/<name>` for a query or path parameter: pointers never name the location, as FastAPI's
 * don't, so one function serves body, query and params alike.
 */
import type { z } from "zod";
import type { FieldError } from "./errors.js";

/** `["tags", 0, "a/b"]` → `/tags/0/a~1b`; `[]` → `""`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path
    .map(
      (part) => "/" + String(part).replaceAll("~", "~0").replaceAll("/", "~1"),
    )
    .join("");
}

/**
 * One entry per failed check. An unknown field is reported at the field itself (as
 * Pydantic's `extra="forbid"` does), not at the object holding it, so a client can tell
 * which one to drop.
 */
export function zodIssuesToErrors(
  issues: readonly z.core.$ZodIssue[],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        errors.push({
          pointer: toPointer([...issue.path, key]),
          message: "Extra inputs are not permitted",
        });
      }
    } else {
      errors.push({ pointer: toPointer(issue.path), message: issue.message });
    }
  }
  return errors;
}
