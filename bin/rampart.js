#!/usr/bin/env node
import module from "node:module";

// Node 22.1+ caches compiled code between runs: generation time is mostly module loading.
module.enableCompileCache?.();
const { main } = await import("../dist/src/cli/main.js");
process.exitCode = await main(process.argv.slice(2), "rampart");
