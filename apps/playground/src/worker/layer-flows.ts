import type { GradFlowSample } from "@chainrule/train";
import type { LayerFlow } from "../protocol.js";

/**
 * Folds a gradient-flow sample into one entry per layer with weights, each carrying the
 * activation that follows it (the monitor lists them as separate layers, in forward order).
 *
 * @example
 * layerFlows(sample); // [{ layer: "fc1", gradNorm: 0.8, ratio: 0.03, activation: "relu", inactive: 0.41 }, ...]
 */
export function layerFlows(sample: GradFlowSample): LayerFlow[] {
  const out: LayerFlow[] = [];
  for (const entry of sample.layers) {
    if (entry.kind === "weights") {
      out.push({ layer: entry.layer, gradNorm: entry.gradNorm, ratio: entry.ratio, activation: null, inactive: null });
      continue;
    }
    const last = out[out.length - 1];
    if (last && last.activation === null) {
      last.activation = entry.kind;
      last.inactive = entry.fraction;
    }
  }
  return out;
}
