/**
 * plan → in-memory FileTree, through node-plop: the generator lists actions, and our custom
 * `renderLayer` action renders into memory instead of onto disk.
 */
import nodePlop from "node-plop";
import { RENDER_LAYER, registerProjectGenerator } from "../../generators/project.js";
import { buildContext } from "./context.js";
import { renderLayer } from "./layer.js";
import type { Plan } from "./plan.js";
import { FileTree } from "./tree.js";

export async function renderPlan(plan: Plan): Promise<FileTree> {
  const tree = new FileTree();
  const plop = await nodePlop("", { destBasePath: process.cwd(), force: false });
  plop.setActionType(RENDER_LAYER, (data, config) => {
    const layer = String(config.layer);
    const count = renderLayer(layer, data, tree);
    return `${count} files from ${layer}`;
  });
  registerProjectGenerator(plop, plan);
  const { failures } = await plop.getGenerator("project").runActions(buildContext(plan.answers));
  if (failures.length > 0) {
    throw new Error(`rendering failed: ${failures.map((f) => f.error).join("; ")}`);
  }
  return tree;
}
