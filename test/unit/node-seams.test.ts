/**
 * The Node core's config.ts and README are layers, not `{{#if}}` forests: what depends on the
 * auth mode, the database or the rate-limit store is a `_slots/` fragment of the layer that
 * depends on it (auth/password/node, database/<db>/node, rate-limit/<store>/node). These
 * tests pin both halves: the core templates stay free of block conditionals on those answers,
 * and every combination still renders what its layers say.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildContext } from "../../src/core/context.js";
import { collectSlots, renderTemplate } from "../../src/core/layer.js";
import { buildNewProject } from "../../src/core/pipeline.js";
import { planProject } from "../../src/core/plan.js";
import { TEMPLATES_DIR } from "../../src/paths.js";
import type { Answers } from "../../src/options.js";
import { combinations } from "../combinations.js";

const CORE = path.join(TEMPLATES_DIR, "framework", "node");
const core = (rel: string) => readFileSync(path.join(CORE, rel), "utf8");
const conditionals = (text: string) => text.match(/\{\{#if |\{\{#unless |\{\{else/g) ?? [];

describe("the Node core templates", () => {
  it("config.ts has no conditional at all: every auth or store difference is a slot", () => {
    expect(conditionals(core("src/config.ts.hbs"))).toEqual([]);
  });

  it("README.md keeps only inline conditionals no line-based slot can express", () => {
    const readme = core("README.md.hbs");
    // Whole lines and sections come from the layers; what is left is inside one line of
    // prose or one table cell (and the `, ` between listed resources).
    for (const line of readme.split("\n").filter((l) => /\{\{#(?:if|unless) /.test(l))) {
      expect(line, "a conditional on a line of its own belongs in a layer's _slots/").not.toMatch(
        /^\{\{#(?:if|unless) [^}]*\}\}$/,
      );
    }
    expect(conditionals(readme).length).toBeLessThanOrEqual(14);
  });
});

const fastify = [...combinations()].filter((c) => c.framework === "fastify");

describe.each(fastify)("the Node config and README of %o", (choices) => {
  it("hold what the chosen layers contribute, and only that", async () => {
    const answers: Answers = { projectName: "seams-api", ...choices };
    const tree = await buildNewProject(answers);
    const config = String(tree.get("src/config.ts"));
    const readme = String(tree.get("README.md"));
    const password = choices.auth === "password";
    const redis = choices.rateLimitStore === "redis";
    const server = choices.database !== "sqlite";
    // Prettier pads table cells: match a row by its first cell.
    const row = (cell: string) => new RegExp(`^\\| ${cell.replace(/[|()]/g, "\\$&")} +\\|`, "m").test(readme);

    expect(config.includes('import { PROJECT_ROOT, type Environment } from "./env.js";')).toBe(password);
    expect(config.includes(`JWT_ALGORITHM: z.enum(["HS256", "EdDSA", "ES256"]).default("${choices.jwtAlg}")`)).toBe(
      password,
    );
    expect(config.includes("function keyFile(")).toBe(password);
    expect(config.includes("REDIS_URL is not set")).toBe(redis);
    // The store's check comes before the auth checks, as it always did.
    if (redis && password)
      expect(config.indexOf("REDIS_URL is not set")).toBeLessThan(config.indexOf("argon2 parameters"));

    expect(readme.includes("## Try it")).toBe(password);
    expect(row("`DATABASE_POOL_SIZE`")).toBe(server);
    expect(readme.includes("If the database does not answer at start")).toBe(server);
    expect(readme.includes('echo "DB_PASSWORD=')).toBe(server);
    expect(row("`REDIS_KEY_PREFIX`")).toBe(redis);
    expect(readme.includes("- **When Redis does not answer**")).toBe(redis);
    expect(readme.includes("The in-memory store is per process")).toBe(!redis);
    expect(row(choices.jwtAlg === "HS256" ? "`JWT_SECRET`" : "`JWT_PRIVATE_KEY_FILE`, `JWT_PUBLIC_KEY_FILE`")).toBe(
      password,
    );
    expect(
      readme.match(/^- \*\*Rate limits\*\*.*\n {2}headers on every response, 429 with `Retry-After`\. /m),
    ).not.toBeNull();
    expect(readme).not.toMatch(/\n\n\n/);
  });
});

/** How each Node framework's own docs and README name it, and where its docs live. */
const FRAMEWORKS = {
  fastify: { label: "Fastify", docs: "fastify.dev" },
  express: { label: "Express", docs: "expressjs.com" },
  hono: { label: "Hono", docs: "hono.dev" },
} as const;

describe.each(Object.entries(FRAMEWORKS))("the README of a %s project", (framework, own) => {
  it("speaks of its own framework only: layout, how to add a route, its docs", async () => {
    const answers: Answers = {
      projectName: "seams-api",
      framework: framework as Answers["framework"],
      database: "sqlite",
      auth: "password",
      jwtAlg: "HS256",
      rateLimitStore: "memory",
    };
    const readme = String((await buildNewProject(answers)).get("README.md"));
    expect(readme).toContain(`A TypeScript API on ${own.label}, generated by`);
    for (const file of ["`src/server.ts`", "`src/app.ts`", "`src/routes/`", "`test/`"]) {
      expect(readme, file).toMatch(new RegExp(`^\\| ${file.replace(/[/.]/g, "\\$&")} +\\|`, "m"));
    }
    const section = readme.split("## Add a route by hand")[1]?.split("\n## ")[0] ?? "";
    expect(section, "an 'Add a route by hand' section").toMatch(/```ts\n[\s\S]+\n```/);
    expect(section).toContain(own.docs);
    for (const other of Object.values(FRAMEWORKS).filter((f) => f !== own)) {
      expect(readme, other.label).not.toMatch(new RegExp(`\\b${other.label}\\b`));
      expect(readme, other.docs).not.toContain(other.docs);
    }
  });
});

describe("a Node project without the password layer (the future `--auth oidc`)", () => {
  // No auth/oidc layer exists yet: render the core with every layer but auth/password, as
  // an OIDC project would be before its own layer adds anything.
  const answers: Answers = {
    projectName: "seams-api",
    framework: "fastify",
    database: "postgres",
    auth: "oidc",
    jwtAlg: "HS256",
    rateLimitStore: "redis",
  };
  const layers = planProject(answers).layers.filter((layer) => !layer.includes(`${path.sep}auth${path.sep}`));
  const data = { ...buildContext(answers), slots: collectSlots(layers) };

  it("config.ts carries no signing-key settings, checks or imports", () => {
    const config = renderTemplate(core("src/config.ts.hbs"), data);
    expect(config).not.toMatch(/JWT|PROJECT_ROOT|node:fs|node:path|keyFile|argon2 parameters/);
    expect(config).toMatch(/import \{\s*type Environment,\s*\} from "\.\/env\.js";/);
    expect(config).toContain("REDIS_URL is not set");
  });

  it("the README has no password sections", () => {
    const readme = renderTemplate(core("README.md.hbs"), data);
    // (`JWT_SECRET` is still named once, inline in Deploy: see is.HS256 in README.md.hbs.)
    expect(readme).not.toMatch(/## Try it|\| `JWT_|JWT_ISSUER|\*\*Passwords\*\*|login attempts|and the login lockout/);
    expect(readme).toContain("| `DATABASE_POOL_SIZE` |");
    expect(readme).toContain("- **When Redis does not answer**");
  });
});
