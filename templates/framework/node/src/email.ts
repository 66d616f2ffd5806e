/**
 * Email addresses: one spelling per mailbox, and no address that looks like another.
 *
 * Registration stores `normaliseEmail(address)`; login and the lockout look accounts up
 * through the same function, so a fullwidth or decomposed spelling reaches (and locks)
 * the same account. The rules are the FastAPI projects' (app/schemas/common.py).
 */
import { z } from "zod";

export const EMAIL_MAX_LENGTH = 254;

// What Python's str.strip() removes, spelt out: JavaScript's trim() differs (it strips a
// BOM, and keeps U+001C..U+001F and U+0085), and the two servers must agree.
const WHITESPACE = String.raw`\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const EDGE_WHITESPACE = new RegExp(`^[${WHITESPACE}]+|[${WHITESPACE}]+$`, "g");

/** The shape checked once the address is normalised. */
const EMAIL_SHAPE = /^[^@\s\0]{1,64}@[^@\s\0]{1,189}\.[^@\s\0.]{1,63}$/u;

/**
 * What the document promises: addresses in ASCII and Latin-1 letters (surrounding
 * whitespace trimmed; no ".."), every one of which the server takes. Other Unicode letters
 * are taken too, one script per label, which JSON Schema cannot say: the description does.
 */
const EMAIL_LETTERS = String.raw`A-Za-z0-9\xc0-\xd6\xd8-\xf6\xf8-\xff`;
export const EMAIL_DOCUMENTED_PATTERN =
  `^[${WHITESPACE}]*(?![^${WHITESPACE}]*\\.\\.)[${EMAIL_LETTERS}!#$%&'*+/=?^_\`{|}~.-]{1,64}` +
  `@[${EMAIL_LETTERS}.-]{1,189}\\.[${EMAIL_LETTERS}-]{1,63}[${WHITESPACE}]*$`;
const EMAIL_DESCRIPTION =
  "An email address, NFKC-normalised, trimmed and lower-cased. Beyond the pattern, other " +
  "Unicode letters are accepted, one script per label (Latin may mix with Han, Kana and " +
  "Hangul); control and invisible characters and mixed-script labels are refused.";

/**
 * Control, format (zero-width, bidi overrides, soft hyphen), surrogate, private-use and
 * unassigned code points, and line and paragraph separators: invisible or ambiguous in
 * an address, never needed in one.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

const LETTER = /\p{L}/u;
// Han, Kana, Hangul and Bopomofo mix with Latin in one word (UTS #39 "highly restrictive").
const HAN_FAMILY =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
const SCRIPTS: readonly (readonly [string, RegExp])[] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Devanagari", /\p{Script=Devanagari}/u],
  ["Bengali", /\p{Script=Bengali}/u],
  ["Tamil", /\p{Script=Tamil}/u],
  ["Thai", /\p{Script=Thai}/u],
  ["Georgian", /\p{Script=Georgian}/u],
  ["Ethiopic", /\p{Script=Ethiopic}/u],
  ["Cherokee", /\p{Script=Cherokee}/u],
];

function scriptOf(letter: string): string {
  if (HAN_FAMILY.test(letter)) return "Han";
  return SCRIPTS.find(([, pattern]) => pattern.test(letter))?.[0] ?? "Other";
}

/** A label like "paypal" spelt with a Cyrillic "а": Latin and another alphabet mixed. */
function mixesLookalikeScripts(part: string): boolean {
  const scripts = new Set<string>();
  for (const char of part) if (LETTER.test(char)) scripts.add(scriptOf(char));
  return (
    scripts.size > 1 && ![...scripts].every((s) => s === "Latin" || s === "Han")
  );
}

/** NFKC folds fullwidth and composed/decomposed forms together; then trimmed, lower-cased. */
export function normaliseEmail(value: string): string {
  return value.normalize("NFKC").replace(EDGE_WHITESPACE, "").toLowerCase();
}

/** Why a normalised address is refused, or undefined. */
export function emailProblem(email: string): string | undefined {
  if (INVISIBLE.test(email))
    return "must not contain control or invisible characters";
  if (
    Array.from(email).length > EMAIL_MAX_LENGTH ||
    !EMAIL_SHAPE.test(email) ||
    email.includes("..")
  ) {
    return "must be an email address";
  }
  if (email.split(/[@.]/).some(mixesLookalikeScripts)) {
    return "must not mix letters of different alphabets in one part";
  }
  return undefined;
}

/** A request body's email: normalised first, then checked. */
export const emailSchema = z
  .string()
  .overwrite(normaliseEmail)
  .check((ctx) => {
    const problem = emailProblem(ctx.value);
    if (problem !== undefined)
      ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  })
  .meta({
    description: EMAIL_DESCRIPTION,
    pattern: EMAIL_DOCUMENTED_PATTERN,
    maxLength: EMAIL_MAX_LENGTH,
  });
