import type { Layer } from "@chainrule/layers";

/**
 * What train needs of a model: a layer (a Sequential is one). When it lists its `layers`, the
 * gradient-flow monitor can measure each of them.
 *
 * @example
 * const model: Model = new Sequential([new Dense({ units: 10 })], { inputShape: [784] });
 */
export type Model = Pick<Layer, "forward" | "backward" | "parameters"> & { readonly layers?: readonly Layer[] };

/**
 * The leaf layers of a model in forward order (nested Sequentials flattened), or null when it lists none.
 *
 * @example
 * leafLayers(new Sequential([new Dense({ units: 4 }), new ReLU()]))?.map((l) => l.name);
 */
export function leafLayers(model: Model): Layer[] | null {
  if (!model.layers) return null;
  return model.layers.flatMap((l) => leafLayers(l as Model) ?? [l]);
}
