/**
 * Progress lines for long steps. On a terminal the line shows the elapsed time while the
 * step runs; elsewhere (CI, pipes) it prints one line before and one after.
 */
export interface Reporter {
  info(line: string): void;
  step<T>(label: string, run: () => Promise<T>): Promise<T>;
}

export function createReporter(out: NodeJS.WriteStream = process.stdout): Reporter {
  return {
    info(line) {
      out.write(`${line}\n`);
    },
    async step(label, run) {
      const started = Date.now();
      const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
      let timer: NodeJS.Timeout | undefined;
      if (out.isTTY) {
        timer = setInterval(() => out.write(`\r◇ ${label}… ${elapsed()}`), 250);
      } else {
        out.write(`◇ ${label}…\n`);
      }
      try {
        const result = await run();
        if (timer) out.write("\r\x1b[2K");
        out.write(`✔ ${label} (${elapsed()})\n`);
        return result;
      } catch (error) {
        if (timer) out.write("\r\x1b[2K");
        out.write(`✖ ${label} (${elapsed()})\n`);
        throw error;
      } finally {
        clearInterval(timer);
      }
    },
  };
}
