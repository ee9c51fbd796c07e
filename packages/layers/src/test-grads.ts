// Test helper (not exported by the package): runs one backward and reads what it left behind.
import type { Tensor } from "@chainrule/tensor";
import type { BackwardOptions, Layer } from "./layer.js";

/** Forward `x` (training), backward `dy` with `opts`, on a fresh layer from `make`; each parameter's grad as numbers, and what backward returned. */
export function backwardResult(make: () => Layer, x: Tensor, dy: Tensor, opts: BackwardOptions): { grads: number[][]; dx: Tensor | null } {
  const layer = make();
  layer.forward(x, true);
  const dx = layer.backward(dy, opts);
  return { grads: layer.parameters().map((p) => Array.from(p.grad.dataSync())), dx };
}
