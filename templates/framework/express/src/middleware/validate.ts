/**
 * Zod is the only validator, for path parameters, the query string and the body alike (in
 * that order, the first failure answers). Express 5's `req.query` is a getter, so what the
 * schemas return (defaults applied, text turned into numbers) goes to `res.locals`, typed
 * for the handler by its route declaration. A failure is the core's 422 with pointers.
 */
import type { RequestHandler } from "express";
import type { z } from "zod";
import { unprocessable } from "../errors.js";
import { zodIssuesToErrors } from "../validation.js";

export interface RequestSchemas {
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
}

const PARTS = ["params", "query", "body"] as const;

export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, res, next) => {
    for (const part of PARTS) {
      const schema = schemas[part];
      if (schema === undefined) continue;
      const result = schema.safeParse(req[part]);
      if (!result.success)
        throw unprocessable(zodIssuesToErrors(result.error.issues));
      res.locals[part] = result.data;
    }
    next();
  };
}
