// The project's store (src/limits/store.ts, memory or Redis): in tests without a Redis it
// counts in-process, and it always answers these calls.
import { describe, expect, it } from "vitest";

import { createLimiterStore } from "../../src/limits/store.js";

describe("createLimiterStore", () => {
  it("makes independent counters that reset", async () => {
    const store = await createLimiterStore({
      appEnv: "test",
      redisUrl: undefined,
      redisKeyPrefix: "store-test",
    });
    expect(await store.isReady()).toBe(true);
    const a = store.counter({ name: "a", limit: 1, windowSeconds: 60 });
    const b = store.counter({ name: "b", limit: 1, windowSeconds: 60 });
    expect((await a.hit("k")).allowed).toBe(true);
    expect((await a.hit("k")).allowed).toBe(false);
    expect((await b.hit("k")).allowed).toBe(true);
    await a.reset("k");
    expect(await a.hit("k")).toMatchObject({ allowed: true, count: 1 });
    await store.close();
  });
});
