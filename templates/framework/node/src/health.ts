/** Readiness: the database answers a trivial query, within a bound. */
import { sql, type Kysely } from "kysely";

const READY_TIMEOUT_MS = 2000;

export async function isDatabaseReady<DB>(
  db: Kysely<DB>,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
  });
  const ping = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
