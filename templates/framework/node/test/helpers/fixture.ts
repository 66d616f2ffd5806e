/**
 * A test file's shared fixture: `make` runs before the file's tests (vitest's beforeAll,
 * in the order the fixtures are declared) and `destroy` after them. The object returned
 * reads through to what `make` made, so a file may declare `const t = useTestDatabase()`
 * at its top and use `t.db` in its tests; it throws if read before then.
 */
import { afterAll, beforeAll } from "vitest";

export function fixture<T extends object>(
  make: () => Promise<T>,
  destroy?: (made: T) => Promise<void>,
): T {
  let made: T | undefined;
  beforeAll(async () => {
    made = await make();
  });
  afterAll(async () => {
    if (made !== undefined) await destroy?.(made);
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (made === undefined)
        throw new Error("A fixture is made in beforeAll: read it in a test");
      return Reflect.get(made, key) as unknown;
    },
  });
}
