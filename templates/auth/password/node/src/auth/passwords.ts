/**
 * Password hashing (argon2id through @node-rs/argon2) and the password policy.
 *
 * Each hash holds a libuv thread and `memoryCost` KiB for its whole run, so hashing runs
 * behind a few slots: a flood of logins queues here, slowing logins only, while every
 * other route keeps the event loop, the thread pool and its memory.
 */
import { availableParallelism } from "node:os";
import { hash, parseOptions, verify } from "@node-rs/argon2";
import { isBreachedPassword } from "./breached.js";

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 has no 72-byte cut like bcrypt: this only bounds the work a request can ask for. */
export const PASSWORD_MAX_LENGTH = 128;

/** argon2id costs: OWASP's floor is m=19456 KiB, t=2 (the library's defaults), p=1. */
export interface Argon2Cost {
  timeCost: number;
  memoryCost: number;
}

export interface VerifyResult {
  matches: boolean;
  /** A fresh hash when the stored one used other parameters and the password matched. */
  rehashed?: string;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** `stored` undefined or null (no such user): a dummy hash is verified, at the same cost. */
  verify(
    password: string,
    stored: string | null | undefined,
  ): Promise<VerifyResult>;
}

/** Length in characters (code points), as the contract and FastAPI count it. */
export function characterLength(value: string): number {
  return Array.from(value).length;
}

/** Why this password is refused as a new one, or undefined. */
export function passwordProblem(password: string): string | undefined {
  const length = characterLength(password);
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return `must be ${String(PASSWORD_MIN_LENGTH)} to ${String(PASSWORD_MAX_LENGTH)} characters`;
  }
  if (password.includes("\u0000")) return "must not contain NUL characters";
  if (isBreachedPassword(password)) {
    return "is too common: it appears in lists of breached passwords";
  }
  return undefined;
}

/** A counting semaphore: at most `size` tasks run at once, the rest wait in arrival order. */
export class Slots {
  readonly #waiting: (() => void)[] = [];
  #free: number;

  constructor(size: number) {
    this.#free = Math.max(1, Math.floor(size));
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/**
 * One hash per core, and always one libuv thread left over (4 unless UV_THREADPOOL_SIZE
 * says otherwise) for the file system, DNS and crypto work of every other route.
 */
export function hashingSlots(): number {
  const threadPool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), threadPool - 1));
}

const DUMMY_PASSWORD = "dummy password for timing equalisation";

/** Whether `stored` was made with other parameters than `cost` (argon2id, v=19, p=1). */
export function needsRehash(stored: string, cost: Argon2Cost): boolean {
  if (!stored.startsWith("$argon2id$v=19$")) return true;
  let used: ReturnType<typeof parseOptions>;
  try {
    used = parseOptions(stored);
  } catch {
    return true;
  }
  return (
    used.memoryCost !== cost.memoryCost ||
    used.timeCost !== cost.timeCost ||
    used.parallelism !== 1
  );
}

export function createPasswordHasher(
  cost: Argon2Cost,
  slots = new Slots(hashingSlots()),
): PasswordHasher {
  // The library's default algorithm is argon2id; its `Algorithm` is a const enum, which
  // isolated modules cannot import, so it is left to the default.
  const options = {
    memoryCost: cost.memoryCost,
    timeCost: cost.timeCost,
    parallelism: 1,
  };
  const hashPassword = (password: string) => hash(password, options);
  // Made once, up front: verified against when the account does not exist.
  const dummy = slots.run(() => hashPassword(DUMMY_PASSWORD));
  dummy.catch(() => undefined); // awaited (and so reported) by the first verify that needs it

  return {
    hash: (password) => slots.run(() => hashPassword(password)),

    async verify(password, stored) {
      const target = stored ?? (await dummy);
      return slots.run(async () => {
        let matches: boolean;
        try {
          matches = await verify(target, password);
        } catch {
          return { matches: false }; // an unreadable stored hash is a failed login, not a 500
        }
        if (!matches || stored == null) return { matches: false };
        if (!needsRehash(stored, cost)) return { matches };
        return { matches, rehashed: await hashPassword(password) };
      });
    },
  };
}
