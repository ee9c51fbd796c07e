// Test-only: drives an optimizer over given gradients, for comparison with hand computations (the
// PyTorch cases step theirs in fixtures/pytorch/optimizer-cases.ts).
import { Parameter, Rng, type Backend } from "@chainrule/tensor";
import type { Optimizer } from "../optimizer.js";

/**
 * Parameter values after each of `grads.length` steps from `init`. Read asynchronously, as every
 * backend can (a GPU has no synchronous read): each step's read is asked for right after the step,
 * so it holds that step's values, and all are awaited at the end.
 */
export async function runSteps(
  make: (params: Parameter[]) => Optimizer, init: readonly number[], grads: readonly (readonly number[])[], backend: Backend,
): Promise<Float64Array[]> {
  const p = Parameter.fromValues("p", [init.length], init, backend);
  const opt = make([p]);
  const reads = grads.map((g) => {
    backend.write(p.grad.dataId, g);
    opt.step();
    return p.value.data();
  });
  return (await Promise.all(reads)).map((values) => Float64Array.from(values));
}

/** `count` arrays of `size` normal draws from a fixed seed. */
export function randomArrays(seed: number, count: number, size: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: size }, () => rng.normal()));
}
