import type { ReduceOp } from "../backend.js";
import { normalizeAxes } from "../shape.js";
import { empty, type Tensor } from "../tensor.js";

/**
 * Reduction options: which axes (all by default) and whether to keep them as size 1.
 *
 * @example
 * sum(x, { axis: [0, 1], keepDims: true } satisfies ReduceOptions);
 */
export interface ReduceOptions {
  axis?: number | readonly number[];
  keepDims?: boolean;
}

function reduce(op: ReduceOp, x: Tensor, opts: ReduceOptions): Tensor {
  const axes = normalizeAxes(op, x.shape, opts.axis);
  const shape = opts.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
  const out = empty(shape, x.backend);
  x.backend.reduce(op, x.dataId, x.shape, axes, out.dataId);
  return out;
}

/** Sum over axes. @example sum(x, { axis: 0 }) */
export const sum = (x: Tensor, opts: ReduceOptions = {}): Tensor => reduce("sum", x, opts);
/** Mean over axes. @example mean(x) */
export const mean = (x: Tensor, opts: ReduceOptions = {}): Tensor => reduce("mean", x, opts);
/** Maximum over axes. @example max(x, { axis: -1 }) */
export const max = (x: Tensor, opts: ReduceOptions = {}): Tensor => reduce("max", x, opts);
/** Minimum over axes. @example min(x) */
export const min = (x: Tensor, opts: ReduceOptions = {}): Tensor => reduce("min", x, opts);

/**
 * Index of the largest value along `axis` (last by default), as numbers.
 *
 * @example
 * argmax(logits); // predicted class per row
 */
export function argmax(x: Tensor, axis = -1): Tensor {
  const [ax] = normalizeAxes("argmax", x.shape, axis);
  const out = empty(x.shape.filter((_, i) => i !== ax), x.backend);
  x.backend.argmax(x.dataId, x.shape, ax, out.dataId);
  return out;
}
