/**
 * The in-process store: counters live in this process's memory, so each instance counts on
 * its own (`--rate-limit-store redis` shares them). Also what the Redis layer's tests use
 * when no Redis is configured.
 */
import { RateLimiterMemory } from "rate-limiter-flexible";

import { counterOver, limiterOptions, type LimiterStore } from "./counter.js";

export function createMemoryStore(): LimiterStore {
  return {
    counter: (options) =>
      counterOver(new RateLimiterMemory(limiterOptions(options, options.name))),
    isReady: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
}
