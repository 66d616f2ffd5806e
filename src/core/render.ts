/**
 * plan → in-memory FileTree, through node-plop: the generator lists actions, and our custom
 * actions render into memory instead of onto disk.
 */
import nodePlop from "node-plop";
import { RENDER_LAYER, RENDER_RESOURCE, registerProjectGenerator } from "../../generators/project.js";
import { stackFor } from "../stacks/index.js";
import { buildContext } from "./context.js";
import { collectSlots, renderLayer } from "./layer.js";
import type { Plan } from "./plan.js";
import { FileTree } from "./tree.js";

export async function renderPlan(plan: Plan): Promise<FileTree> {
  const tree = new FileTree();
  const context = { ...buildContext(plan.answers, plan.endpoints), slots: collectSlots(plan.layers) };
  const plop = await nodePlop("", { destBasePath: process.cwd(), force: false });
  plop.setActionType(RENDER_LAYER, (data, config) => {
    const count = renderLayer(String(config.layer), data, tree);
    return `${count} files from ${String(config.layer)}`;
  });
  plop.setActionType(RENDER_RESOURCE, (data, config) => {
    const resource = context.resources.find((r) => r.name === config.resource);
    if (!resource) throw new Error(`unknown resource ${String(config.resource)}`);
    // The built-in resource's table comes with the initial migration, not one of its own.
    const skip = resource.ownMigration ? undefined : stackFor(plan.answers.framework).isWriteOnce;
    const count = renderLayer(String(config.layer), { ...data, ...resource }, tree, skip);
    return `${count} files for ${resource.name}`;
  });
  registerProjectGenerator(
    plop,
    plan,
    context.resources.map((r) => r.name),
  );
  const { failures } = await plop.getGenerator("project").runActions(context);
  if (failures.length > 0) {
    throw new Error(`rendering failed: ${failures.map((f) => f.error).join("; ")}`);
  }
  return tree;
}
