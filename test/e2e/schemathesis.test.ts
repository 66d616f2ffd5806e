/**
 * CONTRACT §3 "Health and docs": an OpenAPI fuzzer (schemathesis, every check) finds nothing.
 * Per framework, the project of the e2e matrix with the most resources (every field type
 * between them) is served as a user would serve it; an admin (every scope) is bootstrapped through the
 * environment; schemathesis runs every phase (examples, coverage, fuzzing, stateful) with a
 * fixed seed for a bounded time, authenticated, and must report zero failures. Only HTTP is
 * used, so a project of any framework can be put under it.
 *
 * Standalone, against a project of your own:
 *   CONFORMANCE_PROJECTS=/abs/project npx vitest run --config test/conformance/vitest.config.ts \
 *     --root . test/e2e/schemathesis.test.ts
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { adminCreds, adminEnv, adminLogin, withServer } from "../conformance/context.js";
import { adminScopes, loadProject, resourcesOf, type Project } from "../conformance/projects.js";
import { RELAXED } from "../conformance/server.js";
import { ensureSchemathesis, runSchemathesis, SCHEMATHESIS_VERSION } from "./schemathesis.js";

const SEED = 20261201;
// Per framework; with start-up and schema loading, each test stays near a minute and a half, so
// the four frameworks' runs fit CI's time.
const MAX_TIME_SECONDS = 60;

/** The e2e matrix's projects (global setup), or CONFORMANCE_PROJECTS when run on its own. */
function candidates(): Project[] {
  let dirs: string[] = [];
  try {
    dirs = inject("e2eProjects");
  } catch {
    dirs = [];
  }
  if (!dirs || dirs.length === 0) {
    dirs = (process.env.CONFORMANCE_PROJECTS ?? "")
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean);
  }
  if (dirs.length === 0) throw new Error("no project: run in the e2e project, or set CONFORMANCE_PROJECTS");
  return dirs.map((d) => loadProject(path.resolve(d)));
}

/** Per framework, the one with the most resources: the most operations and field types to fuzz. */
function widest(projects: Project[]): Project[] {
  const best = new Map<string, Project>();
  for (const p of projects) {
    const current = best.get(p.answers.framework);
    if (!current || resourcesOf(p).length > resourcesOf(current).length) best.set(p.answers.framework, p);
  }
  return [...best.values()];
}

describe.each(widest(candidates()))(
  `$label: schemathesis ${SCHEMATHESIS_VERSION}, every check and phase`,
  (project) => {
    const password = project.answers.auth === "password";
    const admin = adminCreds();
    let st: string;
    beforeAll(async () => {
      st = await ensureSchemathesis();
    }, 300_000);
    const s = withServer(project, { ...RELAXED, ...(password ? adminEnv(admin) : {}) });

    it(
      "finds no failure in any operation",
      async () => {
        const scopes = [...adminScopes(project)];
        const caller = password ? await adminLogin(s.api, admin) : s.api.mint?.(scopes.join(" "));
        expect(caller, "a token for the fuzzer").toBeDefined();
        expect(new Set(caller?.scope.split(" ")), "the fuzzer's token has every scope").toEqual(new Set(scopes));
        const config = path.join(project.dir, "schemathesis.toml");
        const result = await runSchemathesis(st, {
          baseUrl: s.server.baseUrl,
          token: caller?.access ?? "",
          seed: SEED,
          maxTimeSeconds: MAX_TIME_SECONDS,
          configFile: existsSync(config) ? config : undefined,
        });
        // Its summary is not printed on success: it closes with a pytest-style line ("1 warning
        // in 194.38s") that CI would read as a test run of no test. A failure shows it in full.
        expect(result.summary, "schemathesis printed its summary").not.toBe("");
        const selected = /Selected: (\d+)\/(\d+)/.exec(result.summary);
        const tested = /Tested: (\d+)/.exec(result.summary);
        expect(selected?.[1], `every operation selected:\n${result.summary}`).toBe(selected?.[2]);
        expect(tested?.[1], `every operation tested:\n${result.summary}`).toBe(selected?.[2]);
        expect(result.exitCode, result.failures.slice(0, 30_000) || result.output.slice(-5000)).toBe(0);
      },
      (MAX_TIME_SECONDS + 150) * 1000,
    );
  },
);
