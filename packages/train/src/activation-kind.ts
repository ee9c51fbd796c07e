import { ActivationLayer, type Layer } from "@chainrule/layers";

/** Activations whose units the gradient-flow monitor can call dead or saturated. */
export type ActivationKind = "relu" | "sigmoid" | "tanh";

/**
 * The activation a layer applies; null for other layers and for LeakyReLU, whose units never die.
 *
 * @example
 * activationKindOf(new ReLU()); // "relu"
 */
export function activationKindOf(layer: Layer): ActivationKind | null {
  if (!(layer instanceof ActivationLayer)) return null;
  const kind = layer.kind;
  return kind === "relu" || kind === "sigmoid" || kind === "tanh" ? kind : null;
}
