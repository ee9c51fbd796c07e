import type { Backend } from "../backend.js";
import type { Tensor } from "../tensor.js";

/**
 * The one backend all inputs of `op` live on; an error names the op when they differ.
 *
 * @example
 * const backend = backendOf("myLoss", pred, target); // throws "myLoss: inputs live on different backends (...)"
 */
export function backendOf(op: string, ...ts: Tensor[]): Backend {
  const b = ts[0].backend;
  for (const t of ts) {
    if (t.backend !== b) throw new Error(`${op}: inputs live on different backends (${b.name} and ${t.backend.name}); move them to one backend first: await tensor.to(backend) for a tensor, await model.to(backend) for a model`);
  }
  return b;
}
