import type { ReduceOp } from "@chainrule/tensor";

/**
 * Reduces x of `shape` over `axes`: every input index goes to the output index made of its kept
 * axes; the output is the kept axes in order.
 */
export function reduceReference(op: ReduceOp, x: Float64Array, shape: readonly number[], axes: readonly number[]): Float64Array {
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outSize = kept.reduce((s, d) => s * shape[d], 1);
  const groups: number[][] = Array.from({ length: outSize }, () => []);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < x.length; flat++) {
    let rest = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    const o = kept.reduce((acc, d) => acc * shape[d] + index[d], 0);
    groups[o].push(x[flat]);
  }
  return Float64Array.from(groups, (g) => {
    const sum = g.reduce((s, v) => s + v, 0);
    if (op === "sum") return sum;
    if (op === "mean") return sum / g.length;
    return op === "max" ? Math.max(...g) : Math.min(...g);
  });
}

/**
 * Index of the first maximum along `axis` of x of `shape`: the first element of a line starts as
 * its maximum and a later one takes over only when strictly greater, so a tie keeps the earlier
 * index, a NaN never takes over, and a NaN first element stays.
 */
export function argmaxReference(x: Float64Array, shape: readonly number[], axis: number): Float64Array {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const line = Array.from({ length: shape[axis] }, (_, j) => x[(o * shape[axis] + j) * inner + i]);
      out[o * inner + i] = line.reduce((best, v, j) => (v > line[best] ? j : best), 0);
    }
  }
  return out;
}
