/**
 * User values (names, flag values, paths) reach the terminal inside messages. A value holding
 * ESC could recolour, retitle or clear the terminal, and a newline could forge a line of
 * output, so every message is escaped once, where the CLI writes it.
 */

// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** One line, with every control character spelled as an escape (`\x1b`, `\n`, `\u2028`). */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
  });
}

/** Several lines (a tool's captured output): each line escaped, the line breaks kept. */
export function printableLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => printable(line.replace(/\t/g, "  ")))
    .join("\n");
}
