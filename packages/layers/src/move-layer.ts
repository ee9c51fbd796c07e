import type { Backend, Tensor } from "@chainrule/tensor";
import type { Layer } from "./layer.js";

/**
 * Moves what a layer keeps to `backend` in place: each parameter's value and gradient, and its
 * buffers (running statistics), all read concurrently. The objects stay the same, so an optimizer
 * holding the parameters still holds them. This is what `Layer.to` does for a layer's state, and
 * what `Sequential.to` does for a layer without `to`; a layer that keeps more (caches, scratch)
 * frees or moves that itself.
 *
 * @example
 * class Scale implements Layer { ...; async to(b: Backend) { await moveLayerState(this, b); return this; } }
 */
export async function moveLayerState(layer: Layer, backend: Backend): Promise<void> {
  const tensors: Tensor[] = layer.parameters().flatMap((p) => [p.value, p.grad]);
  for (const b of layer.buffers?.() ?? []) tensors.push(b.tensor);
  await Promise.all(tensors.map((t) => t.moveTo(backend)));
}
