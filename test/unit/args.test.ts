import { describe, expect, it } from "vitest";
import { parseRequest } from "../../src/cli/args.js";
import { UsageError } from "../../src/errors.js";

describe("parseRequest", () => {
  it("treats create-rampart as `new` and reads every choice flag", () => {
    const r = parseRequest(
      ["api", "--framework", "fastapi", "--jwt-alg", "EdDSA", "--no-install", "--yes"],
      "create-rampart",
    );
    expect(r).toMatchObject({
      command: "new",
      positionals: ["api"],
      choices: { framework: "fastapi", jwtAlg: "EdDSA" },
      install: false,
      git: true,
      yes: true,
      dryRun: false,
    });
  });

  it("reads the command from rampart's first positional", () => {
    expect(parseRequest(["add", "endpoint", "orders", "--fields", "a:int"], "rampart")).toMatchObject({
      command: "add",
      positionals: ["endpoint", "orders"],
      fields: "a:int",
    });
    expect(parseRequest([], "rampart").command).toBe("help");
    expect(parseRequest(["regenerate", "--set", "jwtAlg=ES256", "--set", "x=y"], "rampart").set).toEqual([
      "jwtAlg=ES256",
      "x=y",
    ]);
  });

  it.each([
    [["--framework", "flask"], /unknown --framework value "flask": choose one of fastapi, fastify, express, hono/],
    [["--database", "oracle"], /unknown --database value "oracle"/],
    [["--auth", "oidc"], /--auth oidc is not available yet/],
    [["--bogus"], /unknown option --bogus/],
    [["--install", "--no-install"], /contradict/],
    [["--jwt-alg"], /argument missing|requires an argument|--jwt-alg/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseRequest(argv, "create-rampart")).toThrow(UsageError);
    expect(() => parseRequest(argv, "create-rampart")).toThrow(message);
  });

  it("refuses an unknown command", () => {
    expect(() => parseRequest(["deploy"], "rampart")).toThrow(/unknown command "deploy"/);
  });
});
