// CONTRACT §2 "Logs": one line per event, client values with their control characters
// escaped (no forged lines), and no stack trace from the app or anything under it.

/** A log line starting with this was written by a client, not by the server. */
export function forgedMarker(): string {
  return `FORGED-${Math.random().toString(36).slice(2, 10)}`;
}

const STACK_TRACE: Array<[string, RegExp]> = [
  ["a Python traceback", /Traceback \(most recent call last\)/],
  ["a Python frame line", /^\s+File ".*", line \d+/m],
  ["a chained exception", /During handling of the above exception|The above exception was the direct cause/],
  ["an exception on a line of its own", /^[\w.]*(Error|Exception)(: .*)?$/m],
  ["a Node.js stack frame", /^\s+at .+:\d+:\d+\)?$/m],
];

// C0 (but tab and newline), DEL, C1 (NEL included), and the Unicode line and paragraph
// separators: each can end a line, move the cursor or colour a terminal.
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/; // eslint-disable-line no-control-regex

/** What is wrong with a server's captured output (empty when nothing is). */
export function logViolations(out: string, markers: string[] = []): string[] {
  const v: string[] = [];
  for (const [what, re] of STACK_TRACE) {
    const m = re.exec(out);
    if (m) v.push(`${what}: ${JSON.stringify(m[0].slice(0, 120))}`);
  }
  const raw = RAW_CONTROL.exec(out);
  if (raw) {
    const at = raw.index;
    v.push(`a raw control character in the log: ${JSON.stringify(out.slice(Math.max(0, at - 60), at + 20))}`);
  }
  for (const line of out.split("\n")) {
    const forged = markers.find((m) => line.trimStart().startsWith(m));
    if (forged) v.push(`a forged log line: ${JSON.stringify(line.slice(0, 160))}`);
  }
  return v;
}
