/**
 * The `project` generator: one `renderLayer` action per layer of the plan, in overlay order.
 * Prompts are asked by the CLI (src/cli/prompts.ts) so that every prompt has a flag; plop
 * receives finished answers and runs the actions.
 */
import type { NodePlopAPI } from "node-plop";
import type { Plan } from "../src/core/plan.js";

export const RENDER_LAYER = "renderLayer";

export function registerProjectGenerator(plop: NodePlopAPI, plan: Plan): void {
  plop.setGenerator("project", {
    description: "a new rampart API project",
    prompts: [],
    actions: plan.layers.map((layer) => ({ type: RENDER_LAYER, layer })),
  });
}
