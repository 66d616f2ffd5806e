/**
 * What the OpenAPI document says of errors, for every adapter: which statuses an operation
 * can answer besides its own successes, as the contract derives them from what the operation
 * takes (CONTRACT §3), each a problem+json body (`errors[]` on a 422). Routes declare only
 * their successes; the adapter's document builder adds these, so the document stays truthful
 * when a route changes.
 */
import { z } from "zod";
import { PROBLEM_MEDIA_TYPE, statusTitle } from "../errors.js";
import { UNLIMITED_PATHS } from "../limits/limiter.js";

export const SECURITY_SCHEME = "OAuth2PasswordBearer";
export const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

const problemFields = {
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
};

export const ProblemSchema = z
  .object(problemFields)
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export const ValidationProblemSchema = z
  .object({
    ...problemFields,
    errors: z.array(
      z.object({ pointer: z.string(), message: z.string() }).meta({
        id: "FieldError",
        description: "One failed check: a JSON Pointer into the input",
      }),
    ),
  })
  .meta({
    id: "ValidationProblem",
    description: "RFC 9457 problem details of a request that failed validation",
  });

export const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: "The body is not valid JSON (or not UTF-8)",
  401: "No valid access token",
  403: "The access token lacks the scope",
  404: "No such resource",
  413: "The body is larger than MAX_BODY_BYTES",
  415: "The body is not application/json",
  422: "The request failed validation",
  429: "Rate limited; see Retry-After",
  500: "Unexpected error",
};

/** A response entry of the document: a problem+json body, with `errors[]` on a 422. */
export function problemResponse(
  status: number,
  description: string = ERROR_DESCRIPTIONS[status] ?? statusTitle(status),
) {
  return {
    description,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: status === 422 ? ValidationProblemSchema : ProblemSchema,
      },
    },
  };
}

/** What an operation takes, as far as its possible errors go. */
export interface OperationInputs {
  /** In the router's syntax (`/items/:id`) or OpenAPI's (`/items/{id}`). */
  path: string;
  /** Present when the operation requires a token; `scope` when it requires one. */
  auth?: { readonly scope?: string } | undefined;
  /** The body it reads: JSON (400, 413, 415, 422 possible), a form (its own errors), none. */
  body?: "json" | "form" | undefined;
  /** Whether it validates a query string. */
  query?: boolean;
}

/** The error statuses an operation documents (CONTRACT §3), 500 always. */
export function errorStatuses(op: OperationInputs): number[] {
  const statuses = new Set([500]);
  if (!UNLIMITED_PATHS.has(op.path)) statuses.add(429);
  if (op.auth !== undefined) statuses.add(401);
  if (op.auth?.scope !== undefined) statuses.add(403);
  const hasParams = /[:{]/.test(op.path);
  if (hasParams) statuses.add(404);
  if (op.body === "json") for (const s of [400, 413, 415, 422]) statuses.add(s);
  if (op.query === true || hasParams) statuses.add(422);
  return [...statuses].sort((a, b) => a - b);
}

/**
 * An operation marked `"x-optional-body": true` takes no body too (RFC 7009's revoke answers
 * 200 without one): document builders mark every documented body required, so the document
 * would promise a refusal the route never gives. Removes the mark and the requirement.
 */
export function optionalBodies<T>(document: T): T {
  const paths = (
    document as { paths?: Record<string, Record<string, unknown>> }
  ).paths;
  for (const operations of Object.values(paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const op = operation as {
        "x-optional-body"?: boolean;
        requestBody?: { required?: boolean };
      };
      if (op["x-optional-body"] !== true) continue;
      delete op["x-optional-body"];
      if (op.requestBody) op.requestBody.required = false;
    }
  }
  return document;
}
