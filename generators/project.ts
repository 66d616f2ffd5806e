/**
 * The `project` generator: one `renderLayer` action per layer of the plan, in overlay order,
 * then one `renderResource` action per resource and resource layer. Prompts are asked by the
 * CLI (src/cli/prompts.ts) so that every prompt has a flag; plop gets finished answers.
 */
import type { NodePlopAPI } from "node-plop";
import type { Plan } from "../src/core/plan.js";

export const RENDER_LAYER = "renderLayer";
export const RENDER_RESOURCE = "renderResource";

export function registerProjectGenerator(plop: NodePlopAPI, plan: Plan, resources: string[]): void {
  plop.setGenerator("project", {
    description: "a rampart API project and its resources",
    prompts: [],
    actions: [
      ...plan.layers.map((layer) => ({ type: RENDER_LAYER, layer })),
      ...resources.flatMap((resource) =>
        plan.resourceLayers.map((layer) => ({ type: RENDER_RESOURCE, layer, resource })),
      ),
    ],
  });
}
