/**
 * answers → plan → render into memory → format → secrets → manifest. `new` writes the
 * result; `add` and `regenerate` diff it against disk. Nothing here touches the target.
 */
import type { Answers } from "../options.js";
import { stackFor } from "../stacks/index.js";
import { formatTree } from "./format.js";
import { addManifest, type EndpointRecord } from "./manifest.js";
import { planProject } from "./plan.js";
import { renderPlan } from "./render.js";
import { addSecrets } from "./secrets.js";
import type { FileTree } from "./tree.js";

/** The project's template output, formatted, without secrets or manifest. */
export async function renderProject(answers: Answers, endpoints: EndpointRecord[] = []): Promise<FileTree> {
  const tree = await renderPlan(planProject(answers, endpoints));
  await formatTree(tree, stackFor(answers.framework).ruff);
  return tree;
}

/** Everything `new` writes: the render, fresh secrets and rampart.json. */
export async function buildNewProject(answers: Answers): Promise<FileTree> {
  const tree = await renderProject(answers);
  addManifest(tree, answers);
  addSecrets(tree, answers);
  return tree;
}
