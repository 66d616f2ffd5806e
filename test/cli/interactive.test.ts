/**
 * On a terminal, every missing choice is a prompt (CONTRACT §1), and `add endpoint` without
 * `--fields` asks field by field. `script` gives the CLI a real pseudo-terminal; each answer
 * is typed once its question is on screen.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GIT_IDENTITY } from "../git-identity.js";
import { fakePython, sandbox } from "./fake-tools.js";
import { DOWN, converse } from "./pty.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Ctrl-U: readline clears the line, so the next answer is typed afresh. */
const CLEAR = "\x15";

describe("on a terminal", () => {
  it("asks for the directory and every choice, with the registry's defaults", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "rampart-tty-"));
    const { code, screen } = await converse(`node ${ROOT}/bin/create-rampart.js --no-install --no-git`, cwd, [
      [/Project directory/, "tty-api\r"],
      [/Framework/, "\r"],
      [/Database/, "\r"],
      [/Authentication/, "\r"],
      [/JWT signing algorithm/, `${DOWN}\r`],
      [/Rate-limit store/, "\r"],
    ]);
    expect(code, screen).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(cwd, "tty-api", "rampart.json"), "utf8"));
    expect(manifest.answers).toEqual({
      projectName: "tty-api",
      framework: "fastapi",
      database: "sqlite",
      auth: "password",
      jwtAlg: "EdDSA",
      rateLimitStore: "memory",
    });
  });

  it("asks field by field for `add endpoint` without --fields, then shows the spec", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "rampart-tty-"));
    const made = await converse(`node ${ROOT}/bin/create-rampart.js api --yes --no-install --no-git`, cwd, []);
    expect(made.code, made.screen).toBe(0);
    const { code, screen } = await converse(`node ${ROOT}/bin/rampart.js add endpoint tags`, path.join(cwd, "api"), [
      [/Field 1 of tags/, "label\r"],
      [/Type of label/, "\r"],
      [/required/, "\r"],
      [/Unique per owner/, "y\r"],
      [/min/, "\r"],
      [/max/, "40\r"],
      [/Field 2 of tags/, "\r"],
      [/Create this resource/, "\r"],
    ]);
    expect(code, screen).toBe(0);
    expect(screen).toContain("--fields label:string:unique:max=40");
    const manifest = JSON.parse(readFileSync(path.join(cwd, "api", "rampart.json"), "utf8"));
    expect(manifest.endpoints.map((e: { name: string }) => e.name)).toEqual(["tags"]);
    expect(manifest.endpoints[0].fields).toEqual([
      { name: "label", type: "string", optional: false, unique: true, max: 40 },
    ]);
  });

  it("asks for the directory again after an invalid name or a directory in use, saying why", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "rampart-tty-"));
    mkdirSync(path.join(cwd, "taken"));
    writeFileSync(path.join(cwd, "taken", "notes.txt"), "a user's file\n");
    // Every choice given as a flag: only the directory is asked.
    const choices = "--database sqlite --auth password --jwt-alg HS256 --rate-limit-store memory --framework fastapi";
    const command = `node ${ROOT}/bin/create-rampart.js ${choices} --no-install --no-git`;
    const { code, screen } = await converse(command, cwd, [
      [/Project directory/, "My_API\r"],
      [/invalid project name "My_API"/, `${CLEAR}taken\r`],
      [/taken is not empty/, `${CLEAR}fresh-api\r`],
    ]);
    expect(code, screen).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd, "fresh-api", "rampart.json"), "utf8")).answers.projectName).toBe(
      "fresh-api",
    );
    expect(readFileSync(path.join(cwd, "taken", "notes.txt"), "utf8")).toBe("a user's file\n");
  });

  it("asks for the endpoint name of `add endpoint` without one, checking each answer", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "rampart-tty-"));
    const made = await converse(`node ${ROOT}/bin/create-rampart.js api --yes --no-install --no-git`, cwd, []);
    expect(made.code, made.screen).toBe(0);
    const { code, screen } = await converse(
      `node ${ROOT}/bin/rampart.js add endpoint --fields title:string`,
      path.join(cwd, "api"),
      [
        [/Endpoint name/, "Orders\r"],
        [/not a snake_case identifier/, `${CLEAR}items\r`],
        [/exists already/, `${CLEAR}orders\r`],
      ],
    );
    expect(code, screen).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(cwd, "api", "rampart.json"), "utf8"));
    expect(manifest.endpoints.map((e: { name: string }) => e.name)).toEqual(["orders"]);
  });

  it("Ctrl-C on the terminal during the install says the project is complete and how to finish, exit 130", async () => {
    // The terminal sends SIGINT to the whole foreground group: rampart and the install under it.
    const box = sandbox({ python3: fakePython("exec sleep 60") });
    const { code, screen } = await converse(
      `node ${ROOT}/bin/create-rampart.js api --yes`,
      box.dir,
      [[/Installing dependencies… \d/, "\x03"]],
      { ...GIT_IDENTITY, PATH: `${box.bin}:${process.env.PATH}` },
    );
    expect(code, screen).toBe(130);
    expect(screen).toMatch(/was interrupted/);
    expect(screen).toMatch(/the project itself is complete in api/);
    expect(screen).toContain(".venv/bin/pip install");
    expect(existsSync(path.join(box.dir, "api", "rampart.json"))).toBe(true);
  });
});
