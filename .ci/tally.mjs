// Adds up the Vitest JSON reports of a CI run into one closing line, `N passed, N failed,
// N skipped`: the form CI reads to know that tests ran. Vitest's own summary ("Tests  416
// passed (416)") is not a form it reads, and a run is spread over three Vitest invocations.
import { readFileSync } from "node:fs";

const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error("usage: node .ci/tally.mjs REPORT.json [REPORT.json …]");
  process.exitCode = 2;
} else {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of reports) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  }
  console.log(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
