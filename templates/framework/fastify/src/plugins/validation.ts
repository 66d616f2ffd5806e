/**
 * Zod is the only validator: Fastify's Ajv defaults (`removeAdditional`, `coerceTypes`) never
 * see a schema, for bodies, query strings and params alike. A failure keeps Zod's issues and
 * where they came from, so the error handler can answer the core's 422 pointers.
 */
import type { FastifySchemaCompiler } from "fastify";
import fp from "fastify-plugin";
import { serializerCompiler } from "fastify-type-provider-zod";
import type { z } from "zod";

export type RequestPart = "body" | "querystring" | "params" | "headers";

export class RequestValidationError extends Error {
  readonly statusCode = 422;
  constructor(
    readonly issues: readonly z.core.$ZodIssue[],
    readonly part: RequestPart,
  ) {
    super("The request failed validation");
    this.name = "RequestValidationError";
  }
}

const isZodSchema = (schema: unknown): schema is z.ZodType =>
  typeof schema === "object" && schema !== null && "safeParse" in schema;

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({
  schema,
  httpPart,
}) => {
  if (!isZodSchema(schema))
    throw new TypeError(`a ${String(httpPart)} schema that is not Zod`);
  const part = (httpPart ?? "body") as RequestPart;
  return (data: unknown) => {
    const result = schema.safeParse(data);
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(result.error.issues, part) };
  };
};

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app) => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
  },
  { name: "validation" },
);
