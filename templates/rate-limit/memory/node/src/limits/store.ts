/**
 * This project's limiter store: in-process (`--rate-limit-store memory`). Counters are per
 * instance and start afresh on restart: run one instance, or move to the Redis store.
 */
import type { CreateLimiterStore } from "./counter.js";
import { createMemoryStore } from "./memory-store.js";

export const createLimiterStore: CreateLimiterStore = () =>
  Promise.resolve(createMemoryStore());
