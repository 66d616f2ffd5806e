/**
 * Request bodies: JSON only, parsed strictly. Bytes that are not UTF-8 (UTF-16 and UTF-32
 * included, with or without a BOM) are not a JSON text (RFC 8259 §8.1), and a nesting deeper
 * than any real payload is refused while parsing: both are 400, never 422 or 500. Fastify's
 * `text/plain` parser goes, so a JSON route sent anything else answers 415; the form parser is
 * registered by the two OAuth routes that take forms, and by them only.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { HttpError } from "../errors.js";

/** Deep enough for any body this API takes; shallow enough that no parser recursion hurts. */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class MalformedBodyError extends HttpError {
  constructor(detail: string) {
    super(400, detail);
  }
}

/** The deepest nesting of `[` / `{` outside strings, stopping as soon as it passes `limit`. */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function parseJsonBody(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new MalformedBodyError("The request body is not UTF-8");
  }
  // A BOM is not part of a JSON text; its presence means some other encoding was meant.
  if (text.charCodeAt(0) === 0xfeff || text.includes("\u0000")) {
    throw new MalformedBodyError("The request body is not valid JSON");
  }
  if (nestingExceeds(text, MAX_JSON_DEPTH))
    throw new MalformedBodyError("The request body is nested too deeply");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MalformedBodyError("The request body is not valid JSON");
  }
}

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      "application/json",
      { parseAs: "buffer" },
      (_request, body: Buffer, done) => {
        try {
          done(null, parseJsonBody(body));
        } catch (err) {
          done(err as Error, undefined);
        }
      },
    );
  },
  { name: "json-body" },
);
