/**
 * Request bodies: JSON only, parsed strictly, by one parser every adapter calls. Bytes that
 * are not UTF-8 (UTF-16 and UTF-32 included, with or without a BOM, whatever charset the
 * Content-Type names) are not a JSON text (RFC 8259 §8.1), and a nesting deeper than any real
 * payload is refused while parsing: both are 400, never 422 or 500. Anything but
 * `application/json` sent to a JSON route is the adapter's 415.
 */
import { HttpError } from "../errors.js";

/** Deep enough for any body this API takes; shallow enough that no parser recursion hurts. */
export const MAX_JSON_DEPTH = 64;

export const UNSUPPORTED_MEDIA_TYPE =
  "The request body must be application/json";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class MalformedBodyError extends HttpError {
  constructor(detail: string) {
    super(400, detail);
  }
}

/** A Content-Type header's media type, lower case, without parameters ("" when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
}

/** Whether a body so labelled is the JSON a JSON route takes (its charset is checked by parsing). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return mediaTypeOf(contentType) === "application/json";
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

/** The JSON value of a request body, or a `MalformedBodyError` (400) saying what is wrong. */
export function parseJsonBody(body: Uint8Array): unknown {
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
