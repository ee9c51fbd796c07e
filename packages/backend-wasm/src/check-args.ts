// Sizes, offsets, indices and window geometry reach the kernels as loop bounds and byte addresses,
// where WebAssembly truncates 2.5 to 2 and NaN to 0, and a negative value addresses the tensor
// allocated before: the host checks each one first and names the kernel and the argument.
import type { Conv2dGeometry, Pool2dGeometry, Shape } from "@chainrule/tensor";

function isCount(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0;
}

/** Throws a RangeError unless every value of `args` is an integer ≥ 0 (an element count, a dimension, an index). */
export function checkCounts(op: string, args: object): void {
  // for…in rather than Object.entries: every kernel call passes here, and it should allocate nothing.
  for (const name in args) {
    const v = (args as Record<string, number>)[name];
    if (!isCount(v)) throw new RangeError(`wasm backend ${op}: ${name} must be an integer ≥ 0, got ${v}`);
  }
}

/** Throws a RangeError unless every dimension of `shape` is an integer ≥ 0. */
export function checkShape(op: string, name: string, shape: Shape): void {
  for (let i = 0; i < shape.length; i++) {
    if (!isCount(shape[i])) throw new RangeError(`wasm backend ${op}: ${name}[${i}] must be an integer ≥ 0, got ${shape[i]} (shape [${shape.join(", ")}])`);
  }
}

/** Throws a RangeError unless `axis` indexes a dimension of a shape of rank `rank`. */
export function checkAxis(op: string, axis: number, rank: number): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new RangeError(`wasm backend ${op}: axis ${axis} is outside a shape of rank ${rank}`);
}

/** Throws a RangeError unless every field of a conv or pooling geometry is an integer ≥ 0 and both strides are ≥ 1. */
export function checkWindow(op: string, g: Conv2dGeometry | Pool2dGeometry): void {
  checkCounts(op, g);
  if (g.strideH < 1) throw new RangeError(`wasm backend ${op}: strideH must be ≥ 1, got ${g.strideH}`);
  if (g.strideW < 1) throw new RangeError(`wasm backend ${op}: strideW must be ≥ 1, got ${g.strideW}`);
}
